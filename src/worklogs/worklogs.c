/* worklogs.c — the work logs' operations: resolve the author's officer
 * record, check what a log refers to against what the author may work,
 * write each change with its audit row in one transaction, and build the
 * month view and the workload table. */
#include "worklogs/worklogs.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "calendar/calendar.h"
#include "core/mem.h"
#include "worklogs/store.h"

#define DAY 86400LL

static int is_chief(const struct jw_user *u) {
  return u->role == JW_ROLE_STATION_CHIEF || u->role == JW_ROLE_UNIT_ADMIN;
}

/* who's officer record into *me (zeroed when none): 1, 0, or -1 on error. */
static int find_me(struct jw_conn *c, const struct jw_user *u, struct jw_arena *a, struct jw_worklog_me *me,
                   struct jw_error *err) {
  memset(me, 0, sizeof *me);
  return jw_wl_store_me(c, u->id, a, me, err);
}

enum jw_code jw_worklogs_me(struct jw_conn *c, const struct jw_user *u, struct jw_arena *a, struct jw_worklog_me *me,
                            struct jw_error *err) {
  int found = find_me(c, u, a, me, err);
  if (found < 0) return err->code;
  if (!found)
    return jw_fail(err, JW_E_FORBIDDEN,
                   "Your account is not linked to an officer record, so it keeps no work logs; ask your unit "
                   "administrator to link it.");
  return JW_OK;
}

static enum jw_code audit(struct jw_conn *c, const struct jw_worklog_actor *who, const char *action, int64_t id,
                          const char *detail, struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {
      .actor_id = who->user ? who->user->id : 0,
      .actor_login = who->user ? who->user->login : "",
      .action = action,
      .object_type = "worklog",
      .object_id = oid,
      .detail = detail,
      .ip = who->ip,
  };
  return jw_audit_write(c, &e, err);
}

/*
 * Checks the grid, resident and house w names against what who (officer
 * record me) may work, and sets w->grid_id from the resident or house.
 * 404 for one outside (as for one that does not exist), 422 for a grid_id
 * that is not the resident's or house's.
 */
static enum jw_code check_links(struct jw_conn *c, const struct jw_user *u, const struct jw_worklog_me *me,
                                struct jw_worklog *w, struct jw_arena *a, struct jw_error *err) {
  const char *lo = u->unit_path ? u->unit_path : "/";
  const char *hi = jw_db_prefix_end(a, lo);
  int64_t worker = is_chief(u) ? 0 : me->officer_id;
  int64_t linked = 0;
  for (int house = 0; house < 2; house++) {
    int64_t id = house ? w->house_id : w->resident_id;
    if (!id) continue;
    int64_t grid = 0;
    int ok = jw_wl_store_target_ok(c, house, id, lo, hi, worker, &grid, err);
    if (ok < 0) return err->code;
    if (!ok)
      return jw_fail(err, JW_E_NOT_FOUND, house ? "There is no rental house %lld." : "There is no resident %lld.",
                     (long long)id);
    if (linked && grid != linked) {
      jw_field_fail(err, "house_id", "is not in the resident's grid");
      return JW_E_VALIDATION;
    }
    linked = grid;
  }
  if (w->grid_id) {
    int ok = jw_wl_store_grid_ok(c, w->grid_id, lo, hi, worker, err);
    if (ok < 0) return err->code;
    if (!ok) return jw_fail(err, JW_E_NOT_FOUND, "There is no grid %lld.", (long long)w->grid_id);
    if (linked && linked != w->grid_id) {
      jw_field_fail(err, "grid_id", "is not the grid of the resident or house visited");
      return JW_E_VALIDATION;
    }
  }
  if (linked) w->grid_id = linked;
  return JW_OK;
}

struct write_tx {
  const struct jw_worklog_actor *who;
  struct jw_worklog *w;
  int64_t id, now;
  struct jw_arena *a;
  int del;
};

