/* queue_api.c — lists of applications: the citizen's own, the unit's
 * queue, the chief's overdue view by station and the follow-ups of bad ratings. */
#include <string.h>

#include "applications/internal.h"
#include "auth/auth.h"
#include "http/rows.h"

#define SUMMARY_COLS                                                                                             \
  "a.tracking_no, a.service_id, s.name, a.status, a.submitted_at, a.due_date, un.name,"                          \
  " (SELECT COUNT(*) FROM application_ratings rt WHERE rt.application_id = a.id), u.name, COALESCE(g.name, '')," \
  " a.unit_id"
#define SUMMARY_FROM                                                                               \
  " FROM applications a JOIN services s ON s.id = a.service_id JOIN units un ON un.id = a.unit_id" \
  " JOIN users u ON u.id = a.applicant_id LEFT JOIN users g ON g.id = a.assignee_id"
#define OPEN "('submitted', 'accepted', 'under_review', 'approved')"

static json_t *summary(struct jw_req *r, struct jw_stmt *s, int staff, const char *today, const char *soon) {
  const char *due = jw_col_text(s, 5), *status = jw_col_text(s, 3);
  int st = jw_app_status_parse(status);
  int open = st == APP_SUBMITTED || st == APP_ACCEPTED || st == APP_UNDER_REVIEW || st == APP_APPROVED;
  json_t *o = json_pack(
      "{s:s, s:I, s:s, s:s, s:s, s:o, s:s, s:I, s:s, s:b, s:b, s:b}", "tracking_no", jw_col_text(s, 0), "service_id",
      (json_int_t)jw_col_int(s, 1), "service_name", jw_col_text(s, 2), "status", status, "status_name",
      st >= 0 ? jw_app_status_label(st) : "", "submitted_at", jw_time_json(r, jw_col_int(s, 4)), "due_date", due,
      "unit_id", (json_int_t)jw_col_int(s, 10), "unit_name", jw_col_text(s, 6), "rated", jw_col_int(s, 7) > 0,
      "overdue", open && strcmp(due, today) < 0, "due_soon", open && strcmp(due, today) >= 0 && strcmp(due, soon) <= 0);
  if (staff) {
    json_object_set_new(o, "applicant_name", json_string(jw_col_text(s, 8)));
    json_object_set_new(o, "assignee_name", json_string(jw_col_text(s, 9)));
  }
  return o;
}

/* Today and the last day that counts as "due soon" (three calendar days on). */
static void due_window(struct jw_req *r, char today[11], char soon[11]) {
  app_today(r, today);
  struct jw_date d;
  jw_date_parse(today, &d);
  jw_date_format(jw_date_add_days(d, 3), soon);
}

/* Answers {items, next_cursor} for a page query bound with LIMIT limit + 1. */
static enum jw_code page(struct jw_req *r, struct jw_stmt *s, int64_t limit, int64_t offset, jw_row_fn row,
                         const void *ctx, struct jw_error *err) {
  json_t *items = jw_page_rows(r, s, limit, offset, row, ctx, err);
  if (!items) return err->code;
  jw_reply_json(r, 200, items);
  return JW_OK;
}

struct summary_ctx {
  int staff;
  char today[11], soon[11];
};

static json_t *summary_row(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  const struct summary_ctx *c = ctx;
  return summary(r, s, c->staff, c->today, c->soon);
}

/* A page of application summaries. */
static enum jw_code summaries(struct jw_req *r, struct jw_stmt *s, int64_t limit, int64_t offset, int staff,
                              struct jw_error *err) {
  struct summary_ctx c = {.staff = staff};
  due_window(r, c.today, c.soon);
  return page(r, s, limit, offset, summary_row, &c, err);
}

static const char SQL_MINE[] = "SELECT " SUMMARY_COLS SUMMARY_FROM
                               " WHERE a.applicant_id = ? AND (CAST(? AS TEXT) IS NULL OR a.status = CAST(? AS TEXT))"
                               " ORDER BY a.id DESC LIMIT ? OFFSET ?";

