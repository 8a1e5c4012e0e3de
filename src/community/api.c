/* api.c — the residents' and grids' handlers: query or body → field spec →
 * community.h → JSON. Lists carry masked ID numbers and phones; the full
 * record (GET /residents/{id}) is the audited, authorised staff view. */
#include "community/api.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "community/community.h"
#include "core/jspec.h"
#include "core/mem.h"
#include "core/validate.h"

#define MAX_ID 9007199254740991LL /* 2^53 - 1: what a JSON client can hold */

const char *const jw_comm_kinds[] = {"registered", "migrant", NULL};
const char *const jw_comm_permits[] = {"none", "applied", "valid", "expired", NULL};

json_t *jw_comm_str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

enum jw_code jw_comm_query_id(struct jw_req *r, const char *name, int64_t *out, struct jw_error *err) {
  const char *v = jw_query(r, name);
  *out = 0;
  if (!v) return JW_OK;
  char *end;
  long long n = strlen(v) <= 16 ? strtoll(v, &end, 10) : -1;
  if (n < 1 || n > MAX_ID || *end || v[0] == '+' || v[0] == ' ') {
    jw_field_fail(err, name, "must be a positive whole number");
    return JW_E_VALIDATION;
  }
  *out = n;
  return JW_OK;
}

enum jw_code jw_comm_query_text(struct jw_req *r, const char *name, int max, const char **out, struct jw_error *err) {
  const char *v = jw_query(r, name);
  *out = NULL;
  if (!v || !*v) return JW_OK;
  long len = jw_utf8_len(v, strlen(v));
  if (len < 0 || jw_text_unsafe(v, strlen(v), 0)) {
    jw_field_fail(err, name, "is not valid text");
    return JW_E_VALIDATION;
  }
  if (len > max) {
    jw_field_fail(err, name, "is longer than %d characters", max);
    return JW_E_VALIDATION;
  }
  *out = v;
  return JW_OK;
}

/* A resident as a list item: masked. */
static json_t *resident_item(struct jw_req *r, const struct jw_resident_row *x) {
  json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)x->id, "grid_id",
                        (json_int_t)x->grid_id, "grid_name", x->grid_name ? x->grid_name : "", "kind", x->kind, "name",
                        x->name, "gender", x->gender, "id_masked", x->id_masked, "address", x->address, "employer",
                        x->employer, "native_place", x->native_place, "permit_status", x->permit_status);
  json_object_set_new(o, "phone", *x->phone ? json_string(jw_mask_phone(r->arena, x->phone)) : json_string(""));
  json_object_set_new(o, "house_id", x->house_id ? json_integer(x->house_id) : json_null());
  json_object_set_new(o, "registered_on", jw_comm_str_or_null(x->registered_on));
  json_object_set_new(o, "permit_expires", jw_comm_str_or_null(x->permit_expires));
  json_object_set_new(o, "updated_at", jw_time_json(r, x->updated_at));
  return o;
}

json_t *jw_comm_resident_items(struct jw_req *r, const struct jw_resident_row *rows, size_t n) {
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(items, resident_item(r, &rows[i]));
  return items;
}

enum jw_code jw_community_api_residents(struct jw_req *r, struct jw_error *err) {
  struct jw_resident_filter f = {0};
  int64_t limit, cursor;
  jw_page_params(r, &limit, &cursor, err);
  jw_comm_query_id(r, "grid_id", &f.grid_id, err);
  jw_comm_query_text(r, "q", 50, &f.q, err);
  static const char *const known[] = {"limit", "cursor", "grid_id", "q", "kind", "permit", NULL};
  const char *unknown = jw_query_unknown(r, known);
  if (unknown) {
    char shown[32]; /* client text: short in the message */
    snprintf(shown, sizeof shown, "%s", unknown);
    jw_field_fail(err, shown, "is not a filter of this list (grid_id, q, kind, permit=expiring, limit, cursor)");
  }
  const char *kind = jw_query(r, "kind"), *permit = jw_query(r, "permit");
  if (kind && strcmp(kind, "registered") && strcmp(kind, "migrant"))
    jw_field_fail(err, "kind", "must be registered or migrant");
  if (permit && strcmp(permit, "expiring")) jw_field_fail(err, "permit", "must be expiring");
  if (err->nfields) return JW_E_VALIDATION;
  f.kind = kind;
  f.expiring = permit != NULL;
  f.limit = limit;
  f.cursor = cursor;
  struct jw_resident_row *rows;
  size_t n;
  int64_t next;
  if (jw_community_residents(r->db, r->arena, r->user, r->app->cfg.tz_offset_min, &f, &rows, &n, &next, err) != JW_OK)
    return err->code;
  const struct jw_community_actor who = {r->user, r->ip};
  if (jw_community_search_audit(r->db, r->arena, &who, f.q, n, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, jw_page_json(jw_comm_resident_items(r, rows, n), next));
  return JW_OK;
}

/* The full record: the authorised staff view. */
static json_t *resident_full(struct jw_req *r, const struct jw_resident_row *x, const char *idn,
                             const struct jw_group *groups, size_t ng) {
  json_t *o = resident_item(r, x);
  json_object_set_new(o, "id_number", json_string(idn));
  json_object_set_new(o, "phone", json_string(x->phone));
  json_object_set_new(o, "birth_date", json_string(x->birth_date));
  json_object_set_new(o, "note", json_string(x->note));
  json_object_set_new(o, "house_address", jw_comm_str_or_null(x->house_address));
  json_object_set_new(o, "created_at", jw_time_json(r, x->created_at));
  json_t *gs = json_array();
  for (size_t i = 0; i < ng; i++)
    json_array_append_new(gs, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)groups[i].id, "name", groups[i].name,
                                        "kind", groups[i].kind));
  json_object_set_new(o, "groups", gs);
  return o;
}

