/* store_lists.c — the SQL of the lists of applications (the citizen's own,
 * the unit's queue, the chief's overdue view, the follow-ups) and the reads
 * the demo seed needs. */
#include "applications/store.h"

#include "core/mem.h"

#define SUMMARY_COLS                                                                                             \
  "a.tracking_no, a.service_id, s.name, a.status, a.submitted_at, a.due_date, un.name,"                          \
  " (SELECT COUNT(*) FROM application_ratings rt WHERE rt.application_id = a.id), u.name, COALESCE(g.name, '')," \
  " a.unit_id, COALESCE(f.fee_cents, 0), CASE WHEN f.paid_at IS NULL THEN 0 ELSE 1 END"
#define SUMMARY_FROM                                                                               \
  " FROM applications a JOIN services s ON s.id = a.service_id JOIN units un ON un.id = a.unit_id" \
  " JOIN users u ON u.id = a.applicant_id LEFT JOIN users g ON g.id = a.assignee_id"               \
  " LEFT JOIN application_fees f ON f.application_id = a.id"
/* Staff see an application once its fee, if its item has one, is paid. */
#define FEE_SETTLED \
  " AND NOT EXISTS (SELECT 1 FROM application_fees uf WHERE uf.application_id = a.id AND uf.paid_at IS NULL)"
#define OPEN "('submitted', 'accepted', 'under_review', 'approved')"
/* Finished: nothing more happens to the case. */
#define FINAL "('withdrawn', 'not_accepted', 'refused', 'completed')"

/* Steps s to its end, one summary per row, into an arena array. */
static enum jw_code summaries(struct jw_conn *c, struct jw_stmt *s, struct jw_arena *a, struct jw_app_summary **out,
                              size_t *n, struct jw_error *err) {
  struct jw_app_summary *v = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    v = jw_arena_grow(a, v, len, &cap, sizeof *v);
    struct jw_app_summary *o = &v[len++];
    o->tracking_no = jw_arena_strdup(a, jw_col_text(s, 0));
    o->service_id = jw_col_int(s, 1);
    o->service_name = jw_arena_strdup(a, jw_col_text(s, 2));
    o->status = jw_arena_strdup(a, jw_col_text(s, 3));
    o->submitted_at = jw_col_int(s, 4);
    o->due_date = jw_arena_strdup(a, jw_col_text(s, 5));
    o->unit_name = jw_arena_strdup(a, jw_col_text(s, 6));
    o->rated = jw_col_int(s, 7) > 0;
    o->applicant_name = jw_arena_strdup(a, jw_col_text(s, 8));
    o->assignee_name = jw_arena_strdup(a, jw_col_text(s, 9));
    o->unit_id = jw_col_int(s, 10);
    o->fee_cents = jw_col_int(s, 11);
    o->fee_paid = (int)jw_col_int(s, 12);
    o->overdue = o->due_soon = 0;
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = v;
  *n = len;
  return JW_OK;
}

static const char SQL_MINE[] = "SELECT " SUMMARY_COLS SUMMARY_FROM
                               " WHERE a.applicant_id = ? AND (CAST(? AS TEXT) IS NULL OR a.status = CAST(? AS TEXT))"
                               " ORDER BY a.id DESC LIMIT ? OFFSET ?";

enum jw_code jw_apps_store_mine(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char *status,
                                int64_t limit, int64_t offset, struct jw_app_summary **out, size_t *n,
                                struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MINE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_text(s, 2, status);
  jw_bind_text(s, 3, status);
  jw_bind_int(s, 4, limit);
  jw_bind_int(s, 5, offset);
  return summaries(c, s, a, out, n, err);
}

static const char SQL_UNIT_PATH[] = "SELECT path FROM units WHERE id = ?";

int jw_apps_store_unit_path(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                            struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_PATH, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) *path = jw_arena_strdup(a, jw_col_text(s, 0));
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

static const char SQL_QUEUE[] =
    "SELECT " SUMMARY_COLS SUMMARY_FROM " WHERE a.unit_path >= ? AND a.unit_path < ?" FEE_SETTLED
    " AND (CAST(? AS TEXT) IS NULL OR a.status = CAST(? AS TEXT))"
    " AND (CAST(? AS BIGINT) IS NULL OR a.service_id = CAST(? AS BIGINT))"
    " AND (CAST(? AS TEXT) IS NULL OR (a.unit_path >= CAST(? AS TEXT) AND a.unit_path < CAST(? AS TEXT)))"
    " AND (CAST(? AS TEXT) IS NULL OR (a.status IN " OPEN
    " AND a.due_date < CAST(? AS TEXT)))"
    " AND (CAST(? AS TEXT) IS NULL OR (a.status IN " OPEN
    " AND a.due_date >= CAST(? AS TEXT)"
    "      AND a.due_date <= CAST(? AS TEXT)))"
    " AND (CAST(? AS BIGINT) IS NULL OR COALESCE(a.assignee_id, 0) = CAST(? AS BIGINT))"
    " AND (CAST(? AS BIGINT) = 0 OR (CAST(? AS BIGINT) = 1 AND a.status NOT IN " FINAL
    ")"
    "      OR (CAST(? AS BIGINT) = 2 AND a.status IN " FINAL
    "))"
    /* Cases still waiting first, the nearest deadline first; finished ones after, the latest first. */
    " ORDER BY CASE WHEN a.status IN " FINAL
    " THEN 1 ELSE 0 END,"
    " CASE WHEN a.status IN " FINAL
    " THEN '' ELSE a.due_date END,"
    " CASE WHEN a.status IN " FINAL " THEN -a.updated_at ELSE a.id END, a.id LIMIT ? OFFSET ?";

