/*
 * snapshot.h — a process-wide, versioned, read-only snapshot of some data.
 *
 * Data that every request reads and few requests change (the officer
 * directory, the published catalogue) is loaded once into memory. A row of
 * the counters table names its version; every change bumps that row in the
 * transaction that makes the change (jw_snapshot_bump()), so every process
 * and thread sees a change as soon as it commits. jw_snapshot_get() reads the
 * counter on each call and rebuilds the snapshot when it moved on.
 *
 * A snapshot is immutable once built. Readers hold a reference (the atomic
 * refs) until jw_snapshot_release(); the cache holds one more until it
 * swaps in a newer snapshot, so a reader never sees memory freed under it.
 *
 * A user embeds struct jw_snapshot as the FIRST member of its own struct and
 * names that struct's size in the cache; the builder fills in the rest,
 * allocating from the snapshot's arena.
 */
#ifndef JW_DB_SNAPSHOT_H
#define JW_DB_SNAPSHOT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/mem.h"
#include "db/db.h"

struct jw_snapshot {
  atomic_int refs;       /* readers plus the cache; freed when it drops to 0 */
  int64_t version;       /* the counter value it was built from */
  struct jw_arena arena; /* owns everything the builder allocated */
};

/* Loads the data of s (whose version is already set) on c, allocating from
 * s->arena. Returns JW_OK, or an error code with err set; it need not free
 * what it allocated (the arena is freed). ctx is jw_snapshot_get()'s. */
typedef enum jw_code (*jw_snapshot_build_fn)(struct jw_snapshot *s, struct jw_conn *c, void *ctx, struct jw_error *err);

struct jw_snapshot_cache {
  pthread_mutex_t mu;          /* guards current (not the snapshots) */
  struct jw_snapshot *current; /* holds one reference; NULL before use */
  const char *counter;         /* the counters.name row of the version */
  size_t size;                 /* sizeof the user's struct (jw_snapshot first) */
  jw_snapshot_build_fn build;  /* loads a snapshot */
  const char *what;            /* for the error detail: "the directory" */
};

/* A static cache: static struct jw_snapshot_cache c =
 *   JW_SNAPSHOT_CACHE_INIT("directory_version", struct jw_dir_snapshot, build, "the directory"); */
#define JW_SNAPSHOT_CACHE_INIT(counter_name, type, build_fn, what_text) \
  { PTHREAD_MUTEX_INITIALIZER, NULL, (counter_name), sizeof(type), (build_fn), (what_text) }

/* The current snapshot of cache, rebuilt first (outside the lock) when the
 * database's counter moved on; ctx is passed to the builder. The caller owns
 * one reference and gives it back with jw_snapshot_release(). NULL with err
 * set on a database or builder error. Ends the reads it makes on c
 * (jw_conn_release()), so call it outside a transaction's open reads. */
struct jw_snapshot *jw_snapshot_get(struct jw_snapshot_cache *cache, struct jw_conn *c, void *ctx,
                                    struct jw_error *err);

/* Gives back one reference; frees s with the last one. NULL is a no-op. */
void jw_snapshot_release(struct jw_snapshot *s);

/* Marks the data of counter changed: call inside the transaction that
 * changes it. Returns JW_OK, or the database's code with err set; a missing
 * counter row is JW_E_DB. */
enum jw_code jw_snapshot_bump(struct jw_conn *c, const char *counter, struct jw_error *err);

/* Drops cache's snapshot (at shutdown, for a clean leak check); readers that
 * still hold a reference keep theirs. */
void jw_snapshot_cache_free(struct jw_snapshot_cache *cache);

#endif
