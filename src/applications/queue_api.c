/* queue_api.c — lists of applications: the citizen's own, the unit's
 * queue, the chief's overdue view by station and the follow-ups of bad ratings. */
#include <stdlib.h>
#include <string.h>

#include "applications/api.h"

const char *jw_apps_payment_status(int64_t fee_cents, int fee_paid) {
  return fee_cents <= 0 ? "none" : fee_paid ? "paid" : "to_pay";
}

static json_t *summary_json(struct jw_req *r, const struct jw_app_summary *s, int staff) {
  int st = jw_app_status_parse(s->status);
  json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:o, s:s, s:I, s:s, s:b, s:b, s:b}", "tracking_no", s->tracking_no,
                        "service_id", (json_int_t)s->service_id, "service_name", s->service_name, "status", s->status,
                        "status_name", st >= 0 ? jw_app_status_label(st) : "", "submitted_at",
                        jw_time_json(r, s->submitted_at), "due_date", s->due_date, "unit_id", (json_int_t)s->unit_id,
                        "unit_name", s->unit_name, "rated", s->rated, "overdue", s->overdue, "due_soon", s->due_soon);
  json_object_set_new(o, "fee_cents", json_integer(s->fee_cents));
  json_object_set_new(o, "payment_status", json_string(jw_apps_payment_status(s->fee_cents, s->fee_paid)));
  if (staff) {
    json_object_set_new(o, "applicant_name", json_string(s->applicant_name));
    json_object_set_new(o, "assignee_name", json_string(s->assignee_name));
  }
  return o;
}

/* Answers the page {items, next_cursor} of n rows fetched with limit + 1. */
static enum jw_code summaries(struct jw_req *r, const struct jw_app_summary *v, size_t n, int64_t limit, int64_t offset,
                              int staff) {
  json_t *items = json_array();
  for (size_t i = 0; i < n && (int64_t)i < limit; i++) json_array_append_new(items, summary_json(r, &v[i], staff));
  jw_reply_json(r, 200, jw_page_json(items, (int64_t)n > limit ? offset + limit : 0));
  return JW_OK;
}

enum jw_code jw_apps_api_mine(struct jw_req *r, struct jw_error *err) {
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  const char *status = jw_query(r, "status");
  if (status && jw_app_status_parse(status) < 0) jw_field_fail(err, "status", "is not an application status");
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_app_summary *v;
  size_t n;
  if (jw_apps_mine(&x, status, limit, offset, &v, &n, err) != JW_OK) return err->code;
  return summaries(r, v, n, limit, offset, 0);
}

/* The queue's filters from the query string; field errors for bad ones. */
static enum jw_code queue_filter(struct jw_req *r, struct jw_apps_queue_filter *q, struct jw_error *err) {
  memset(q, 0, sizeof *q);
  const char *status = jw_query(r, "status"), *service = jw_query(r, "service_id"), *unit = jw_query(r, "unit_id");
  const char *due = jw_query(r, "due"), *assignee = jw_query(r, "assignee"), *state = jw_query(r, "state");
  if (state && strcmp(state, "open") == 0)
    q->state = 1;
  else if (state && strcmp(state, "closed") == 0)
    q->state = 2;
  else if (state && strcmp(state, "all") != 0)
    jw_field_fail(err, "state", "must be open, closed or all");
  if (status && jw_app_status_parse(status) < 0) jw_field_fail(err, "status", "is not an application status");
  q->status = status;
  char *end;
  if (service) {
    q->service_id = strtoll(service, &end, 10);
    q->has_service = 1;
    if (*end || q->service_id < 1) jw_field_fail(err, "service_id", "must be an item id");
  }
  if (due && strcmp(due, "overdue") == 0)
    q->due = 1;
  else if (due && strcmp(due, "soon") == 0)
    q->due = 2;
  else if (due)
    jw_field_fail(err, "due", "must be soon or overdue");
  if (assignee && strcmp(assignee, "me") == 0)
    q->assignee = r->user->id, q->has_assignee = 1;
  else if (assignee && strcmp(assignee, "none") == 0)
    q->assignee = 0, q->has_assignee = 1;
  else if (assignee)
    jw_field_fail(err, "assignee", "must be me or none");
  if (unit) {
    int64_t id = strtoll(unit, &end, 10);
    q->unit_id = *end ? 0 : id; /* not a number: no such unit */
    q->has_unit = 1;
  }
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

enum jw_code jw_apps_api_queue(struct jw_req *r, struct jw_error *err) {
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  struct jw_apps_queue_filter q;
  if (queue_filter(r, &q, err) != JW_OK) return err->code;
  struct jw_app_summary *v;
  size_t n;
  if (jw_apps_queue(&x, &q, limit, offset, &v, &n, err) != JW_OK) {
    if (err->code != JW_E_NOT_FOUND) return err->code;
    jw_error_clear(err); /* name the unit as the caller wrote it */
    return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %.20s in your scope.", jw_query(r, "unit_id"));
  }
  return summaries(r, v, n, limit, offset, 1);
}

enum jw_code jw_apps_api_overdue(struct jw_req *r, struct jw_error *err) {
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  struct jw_apps_unit_load *v;
  size_t n;
  if (jw_apps_overdue(&x, &v, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:I, s:I}", "unit_id", (json_int_t)v[i].unit_id,
                                           "unit_name", v[i].unit_name, "overdue", (json_int_t)v[i].overdue, "due_soon",
                                           (json_int_t)v[i].due_soon, "open", (json_int_t)v[i].open));
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}

enum jw_code jw_apps_api_followups(struct jw_req *r, struct jw_error *err) {
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  int64_t limit, offset;
  if (jw_page_params(r, &limit, &offset, err) != JW_OK) return err->code;
  struct jw_app_followup *v;
  size_t n;
  if (jw_apps_followups(&x, limit, offset, &v, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n && (int64_t)i < limit; i++) {
    int g = v[i].grade;
    json_array_append_new(
        items, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:o}", "id", (json_int_t)v[i].id, "tracking_no",
                         v[i].tracking_no, "service_name", v[i].service_name, "unit_name", v[i].unit_name, "grade",
                         (json_int_t)g, "grade_name", jw_app_grade_name(g >= 1 && g <= 5 ? g : 0), "comment",
                         v[i].comment, "created_at", jw_time_json(r, v[i].created_at)));
  }
  jw_reply_json(r, 200, jw_page_json(items, (int64_t)n > limit ? offset + limit : 0));
  return JW_OK;
}
