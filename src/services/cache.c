/* cache.c — the per-process snapshot of the published catalogue, built by
 * the generic versioned snapshot (db/snapshot.c) from the store's typed rows. */
#include "services/cache.h"

#include "services/store.h"

static const char COUNTER[] = "services_version";

static enum jw_code build(struct jw_snapshot *base, struct jw_conn *c, void *ctx, struct jw_error *err);
static struct jw_snapshot_cache cache = JW_SNAPSHOT_CACHE_INIT(COUNTER, struct jw_svc_snapshot, build, "the catalogue");

enum jw_code jw_svc_bump(struct jw_conn *c, struct jw_error *err) { return jw_snapshot_bump(c, COUNTER, err); }

void jw_svc_release(struct jw_svc_snapshot *s) { jw_snapshot_release(s ? &s->base : NULL); }

/* Loads the published items; ctx is the caller's struct jw_svc_render (or NULL). */
static enum jw_code build(struct jw_snapshot *base, struct jw_conn *c, void *ctx, struct jw_error *err) {
  struct jw_svc_snapshot *snap = (struct jw_svc_snapshot *)base;
  const struct jw_svc_render *render = ctx;
  struct jw_arena *a = &base->arena;
  if (jw_svc_store_published(c, a, &snap->items, &snap->n, err) != JW_OK) return err->code;
  if (!render || !render->guide) return JW_OK;
  /* An item whose guide cannot be written (its stored document is not
   * JSON) is left out, as if unpublished. */
  size_t kept = 0;
  for (size_t i = 0; i < snap->n; i++) {
    struct jw_svc_item *it = &snap->items[i];
    it->guide = render->guide(a, it, render->ctx, &it->guide_len);
    if (it->guide) snap->items[kept++] = *it;
  }
  snap->n = kept;
  return JW_OK;
}

struct jw_svc_snapshot *jw_svc_snapshot(struct jw_conn *c, const struct jw_svc_render *render, struct jw_error *err) {
  /* The builder only reads through render; the cast drops const for the generic ctx. */
  return (struct jw_svc_snapshot *)jw_snapshot_get(&cache, c, (void *)render, err);
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
