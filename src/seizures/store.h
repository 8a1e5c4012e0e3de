/*
 * store.h — the seizures domain's SQL, one function per operation. Private
 * to src/seizures/. Every function takes the connection it runs on (inside
 * the caller's jw_tx when it writes) and sets err on failure.
 */
#ifndef JW_SEIZURES_STORE_H
#define JW_SEIZURES_STORE_H

#include "seizures/seizures.h"

/* The path and name of unit id into *path / *name (arena a): 1 found, 0 not, -1 error. */
int jw_seiz_store_unit(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path, const char **name,
                       struct jw_error *err);

/* Inserts report in for unit (id, path) by user_id; *id receives its id. A
 * taken open plate or VIN is JW_E_CONFLICT with a sentence. */
enum jw_code jw_seiz_store_insert(struct jw_conn *c, const struct jw_stolen_new *in, int64_t unit_id, const char *path,
                                  int64_t user_id, int64_t now, int64_t *id, struct jw_error *err);

/* Record id with its seizure into *out (strings in a): 1 found, 0 not, -1 error. */
int jw_seiz_store_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_stolen *out, struct jw_error *err);

/* A page of records whose reporting or seizing unit path is in [lo, hi),
 * filtered by f, id below cursor (0: any), newest first, at most limit. */
enum jw_code jw_seiz_store_list(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi,
                                const struct jw_stolen_filter *f, int64_t limit, int64_t cursor, struct jw_stolen **out,
                                size_t *n, struct jw_error *err);

/* Moves record id from status from to status to (reason for cancel, else
 * NULL): 1 moved, 0 it was not in from, -1 error. */
int jw_seiz_store_move(struct jw_conn *c, int64_t id, const char *from, const char *to, const char *reason, int64_t now,
                       struct jw_error *err);

/* Inserts the seizure of record id by unit (id, path) and user_id. */
enum jw_code jw_seiz_store_seize(struct jw_conn *c, int64_t id, int64_t unit_id, const char *path,
                                 const struct jw_stolen_step *s, int64_t user_id, int64_t now, struct jw_error *err);

/* Records the return of record id's seizure: 1 done, 0 no unreturned seizure, -1 error. */
int jw_seiz_store_return(struct jw_conn *c, int64_t id, const struct jw_stolen_step *s, int64_t user_id, int64_t now,
                         struct jw_error *err);

/* The open records matching plate/type, VIN or engine number (NULL or ""
 * to leave out), at most 20. */
enum jw_code jw_seiz_store_check(struct jw_conn *c, struct jw_arena *a, const char *plate_type, const char *plate,
                                 const char *vin, const char *engine_no, struct jw_stolen_match **out, size_t *n,
                                 struct jw_error *err);

/* The public totals. */
enum jw_code jw_seiz_store_totals(struct jw_conn *c, struct jw_arena *a, struct jw_seizure_totals *out,
                                  struct jw_error *err);

/* The demo's look-ups and inserts (demo.c). */
int64_t jw_seiz_store_count_case_prefix(struct jw_conn *c, const char *prefix, struct jw_error *err);
/* The first hotspot named name: its id, unit and unit path (in a); 1 found, 0 not, -1 error. */
int jw_seiz_store_hotspot_by_name(struct jw_conn *c, struct jw_arena *a, const char *name, int64_t *id,
                                  int64_t *unit_id, const char **path, struct jw_error *err);
/* The units of kind ("station"), in id order, at most max, into ids/paths (paths in a). */
int jw_seiz_store_units_of_kind(struct jw_conn *c, struct jw_arena *a, const char *kind, int64_t *ids,
                                const char **paths, int max, struct jw_error *err);
/* A demo seizure, returned when returned_at > 0. */
enum jw_code jw_seiz_store_demo_seizure(struct jw_conn *c, int64_t id, int64_t unit_id, const char *path,
                                        int64_t hotspot_id, int64_t seized_at, const char *place, const char *officers,
                                        int64_t returned_at, const char *returned_to, struct jw_error *err);

/* Links the demo's seizures at place (records whose case number starts with
 * case_prefix) that have no hotspot to hotspot_id; how many, or -1. */
int64_t jw_seiz_store_demo_link(struct jw_conn *c, int64_t hotspot_id, const char *place, const char *case_prefix,
                                struct jw_error *err);

#endif
