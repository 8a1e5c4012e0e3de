/* store.c — the SQL of one application (tables applications,
 * application_events, application_files, application_seq,
 * application_usage, application_ratings, application_followups, and the
 * reads of users, units, services and uploads the cases need). */
#include "applications/store.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/mem.h"

static const char SQL_LOAD[] =
    "SELECT id, service_id, applicant_id, unit_id, COALESCE(assignee_id, 0), service_version, status, tracking_no,"
    " unit_path, due_date, COALESCE(paused_on, ''), form, COALESCE(f.fee_cents, 0),"
    " CASE WHEN f.paid_at IS NULL THEN 0 ELSE 1 END"
    " FROM applications LEFT JOIN application_fees f ON f.application_id = applications.id WHERE tracking_no = ?";

int jw_apps_store_load(struct jw_conn *c, struct jw_arena *a, const char *tracking_no, struct jw_application *out,
                       struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LOAD, err);
  if (!s) return -1;
  jw_bind_text(s, 1, tracking_no);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    int status = jw_app_status_parse(jw_col_text(s, 6));
    assert(status >= 0); /* the CHECK constraint keeps stored statuses known */
    out->id = jw_col_int(s, 0);
    out->service_id = jw_col_int(s, 1);
    out->applicant_id = jw_col_int(s, 2);
    out->unit_id = jw_col_int(s, 3);
    out->assignee_id = jw_col_int(s, 4);
    out->service_version = (int)jw_col_int(s, 5);
    out->status = (enum jw_app_status)status;
    out->tracking_no = jw_arena_strdup(a, jw_col_text(s, 7));
    out->unit_path = jw_arena_strdup(a, jw_col_text(s, 8));
    out->due_date = jw_arena_strdup(a, jw_col_text(s, 9));
    out->paused_on = jw_col_text(s, 10)[0] ? jw_arena_strdup(a, jw_col_text(s, 10)) : NULL;
    out->form = jw_arena_strdup(a, jw_col_text(s, 11));
    out->fee_cents = jw_col_int(s, 12);
    out->fee_paid = (int)jw_col_int(s, 13);
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

static const char SQL_DETAIL[] =
    "SELECT s.name, un.name, u.name, u.phone, a.submitted_at, a.result, a.reason, a.completed_at,"
    " COALESCE(g.name, ''), rt.grade, COALESCE(rt.comment, '')"
    " FROM applications a JOIN services s ON s.id = a.service_id JOIN units un ON un.id = a.unit_id"
    " JOIN users u ON u.id = a.applicant_id LEFT JOIN users g ON g.id = a.assignee_id"
    " LEFT JOIN application_ratings rt ON rt.application_id = a.id WHERE a.id = ?";

enum jw_code jw_apps_store_detail(struct jw_conn *c, struct jw_arena *a, struct jw_app_detail *d,
                                  struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DETAIL, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, d->app.id);
  if (jw_step(s, err) != JW_STEP_ROW)
    return err->code ? err->code : jw_fail(err, JW_E_DB, "The application cannot be read.");
  d->service_name = jw_arena_strdup(a, jw_col_text(s, 0));
  d->unit_name = jw_arena_strdup(a, jw_col_text(s, 1));
  d->applicant_name = jw_arena_strdup(a, jw_col_text(s, 2));
  d->applicant_phone = jw_arena_strdup(a, jw_col_text(s, 3));
  d->submitted_at = jw_col_int(s, 4);
  d->result = jw_col_is_null(s, 5) ? NULL : jw_arena_strdup(a, jw_col_text(s, 5));
  d->reason = jw_arena_strdup(a, jw_col_text(s, 6));
  d->completed_at = jw_col_is_null(s, 7) ? 0 : jw_col_int(s, 7);
  d->assignee_name = jw_arena_strdup(a, jw_col_text(s, 8));
  d->grade = jw_col_is_null(s, 9) ? 0 : (int)jw_col_int(s, 9);
  d->comment = jw_arena_strdup(a, jw_col_text(s, 10));
  jw_conn_release(c);
  return JW_OK;
}

static const char SQL_HISTORY[] =
    "SELECT e.at, e.event, e.from_status, e.to_status, u.name, u.role, e.reason FROM application_events e"
    " JOIN users u ON u.id = e.actor_id WHERE e.application_id = ? ORDER BY e.id";

