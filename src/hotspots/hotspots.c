/* hotspots.c — the rules of the hotspot registry and its rectification:
 * data scope, who may fire which transition, the dates a listing and a
 * check need, the monthly reports; each change in one transaction with its
 * event row and its audit row. */
#include "hotspots/hotspots.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "calendar/calendar.h"
#include "core/mem.h"
#include "hotspots/store.h"

static void today(const struct jw_hotspot_ctx *x, char out[11]) {
  jw_local_date((long long)time(NULL), x->tz_offset_min, out);
}

static enum jw_code audit(const struct jw_hotspot_ctx *x, struct jw_conn *c, const char *action, int64_t id,
                          struct jw_error *err, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static enum jw_code audit(const struct jw_hotspot_ctx *x, struct jw_conn *c, const char *action, int64_t id,
                          struct jw_error *err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *detail = jw_arena_vprintf(x->arena, fmt, ap);
  va_end(ap);
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {
      .actor_id = x->user->id,
      .actor_login = x->user->login,
      .action = action,
      .object_type = "hotspot",
      .object_id = oid,
      .detail = detail,
      .ip = x->ip,
  };
  return jw_audit_write(c, &e, err);
}

/* ---- the public side ---- */

enum jw_code jw_hotspots_public(struct jw_conn *c, struct jw_arena *a, int delisted, const char *campaign,
                                int64_t offset, int limit, struct jw_hotspot **out, size_t *n, struct jw_error *err) {
  return jw_hot_store_public(c, a, delisted, campaign, offset, limit, out, n, err);
}

enum jw_code jw_hotspot_public_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_hotspot *h,
                                   struct jw_hotspot_report **reports, size_t *nreports, struct jw_error *err) {
  int found = jw_hot_store_get(c, a, id, h, err);
  if (found < 0) return err->code;
  if (!found || h->status == HOT_IDENTIFIED) return jw_fail(err, JW_E_NOT_FOUND, "There is no such hotspot.");
  return jw_hot_store_reports(c, a, id, reports, nreports, err);
}

/* ---- staff: scope, lists, detail ---- */

enum jw_code jw_hotspots_search(const struct jw_hotspot_ctx *x, const struct jw_hotspot_filter *f, int64_t offset,
                                int limit, struct jw_hotspot **out, size_t *n, struct jw_error *err) {
  const char *lo = x->user->whole_bureau || !x->user->unit_path ? "/" : x->user->unit_path;
  if (!x->user->whole_bureau && !x->user->unit_path) return jw_fail(err, JW_E_FORBIDDEN, "Staff only.");
  struct jw_hotspot_filter g = *f;
  g.q = f->q && *f->q ? jw_db_like(x->arena, f->q) : NULL;
  return jw_hot_store_search(x->db, x->arena, lo, jw_db_prefix_end(x->arena, lo), &g, offset, limit, out, n, err);
}

enum jw_code jw_hotspot_load(const struct jw_hotspot_ctx *x, int64_t id, struct jw_hotspot *h, struct jw_error *err) {
  int found = id > 0 ? jw_hot_store_get(x->db, x->arena, id, h, err) : 0;
  if (found < 0) return err->code;
  if (!found || !jw_scope_contains(x->user, h->unit_path))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no such hotspot that you may see.");
  return JW_OK;
}

/* The rank of x->user's unit (1 station … 3 bureau), 0 when it has none, -1 on error. */
static int actor_rank(const struct jw_hotspot_ctx *x, struct jw_error *err) {
  if (!x->user->unit_id) return 0;
  const char *kind = NULL;
  int found = jw_hot_store_unit(x->db, x->arena, x->user->unit_id, NULL, &kind, err);
  if (found < 0) return -1;
  return found ? jw_hotspot_unit_rank(kind) : 0;
}

/* 1 when x->user may fire t on h: role, scope and, where the transition
 * asks for it, the level (rank: the actor's unit rank). */
static int may_fire(const struct jw_hotspot_ctx *x, const struct jw_hotspot_transition *t, const struct jw_hotspot *h,
                    int rank) {
  if (!(t->roles & JW_BIT(x->user->role)) || !jw_scope_contains(x->user, h->unit_path)) return 0;
  return !t->at_level || rank >= jw_hotspot_level_rank(h->listed_level);
}

