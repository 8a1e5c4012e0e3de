/*
 * cache.h — the officer directory held in memory, internal to directory/.
 *
 * The public directory is read by every citizen and changed by a few staff:
 * each process keeps a read-only snapshot of it (officers in listing order,
 * each with its JSON already written) and checks a version counter in the
 * database on every request. Every change to units or officers bumps the
 * counter in its own transaction, so all instances see a change at once.
 * The versioning, swapping and reference counting are db/snapshot.h's.
 */
#ifndef JW_DIRECTORY_CACHE_H
#define JW_DIRECTORY_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/snapshot.h"

struct jw_dir_officer {
  int64_t id;
  const char *unit_path; /* for data scope / unit filter */
  int police;
  const char *search; /* "name badge title" */
  const char *json;   /* the officer as the API shows it */
  size_t json_len;
};

struct jw_dir_unit {
  int64_t id;
  const char *path;
};

struct jw_dir_snapshot {
  struct jw_snapshot base; /* first: refs, version, the arena that owns the rest */
  size_t nofficers, nunits;
  struct jw_dir_officer *officers; /* listing order */
  struct jw_dir_unit *units;       /* by id */
};

/* The current snapshot, rebuilt first when the database's version moved on.
 * The caller releases it with jw_dir_release(). NULL with err set on a
 * database error. */
struct jw_dir_snapshot *jw_dir_snapshot(struct jw_conn *c, struct jw_error *err);
void jw_dir_release(struct jw_dir_snapshot *s);

/* The path of unit id in s, or NULL. Borrowed from s. */
const char *jw_dir_unit_path(const struct jw_dir_snapshot *s, int64_t id);

/* Marks the directory changed; call in the transaction that changes it. */
enum jw_code jw_dir_bump(struct jw_conn *c, struct jw_error *err);

/* Drops the process's snapshot (at shutdown, for a clean leak check). */
void jw_dir_cache_free(void);

#endif