static enum jw_code reply_resident(struct jw_req *r, int status, int64_t id, struct jw_error *err) {
  const struct jw_community_actor who = {r->user, r->ip};
  struct jw_resident_row x;
  const char *idn;
  struct jw_group *groups;
  size_t ng;
  if (jw_community_resident_read(r->db, r->arena, &who, id, &x, &idn, &groups, &ng, err) != JW_OK) return err->code;
  jw_reply_json(r, status, resident_full(r, &x, idn, groups, ng));
  return JW_OK;
}

enum jw_code jw_community_api_resident(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such resident.");
  return reply_resident(r, 200, id, err);
}

/* Reads and checks a resident body into in (strings borrowed from the body, the ID number normalised into norm). */
static enum jw_code resident_body(struct jw_req *r, struct jw_resident_input *in, char norm[19], struct jw_error *err) {
  int kind = -1, permit = 0;
  const char *idn = NULL;
  memset(in, 0, sizeof *in);
  in->phone = in->address = in->employer = in->native_place = in->note = "";
  const struct jw_field f[] = {
      {"grid_id", JS_INT, JS_REQUIRED, 1, MAX_ID, &in->grid_id, NULL, NULL},
      {"kind", JS_ENUM, JS_REQUIRED, 0, 0, &kind, jw_comm_kinds, NULL},
      {"name", JS_STR, JS_REQUIRED, 2, 30, &in->name, NULL, NULL},
      {"id_number", JS_STR, JS_REQUIRED, 18, 18, &idn, NULL, NULL},
      {"phone", JS_STR, 0, 0, 11, &in->phone, NULL, NULL},
      {"address", JS_STR, 0, 0, 120, &in->address, NULL, NULL},
      {"house_id", JS_INT, JS_NULLABLE, 1, MAX_ID, &in->house_id, NULL, NULL},
      {"employer", JS_STR, 0, 0, 100, &in->employer, NULL, NULL},
      {"native_place", JS_STR, 0, 0, 50, &in->native_place, NULL, NULL},
      {"registered_on", JS_STR, JS_NULLABLE, 10, 10, &in->registered_on, NULL, NULL},
      {"permit_status", JS_ENUM, 0, 0, 0, &permit, jw_comm_permits, NULL},
      {"permit_expires", JS_STR, JS_NULLABLE, 10, 10, &in->permit_expires, NULL, NULL},
      {"note", JS_STR, JS_MULTILINE, 0, 500, &in->note, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the resident as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) == JW_E_BAD_JSON) return err->code;
  if (err->nfields) return JW_E_VALIDATION; /* the shape first: kind or permit may be unset */
  in->kind = jw_comm_kinds[kind];
  in->permit_status = jw_comm_permits[permit];
  in->id_number = idn;
  return jw_community_resident_check(in, norm, err);
}

enum jw_code jw_community_api_resident_create(struct jw_req *r, struct jw_error *err) {
  struct jw_resident_input in;
  char norm[19];
  if (resident_body(r, &in, norm, err) != JW_OK) return err->code;
  const struct jw_community_actor who = {r->user, r->ip};
  int64_t id;
  if (jw_community_resident_create(r->db, r->arena, &who, &in, &id, err) != JW_OK) return err->code;
  return reply_resident(r, 201, id, err);
}

enum jw_code jw_community_api_resident_update(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such resident.");
  struct jw_resident_input in;
  char norm[19];
  if (resident_body(r, &in, norm, err) != JW_OK) return err->code;
  const struct jw_community_actor who = {r->user, r->ip};
  if (jw_community_resident_update(r->db, r->arena, &who, id, &in, err) != JW_OK) return err->code;
  return reply_resident(r, 200, id, err);
}

/* ---- grids and dashboards ---- */

