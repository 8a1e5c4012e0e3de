/* cache.c — the per-process snapshot of the officer directory, built by the
 * generic versioned snapshot (db/snapshot.c). */
#include "directory/cache.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "directory/directory.h"

static const char COUNTER[] = "directory_version";
static const char SQL_ALL_UNITS[] = "SELECT id, path FROM units ORDER BY id";
static const char SQL_ALL_OFFICERS[] =
    "SELECT " JW_OFFICER_COLS
    ", un.path, o.search"
    " FROM officers o JOIN units un ON un.id = o.unit_id ORDER BY o.list_order, o.id";
static const char SQL_COUNTS[] = "SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM officers)";

static enum jw_code build(struct jw_snapshot *base, struct jw_conn *c, void *ctx, struct jw_error *err);
static struct jw_snapshot_cache cache = JW_SNAPSHOT_CACHE_INIT(COUNTER, struct jw_dir_snapshot, build, "the directory");

enum jw_code jw_dir_bump(struct jw_conn *c, struct jw_error *err) { return jw_snapshot_bump(c, COUNTER, err); }

void jw_dir_release(struct jw_dir_snapshot *s) { jw_snapshot_release(s ? &s->base : NULL); }

static char *officer_text(struct jw_arena *a, struct jw_stmt *s, size_t *len) {
  json_t *o = jw_officer_json(s);
  char *text = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  *len = strlen(text);
  char *copy = jw_arena_strndup(a, text, *len);
  free(text);
  return copy;
}

/* Grows an arena array of n elements of size sz to hold at least n + 1. */
static void *grow(struct jw_arena *a, void *p, size_t n, size_t *cap, size_t sz) {
  if (n < *cap) return p;
  *cap = *cap * 2 + 16;
  void *q = jw_arena_alloc(a, *cap * sz);
  if (n) memcpy(q, p, n * sz);
  return q;
}

static enum jw_code build(struct jw_snapshot *base, struct jw_conn *c, void *ctx, struct jw_error *err) {
  struct jw_dir_snapshot *snap = (struct jw_dir_snapshot *)base;
  struct jw_arena *a = &base->arena;
  struct jw_stmt *s = jw_prepare(c, SQL_COUNTS, err);
  if (!s || jw_step(s, err) != JW_STEP_ROW) return JW_E_DB;
  size_t cap_units = (size_t)jw_col_int(s, 0), cap_officers = (size_t)jw_col_int(s, 1);
  /* Rows added between the count and the reads make the arrays grow. */
  snap->units = jw_arena_alloc(a, (cap_units + 1) * sizeof *snap->units);
  snap->officers = jw_arena_alloc(a, (cap_officers + 1) * sizeof *snap->officers);
  cap_units++, cap_officers++;
  jw_conn_release(c);

  enum jw_step st;
  if (!(s = jw_prepare(c, SQL_ALL_UNITS, err))) return JW_E_DB;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    snap->units = grow(a, snap->units, snap->nunits, &cap_units, sizeof *snap->units);
    struct jw_dir_unit *u = &snap->units[snap->nunits++];
    u->id = jw_col_int(s, 0);
    u->path = jw_arena_strdup(a, jw_col_text(s, 1));
  }
  if (st == JW_STEP_ERROR) return JW_E_DB;

  if (!(s = jw_prepare(c, SQL_ALL_OFFICERS, err))) return JW_E_DB;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    snap->officers = grow(a, snap->officers, snap->nofficers, &cap_officers, sizeof *snap->officers);
    struct jw_dir_officer *o = &snap->officers[snap->nofficers++];
    o->id = jw_col_int(s, 0);
    o->police = strcmp(jw_col_text(s, 6), "police") == 0;
    o->unit_path = jw_arena_strdup(a, jw_col_text(s, 11));
    o->search = jw_arena_strdup(a, jw_col_text(s, 12));
    o->json = officer_text(a, s, &o->json_len);
  }
  return st == JW_STEP_ERROR ? JW_E_DB : JW_OK;
}

struct jw_dir_snapshot *jw_dir_snapshot(struct jw_conn *c, struct jw_error *err) {
  return (struct jw_dir_snapshot *)jw_snapshot_get(&cache, c, NULL, err);
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
