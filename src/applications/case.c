/* case.c — one application: who may see it, how it is shown, and the
 * record every transition leaves (history, audit row, the applicant's inbox). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/api.h"
#include "auth/auth.h"
#include "applications/internal.h"
#include "core/validate.h"
#include "http/rows.h"
#include "notify/notify.h"
#include "uploads/uploads.h"

void app_tracking_no(const char *day, int64_t n, char out[40]) {
  snprintf(out, 40, "TZ%.8s%06lld-%06u", day, (long long)(n % 1000000), (unsigned)randombytes_uniform(1000000));
}

void app_today(const struct jw_req *r, char out[11]) {
  jw_date_format(jw_date_of_time((long long)time(NULL), r->app->cfg.tz_offset_min), out);
}

static const char SQL_LOAD[] =
    "SELECT id, service_id, applicant_id, unit_id, COALESCE(assignee_id, 0), service_version, status, tracking_no,"
    " unit_path, due_date, COALESCE(paused_on, ''), form FROM applications WHERE tracking_no = ?";

enum jw_code app_load(struct jw_req *r, const char *tracking_no, struct app_row *a, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_LOAD, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, tracking_no);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_ROW) {
    a->id = jw_col_int(s, 0);
    a->service_id = jw_col_int(s, 1);
    a->applicant_id = jw_col_int(s, 2);
    a->unit_id = jw_col_int(s, 3);
    a->assignee_id = jw_col_int(s, 4);
    a->service_version = (int)jw_col_int(s, 5);
    a->status = (enum jw_app_status)jw_app_status_parse(jw_col_text(s, 6));
    a->tracking_no = jw_arena_strdup(r->arena, jw_col_text(s, 7));
    a->unit_path = jw_arena_strdup(r->arena, jw_col_text(s, 8));
    a->due_date = jw_arena_strdup(r->arena, jw_col_text(s, 9));
    a->paused_on = jw_col_text(s, 10)[0] ? jw_arena_strdup(r->arena, jw_col_text(s, 10)) : NULL;
    a->form = jw_arena_strdup(r->arena, jw_col_text(s, 11));
  }
  jw_conn_release(r->db);
  if (st == JW_STEP_ROW && (a->applicant_id == r->user->id || app_staff_view(r, a))) return JW_OK;
  return jw_fail(err, JW_E_NOT_FOUND, "There is no application %.40s that you may see.", tracking_no);
}

int app_staff_view(const struct jw_req *r, const struct app_row *a) {
  return a->applicant_id != r->user->id && (JW_BIT(r->user->role) & JW_APP_STAFF) &&
         jw_scope_contains(r->user, a->unit_path);
}

static const char SQL_DETAIL[] =
    "SELECT s.name, un.name, u.name, u.phone, a.submitted_at, a.result, a.reason, a.completed_at,"
    " COALESCE(g.name, ''), rt.grade, COALESCE(rt.comment, '')"
    " FROM applications a JOIN services s ON s.id = a.service_id JOIN units un ON un.id = a.unit_id"
    " JOIN users u ON u.id = a.applicant_id LEFT JOIN users g ON g.id = a.assignee_id"
    " LEFT JOIN application_ratings rt ON rt.application_id = a.id WHERE a.id = ?";
static const char SQL_HISTORY[] =
    "SELECT e.at, e.event, e.from_status, e.to_status, u.name, u.role, e.reason FROM application_events e"
    " JOIN users u ON u.id = e.actor_id WHERE e.application_id = ? ORDER BY e.id";
static const char SQL_FILES[] =
    "SELECT f.name, f.upload_id, up.content_type, up.size, up.name FROM application_files f"
    " JOIN uploads up ON up.id = f.upload_id WHERE f.application_id = ? ORDER BY f.name, f.upload_id";

/* Lifecycle facts the queue shows: open, overdue, due within two working days. */
static void due_flags(struct jw_req *r, const struct app_row *a, json_t *o) {
  char today[11];
  app_today(r, today);
  int open = a->status == APP_SUBMITTED || a->status == APP_ACCEPTED || a->status == APP_UNDER_REVIEW ||
             a->status == APP_APPROVED;
  struct jw_date d, soon;
  jw_date_parse(today, &d);
  soon = jw_date_add_days(d, 3);
  char soon_s[11];
  jw_date_format(soon, soon_s);
  json_object_set_new(o, "overdue", json_boolean(open && strcmp(a->due_date, today) < 0));
  json_object_set_new(o, "due_soon",
                      json_boolean(open && strcmp(a->due_date, today) >= 0 && strcmp(a->due_date, soon_s) <= 0));
  json_object_set_new(o, "paused", json_boolean(a->status == APP_SUPPLEMENT));
}

