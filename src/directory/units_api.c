/* units_api.c — the unit tree: public reading, staff changes within scope. */
#include <string.h>
#include <time.h>

#include "audit/api.h"
#include "core/identity.h"
#include "core/jspec.h"
#include "directory/cache.h"
#include "directory/directory.h"
#include "http/rows.h"

#define UNIT_COLS "u.id, u.parent_id, u.kind, u.name, u.address, u.phone, u.hours, u.lat_e6, u.lng_e6, u.sort"

static json_t *unit_json(struct jw_stmt *s) {
  json_t *o =
      json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I}", "id", (json_int_t)jw_col_int(s, 0), "parent_id",
                jw_col_is_null(s, 1) ? json_null() : json_integer(jw_col_int(s, 1)), "kind", jw_col_text(s, 2), "name",
                jw_col_text(s, 3), "address", jw_col_text(s, 4), "phone", jw_col_text(s, 5), "hours", jw_col_text(s, 6),
                "lat", jw_col_is_null(s, 7) ? json_null() : json_real((double)jw_col_int(s, 7) / 1e6), "lng",
                jw_col_is_null(s, 8) ? json_null() : json_real((double)jw_col_int(s, 8) / 1e6), "sort",
                (json_int_t)jw_col_int(s, 9));
  return o;
}

static json_t *unit_row(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  (void)ctx;
  (void)r;
  return unit_json(s);
}

static const char SQL_UNITS_ALL[] = "SELECT " UNIT_COLS " FROM units u ORDER BY u.sort, u.id";
static const char SQL_UNITS_PAGE[] = "SELECT " UNIT_COLS
                                     " FROM units u"
                                     " WHERE (CAST(? AS BIGINT) IS NULL OR u.parent_id = CAST(? AS BIGINT))"
                                     " AND (CAST(? AS TEXT) IS NULL OR u.kind = CAST(? AS TEXT))"
                                     " AND u.name LIKE ? ESCAPE '\\'"
                                     " ORDER BY u.sort, u.id LIMIT ? OFFSET ?";

static enum jw_code units_tree(struct jw_req *r, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_UNITS_ALL, err);
  if (!s) return err->code;
  /* Rows come in sibling order (sort, id); a child may come before its
   * parent, so nodes are made first and linked in a second pass. */
  json_t *by_id = json_object();
  json_t *order = json_array();
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    json_t *u = unit_json(s);
    json_object_set_new(u, "children", json_array());
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)jw_col_int(s, 0));
    json_object_set_new(by_id, key, u);
    json_array_append(order, u);
  }
  json_t *roots = json_array();
  size_t i;
  json_t *u;
  json_array_foreach(order, i, u) {
    json_t *pid = json_object_get(u, "parent_id");
    json_t *parent = NULL;
    if (json_is_integer(pid)) {
      char key[24];
      snprintf(key, sizeof key, "%lld", (long long)json_integer_value(pid));
      parent = json_object_get(by_id, key);
    }
    json_array_append(parent ? json_object_get(parent, "children") : roots, u);
  }
  json_decref(order);
  json_decref(by_id);
  if (st == JW_STEP_ERROR) {
    json_decref(roots);
    return err->code;
  }
  jw_reply_json(r, 200, json_pack("{s:o}", "items", roots));
  return JW_OK;
}