enum jw_code jw_apps_api_mine(struct jw_req *r, struct jw_error *err) {
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  const char *status = jw_query(r, "status");
  if (status && jw_app_status_parse(status) < 0) jw_field_fail(err, "status", "is not an application status");
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_stmt *s = jw_prepare(r->db, SQL_MINE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_text(s, 2, status);
  jw_bind_text(s, 3, status);
  jw_bind_int(s, 4, limit + 1);
  jw_bind_int(s, 5, offset);
  return summaries(r, s, limit, offset, 0, err);
}

/* The caller's scope as a path range [lo, hi). */
static void scope_range(struct jw_req *r, const char **lo, const char **hi) {
  *lo = r->user->whole_bureau || !r->user->unit_path ? "/" : r->user->unit_path;
  *hi = jw_db_prefix_end(r->arena, *lo);
}

static const char SQL_QUEUE[] =
    "SELECT " SUMMARY_COLS SUMMARY_FROM
    " WHERE a.unit_path >= ? AND a.unit_path < ?"
    " AND (CAST(? AS TEXT) IS NULL OR a.status = CAST(? AS TEXT))"
    " AND (CAST(? AS BIGINT) IS NULL OR a.service_id = CAST(? AS BIGINT))"
    " AND (CAST(? AS TEXT) IS NULL OR (a.unit_path >= CAST(? AS TEXT) AND a.unit_path < CAST(? AS TEXT)))"
    " AND (CAST(? AS TEXT) IS NULL OR (a.status IN " OPEN
    " AND a.due_date < CAST(? AS TEXT)))"
    " AND (CAST(? AS TEXT) IS NULL OR (a.status IN " OPEN
    " AND a.due_date >= CAST(? AS TEXT)"
    "      AND a.due_date <= CAST(? AS TEXT)))"
    " AND (CAST(? AS BIGINT) IS NULL OR COALESCE(a.assignee_id, 0) = CAST(? AS BIGINT))"
    " ORDER BY a.due_date, a.id LIMIT ? OFFSET ?";
static const char SQL_UNIT_PATH[] = "SELECT path FROM units WHERE id = ?";

struct queue_filter {
  const char *status, *unit_lo, *unit_hi, *overdue, *soon_lo, *soon_hi;
  int64_t service_id, assignee;
  int has_service, has_assignee;
};

static enum jw_code queue_filter(struct jw_req *r, struct queue_filter *q, struct jw_error *err) {
  memset(q, 0, sizeof *q);
  const char *status = jw_query(r, "status"), *service = jw_query(r, "service_id"), *unit = jw_query(r, "unit_id");
  const char *due = jw_query(r, "due"), *assignee = jw_query(r, "assignee");
  if (status && jw_app_status_parse(status) < 0) jw_field_fail(err, "status", "is not an application status");
  q->status = status;
  char *end;
  if (service) {
    q->service_id = strtoll(service, &end, 10);
    q->has_service = 1;
    if (*end || q->service_id < 1) jw_field_fail(err, "service_id", "must be an item id");
  }
  char today[11], soon[11];
  due_window(r, today, soon);
  if (due && strcmp(due, "overdue") == 0)
    q->overdue = jw_arena_strdup(r->arena, today);
  else if (due && strcmp(due, "soon") == 0) {
    q->soon_lo = jw_arena_strdup(r->arena, today);
    q->soon_hi = jw_arena_strdup(r->arena, soon);
  } else if (due)
    jw_field_fail(err, "due", "must be soon or overdue");
  if (assignee && strcmp(assignee, "me") == 0)
    q->assignee = r->user->id, q->has_assignee = 1;
  else if (assignee && strcmp(assignee, "none") == 0)
    q->assignee = 0, q->has_assignee = 1;
  else if (assignee)
    jw_field_fail(err, "assignee", "must be me or none");
  if (err->nfields) return JW_E_VALIDATION;
  if (unit) {
    int64_t id = strtoll(unit, &end, 10);
    struct jw_stmt *s = jw_prepare(r->db, SQL_UNIT_PATH, err);
    if (!s) return err->code;
    jw_bind_int(s, 1, *end ? 0 : id);
    enum jw_step st = jw_step(s, err);
    if (st == JW_STEP_ERROR) return err->code;
    if (st == JW_STEP_DONE || !jw_scope_contains(r->user, jw_col_text(s, 0))) {
      jw_conn_release(r->db);
      return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %.20s in your scope.", unit);
    }
    q->unit_lo = jw_arena_strdup(r->arena, jw_col_text(s, 0));
    q->unit_hi = jw_db_prefix_end(r->arena, q->unit_lo);
    jw_conn_release(r->db);
  }
  return JW_OK;
}

enum jw_code jw_apps_api_queue(struct jw_req *r, struct jw_error *err) {
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  struct queue_filter q;
  if (queue_filter(r, &q, err) != JW_OK) return err->code;
  const char *lo, *hi;
  scope_range(r, &lo, &hi);
  struct jw_stmt *s = jw_prepare(r->db, SQL_QUEUE, err);
  if (!s) return err->code;
  int i = 1;
  jw_bind_text(s, i++, lo);
  jw_bind_text(s, i++, hi);
  jw_bind_text(s, i++, q.status);
  jw_bind_text(s, i++, q.status);
  for (int k = 0; k < 2; k++)
    if (q.has_service)
      jw_bind_int(s, i++, q.service_id);
    else
      jw_bind_null(s, i++);
  jw_bind_text(s, i++, q.unit_lo);
  jw_bind_text(s, i++, q.unit_lo);
  jw_bind_text(s, i++, q.unit_hi);
  jw_bind_text(s, i++, q.overdue);
  jw_bind_text(s, i++, q.overdue);
  jw_bind_text(s, i++, q.soon_lo);
  jw_bind_text(s, i++, q.soon_lo);
  jw_bind_text(s, i++, q.soon_hi);
  for (int k = 0; k < 2; k++)
    if (q.has_assignee)
      jw_bind_int(s, i++, q.assignee);
    else
      jw_bind_null(s, i++);
  jw_bind_int(s, i++, limit + 1);
  jw_bind_int(s, i++, offset);
  return summaries(r, s, limit, offset, 1, err);
}

static const char SQL_OVERDUE[] =
    "SELECT a.unit_id, un.name, SUM(CASE WHEN a.due_date < ? THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN a.due_date >= ? AND a.due_date <= ? THEN 1 ELSE 0 END), COUNT(*)"
    " FROM applications a JOIN units un ON un.id = a.unit_id"
    " WHERE a.unit_path >= ? AND a.unit_path < ? AND a.status IN " OPEN
    " GROUP BY a.unit_id, un.name ORDER BY 3 DESC, 4 DESC, a.unit_id";

static json_t *overdue_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  return json_pack("{s:I, s:s, s:I, s:I, s:I}", "unit_id", (json_int_t)jw_col_int(s, 0), "unit_name", jw_col_text(s, 1),
                   "overdue", (json_int_t)jw_col_int(s, 2), "due_soon", (json_int_t)jw_col_int(s, 3), "open",
                   (json_int_t)jw_col_int(s, 4));
}

