/* cache.c — the per-process snapshot of the officer directory. */
#include "directory/cache.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "directory/directory.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct jw_dir_snapshot *current; /* holds one reference */

static const char SQL_VERSION[] = "SELECT value FROM counters WHERE name = 'directory_version'";
static const char SQL_BUMP[] = "UPDATE counters SET value = value + 1 WHERE name = 'directory_version'";
static const char SQL_ALL_UNITS[] = "SELECT id, path FROM units ORDER BY id";
static const char SQL_ALL_OFFICERS[] =
    "SELECT " JW_OFFICER_COLS
    ", un.path, o.search"
    " FROM officers o JOIN units un ON un.id = o.unit_id ORDER BY o.list_order, o.id";
static const char SQL_COUNTS[] = "SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM officers)";

enum jw_code jw_dir_bump(struct jw_conn *c, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_BUMP, err);
  if (!s) return err->code;
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

void jw_dir_release(struct jw_dir_snapshot *s) {
  if (!s || atomic_fetch_sub(&s->refs, 1) != 1) return;
  jw_arena_free(&s->arena);
  free(s);
}

static char *officer_text(struct jw_arena *a, struct jw_stmt *s, size_t *len) {
  json_t *o = jw_officer_json(s);
  char *text = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  *len = strlen(text);
  char *copy = jw_arena_strndup(a, text, *len);
  free(text);
  return copy;
}

static struct jw_dir_snapshot *build(struct jw_conn *c, int64_t version, struct jw_error *err) {
  struct jw_dir_snapshot *snap = calloc(1, sizeof *snap);
  if (!snap) {
    jw_fail(err, JW_E_UNAVAILABLE, "Out of memory.");
    return NULL;
  }
  atomic_init(&snap->refs, 1);
  snap->version = version;
  struct jw_arena *a = &snap->arena;
  struct jw_stmt *s = jw_prepare(c, SQL_COUNTS, err);
  if (!s || jw_step(s, err) != JW_STEP_ROW) goto fail;
  size_t cap_units = (size_t)jw_col_int(s, 0), cap_officers = (size_t)jw_col_int(s, 1);
  /* Rows added between the count and the reads make the arrays grow. */
  snap->units = jw_arena_alloc(a, (cap_units + 1) * sizeof *snap->units);
  snap->officers = jw_arena_alloc(a, (cap_officers + 1) * sizeof *snap->officers);
  jw_conn_release(c);

  enum jw_step st;
  if (!(s = jw_prepare(c, SQL_ALL_UNITS, err))) goto fail;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (snap->nunits == cap_units) {
      cap_units = cap_units * 2 + 16;
      struct jw_dir_unit *u = jw_arena_alloc(a, cap_units * sizeof *u);
      memcpy(u, snap->units, snap->nunits * sizeof *u);
      snap->units = u;
    }
    struct jw_dir_unit *u = &snap->units[snap->nunits++];
    u->id = jw_col_int(s, 0);
    u->path = jw_arena_strdup(a, jw_col_text(s, 1));
  }
  if (st == JW_STEP_ERROR) goto fail;

  if (!(s = jw_prepare(c, SQL_ALL_OFFICERS, err))) goto fail;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (snap->nofficers == cap_officers) {
      cap_officers = cap_officers * 2 + 16;
      struct jw_dir_officer *o = jw_arena_alloc(a, cap_officers * sizeof *o);
      memcpy(o, snap->officers, snap->nofficers * sizeof *o);
      snap->officers = o;
    }
    struct jw_dir_officer *o = &snap->officers[snap->nofficers++];
    o->id = jw_col_int(s, 0);
    o->police = strcmp(jw_col_text(s, 6), "police") == 0;
    o->unit_path = jw_arena_strdup(a, jw_col_text(s, 11));
    o->search = jw_arena_strdup(a, jw_col_text(s, 12));
    o->json = officer_text(a, s, &o->json_len);
  }
  if (st == JW_STEP_ERROR) goto fail;
  jw_conn_release(c);
  return snap;
fail:
  if (!err->code) jw_fail(err, JW_E_DB, "cannot read the directory");
  jw_conn_release(c);
  jw_dir_release(snap);
  return NULL;
}

struct jw_dir_snapshot *jw_dir_snapshot(struct jw_conn *c, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_VERSION, err);
  if (!s || jw_step(s, err) != JW_STEP_ROW) {
    if (!err->code) jw_fail(err, JW_E_DB, "directory version missing");
    return NULL;
  }
  int64_t version = jw_col_int(s, 0);
  jw_conn_release(c);
  pthread_mutex_lock(&mu);
  struct jw_dir_snapshot *snap = current;
  if (snap && snap->version == version) {
    atomic_fetch_add(&snap->refs, 1);
    pthread_mutex_unlock(&mu);
    return snap;
  }
  pthread_mutex_unlock(&mu);
  /* Built outside the lock; a concurrent builder's result may win. */
  snap = build(c, version, err);
  if (!snap) return NULL;
  pthread_mutex_lock(&mu);
  if (!current || current->version <= version) {
    struct jw_dir_snapshot *old = current;
    current = snap;
    atomic_fetch_add(&snap->refs, 1); /* the cache's reference */
    pthread_mutex_unlock(&mu);
    jw_dir_release(old);
  } else {
    pthread_mutex_unlock(&mu);
  }
  return snap;
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

void jw_dir_cache_free(void) {
  pthread_mutex_lock(&mu);
  struct jw_dir_snapshot *old = current;
  current = NULL;
  pthread_mutex_unlock(&mu);
  jw_dir_release(old);
}