static json_t *actions(const struct jw_req *r, const struct app_row *a) {
  static const char *const events[] = {"accept", "not_accept", "request_supplement", "start_review", "approve",
                                       "refuse", "complete",   "resubmit",           "withdraw",     NULL};
  json_t *out = json_array();
  int staff = app_staff_view(r, a), applicant = a->applicant_id == r->user->id;
  for (int i = 0; events[i]; i++) {
    const struct jw_transition *t = jw_app_transition(events[i], a->status, NULL);
    if (t && ((t->who == JW_APP_APPLICANT && applicant) ||
              (t->who != JW_APP_APPLICANT && staff && (t->who & JW_BIT(r->user->role)))))
      json_array_append_new(out, json_string(events[i]));
  }
  return out;
}

static json_t *event_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  return json_pack("{s:o, s:s, s:o, s:s, s:s, s:s, s:s}", "at", jw_time_json(r, jw_col_int(s, 0)), "event",
                   jw_col_text(s, 1), "from", jw_col_is_null(s, 2) ? json_null() : json_string(jw_col_text(s, 2)), "to",
                   jw_col_text(s, 3), "actor_name", jw_col_text(s, 4), "actor_role", jw_col_text(s, 5), "reason",
                   jw_col_text(s, 6));
}

static json_t *history(struct jw_req *r, int64_t id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_HISTORY, err);
  if (!s) return NULL;
  jw_bind_int(s, 1, id);
  json_t *h = jw_rows_json(r, s, event_json, NULL, err);
  jw_conn_release(r->db);
  return h;
}

static json_t *file_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  return json_pack("{s:s, s:I, s:s, s:I, s:s}", "name", jw_col_text(s, 0), "upload_id", (json_int_t)jw_col_int(s, 1),
                   "content_type", jw_col_text(s, 2), "size", (json_int_t)jw_col_int(s, 3), "file_name",
                   jw_upload_file_name(r->arena, jw_col_text(s, 4), jw_col_text(s, 2)));
}

static json_t *files(struct jw_req *r, int64_t id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_FILES, err);
  if (!s) return NULL;
  jw_bind_int(s, 1, id);
  json_t *out = jw_rows_json(r, s, file_json, NULL, err);
  jw_conn_release(r->db);
  return out;
}

