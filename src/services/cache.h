/*
 * cache.h — the published catalogue held in memory, internal to services/.
 *
 * Every citizen reads the catalogue and a few staff change it: each process
 * keeps a read-only snapshot of the published items and checks the
 * services_version counter, which every publication bumps in its own
 * transaction — the pattern of the directory's cache (src/directory/cache.c).
 * Search itself still runs in the database (FTS5 / pg_trgm); the snapshot
 * only spares reading and writing what it finds. The versioning, swapping
 * and reference counting are db/snapshot.h's.
 *
 * An item's list entry is stored text (services.summary, written at
 * publication). Its guide (GET /services/{id}) is the document with a few
 * fields added; so that it is not rebuilt on every request, the builder
 * stores each item's guide as the caller's render function writes it (the
 * handlers pass one that writes the API's JSON): no JSON in this header,
 * the text is built once per version.
 */
#ifndef JW_SERVICES_CACHE_H
#define JW_SERVICES_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "db/snapshot.h"

struct jw_svc_item {
  int64_t id;
  int version;            /* the current published version */
  int64_t published_at;   /* Unix time of that version */
  int64_t versions_count; /* how many versions were published */
  const char *summary;    /* the list entry (JSON text as stored) */
  size_t summary_len;
  const char *doc;   /* the published document's text */
  const char *guide; /* the render function's text, NULL without one */
  size_t guide_len;
};

struct jw_svc_snapshot {
  struct jw_snapshot base; /* first: refs, version, the arena that owns the rest */
  size_t n;
  struct jw_svc_item *items; /* by id */
};

/* Writes the guide of item it into arena a (its length into *len) and
 * returns it, or NULL when it cannot (the item then has no guide). ctx is
 * the struct's. */
struct jw_svc_render {
  char *(*guide)(struct jw_arena *a, const struct jw_svc_item *it, void *ctx, size_t *len);
  void *ctx;
};

/* The current snapshot, rebuilt first when a publication moved the counter
 * on; a rebuild stores each item's guide through render (may be NULL: no
 * guides; with one, an item whose guide cannot be written is left out).
 * Every caller in a process passes the same render function. The caller owns one reference and gives it back with
 * jw_svc_release(). NULL with err set on a database error. */
struct jw_svc_snapshot *jw_svc_snapshot(struct jw_conn *c, const struct jw_svc_render *render, struct jw_error *err);

/* Gives back a reference from jw_svc_snapshot(); NULL is a no-op. */
void jw_svc_release(struct jw_svc_snapshot *s);

/* Item id in s, or NULL. Borrowed from s. */
const struct jw_svc_item *jw_svc_item(const struct jw_svc_snapshot *s, int64_t id);

/* Marks the catalogue changed; call in the transaction that publishes.
 * Returns JW_OK or the database's code with err set. */
enum jw_code jw_svc_bump(struct jw_conn *c, struct jw_error *err);

/* Drops the process's snapshot (at shutdown, for a clean leak check). */
void jw_svc_cache_free(void);

#endif