enum jw_code jw_apps_store_history(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_app_event **out,
                                   size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HISTORY, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  struct jw_app_event *v = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    v = jw_arena_grow(a, v, len, &cap, sizeof *v);
    struct jw_app_event *e = &v[len++];
    e->at = jw_col_int(s, 0);
    e->event = jw_arena_strdup(a, jw_col_text(s, 1));
    e->from = jw_col_is_null(s, 2) ? NULL : jw_arena_strdup(a, jw_col_text(s, 2));
    e->to = jw_arena_strdup(a, jw_col_text(s, 3));
    e->actor_name = jw_arena_strdup(a, jw_col_text(s, 4));
    e->actor_role = jw_arena_strdup(a, jw_col_text(s, 5));
    e->reason = jw_arena_strdup(a, jw_col_text(s, 6));
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = v;
  *n = len;
  return JW_OK;
}

static const char SQL_FILES[] =
    "SELECT f.name, f.upload_id, up.content_type, up.size, up.name FROM application_files f"
    " JOIN uploads up ON up.id = f.upload_id WHERE f.application_id = ? ORDER BY f.name, f.upload_id";

enum jw_code jw_apps_store_files(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_app_file **out, size_t *n,
                                 struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FILES, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  struct jw_app_file *v = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    v = jw_arena_grow(a, v, len, &cap, sizeof *v);
    struct jw_app_file *f = &v[len++];
    f->name = jw_arena_strdup(a, jw_col_text(s, 0));
    f->upload_id = jw_col_int(s, 1);
    f->content_type = jw_arena_strdup(a, jw_col_text(s, 2));
    f->size = jw_col_int(s, 3);
    f->file_name = jw_arena_strdup(a, jw_col_text(s, 4));
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = v;
  *n = len;
  return JW_OK;
}

static const char SQL_EVENT[] =
    "INSERT INTO application_events (application_id, at, event, from_status, to_status,"
    " actor_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?)";

enum jw_code jw_apps_store_event_add(struct jw_conn *c, int64_t id, int64_t at, const char *event, const char *from,
                                     const char *to, int64_t actor_id, const char *reason, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EVENT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, at);
  jw_bind_text(s, 3, event);
  jw_bind_text(s, 4, from);
  jw_bind_text(s, 5, to);
  jw_bind_int(s, 6, actor_id);
  jw_bind_text(s, 7, reason);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

static const char SQL_SERVICE_NAME[] = "SELECT name FROM services WHERE id = ?";

enum jw_code jw_apps_store_service_name(struct jw_conn *c, struct jw_arena *a, int64_t service_id, const char **name,
                                        struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SERVICE_NAME, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, service_id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *name = jw_arena_strdup(a, jw_col_text(s, 0));
  jw_conn_release(c);
  return JW_OK;
}

static const char SQL_UPLOAD[] = "SELECT content_type, size FROM uploads WHERE id = ? AND user_id = ?";