json_t *app_detail(struct jw_req *r, const struct app_row *a, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_DETAIL, err);
  if (!s) return NULL;
  jw_bind_int(s, 1, a->id);
  if (jw_step(s, err) != JW_STEP_ROW) {
    if (!err->code) jw_fail(err, JW_E_DB, "The application cannot be read.");
    return NULL;
  }
  json_t *form = json_loads(a->form, 0, NULL);
  json_t *o =
      json_pack("{s:s, s:I, s:s, s:i, s:s, s:s, s:I, s:s, s:{s:s, s:s}, s:o, s:o, s:s, s:o, s:s, s:o}", "tracking_no",
                a->tracking_no, "service_id", (json_int_t)a->service_id, "service_name", jw_col_text(s, 0),
                "service_version", a->service_version, "status", jw_app_status_name(a->status), "status_name",
                jw_app_status_label(a->status), "unit_id", (json_int_t)a->unit_id, "unit_name", jw_col_text(s, 1),
                "applicant", "name", jw_col_text(s, 2), "phone", jw_col_text(s, 3), "form", form ? form : json_object(),
                "submitted_at", jw_time_json(r, jw_col_int(s, 4)), "due_date", a->due_date, "result",
                jw_col_is_null(s, 5) ? json_null() : json_string(jw_col_text(s, 5)), "reason", jw_col_text(s, 6),
                "completed_at", jw_col_is_null(s, 7) ? json_null() : jw_time_json(r, jw_col_int(s, 7)));
  json_object_set_new(o, "assignee",
                      a->assignee_id
                          ? json_pack("{s:I, s:s}", "id", (json_int_t)a->assignee_id, "name", jw_col_text(s, 8))
                          : json_null());
  int64_t grade = jw_col_is_null(s, 9) ? 0 : jw_col_int(s, 9);
  json_object_set_new(o, "rating",
                      grade ? json_pack("{s:I, s:s, s:s}", "grade", (json_int_t)grade, "grade_name",
                                        jw_app_grade_name((int)grade), "comment", jw_col_text(s, 10))
                            : json_null());
  jw_conn_release(r->db);
  due_flags(r, a, o);
  json_t *h = history(r, a->id, err), *f = h ? files(r, a->id, err) : NULL;
  if (!h || !f) {
    json_decref(h);
    json_decref(o);
    return NULL;
  }
  json_object_set_new(o, "history", h);
  json_object_set_new(o, "attachments", f);
  json_object_set_new(o, "actions", actions(r, a));
  return o;
}

struct read_audit {
  struct jw_req *r;
  const char *action, *detail;
  const struct app_row *a;
};

static enum jw_code read_audit_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct read_audit *t = arg;
  (void)c;
  return jw_audit(t->r, t->action, "application", t->a->id, err, "%s %s", t->a->tracking_no, t->detail);
}

enum jw_code app_audit_read(struct jw_req *r, const char *action, const struct app_row *a, const char *detail,
                            struct jw_error *err) {
  struct read_audit t = {r, action, detail, a};
  return jw_tx(r->db, read_audit_tx, &t, err);
}

static const char SQL_EVENT[] =
    "INSERT INTO application_events (application_id, at, event, from_status, to_status,"
    " actor_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_SERVICE_NAME[] = "SELECT name FROM services WHERE id = ?";

enum jw_code app_event(struct jw_req *r, struct jw_conn *c, const struct app_row *a, const char *event, int from,
                       enum jw_app_status to, const char *reason, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EVENT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, a->id);
  jw_bind_int(s, 2, time(NULL));
  jw_bind_text(s, 3, event);
  jw_bind_text(s, 4, from < 0 ? NULL : jw_app_status_name(from));
  jw_bind_text(s, 5, jw_app_status_name(to));
  jw_bind_int(s, 6, r->user->id);
  jw_bind_text(s, 7, reason ? reason : "");
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_audit(r, jw_arena_printf(r->arena, "application.%s", event), "application", a->id, err, "%s %s -> %s%s%.120s",
               a->tracking_no, from < 0 ? "-" : jw_app_status_name(from), jw_app_status_name(to),
               reason && *reason ? ": " : "", reason ? reason : "") != JW_OK)
    return err->code;
  if (!(s = jw_prepare(c, SQL_SERVICE_NAME, err))) return err->code;
  jw_bind_int(s, 1, a->service_id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  const char *service = jw_arena_strdup(r->arena, jw_col_text(s, 0));
  jw_conn_release(c);
  const char *title = jw_arena_printf(r->arena, "办件%s：%s", a->tracking_no, jw_app_status_label(to));
  const char *body = jw_arena_printf(r->arena, "您申请的“%s”（办件编号%s）状态为：%s。%s%s", service, a->tracking_no,
                                     jw_app_status_label(to), reason && *reason ? "说明：" : "", reason ? reason : "");
  return jw_notify(c, a->applicant_id, "application.status", title, body,
                   jw_arena_printf(r->arena, "/applications/%s", a->tracking_no), JW_NOTIFY_SMS, err);
}
