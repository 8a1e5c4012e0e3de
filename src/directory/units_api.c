/* units_api.c — the unit tree: public reading, staff changes within scope. */
#include <assert.h>
#include <string.h>

#include "core/identity.h"
#include "core/jspec.h"
#include "directory/api.h"
#include "directory/directory.h"

/* The unit as the API shows it. New reference. */
static json_t *unit_json(const struct jw_unit *u) {
  return json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I}", "id", (json_int_t)u->id, "parent_id",
                   u->parent_id ? json_integer(u->parent_id) : json_null(), "kind", u->kind, "name", u->name, "address",
                   u->address, "phone", u->phone, "hours", u->hours, "lat",
                   u->has_lat ? json_real((double)u->lat_e6 / 1e6) : json_null(), "lng",
                   u->has_lng ? json_real((double)u->lng_e6 / 1e6) : json_null(), "sort", (json_int_t)u->sort);
}

static enum jw_code units_tree(struct jw_req *r, struct jw_error *err) {
  struct jw_unit *units;
  size_t n;
  if (jw_units_all(r->db, r->arena, &units, &n, err) != JW_OK) return err->code;
  /* Units come in sibling order (sort, id); a child may come before its
   * parent, so nodes are made first and linked in a second pass. */
  json_t *by_id = json_object();
  json_t **nodes = jw_arena_alloc(r->arena, (n ? n : 1) * sizeof *nodes);
  for (size_t i = 0; i < n; i++) {
    nodes[i] = unit_json(&units[i]);
    json_object_set_new(nodes[i], "children", json_array());
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)units[i].id);
    json_object_set(by_id, key, nodes[i]);
  }
  json_t *roots = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *parent = NULL;
    if (units[i].parent_id) {
      char key[24];
      snprintf(key, sizeof key, "%lld", (long long)units[i].parent_id);
      parent = json_object_get(by_id, key);
    }
    json_array_append_new(parent ? json_object_get(parent, "children") : roots, nodes[i]);
  }
  json_decref(by_id);
  jw_reply_json(r, 200, json_pack("{s:o}", "items", roots));
  return JW_OK;
}

enum jw_code jw_units_api_list(struct jw_req *r, struct jw_error *err) {
  static const char *const known[] = {"format", "kind", "q", "parent_id", "limit", "cursor", NULL};
  if (jw_query_only(r, known, err) != JW_OK) return err->code; /* the public lists' rule: an unknown parameter is 422 */
  const char *format = jw_query(r, "format");
  if (format && strcmp(format, "tree") == 0) return units_tree(r, err);
  if (format && strcmp(format, "list") != 0) jw_field_fail(err, "format", "must be list or tree");
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  struct jw_unit_filter f = {0, jw_query(r, "kind"), jw_query(r, "q")};
  const char *parent = jw_query(r, "parent_id");
  if (f.kind) {
    int ok = 0;
    for (int i = 0; jw_unit_kinds[i]; i++) ok |= strcmp(f.kind, jw_unit_kinds[i]) == 0;
    if (!ok) jw_field_fail(err, "kind", "is not a unit kind");
  }
  if (parent) {
    r->nparams = 1;
    r->params[0] = parent;
    if (!(f.parent_id = jw_param_id(r, 0))) jw_field_fail(err, "parent_id", "must be a unit id");
  }
  if (f.q && strlen(f.q) > 100) jw_field_fail(err, "q", "must have at most 100 characters");
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_unit *units;
  size_t n;
  if (jw_units_find(r->db, r->arena, &f, limit, offset, &units, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n && (int64_t)i < limit; i++) json_array_append_new(items, unit_json(&units[i]));
  jw_reply_json(r, 200, jw_page_json(items, (int64_t)n > limit ? offset + limit : 0));
  return JW_OK;
}

enum jw_code jw_units_api_get(struct jw_req *r, struct jw_error *err) {
  struct jw_unit u;
  struct jw_unit_ref *anc;
  size_t nanc;
  int64_t children, officers;
  enum jw_code rc = jw_unit_get(r->db, r->arena, jw_param_id(r, 0), &u, &anc, &nanc, &children, &officers, err);
  if (rc == JW_E_NOT_FOUND) return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %s.", r->params[0]);
  if (rc != JW_OK) return rc;
  json_t *j = unit_json(&u);
  json_t *list = json_array();
  for (size_t i = 0; i < nanc; i++)
    json_array_append_new(
        list, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)anc[i].id, "name", anc[i].name, "kind", anc[i].kind));
  json_object_set_new(j, "ancestors", list);
  json_object_set_new(j, "children_count", json_integer(children));
  json_object_set_new(j, "officers_count", json_integer(officers));
  jw_reply_json(r, 200, j);
  return JW_OK;
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

