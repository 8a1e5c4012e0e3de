/* officers_api.c — the public officer directory and its staff upkeep. */
#include <string.h>
#include <time.h>

#include "audit/api.h"
#include "core/identity.h"
#include "core/jspec.h"
#include "directory/cache.h"
#include "directory/directory.h"

static const char *const officer_kinds[] = {"police", "auxiliary", NULL};

/* The listing is served from the in-memory snapshot (cache.h): a substring
 * search over a few thousand officers in listing order, each already JSON. */
enum jw_code jw_officers_api_list(struct jw_req *r, struct jw_error *err) {
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  const char *unit = jw_query(r, "unit_id");
  const char *kind = jw_query(r, "kind");
  const char *q = jw_query(r, "q");
  int want = -1; /* -1 both, 1 police, 0 auxiliary */
  if (kind && strcmp(kind, "police") == 0)
    want = 1;
  else if (kind && strcmp(kind, "auxiliary") == 0)
    want = 0;
  else if (kind)
    jw_field_fail(err, "kind", "must be police or auxiliary");
  if (q && strlen(q) > 100) jw_field_fail(err, "q", "must have at most 100 characters");
  int64_t unit_id = 0;
  if (unit) {
    r->nparams = 1;
    r->params[0] = unit;
    if (!(unit_id = jw_param_id(r, 0))) jw_field_fail(err, "unit_id", "must be a unit id");
  }
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_dir_snapshot *snap = jw_dir_snapshot(r->db, err);
  if (!snap) return err->code;
  const char *scope = "/";
  if (unit_id && !(scope = jw_dir_unit_path(snap, unit_id))) {
    jw_dir_release(snap);
    return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %lld.", (long long)unit_id);
  }
  size_t scope_len = strlen(scope);
  struct jw_buf o = {r->arena, NULL, 0, 0};
  jw_buf_put(&o, "{\"items\":[", 10);
  int64_t matched = 0, shown = 0, next = 0;
  for (size_t i = 0; i < snap->nofficers; i++) {
    const struct jw_dir_officer *e = &snap->officers[i];
    if ((want >= 0 && e->police != want) || strncmp(e->unit_path, scope, scope_len) != 0 ||
        (q && *q && !strstr(e->search, q)))
      continue;
    if (matched++ < offset) continue;
    if (shown == limit) {
      next = offset + limit;
      break;
    }
    if (shown++) jw_buf_put(&o, ",", 1);
    jw_buf_put(&o, e->json, e->json_len);
  }
  jw_dir_release(snap);
  if (next) {
    char tail[48];
    int n = snprintf(tail, sizeof tail, "],\"next_cursor\":\"%lld\"}", (long long)next);
    jw_buf_put(&o, tail, (size_t)n);
  } else {
    jw_buf_put(&o, "],\"next_cursor\":null}", 21);
  }
  jw_reply_text(r, 200, "application/json", o.p);
  return JW_OK;
}

static const char SQL_OFFICER_GET[] = "SELECT " JW_OFFICER_COLS
                                      ", un.id, un.kind, un.address, un.phone, un.hours, un.path"
                                      " FROM officers o JOIN units un ON un.id = o.unit_id WHERE o.id = ?";

enum jw_code jw_officers_api_get(struct jw_req *r, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_OFFICER_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, jw_param_id(r, 0));
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no officer %s.", r->params[0]);
  json_t *o = jw_officer_json(s);
  json_object_set_new(o, "unit",
                      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)jw_col_int(s, 11), "name",
                                jw_col_text(s, 2), "kind", jw_col_text(s, 12), "address", jw_col_text(s, 13), "phone",
                                jw_col_text(s, 14), "hours", jw_col_text(s, 15)));
  jw_reply_json(r, 200, o);
  return JW_OK;
}

struct officer_tx {
  struct jw_req *r;
  struct jw_new_officer in;
  int64_t id;
};

/* Parses an officer body; the unit must exist and be in the caller's scope. */
static enum jw_code officer_input(struct jw_req *r, struct jw_new_officer *in, struct jw_error *err) {
  memset(in, 0, sizeof *in);
  int kind = -1;
  const struct jw_field f[] = {
      {"unit_id", JS_INT, JS_REQUIRED, 1, INT64_MAX, &in->unit_id, NULL, NULL},
      {"name", JS_STR, JS_REQUIRED, 2, 30, &in->name, NULL, NULL},
      {"kind", JS_ENUM, JS_REQUIRED, 0, 0, &kind, officer_kinds, NULL},
      {"badge_no", JS_STR, JS_NULLABLE, 6, 6, &in->badge_no, NULL, NULL},
      {"title", JS_STR, JS_NULLABLE, 0, 40, &in->title, NULL, NULL},
      {"duty_area", JS_STR, JS_NULLABLE, 0, 200, &in->duty_area, NULL, NULL},
      {"office_hours", JS_STR, JS_NULLABLE, 0, 100, &in->office_hours, NULL, NULL},
      {"accepts_appointments", JS_BOOL, JS_NULLABLE, 0, 0, &in->accepts_appointments, NULL, NULL},
      {"intro", JS_STR, JS_NULLABLE | JS_MULTILINE, 0, 1000, &in->intro, NULL, NULL},
      {"rank", JS_INT, JS_NULLABLE, 0, 1000, &in->rank, NULL, NULL},
  };
  in->rank = 100;
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the officer as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  in->kind = officer_kinds[kind];
  if (kind == 0) {
    if (!in->badge_no)
      jw_field_fail(err, "badge_no", "is required for police officers");
    else if (strspn(in->badge_no, "0123456789") != 6)
      jw_field_fail(err, "badge_no", "must be 6 digits");
  } else if (in->badge_no) {
    jw_field_fail(err, "badge_no", "auxiliary officers have no badge number");
  }
  if (err->nfields) return JW_E_VALIDATION;
  const char *path;
  if (jw_unit_path(r->db, r->arena, in->unit_id, &path, err) != JW_OK) {
    jw_error_clear(err);
    jw_field_fail(err, "unit_id", "there is no such unit");
    return JW_E_VALIDATION;
  }
  if (!jw_scope_contains(r->user, path))
    return jw_fail(err, JW_E_FORBIDDEN, "Unit %lld is outside the units you manage.", (long long)in->unit_id);
  return JW_OK;
}

