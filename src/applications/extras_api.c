/* extras_api.c — around a case: assignment to an officer, the citizen's
 * rating (and the follow-up a bad one creates), and attachment download. */
#include <string.h>
#include <time.h>

#include "audit/api.h"
#include "auth/auth.h"
#include "applications/internal.h"
#include "core/jspec.h"
#include "core/validate.h"
#include "uploads/uploads.h"

static const char SQL_STAFF[] =
    "SELECT u.name, un.path FROM users u JOIN units un ON un.id = u.unit_id"
    " WHERE u.id = ? AND u.kind = 'staff' AND u.disabled = 0 AND u.role IN ('auxiliary', 'officer', 'station_chief',"
    " 'unit_admin', 'sysadmin')";
static const char SQL_ASSIGN[] = "UPDATE applications SET assignee_id = ?, updated_at = ? WHERE id = ?";

struct assign {
  struct jw_req *r;
  struct app_row a;
  int64_t user_id;
  const char *name;
};

static enum jw_code assign_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct assign *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_ASSIGN, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, t->user_id);
  jw_bind_int(s, 2, time(NULL));
  jw_bind_int(s, 3, t->a.id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return jw_audit(t->r, "application.assign", "application", t->a.id, err, "%s to %s (user %lld)", t->a.tracking_no,
                  t->name, (long long)t->user_id);
}