/* The unit the body describes, borrowing its strings. */
static struct jw_new_unit new_unit(const struct unit_input *in) {
  assert(in->kind > 0 && jw_unit_kinds[in->kind]);
  struct jw_new_unit u = {in->parent_id, jw_unit_kinds[in->kind],
                          in->name,      in->address,
                          in->phone,     in->hours,
                          in->has_lat,   in->lat,
                          in->lng,       in->sort};
  return u;
}

/* Replies status with unit id as the API shows it. */
static enum jw_code reply_unit(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_unit u;
  if (jw_unit_get(r->db, r->arena, id, &u, NULL, NULL, NULL, NULL, err) != JW_OK) return err->code;
  jw_reply_json(r, status, unit_json(&u));
  return JW_OK;
}

enum jw_code jw_units_api_create(struct jw_req *r, struct jw_error *err) {
  struct unit_input in;
  if (unit_input(r, &in, err) != JW_OK) return err->code;
  struct jw_new_unit u = new_unit(&in);
  const struct jw_dir_actor who = {r->user, r->ip};
  int64_t id;
  if (jw_unit_create(r->db, &u, &who, &id, err) != JW_OK) return err->code;
  return reply_unit(r, id, 201, err);
}

/* Loads the unit named in the URL if it is in the caller's scope; 404 otherwise. */
static enum jw_code unit_in_scope(struct jw_req *r, int64_t *id, const char **path, struct jw_error *err) {
  *id = jw_param_id(r, 0);
  if (jw_unit_path(r->db, r->arena, *id, path, err) != JW_OK || !jw_scope_contains(r->user, *path))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %s among the units you manage.", r->params[0]);
  return JW_OK;
}

enum jw_code jw_units_api_update(struct jw_req *r, struct jw_error *err) {
  int64_t id;
  const char *old_path;
  struct unit_input in;
  if (unit_in_scope(r, &id, &old_path, err) != JW_OK) return err->code;
  if (unit_input(r, &in, err) != JW_OK) return err->code;
  if (strncmp(in.parent_path, old_path, strlen(old_path)) == 0) {
    jw_field_fail(err, "parent_id", "a unit cannot move below itself");
    return JW_E_VALIDATION;
  }
  struct jw_new_unit u = new_unit(&in);
  const struct jw_dir_actor who = {r->user, r->ip};
  if (jw_unit_update(r->db, r->arena, id, old_path, &u, in.parent_path, &who, err) != JW_OK) return err->code;
  return reply_unit(r, id, 200, err);
}

enum jw_code jw_units_api_delete(struct jw_req *r, struct jw_error *err) {
  int64_t id;
  const char *path;
  if (unit_in_scope(r, &id, &path, err) != JW_OK) return err->code;
  if (!r->user->whole_bureau && r->user->unit_id == id)
    return jw_fail(err, JW_E_FORBIDDEN, "You cannot delete the unit you belong to.");
  const struct jw_dir_actor who = {r->user, r->ip};
  if (jw_unit_delete(r->db, id, &who, err) != JW_OK) return err->code;
  jw_reply_empty(r, 204);
  return JW_OK;
}