enum jw_code jw_hotspot_detail(const struct jw_hotspot_ctx *x, const struct jw_hotspot *h, struct jw_hotspot_detail *d,
                               struct jw_error *err) {
  memset(d, 0, sizeof *d);
  if (jw_hot_store_events(x->db, x->arena, h->id, &d->events, &d->nevents, err) != JW_OK) return err->code;
  if (jw_hot_store_reports(x->db, x->arena, h->id, &d->reports, &d->nreports, err) != JW_OK) return err->code;
  if (jw_hot_store_checks(x->db, x->arena, h->id, &d->checks, &d->nchecks, err) != JW_OK) return err->code;
  int rank = actor_rank(x, err), n = 0;
  if (rank < 0) return err->code;
  for (int i = 0; jw_hotspot_events[i]; i++) {
    const struct jw_hotspot_transition *t = jw_hotspot_transition(jw_hotspot_events[i], h->status, NULL);
    if (t && may_fire(x, t, h, rank) && n < 7) d->actions[n++] = t->event;
  }
  d->actions[n] = NULL;
  return JW_OK;
}

/* ---- staff: registering and editing ---- */

struct create_tx {
  const struct jw_hotspot_ctx *x;
  struct jw_hotspot_in in;
  const char *path;
  int64_t id;
};

static enum jw_code create_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct create_tx *t = arg;
  long long now = (long long)time(NULL);
  if (jw_hot_store_insert(c, &t->in, t->path, now, &t->id, err) != JW_OK) return err->code;
  if (jw_hot_store_event_add(c, t->id, now, "create", NULL, "identified", t->x->user->id, "", err) != JW_OK)
    return err->code;
  return audit(t->x, c, "hotspot.create", t->id, err, "%.80s (%s, %s level)", t->in.name, t->in.kind,
               t->in.listed_level);
}

enum jw_code jw_hotspot_create(const struct jw_hotspot_ctx *x, const struct jw_hotspot_in *in, int64_t *id,
                               struct jw_error *err) {
  struct create_tx t = {x, *in, NULL, 0};
  if (!t.in.unit_id) t.in.unit_id = x->user->unit_id;
  int found = t.in.unit_id > 0 ? jw_hot_store_unit(x->db, x->arena, t.in.unit_id, &t.path, NULL, err) : 0;
  if (found < 0) return err->code;
  if (!found || !jw_scope_contains(x->user, t.path)) {
    jw_field_fail(err, "unit_id", "is not a unit in your area");
    return err->code;
  }
  if (jw_tx(x->db, create_tx, &t, err) != JW_OK) return err->code;
  *id = t.id;
  return JW_OK;
}

struct update_tx {
  const struct jw_hotspot_ctx *x;
  int64_t id;
  const struct jw_hotspot_in *in;
};

static enum jw_code update_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct update_tx *t = arg;
  struct jw_hotspot h;
  struct jw_hotspot_ctx x = *t->x;
  x.db = c;
  if (jw_hotspot_load(&x, t->id, &h, err) != JW_OK) return err->code;
  if (h.status == HOT_DELISTED)
    return jw_fail(err, JW_E_CONFLICT, "A delisted hotspot is closed and cannot be changed.");
  if (h.status != HOT_IDENTIFIED && strcmp(h.listed_level, t->in->listed_level) != 0)
    return jw_fail(err, JW_E_CONFLICT, "The listing level of a listed hotspot cannot be changed.");
  if (strcmp(h.listed_level, t->in->listed_level) != 0) {
    int rank = actor_rank(&x, err);
    if (rank < 0) return err->code;
    if (!jw_hotspot_level_change_ok(rank, h.listed_level, t->in->listed_level))
      return jw_fail(err, JW_E_FORBIDDEN,
                     "Only a unit at the %s level or above may change this hotspot's listing level from %s to %s.",
                     h.listed_level, h.listed_level, t->in->listed_level);
  }
  int n = jw_hot_store_update(c, t->id, t->in, (long long)time(NULL), err);
  if (n < 0) return err->code;
  if (n == 0) return jw_fail(err, JW_E_CONFLICT, "The hotspot was changed by someone else; reload it.");
  return audit(t->x, c, "hotspot.update", t->id, err, "%.80s", t->in->name);
}