enum jw_code jw_apps_api_assign(struct jw_req *r, struct jw_error *err) {
  struct assign t = {.r = r};
  const struct jw_field f[] = {{"user_id", JS_INT, JS_REQUIRED, 1, INT64_MAX, &t.user_id, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send {\"user_id\": …} as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  if (app_load(r, r->params[0], &t.a, err) != JW_OK) return err->code;
  if (!app_staff_view(r, &t.a)) return jw_fail(err, JW_E_NOT_FOUND, "There is no such application that you may see.");
  struct jw_stmt *s = jw_prepare(r->db, SQL_STAFF, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, t.user_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  /* The officer must work within the caller's scope and see the case. */
  int ok = st == JW_STEP_ROW && jw_scope_contains(r->user, jw_col_text(s, 1)) &&
           strncmp(t.a.unit_path, jw_col_text(s, 1), strlen(jw_col_text(s, 1))) == 0;
  if (ok) t.name = jw_arena_strdup(r->arena, jw_col_text(s, 0));
  jw_conn_release(r->db);
  if (!ok) {
    jw_field_fail(err, "user_id", "must be a staff member of the case's unit (or above it) within your scope");
    return err->code;
  }
  if (jw_tx(r->db, assign_tx, &t, err) != JW_OK) return err->code;
  if (app_load(r, r->params[0], &t.a, err) != JW_OK) return err->code;
  json_t *o = app_detail(r, &t.a, err);
  if (!o) return err->code;
  jw_reply_json(r, 200, o);
  return JW_OK;
}

static const char SQL_RATE[] =
    "INSERT INTO application_ratings (application_id, grade, comment, created_at) VALUES (?, ?, ?, ?)";
static const char SQL_FOLLOWUP[] =
    "INSERT INTO application_followups (application_id, unit_path, created_at) VALUES (?, ?, ?)";

struct rate {
  struct jw_req *r;
  struct app_row a;
  int64_t grade;
  const char *comment;
};

static enum jw_code rate_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct rate *t = arg;
  int64_t now = time(NULL);
  struct jw_stmt *s = jw_prepare(c, SQL_RATE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, t->a.id);
  jw_bind_int(s, 2, t->grade);
  jw_bind_text(s, 3, t->comment);
  jw_bind_int(s, 4, now);
  if (jw_step(s, err) == JW_STEP_ERROR)
    return err->code == JW_E_CONFLICT ? jw_fail(err, JW_E_CONFLICT, "This application has already been rated.")
                                      : err->code;
  if (t->grade <= 2) {
    if (!(s = jw_prepare(c, SQL_FOLLOWUP, err))) return err->code;
    jw_bind_int(s, 1, t->a.id);
    jw_bind_text(s, 2, t->a.unit_path);
    jw_bind_int(s, 3, now);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  return jw_audit(t->r, "application.rate", "application", t->a.id, err, "%s grade %lld", t->a.tracking_no,
                  (long long)t->grade);
}

enum jw_code jw_apps_api_rate(struct jw_req *r, struct jw_error *err) {
  struct rate t = {.r = r, .comment = ""};
  const struct jw_field f[] = {
      {"grade", JS_INT, JS_REQUIRED, 1, 5, &t.grade, NULL, NULL},
      {"comment", JS_STR, JS_NULLABLE | JS_MULTILINE, 0, 500, &t.comment, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send {\"grade\": 1-5} as JSON.");
  if (jw_json_fields(r->body, f, 2, err) != JW_OK) return err->code;
  if (app_load(r, r->params[0], &t.a, err) != JW_OK) return err->code;
  if (t.a.applicant_id != r->user->id) return jw_fail(err, JW_E_FORBIDDEN, "Only the applicant rates the service.");
  if (t.a.status != APP_COMPLETED)
    return jw_fail(err, JW_E_CONFLICT, "An application can be rated once it is completed (办结).");
  if (jw_tx(r->db, rate_tx, &t, err) != JW_OK) return err->code;
  jw_reply_json(r, 201,
                json_pack("{s:I, s:s, s:s}", "grade", (json_int_t)t.grade, "grade_name",
                          jw_app_grade_name((int)t.grade), "comment", t.comment));
  return JW_OK;
}

static const char SQL_FILE[] =
    "SELECT up.sha256, up.content_type, up.size, up.name FROM application_files f JOIN uploads up ON up.id = "
    "f.upload_id"
    " WHERE f.application_id = ? AND f.upload_id = ?";

/* Always an attachment, never shown inline; the ASCII fallback name and the
 * RFC 5987 filename* (UTF-8 with everything but letters, digits and a few
 * marks percent-encoded) both end in the extension of the sniffed type. */
static char *disposition(struct jw_arena *a, const char *name, const char *type) {
  size_t n = strlen(name);
  char *out = jw_arena_alloc(a, 80 + n * 3), *p = out;
  p += sprintf(p, "attachment; filename=\"download.%s\"; filename*=UTF-8''", jw_upload_ext(type));
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)name[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c))
      *p++ = (char)c;
    else
      p += sprintf(p, "%%%02X", c);
  }
  *p = '\0';
  return out;
}

enum jw_code jw_apps_api_attachment(struct jw_req *r, struct jw_error *err) {
  struct app_row a;
  if (app_load(r, r->params[0], &a, err) != JW_OK) return err->code;
  struct jw_stmt *s = jw_prepare(r->db, SQL_FILE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, a.id);
  jw_bind_int(s, 2, jw_param_id(r, 1));
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "The application has no such attachment.");
  const char *sha = jw_arena_strdup(r->arena, jw_col_text(s, 0));
  const char *type = jw_arena_strdup(r->arena, jw_col_text(s, 1));
  int64_t size = jw_col_int(s, 2);
  /* Uploads stored before names were fixed on upload are fixed here. */
  const char *name = jw_upload_file_name(r->arena, jw_col_text(s, 3), type);
  jw_conn_release(r->db);
  const void *data;
  if (jw_upload_read(r->arena, r->app->cfg.upload_dir, sha, size, &data, err) != JW_OK) return err->code;
  if (app_staff_view(r, &a) &&
      app_audit_read(r, "application.attachment", &a, jw_arena_printf(r->arena, "file %s", r->params[1]), err) != JW_OK)
    return err->code;
  jw_reply_bytes(r, 200, type, data, (size_t)size);
  jw_reply_header(r, "Content-Disposition", disposition(r->arena, name, type));
  return JW_OK;
}
