/*
 * cache.h — the officer directory held in memory, internal to directory/.
 *
 * The public directory is read by every citizen and changed by a few staff:
 * each process keeps a read-only snapshot of it (officers in listing order,
 * the units' paths) and checks a version counter in the database on every
 * request. Every change to units or officers bumps the counter in its own
 * transaction, so all instances see a change at once. The versioning,
 * swapping and reference counting are db/snapshot.h's.
 *
 * The snapshot holds typed officers. So that a listing does not serialise
 * the same officers again on every request, the builder also stores each
 * officer's text as the caller's render function writes it (the handlers
 * pass one that writes the API's JSON): the domain stays free of JSON, the
 * text is built once per version.
 */
#ifndef JW_DIRECTORY_CACHE_H
#define JW_DIRECTORY_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/snapshot.h"
#include "directory/directory.h"

struct jw_dir_officer {
  struct jw_officer o;   /* strings owned by the snapshot */
  const char *unit_path; /* for data scope / unit filter */
  int police;            /* 1 police, 0 auxiliary */
  const char *search;    /* "name badge title" */
  const char *text;      /* the render function's text of o, NULL without one */
  size_t text_len;
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

/* Writes the text of officer o into arena a and its length into *len;
 * returns it, or NULL when it cannot (the entry then has no text). */
struct jw_dir_render {
  char *(*officer)(struct jw_arena *a, const struct jw_officer *o, size_t *len);
};

/* The current snapshot, rebuilt first when the database's version moved on;
 * a rebuild stores each officer's text through render (may be NULL: no
 * text). Every caller in a process passes the same render. The caller owns
 * one reference and releases it with jw_dir_release(). NULL with err set on
 * a database error. */
struct jw_dir_snapshot *jw_dir_snapshot(struct jw_conn *c, const struct jw_dir_render *render, struct jw_error *err);

/* Gives back a reference from jw_dir_snapshot(); NULL is a no-op. */
void jw_dir_release(struct jw_dir_snapshot *s);

/* The path of unit id in s, or NULL. Borrowed from s. */
const char *jw_dir_unit_path(const struct jw_dir_snapshot *s, int64_t id);

/* Marks the directory changed; call in the transaction that changes it.
 * Returns JW_OK or the database's code with err set. */
enum jw_code jw_dir_bump(struct jw_conn *c, struct jw_error *err);

/* Drops the process's snapshot (at shutdown, for a clean leak check). */
void jw_dir_cache_free(void);

#endif