static json_t *grid_json(struct jw_req *r, const struct jw_grid *g) {
  json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)g->id, "unit_id", (json_int_t)g->unit_id,
                        "unit_name", g->unit_name, "code", g->code, "name", g->name, "area", g->area);
  json_object_set_new(o, "officer_id", g->officer_id ? json_integer(g->officer_id) : json_null());
  json_object_set_new(o, "officer_name", jw_comm_str_or_null(g->officer_name));
  json_error_t je;
  json_t *poly = json_loads(g->polygon, JSON_DECODE_ANY, &je);
  json_object_set_new(o, "polygon", poly ? poly : json_array());
  json_object_set_new(o, "bbox",
                      g->has_box ? json_pack("{s:I, s:I, s:I, s:I}", "min_lat_e6", (json_int_t)g->min_lat_e6,
                                             "max_lat_e6", (json_int_t)g->max_lat_e6, "min_lng_e6",
                                             (json_int_t)g->min_lng_e6, "max_lng_e6", (json_int_t)g->max_lng_e6)
                                 : json_null());
  return o;
}

static json_t *stats_json(const struct jw_community_stats *s) {
  return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "residents", (json_int_t)s->residents, "registered",
                   (json_int_t)s->registered, "migrants", (json_int_t)s->migrants, "permits_expiring",
                   (json_int_t)s->permits_expiring, "permits_expired", (json_int_t)s->permits_expired, "houses",
                   (json_int_t)s->houses, "groups", (json_int_t)s->groups, "visits_month", (json_int_t)s->visits_month);
}

enum jw_code jw_community_api_grids(struct jw_req *r, struct jw_error *err) {
  struct jw_grid *g;
  size_t n;
  if (jw_community_grids(r->db, r->arena, r->user, &g, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(items, grid_json(r, &g[i]));
  jw_reply_json(r, 200, jw_page_json(items, 0));
  return JW_OK;
}

enum jw_code jw_community_api_grid(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such grid.");
  return jw_comm_reply_grid(r, 200, id, err);
}

enum jw_code jw_comm_reply_grid(struct jw_req *r, int status, int64_t id, struct jw_error *err) {
  struct jw_grid g;
  if (jw_community_grid(r->db, r->arena, r->user, id, &g, err) != JW_OK) return err->code;
  struct jw_community_member *m;
  size_t n;
  if (jw_community_grid_members(r->db, r->arena, id, &m, &n, err) != JW_OK) return err->code;
  json_t *o = grid_json(r, &g), *members = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(members, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)m[i].id, "name", m[i].name,
                                             "kind", m[i].kind, "title", m[i].title));
  json_object_set_new(o, "members", members);
  jw_reply_json(r, status, o);
  return JW_OK;
}

enum jw_code jw_community_api_grid_stats(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  struct jw_community_stats s;
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such grid.");
  if (jw_community_grid_stats(r->db, r->user, id, r->app->cfg.tz_offset_min, &s, err) != JW_OK) return err->code;
  json_t *o = stats_json(&s);
  json_object_set_new(o, "grid_id", json_integer(id));
  jw_reply_json(r, 200, o);
  return JW_OK;
}

enum jw_code jw_community_api_station_stats(struct jw_req *r, struct jw_error *err) {
  int64_t unit = 0;
  if (jw_comm_query_id(r, "unit_id", &unit, err) != JW_OK) return err->code;
  struct jw_grid *g;
  size_t n;
  if (jw_community_grids(r->db, r->arena, r->user, &g, &n, err) != JW_OK) return err->code;
  char needle[32];
  snprintf(needle, sizeof needle, "/%lld/", (long long)unit);
  struct jw_community_stats total = {0};
  json_t *grids = json_array();
  for (size_t i = 0; i < n; i++) {
    if (unit && !strstr(g[i].unit_path, needle)) continue;
    struct jw_community_stats s;
    if (jw_community_grid_stats(r->db, r->user, g[i].id, r->app->cfg.tz_offset_min, &s, err) != JW_OK) {
      json_decref(grids);
      return err->code;
    }
    total.residents += s.residents, total.registered += s.registered, total.migrants += s.migrants;
    total.permits_expiring += s.permits_expiring, total.permits_expired += s.permits_expired;
    total.houses += s.houses, total.groups += s.groups, total.visits_month += s.visits_month;
    json_t *o = stats_json(&s);
    json_object_set_new(o, "grid_id", json_integer(g[i].id));
    json_object_set_new(o, "code", json_string(g[i].code));
    json_object_set_new(o, "name", json_string(g[i].name));
    json_object_set_new(o, "unit_name", json_string(g[i].unit_name));
    json_array_append_new(grids, o);
  }
  json_t *o = stats_json(&total);
  json_object_set_new(o, "unit_id", unit ? json_integer(unit) : json_null());
  json_object_set_new(o, "grids", grids);
  jw_reply_json(r, 200, o);
  return JW_OK;
}
