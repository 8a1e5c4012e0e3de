/* api_houses.c — rental houses' and self-managed groups' handlers. */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "community/api.h"
#include "core/jspec.h"
#include "core/mem.h"
#include "core/validate.h"

#define MAX_ID      9007199254740991LL
#define MAX_MEMBERS 200

static const char *const group_kinds[] = {"xinmin", "pianzu", NULL};

/* A house; the landlord's phone masked (lists) unless full (the audited detail). */
static json_t *house_json(struct jw_req *r, const struct jw_house *h, int full) {
  const char *phone = full || !*h->landlord_phone ? h->landlord_phone : jw_mask_phone(r->arena, h->landlord_phone);
  json_t *o =
      json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:I}", "id", (json_int_t)h->id, "grid_id", (json_int_t)h->grid_id,
                "address", h->address, "landlord_name", h->landlord_name, "landlord_phone", phone, "rooms",
                (json_int_t)h->rooms, "note", h->note, "tenants", (json_int_t)h->tenants);
  json_object_set_new(o, "updated_at", jw_time_json(r, h->updated_at));
  return o;
}

static json_t *group_json(struct jw_req *r, const struct jw_group *g) {
  json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)g->id, "grid_id", (json_int_t)g->grid_id,
                        "name", g->name, "kind", g->kind, "note", g->note, "members", (json_int_t)g->members);
  json_object_set_new(o, "leader_id", g->leader_id ? json_integer(g->leader_id) : json_null());
  json_object_set_new(o, "leader_name", jw_comm_str_or_null(g->leader_name));
  json_object_set_new(o, "updated_at", jw_time_json(r, g->updated_at));
  return o;
}

/* ---- rental houses ---- */

enum jw_code jw_community_api_houses(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor, grid = 0;
  const char *q = NULL;
  jw_page_params(r, &limit, &cursor, err);
  jw_comm_query_id(r, "grid_id", &grid, err);
  jw_comm_query_text(r, "q", 50, &q, err);
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_house *h;
  size_t n;
  int64_t next;
  if (jw_community_houses(r->db, r->arena, r->user, grid, q, cursor, limit, &h, &n, &next, err) != JW_OK)
    return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(items, house_json(r, &h[i], 0));
  jw_reply_json(r, 200, jw_page_json(items, next));
  return JW_OK;
}

static enum jw_code reply_house(struct jw_req *r, int status, int64_t id, struct jw_error *err) {
  struct jw_house h;
  struct jw_resident_row *t;
  size_t n;
  const struct jw_community_actor who = {r->user, r->ip};
  if (jw_community_house(r->db, r->arena, &who, id, &h, &t, &n, err) != JW_OK) return err->code;
  json_t *o = house_json(r, &h, 1);
  json_object_set_new(o, "tenant_list", jw_comm_resident_items(r, t, n));
  jw_reply_json(r, status, o);
  return JW_OK;
}

enum jw_code jw_community_api_house(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such rental house.");
  return reply_house(r, 200, id, err);
}