static enum jw_code create_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct write_tx *t = arg;
  enum jw_code rc = jw_wl_store_insert(c, t->w, t->who->user->id, t->now, err);
  if (rc == JW_OK && t->w->kind == JW_WL_MEDIATION) rc = jw_wl_store_parties_put(c, t->w->id, t->w, t->a, err);
  if (rc != JW_OK) return rc;
  char detail[64];
  snprintf(detail, sizeof detail, "%s %s", jw_worklog_kinds[t->w->kind], t->w->day);
  return audit(c, t->who, "worklog.create", t->w->id, detail, err);
}

enum jw_code jw_worklogs_create(struct jw_conn *c, const struct jw_worklog_actor *who, struct jw_worklog *w,
                                int64_t now, struct jw_arena *a, struct jw_error *err) {
  struct jw_worklog_me me;
  if (jw_worklogs_me(c, who->user, a, &me, err) != JW_OK) return err->code;
  if (check_links(c, who->user, &me, w, a, err) != JW_OK) return err->code;
  w->officer_id = me.officer_id;
  w->officer_name = me.name;
  w->unit_id = me.unit_id;
  w->unit_path = me.unit_path;
  struct write_tx t = {who, w, 0, now, a, 0};
  return jw_tx(c, create_tx, &t, err);
}

/* Loads log id and who's right on it; 404 when none or no right. */
static enum jw_code load(struct jw_conn *c, const struct jw_user *u, int64_t id, struct jw_arena *a,
                         struct jw_worklog *out, struct jw_worklog_me *me, enum jw_worklog_right *right,
                         struct jw_error *err) {
  int found = jw_wl_store_get(c, id, a, out, err);
  if (found < 0) return err->code;
  if (find_me(c, u, a, me, err) < 0) return err->code;
  *right = found ? jw_worklog_access(u, me->officer_id, out->officer_id, out->unit_path) : JW_WL_NONE;
  if (*right == JW_WL_NONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no work log %lld.", (long long)id);
  return JW_OK;
}

static enum jw_code read_parties_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct write_tx *t = arg;
  return audit(c, t->who, "worklog.read_parties", t->id, "parties' phone and ID numbers shown", err);
}

enum jw_code jw_worklogs_get(struct jw_conn *c, const struct jw_worklog_actor *who, int64_t id, int unmask,
                             struct jw_arena *a, struct jw_worklog *out, enum jw_worklog_right *right,
                             struct jw_error *err) {
  struct jw_worklog_me me;
  if (load(c, who->user, id, a, out, &me, right, err) != JW_OK) return err->code;
  if (out->kind != JW_WL_MEDIATION) return JW_OK;
  unmask = unmask && jw_worklog_may_unmask(who->user, me.officer_id, out->officer_id);
  if (jw_wl_store_parties(c, id, unmask, a, out, err) != JW_OK) return err->code;
  if (!unmask || out->nparties == 0) return JW_OK;
  struct write_tx t = {.who = who, .id = id};
  return jw_tx(c, read_parties_tx, &t, err);
}

static enum jw_code change_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct write_tx *t = arg;
  int64_t min_created = t->now - JW_WORKLOG_EDIT_DAYS * DAY;
  int done = t->del ? jw_wl_store_delete(c, t->id, min_created, err)
                    : jw_wl_store_update(c, t->id, t->w, min_created, t->now, err);
  if (done < 0) return err->code;
  if (!done)
    return jw_fail(err, JW_E_CONFLICT, "A work log can be changed only within %d days of being written.",
                   JW_WORKLOG_EDIT_DAYS);
  if (!t->del && t->w->kind == JW_WL_MEDIATION) {
    enum jw_code rc = jw_wl_store_parties_put(c, t->id, t->w, t->a, err);
    if (rc != JW_OK) return rc;
  }
  char detail[96];
  if (t->del)
    snprintf(detail, sizeof detail, "%s of %s deleted", jw_worklog_kinds[t->w->kind], t->w->day);
  else
    snprintf(detail, sizeof detail, "%s of %s changed", jw_worklog_kinds[t->w->kind], t->w->day);
  return audit(c, t->who, t->del ? "worklog.delete" : "worklog.update", t->id, detail, err);
}

