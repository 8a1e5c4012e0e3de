/* snapshot.c — the versioned read snapshot shared by the directory and the
 * catalogue caches (see snapshot.h for the protocol). */
#include "db/snapshot.h"

#include <assert.h>
#include <stdlib.h>

static const char SQL_VERSION[] = "SELECT value FROM counters WHERE name = ?";
static const char SQL_BUMP[] = "UPDATE counters SET value = value + 1 WHERE name = ?";

enum jw_code jw_snapshot_bump(struct jw_conn *c, const char *counter, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_BUMP, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, counter);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_DB, "version counter %s missing", counter);
  return JW_OK;
}

void jw_snapshot_release(struct jw_snapshot *s) {
  if (!s) return;
  int before = atomic_fetch_sub(&s->refs, 1);
  assert(before > 0);
  if (before != 1) return;
  jw_arena_free(&s->arena);
  free(s);
}

static struct jw_snapshot *build(struct jw_snapshot_cache *cache, struct jw_conn *c, void *ctx, int64_t version,
                                 struct jw_error *err) {
  assert(cache->size >= sizeof(struct jw_snapshot));
  struct jw_snapshot *snap = jw_xcalloc(1, cache->size);
  atomic_init(&snap->refs, 1);
  snap->version = version;
  enum jw_code rc = cache->build(snap, c, ctx, err);
  jw_conn_release(c);
  if (rc != JW_OK) {
    if (!err->code) jw_fail(err, JW_E_DB, "cannot read %s", cache->what);
    jw_snapshot_release(snap);
    return NULL;
  }
  return snap;
}

struct jw_snapshot *jw_snapshot_get(struct jw_snapshot_cache *cache, struct jw_conn *c, void *ctx,
                                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_VERSION, err);
  if (s) jw_bind_text(s, 1, cache->counter);
  if (!s || jw_step(s, err) != JW_STEP_ROW) {
    if (!err->code) jw_fail(err, JW_E_DB, "%s version missing", cache->what);
    jw_conn_release(c);
    return NULL;
  }
  int64_t version = jw_col_int(s, 0);
  jw_conn_release(c);
  pthread_mutex_lock(&cache->mu);
  struct jw_snapshot *snap = cache->current;
  if (snap && snap->version == version) {
    atomic_fetch_add(&snap->refs, 1);
    pthread_mutex_unlock(&cache->mu);
    return snap;
  }
  pthread_mutex_unlock(&cache->mu);
  /* Built outside the lock so readers of the old version are not held up;
   * a concurrent builder's result may win, and the newer version stays. */
  if (!(snap = build(cache, c, ctx, version, err))) return NULL;
  struct jw_snapshot *old = NULL;
  pthread_mutex_lock(&cache->mu);
  if (!cache->current || cache->current->version <= version) {
    old = cache->current;
    cache->current = snap;
    atomic_fetch_add(&snap->refs, 1); /* the cache's reference */
  }
  pthread_mutex_unlock(&cache->mu);
  jw_snapshot_release(old);
  return snap;
}

void jw_snapshot_cache_free(struct jw_snapshot_cache *cache) {
  pthread_mutex_lock(&cache->mu);
  struct jw_snapshot *old = cache->current;
  cache->current = NULL;
  pthread_mutex_unlock(&cache->mu);
  jw_snapshot_release(old);
}
