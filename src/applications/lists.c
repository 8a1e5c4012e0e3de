/* lists.c — lists of applications: the citizen's own, the unit's queue,
 * the chief's overdue view by station and the follow-ups of bad ratings,
 * each limited to what the caller may see. */
#include <string.h>

#include "applications/internal.h"
#include "applications/store.h"
#include "core/mem.h"

int jw_app_status_open(int s) {
  return s == APP_SUBMITTED || s == APP_ACCEPTED || s == APP_UNDER_REVIEW || s == APP_APPROVED;
}

void jw_apps_due_window(const struct jw_apps_ctx *x, char today[11], char soon[11]) {
  jw_apps_today(x, today);
  struct jw_date d;
  jw_date_parse(today, &d);
  jw_date_format(jw_date_add_days(d, 3), soon);
}

/* Sets the due flags of the n summaries v. */
static void due_flags(const struct jw_apps_ctx *x, struct jw_app_summary *v, size_t n) {
  char today[11], soon[11];
  jw_apps_due_window(x, today, soon);
  for (size_t i = 0; i < n; i++) {
    int open = jw_app_status_open(jw_app_status_parse(v[i].status));
    v[i].overdue = open && strcmp(v[i].due_date, today) < 0;
    v[i].due_soon = open && strcmp(v[i].due_date, today) >= 0 && strcmp(v[i].due_date, soon) <= 0;
  }
}

enum jw_code jw_apps_mine(const struct jw_apps_ctx *x, const char *status, int64_t limit, int64_t offset,
                          struct jw_app_summary **out, size_t *n, struct jw_error *err) {
  if (jw_apps_store_mine(x->db, x->arena, x->user->id, status, limit + 1, offset, out, n, err) != JW_OK)
    return err->code;
  due_flags(x, *out, *n);
  return JW_OK;
}

/* The caller's scope as a path range [lo, hi). */
static void scope_range(const struct jw_apps_ctx *x, const char **lo, const char **hi) {
  *lo = x->user->whole_bureau || !x->user->unit_path ? "/" : x->user->unit_path;
  *hi = jw_db_prefix_end(x->arena, *lo);
}

enum jw_code jw_apps_queue(const struct jw_apps_ctx *x, const struct jw_apps_queue_filter *f, int64_t limit,
                           int64_t offset, struct jw_app_summary **out, size_t *n, struct jw_error *err) {
  struct jw_apps_store_queue q = {.status = f->status,
                                  .service_id = f->service_id,
                                  .has_service = f->has_service,
                                  .assignee = f->assignee,
                                  .has_assignee = f->has_assignee,
                                  .state = f->state};
  char today[11], soon[11];
  jw_apps_due_window(x, today, soon);
  if (f->due == 1) {
    q.overdue = today;
  } else if (f->due == 2) {
    q.soon_lo = today;
    q.soon_hi = soon;
  }
  if (f->has_unit) {
    const char *path = NULL;
    int found = jw_apps_store_unit_path(x->db, x->arena, f->unit_id, &path, err);
    if (found < 0) return err->code;
    if (!found || !jw_scope_contains(x->user, path))
      return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %lld in your scope.", (long long)f->unit_id);
    q.unit_lo = path;
    q.unit_hi = jw_db_prefix_end(x->arena, path);
  }
  scope_range(x, &q.lo, &q.hi);
  if (jw_apps_store_queue(x->db, x->arena, &q, limit + 1, offset, out, n, err) != JW_OK) return err->code;
  due_flags(x, *out, *n);
  return JW_OK;
}

enum jw_code jw_apps_overdue(const struct jw_apps_ctx *x, struct jw_apps_unit_load **out, size_t *n,
                             struct jw_error *err) {
  char today[11], soon[11];
  jw_apps_due_window(x, today, soon);
  const char *lo, *hi;
  scope_range(x, &lo, &hi);
  return jw_apps_store_overdue(x->db, x->arena, today, soon, lo, hi, out, n, err);
}

enum jw_code jw_apps_followups(const struct jw_apps_ctx *x, int64_t limit, int64_t offset, struct jw_app_followup **out,
                               size_t *n, struct jw_error *err) {
  const char *lo, *hi;
  scope_range(x, &lo, &hi);
  return jw_apps_store_followups(x->db, x->arena, lo, hi, limit + 1, offset, out, n, err);
}
