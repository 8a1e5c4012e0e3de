/*
 * store.h — the officer appointments' SQL (tables officer_hours,
 * officer_hours_exceptions, officer_appointments,
 * officer_appointment_files, and reads of officers, units, users and
 * uploads), one function per operation. Private to src/appointments/. Every
 * function takes the connection it runs on (inside the caller's jw_tx when it
 * writes) and sets err on failure. The slots (officer_slots) are booked
 * through calendar/slots.h (JW_SLOTS_OFFICER). Functions returning int give -1 on a
 * database error; those returning enum jw_code give the code.
 */
#ifndef JW_APPOINTMENTS_STORE_H
#define JW_APPOINTMENTS_STORE_H

#include "appointments/appointments.h"

/* The new appointment's values (strings borrowed). */
struct jw_appt_new {
  const char *confirmation_no, *topic, *description, *idem_key, *idem_hash;
  const struct jw_slot *slot;
  int64_t user_id, now;
};

/* A change of an appointment's row, applied only while its status is still from. */
struct jw_appt_row_change {
  int64_t id;
  const char *from, *to, *reason, *cancelled_by; /* reason NULL: keep */
  int64_t slot_id, starts_at, ends_at;           /* the (possibly new) booked slot */
  const char *day;
  int64_t proposed_slot_id; /* 0: NULL */
  int reminded;
  int64_t now;
};

/* An appointment due for its reminder. */
struct jw_appt_due {
  int64_t id, user_id, starts_at;
  char officer[200], place[400], confirmation_no[32];
};

/* Officer id into *o: 1, 0 when there is none, -1. */
int jw_appt_store_officer(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_appt_officer *o,
                          struct jw_error *err);
/* The template rows of officer into out (at most 7): how many, or -1. */
int jw_appt_store_hours(struct jw_conn *c, int64_t officer, struct jw_appt_hours out[7], struct jw_error *err);
/* Deletes the template of officer. */
enum jw_code jw_appt_store_hours_clear(struct jw_conn *c, int64_t officer, struct jw_error *err);
/* Adds one template row. */
enum jw_code jw_appt_store_hours_add(struct jw_conn *c, int64_t officer, const struct jw_appt_hours *h,
                                     struct jw_error *err);
/* Sets officers.accepts_appointments. */
enum jw_code jw_appt_store_accepts(struct jw_conn *c, int64_t officer, int accepts, int64_t now, struct jw_error *err);
/* The exception of officer on day: 1 (*closed), 0 when none, -1. */
int jw_appt_store_exception(struct jw_conn *c, int64_t officer, const char *day, int *closed, struct jw_error *err);
/* Enters or replaces an exception. */
enum jw_code jw_appt_store_exception_put(struct jw_conn *c, int64_t officer, const char *day, int closed,
                                         const char *note, struct jw_error *err);
/* The open bookings (requested/confirmed/proposed) of officer on day into *n. */
enum jw_code jw_appt_store_day_open(struct jw_conn *c, int64_t officer, const char *day, int64_t *n,
                                    struct jw_error *err);
/* 1 when upload id is user's, 0 when not (or none), -1. */
int jw_appt_store_upload_owned(struct jw_conn *c, int64_t upload, int64_t user, struct jw_error *err);
/* Inserts a requested appointment: *id. JW_E_CONFLICT on the one-a-day index. */
enum jw_code jw_appt_store_insert(struct jw_conn *c, const struct jw_appt_new *v, int64_t *id, struct jw_error *err);
/* Sets the confirmation number. */
enum jw_code jw_appt_store_confirmation(struct jw_conn *c, int64_t id, const char *conf, struct jw_error *err);
/* Attaches an upload. */
enum jw_code jw_appt_store_file_add(struct jw_conn *c, int64_t id, int64_t upload, struct jw_error *err);
/* The idempotency look-up: 1 (*id, *hash), 0, -1. */
int jw_appt_store_idem(struct jw_conn *c, struct jw_arena *a, int64_t user, const char *key, int64_t *id,
                       const char **hash, struct jw_error *err);
/* Appointment id into *out with its files: 1, 0, -1. */
int jw_appt_store_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_appt *out, struct jw_error *err);
/* A page of user's appointments, ids below before (0: any). */
enum jw_code jw_appt_store_of_user(struct jw_conn *c, struct jw_arena *a, int64_t user, int64_t before, int64_t limit,
                                   struct jw_appt **out, size_t *n, struct jw_error *err);
/* Officer's appointments starting in [from, to). */
enum jw_code jw_appt_store_of_officer(struct jw_conn *c, struct jw_arena *a, int64_t officer, int64_t from, int64_t to,
                                      struct jw_appt **out, size_t *n, struct jw_error *err);
/* Applies ch while the status is still ch->from: 1, 0 when it changed meanwhile, -1. */
int jw_appt_store_change(struct jw_conn *c, const struct jw_appt_row_change *ch, struct jw_error *err);
/* The no-show start times of user since since, newest first, at most max: how many, or -1. */
int jw_appt_store_noshows(struct jw_conn *c, int64_t user, int64_t since, int64_t *t, int max, struct jw_error *err);
/* Confirmed or requested, unreminded appointments starting in (after, before): at most max, how many, or -1. */
int jw_appt_store_due(struct jw_conn *c, int64_t before, int64_t after, struct jw_appt_due *out, int max,
                      struct jw_error *err);
/* Marks id reminded: 1, 0 when it was already, -1. */
int jw_appt_store_reminded(struct jw_conn *c, int64_t id, struct jw_error *err);

/* ---- the demo ---- */

/* Up to max police officers of the station named station (its subtree), the
 * one linked to staff account login first: ids into out; how many, or -1. */
int jw_appt_store_demo_officers(struct jw_conn *c, const char *station, const char *login, int64_t *out, int max,
                                struct jw_error *err);
/* The id of the user with login, 0 when none, -1. */
int64_t jw_appt_store_user_id(struct jw_conn *c, const char *login, struct jw_error *err);
/* How many officer appointments user has ever had into *n. */
enum jw_code jw_appt_store_count_of_user(struct jw_conn *c, int64_t user, int64_t *n, struct jw_error *err);

#endif
