/* prevention.c — the rules of the prevention bus: request and event checks,
 * the two transition tables, scope, and each change in one transaction with
 * its audit row (the SQL is in store.c). */
#include "prevention/prevention.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "calendar/calendar.h"
#include "core/mem.h"
#include "core/validate.h"
#include "prevention/store.h"

const char *const jw_prev_org_kinds[] = {"village", "company", "school", "community", "other", NULL};
const char *const jw_prev_request_statuses[] = {"pending", "approved", "declined", NULL};
const char *const jw_prev_event_statuses[] = {"scheduled", "held", "cancelled", NULL};

#define R(role)   JW_BIT(JW_ROLE_##role)
#define POLICE    (R(OFFICER) | R(STATION_CHIEF) | R(UNIT_ADMIN))
#define COMMUNITY (POLICE | R(AUXILIARY))

/* {event, from, to, who may fire it} of a request and of an event. */
struct transition {
  const char *event, *from, *to;
  unsigned roles;
};
static const struct transition request_moves[] = {
    {"approve", "pending", "approved", POLICE},
    {"decline", "pending", "declined", POLICE},
};
static const struct transition event_moves[] = {
    {"held", "scheduled", "held", COMMUNITY},
    {"cancel", "scheduled", "cancelled", POLICE},
};

static const struct transition *find(const struct transition *t, size_t n, const char *event) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(t[i].event, event) == 0) return &t[i];
  return NULL;
}

int jw_prev_month_ok(const char *s) {
  char day[11];
  struct jw_date d;
  if (!s || strlen(s) != 7) return 0;
  snprintf(day, sizeof day, "%s-01", s);
  return jw_date_parse(day, &d) == 0;
}

static void today(const struct jw_prev_actor *who, char out[11]) { jw_local_date(who->now, who->tz_offset_min, out); }

static enum jw_code audit(struct jw_conn *c, const struct jw_prev_actor *who, const char *action, const char *type,
                          int64_t id, const char *detail, struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {
      .actor_id = who->user ? who->user->id : 0,
      .actor_login = who->user ? who->user->login : "public",
      .action = action,
      .object_type = type,
      .object_id = oid,
      .detail = detail,
      .ip = who->ip,
  };
  return jw_audit_write(c, &e, err);
}

/* ---- requests ---- */

static int unit_takes_visits(const char *kind) {
  return strcmp(kind, "station") == 0 || strcmp(kind, "community_station") == 0 || strcmp(kind, "village_office") == 0;
}

struct submit_tx {
  const struct jw_prev_actor *who;
  const struct jw_prev_new_request *in;
  const char *path;
  int64_t *id;
};

static enum jw_code submit_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct submit_tx *t = arg;
  if (jw_prev_store_req_insert(c, t->in, t->path, t->who->ip, t->who->now, t->id, err) != JW_OK) return err->code;
  return audit(c, t->who, "prevention.request", "prevention_request", *t->id,
               jw_arena_printf(t->who->a, "%s asks for a visit", t->in->org_name), err);
}

enum jw_code jw_prev_request_submit(struct jw_conn *c, const struct jw_prev_actor *who,
                                    const struct jw_prev_new_request *in, int64_t *id, struct jw_error *err) {
  const char *why, *path = NULL, *kind = NULL;
  int found = jw_prev_store_unit(c, who->a, in->unit_id, &path, &kind, err);
  if (found < 0) return err->code;
  if (!found || !unit_takes_visits(kind)) jw_field_fail(err, "unit_id", "must be a police station");
  if ((why = jw_check_phone(in->phone))) jw_field_fail(err, "phone", "%s", why);
  char now[11];
  today(who, now);
  struct jw_date from, to, t;
  jw_date_parse(now, &t);
  int from_ok = jw_date_parse(in->date_from, &from) == 0, to_ok = jw_date_parse(in->date_to, &to) == 0;
  if (!from_ok)
    jw_field_fail(err, "date_from", "must be a date like 2026-11-30");
  else if (jw_date_serial(from) < jw_date_serial(t) || jw_date_serial(from) > jw_date_serial(t) + 366)
    jw_field_fail(err, "date_from", "must be from today to a year ahead");
  if (!to_ok)
    jw_field_fail(err, "date_to", "must be a date like 2026-11-30");
  else if (from_ok && (jw_date_serial(to) < jw_date_serial(from) || jw_date_serial(to) > jw_date_serial(from) + 90))
    jw_field_fail(err, "date_to", "must be from date_from to 90 days after it");
  if (err->nfields) return JW_E_VALIDATION;
  struct submit_tx x = {who, in, path, id};
  return jw_tx(c, submit_tx, &x, err);
}