enum jw_code jw_apps_store_queue(struct jw_conn *c, struct jw_arena *a, const struct jw_apps_store_queue *q,
                                 int64_t limit, int64_t offset, struct jw_app_summary **out, size_t *n,
                                 struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_QUEUE, err);
  if (!s) return err->code;
  int i = 1;
  jw_bind_text(s, i++, q->lo);
  jw_bind_text(s, i++, q->hi);
  jw_bind_text(s, i++, q->status);
  jw_bind_text(s, i++, q->status);
  for (int k = 0; k < 2; k++)
    if (q->has_service)
      jw_bind_int(s, i++, q->service_id);
    else
      jw_bind_null(s, i++);
  jw_bind_text(s, i++, q->unit_lo);
  jw_bind_text(s, i++, q->unit_lo);
  jw_bind_text(s, i++, q->unit_hi);
  jw_bind_text(s, i++, q->overdue);
  jw_bind_text(s, i++, q->overdue);
  jw_bind_text(s, i++, q->soon_lo);
  jw_bind_text(s, i++, q->soon_lo);
  jw_bind_text(s, i++, q->soon_hi);
  for (int k = 0; k < 2; k++)
    if (q->has_assignee)
      jw_bind_int(s, i++, q->assignee);
    else
      jw_bind_null(s, i++);
  for (int k = 0; k < 3; k++) jw_bind_int(s, i++, q->state);
  jw_bind_int(s, i++, limit);
  jw_bind_int(s, i++, offset);
  return summaries(c, s, a, out, n, err);
}

static const char SQL_OVERDUE[] =
    "SELECT a.unit_id, un.name, SUM(CASE WHEN a.due_date < ? THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN a.due_date >= ? AND a.due_date <= ? THEN 1 ELSE 0 END), COUNT(*)"
    " FROM applications a JOIN units un ON un.id = a.unit_id"
    " WHERE a.unit_path >= ? AND a.unit_path < ? AND a.status IN " OPEN FEE_SETTLED
    " GROUP BY a.unit_id, un.name ORDER BY 3 DESC, 4 DESC, a.unit_id";

enum jw_code jw_apps_store_overdue(struct jw_conn *c, struct jw_arena *a, const char *today, const char *soon,
                                   const char *lo, const char *hi, struct jw_apps_unit_load **out, size_t *n,
                                   struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OVERDUE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, today);
  jw_bind_text(s, 2, today);
  jw_bind_text(s, 3, soon);
  jw_bind_text(s, 4, lo);
  jw_bind_text(s, 5, hi);
  struct jw_apps_unit_load *v = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    v = jw_arena_grow(a, v, len, &cap, sizeof *v);
    struct jw_apps_unit_load *o = &v[len++];
    o->unit_id = jw_col_int(s, 0);
    o->unit_name = jw_arena_strdup(a, jw_col_text(s, 1));
    o->overdue = jw_col_int(s, 2);
    o->due_soon = jw_col_int(s, 3);
    o->open = jw_col_int(s, 4);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = v;
  *n = len;
  return JW_OK;
}

static const char SQL_FOLLOWUPS[] =
    "SELECT f.id, a.tracking_no, s.name, un.name, rt.grade, rt.comment, f.created_at"
    " FROM application_followups f JOIN applications a ON a.id = f.application_id"
    " JOIN services s ON s.id = a.service_id JOIN units un ON un.id = a.unit_id"
    " JOIN application_ratings rt ON rt.application_id = a.id"
    " WHERE f.unit_path >= ? AND f.unit_path < ? ORDER BY f.id DESC LIMIT ? OFFSET ?";

enum jw_code jw_apps_store_followups(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi,
                                     int64_t limit, int64_t offset, struct jw_app_followup **out, size_t *n,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FOLLOWUPS, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, lo);
  jw_bind_text(s, 2, hi);
  jw_bind_int(s, 3, limit);
  jw_bind_int(s, 4, offset);
  struct jw_app_followup *v = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    v = jw_arena_grow(a, v, len, &cap, sizeof *v);
    struct jw_app_followup *o = &v[len++];
    o->id = jw_col_int(s, 0);
    o->tracking_no = jw_arena_strdup(a, jw_col_text(s, 1));
    o->service_name = jw_arena_strdup(a, jw_col_text(s, 2));
    o->unit_name = jw_arena_strdup(a, jw_col_text(s, 3));
    o->grade = (int)jw_col_int(s, 4);
    o->comment = jw_arena_strdup(a, jw_col_text(s, 5));
    o->created_at = jw_col_int(s, 6);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = v;
  *n = len;
  return JW_OK;
}

static const char SQL_COUNT_BY[] = "SELECT COUNT(*) FROM applications WHERE applicant_id = ?";

int64_t jw_apps_store_count_by(struct jw_conn *c, int64_t user_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_COUNT_BY, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  int64_t v = jw_step(s, err) == JW_STEP_ROW ? jw_col_int(s, 0) : -1;
  jw_conn_release(c);
  return v;
}

static const char SQL_ITEM[] = "SELECT id, version FROM services WHERE code = ? AND version > 0";

int64_t jw_apps_store_item(struct jw_conn *c, const char *code, int *version, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ITEM, err);
  if (!s) return -1;
  jw_bind_text(s, 1, code);
  int64_t v = jw_step(s, err) == JW_STEP_ROW ? jw_col_int(s, 0) : -1;
  if (v >= 0) *version = (int)jw_col_int(s, 1);
  jw_conn_release(c);
  return v;
}
