/*
 * store.h — the inspection domain's SQL (tables inspection_templates,
 * inspection_exceptions, inspection_appointments,
 * inspection_alerts, and its reads of units, vehicles, vehicle_bindings and
 * users), one function per operation. Private to src/inspection/. Every
 * function takes the connection it runs on (inside the caller's jw_tx when
 * it writes) and sets err on failure. Functions returning int give -1 on a
 * database error; those returning enum jw_code give the code.
 */
#ifndef JW_INSPECTION_STORE_H
#define JW_INSPECTION_STORE_H

#include "inspection/inspection.h"

/* An appointment due for its reminder. */
struct jw_insp_due_appt {
  int64_t id, user_id, starts_at;
  char station[400], plate[64], confirmation_no[32];
};

/* A bound vehicle whose inspection falls due soon. */
struct jw_insp_due_vehicle {
  int64_t id;
  char plate[64], due[16];
};

/* The new appointment's values (strings borrowed; idem_key/idem_hash may be NULL). */
struct jw_insp_new_appt {
  const char *confirmation_no;
  int64_t slot_id, station_id, vehicle_id, user_id, starts_at, now;
  const char *idem_key, *idem_hash;
};

/* What a station's staff act on: an appointment with its vehicle and station. */
struct jw_insp_staff_appt {
  int64_t station_id, starts_at, vehicle_id, user_id;
  int stolen, booked;               /* booked: the status is 'booked' */
  const char *plate, *station_path; /* arena-owned */
};

/* ---- templates, exceptions; the slots are booked through calendar/slots.h (JW_SLOTS_INSPECTION) ---- */

/* Gives every station without a template row for weekday (0 = Monday) the standard one. */
enum jw_code jw_insp_store_seed_template(struct jw_conn *c, int weekday, struct jw_error *err);
/* The template of station on weekday into *t (the lunch break as its break): 1, 0 when there is no row, -1. */
int jw_insp_store_template(struct jw_conn *c, int64_t station, int weekday, struct jw_slot_template *t,
                           struct jw_error *err);
/* The exception of station on day: 1 (*closed, *capacity — 0 when NULL), 0 when none, -1. */
int jw_insp_store_exception(struct jw_conn *c, int64_t station, const char *day, int *closed, int64_t *capacity,
                            struct jw_error *err);
/* Enters or replaces the exception of station on day (has_cap 0: capacity NULL; note borrowed). */
enum jw_code jw_insp_store_exception_put(struct jw_conn *c, int64_t station, const char *day, int closed, int has_cap,
                                         int64_t capacity, const char *note, struct jw_error *err);
/* Restores the template's capacity (of weekday) to station's slots on day, when there is a template row. */
enum jw_code jw_insp_store_day_reopen(struct jw_conn *c, int64_t station, const char *day, int weekday,
                                      struct jw_error *err);

/* ---- stations ---- */

/* The unit path of inspection station id into *path (arena-owned): 1, 0 when
 * id is not an inspection station, -1. */
int jw_insp_store_station_path(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                               struct jw_error *err);
/* Every inspection station in display order (array in a). */
enum jw_code jw_insp_store_stations(struct jw_conn *c, struct jw_arena *a, struct jw_insp_station **out, size_t *n,
                                    struct jw_error *err);

/* ---- appointments ---- */

/* Appointment id into *out: 1, 0 when there is none, -1. */
int jw_insp_store_appt(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_insp_appt *out,
                       struct jw_error *err);
/* The user's 50 latest appointments (array in a). */
enum jw_code jw_insp_store_appts_of_user(struct jw_conn *c, struct jw_arena *a, int64_t user_id,
                                         struct jw_insp_appt **out, size_t *n, struct jw_error *err);
/* The appointments but cancelled ones of station starting in [from, to) (array in a). */
enum jw_code jw_insp_store_appts_between(struct jw_conn *c, struct jw_arena *a, int64_t station, int64_t from,
                                         int64_t to, struct jw_insp_appt **out, size_t *n, struct jw_error *err);
/* The confirmation number of vehicle's booked appointment into *conf
 * (arena-owned): 1, 0 when it has none, -1. */
int jw_insp_store_active_of_vehicle(struct jw_conn *c, struct jw_arena *a, int64_t vehicle, const char **conf,
                                    struct jw_error *err);
