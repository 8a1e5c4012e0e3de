/* store_read.h — the community domain's list and read queries. Private to
 * src/community/. Rows are arena-owned. */
#ifndef JW_COMMUNITY_STORE_READ_H
#define JW_COMMUNITY_STORE_READ_H

#include "community/internal.h"

/* A resident list's filters (NULL / 0: not applied). */
struct jw_comm_query {
  int64_t grid_id;                         /* one grid (already checked to be in scope) */
  const char *kind;                        /* "registered" / "migrant" */
  const char *q;                           /* substring of name, phone or address */
  const char *expiring_from, *expiring_to; /* valid permits ending in [from, to] */
  int64_t cursor;                          /* ids below this */
  int64_t limit;                           /* rows wanted; one more is read to know whether there are more */
};

/* Residents in scope (or in q->grid_id) matching q, newest first; at most q->limit + 1. */
enum jw_code jw_comm_store_residents(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc,
                                     const struct jw_comm_query *q, struct jw_resident_row **out, size_t *n,
                                     struct jw_error *err);
/* Resident id (with id_enc); JW_E_NOT_FOUND when there is none. */
enum jw_code jw_comm_store_resident(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_resident_row *out,
                                    struct jw_error *err);
/* The resident with this blind index; JW_E_NOT_FOUND when there is none. */
enum jw_code jw_comm_store_resident_by_bidx(struct jw_conn *c, struct jw_arena *a, const unsigned char bidx[32],
                                            struct jw_resident_row *out, struct jw_error *err);
/* The tenants of a house (at most 200) / the members of a group (at most
 * 500) who live in a grid of scope sc (SCOPE_GRIDS or SCOPE_PATH): nobody
 * outside it, wherever the house or group is. */
enum jw_code jw_comm_store_house_tenants(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc,
                                         int64_t house_id, struct jw_resident_row **out, size_t *n,
                                         struct jw_error *err);
enum jw_code jw_comm_store_group_residents(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc,
                                           int64_t group_id, struct jw_resident_row **out, size_t *n,
                                           struct jw_error *err);
/* The groups a resident belongs to (id, name, kind). */
enum jw_code jw_comm_store_groups_of(struct jw_conn *c, struct jw_arena *a, int64_t resident_id, struct jw_group **out,
                                     size_t *n, struct jw_error *err);

/* The grids in scope (at most 1000), by unit and code. */
enum jw_code jw_comm_store_grids(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc,
                                 struct jw_grid **out, size_t *n, struct jw_error *err);
/* Grid id; JW_E_NOT_FOUND when there is none. */
enum jw_code jw_comm_store_grid(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_grid *out,
                                struct jw_error *err);
enum jw_code jw_comm_store_grid_members(struct jw_conn *c, struct jw_arena *a, int64_t grid_id,
                                        struct jw_community_member **out, size_t *n, struct jw_error *err);
/* A grid's figures (visits_month left 0); today and in30 "YYYY-MM-DD". */
enum jw_code jw_comm_store_grid_stats(struct jw_conn *c, int64_t grid_id, const char *today, const char *in30,
                                      struct jw_community_stats *out, struct jw_error *err);

/* Houses (q: address or landlord substring) and groups in scope (and in
 * grid_id when not 0), newest first, at most limit + 1; their tenant and
 * member counts and leaders within the scope only. */
enum jw_code jw_comm_store_houses(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc,
                                  int64_t grid_id, const char *q, int64_t cursor, int64_t limit, struct jw_house **out,
                                  size_t *n, struct jw_error *err);
/* House id with its tenant count over every grid (for changes) / over the
 * grids of sc only (for a reader: the count matches the tenants shown). */
enum jw_code jw_comm_store_house(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_house *out,
                                 struct jw_error *err);
enum jw_code jw_comm_store_house_in(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc, int64_t id,
                                    struct jw_house *out, struct jw_error *err);
enum jw_code jw_comm_store_groups(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc,
                                  int64_t grid_id, int64_t cursor, int64_t limit, struct jw_group **out, size_t *n,
                                  struct jw_error *err);
/* Group id (member count and leader over every grid / over sc's grids only:
 * a leader outside them is not shown, leader_id 0). */
enum jw_code jw_comm_store_group(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_group *out,
                                 struct jw_error *err);
enum jw_code jw_comm_store_group_in(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc, int64_t id,
                                    struct jw_group *out, struct jw_error *err);

#endif
