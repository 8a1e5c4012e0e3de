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

#endif
