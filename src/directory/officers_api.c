/* officers_api.c — the public officer directory and its staff upkeep. */
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/jspec.h"
#include "directory/directory.h"

static const char *const officer_kinds[] = {"police", "auxiliary", NULL};

#define OFFICER_COLS                                                                            \
  "o.id, o.unit_id, un.name, o.name, o.badge_no, o.title, o.kind, o.duty_area, o.office_hours," \
  " o.accepts_appointments, o.intro"

static json_t *officer_json(struct jw_stmt *s) {
  json_t *o =
      json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:b, s:s}", "id", (json_int_t)jw_col_int(s, 0),
                "unit_id", (json_int_t)jw_col_int(s, 1), "unit_name", jw_col_text(s, 2), "name", jw_col_text(s, 3),
                "badge_no", jw_col_is_null(s, 4) ? json_null() : json_string(jw_col_text(s, 4)), "title",
                jw_col_text(s, 5), "kind", jw_col_text(s, 6), "duty_area", jw_col_text(s, 7), "office_hours",
                jw_col_text(s, 8), "accepts_appointments", (int)jw_col_int(s, 9), "intro", jw_col_text(s, 10));
  return o;
}

/* police sorts after auxiliary alphabetically, hence kind DESC. */
static const char SQL_OFFICERS_PAGE[] =
    "SELECT " OFFICER_COLS
    " FROM officers o JOIN units un ON un.id = o.unit_id"
    " WHERE un.path LIKE ? AND (o.kind = ? OR o.kind = ?)"
    " AND (o.name LIKE ? ESCAPE '\\' OR o.badge_no LIKE ? ESCAPE '\\' OR o.title LIKE ? ESCAPE '\\')"
    " ORDER BY o.kind DESC, un.path, o.rank, o.id LIMIT ? OFFSET ?";

enum jw_code jw_officers_api_list(struct jw_req *r, struct jw_error *err) {
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  const char *unit = jw_query(r, "unit_id");
  const char *kind = jw_query(r, "kind");
  const char *q = jw_query(r, "q");
  if (kind && strcmp(kind, "police") != 0 && strcmp(kind, "auxiliary") != 0)
    jw_field_fail(err, "kind", "must be police or auxiliary");
  if (q && strlen(q) > 100) jw_field_fail(err, "q", "must have at most 100 characters");
  const char *scope = "/%";
  if (unit) {
    r->nparams = 1;
    r->params[0] = unit;
    int64_t unit_id = jw_param_id(r, 0);
    const char *path;
    if (!unit_id) {
      jw_field_fail(err, "unit_id", "must be a unit id");
    } else if (jw_unit_path(r->db, r->arena, unit_id, &path, err) != JW_OK) {
      if (err->code != JW_E_NOT_FOUND) return err->code;
      return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %lld.", (long long)unit_id);
    } else {
      scope = jw_arena_printf(r->arena, "%s%%", path);
    }
  }
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_stmt *s = jw_prepare(r->db, SQL_OFFICERS_PAGE, err);
  if (!s) return err->code;
  const char *like = jw_db_like(r->arena, q);
  jw_bind_text(s, 1, scope);
  jw_bind_text(s, 2, kind ? kind : "police");
  jw_bind_text(s, 3, kind ? kind : "auxiliary");
  jw_bind_text(s, 4, like);
  jw_bind_text(s, 5, like);
  jw_bind_text(s, 6, like);
  jw_bind_int(s, 7, limit + 1);
  jw_bind_int(s, 8, offset);
  json_t *items = json_array();
  enum jw_step st;
  int64_t n = 0, next = 0;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (++n > limit) {
      next = offset + limit;
      break;
    }
    json_array_append_new(items, officer_json(s));
  }
  if (st == JW_STEP_ERROR) {
    json_decref(items);
    return err->code;
  }
  jw_reply_json(r, 200, jw_page_json(items, next));
  return JW_OK;
}

static const char SQL_OFFICER_GET[] = "SELECT " OFFICER_COLS
                                      ", un.id, un.kind, un.address, un.phone, un.hours, un.path"
                                      " FROM officers o JOIN units un ON un.id = o.unit_id WHERE o.id = ?";

enum jw_code jw_officers_api_get(struct jw_req *r, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_OFFICER_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, jw_param_id(r, 0));
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no officer %s.", r->params[0]);
  json_t *o = officer_json(s);
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
      {"intro", JS_STR, JS_NULLABLE, 0, 1000, &in->intro, NULL, NULL},
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
  if (rc != JW_OK) return rc;
  return jw_audit(t->r, "officer.create", "officer", t->id, err, "%s", t->in.name);
}

static enum jw_code reply_officer(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_OFFICER_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_NOT_FOUND;
  jw_reply_json(r, status, officer_json(s));
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
    " office_hours = ?, accepts_appointments = ?, intro = ?, updated_at = ? WHERE id = ?";

static enum jw_code officer_update_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct officer_tx *t = arg;
  const struct jw_new_officer *o = &t->in;
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER_UPDATE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, o->unit_id);
  jw_bind_text(s, 2, o->name);
  jw_bind_text(s, 3, o->badge_no);
  jw_bind_text(s, 4, o->title ? o->title : "");
  jw_bind_text(s, 5, o->kind);
  jw_bind_int(s, 6, o->rank);
  jw_bind_text(s, 7, o->duty_area ? o->duty_area : "");
  jw_bind_text(s, 8, o->office_hours ? o->office_hours : "");
  jw_bind_int(s, 9, o->accepts_appointments ? 1 : 0);
  jw_bind_text(s, 10, o->intro ? o->intro : "");
  jw_bind_int(s, 11, (int64_t)time(NULL));
  jw_bind_int(s, 12, t->id);
  if (jw_step(s, err) == JW_STEP_ERROR) {
    if (err->code == JW_E_CONFLICT)
      return jw_fail(err, JW_E_CONFLICT, "Badge number %s belongs to another officer.", o->badge_no ? o->badge_no : "");
    return err->code;
  }
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
