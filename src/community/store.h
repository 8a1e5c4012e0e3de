/*
 * store.h — the community domain's SQL, one function per operation.
 * Private to src/community/. Every function takes the connection it runs on
 * (inside the caller's jw_tx when it writes) and sets err on failure.
 */
#ifndef JW_COMMUNITY_STORE_H
#define JW_COMMUNITY_STORE_H

#include "community/community.h"

/* ---- the scope ---- */

/* The officer record of user_id, 0 when none, -1 on error. */
int64_t jw_comm_store_officer_of(struct jw_conn *c, int64_t user_id, struct jw_error *err);
/* The responsible officer of the grid the citizen user_id lives in (as a resident), 0 when none, -1. */
int64_t jw_comm_store_grid_officer_of_citizen(struct jw_conn *c, int64_t user_id, struct jw_error *err);
/* Grid id's unit path (arena) and whether officer_id works it (*works: 1/0;
 * officer_id 0 never works it). JW_E_NOT_FOUND when there is no such grid. */
enum jw_code jw_comm_store_grid_access(struct jw_conn *c, struct jw_arena *a, int64_t grid_id, int64_t officer_id,
                                       const char **unit_path, int *works, struct jw_error *err);
/* Grids whose bounding box holds the point, lowest id first, at most max:
 * ids[i], unit_ids[i], polygons[i] (arena). Returns how many, -1 on error. */
int jw_comm_store_grids_at(struct jw_conn *c, struct jw_arena *a, int64_t lat_e6, int64_t lng_e6, int64_t *ids,
                           int64_t *unit_ids, const char **polygons, int max, struct jw_error *err);

/* ---- the demo and generated data ---- */

/* A unit of the demo: id, path, name, coordinates (0 when none). */
struct jw_comm_unit {
  int64_t id;
  const char *path, *name;
  int64_t lat_e6, lng_e6;
};
/* The children of parent of kind kind, in id order, at most max. Returns how many, -1 on error. */
int jw_comm_store_children(struct jw_conn *c, struct jw_arena *a, int64_t parent, const char *kind,
                           struct jw_comm_unit *out, int max, struct jw_error *err);
/* The unit named name of kind kind, into *out (id 0 when none). */
enum jw_code jw_comm_store_unit_named(struct jw_conn *c, struct jw_arena *a, const char *name, const char *kind,
                                      struct jw_comm_unit *out, struct jw_error *err);
/* Officers of unit_id of kind kind ("police"/"auxiliary"), title (NULL: any), in id order, at most max. */
int jw_comm_store_unit_officers(struct jw_conn *c, int64_t unit_id, const char *kind, const char *title, int64_t *ids,
                                int max, struct jw_error *err);
/* The id of the account with login login (0 when none, -1 on error). */
int64_t jw_comm_store_user_id(struct jw_conn *c, const char *login, struct jw_error *err);
/* Links officer_id to user_id unless it is linked already. */
enum jw_code jw_comm_store_link_officer(struct jw_conn *c, int64_t officer_id, int64_t user_id, struct jw_error *err);
/* The id of the grid with code code (0 when none, -1 on error). */
int64_t jw_comm_store_grid_by_code(struct jw_conn *c, const char *code, struct jw_error *err);
/* Every grid's id and unit path, in id order, at most max (generation). */
int jw_comm_store_all_grids(struct jw_conn *c, struct jw_arena *a, int64_t *ids, const char **paths, int max,
                            struct jw_error *err);
/* How many residents there are (-1 on error). */
int64_t jw_comm_store_resident_count(struct jw_conn *c, struct jw_error *err);
/* Bulk loading: a bigger page cache (SQLite only). */
void jw_comm_store_bulk_tune(struct jw_conn *c, struct jw_error *err);

/* Unit unit_id's path and kind / officer officer_id's unit path and kind
 * (police/auxiliary), arena strings; JW_E_NOT_FOUND when there is none. */
enum jw_code jw_comm_store_unit_of(struct jw_conn *c, struct jw_arena *a, int64_t unit_id, const char **path,
                                   const char **kind, struct jw_error *err);
enum jw_code jw_comm_store_officer_place(struct jw_conn *c, struct jw_arena *a, int64_t officer_id, const char **path,
                                         const char **kind, struct jw_error *err);

/* ---- writes ---- */

/* Inserts g (id ignored) and sets g->id. */
enum jw_code jw_comm_store_grid_insert(struct jw_conn *c, struct jw_grid *g, int64_t now, struct jw_error *err);
/* Updates grid g->id (name, area, officer, polygon and box). JW_E_NOT_FOUND when gone. */
enum jw_code jw_comm_store_grid_update(struct jw_conn *c, const struct jw_grid *g, int64_t now, struct jw_error *err);
/* Makes officer_id a member of grid_id (no change when it is one). */
enum jw_code jw_comm_store_member_add(struct jw_conn *c, int64_t grid_id, int64_t officer_id, struct jw_error *err);
/* Removes every member of grid_id. */
enum jw_code jw_comm_store_members_clear(struct jw_conn *c, int64_t grid_id, struct jw_error *err);

/* Inserts r (id ignored); *id receives the new id, 0 when the ID number is
 * there already (ON CONFLICT DO NOTHING when skip_dup, else JW_E_CONFLICT). */
enum jw_code jw_comm_store_resident_insert(struct jw_conn *c, const struct jw_resident_row *r, int skip_dup,
                                           int64_t *id, struct jw_error *err);
/* Updates resident r->id (every column but created_at). JW_E_NOT_FOUND when gone. */
enum jw_code jw_comm_store_resident_update(struct jw_conn *c, const struct jw_resident_row *r, struct jw_error *err);

enum jw_code jw_comm_store_house_insert(struct jw_conn *c, struct jw_house *h, int64_t now, struct jw_error *err);
enum jw_code jw_comm_store_house_update(struct jw_conn *c, const struct jw_house *h, int64_t now, struct jw_error *err);

enum jw_code jw_comm_store_group_insert(struct jw_conn *c, struct jw_group *g, int64_t now, struct jw_error *err);
enum jw_code jw_comm_store_group_update(struct jw_conn *c, const struct jw_group *g, int64_t now, struct jw_error *err);
enum jw_code jw_comm_store_group_member_add(struct jw_conn *c, int64_t group_id, int64_t resident_id,
                                            const char *joined_on, struct jw_error *err);
enum jw_code jw_comm_store_group_members_clear(struct jw_conn *c, int64_t group_id, struct jw_error *err);

#endif