enum jw_code jw_prev_request_get(struct jw_conn *c, const struct jw_prev_actor *who, int64_t id,
                                 struct jw_prev_request *out, struct jw_error *err) {
  int found = jw_prev_store_req_get(c, who->a, id, out, err);
  if (found < 0) return err->code;
  if (!found || !jw_scope_contains(who->user, out->unit_path))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no visit request %lld.", (long long)id);
  return JW_OK;
}

/* who's scope as [lo, hi). */
static void scope(const struct jw_prev_actor *who, const char **lo, const char **hi) {
  const struct jw_user *u = who->user;
  *lo = !u || u->whole_bureau || !u->unit_path ? "/" : u->unit_path;
  *hi = jw_db_prefix_end(who->a, *lo);
}

enum jw_code jw_prev_request_list(struct jw_conn *c, const struct jw_prev_actor *who, const char *status, int64_t limit,
                                  int64_t cursor, struct jw_prev_request **out, size_t *n, struct jw_error *err) {
  const char *lo, *hi;
  scope(who, &lo, &hi);
  return jw_prev_store_req_list(c, who->a, lo, hi, status, limit + 1, cursor, out, n, err);
}

/* Checks an event's day (not before today) and times (HH:MM, ends after starts). */
static void check_event(const struct jw_prev_actor *who, const struct jw_prev_new_event *ev, struct jw_error *err) {
  struct jw_date d, t;
  char now[11];
  today(who, now);
  jw_date_parse(now, &t);
  if (jw_date_parse(ev->day, &d) != 0)
    jw_field_fail(err, "day", "must be a date like 2026-11-30");
  else if (jw_date_serial(d) < jw_date_serial(t))
    jw_field_fail(err, "day", "must not be in the past");
  const char *times[2] = {ev->starts, ev->ends}, *names[2] = {"starts", "ends"};
  for (int i = 0; i < 2; i++) {
    const char *s = times[i];
    if (!s || strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' || s[3] < '0' ||
        s[3] > '5' || s[4] < '0' || s[4] > '9' || (s[0] == '2' && s[1] > '3'))
      jw_field_fail(err, names[i], "must be a time like 09:30");
  }
  if (!err->nfields && strcmp(ev->ends, ev->starts) <= 0) jw_field_fail(err, "ends", "must be after starts");
}

struct decide_tx {
  const struct jw_prev_actor *who;
  int64_t id;
  const struct transition *t;
  const struct jw_prev_new_event *ev; /* approve */
  const char *reason;                 /* decline */
  int64_t *event_id;
};

static enum jw_code decide_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct decide_tx *x = arg;
  struct jw_prev_request q;
  if (jw_prev_request_get(c, x->who, x->id, &q, err) != JW_OK) return err->code;
  if (!(x->t->roles & JW_BIT(x->who->user->role)))
    return jw_fail(err, JW_E_FORBIDDEN, "Your role (%s) may not do this.", jw_role_name(x->who->user->role));
  int moved = jw_prev_store_req_move(c, x->id, x->t->from, x->t->to, x->reason, x->who->user->id, x->who->now, err);
  if (moved < 0) return err->code;
  if (!moved) return jw_fail(err, JW_E_CONFLICT, "This request has been decided already.");
  const char *detail = x->reason;
  if (x->ev) {
    struct jw_prev_new_event ev = *x->ev;
    ev.org_kind = q.org_kind;
    ev.org_name = q.org_name;
    if (!ev.topic || !*ev.topic) ev.topic = q.topic;
    if (jw_prev_store_ev_insert(c, q.unit_id, q.unit_path, q.id, &ev, x->who->user->id, x->who->now, x->event_id,
                                err) != JW_OK)
      return err->code;
    detail = jw_arena_printf(x->who->a, "event %lld on %s", (long long)*x->event_id, ev.day);
  }
  return audit(c, x->who, jw_arena_printf(x->who->a, "prevention.%s", x->t->event), "prevention_request", x->id, detail,
               err);
}