enum jw_code jw_hotspot_update(const struct jw_hotspot_ctx *x, int64_t id, const struct jw_hotspot_in *in,
                               struct jw_error *err) {
  struct update_tx t = {x, id, in};
  return jw_tx(x->db, update_tx, &t, err);
}

/* ---- staff: the workflow ---- */

struct fire_tx {
  const struct jw_hotspot_ctx *x;
  const struct jw_hotspot *h;
  const struct jw_hotspot_transition *t;
  const struct jw_hotspot_move *m;
  const char *listed_on, *checked_on;
};

static enum jw_code fire_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct fire_tx *f = arg;
  const struct jw_hotspot_transition *t = f->t;
  const char *from = jw_hotspot_status_names[t->from], *to = jw_hotspot_status_names[t->to];
  long long now = (long long)time(NULL);
  int n = jw_hot_store_move(c, f->h->id, from, to, t->sets_listing ? f->listed_on : NULL,
                            t->sets_listing ? f->m->deadline : NULL, t->sets_listing ? f->m->campaign : NULL,
                            t->to == HOT_DELISTED ? f->checked_on : NULL, now, err);
  if (n < 0) return err->code;
  if (n == 0) return jw_fail(err, JW_E_CONFLICT, "The hotspot was moved by someone else first; reload it.");
  const char *note = t->is_check ? f->m->findings : f->m->note;
  if (jw_hot_store_event_add(c, f->h->id, now, t->event, from, to, f->x->user->id, note, err) != JW_OK)
    return err->code;
  if (t->is_check && jw_hot_store_check_add(c, f->h->id, f->checked_on, f->x->user->id, t->to == HOT_DELISTED,
                                            f->m->findings, now, err) != JW_OK)
    return err->code;
  return audit(f->x, c, jw_arena_printf(f->x->arena, "hotspot.%s", t->event), f->h->id, err, "%.80s %s -> %s",
               f->h->name, from, to);
}

/* The dates a listing or a check needs, checked against today and the
 * hotspot; field errors in err. */
static void move_dates(const struct jw_hotspot_ctx *x, const struct jw_hotspot *h, struct fire_tx *f,
                       struct jw_error *err) {
  char now[11];
  today(x, now);
  struct jw_date d;
  const struct jw_hotspot_move *m = f->m;
  if (f->t->sets_listing) {
    f->listed_on = m->listed_on ? m->listed_on : jw_arena_strdup(x->arena, now);
    if (jw_date_parse(f->listed_on, &d) != 0 || strcmp(f->listed_on, now) > 0)
      jw_field_fail(err, "listed_on", "must be a date like 2026-11-30, not in the future");
    struct jw_date dl;
    if (!m->deadline)
      jw_field_fail(err, "deadline", "is required to list a hotspot");
    else if (jw_date_parse(m->deadline, &dl) != 0 || strcmp(m->deadline, f->listed_on) <= 0)
      jw_field_fail(err, "deadline", "must be a date after the listing");
    else if (jw_date_serial(dl) - jw_date_serial(d) > 3 * 366)
      jw_field_fail(err, "deadline", "must be within three years of the listing");
  }
  if (f->t->is_check) {
    if (!m->findings) jw_field_fail(err, "findings", "is required for an acceptance check");
    f->checked_on = m->checked_on ? m->checked_on : jw_arena_strdup(x->arena, now);
    if (jw_date_parse(f->checked_on, &d) != 0 || strcmp(f->checked_on, now) > 0 ||
        strcmp(f->checked_on, h->listed_on) < 0)
      jw_field_fail(err, "checked_on", "must be a date between the listing and today");
  }
}

