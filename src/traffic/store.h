/*
 * store.h — the traffic domain's SQL, one function per operation (tables
 * violations, violation_acts, licences, road_segments, road_incidents, and
 * the demo and generated data of store_seed.c). Private to src/traffic/.
 * Every function takes the connection it runs on (inside the caller's jw_tx
 * when it writes) and sets err on failure; strings of returned structs are
 * allocated in the arena passed.
 */
#ifndef JW_TRAFFIC_STORE_H
#define JW_TRAFFIC_STORE_H

#include "traffic/traffic.h"

/* ---- violations (store.c) ---- */

/* Which violations jw_traffic_store_violations() reads. */
enum jw_violation_list { JW_VIOLATIONS_OF_VEHICLE, JW_VIOLATIONS_OF_USER, JW_VIOLATIONS_ONE };

/* The filter of jw_traffic_store_violations(). */
struct jw_violation_filter {
  enum jw_violation_list which;
  int64_t key;         /* the vehicle id, the user id or the violation id */
  int64_t vehicle_id;  /* OF_USER: 0 or one vehicle */
  const char *status;  /* OF_USER: NULL or one status */
  int64_t max, offset; /* OF_VEHICLE, OF_USER: the page */
};

/* The violations f selects, newest first, into an arena array *out of *n.
 * JW_OK, or the code with err set and *out, *n untouched. */
enum jw_code jw_traffic_store_violations(struct jw_conn *c, const struct jw_violation_filter *f, struct jw_arena *a,
                                         struct jw_violation **out, size_t *n, struct jw_error *err);

/* Every act in code order (see jw_violation_acts()). */
enum jw_code jw_traffic_store_acts(struct jw_conn *c, struct jw_arena *a, struct jw_violation_act **out, size_t *n,
                                   struct jw_error *err);

/* Creates user_id's licence with its cycle starting on day unless she has one. JW_OK or the code. */
enum jw_code jw_traffic_store_licence_ensure(struct jw_conn *c, int64_t user_id, const char *day, struct jw_error *err);

/* user_id's licence: its cycle start ("YYYY-MM-DD" into start) and points.
 * JW_OK, JW_E_DB when she has none (err->code 0 then, as before), or the code. */
enum jw_code jw_traffic_store_licence_get(struct jw_conn *c, int64_t user_id, char start[11], int64_t *points,
                                          struct jw_error *err);

/* Moves the cycle from old_start to new_start and clears the points, once:
 * a second transaction that read the same old cycle finds nothing to update. */
enum jw_code jw_traffic_store_licence_roll(struct jw_conn *c, int64_t user_id, const char *old_start,
                                           const char *new_start, struct jw_error *err);

/* Adds points to user_id's licence only while the sum stays below limit:
 * *added receives 1 or 0. JW_OK or the code. */
enum jw_code jw_traffic_store_add_points(struct jw_conn *c, int64_t user_id, int64_t points, int limit, int *added,
                                         struct jw_error *err);

/* Violation id as user_id's handling needs it (only when user_id has bound its vehicle). */
struct jw_handle_row {
  int found, unhandled, online;
  int64_t points;
  const char *act, *number; /* arena-owned */
};
/* Reads it into *out (found 0: not hers or none). JW_OK or the code. */
enum jw_code jw_traffic_store_handle_load(struct jw_conn *c, int64_t user_id, int64_t id, struct jw_arena *a,
                                          struct jw_handle_row *out, struct jw_error *err);

/* Marks violation id handled (decision, at now, by user_id) while it is
 * unhandled: *done receives 1 or 0. JW_OK or the code. */
enum jw_code jw_traffic_store_handle_set(struct jw_conn *c, int64_t id, const char *decision_no, int64_t now,
                                         int64_t user_id, int *done, struct jw_error *err);

/* The citizen account of the owner of violation id's vehicle (*owner, 0
 * when none) and its plate (*plate, arena-owned). JW_OK or the code. */
enum jw_code jw_traffic_store_violation_owner(struct jw_conn *c, int64_t id, struct jw_arena *a, int64_t *owner,
                                              const char **plate, struct jw_error *err);

/* ---- road conditions (store.c) ---- */

/* The districts with a segment or an incident ending after now, in order. */
enum jw_code jw_traffic_store_districts(struct jw_conn *c, int64_t now, struct jw_arena *a, const char ***out,
                                        size_t *n, struct jw_error *err);
/* The segments (of district unless NULL; id 0) or segment id, by district. */
enum jw_code jw_traffic_store_segments(struct jw_conn *c, const char *district, int64_t id, struct jw_arena *a,
                                       struct jw_road_segment **out, size_t *n, struct jw_error *err);
