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

/* ---- public statistics (数据公开) ---- */

/* Longest series GET /api/v1/stats/overview serves, in months. */
#define JW_STATS_MAX_MONTHS 60

/* One month of the figures, in the bureau's zone. */
struct jw_stats_month {
  char month[8];                                        /* "2026-03" */
  int64_t apps_submitted, apps_completed, apps_on_time; /* applications: by submitted_month, completed_month */
  int64_t violations_handled, violations_paid;          /* handled online (the portal is the only way), paid */
  int64_t inspections_booked, inspections_done;         /* bookings made (created_at), checked in (slot's month) */
  int64_t payments, payments_cents;                     /* payment orders paid in the month, and their sum */
  int64_t hotspots_delisted;                            /* hotspots rectified: delisted_on */
  int64_t bus_events, bus_visitors;                     /* prevention bus events held, visitors reached */
  int64_t reports_received, reports_closed;             /* citizen reports (Open311 and the portal) */
};

/* The figures of the last months months, oldest first, for a scope. */
struct jw_stats_overview {
  int months;
  struct jw_stats_month *m; /* months entries */
  int64_t hotspots_listed;  /* now: listed, rectifying or being checked */
  int64_t reports_open;     /* now: not closed */
  int64_t computed_at;      /* Unix seconds */
};

/*
 * Computes the figures of the last months months (1..JW_STATS_MAX_MONTHS,
 * the current one last) in the bureau's zone (tz_offset_min) from the data
 * of every domain, for the units whose path starts with scope_path (NULL:
 * the whole bureau, violations without a unit included). The stats
 * exception: these are read-only aggregates over other domains' tables
 * (docs/ARCHITECTURE.md). *out is allocated in arena a. Returns JW_OK, or
 * the database's code with err set.
 */
enum jw_code jw_stats_overview(struct jw_conn *c, struct jw_arena *a, const char *scope_path, int months,
                               int tz_offset_min, int64_t now, struct jw_stats_overview *out, struct jw_error *err);

/*
 * jw_stats_overview() for the whole bureau through a per-process cache:
 * figures at most ttl seconds old (a busy home page does not run the
 * aggregates per request). Thread-safe. Same contract otherwise.
 */
enum jw_code jw_stats_overview_cached(struct jw_conn *c, struct jw_arena *a, int months, int tz_offset_min, int ttl,
                                      struct jw_stats_overview *out, struct jw_error *err);

/* A unit's name and path ("/1/4/17/"), arena-allocated: JW_OK, JW_E_NOT_FOUND
 * (err set), or the database's code. */
enum jw_code jw_stats_unit(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **name, const char **path,
                           struct jw_error *err);

#endif
