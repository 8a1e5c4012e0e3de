/* edit_api.c — catalogue editing: drafts and their publication as versions.
 *
 * Who edits: sysadmin, and the unit_admin of the city bureau itself (every
 * item is implemented by the city bureau or one of its departments, so an
 * administrator of a branch or station does not change the catalogue). */
#include <stdlib.h>
#include <string.h>

#include "services/api.h"
#include "services/document.h"
#include "services/services.h"

static enum jw_code may_edit(struct jw_req *r, struct jw_error *err) {
  const struct jw_user *u = r->user;
  if (u->whole_bureau ||
      (u->unit_path && strchr(u->unit_path + 1, '/') && !strchr(strchr(u->unit_path + 1, '/') + 1, '/')))
    return JW_OK;
  return jw_fail(err, JW_E_FORBIDDEN, "Only the city bureau's administrators edit the catalogue.");
}

/* A draft must at least name its code, name, category and online level. */
static enum jw_code draft_input(struct jw_req *r, struct jw_error *err) {
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the item as JSON.");
  if (jw_service_check(r->body, 0, err) != JW_OK && err->code != JW_E_VALIDATION) return err->code;
  static const char *const core[] = {"code", "name", "category", "online_level", NULL};
  for (int i = 0; core[i]; i++)
    if (!json_is_string(json_object_get(r->body, core[i]))) jw_field_fail(err, core[i], "is required, also in a draft");
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

/* The request body as compact JSON text in the request's arena. */
static const char *body_text(struct jw_req *r) {
  char *text = json_dumps(r->body, JSON_COMPACT);
  const char *copy = jw_arena_strdup(r->arena, text ? text : "{}");
  free(text);
  return copy;
}

#define STR(doc, k) json_string_value(json_object_get(doc, k))

enum jw_code jw_services_api_create(struct jw_req *r, struct jw_error *err) {
  if (may_edit(r, err) != JW_OK || draft_input(r, err) != JW_OK) return err->code;
  const struct jw_service_new s = {STR(r->body, "code"), STR(r->body, "name"), STR(r->body, "category"),
                                   STR(r->body, "online_level"), body_text(r)};
  const struct jw_svc_actor who = {r->user, r->ip};
  int64_t id;
  if (jw_service_create(r->db, &s, &who, &id, err) != JW_OK) return err->code;
  jw_reply_json(r, 201, json_pack("{s:I, s:b}", "id", (json_int_t)id, "has_draft", 1));
  return JW_OK;
}

enum jw_code jw_services_api_drafts(struct jw_req *r, struct jw_error *err) {
  int64_t limit, offset;
  if (may_edit(r, err) != JW_OK || jw_page_params(r, &limit, &offset, err) != JW_OK) return err->code;
  struct jw_service_draft_row *rows;
  size_t n;
  if (jw_services_drafts(r->db, r->arena, limit, offset, &rows, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n && (int64_t)i < limit; i++) {
    const struct jw_service_draft_row *d = &rows[i];
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:b}", "id", (json_int_t)d->id, "code", d->code, "name", d->name,
                          "category", d->category, "version", (json_int_t)d->version, "has_draft", d->has_draft);
    json_object_set_new(o, "updated_at", jw_time_json(r, d->updated_at));
    json_array_append_new(items, o);
  }
  jw_reply_json(r, 200, jw_page_json(items, (int64_t)n > limit ? offset + limit : 0));
  return JW_OK;
}

enum jw_code jw_services_api_draft_get(struct jw_req *r, struct jw_error *err) {
  if (may_edit(r, err) != JW_OK) return err->code;
  int64_t id = jw_param_id(r, 0);
  const char *text;
  int has, version;
  if (jw_service_draft(r->db, r->arena, id, &text, &has, &version, err) != JW_OK) return err->code;
  json_t *doc = json_loads(text, 0, NULL);
  if (!doc) return jw_fail(err, JW_E_DB, "The stored draft cannot be read.");
  jw_reply_json(
      r, 200,
      json_pack("{s:I, s:b, s:i, s:o}", "id", (json_int_t)id, "has_draft", has, "version", version, "draft", doc));
  return JW_OK;
}

enum jw_code jw_services_api_draft_put(struct jw_req *r, struct jw_error *err) {
  if (may_edit(r, err) != JW_OK || draft_input(r, err) != JW_OK) return err->code;
  int64_t id = jw_param_id(r, 0);
  const struct jw_svc_actor who = {r->user, r->ip};
  if (jw_service_draft_save(r->db, id, body_text(r), &who, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "has_draft", 1));
  return JW_OK;
}

enum jw_code jw_services_api_publish(struct jw_req *r, struct jw_error *err) {
  if (may_edit(r, err) != JW_OK) return err->code;
  int64_t id = jw_param_id(r, 0);
  const struct jw_svc_actor who = {r->user, r->ip};
  int version;
  if (jw_service_publish(r->db, jw_db_kind(r->app->db), r->arena, id, &who, &version, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, json_pack("{s:I, s:i}", "id", (json_int_t)id, "version", version));
  return JW_OK;
}