/* The incidents ending after now (of district unless NULL; id 0) or incident id. */
enum jw_code jw_traffic_store_incidents(struct jw_conn *c, const char *district, int64_t now, int64_t id,
                                        struct jw_arena *a, struct jw_road_incident **out, size_t *n,
                                        struct jw_error *err);
/* 1 when unit_path lies in or below a traffic detachment, 0 when not, -1 on a database error. */
int jw_traffic_store_in_traffic(struct jw_conn *c, const char *unit_path, struct jw_error *err);
/* Inserts a segment updated now by user_id; *id receives its id. */
enum jw_code jw_traffic_store_segment_insert(struct jw_conn *c, const struct jw_road_segment_input *in, int64_t now,
                                             int64_t user_id, int64_t *id, struct jw_error *err);
/* Updates segment id (*changed 1 or 0). */
enum jw_code jw_traffic_store_segment_update(struct jw_conn *c, int64_t id, const struct jw_road_segment_input *in,
                                             int64_t now, int64_t user_id, int *changed, struct jw_error *err);
/* Deletes segment id (*changed 1 or 0). */
enum jw_code jw_traffic_store_segment_delete(struct jw_conn *c, int64_t id, int *changed, struct jw_error *err);
/* Inserts an incident created now by user_id; *id receives its id. */
enum jw_code jw_traffic_store_incident_insert(struct jw_conn *c, const struct jw_road_incident_input *in, int64_t now,
                                              int64_t user_id, int64_t *id, struct jw_error *err);
/* Ends current incident id at now (*changed 1 or 0). */
enum jw_code jw_traffic_store_incident_end(struct jw_conn *c, int64_t id, int64_t now, int *changed,
                                           struct jw_error *err);

/* ---- demo and generated data (store_seed.c) ---- */

/* 1 when the demo vehicle 浙J12345 is there, 0 when not, -1 on a database error. */
int jw_traffic_store_demo_there(struct jw_conn *c, struct jw_error *err);

/* A violation row as the seeds write it. */
struct jw_seed_violation {
  const char *number, *place, *act_code, *status;
  int64_t vehicle_id, occurred_at, fine_cents, points;
  int64_t unit_id;             /* 0: NULL */
  const char *decision_no;     /* NULL: NULL */
  int64_t handled_at, paid_at; /* 0: NULL */
};
/* Inserts one violation. JW_OK or the code. */
enum jw_code jw_traffic_store_seed_violation(struct jw_conn *c, const struct jw_seed_violation *v,
                                             struct jw_error *err);
/* Inserts a road segment (no updated_by). */
enum jw_code jw_traffic_store_seed_segment(struct jw_conn *c, const char *const cols[5], int64_t updated_at,
                                           struct jw_error *err);
/* Inserts a road incident (no created_by). */
enum jw_code jw_traffic_store_seed_incident(struct jw_conn *c, const struct jw_road_incident *in, struct jw_error *err);

/* The number of generated violations (numbers B…) into *n. */
enum jw_code jw_traffic_store_bulk_count(struct jw_conn *c, int64_t *n, struct jw_error *err);
/* The first traffic detachment's id into *id (0 when none). */
enum jw_code jw_traffic_store_traffic_unit(struct jw_conn *c, int64_t *id, struct jw_error *err);

/* A generated vehicle row (no owner). */
struct jw_seed_vehicle {
  char plate[24], vin[18], engine[24], engine6[7], registered_on[11], inspection_due[11];
};

/*
 * Sets the rows per multi-row INSERT (rows <= JW_SEED_BATCH_MAX; the
 * PostgreSQL driver binds at most 32 parameters, so 2 there) and returns it.
 */
#define JW_SEED_BATCH_MAX 100
int jw_traffic_store_seed_batch(int rows);

/* Inserts (or finds) batch generated vehicles v[0..batch-1] created at now,
 * calling found(ctx, id, plate) for each row returned. JW_OK or the code. */
enum jw_code jw_traffic_store_bulk_vehicles(struct jw_conn *c, const struct jw_seed_vehicle *v, int64_t now,
                                            void (*found)(void *ctx, int64_t id, const char *plate), void *ctx,
                                            struct jw_error *err);
/* Inserts batch violations v[0..batch-1] in one statement. JW_OK or the code. */
enum jw_code jw_traffic_store_bulk_violations(struct jw_conn *c, const struct jw_seed_violation *v,
                                              struct jw_error *err);

/* On SQLite, a page cache large enough for the bulk load (256 MiB); a
 * failure is left in err but changes nothing. Nothing on PostgreSQL. */
void jw_traffic_store_bulk_tune(struct jw_conn *c, enum jw_db_kind kind, struct jw_error *err);

#endif
