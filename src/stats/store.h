/*
 * store.h — the stats domain's SQL, one function per operation. Private to
 * src/stats/. Every function takes the connection it runs on (inside the
 * caller's jw_tx when it writes) and sets err on failure.
 */
#ifndef JW_STATS_STORE_H
#define JW_STATS_STORE_H

#include "stats/stats.h"

/* Adds n to counter name. Returns JW_OK or the code with err set. */
enum jw_code jw_stats_store_counter_add(struct jw_conn *c, const char *name, int64_t n, struct jw_error *err);

/* The public figures into *out. Returns JW_OK or the code with err set. */
enum jw_code jw_stats_store_public(struct jw_conn *c, struct jw_stats_public *out, struct jw_error *err);

/* Records that visitor key saw path in the window beginning window_start:
 * 1 when the row is new, 0 when it was there, -1 on a database error (err set). */
int jw_stats_store_view_seen(struct jw_conn *c, const char *key, const char *path, int64_t window_start,
                             struct jw_error *err);

/* Every counter in name order into an arena array (see jw_stats_counters()). */
enum jw_code jw_stats_store_counters(struct jw_conn *c, struct jw_arena *a, struct jw_counter **out, size_t *n,
                                     struct jw_error *err);

/* Deletes the page-view rows of windows that began before before.
 * Returns JW_OK or the code with err set. */
enum jw_code jw_stats_store_expire_views(struct jw_conn *c, int64_t before, struct jw_error *err);

/* Deletes the application quota rows of days before day ("YYYY-MM-DD").
 * Returns JW_OK or the code with err set. */
enum jw_code jw_stats_store_expire_usage(struct jw_conn *c, const char *day, struct jw_error *err);

/* ---- the public statistics' aggregates (the stats exception: read-only
 * over other domains' tables) ---- */

/* The series one aggregate query fills. */
enum jw_stats_metric {
  JW_SM_APPS_SUBMITTED,
  JW_SM_APPS_COMPLETED, /* a: completed, b: of which on time */
  JW_SM_VIOLATIONS_HANDLED,
  JW_SM_VIOLATIONS_PAID,
  JW_SM_INSPECTIONS_BOOKED,
  JW_SM_INSPECTIONS_DONE,
  JW_SM_PAYMENTS, /* a: orders, b: cents */
  JW_SM_HOTSPOTS_DELISTED,
  JW_SM_BUS, /* a: events held, b: visitors */
  JW_SM_REPORTS_RECEIVED,
  JW_SM_REPORTS_CLOSED,
  JW_SM__COUNT
};

/* The window and scope of the aggregates. Borrowed strings. */
struct jw_stats_window {
  int64_t from, to;                  /* Unix seconds: [from, to) */
  int off_secs;                      /* the bureau's UTC offset, seconds */
  const char *month_from, *month_to; /* "YYYY-MM", both included */
  const char *day_from, *day_to;     /* "YYYY-MM-DD": [day_from, day_to) */
  int all;                           /* 1: the whole bureau (rows without a unit too) */
  const char *lo, *hi;               /* unit path range [lo, hi) when !all */
};

/* One bucket of a series: month is "YYYY-MM", or NULL and day is the number
 * of days since 1970-01-01 in the bureau's zone. */
typedef void (*jw_stats_bucket_fn)(void *ctx, enum jw_stats_metric m, const char *month, int64_t day, int64_t a,
                                   int64_t b);

/* Runs every series' query over w, calling fn per bucket. Returns JW_OK or
 * the code with err set. */
enum jw_code jw_stats_store_series(struct jw_conn *c, const struct jw_stats_window *w, jw_stats_bucket_fn fn, void *ctx,
                                   struct jw_error *err);

/* The figures of now in w's scope. Returns JW_OK or the code with err set. */
enum jw_code jw_stats_store_current(struct jw_conn *c, const struct jw_stats_window *w, int64_t *hotspots_listed,
                                    int64_t *reports_open, struct jw_error *err);

/* A unit's name and path into arena a: JW_OK, JW_E_NOT_FOUND, or the code (err set). */
enum jw_code jw_stats_store_unit(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **name,
                                 const char **path, struct jw_error *err);

#endif
