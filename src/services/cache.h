/*
 * cache.h — the published catalogue held in memory, internal to services/.
 *
 * Every citizen reads the catalogue and a few staff change it: each process
 * keeps a read-only snapshot (each item's list entry and guide already
 * written as JSON) and checks the services_version counter, which every
 * publication bumps in its own transaction — the pattern of the directory's
 * cache (src/directory/cache.c). Search itself still runs in the database
 * (FTS5 / pg_trgm); the snapshot only spares writing the JSON of what it finds.
 * The versioning, swapping and reference counting are db/snapshot.h's.
 */
#ifndef JW_SERVICES_CACHE_H
#define JW_SERVICES_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "db/snapshot.h"
#include "http/http.h"

struct jw_svc_item {
  int64_t id;
  const char *summary; /* the list entry */
  size_t summary_len;
  const char *guide; /* GET /api/v1/services/{id} */
  size_t guide_len;
};

struct jw_svc_snapshot {
  struct jw_snapshot base; /* first: refs, version, the arena that owns the rest */
  size_t n;
  struct jw_svc_item *items; /* by id */
};

/* The current snapshot, rebuilt first when a publication moved the counter
 * on; held until the request's arena is freed (do not release it yourself).
 * NULL with err set on a database error. */
struct jw_svc_snapshot *jw_svc_snapshot(struct jw_req *r, struct jw_error *err);

/* Item id in s, or NULL. Borrowed from s. */
const struct jw_svc_item *jw_svc_item(const struct jw_svc_snapshot *s, int64_t id);

/* The guide of a published document as the API shows it (adds id, version,
 * published_at, versions_count, category_name to doc). */
void jw_svc_guide_fields(json_t *doc, int64_t id, int version, json_t *published_at, int64_t versions_count);

/* Marks the catalogue changed; call in the transaction that publishes. */
enum jw_code jw_svc_bump(struct jw_conn *c, struct jw_error *err);

/* Drops the process's snapshot (at shutdown, for a clean leak check). */
void jw_svc_cache_free(void);

#endif
