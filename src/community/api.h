/* api.h — the community domain's handlers (routes in app/routes.c) and the
 * helpers its handler files share. */
#ifndef JW_COMMUNITY_API_H
#define JW_COMMUNITY_API_H

#include "community/community.h"
#include "http/http.h"

enum jw_code jw_community_api_residents(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_resident(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_resident_create(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_resident_update(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_grids(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_grid(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_grid_create(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_grid_update(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_grid_stats(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_station_stats(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_houses(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_house(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_house_create(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_house_update(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_groups(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_group(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_group_create(struct jw_req *r, struct jw_error *err);
enum jw_code jw_community_api_group_update(struct jw_req *r, struct jw_error *err);

/* ---- shared by api.c and api_houses.c ---- */

extern const char *const jw_comm_kinds[];   /* "registered", "migrant" */
extern const char *const jw_comm_permits[]; /* "none", "applied", "valid", "expired" */
/* A JSON string, or null for NULL. */
json_t *jw_comm_str_or_null(const char *s);
/* Query parameter name as a positive id (0 when absent); 422 otherwise. */
enum jw_code jw_comm_query_id(struct jw_req *r, const char *name, int64_t *out, struct jw_error *err);
/* Query parameter name as valid, safe text of at most max characters (NULL when absent or empty); 422 otherwise. */
enum jw_code jw_comm_query_text(struct jw_req *r, const char *name, int max, const char **out, struct jw_error *err);
/* Answers grid id (as GET /grids/{id}) with status when the user may see it. */
enum jw_code jw_comm_reply_grid(struct jw_req *r, int status, int64_t id, struct jw_error *err);
/* Residents as masked list items. */
json_t *jw_comm_resident_items(struct jw_req *r, const struct jw_resident_row *rows, size_t n);

#endif
