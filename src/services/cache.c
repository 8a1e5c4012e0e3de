/* cache.c — the per-process snapshot of the published catalogue. */
#include "services/cache.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "services/services.h"

static const char COUNTER[] = "services_version";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM services WHERE version > 0";
static const char SQL_ALL[] =
    "SELECT s.id, s.summary, v.doc, v.version, v.published_at,"
    " (SELECT COUNT(*) FROM service_versions x WHERE x.service_id = s.id)"
    " FROM services s JOIN service_versions v ON v.service_id = s.id AND v.version = s.version"
    " WHERE s.version > 0 ORDER BY s.id";

static enum jw_code build(struct jw_snapshot *base, struct jw_conn *c, void *ctx, struct jw_error *err);
static struct jw_snapshot_cache cache = JW_SNAPSHOT_CACHE_INIT(COUNTER, struct jw_svc_snapshot, build, "the catalogue");

enum jw_code jw_svc_bump(struct jw_conn *c, struct jw_error *err) { return jw_snapshot_bump(c, COUNTER, err); }

static void release_deferred(void *p) { jw_snapshot_release(p); }

void jw_svc_guide_fields(json_t *doc, int64_t id, int version, json_t *published_at, int64_t versions_count) {
  json_object_set_new(doc, "id", json_integer(id));
  json_object_set_new(doc, "version", json_integer(version));
  json_object_set_new(doc, "published_at", published_at);
  json_object_set_new(doc, "versions_count", json_integer(versions_count));
  json_t *cat = json_object_get(doc, "category");
  json_object_set_new(doc, "category_name",
                      json_string(jw_service_category_name(json_is_string(cat) ? json_string_value(cat) : "")));
  jw_form_limits_fill(json_object_get(doc, "form"));
}

/* The JSON text of o in the arena; takes o. */
static const char *text_of(struct jw_arena *a, json_t *o, size_t *len) {
  char *t = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  if (!t) return NULL;
  *len = strlen(t);
  char *copy = jw_arena_strndup(a, t, *len);
  free(t);
  return copy;
}

/* Loads the published items; ctx is the request (for its time zone). */
static enum jw_code build(struct jw_snapshot *base, struct jw_conn *c, void *ctx, struct jw_error *err) {
  struct jw_svc_snapshot *snap = (struct jw_svc_snapshot *)base;
  struct jw_req *r = ctx;
  struct jw_arena *a = &base->arena;
  struct jw_stmt *s = jw_prepare(c, SQL_COUNT, err);
  if (!s || jw_step(s, err) != JW_STEP_ROW) return JW_E_DB;
  size_t cap = (size_t)jw_col_int(s, 0) + 16;
  snap->items = jw_arena_alloc(a, cap * sizeof *snap->items);
  jw_conn_release(c);
  if (!(s = jw_prepare(c, SQL_ALL, err))) return JW_E_DB;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && snap->n < cap) {
    json_t *doc = json_loads(jw_col_text(s, 2), 0, NULL);
    if (!doc) continue;
    struct jw_svc_item *it = &snap->items[snap->n];
    it->id = jw_col_int(s, 0);
    jw_svc_guide_fields(doc, it->id, (int)jw_col_int(s, 3), jw_time_json(r, jw_col_int(s, 4)), jw_col_int(s, 5));
    it->guide = text_of(a, doc, &it->guide_len);
    it->summary_len = strlen(jw_col_text(s, 1));
    it->summary = jw_arena_strndup(a, jw_col_text(s, 1), it->summary_len);
    if (it->guide) snap->n++;
  }
  return st == JW_STEP_ERROR ? JW_E_DB : JW_OK;
}

struct jw_svc_snapshot *jw_svc_snapshot(struct jw_req *r, struct jw_error *err) {
  struct jw_snapshot *snap = jw_snapshot_get(&cache, r->db, r, err);
  if (!snap) return NULL;
  jw_arena_defer(r->arena, release_deferred, snap);
  return (struct jw_svc_snapshot *)snap;
}

const struct jw_svc_item *jw_svc_item(const struct jw_svc_snapshot *s, int64_t id) {
  size_t lo = 0, hi = s->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->items[mid].id == id) return &s->items[mid];
    if (s->items[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

void jw_svc_cache_free(void) { jw_snapshot_cache_free(&cache); }
