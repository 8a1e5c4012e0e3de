/*
 * store.h — every SQL statement of the reports domain (tables reports,
 * report_events, open311_clients, and the look-ups triage makes in grids
 * and units). Private to src/reports/.
 */
#ifndef JW_REPORTS_STORE_H
#define JW_REPORTS_STORE_H

#include "reports/reports.h"

/* A place a report may be routed to. */
struct jw_report_route {
  int64_t unit_id;
  const char *unit_path;             /* arena-owned */
  int64_t grid_id;                   /* 0: none */
  int64_t officer_id;                /* the grid's officer, 0: none */
  const char *routed_by;             /* "grid", "nearest", "address", "default" */
  const char *grid_name, *grid_area; /* by_place's grid (arena-owned), else NULL */
};

/* The routing of grid grid_id (its unit, path and responsible officer);
 * *found is 0 when the grid is gone. */
enum jw_code jw_report_store_grid_route(struct jw_conn *c, struct jw_arena *a, int64_t grid_id,
                                        struct jw_report_route *hit, int *found, struct jw_error *err);
/* The community station or village office nearest the point (units with a location). */
enum jw_code jw_report_store_nearest(struct jw_conn *c, struct jw_arena *a, int64_t lat_e6, int64_t lng_e6,
                                     struct jw_report_route *hit, int *found, struct jw_error *err);
/* The station, community station or village office whose address shares the
 * longest beginning (at least 4 characters) with address. */
enum jw_code jw_report_store_by_address(struct jw_conn *c, struct jw_arena *a, const char *address,
                                        struct jw_report_route *hit, int *found, struct jw_error *err);
/* The station (else the community station or village office) with the
 * lowest id whose address holds text ("溪路" in "台州市椒江区溪路154号"). */
enum jw_code jw_report_store_in_address(struct jw_conn *c, struct jw_arena *a, const char *text,
                                        struct jw_report_route *hit, int *found, struct jw_error *err);
/* The grid, community station, village office or station whose name or
 * area's roads address names best (jw_report_place_score; a grid before a
 * unit on a tie, the lowest id among equals); *found is 0 when none does. */
enum jw_code jw_report_store_by_place(struct jw_conn *c, struct jw_arena *a, const char *address,
                                      struct jw_report_route *hit, int *found, struct jw_error *err);
/* The root unit (the bureau). */
enum jw_code jw_report_store_root(struct jw_conn *c, struct jw_arena *a, struct jw_report_route *hit,
                                  struct jw_error *err);

enum jw_code jw_report_store_insert(struct jw_conn *c, const struct jw_report_new *in, const char *token,
                                    const struct jw_report_route *route, int64_t at, int64_t *id, struct jw_error *err);
enum jw_code jw_report_store_event(struct jw_conn *c, int64_t report_id, int64_t actor_id, const char *action,
                                   const char *body, int public_, int64_t at, struct jw_error *err);
enum jw_code jw_report_store_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_report *out,
                                 struct jw_error *err);
enum jw_code jw_report_store_token(struct jw_conn *c, const char *token, int64_t *id, struct jw_error *err);
enum jw_code jw_report_store_list(struct jw_conn *c, struct jw_arena *a, const struct jw_report_filter *f,
                                  struct jw_report **out, size_t *n, struct jw_error *err);
enum jw_code jw_report_store_mine(struct jw_conn *c, struct jw_arena *a, int64_t user_id, int64_t limit, int64_t cursor,
                                  struct jw_report **out, size_t *n, struct jw_error *err);
enum jw_code jw_report_store_queue(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi, int state,
                                   int64_t limit, int64_t cursor, struct jw_report **out, size_t *n,
                                   struct jw_error *err);
enum jw_code jw_report_store_events(struct jw_conn *c, struct jw_arena *a, int64_t id, int public_only,
                                    struct jw_report_event **out, size_t *n, struct jw_error *err);

/* The changes an action makes: the new state (from must still hold), and
 * the columns it sets (NULL / -1 / 0: unchanged). */
struct jw_report_change {
  const char *from, *to;
  const char *status_notes; /* NULL: unchanged */
  int64_t officer_id;       /* 0: unchanged */
  int set_hotspot;          /* 1: hotspot_id := hotspot_id (0 = NULL) */
  int64_t hotspot_id;
  int64_t expected_at; /* 0: unchanged */
  int64_t closed_at;   /* -1: NULL, 0: unchanged, else the time */
  int64_t at;
};
/* Conditional UPDATE; *changed is the row count (0: the state moved on). */
enum jw_code jw_report_store_change(struct jw_conn *c, int64_t id, const struct jw_report_change *ch, int *changed,
                                    struct jw_error *err);
/* The unit path of officer id (into *path, arena-owned) and its name; JW_E_NOT_FOUND when none. */
enum jw_code jw_report_store_officer(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                                     struct jw_error *err);
/* The unit path of hotspot id; JW_E_NOT_FOUND when none. */
enum jw_code jw_report_store_hotspot(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                                     struct jw_error *err);

/* The upload id if user_id owns it: its type into *type (arena-owned); JW_E_NOT_FOUND otherwise. */
enum jw_code jw_report_store_upload_of(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t user_id,
                                       const char **type, struct jw_error *err);
/* The stored file of upload id. */
enum jw_code jw_report_store_photo(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_report_photo *out,
                                   struct jw_error *err);
enum jw_code jw_report_store_client(struct jw_conn *c, const char *key_hash, int64_t *id, struct jw_error *err);
enum jw_code jw_report_store_client_add(struct jw_conn *c, const char *name, const char *key_hash, int64_t by,
                                        int64_t at, int64_t *id, struct jw_error *err);
/* How many reports the demo seed made (source 'seed'). */
int64_t jw_report_store_seed_count(struct jw_conn *c, struct jw_error *err);
/* The community stations and village offices (ids and paths) for the bulk seed. */
enum jw_code jw_report_store_units(struct jw_conn *c, struct jw_arena *a, int64_t **ids, const char ***paths, size_t *n,
                                   struct jw_error *err);

#endif