enum jw_code jw_units_api_list(struct jw_req *r, struct jw_error *err) {
  const char *format = jw_query(r, "format");
  if (format && strcmp(format, "tree") == 0) return units_tree(r, err);
  if (format && strcmp(format, "list") != 0) jw_field_fail(err, "format", "must be list or tree");
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  const char *parent = jw_query(r, "parent_id");
  const char *kind = jw_query(r, "kind");
  const char *q = jw_query(r, "q");
  if (kind) {
    int ok = 0;
    for (int i = 0; jw_unit_kinds[i]; i++) ok |= strcmp(kind, jw_unit_kinds[i]) == 0;
    if (!ok) jw_field_fail(err, "kind", "is not a unit kind");
  }
  int64_t parent_id = 0;
  if (parent) {
    r->nparams = 1;
    r->params[0] = parent;
    if (!(parent_id = jw_param_id(r, 0))) jw_field_fail(err, "parent_id", "must be a unit id");
  }
  if (q && strlen(q) > 100) jw_field_fail(err, "q", "must have at most 100 characters");
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_stmt *s = jw_prepare(r->db, SQL_UNITS_PAGE, err);
  if (!s) return err->code;
  jw_bind_id(s, 1, parent_id);
  jw_bind_id(s, 2, parent_id);
  jw_bind_text(s, 3, kind);
  jw_bind_text(s, 4, kind);
  jw_bind_text(s, 5, jw_db_like(r->arena, q));
  jw_bind_int(s, 6, limit + 1);
  jw_bind_int(s, 7, offset);
  json_t *page = jw_page_rows(r, s, limit, offset, unit_row, NULL, err);
  if (!page) return err->code;
  jw_reply_json(r, 200, page);
  return JW_OK;
}

static const char SQL_UNIT_GET[] = "SELECT " UNIT_COLS ", u.path FROM units u WHERE u.id = ?";
static const char SQL_UNIT_ANCESTORS[] =
    "SELECT id, name, kind FROM units WHERE ? LIKE path || '%' AND id <> ? ORDER BY length(path)";
static const char SQL_UNIT_COUNTS[] =
    "SELECT (SELECT COUNT(*) FROM units WHERE parent_id = ?),"
    " (SELECT COUNT(*) FROM officers o JOIN units x ON x.id = o.unit_id WHERE x.path >= ? AND x.path < ?)";

static json_t *ancestor_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)jw_col_int(s, 0), "name", jw_col_text(s, 1), "kind",
                   jw_col_text(s, 2));
}