/* Inserts a booked appointment; *id receives its id. JW_E_CONFLICT when the
 * vehicle has a booked one already (the partial UNIQUE index). */
enum jw_code jw_insp_store_appt_insert(struct jw_conn *c, const struct jw_insp_new_appt *v, int64_t *id,
                                       struct jw_error *err);
/* Sets the confirmation number of appointment id. */
enum jw_code jw_insp_store_appt_confirm(struct jw_conn *c, int64_t id, const char *conf, struct jw_error *err);
/* The appointment the user booked with Idempotency-Key key: 1 (*id, *hash
 * arena-owned), 0 when none, -1. */
int jw_insp_store_idem(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char *key, int64_t *id,
                       const char **hash, struct jw_error *err);
/* The user's booked appointment id: 1 (*slot, *starts_at, *vehicle), 0 when
 * the user has no booked appointment id, -1. */
int jw_insp_store_own_booked(struct jw_conn *c, int64_t id, int64_t user_id, int64_t *slot, int64_t *starts_at,
                             int64_t *vehicle, struct jw_error *err);
/* Moves booked appointment id from old_slot to slot s (reminder reset): 1, 0 when it changed meanwhile, -1. */
int jw_insp_store_appt_move(struct jw_conn *c, int64_t id, int64_t old_slot, const struct jw_slot *s, int64_t now,
                            struct jw_error *err);
/* Cancels booked appointment id still at old_slot: 1, 0 when it changed meanwhile, -1. */
int jw_insp_store_appt_cancel(struct jw_conn *c, int64_t id, int64_t old_slot, int64_t now, struct jw_error *err);
/* Sets booked appointment id's status to status ("checked_in", "no_show"): 1, 0 when no longer booked, -1. */
int jw_insp_store_appt_status(struct jw_conn *c, int64_t id, const char *status, int64_t now, struct jw_error *err);
/* What staff act on for appointment id into *out: 1, 0 when there is none, -1. */
int jw_insp_store_staff_appt(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_insp_staff_appt *out,
                             struct jw_error *err);
/* The no-show start times of user since since, newest first, at most max into t: how many, or -1. */
int jw_insp_store_noshows(struct jw_conn *c, int64_t user_id, int64_t since, int64_t *t, int max, struct jw_error *err);
/* The inspection_due of vehicle ("YYYY-MM-DD", or what is stored) into due. */
enum jw_code jw_insp_store_vehicle_due(struct jw_conn *c, int64_t vehicle, char due[16], struct jw_error *err);

/* ---- alerts ---- */

/* Records a stolen-vehicle alert; *id receives its id. */
enum jw_code jw_insp_store_alert_insert(struct jw_conn *c, int64_t station, int64_t appointment, int64_t vehicle,
                                        int64_t now, int64_t raised_by, int64_t *id, struct jw_error *err);
/* The 500 latest alerts, newest first (array in a). */
enum jw_code jw_insp_store_alerts(struct jw_conn *c, struct jw_arena *a, struct jw_insp_alert **out, size_t *n,
                                  struct jw_error *err);

/* ---- reminders ---- */

/* Booked, unreminded appointments starting after after and before before, at most max into out: how many, or -1. */
int jw_insp_store_due_appts(struct jw_conn *c, int64_t before, int64_t after, struct jw_insp_due_appt *out, int max,
                            struct jw_error *err);
/* Marks appointment id reminded: 1, 0 when it was already, -1. */
int jw_insp_store_appt_reminded(struct jw_conn *c, int64_t id, struct jw_error *err);
/* Bound vehicles due from lo to hi ("YYYY-MM-DD") not yet reminded of that date, at most max: how many, or -1. */
int jw_insp_store_due_vehicles(struct jw_conn *c, const char *hi, const char *lo, struct jw_insp_due_vehicle *out,
                               int max, struct jw_error *err);
/* Marks vehicle id reminded of its current due date: 1, 0 when it was already, -1. */
int jw_insp_store_vehicle_reminded(struct jw_conn *c, int64_t id, struct jw_error *err);
/* The users vehicle is bound to, at most max into users: how many, or -1. */
int jw_insp_store_bound_users(struct jw_conn *c, int64_t vehicle, int64_t *users, int max, struct jw_error *err);

#endif