enum jw_code jw_hotspot_fire(const struct jw_hotspot_ctx *x, int64_t id, const struct jw_hotspot_move *m,
                             struct jw_error *err) {
  int known;
  jw_hotspot_transition(m->event, HOT_IDENTIFIED, &known);
  if (!known) {
    jw_field_fail(err, "event", "is not an event of the rectification workflow");
    return err->code;
  }
  struct jw_hotspot h;
  if (jw_hotspot_load(x, id, &h, err) != JW_OK) return err->code;
  const struct jw_hotspot_transition *t = jw_hotspot_transition(m->event, h.status, NULL);
  if (!t)
    return jw_fail(err, JW_E_CONFLICT, "A hotspot that is %s (%s) cannot take the event \"%.20s\".",
                   jw_hotspot_status_labels[h.status], jw_hotspot_status_names[h.status], m->event);
  int rank = actor_rank(x, err);
  if (rank < 0) return err->code;
  if (!may_fire(x, t, &h, rank))
    return jw_fail(err, JW_E_FORBIDDEN, "You may not take the event \"%s\" on this hotspot (%s level).", t->event,
                   h.listed_level);
  struct fire_tx f = {x, &h, t, m, NULL, NULL};
  move_dates(x, &h, &f, err);
  if (!t->sets_listing && (m->deadline || m->listed_on || m->campaign))
    jw_field_fail(err, "deadline", "only the listing sets the deadline, the listing date and the campaign");
  if (!t->is_check && (m->findings || m->checked_on))
    jw_field_fail(err, "findings", "only an acceptance check (pass, fail) has findings");
  if (err->nfields) return JW_E_VALIDATION;
  return jw_tx(x->db, fire_tx, &f, err);
}

/* ---- staff: monthly reports ---- */

struct report_tx {
  const struct jw_hotspot_ctx *x;
  const struct jw_hotspot *h;
  const struct jw_hotspot_report *r;
  int64_t rid;
};

static enum jw_code report_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct report_tx *t = arg;
  int had = jw_hot_store_report_exists(c, t->h->id, t->r->month, err);
  if (had < 0) return err->code;
  if (had)
    return jw_fail(err, JW_E_CONFLICT, "%s already has its report for %s; a filed report is a record.", t->h->name,
                   t->r->month);
  if (jw_hot_store_report_add(c, t->h->id, t->r, t->x->user->id, (long long)time(NULL), &t->rid, err) != JW_OK)
    return err->code;
  return audit(t->x, c, "hotspot.report", t->h->id, err, "%.80s %s: cases %lld, arrests %lld, seizures %lld",
               t->h->name, t->r->month, (long long)t->r->cases, (long long)t->r->arrests, (long long)t->r->seizures);
}

enum jw_code jw_hotspot_report_add(const struct jw_hotspot_ctx *x, int64_t id, const struct jw_hotspot_report *r,
                                   int64_t *rid, struct jw_error *err) {
  struct jw_hotspot h;
  if (jw_hotspot_load(x, id, &h, err) != JW_OK) return err->code;
  char now[11], day[11];
  today(x, now);
  snprintf(day, sizeof day, "%.7s-01", r->month);
  struct jw_date d;
  if (strlen(r->month) != 7 || jw_date_parse(day, &d) != 0 || strncmp(r->month, now, 7) > 0 ||
      strncmp(r->month, h.listed_on, 7) < 0) {
    jw_field_fail(err, "month", "must be a month like 2026-11, from the listing to this month");
    return err->code;
  }
  if (h.status != HOT_RECTIFYING)
    return jw_fail(err, JW_E_CONFLICT, "Progress is reported while a hotspot is being rectified; this one is %s.",
                   jw_hotspot_status_labels[h.status]);
  struct report_tx t = {x, &h, r, 0};
  if (jw_tx(x->db, report_tx, &t, err) != JW_OK) return err->code;
  *rid = t.rid;
  return JW_OK;
}

/* ---- the hook for other domains ---- */

int jw_hotspot_linkable(struct jw_conn *c, const struct jw_user *u, int64_t id, struct jw_error *err) {
  struct jw_arena a = {0};
  struct jw_hotspot h;
  int found = id > 0 ? jw_hot_store_get(c, &a, id, &h, err) : 0;
  int ok = found > 0 && jw_scope_contains(u, h.unit_path);
  jw_arena_free(&a);
  return found < 0 ? -1 : ok;
}
