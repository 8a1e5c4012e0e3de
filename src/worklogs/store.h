/*
 * store.h — the work logs' SQL, one function per operation. Private to
 * src/worklogs/. Every function takes the connection it runs on (inside the
 * caller's jw_tx when it writes) and sets err on failure. Scope ranges are
 * [lo, hi) on a unit path (hi = jw_db_prefix_end(lo)).
 */
#ifndef JW_WORKLOGS_STORE_H
#define JW_WORKLOGS_STORE_H

#include "worklogs/worklogs.h"

/* The officer record of user_id into *me (arena a): 1 found, 0 none, -1 error. */
int jw_wl_store_me(struct jw_conn *c, int64_t user_id, struct jw_arena *a, struct jw_worklog_me *me,
                   struct jw_error *err);

/* Officer officer_id's name, unit and unit path (arena a): 1 found, 0 none, -1 error. */
int jw_wl_store_officer(struct jw_conn *c, int64_t officer_id, struct jw_arena *a, const char **name, int64_t *unit_id,
                        const char **unit_path, struct jw_error *err);

/* The officer record of the account with this login: its id, 0 when none, -1 on error. */
int64_t jw_wl_store_login_officer(struct jw_conn *c, const char *login, struct jw_error *err);

/* Unit unit_id's path (arena a): 1 found, 0 none, -1 error. */
int jw_wl_store_unit(struct jw_conn *c, int64_t unit_id, struct jw_arena *a, const char **path, struct jw_error *err);

/* 1 when grid grid_id lies in [lo, hi) and (worker 0 or) worker is its
 * officer or a member; 0 otherwise; -1 on error. */
int jw_wl_store_grid_ok(struct jw_conn *c, int64_t grid_id, const char *lo, const char *hi, int64_t worker,
                        struct jw_error *err);

/* The same test for a resident (is_house 0) or a rental house (1): 1 and
 * *grid_id set when it lies in such a grid, 0 otherwise, -1 on error. */
int jw_wl_store_target_ok(struct jw_conn *c, int is_house, int64_t id, const char *lo, const char *hi, int64_t worker,
                          int64_t *grid_id, struct jw_error *err);

/* Inserts w (its officer_id, unit_id, unit_path set) by author at now; sets w->id. */
enum jw_code jw_wl_store_insert(struct jw_conn *c, struct jw_worklog *w, int64_t author, int64_t now,
                                struct jw_error *err);

/* Replaces the parties of log id by w's (ID numbers encrypted with arena a). */
enum jw_code jw_wl_store_parties_put(struct jw_conn *c, int64_t id, const struct jw_worklog *w, struct jw_arena *a,
                                     struct jw_error *err);

/* Loads log id into *out (arena a, parties not loaded): 1 found, 0 none, -1 error. */
int jw_wl_store_get(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_worklog *out, struct jw_error *err);

/* Loads the parties of log id into out; with unmask phone and ID in full. */
enum jw_code jw_wl_store_parties(struct jw_conn *c, int64_t id, int unmask, struct jw_arena *a, struct jw_worklog *out,
                                 struct jw_error *err);

/* Rewrites log id's fields from w when it was created at or after
 * min_created: 1 changed, 0 not (too old or gone), -1 error. */
int jw_wl_store_update(struct jw_conn *c, int64_t id, const struct jw_worklog *w, int64_t min_created, int64_t now,
                       struct jw_error *err);

/* Deletes log id (and its parties) when created at or after min_created:
 * 1 deleted, 0 not, -1 error. */
int jw_wl_store_delete(struct jw_conn *c, int64_t id, int64_t min_created, struct jw_error *err);

/* Logs of officer `only` (0: any) in [lo, hi) (lo NULL: any) matching f,
 * newest first, at most f->limit + 1. */
enum jw_code jw_wl_store_list(struct jw_conn *c, int64_t only, const char *lo, const char *hi,
                              const struct jw_worklog_filter *f, struct jw_arena *a, struct jw_worklog **out, size_t *n,
                              struct jw_error *err);

/* Officer officer_id's logs with day in [from, to), in time order, at most
 * max (+1 to tell truncation). */
enum jw_code jw_wl_store_month_items(struct jw_conn *c, int64_t officer_id, const char *from, const char *to,
                                     size_t max, struct jw_arena *a, struct jw_worklog **out, size_t *n,
                                     struct jw_error *err);

/* Adds officer_id's counts per day and kind in [from, to) to m (day
 * "YYYY-MM-DD" of m->month), and the patrol seconds. */
enum jw_code jw_wl_store_month_counts(struct jw_conn *c, int64_t officer_id, const char *from, const char *to,
                                      struct jw_worklog_month *m, struct jw_error *err);

/* The workload rows of the officers of units in [lo, hi) for days in [from, to). */
enum jw_code jw_wl_store_workload(struct jw_conn *c, const char *lo, const char *hi, const char *from, const char *to,
                                  struct jw_arena *a, struct jw_worklog_load **rows, size_t *n, struct jw_error *err);

/* Visits in grid_id with day in [from, to), or -1 on error. */
int64_t jw_wl_store_grid_visits(struct jw_conn *c, int64_t grid_id, const char *from, const char *to,
                                struct jw_error *err);

/* How many logs officer_id has, or -1 on error. */
int64_t jw_wl_store_officer_logs(struct jw_conn *c, int64_t officer_id, struct jw_error *err);

/* Up to max officers of units in [lo, hi) into ids, police first, by unit and rank; how many, or -1 on error. */
int jw_wl_store_demo_officers(struct jw_conn *c, const char *lo, const char *hi, int64_t *ids, int max,
                              struct jw_error *err);

/* Up to max residents (ids, and their grids in grid_ids) of the grids officer_id works (its own or as a
 * member), by id; how many, or -1 on error. */
int jw_wl_store_demo_residents(struct jw_conn *c, int64_t officer_id, int64_t *ids, int64_t *grid_ids, int max,
                               struct jw_error *err);

#endif
