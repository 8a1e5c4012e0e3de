/* cache.c — the per-process snapshot of the officer directory, built by the
 * generic versioned snapshot (db/snapshot.c) from the store's typed rows. */
#include "directory/cache.h"

#include "directory/store.h"

static const char COUNTER[] = "directory_version";

static enum jw_code build(struct jw_snapshot *base, struct jw_conn *c, void *ctx, struct jw_error *err);
static struct jw_snapshot_cache cache = JW_SNAPSHOT_CACHE_INIT(COUNTER, struct jw_dir_snapshot, build, "the directory");

enum jw_code jw_dir_bump(struct jw_conn *c, struct jw_error *err) { return jw_snapshot_bump(c, COUNTER, err); }

void jw_dir_release(struct jw_dir_snapshot *s) { jw_snapshot_release(s ? &s->base : NULL); }

/* Loads units and officers; ctx is the caller's struct jw_dir_render (or NULL). */
static enum jw_code build(struct jw_snapshot *base, struct jw_conn *c, void *ctx, struct jw_error *err) {
  struct jw_dir_snapshot *snap = (struct jw_dir_snapshot *)base;
  const struct jw_dir_render *render = ctx;
  struct jw_arena *a = &base->arena;
  if (jw_dir_store_unit_paths(c, a, &snap->units, &snap->nunits, err) != JW_OK ||
      jw_dir_store_listing(c, a, &snap->officers, &snap->nofficers, err) != JW_OK)
    return err->code;
  for (size_t i = 0; render && render->officer && i < snap->nofficers; i++) {
    struct jw_dir_officer *e = &snap->officers[i];
    e->text = render->officer(a, &e->o, &e->text_len);
  }
  return JW_OK;
}

struct jw_dir_snapshot *jw_dir_snapshot(struct jw_conn *c, const struct jw_dir_render *render, struct jw_error *err) {
  /* The builder only reads through render; the cast drops const for the generic ctx. */
  return (struct jw_dir_snapshot *)jw_snapshot_get(&cache, c, (void *)render, err);
}

const char *jw_dir_unit_path(const struct jw_dir_snapshot *s, int64_t id) {
  size_t lo = 0, hi = s->nunits;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->units[mid].id == id) return s->units[mid].path;
    if (s->units[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

void jw_dir_cache_free(void) { jw_snapshot_cache_free(&cache); }