static enum jw_code house_body(struct jw_req *r, struct jw_house *h, struct jw_error *err) {
  h->landlord_phone = h->note = "";
  h->rooms = 1;
  const struct jw_field f[] = {
      {"grid_id", JS_INT, JS_REQUIRED, 1, MAX_ID, &h->grid_id, NULL, NULL},
      {"address", JS_STR, JS_REQUIRED, 4, 120, &h->address, NULL, NULL},
      {"landlord_name", JS_STR, JS_REQUIRED, 2, 30, &h->landlord_name, NULL, NULL},
      {"landlord_phone", JS_STR, 0, 0, 11, &h->landlord_phone, NULL, NULL},
      {"rooms", JS_INT, 0, 1, 1000, &h->rooms, NULL, NULL},
      {"note", JS_STR, JS_MULTILINE, 0, 500, &h->note, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the rental house as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) == JW_E_BAD_JSON) return err->code;
  const char *why;
  if (h->landlord_phone && *h->landlord_phone && (why = jw_check_phone(h->landlord_phone)))
    jw_field_fail(err, "landlord_phone", "%s", why);
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

enum jw_code jw_community_api_house_create(struct jw_req *r, struct jw_error *err) {
  struct jw_house h = {0};
  if (house_body(r, &h, err) != JW_OK) return err->code;
  const struct jw_community_actor who = {r->user, r->ip};
  if (jw_community_house_save(r->db, &who, &h, err) != JW_OK) return err->code;
  return reply_house(r, 201, h.id, err);
}

enum jw_code jw_community_api_house_update(struct jw_req *r, struct jw_error *err) {
  struct jw_house h = {.id = jw_param_id(r, 0)};
  if (!h.id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such rental house.");
  if (house_body(r, &h, err) != JW_OK) return err->code;
  const struct jw_community_actor who = {r->user, r->ip};
  if (jw_community_house_save(r->db, &who, &h, err) != JW_OK) return err->code;
  return reply_house(r, 200, h.id, err);
}

/* ---- groups ---- */

enum jw_code jw_community_api_groups(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor, grid = 0;
  jw_page_params(r, &limit, &cursor, err);
  jw_comm_query_id(r, "grid_id", &grid, err);
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_group *g;
  size_t n;
  int64_t next;
  if (jw_community_groups(r->db, r->arena, r->user, grid, cursor, limit, &g, &n, &next, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(items, group_json(r, &g[i]));
  jw_reply_json(r, 200, jw_page_json(items, next));
  return JW_OK;
}

static enum jw_code reply_group(struct jw_req *r, int status, int64_t id, struct jw_error *err) {
  struct jw_group g;
  struct jw_resident_row *m;
  size_t n;
  const struct jw_community_actor who = {r->user, r->ip};
  if (jw_community_group(r->db, r->arena, &who, id, &g, &m, &n, err) != JW_OK) return err->code;
  json_t *o = group_json(r, &g);
  json_object_set_new(o, "member_list", jw_comm_resident_items(r, m, n));
  jw_reply_json(r, status, o);
  return JW_OK;
}

enum jw_code jw_community_api_group(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such group.");
  return reply_group(r, 200, id, err);
}

/* Reads a group body into g and the member ids (NULL when not sent). */
static enum jw_code group_body(struct jw_req *r, struct jw_group *g, int creating, int64_t **members, size_t *n,
                               struct jw_error *err) {
  int kind = -1;
  g->note = "";
  const struct jw_field f[] = {
      {"grid_id", JS_INT, creating ? JS_REQUIRED : 0, 1, MAX_ID, &g->grid_id, NULL, NULL},
      {"name", JS_STR, JS_REQUIRED, 2, 40, &g->name, NULL, NULL},
      {"kind", JS_ENUM, JS_REQUIRED, 0, 0, &kind, group_kinds, NULL},
      {"leader_id", JS_INT, JS_NULLABLE, 1, MAX_ID, &g->leader_id, NULL, NULL},
      {"note", JS_STR, JS_MULTILINE, 0, 500, &g->note, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the group as JSON.");
  json_t *ids = json_is_object(r->body) ? json_object_get(r->body, "member_ids") : NULL;
  json_t *rest = json_is_object(r->body) ? json_copy(r->body) : json_incref(r->body);
  if (json_is_object(rest)) json_object_del(rest, "member_ids");
  enum jw_code rc = jw_json_fields(rest, f, sizeof f / sizeof f[0], err);
  json_decref(rest);
  if (rc == JW_E_BAD_JSON) return rc;
  *members = NULL;
  *n = 0;
  if (ids && !json_is_null(ids)) {
    if (!json_is_array(ids) || json_array_size(ids) > MAX_MEMBERS) {
      jw_field_fail(err, "member_ids", "must be a list of at most %d resident ids", MAX_MEMBERS);
    } else {
      *members = jw_arena_alloc(r->arena, (json_array_size(ids) + 1) * sizeof **members);
      size_t i;
      json_t *v;
      json_array_foreach(ids, i, v) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > MAX_ID) {
          jw_field_fail(err, "member_ids", "must be a list of at most %d resident ids", MAX_MEMBERS);
          break;
        }
        (*members)[(*n)++] = json_integer_value(v);
      }
    }
  }
  if (err->nfields) return JW_E_VALIDATION;
  g->kind = group_kinds[kind];
  return JW_OK;
}

static void today_str(struct jw_req *r, char out[11]) {
  jw_date_format(jw_date_of_time((long long)time(NULL), r->app->cfg.tz_offset_min), out);
}

enum jw_code jw_community_api_group_create(struct jw_req *r, struct jw_error *err) {
  struct jw_group g = {0};
  int64_t *members;
  size_t n;
  if (group_body(r, &g, 1, &members, &n, err) != JW_OK) return err->code;
  const struct jw_community_actor who = {r->user, r->ip};
  char today[11];
  today_str(r, today);
  if (jw_community_group_save(r->db, &who, &g, members, n, today, err) != JW_OK) return err->code;
  return reply_group(r, 201, g.id, err);
}

enum jw_code jw_community_api_group_update(struct jw_req *r, struct jw_error *err) {
  struct jw_group g = {.id = jw_param_id(r, 0)};
  if (!g.id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such group.");
  int64_t *members;
  size_t n;
  if (group_body(r, &g, 0, &members, &n, err) != JW_OK) return err->code;
  const struct jw_community_actor who = {r->user, r->ip};
  char today[11];
  today_str(r, today);
  if (jw_community_group_save(r->db, &who, &g, members, n, today, err) != JW_OK) return err->code;
  return reply_group(r, 200, g.id, err);
}

/* ---- grids (station chief, unit admin) ---- */

/* The polygon value as stored text (absent: NULL, null: "[]"); NULL with a field error when it is not 0 or 3..256
 * [lng_e6, lat_e6] integer pairs. */
static const char *polygon_text(struct jw_req *r, json_t *v, struct jw_error *err) {
  if (!v) return NULL; /* keep (update) or none (create) */
  if (json_is_null(v)) return "[]";
  struct jw_buf b = {r->arena, NULL, 0, 0};
  size_t n = json_is_array(v) ? json_array_size(v) : 0;
  if (!json_is_array(v) || (n > 0 && n < 3) || n > 256) goto bad;
  jw_buf_puts(&b, "[");
  for (size_t i = 0; i < n; i++) {
    json_t *p = json_array_get(v, i), *x = json_array_get(p, 0), *y = json_array_get(p, 1);
    if (!json_is_array(p) || json_array_size(p) != 2 || !json_is_integer(x) || !json_is_integer(y)) goto bad;
    json_int_t lng = json_integer_value(x), lat = json_integer_value(y);
    if (lng < -180000000 || lng > 180000000 || lat < -90000000 || lat > 90000000) goto bad;
    jw_buf_printf(&b, "%s[%lld,%lld]", i ? "," : "", (long long)lng, (long long)lat);
  }
  jw_buf_puts(&b, "]");
  return b.p;
bad:
  jw_field_fail(err, "polygon", "must be empty or 3 to 256 [lng_e6, lat_e6] points");
  return NULL;
}

/* Reads a grid body into g and the member ids. */
static enum jw_code grid_body(struct jw_req *r, struct jw_grid *g, int creating, int64_t **members, size_t *n,
                              struct jw_error *err) {
  g->area = "";
  const struct jw_field f[] = {
      {"unit_id", JS_INT, creating ? JS_REQUIRED : 0, 1, MAX_ID, &g->unit_id, NULL, NULL},
      {"code", JS_STR, creating ? JS_REQUIRED : 0, 2, 32, &g->code, NULL, NULL},
      {"name", JS_STR, JS_REQUIRED, 2, 40, &g->name, NULL, NULL},
      {"area", JS_STR, JS_MULTILINE, 0, 200, &g->area, NULL, NULL},
      {"officer_id", JS_INT, JS_NULLABLE, 1, MAX_ID, &g->officer_id, NULL, NULL},
  };
  if (!r->body || !json_is_object(r->body)) return jw_fail(err, JW_E_BAD_JSON, "Send the grid as JSON.");
  json_t *rest = json_copy(r->body);
  json_t *ids = json_object_get(r->body, "member_ids"), *poly = json_object_get(r->body, "polygon");
  json_object_del(rest, "member_ids");
  json_object_del(rest, "polygon");
  enum jw_code rc = jw_json_fields(rest, f, sizeof f / sizeof f[0], err);
  json_decref(rest);
  if (rc == JW_E_BAD_JSON) return rc;
  g->polygon = polygon_text(r, poly, err);
  *members = jw_arena_alloc(r->arena, sizeof **members * 21);
  *n = 0;
  if (ids && !json_is_null(ids)) {
    size_t i;
    json_t *v;
    if (!json_is_array(ids) || json_array_size(ids) > 20) {
      jw_field_fail(err, "member_ids", "must be a list of at most %d officer ids", 20);
    } else {
      json_array_foreach(ids, i, v) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > MAX_ID) {
          jw_field_fail(err, "member_ids", "must be a list of at most %d officer ids", 20);
          break;
        }
        (*members)[(*n)++] = json_integer_value(v);
      }
    }
  }
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

static enum jw_code grid_save(struct jw_req *r, struct jw_grid *g, int status, struct jw_error *err) {
  int64_t *members;
  size_t n;
  if (grid_body(r, g, g->id == 0, &members, &n, err) != JW_OK) return err->code;
  const struct jw_community_actor who = {r->user, r->ip};
  if (jw_community_grid_save(r->db, &who, g, members, n, err) != JW_OK) return err->code;
  return jw_comm_reply_grid(r, status, g->id, err);
}

enum jw_code jw_community_api_grid_create(struct jw_req *r, struct jw_error *err) {
  struct jw_grid g = {0};
  return grid_save(r, &g, 201, err);
}

enum jw_code jw_community_api_grid_update(struct jw_req *r, struct jw_error *err) {
  struct jw_grid g = {.id = jw_param_id(r, 0)};
  if (!g.id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such grid.");
  return grid_save(r, &g, 200, err);
}
