/* apply_api.c — a citizen applies: the form against the item's definition,
 * a tracking number from the day's sequence, the due date in working days,
 * and Idempotency-Key so that a double click makes one application. */
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "applications/internal.h"
#include "services/document.h"
#include "services/services.h"

static const char SQL_UPLOAD[] = "SELECT content_type, size FROM uploads WHERE id = ? AND user_id = ?";

enum jw_code app_attachments_in(struct jw_req *r, json_t *list, struct jw_attachment_in **out, size_t *n,
                                struct jw_error *err) {
  *n = 0;
  *out = NULL;
  if (!list || json_is_null(list)) return JW_OK;
  if (!json_is_array(list) || json_array_size(list) > 40) {
    jw_field_fail(err, "attachments", "must be a list of at most 40 {name, upload_id}");
    return err->code;
  }
  struct jw_attachment_in *a = jw_arena_zalloc(r->arena, (json_array_size(list) + 1) * sizeof *a);
  size_t i;
  json_t *o;
  json_array_foreach(list, i, o) {
    char at[48];
    snprintf(at, sizeof at, "attachments[%zu]", i);
    json_t *name = json_object_get(o, "name"), *id = json_object_get(o, "upload_id");
    if (!json_is_object(o) || json_object_size(o) != 2 || !json_is_string(name) || !json_is_integer(id) ||
        json_string_length(name) > 64) {
      jw_field_fail(err, at, "must be {\"name\": attachment name, \"upload_id\": id}");
      continue;
    }
    a[i].name = jw_arena_strdup(r->arena, json_string_value(name));
    a[i].upload_id = json_integer_value(id);
    struct jw_stmt *s = jw_prepare(r->db, SQL_UPLOAD, err);
    if (!s) return err->code;
    jw_bind_int(s, 1, a[i].upload_id);
    jw_bind_int(s, 2, r->user->id);
    enum jw_step st = jw_step(s, err);
    if (st == JW_STEP_ERROR) return err->code;
    if (st == JW_STEP_ROW) {
      a[i].type = jw_arena_strdup(r->arena, jw_col_text(s, 0));
      a[i].size = jw_col_int(s, 1);
    }
    jw_conn_release(r->db);
  }
  *out = a;
  *n = json_array_size(list);
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

static const char SQL_FILES_DEL[] = "DELETE FROM application_files WHERE application_id = ?";
static const char SQL_FILE_ADD[] = "INSERT INTO application_files (application_id, name, upload_id) VALUES (?, ?, ?)";

enum jw_code app_files_put(struct jw_conn *c, int64_t id, const struct jw_attachment_in *a, size_t n,
                           struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FILES_DEL, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  for (size_t i = 0; i < n; i++) {
    if (!(s = jw_prepare(c, SQL_FILE_ADD, err))) return err->code;
    jw_bind_int(s, 1, id);
    jw_bind_text(s, 2, a[i].name);
    jw_bind_int(s, 3, a[i].upload_id);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  return JW_OK;
}

struct apply {
  struct jw_req *r;
  int64_t service_id, unit_id;
  int version, promised_days;
  const char *service_name, *unit_path, *form, *idem_key, *idem_hash;
  struct jw_attachment_in *att;
  size_t natt;
  /* the result */
  int64_t id;
  char tracking_no[40];
  char due[11];
};

static const char SQL_SEQ[] =
    "INSERT INTO application_seq (day, n) VALUES (?, 1)"
    " ON CONFLICT (day) DO UPDATE SET n = application_seq.n + 1 RETURNING n";
static const char SQL_APP_ADD[] =
    "INSERT INTO applications (tracking_no, service_id, service_version, applicant_id, unit_id, unit_path, status,"
    " form, submitted_at, submitted_month, due_date, idem_key, idem_hash, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?) RETURNING id";

static const char SQL_USAGE[] =
    "INSERT INTO application_usage (user_id, day, n) VALUES (?, ?, 1)"
    " ON CONFLICT (user_id, day) DO UPDATE SET n = application_usage.n + 1"
    " WHERE application_usage.n + 1 <= ? RETURNING n";
static const char SQL_OPEN[] =
    "SELECT COUNT(*) FROM applications WHERE applicant_id = ? AND service_id = ?"
    " AND status IN ('submitted', 'accepted', 'supplement_requested', 'under_review', 'approved')";

/*
 * The citizen's limits, in the transaction that adds the application: the
 * day's row is counted up only while it stays within the daily limit, and
 * it stays locked until the commit, so one citizen's applications pass one
 * at a time and the open ones per item are counted from committed rows.
 */
static enum jw_code within_limits(struct jw_conn *c, struct apply *p, const char *today, struct jw_error *err) {
  struct jw_req *r = p->r;
  const struct jw_config *cfg = &r->app->cfg;
  struct jw_stmt *s = jw_prepare(c, SQL_USAGE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_text(s, 2, today);
  jw_bind_int(s, 3, cfg->app_daily);
  enum jw_step st = cfg->app_daily < 1 ? JW_STEP_DONE : jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  if (st == JW_STEP_DONE) {
    err->retry_after = jw_secs_to_midnight(time(NULL), cfg->tz_offset_min);
    return jw_fail(err, JW_E_RATE_LIMITED,
                   "You have made %d applications today, the most one person may; apply again tomorrow.",
                   cfg->app_daily);
  }
  if (!(s = jw_prepare(c, SQL_OPEN, err))) return err->code;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_int(s, 2, p->service_id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  int64_t open = jw_col_int(s, 0);
  jw_conn_release(c);
  if (open >= cfg->app_open_per_item)
    return jw_fail(err, JW_E_CONFLICT,
                   "You already have %lld open applications for this item, the most one person may; wait until one "
                   "is finished or withdraw one.",
                   (long long)open);
  return JW_OK;
}

static enum jw_code apply_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct apply *p = arg;
  struct jw_req *r = p->r;
  char today[11];
  app_today(r, today);
  if (within_limits(c, p, today, err) != JW_OK) return err->code;
  char day[9] = {today[0], today[1], today[2], today[3], today[5], today[6], today[8], today[9], 0};
  struct jw_stmt *s = jw_prepare(c, SQL_SEQ, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, day);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  app_tracking_no(day, jw_col_int(s, 0), p->tracking_no);
  jw_conn_release(c);
  struct jw_date d, due;
  jw_date_parse(today, &d);
  if (jw_calendar_add_workdays(c, d, p->promised_days, &due, err) != JW_OK) return err->code;
  jw_date_format(due, p->due);
  if (!(s = jw_prepare(c, SQL_APP_ADD, err))) return err->code;
  int64_t now = time(NULL);
  jw_bind_text(s, 1, p->tracking_no);
  jw_bind_int(s, 2, p->service_id);
  jw_bind_int(s, 3, p->version);
  jw_bind_int(s, 4, r->user->id);
  jw_bind_int(s, 5, p->unit_id);
  jw_bind_text(s, 6, p->unit_path);
  jw_bind_text(s, 7, p->form);
  jw_bind_int(s, 8, now);
  jw_bind_text(s, 9, jw_arena_strndup(r->arena, today, 7));
  jw_bind_text(s, 10, p->due);
  jw_bind_text(s, 11, p->idem_key);
  jw_bind_text(s, 12, p->idem_hash);
  jw_bind_int(s, 13, now);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  p->id = jw_col_int(s, 0);
  jw_conn_release(c);
  if (app_files_put(c, p->id, p->att, p->natt, err) != JW_OK) return err->code;
  struct app_row a = {
      .id = p->id, .applicant_id = r->user->id, .tracking_no = p->tracking_no, .service_id = p->service_id};
  return app_event(r, c, &a, "submit", -1, APP_SUBMITTED, "", err);
}

static const char SQL_IDEM[] =
    "SELECT tracking_no, status, due_date, service_version, idem_hash FROM applications"
    " WHERE applicant_id = ? AND idem_key = ?";

/* A repeat of an earlier request with the same key: its first answer (the
 * same body) or 422 (a different body). 0 when the key is new. */
static int idem_repeat(struct jw_req *r, const char *key, const char *hash, enum jw_code *rc, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_IDEM, err);
  if (!s) return (*rc = err->code), 1;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_text(s, 2, key);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return (*rc = err->code), 1;
  if (st == JW_STEP_DONE) return 0;
  if (strcmp(jw_col_text(s, 4), hash) != 0) {
    *rc = jw_fail(err, JW_E_VALIDATION,
                  "This Idempotency-Key was already used for a different application; use a new key.");
    return 1;
  }
  jw_reply_json(r, 201,
                json_pack("{s:s, s:s, s:s, s:I}", "tracking_no", jw_col_text(s, 0), "status", jw_col_text(s, 1),
                          "due_date", jw_col_text(s, 2), "service_version", (json_int_t)jw_col_int(s, 3)));
  *rc = JW_OK;
  return 1;
}

static const char SQL_UNIT[] = "SELECT path, kind FROM units WHERE id = ?";
static const char SQL_ROOT_UNIT[] = "SELECT id, path, kind FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1";

/* The accepting unit: the one named (a bureau, branch, station or traffic
 * brigade), or the city bureau. */
static enum jw_code accepting_unit(struct jw_req *r, struct apply *p, json_t *unit, struct jw_error *err) {
  if (unit && !json_is_null(unit) && (!json_is_integer(unit) || json_integer_value(unit) < 1)) {
    jw_field_fail(err, "unit_id", "must be a unit id");
    return err->code;
  }
  int given = json_is_integer(unit);
  struct jw_stmt *s = jw_prepare(r->db, given ? SQL_UNIT : SQL_ROOT_UNIT, err);
  if (!s) return err->code;
  if (given) jw_bind_int(s, 1, json_integer_value(unit));
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  static const char *const kinds[] = {"bureau", "branch", "station", "traffic_brigade", NULL};
  int ok = 0;
  if (st == JW_STEP_ROW)
    for (int i = 0; kinds[i]; i++) ok |= strcmp(jw_col_text(s, given ? 1 : 2), kinds[i]) == 0;
  if (!ok) {
    jw_conn_release(r->db);
    jw_field_fail(err, "unit_id",
                  "must be a bureau, branch, police station or traffic brigade that accepts applications");
    return err->code;
  }
  p->unit_id = given ? json_integer_value(unit) : jw_col_int(s, 0);
  p->unit_path = jw_arena_strdup(r->arena, jw_col_text(s, given ? 0 : 1));
  jw_conn_release(r->db);
  return JW_OK;
}

/* The key and a hash of the body, for Idempotency-Key. */
static enum jw_code idem_input(struct jw_req *r, struct apply *p, struct jw_error *err) {
  const char *key = jw_header(r, "Idempotency-Key");
  if (!key) return JW_OK;
  size_t n = strlen(key);
  if (n == 0 || n > 64 || strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:") != n)
    return jw_fail(err, JW_E_BAD_REQUEST, "Idempotency-Key must be 1-64 letters, digits or -_.:");
  char *text = json_dumps(r->body, JSON_COMPACT | JSON_SORT_KEYS);
  if (!text) return jw_fail(err, JW_E_INTERNAL, "Out of memory.");
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
  free(text);
  char hex[sizeof h * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  p->idem_key = jw_arena_strdup(r->arena, key);
  p->idem_hash = jw_arena_strdup(r->arena, hex);
  return JW_OK;
}

/* Checks the body against the item and fills p. */
static enum jw_code apply_input(struct jw_req *r, struct apply *p, struct jw_error *err) {
  json_t *b = r->body;
  if (!json_is_object(b)) return jw_fail(err, JW_E_BAD_JSON, "Send the application as a JSON object.");
  const char *k;
  json_t *v;
  json_object_foreach(b, k, v) if (strcmp(k, "service_id") && strcmp(k, "unit_id") && strcmp(k, "form") &&
                                   strcmp(k, "attachments")) jw_field_fail(err, k, "is not a known field");
  json_t *sid = json_object_get(b, "service_id");
  if (!json_is_integer(sid) || json_integer_value(sid) < 1) jw_field_fail(err, "service_id", "must be an item id");
  if (err->nfields) return JW_E_VALIDATION;
  json_t *doc;
  p->service_id = json_integer_value(sid);
  if (jw_service_doc(r->db, p->service_id, 0, &doc, &p->version, err) != JW_OK) {
    jw_error_clear(err);
    jw_field_fail(err, "service_id", "there is no published item %lld", (long long)p->service_id);
    return err->code;
  }
  jw_conn_release(r->db);
  jw_arena_defer(r->arena, (void (*)(void *))json_decref, doc);
  p->service_name = json_string_value(json_object_get(doc, "name"));
  p->promised_days = (int)json_integer_value(json_object_get(doc, "promised_days"));
  json_t *def = json_object_get(doc, "form"), *form = NULL;
  /* No "form" checks as an empty one (every required field is named); the
   * stand-in object is this function's to release. */
  json_t *given = json_object_get(b, "form"), *none = given ? NULL : json_object();
  jw_form_check(def, given ? given : none, &form, err);
  json_decref(none);
  if (form) {
    char *text = json_dumps(form, JSON_COMPACT);
    json_decref(form);
    if (!text) return jw_fail(err, JW_E_INTERNAL, "Out of memory.");
    p->form = jw_arena_strdup(r->arena, text);
    free(text);
  }
  if (app_attachments_in(r, json_object_get(b, "attachments"), &p->att, &p->natt, err) == JW_OK)
    jw_attachments_check(def, p->att, p->natt, err);
  else if (err->code != JW_E_VALIDATION)
    return err->code;
  accepting_unit(r, p, json_object_get(b, "unit_id"), err);
  return err->nfields ? JW_E_VALIDATION : err->code;
}

enum jw_code jw_apps_api_create(struct jw_req *r, struct jw_error *err) {
  if (r->user->role != JW_ROLE_CITIZEN) return jw_fail(err, JW_E_FORBIDDEN, "Only citizens apply.");
  struct apply p = {.r = r};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the application as JSON.");
  if (idem_input(r, &p, err) != JW_OK) return err->code;
  enum jw_code rc;
  if (p.idem_key && idem_repeat(r, p.idem_key, p.idem_hash, &rc, err)) return rc;
  jw_conn_release(r->db);
  if (apply_input(r, &p, err) != JW_OK) return err->code;
  rc = jw_tx(r->db, apply_tx, &p, err);
  /* Two requests with the same key at once: the second meets the UNIQUE
   * constraint and answers what the first made. */
  if (rc == JW_E_CONFLICT && p.idem_key) {
    struct jw_error again = {0}; /* err keeps the conflict when the key was not used before */
    enum jw_code rc2;
    if (idem_repeat(r, p.idem_key, p.idem_hash, &rc2, &again)) {
      if (rc2 != JW_OK) *err = again;
      return rc2;
    }
  }
  if (rc != JW_OK) return rc;
  jw_reply_json(r, 201,
                json_pack("{s:s, s:s, s:s, s:i}", "tracking_no", p.tracking_no, "status", "submitted", "due_date",
                          p.due, "service_version", p.version));
  return JW_OK;
}