/* The checks of a change: 404 / 403 (read-only) / 409 (too old). */
static enum jw_code may_change(struct jw_conn *c, const struct jw_user *u, int64_t id, int64_t now, struct jw_arena *a,
                               struct jw_worklog *old, struct jw_worklog_me *me, struct jw_error *err) {
  enum jw_worklog_right right;
  if (load(c, u, id, a, old, me, &right, err) != JW_OK) return err->code;
  if (right != JW_WL_WRITE)
    return jw_fail(err, JW_E_FORBIDDEN, "Only its author may change a work log; you may read it.");
  if (!jw_worklog_editable(old->created_at, now))
    return jw_fail(err, JW_E_CONFLICT, "A work log can be changed only within %d days of being written.",
                   JW_WORKLOG_EDIT_DAYS);
  return JW_OK;
}

enum jw_code jw_worklogs_update(struct jw_conn *c, const struct jw_worklog_actor *who, int64_t id, struct jw_worklog *w,
                                int64_t now, struct jw_arena *a, struct jw_error *err) {
  struct jw_worklog old;
  struct jw_worklog_me me;
  if (may_change(c, who->user, id, now, a, &old, &me, err) != JW_OK) return err->code;
  if (old.kind != w->kind) {
    jw_field_fail(err, "kind", "a %s cannot become a %s", jw_worklog_kinds[old.kind], jw_worklog_kinds[w->kind]);
    return JW_E_VALIDATION;
  }
  if (check_links(c, who->user, &me, w, a, err) != JW_OK) return err->code;
  struct write_tx t = {who, w, id, now, a, 0};
  enum jw_code rc = jw_tx(c, change_tx, &t, err);
  if (rc != JW_OK) return rc;
  w->id = id;
  w->officer_id = old.officer_id;
  w->officer_name = old.officer_name;
  w->unit_id = old.unit_id;
  w->unit_path = old.unit_path;
  w->created_at = old.created_at;
  w->updated_at = now;
  return JW_OK;
}

enum jw_code jw_worklogs_delete(struct jw_conn *c, const struct jw_worklog_actor *who, int64_t id, int64_t now,
                                struct jw_arena *a, struct jw_error *err) {
  struct jw_worklog old;
  struct jw_worklog_me me;
  if (may_change(c, who->user, id, now, a, &old, &me, err) != JW_OK) return err->code;
  struct write_tx t = {who, &old, id, now, a, 1};
  return jw_tx(c, change_tx, &t, err);
}

enum jw_code jw_worklogs_list(struct jw_conn *c, const struct jw_worklog_actor *who, const struct jw_worklog_filter *f,
                              struct jw_arena *a, struct jw_worklog **out, size_t *n, struct jw_error *err) {
  const struct jw_user *u = who->user;
  if (is_chief(u)) {
    const char *lo = u->unit_path ? u->unit_path : "/";
    return jw_wl_store_list(c, 0, lo, jw_db_prefix_end(a, lo), f, a, out, n, err);
  }
  struct jw_worklog_me me;
  if (jw_worklogs_me(c, u, a, &me, err) != JW_OK) return err->code;
  return jw_wl_store_list(c, me.officer_id, NULL, NULL, f, a, out, n, err);
}

/* "YYYY-MM" into the first day of the month and of the next; -1 when it is not a month. */
static int month_range(const char *month, struct jw_date *first, struct jw_date *next) {
  char buf[16];
  if (!month || strlen(month) != 7 || month[4] != '-') return -1;
  snprintf(buf, sizeof buf, "%s-01", month);
  if (jw_date_parse(buf, first) != 0) return -1;
  *next = jw_date_add_days(*first, 32);
  next->d = 1;
  return 0;
}

