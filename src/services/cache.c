/* cache.c — the per-process snapshot of the published catalogue. */
#include "services/cache.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "services/services.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct jw_svc_snapshot *current; /* holds one reference */

static const char SQL_VERSION[] = "SELECT value FROM counters WHERE name = 'services_version'";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM services WHERE version > 0";
static const char SQL_ALL[] =
    "SELECT s.id, s.summary, v.doc, v.version, v.published_at,"
    " (SELECT COUNT(*) FROM service_versions x WHERE x.service_id = s.id)"
    " FROM services s JOIN service_versions v ON v.service_id = s.id AND v.version = s.version"
    " WHERE s.version > 0 ORDER BY s.id";

static void release(struct jw_svc_snapshot *s) {
  if (!s || atomic_fetch_sub(&s->refs, 1) != 1) return;
  jw_arena_free(&s->arena);
  free(s);
}

static void release_deferred(void *p) { release(p); }

void jw_svc_guide_fields(json_t *doc, int64_t id, int version, json_t *published_at, int64_t versions_count) {
  json_object_set_new(doc, "id", json_integer(id));
  json_object_set_new(doc, "version", json_integer(version));
  json_object_set_new(doc, "published_at", published_at);
  json_object_set_new(doc, "versions_count", json_integer(versions_count));
  json_t *cat = json_object_get(doc, "category");
  json_object_set_new(doc, "category_name",
                      json_string(jw_service_category_name(json_is_string(cat) ? json_string_value(cat) : "")));
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

static struct jw_svc_snapshot *build(struct jw_req *r, int64_t version, struct jw_error *err) {
  struct jw_svc_snapshot *snap = jw_xcalloc(1, sizeof *snap);
  atomic_init(&snap->refs, 1);
  snap->version = version;
  struct jw_arena *a = &snap->arena;
  struct jw_stmt *s = jw_prepare(r->db, SQL_COUNT, err);
  if (!s || jw_step(s, err) != JW_STEP_ROW) goto fail;
  size_t cap = (size_t)jw_col_int(s, 0) + 16;
  snap->items = jw_arena_alloc(a, cap * sizeof *snap->items);
  jw_conn_release(r->db);
  if (!(s = jw_prepare(r->db, SQL_ALL, err))) goto fail;
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
  if (st == JW_STEP_ERROR) goto fail;
  jw_conn_release(r->db);
  return snap;
fail:
  if (!err->code) jw_fail(err, JW_E_DB, "cannot read the catalogue");
  jw_conn_release(r->db);
  release(snap);
  return NULL;
}

struct jw_svc_snapshot *jw_svc_snapshot(struct jw_req *r, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_VERSION, err);
  if (!s || jw_step(s, err) != JW_STEP_ROW) {
    if (!err->code) jw_fail(err, JW_E_DB, "catalogue version missing");
    return NULL;
  }
  int64_t version = jw_col_int(s, 0);
  jw_conn_release(r->db);
  pthread_mutex_lock(&mu);
  struct jw_svc_snapshot *snap = current;
  if (snap && snap->version == version) {
    atomic_fetch_add(&snap->refs, 1);
    pthread_mutex_unlock(&mu);
    jw_arena_defer(r->arena, release_deferred, snap);
    return snap;
  }
  pthread_mutex_unlock(&mu);
  /* Built outside the lock; a concurrent builder's result may win. */
  if (!(snap = build(r, version, err))) return NULL;
  pthread_mutex_lock(&mu);
  struct jw_svc_snapshot *old = NULL;
  if (!current || current->version <= version) {
    old = current;
    current = snap;
    atomic_fetch_add(&snap->refs, 1); /* the cache's reference */
  }
  pthread_mutex_unlock(&mu);
  release(old);
  jw_arena_defer(r->arena, release_deferred, snap);
  return snap;
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

void jw_svc_cache_free(void) {
  pthread_mutex_lock(&mu);
  struct jw_svc_snapshot *old = current;
  current = NULL;
  pthread_mutex_unlock(&mu);
  release(old);
}