int jw_apps_store_upload(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t user_id, const char **type,
                         int64_t *size, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UPLOAD, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, user_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    *type = jw_arena_strdup(a, jw_col_text(s, 0));
    *size = jw_col_int(s, 1);
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

static const char SQL_FILES_DEL[] = "DELETE FROM application_files WHERE application_id = ?";
static const char SQL_FILE_ADD[] = "INSERT INTO application_files (application_id, name, upload_id) VALUES (?, ?, ?)";

enum jw_code jw_apps_store_files_put(struct jw_conn *c, int64_t id, const struct jw_attachment_in *att, size_t n,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FILES_DEL, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  for (size_t i = 0; i < n; i++) {
    if (!(s = jw_prepare(c, SQL_FILE_ADD, err))) return err->code;
    jw_bind_int(s, 1, id);
    jw_bind_text(s, 2, att[i].name);
    jw_bind_int(s, 3, att[i].upload_id);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  return JW_OK;
}

static const char SQL_USAGE[] =
    "INSERT INTO application_usage (user_id, day, n) VALUES (?, ?, 1)"
    " ON CONFLICT (user_id, day) DO UPDATE SET n = application_usage.n + 1"
    " WHERE application_usage.n + 1 <= ? RETURNING n";

int jw_apps_store_usage_bump(struct jw_conn *c, int64_t user_id, const char *day, int max, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_USAGE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  jw_bind_text(s, 2, day);
  jw_bind_int(s, 3, max);
  enum jw_step st = max < 1 ? JW_STEP_DONE : jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

static const char SQL_OPEN[] =
    "SELECT COUNT(*) FROM applications WHERE applicant_id = ? AND service_id = ?"
    " AND status IN ('submitted', 'accepted', 'supplement_requested', 'under_review', 'approved')";

int64_t jw_apps_store_open_count(struct jw_conn *c, int64_t user_id, int64_t service_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OPEN, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, service_id);
  if (jw_step(s, err) != JW_STEP_ROW) {
    if (!err->code) jw_fail(err, JW_E_DB, "The open applications cannot be counted.");
    return -1;
  }
  int64_t n = jw_col_int(s, 0);
  jw_conn_release(c);
  return n;
}

static const char SQL_SEQ[] =
    "INSERT INTO application_seq (day, n) VALUES (?, 1)"
    " ON CONFLICT (day) DO UPDATE SET n = application_seq.n + 1 RETURNING n";

int64_t jw_apps_store_seq_next(struct jw_conn *c, const char *day, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SEQ, err);
  if (!s) return -1;
  jw_bind_text(s, 1, day);
  if (jw_step(s, err) != JW_STEP_ROW) {
    if (!err->code) jw_fail(err, JW_E_DB, "The day's sequence cannot be counted up.");
    return -1;
  }
  int64_t n = jw_col_int(s, 0);
  jw_conn_release(c);
  return n;
}

static const char SQL_INSERT[] =
    "INSERT INTO applications (tracking_no, service_id, service_version, applicant_id, unit_id, unit_path, status,"
    " form, submitted_at, submitted_month, due_date, result, completed_at, completed_month, on_time, idem_key,"
    " idem_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

enum jw_code jw_apps_store_insert(struct jw_conn *c, const struct jw_apps_store_row *r, int64_t *id,
                                  struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, r->tracking_no);
  jw_bind_int(s, 2, r->service_id);
  jw_bind_int(s, 3, r->service_version);
  jw_bind_int(s, 4, r->applicant_id);
  jw_bind_int(s, 5, r->unit_id);
  jw_bind_text(s, 6, r->unit_path);
  jw_bind_text(s, 7, r->status);
  jw_bind_text(s, 8, r->form);
  jw_bind_int(s, 9, r->submitted_at);
  jw_bind_text(s, 10, r->submitted_month);
  jw_bind_text(s, 11, r->due_date);
  jw_bind_text(s, 12, r->result);
  if (r->completed_at) {
    jw_bind_int(s, 13, r->completed_at);
    jw_bind_text(s, 14, r->completed_month);
    jw_bind_int(s, 15, r->on_time);
  } else {
    jw_bind_null(s, 13);
    jw_bind_null(s, 14);
    jw_bind_null(s, 15);
  }
  jw_bind_text(s, 16, r->idem_key);
  jw_bind_text(s, 17, r->idem_hash);
  jw_bind_int(s, 18, r->updated_at);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

static const char SQL_IDEM[] =
    "SELECT tracking_no, status, due_date, service_version, idem_hash FROM applications"
    " WHERE applicant_id = ? AND idem_key = ?";

int jw_apps_store_idem(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char *key, struct jw_app_made *out,
                       const char **hash, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_IDEM, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  jw_bind_text(s, 2, key);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    snprintf(out->tracking_no, sizeof out->tracking_no, "%s", jw_col_text(s, 0));
    snprintf(out->status, sizeof out->status, "%s", jw_col_text(s, 1));
    snprintf(out->due_date, sizeof out->due_date, "%s", jw_col_text(s, 2));
    out->service_version = (int)jw_col_int(s, 3);
    *hash = jw_arena_strdup(a, jw_col_text(s, 4));
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

static const char SQL_UNIT[] = "SELECT id, path, kind FROM units WHERE id = ?";

int jw_apps_store_unit(struct jw_conn *c, struct jw_arena *a, int64_t unit_id, int64_t *id, const char **path,
                       const char **kind, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT, err);
  if (!s) return -1;
  jw_bind_int(s, 1, unit_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    *id = jw_col_int(s, 0);
    *path = jw_arena_strdup(a, jw_col_text(s, 1));
    *kind = jw_arena_strdup(a, jw_col_text(s, 2));
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

static const char SQL_MOVE[] =
    "UPDATE applications SET status = ?, reason = COALESCE(CAST(? AS TEXT), reason),"
    " result = COALESCE(CAST(? AS TEXT), result), form = COALESCE(CAST(? AS TEXT), form), paused_on = CAST(? AS TEXT),"
    " due_date = ?, completed_at = CAST(? AS BIGINT), completed_month = CAST(? AS TEXT), on_time = CAST(? AS BIGINT),"
    " updated_at = ? WHERE id = ? AND status = ?";

int jw_apps_store_move(struct jw_conn *c, const struct jw_apps_store_move *m, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MOVE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, m->to);
  jw_bind_text(s, 2, m->reason);
  jw_bind_text(s, 3, m->result);
  jw_bind_text(s, 4, m->form);
  jw_bind_text(s, 5, m->paused_on);
  jw_bind_text(s, 6, m->due_date);
  if (m->completed_at) {
    jw_bind_int(s, 7, m->completed_at);
    jw_bind_text(s, 8, m->completed_month);
    jw_bind_int(s, 9, m->on_time);
  } else {
    jw_bind_null(s, 7);
    jw_bind_null(s, 8);
    jw_bind_null(s, 9);
  }
  jw_bind_int(s, 10, m->now);
  jw_bind_int(s, 11, m->id);
  jw_bind_text(s, 12, m->from);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s) == 1;
}

static const char SQL_STAFF[] =
    "SELECT u.name, un.path FROM users u JOIN units un ON un.id = u.unit_id"
    " WHERE u.id = ? AND u.kind = 'staff' AND u.disabled = 0 AND u.role IN ('auxiliary', 'officer', 'station_chief',"
    " 'unit_admin', 'sysadmin')";

int jw_apps_store_staff(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char **name,
                        const char **unit_path, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_STAFF, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    *name = jw_arena_strdup(a, jw_col_text(s, 0));
    *unit_path = jw_arena_strdup(a, jw_col_text(s, 1));
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

static const char SQL_ASSIGN[] = "UPDATE applications SET assignee_id = ?, updated_at = ? WHERE id = ?";

enum jw_code jw_apps_store_assign(struct jw_conn *c, int64_t id, int64_t user_id, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ASSIGN, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

static const char SQL_RATE[] =
    "INSERT INTO application_ratings (application_id, grade, comment, created_at) VALUES (?, ?, ?, ?)";

enum jw_code jw_apps_store_rate(struct jw_conn *c, int64_t id, int grade, const char *comment, int64_t at,
                                struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RATE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, grade);
  jw_bind_text(s, 3, comment);
  jw_bind_int(s, 4, at);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

static const char SQL_FOLLOWUP[] =
    "INSERT INTO application_followups (application_id, unit_path, created_at) VALUES (?, ?, ?)";

enum jw_code jw_apps_store_followup_add(struct jw_conn *c, int64_t id, const char *unit_path, int64_t at,
                                        struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FOLLOWUP, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_text(s, 2, unit_path);
  jw_bind_int(s, 3, at);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

static const char SQL_FILE[] =
    "SELECT up.sha256, up.content_type, up.size, up.name FROM application_files f"
    " JOIN uploads up ON up.id = f.upload_id WHERE f.application_id = ? AND f.upload_id = ?";

int jw_apps_store_file(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t upload_id,
                       struct jw_app_stored_file *f, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FILE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, upload_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    f->sha256 = jw_arena_strdup(a, jw_col_text(s, 0));
    f->content_type = jw_arena_strdup(a, jw_col_text(s, 1));
    f->size = jw_col_int(s, 2);
    f->name = jw_arena_strdup(a, jw_col_text(s, 3));
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

static const char SQL_FEE_PUT[] = "INSERT INTO application_fees (application_id, fee_cents) VALUES (?, ?)";

enum jw_code jw_apps_store_fee_put(struct jw_conn *c, int64_t id, int64_t fee_cents, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FEE_PUT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, fee_cents);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

static const char SQL_FEE_DUE[] =
    "SELECT a.status, s.name, f.fee_cents, CASE WHEN f.paid_at IS NULL THEN 0 ELSE 1 END"
    " FROM applications a JOIN services s ON s.id = a.service_id"
    " LEFT JOIN application_fees f ON f.application_id = a.id WHERE a.tracking_no = ? AND a.applicant_id = ?";

int jw_apps_store_fee_due(struct jw_conn *c, const char *tracking_no, int64_t applicant_id, struct jw_app_fee_due *out,
                          struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FEE_DUE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, tracking_no);
  jw_bind_int(s, 2, applicant_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    snprintf(out->status, sizeof out->status, "%s", jw_col_text(s, 0));
    snprintf(out->service_name, sizeof out->service_name, "%s", jw_col_text(s, 1));
    out->fee_cents = jw_col_is_null(s, 2) ? 0 : jw_col_int(s, 2);
    out->paid = (int)jw_col_int(s, 3);
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

/* Only while the case is not over: money for a withdrawn case is not its fee (payments refunds it). */
static const char SQL_FEE_PAID[] =
    "UPDATE application_fees SET paid_at = ? WHERE paid_at IS NULL"
    " AND application_id = (SELECT id FROM applications WHERE tracking_no = ?"
    "   AND status NOT IN ('withdrawn', 'not_accepted', 'refused', 'completed'))";

int jw_apps_store_fee_paid(struct jw_conn *c, const char *tracking_no, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FEE_PAID, err);
  if (!s) return -1;
  jw_bind_int(s, 1, now);
  jw_bind_text(s, 2, tracking_no);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}

/* The citizen's home: the unit path of the grid of the resident record with
 * their ID number (the first one, should there be several). */
static const char SQL_HOME_PATH[] =
    "SELECT g.unit_path FROM users u JOIN residents r ON r.id_bidx = u.id_bidx JOIN grids g ON g.id = r.grid_id"
    " WHERE u.id = ? AND u.id_bidx IS NOT NULL ORDER BY r.id LIMIT 1";
/* The units on a path (the unit and its ancestors), deepest first. Paths are digits and slashes: no LIKE wildcards. */
static const char SQL_UNITS_ON_PATH[] =
    "SELECT id, name, kind, address FROM units WHERE ? LIKE path || '%' ORDER BY LENGTH(path) DESC";

int jw_apps_store_home_unit(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char *const *kinds,
                            struct jw_apps_unit *out, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HOME_PATH, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  const char *path = st == JW_STEP_ROW ? jw_arena_strdup(a, jw_col_text(s, 0)) : NULL;
  jw_conn_release(c);
  if (!path) return 0;
  if (!(s = jw_prepare(c, SQL_UNITS_ON_PATH, err))) return -1;
  jw_bind_text(s, 1, path);
  int found = 0;
  while (!found && (st = jw_step(s, err)) == JW_STEP_ROW) {
    const char *kind = jw_col_text(s, 2);
    for (const char *const *k = kinds; *k && !found; k++)
      if (strcmp(*k, kind) == 0) {
        out->id = jw_col_int(s, 0);
        out->name = jw_arena_strdup(a, jw_col_text(s, 1));
        out->kind = jw_arena_strdup(a, kind);
        out->address = jw_arena_strdup(a, jw_col_text(s, 3));
        found = 1;
      }
  }
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? -1 : found;
}

/* With each unit its parent's name and its district's: the nearest branch
 * (分局) at or above it, by path prefix ("" when none is above it). */
static const char SQL_UNITS_OF_KINDS[] =
    "SELECT u.id, u.name, u.kind, u.address, COALESCE(p.name, ''),"
    " COALESCE((SELECT b.name FROM units b WHERE b.kind = 'branch' AND u.path LIKE b.path || '%'"
    " ORDER BY LENGTH(b.path) DESC LIMIT 1), '')"
    " FROM units u LEFT JOIN units p ON p.id = u.parent_id"
    " WHERE u.kind IN (?, ?, ?, ?) ORDER BY u.path, u.id LIMIT 500";

enum jw_code jw_apps_store_units_of_kinds(struct jw_conn *c, struct jw_arena *a, const char *const *kinds,
                                          struct jw_apps_unit **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNITS_OF_KINDS, err);
  if (!s) return err->code;
  for (int i = 0, k = 0; i < 4; i++) jw_bind_text(s, i + 1, kinds[k] ? kinds[k++] : "");
  size_t cap = 16;
  *out = jw_arena_alloc(a, cap * sizeof **out);
  *n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (*n == cap) {
      struct jw_apps_unit *more = jw_arena_alloc(a, 2 * cap * sizeof *more);
      memcpy(more, *out, cap * sizeof *more);
      *out = more, cap *= 2;
    }
    (*out)[(*n)++] = (struct jw_apps_unit){jw_col_int(s, 0),
                                           jw_arena_strdup(a, jw_col_text(s, 1)),
                                           jw_arena_strdup(a, jw_col_text(s, 2)),
                                           jw_arena_strdup(a, jw_col_text(s, 3)),
                                           jw_arena_strdup(a, jw_col_text(s, 4)),
                                           jw_arena_strdup(a, jw_col_text(s, 5))};
  }
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? err->code : JW_OK;
}