enum jw_code jw_worklogs_month(struct jw_conn *c, const struct jw_worklog_actor *who, const char *month,
                               int64_t officer_id, struct jw_arena *a, struct jw_worklog_month *out,
                               struct jw_error *err) {
  const struct jw_user *u = who->user;
  struct jw_date first, next;
  if (month_range(month, &first, &next) != 0) {
    jw_field_fail(err, "month", "must be a month like 2026-11");
    return JW_E_VALIDATION;
  }
  memset(out, 0, sizeof *out);
  snprintf(out->month, sizeof out->month, "%s", month);
  out->ndays = (int)(jw_date_serial(next) - jw_date_serial(first));
  struct jw_worklog_me me;
  if (find_me(c, u, a, &me, err) < 0) return err->code;
  if (!officer_id || officer_id == me.officer_id) {
    if (!me.officer_id && jw_worklogs_me(c, u, a, &me, err) != JW_OK) return err->code;
    out->officer_id = me.officer_id;
    out->officer_name = me.name;
  } else {
    const char *name = NULL, *path = NULL;
    int64_t unit = 0;
    int found = is_chief(u) ? jw_wl_store_officer(c, officer_id, a, &name, &unit, &path, err) : 0;
    if (found < 0) return err->code;
    if (!found || !jw_scope_contains(u, path))
      return jw_fail(err, JW_E_NOT_FOUND, "There is no officer %lld.", (long long)officer_id);
    out->officer_id = officer_id;
    out->officer_name = name;
  }
  char from[11], to[11];
  jw_date_format(first, from);
  jw_date_format(next, to);
  if (jw_wl_store_month_counts(c, out->officer_id, from, to, out, err) != JW_OK) return err->code;
  if (jw_wl_store_month_items(c, out->officer_id, from, to, JW_WORKLOG_MONTH_ITEMS, a, &out->items, &out->nitems,
                              err) != JW_OK)
    return err->code;
  if (out->nitems > JW_WORKLOG_MONTH_ITEMS) {
    out->nitems = JW_WORKLOG_MONTH_ITEMS;
    out->truncated = 1;
  }
  return JW_OK;
}

enum jw_code jw_worklogs_workload(struct jw_conn *c, const struct jw_worklog_actor *who, const char *month,
                                  int64_t unit_id, struct jw_arena *a, struct jw_worklog_load **rows, size_t *n,
                                  struct jw_error *err) {
  const struct jw_user *u = who->user;
  struct jw_date first, next;
  if (month_range(month, &first, &next) != 0) {
    jw_field_fail(err, "month", "must be a month like 2026-11");
    return JW_E_VALIDATION;
  }
  if (!is_chief(u)) return jw_fail(err, JW_E_FORBIDDEN, "Only a station chief or unit administrator sees workloads.");
  const char *lo = u->unit_path ? u->unit_path : "/";
  if (unit_id) {
    int found = jw_wl_store_unit(c, unit_id, a, &lo, err);
    if (found < 0) return err->code;
    if (!found || !jw_scope_contains(u, lo))
      return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %lld.", (long long)unit_id);
  }
  char from[11], to[11];
  jw_date_format(first, from);
  jw_date_format(next, to);
  return jw_wl_store_workload(c, lo, jw_db_prefix_end(a, lo), from, to, a, rows, n, err);
}

int64_t jw_worklogs_grid_visits_month(struct jw_conn *c, int64_t grid_id, const char *month_first,
                                      struct jw_error *err) {
  struct jw_date first;
  if (!month_first || jw_date_parse(month_first, &first) != 0) {
    jw_fail(err, JW_E_INTERNAL, "The month to count visits in is not a date.");
    return -1;
  }
  first.d = 1;
  struct jw_date next = jw_date_add_days(first, 32);
  next.d = 1;
  char from[11], to[11];
  jw_date_format(first, from);
  jw_date_format(next, to);
  return jw_wl_store_grid_visits(c, grid_id, from, to, err);
}
