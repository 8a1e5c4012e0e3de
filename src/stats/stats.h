/*
 * stats.h — the public counters (page views, transactions handled) and the
 * periodic clean-up of counting rows. Plain values and operations on a
 * struct jw_conn: other domains count their transactions through
 * jw_counter_add(), the handlers (stats/api.c) read and count through the
 * rest. No HTTP and no JSON here; the SQL is in stats/store.c.
 */
#ifndef JW_STATS_H
#define JW_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/errors.h"
#include "db/db.h"

struct jw_arena;

/*
 * Adds n to the counter called name ("page_views", "transactions") inside
 * the caller's transaction on c (other domains count transactions handled
 * through this). Returns JW_OK, or the database's code with err set. A name
 * without a counters row changes nothing and is not an error.
 */
enum jw_code jw_counter_add(struct jw_conn *c, const char *name, int64_t n, struct jw_error *err);

/* The figures GET /api/v1/stats shows. */
struct jw_stats_public {
  int64_t page_views, transactions; /* the counters */
  int64_t units;                    /* units in the directory */
  int64_t police, auxiliaries;      /* officers of each kind */
};

/* Reads the public figures on c into *out. Returns JW_OK, or the database's
 * code with err set (*out then undefined). */
enum jw_code jw_stats_public_read(struct jw_conn *c, struct jw_stats_public *out, struct jw_error *err);

/*
 * One page load to count. key and fresh_key are keyed hashes that stand
 * for the visitor (fresh_key, may be NULL: the id just issued to a visitor
 * whose cookie has not come back yet, also marked seen so its next load
 * does not count). ip (may be NULL) caps what one address adds per window:
 * at most ip_limit views per window_secs. Borrowed.
 */
struct jw_page_view {
  const char *key, *fresh_key;
  const char *path;     /* the page, "/services/12" */
  int64_t window_start; /* Unix time the current window began */
  const char *ip;
  int ip_limit, window_secs;
};

/*
 * Queues v (copied) in this process's batch of page views: memory only, a
 * short mutex, no database work. The batch is counted by
 * jw_stats_views_flush() from the tick (so GET /api/v1/stats/public lags by
 * at most one tick, about a second) and at the graceful stop. Returns 0; 1
 * when the batch has grown so long that the caller should flush it now;
 * -1 when memory ran out (the view is not queued). Thread-safe.
 */
int jw_stats_view_queue(const struct jw_page_view *v);

/*
 * Counts the views queued when it was called, in transactions of up to
 * 20000 views on c: each counts when its (visitor, page, window) row is new
 * in page_views_seen (whichever instance of the server inserts it first)
 * and its address is within its cap (ip_limit per window). *counted (may be
 * NULL) receives how many moved counters.page_views. Returns JW_OK, or the
 * database's code with err set: the views of the failed transaction go back
 * to the front of the batch for the next flush (nothing lost, nothing
 * counted twice). Thread-safe.
 */
enum jw_code jw_stats_views_flush(struct jw_conn *c, int64_t *counted, struct jw_error *err);

/* How many views wait in this process's batch. Thread-safe. */
size_t jw_stats_views_pending(void);

/* Frees the batch without counting it (at exit, after the last flush). */
void jw_stats_views_discard(void);

/*
 * The graceful stop's last flush, on a connection of db: tries a few times,
 * then logs what could not be counted and frees the batch. Call after the
 * server stopped taking requests.
 */
void jw_stats_views_drain(struct jw_db *db);

/* A business counter, for /metrics. */
struct jw_counter {
  const char *name;
  int64_t value;
};

/*
 * Every counter in name order: *out receives an array allocated in arena a
 * (names arena-owned too), *n its length. Returns JW_OK, or the database's
 * code with err set and *out, *n untouched.
 */
enum jw_code jw_stats_counters(struct jw_conn *c, struct jw_arena *a, struct jw_counter **out, size_t *n,
                               struct jw_error *err);

/* The server's tick: flushes the page-view batch (every call), then the
 * periodic clean-up (every 5 s at most):
 * unused uploads (jw_uploads_sweep), the application quota rows of past
 * days and the page-view windows that have ended. Errors are dropped (the
 * next run tries again). Main thread only. */
void jw_stats_housekeeping(struct jw_conn *c, const struct jw_config *cfg);

#endif