static enum jw_code officer_create_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct officer_tx *t = arg;
  enum jw_code rc = jw_officer_insert(c, &t->in, &t->id, err);
  if (rc == JW_OK) rc = jw_dir_bump(c, err);
  if (rc != JW_OK) return rc;
  return jw_audit(t->r, "officer.create", "officer", t->id, err, "%s", t->in.name);
}

static enum jw_code reply_officer(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_OFFICER_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_NOT_FOUND;
  jw_reply_json(r, status, jw_officer_json(s));
  return JW_OK;
}

enum jw_code jw_officers_api_create(struct jw_req *r, struct jw_error *err) {
  struct officer_tx t = {.r = r};
  if (officer_input(r, &t.in, err) != JW_OK) return err->code;
  enum jw_code rc = jw_tx(r->db, officer_create_tx, &t, err);
  if (rc != JW_OK) return rc;
  return reply_officer(r, t.id, 201, err);
}

/* The officer named in the URL, if the caller's scope covers its unit. */
static enum jw_code officer_in_scope(struct jw_req *r, int64_t *id, struct jw_error *err) {
  *id = jw_param_id(r, 0);
  struct jw_stmt *s = jw_prepare(r->db, SQL_OFFICER_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, *id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  int ok = st == JW_STEP_ROW && jw_scope_contains(r->user, jw_col_text(s, 16));
  jw_conn_release(r->db);
  if (!ok) return jw_fail(err, JW_E_NOT_FOUND, "There is no officer %s among those you manage.", r->params[0]);
  return JW_OK;
}

static const char SQL_OFFICER_UPDATE[] =
    "UPDATE officers SET unit_id = ?, name = ?, badge_no = ?, title = ?, kind = ?, rank = ?, duty_area = ?,"
    " office_hours = ?, accepts_appointments = ?, intro = ?, updated_at = ?, search = ?, list_order = ? WHERE id = ?";

static enum jw_code officer_update_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct officer_tx *t = arg;
  const struct jw_new_officer *o = &t->in;
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER_UPDATE, err);
  if (!s) return err->code;
  jw_officer_bind(s, o);
  jw_bind_int(s, 11, (int64_t)time(NULL));
  jw_bind_text(s, 12, jw_officer_search_text(t->r->arena, o));
  jw_bind_int(s, 13, jw_officer_list_order(o));
  jw_bind_int(s, 14, t->id);
  if (jw_step(s, err) == JW_STEP_ERROR) {
    if (err->code == JW_E_CONFLICT)
      return jw_fail(err, JW_E_CONFLICT, "Badge number %s belongs to another officer.", o->badge_no ? o->badge_no : "");
    return err->code;
  }
  if (jw_dir_bump(c, err) != JW_OK) return err->code;
  return jw_audit(t->r, "officer.update", "officer", t->id, err, "%s", o->name);
}

enum jw_code jw_officers_api_update(struct jw_req *r, struct jw_error *err) {
  struct officer_tx t = {.r = r};
  if (officer_in_scope(r, &t.id, err) != JW_OK) return err->code;
  if (officer_input(r, &t.in, err) != JW_OK) return err->code;
  enum jw_code rc = jw_tx(r->db, officer_update_tx, &t, err);
  if (rc != JW_OK) return rc;
  return reply_officer(r, t.id, 200, err);
}

static const char SQL_OFFICER_DELETE[] = "DELETE FROM officers WHERE id = ?";

static enum jw_code officer_delete_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct officer_tx *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER_DELETE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, t->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_dir_bump(c, err) != JW_OK) return err->code;
  return jw_audit(t->r, "officer.delete", "officer", t->id, err, "%s", "");
}

enum jw_code jw_officers_api_delete(struct jw_req *r, struct jw_error *err) {
  struct officer_tx t = {.r = r};
  if (officer_in_scope(r, &t.id, err) != JW_OK) return err->code;
  enum jw_code rc = jw_tx(r->db, officer_delete_tx, &t, err);
  if (rc != JW_OK) return rc;
  jw_reply_empty(r, 204);
  return JW_OK;
}