enum jw_code jw_apps_api_overdue(struct jw_req *r, struct jw_error *err) {
  char today[11], soon[11];
  due_window(r, today, soon);
  const char *lo, *hi;
  scope_range(r, &lo, &hi);
  struct jw_stmt *s = jw_prepare(r->db, SQL_OVERDUE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, today);
  jw_bind_text(s, 2, today);
  jw_bind_text(s, 3, soon);
  jw_bind_text(s, 4, lo);
  jw_bind_text(s, 5, hi);
  return jw_reply_rows(r, s, overdue_json, NULL, err);
}

static const char SQL_FOLLOWUPS[] =
    "SELECT f.id, a.tracking_no, s.name, un.name, rt.grade, rt.comment, f.created_at"
    " FROM application_followups f JOIN applications a ON a.id = f.application_id"
    " JOIN services s ON s.id = a.service_id JOIN units un ON un.id = a.unit_id"
    " JOIN application_ratings rt ON rt.application_id = a.id"
    " WHERE f.unit_path >= ? AND f.unit_path < ? ORDER BY f.id DESC LIMIT ? OFFSET ?";

static json_t *followup_row(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  (void)ctx;
  int64_t g = jw_col_int(s, 4);
  return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:o}", "id", (json_int_t)jw_col_int(s, 0), "tracking_no",
                   jw_col_text(s, 1), "service_name", jw_col_text(s, 2), "unit_name", jw_col_text(s, 3), "grade",
                   (json_int_t)g, "grade_name", jw_app_grade_name(g >= 1 && g <= 5 ? (int)g : 0), "comment",
                   jw_col_text(s, 5), "created_at", jw_time_json(r, jw_col_int(s, 6)));
}

enum jw_code jw_apps_api_followups(struct jw_req *r, struct jw_error *err) {
  int64_t limit, offset;
  if (jw_page_params(r, &limit, &offset, err) != JW_OK) return err->code;
  const char *lo, *hi;
  scope_range(r, &lo, &hi);
  struct jw_stmt *s = jw_prepare(r->db, SQL_FOLLOWUPS, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, lo);
  jw_bind_text(s, 2, hi);
  jw_bind_int(s, 3, limit + 1);
  jw_bind_int(s, 4, offset);
  return page(r, s, limit, offset, followup_row, NULL, err);
}
