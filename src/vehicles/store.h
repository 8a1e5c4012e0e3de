/*
 * store.h — the vehicles domain's SQL, one function per operation (tables
 * vehicles, vehicle_bindings, vehicle_consents, the guard's rate_limits rows
 * and, for a revoked binding, inspection_appointments/inspection_slots).
 * Private to src/vehicles/. Every function takes the connection it runs on
 * (inside the caller's jw_tx when it writes) and sets err on failure;
 * strings of returned structs are allocated in the arena passed.
 */
#ifndef JW_VEHICLES_STORE_H
#define JW_VEHICLES_STORE_H

#include "vehicles/vehicles.h"

/* Inserts v with engine six e6, created at now; *id receives its id.
 * Returns JW_OK or the code (a taken plate: JW_E_CONFLICT) with err set. */
enum jw_code jw_vehicles_store_insert(struct jw_conn *c, const struct jw_new_vehicle *v, const char e6[7], int64_t now,
                                      int64_t *id, struct jw_error *err);

/* The vehicle with this plate: *id and its engine six (7 bytes). JW_OK,
 * JW_E_NOT_FOUND (err set) when there is none, or a database error. */
enum jw_code jw_vehicles_store_find(struct jw_conn *c, const char *plate_type, const char *plate, int64_t *id,
                                    char engine6[7], struct jw_error *err);

/* 1 when user_id has bound vehicle_id, 0 when not, -1 on a database error. */
int jw_vehicles_store_bound(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err);

/* Adds the binding (created at now); an existing one is kept. JW_OK or the code. */
enum jw_code jw_vehicles_store_bind(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, int64_t now,
                                    struct jw_error *err);

/* Removes the binding if there is one. JW_OK or the code. */
enum jw_code jw_vehicles_store_unbind(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err);

/* The booked inspection appointments of user_id for vehicle_id into *n. JW_OK or the code. */
enum jw_code jw_vehicles_store_booked(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, int64_t *n,
                                      struct jw_error *err);

/* Cancels user_id's booked appointments for vehicle_id (at most four) and
 * gives their slot places back. JW_OK or the code. */
enum jw_code jw_vehicles_store_cancel_appointments(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, int64_t now,
                                                   struct jw_error *err);

/*
 * The vehicles bound by user_id (vehicle_id 0: all of them, in binding
 * order, at most 100; else that one) into an arena array *out of *n.
 * JW_OK (possibly *n = 0) or the code; *out and *n untouched on failure.
 */
enum jw_code jw_vehicles_store_list(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_arena *a,
                                    struct jw_bound_vehicle **out, size_t *n, struct jw_error *err);

/* The counts of the rate_limits rows keys[0] and keys[1] in the window
 * starting at start into n[0], n[1] (0 when absent). JW_OK or the code. */
enum jw_code jw_vehicles_store_guard_peek(struct jw_conn *c, const char *const keys[2], int64_t start, int64_t n[2],
                                          struct jw_error *err);

/* The citizen account registered to the vehicle's owner ID number, 0 when
 * none, -1 on a database error (err set). */
int64_t jw_vehicles_store_owner(struct jw_conn *c, int64_t vehicle_id, struct jw_error *err);

/* 1 when requester_id has a pending or approved request for vehicle_id, 0
 * when not, -1 on a database error. */
int jw_vehicles_store_consent_open(struct jw_conn *c, int64_t vehicle_id, int64_t requester_id, struct jw_error *err);

/* Inserts a pending request created at now; *id receives its id. A
 * concurrent duplicate is JW_E_CONFLICT (err set by the driver). */
enum jw_code jw_vehicles_store_consent_insert(struct jw_conn *c, int64_t vehicle_id, int64_t requester_id, int64_t now,
                                              int64_t *id, struct jw_error *err);

/* The plate of vehicle_id, arena-owned, into *plate. JW_OK or the code. */
enum jw_code jw_vehicles_store_plate(struct jw_conn *c, int64_t vehicle_id, struct jw_arena *a, const char **plate,
                                     struct jw_error *err);

/* Which requests jw_vehicles_store_consents() reads. */
enum jw_consent_list { JW_CONSENTS_INCOMING, JW_CONSENTS_OUTGOING, JW_CONSENTS_ONE };

/*
 * The requests: INCOMING, pending or approved ones for key's vehicles (key
 * the owner's user id); OUTGOING, all of key's own; ONE, the request whose
 * id is key. Newest first, at most 100, into an arena array *out of *n.
 * JW_OK or the code; *out and *n untouched on failure.
 */
enum jw_code jw_vehicles_store_consents(struct jw_conn *c, enum jw_consent_list which, int64_t key, struct jw_arena *a,
                                        struct jw_consent **out, size_t *n, struct jw_error *err);

/* Moves request id from from to to (decided at now by decided_by) when it
 * is still in from: *moved receives 1 or 0. JW_OK or the code. */
enum jw_code jw_vehicles_store_consent_move(struct jw_conn *c, int64_t id, const char *from, const char *to,
                                            int64_t now, int64_t decided_by, int *moved, struct jw_error *err);

/* Marks user_id's approved request for vehicle_id withdrawn (decided at now). JW_OK or the code. */
enum jw_code jw_vehicles_store_consent_unbound(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, int64_t now,
                                               struct jw_error *err);

#endif
