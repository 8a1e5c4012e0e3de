/* services_api.c — the catalogue's public handlers: search, categories, an
 * item's guide and its versions. */
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "services/api.h"
#include "services/cache.h"
#include "services/document.h"
#include "services/services.h"

static int one_of(const char *s, const char *const *choices) {
  for (int i = 0; choices[i]; i++)
    if (strcmp(s, choices[i]) == 0) return 1;
  return 0;
}

/* The guide of a published document as the API shows it (adds id, version,
 * published_at, versions_count, category_name and the form's default limits
 * to doc). */
static void guide_fields(json_t *doc, int64_t id, int version, json_t *published_at, int64_t versions_count) {
  json_object_set_new(doc, "id", json_integer(id));
  json_object_set_new(doc, "version", json_integer(version));
  json_object_set_new(doc, "published_at", published_at);
  json_object_set_new(doc, "versions_count", json_integer(versions_count));
  json_t *cat = json_object_get(doc, "category");
  json_object_set_new(doc, "category_name",
                      json_string(jw_service_category_name(json_is_string(cat) ? json_string_value(cat) : "")));
  jw_form_limits_fill(json_object_get(doc, "form"));
  jw_service_resolve(doc);
  json_t *kinds = json_array();
  for (const char *const *k = jw_service_accepting_kinds(json_string_value(cat)); *k; k++)
    json_array_append_new(kinds, json_string(*k));
  json_object_set_new(doc, "accepting_unit_kinds", kinds);
}

/* The snapshot's render: an item's guide as JSON text; ctx is the request
 * (for the bureau's time zone). */
static char *guide_text(struct jw_arena *a, const struct jw_svc_item *it, void *ctx, size_t *len) {
  json_t *doc = json_loads(it->doc, 0, NULL);
  if (!doc) return NULL;
  guide_fields(doc, it->id, it->version, jw_time_json(ctx, it->published_at), it->versions_count);
  char *t = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  if (!t) return NULL;
  *len = strlen(t);
  char *copy = jw_arena_strndup(a, t, *len);
  free(t);
  return copy;
}

static void release_deferred(void *p) { jw_svc_release(p); }

/* The current catalogue snapshot, held until the request's arena is freed. */
static struct jw_svc_snapshot *snapshot(struct jw_req *r, struct jw_error *err) {
  const struct jw_svc_render render = {guide_text, r};
  struct jw_svc_snapshot *snap = jw_svc_snapshot(r->db, &render, err);
  if (snap) jw_arena_defer(r->arena, release_deferred, snap);
  return snap;
}

struct jw_svc_snapshot *jw_services_api_snapshot(struct jw_req *r, struct jw_error *err) {
  return snapshot(r, err);
}

enum jw_code jw_services_api_list(struct jw_req *r, struct jw_error *err) {
  static const char *const known[] = {"q", "category", "online_level", "limit", "cursor", NULL};
  if (jw_query_only(r, known, err) != JW_OK) return err->code; /* the public lists' rule: an unknown parameter is 422 */
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  struct jw_service_query f = {jw_query(r, "q"), jw_query(r, "category"), jw_query(r, "online_level")};
  long qlen = f.q ? jw_utf8_len(f.q, strlen(f.q)) : 0;
  if (qlen < 0 || qlen > 50) jw_field_fail(err, "q", "must be at most 50 characters of text");
  if (f.category && !one_of(f.category, jw_service_categories)) jw_field_fail(err, "category", "is not a category");
  if (f.online_level && !one_of(f.online_level, jw_service_online_levels))
    jw_field_fail(err, "online_level", "must be notify, appointment, online or query");
  if (err->nfields) return JW_E_VALIDATION;
  int64_t *ids;
  size_t n;
  if (jw_services_search(r->db, jw_db_kind(r->app->db), r->arena, &f, limit, offset, &ids, &n, err) != JW_OK)
    return err->code;
  int64_t next = (int64_t)n > limit ? offset + limit : 0;
  if ((int64_t)n > limit) n = (size_t)limit;
  /* The page's list entries come from the snapshot, written straight into the response. */
  struct jw_svc_snapshot *snap = snapshot(r, err);
  if (!snap) return err->code;
  struct jw_buf o = {r->arena, NULL, 0, 0};
  jw_buf_put(&o, "{\"items\":[", 10);
  size_t shown = 0;
  for (size_t i = 0; i < n; i++) {
    const struct jw_svc_item *it = jw_svc_item(snap, ids[i]);
    if (!it) continue;
    if (shown++) jw_buf_put(&o, ",", 1);
    jw_buf_put(&o, it->summary, it->summary_len);
  }
  if (next) {
    char tail[48];
    int k = snprintf(tail, sizeof tail, "],\"next_cursor\":\"%lld\"}", (long long)next);
    jw_buf_put(&o, tail, (size_t)k);
  } else {
    jw_buf_put(&o, "],\"next_cursor\":null}", 21);
  }
  jw_reply_text(r, 200, "application/json", o.p);
  return JW_OK;
}

enum jw_code jw_services_api_categories(struct jw_req *r, struct jw_error *err) {
  struct jw_service_category *cats;
  size_t n;
  if (jw_services_categories(r->db, r->arena, &cats, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(items, json_pack("{s:s, s:s, s:I}", "code", cats[i].code, "name", cats[i].name, "count",
                                           (json_int_t)cats[i].count));
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}

static void decref_deferred(void *p) { json_decref(p); }

enum jw_code jw_services_api_get(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  const char *vq = jw_query(r, "version");
  int version = 0;
  if (vq) {
    char *end;
    long v = strtol(vq, &end, 10);
    if (*vq == '\0' || *end || v < 1 || v > 1000000) return jw_fail(err, JW_E_NOT_FOUND, "There is no such version.");
    version = (int)v;
  }
  if (!version) {
    struct jw_svc_snapshot *snap = snapshot(r, err);
    if (!snap) return err->code;
    const struct jw_svc_item *it = jw_svc_item(snap, id);
    size_t len = it ? it->guide_len : 0;
    const char *guide = !it ? NULL : it->guide ? it->guide : guide_text(r->arena, it, r, &len);
    if (!guide) return jw_fail(err, JW_E_NOT_FOUND, "There is no published item %s.", r->params[0]);
    jw_reply_bytes(r, 200, "application/json", guide, len);
    return JW_OK;
  }
  json_t *doc;
  if (jw_service_doc(r->db, id, version, &doc, &version, err) != JW_OK) return err->code;
  jw_arena_defer(r->arena, decref_deferred, doc);
  struct jw_service_version_meta meta;
  if (jw_service_version_meta(r->db, id, version, &meta, err) != JW_OK) return err->code;
  guide_fields(doc, id, version, jw_time_json(r, meta.published_at), meta.versions_count);
  jw_reply_json(r, 200, json_incref(doc));
  return JW_OK;
}

enum jw_code jw_services_api_versions(struct jw_req *r, struct jw_error *err) {
  struct jw_service_version *v;
  size_t n;
  if (jw_service_versions(r->db, r->arena, jw_param_id(r, 0), &v, &n, err) != JW_OK) return err->code;
  if (n == 0) return jw_fail(err, JW_E_NOT_FOUND, "There is no published item %s.", r->params[0]);
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(items, json_pack("{s:I, s:o, s:s}", "version", (json_int_t)v[i].version, "published_at",
                                           jw_time_json(r, v[i].published_at), "published_by", v[i].published_by));
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}
