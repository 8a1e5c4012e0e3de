/*
 * store.h — the directory domain's SQL (tables units and officers, and the
 * copies of unit paths in other tables), one function per operation.
 * Private to src/directory/. Every function takes the connection it runs on
 * (inside the caller's jw_tx when it writes) and sets err on failure;
 * strings returned are allocated in the arena a passed in.
 */
#ifndef JW_DIRECTORY_STORE_H
#define JW_DIRECTORY_STORE_H

#include "directory/cache.h"
#include "directory/directory.h"

/* The path of unit id into *path. JW_E_NOT_FOUND (err set) when there is none. */
enum jw_code jw_dir_store_unit_path(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                                    struct jw_error *err);

/* Inserts u stamped now and sets its path; *id receives the new id. */
enum jw_code jw_dir_store_unit_insert(struct jw_conn *c, const struct jw_new_unit *u, int64_t now, int64_t *id,
                                      struct jw_error *err);

/* Gives unit id the values u (not its path), stamped now. */
enum jw_code jw_dir_store_unit_update(struct jw_conn *c, int64_t id, const struct jw_new_unit *u, int64_t now,
                                      struct jw_error *err);

/* Rewrites every stored unit path that starts with old_path to start with
 * new_path instead (SQL_PATH_MOVES). a: scratch. */
enum jw_code jw_dir_store_paths_move(struct jw_conn *c, struct jw_arena *a, const char *old_path, const char *new_path,
                                     struct jw_error *err);

/* How many sub-units, officers and staff accounts belong to unit id, into *n. */
enum jw_code jw_dir_store_unit_users(struct jw_conn *c, int64_t id, int64_t *n, struct jw_error *err);

/* Deletes unit id (none is not an error). */
enum jw_code jw_dir_store_unit_delete(struct jw_conn *c, int64_t id, struct jw_error *err);

/* The units f selects (f NULL: all) in sibling order, from offset, at most
 * max of them (max < 0: all), into an arena array *out of length *n. */
enum jw_code jw_dir_store_units(struct jw_conn *c, struct jw_arena *a, const struct jw_unit_filter *f, int64_t max,
                                int64_t offset, struct jw_unit **out, size_t *n, struct jw_error *err);

/* Unit id with its path into *out. JW_E_NOT_FOUND (err set) when there is none. */
enum jw_code jw_dir_store_unit_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_unit *out,
                                   struct jw_error *err);

/* The units whose path is a prefix of path, other than id, root first. */
enum jw_code jw_dir_store_ancestors(struct jw_conn *c, struct jw_arena *a, const char *path, int64_t id,
                                    struct jw_unit_ref **out, size_t *n, struct jw_error *err);

/* Direct sub-units of id and officers in the subtree at path. */
enum jw_code jw_dir_store_unit_counts(struct jw_conn *c, struct jw_arena *a, int64_t id, const char *path,
                                      int64_t *children, int64_t *officers, struct jw_error *err);

/* Inserts o stamped now with its search text and list order; *id receives
 * the new id. JW_E_CONFLICT when the badge number is taken. */
enum jw_code jw_dir_store_officer_insert(struct jw_conn *c, const struct jw_new_officer *o, const char *search,
                                         int64_t order, int64_t now, int64_t *id, struct jw_error *err);

/* Gives officer id the values o. JW_E_CONFLICT when the badge number is taken. */
enum jw_code jw_dir_store_officer_update(struct jw_conn *c, int64_t id, const struct jw_new_officer *o,
                                         const char *search, int64_t order, int64_t now, struct jw_error *err);

/* Deletes officer id (none is not an error). */
enum jw_code jw_dir_store_officer_delete(struct jw_conn *c, int64_t id, struct jw_error *err);

/* Officer id into *o and its unit into *unit (may be NULL). JW_E_NOT_FOUND
 * (err set) when there is none. */
enum jw_code jw_dir_store_officer_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_officer *o,
                                      struct jw_officer_unit *unit, struct jw_error *err);

/* Every unit's id and path by id, for the snapshot. */
enum jw_code jw_dir_store_unit_paths(struct jw_conn *c, struct jw_arena *a, struct jw_dir_unit **out, size_t *n,
                                     struct jw_error *err);

/* Every officer in listing order with its unit's path and search text, for
 * the snapshot (text left NULL). */
enum jw_code jw_dir_store_listing(struct jw_conn *c, struct jw_arena *a, struct jw_dir_officer **out, size_t *n,
                                  struct jw_error *err);

#endif