enum jw_code jw_units_api_get(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  struct jw_stmt *s = jw_prepare(r->db, SQL_UNIT_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %s.", r->params[0]);
  json_t *u = unit_json(s);
  const char *path = jw_arena_strdup(r->arena, jw_col_text(s, 10));
  jw_conn_release(r->db);
  json_t *anc = NULL;
  s = jw_prepare(r->db, SQL_UNIT_ANCESTORS, err);
  if (!s) goto fail;
  jw_bind_text(s, 1, path);
  jw_bind_int(s, 2, id);
  if (!(anc = jw_rows_json(r, s, ancestor_json, NULL, err))) goto fail;
  s = jw_prepare(r->db, SQL_UNIT_COUNTS, err);
  if (!s) goto fail;
  jw_bind_int(s, 1, id);
  jw_bind_text(s, 2, path);
  jw_bind_text(s, 3, jw_db_prefix_end(r->arena, path));
  if (jw_step(s, err) != JW_STEP_ROW) goto fail;
  json_object_set_new(u, "ancestors", anc);
  json_object_set_new(u, "children_count", json_integer(jw_col_int(s, 0)));
  json_object_set_new(u, "officers_count", json_integer(jw_col_int(s, 1)));
  jw_reply_json(r, 200, u);
  return JW_OK;
fail:
  json_decref(anc);
  json_decref(u);
  return err->code ? err->code : JW_E_DB;
}

struct unit_input {
  int64_t parent_id;
  int kind;
  const char *name, *address, *phone, *hours;
  double lat, lng;
  int has_lat, has_lng;
  int64_t sort;
  const char *parent_path;
};

/* Parses and checks a unit body, including the parent's scope. */
static enum jw_code unit_input(struct jw_req *r, struct unit_input *in, struct jw_error *err) {
  memset(in, 0, sizeof *in);
  in->kind = -1;
  const struct jw_field f[] = {
      {"parent_id", JS_INT, JS_REQUIRED, 1, INT64_MAX, &in->parent_id, NULL, NULL},
      {"kind", JS_ENUM, JS_REQUIRED, 0, 0, &in->kind, jw_unit_kinds, NULL},
      {"name", JS_STR, JS_REQUIRED, 2, 60, &in->name, NULL, NULL},
      {"address", JS_STR, JS_NULLABLE, 0, 200, &in->address, NULL, NULL},
      {"phone", JS_STR, JS_NULLABLE, 0, 40, &in->phone, NULL, NULL},
      {"hours", JS_STR, JS_NULLABLE, 0, 100, &in->hours, NULL, NULL},
      {"lat", JS_NUM, JS_NULLABLE, -90, 90, &in->lat, NULL, &in->has_lat},
      {"lng", JS_NUM, JS_NULLABLE, -180, 180, &in->lng, NULL, &in->has_lng},
      {"sort", JS_INT, JS_NULLABLE, 0, 100000, &in->sort, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the unit as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  if (in->kind == 0) jw_field_fail(err, "kind", "there is only one bureau");
  if (in->has_lat != in->has_lng) jw_field_fail(err, "lat", "give both lat and lng, or neither");
  if (err->nfields) return JW_E_VALIDATION;
  if (jw_unit_path(r->db, r->arena, in->parent_id, &in->parent_path, err) != JW_OK) {
    jw_error_clear(err);
    jw_field_fail(err, "parent_id", "there is no such unit");
    return JW_E_VALIDATION;
  }
  if (!jw_scope_contains(r->user, in->parent_path))
    return jw_fail(err, JW_E_FORBIDDEN, "Unit %lld is outside the units you manage.", (long long)in->parent_id);
  return JW_OK;
}

struct unit_tx {
  struct jw_req *r;
  struct unit_input in;
  int64_t id;
  const char *old_path;
};

static enum jw_code unit_create_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct unit_tx *t = arg;
  struct jw_new_unit u = {t->in.parent_id, jw_unit_kinds[t->in.kind],
                          t->in.name,      t->in.address,
                          t->in.phone,     t->in.hours,
                          t->in.has_lat,   t->in.lat,
                          t->in.lng,       t->in.sort};
  enum jw_code rc = jw_unit_insert(c, &u, &t->id, err);
  if (rc == JW_OK) rc = jw_dir_bump(c, err);
  if (rc != JW_OK) return rc;
  return jw_audit(t->r, "unit.create", "unit", t->id, err, "%s", t->in.name);
}

static enum jw_code reply_unit(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_UNIT_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_NOT_FOUND;
  jw_reply_json(r, status, unit_json(s));
  return JW_OK;
}

enum jw_code jw_units_api_create(struct jw_req *r, struct jw_error *err) {
  struct unit_tx t = {.r = r};
  if (unit_input(r, &t.in, err) != JW_OK) return err->code;
  enum jw_code rc = jw_tx(r->db, unit_create_tx, &t, err);
  if (rc != JW_OK) return rc;
  return reply_unit(r, t.id, 201, err);
}

static const char SQL_UNIT_UPDATE[] =
    "UPDATE units SET parent_id = ?, kind = ?, name = ?, address = ?, phone = ?, hours = ?, lat_e6 = ?,"
    " lng_e6 = ?, sort = ?, updated_at = ? WHERE id = ?";
/* Officers' list order follows their unit's place; it only depends on the
 * unit id, so a move leaves it valid. */

static enum jw_code unit_update_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct unit_tx *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_UPDATE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, t->in.parent_id);
  jw_bind_text(s, 2, jw_unit_kinds[t->in.kind]);
  jw_bind_text(s, 3, t->in.name);
  jw_bind_text(s, 4, t->in.address ? t->in.address : "");
  jw_bind_text(s, 5, t->in.phone ? t->in.phone : "");
  jw_bind_text(s, 6, t->in.hours ? t->in.hours : "");
  if (t->in.has_lat) {
    jw_bind_int(s, 7, (int64_t)(t->in.lat * 1e6));
    jw_bind_int(s, 8, (int64_t)(t->in.lng * 1e6));
  } else {
    jw_bind_null(s, 7);
    jw_bind_null(s, 8);
  }
  jw_bind_int(s, 9, t->in.sort);
  jw_bind_int(s, 10, (int64_t)time(NULL));
  jw_bind_int(s, 11, t->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  /* A new parent moves the whole subtree: rewrite the path prefix. */
  const char *new_path = jw_arena_printf(t->r->arena, "%s%lld/", t->in.parent_path, (long long)t->id);
  if (strcmp(new_path, t->old_path) != 0) {
    if (jw_unit_move(c, t->r->arena, t->old_path, new_path, err) != JW_OK) return err->code;
  }
  if (jw_dir_bump(c, err) != JW_OK) return err->code;
  return jw_audit(t->r, "unit.update", "unit", t->id, err, "%s", t->in.name);
}

/* Loads the unit named in the URL if it is in the caller's scope; 404 otherwise. */
static enum jw_code unit_in_scope(struct jw_req *r, int64_t *id, const char **path, struct jw_error *err) {
  *id = jw_param_id(r, 0);
  if (jw_unit_path(r->db, r->arena, *id, path, err) != JW_OK || !jw_scope_contains(r->user, *path))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %s among the units you manage.", r->params[0]);
  return JW_OK;
}

enum jw_code jw_units_api_update(struct jw_req *r, struct jw_error *err) {
  struct unit_tx t = {.r = r};
  if (unit_in_scope(r, &t.id, &t.old_path, err) != JW_OK) return err->code;
  if (unit_input(r, &t.in, err) != JW_OK) return err->code;
  if (strncmp(t.in.parent_path, t.old_path, strlen(t.old_path)) == 0) {
    jw_field_fail(err, "parent_id", "a unit cannot move below itself");
    return JW_E_VALIDATION;
  }
  enum jw_code rc = jw_tx(r->db, unit_update_tx, &t, err);
  if (rc != JW_OK) return rc;
  return reply_unit(r, t.id, 200, err);
}

static const char SQL_UNIT_USED[] =
    "SELECT (SELECT COUNT(*) FROM units WHERE parent_id = ?) + (SELECT COUNT(*) FROM officers WHERE unit_id = ?)"
    " + (SELECT COUNT(*) FROM users WHERE unit_id = ?)";
static const char SQL_UNIT_DELETE[] = "DELETE FROM units WHERE id = ?";

static enum jw_code unit_delete_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct unit_tx *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_USED, err);
  if (!s) return err->code;
  for (int i = 1; i <= 3; i++) jw_bind_int(s, i, t->id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  if (jw_col_int(s, 0) > 0)
    return jw_fail(err, JW_E_CONFLICT, "The unit still has sub-units, officers or staff accounts; move them first.");
  if (!(s = jw_prepare(c, SQL_UNIT_DELETE, err))) return err->code;
  jw_bind_int(s, 1, t->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_dir_bump(c, err) != JW_OK) return err->code;
  return jw_audit(t->r, "unit.delete", "unit", t->id, err, "%s", "");
}

enum jw_code jw_units_api_delete(struct jw_req *r, struct jw_error *err) {
  struct unit_tx t = {.r = r};
  if (unit_in_scope(r, &t.id, &t.old_path, err) != JW_OK) return err->code;
  if (!r->user->whole_bureau && r->user->unit_id == t.id)
    return jw_fail(err, JW_E_FORBIDDEN, "You cannot delete the unit you belong to.");
  enum jw_code rc = jw_tx(r->db, unit_delete_tx, &t, err);
  if (rc != JW_OK) return rc;
  jw_reply_empty(r, 204);
  return JW_OK;
}