enum jw_code jw_prev_request_approve(struct jw_conn *c, const struct jw_prev_actor *who, int64_t id,
                                     const struct jw_prev_new_event *ev, int64_t *event_id, struct jw_error *err) {
  check_event(who, ev, err);
  if (err->nfields) return JW_E_VALIDATION;
  struct decide_tx x = {who, id, find(request_moves, 2, "approve"), ev, NULL, event_id};
  return jw_tx(c, decide_tx, &x, err);
}

enum jw_code jw_prev_request_decline(struct jw_conn *c, const struct jw_prev_actor *who, int64_t id, const char *reason,
                                     struct jw_error *err) {
  int64_t none = 0;
  struct decide_tx x = {who, id, find(request_moves, 2, "decline"), NULL, reason, &none};
  return jw_tx(c, decide_tx, &x, err);
}

/* ---- events ---- */

struct create_tx {
  const struct jw_prev_actor *who;
  const struct jw_prev_new_event *ev;
  int64_t *id;
};

static enum jw_code create_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct create_tx *x = arg;
  const struct jw_user *u = x->who->user;
  int64_t unit = x->ev->unit_id ? x->ev->unit_id : u->unit_id;
  const char *path = NULL;
  int found = jw_prev_store_unit(c, x->who->a, unit, &path, NULL, err);
  if (found < 0) return err->code;
  if (!found || !jw_scope_contains(u, path))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %lld in your scope.", (long long)unit);
  if (jw_prev_store_ev_insert(c, unit, path, 0, x->ev, u->id, x->who->now, x->id, err) != JW_OK) return err->code;
  return audit(c, x->who, "prevention.schedule", "prevention_event", *x->id,
               jw_arena_printf(x->who->a, "%s at %s", x->ev->day, x->ev->org_name), err);
}

enum jw_code jw_prev_event_create(struct jw_conn *c, const struct jw_prev_actor *who,
                                  const struct jw_prev_new_event *ev, int64_t *id, struct jw_error *err) {
  check_event(who, ev, err);
  if (err->nfields) return JW_E_VALIDATION;
  struct create_tx x = {who, ev, id};
  return jw_tx(c, create_tx, &x, err);
}

enum jw_code jw_prev_event_get(struct jw_conn *c, const struct jw_prev_actor *who, int64_t id,
                               struct jw_prev_event *out, struct jw_error *err) {
  int found = jw_prev_store_ev_get(c, who->a, id, out, err);
  if (found < 0) return err->code;
  if (!found || (who->user && !jw_scope_contains(who->user, out->unit_path)))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no bus event %lld.", (long long)id);
  return JW_OK;
}

enum jw_code jw_prev_event_month(struct jw_conn *c, const struct jw_prev_actor *who, const char *month,
                                 const char *status, struct jw_prev_event **out, size_t *n, struct jw_error *err) {
  struct jw_date d;
  char lo_day[11], hi_day[11];
  snprintf(lo_day, sizeof lo_day, "%.7s-01", month);
  if (jw_date_parse(lo_day, &d) != 0) return jw_fail(err, JW_E_VALIDATION, "%s is not a month.", month);
  d.m = d.m == 12 ? 1 : d.m + 1;
  d.y += d.m == 1;
  jw_date_format(d, hi_day);
  const char *lo, *hi;
  scope(who, &lo, &hi);
  return jw_prev_store_ev_range(c, who->a, lo, hi, lo_day, hi_day, status, who->user == NULL, out, n, err);
}

struct event_tx {
  const struct jw_prev_actor *who;
  int64_t id, visitors;
  const struct transition *t;
  const char *reason;
};

static enum jw_code event_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct event_tx *x = arg;
  struct jw_prev_event e;
  if (jw_prev_event_get(c, x->who, x->id, &e, err) != JW_OK) return err->code;
  if (!(x->t->roles & JW_BIT(x->who->user->role)))
    return jw_fail(err, JW_E_FORBIDDEN, "Your role (%s) may not do this.", jw_role_name(x->who->user->role));
  if (x->visitors >= 0) {
    char now[11];
    today(x->who, now);
    if (strcmp(e.day, now) > 0 && strcmp(e.status, "scheduled") == 0)
      return jw_fail(err, JW_E_CONFLICT, "The event is on %s: record its visitors once it has been held.", e.day);
  }
  int moved = jw_prev_store_ev_move(c, x->id, x->t->from, x->t->to, x->visitors, x->reason, x->who->now, err);
  if (moved < 0) return err->code;
  if (!moved) return jw_fail(err, JW_E_CONFLICT, "This event is no longer scheduled: it was held or cancelled.");
  const char *detail =
      x->visitors >= 0 ? jw_arena_printf(x->who->a, "%lld visitors", (long long)x->visitors) : x->reason;
  return audit(c, x->who, jw_arena_printf(x->who->a, "prevention.%s", x->t->event), "prevention_event", x->id, detail,
               err);
}

enum jw_code jw_prev_event_held(struct jw_conn *c, const struct jw_prev_actor *who, int64_t id, int64_t visitors,
                                struct jw_error *err) {
  struct event_tx x = {who, id, visitors, find(event_moves, 2, "held"), NULL};
  return jw_tx(c, event_tx, &x, err);
}

enum jw_code jw_prev_event_cancel(struct jw_conn *c, const struct jw_prev_actor *who, int64_t id, const char *reason,
                                  struct jw_error *err) {
  struct event_tx x = {who, id, -1, find(event_moves, 2, "cancel"), reason};
  return jw_tx(c, event_tx, &x, err);
}

/* ---- totals ---- */

struct totals {
  struct jw_prev_month *m;
  size_t n;
};

static void total_cb(void *arg, const char *month, int64_t held, int64_t visitors, int64_t scheduled) {
  struct totals *t = arg;
  for (size_t i = 0; i < t->n; i++)
    if (strcmp(t->m[i].month, month) == 0) {
      t->m[i].held = held;
      t->m[i].visitors = visitors;
      t->m[i].scheduled = scheduled;
    }
}

enum jw_code jw_prev_totals(struct jw_conn *c, struct jw_arena *a, const char *from, const char *to,
                            struct jw_prev_month **out, size_t *n, struct jw_error *err) {
  int fy, fm, ty, tm;
  if (!jw_prev_month_ok(from) || !jw_prev_month_ok(to) || sscanf(from, "%4d-%2d", &fy, &fm) != 2 ||
      sscanf(to, "%4d-%2d", &ty, &tm) != 2)
    return jw_fail(err, JW_E_VALIDATION, "Give the months as YYYY-MM.");
  int count = (ty * 12 + tm) - (fy * 12 + fm) + 1;
  if (count < 1 || count > 36) {
    jw_field_fail(err, "to", "must be from 0 to 35 months after from");
    return JW_E_VALIDATION;
  }
  struct totals t = {jw_arena_zalloc(a, (size_t)count * sizeof *t.m), (size_t)count};
  for (int i = 0; i < count; i++) {
    unsigned k = (unsigned)(fy * 12 + (fm - 1) + i);
    snprintf(t.m[i].month, sizeof t.m[i].month, "%04u-%02u", (k / 12) % 10000u, k % 12 + 1);
  }
  char lo[11], hi[11];
  snprintf(lo, sizeof lo, "%s-01", t.m[0].month);
  snprintf(hi, sizeof hi, "%s-32", t.m[count - 1].month); /* after every day of the last month */
  if (jw_prev_store_totals(c, lo, hi, total_cb, &t, err) != JW_OK) return err->code;
  *out = t.m;
  *n = t.n;
  return JW_OK;
}
