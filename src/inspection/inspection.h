/*
 * inspection.h — vehicle-inspection appointments (机动车检验预约).
 *
 * Stations are units of kind inspection_station. Each has a weekly slot
 * template and per-date exceptions; a date's slots are made from them the
 * first time someone looks at that date (closed on public holidays from the
 * shared calendar). A booking is one conditional UPDATE of the slot's count
 * plus the appointment's INSERT in one transaction, so a slot never takes
 * more than its capacity whatever the threads or instances; a partial
 * UNIQUE index keeps one active appointment per vehicle.
 *
 * The domain's header: typed values and operations on a struct jw_conn, for
 * the handlers (inspection/api.h), the command line, the tick and the
 * tests. No HTTP and no JSON here; the SQL is in inspection/store.c.
 */
#ifndef JW_INSPECTION_H
#define JW_INSPECTION_H

#include <stddef.h>
#include <stdint.h>

#include "calendar/calendar.h"
#include "calendar/slots.h"
#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

#define JW_INSPECT_OPEN_DAYS     14   /* booking opens this many days ahead */
#define JW_INSPECT_CLOSE_SECS    7200 /* and closes (also cancel/reschedule) this long before */
#define JW_INSPECT_DUE_DAYS      90   /* a vehicle may book when due within this many days */
#define JW_INSPECT_NOSHOW_MAX    3    /* no-shows … */
#define JW_INSPECT_NOSHOW_WINDOW 90   /* … within this many days … */
#define JW_INSPECT_BAR_DAYS      30   /* … bar online booking this long */

/* An inspection station as the public list shows it (strings arena-owned). */
struct jw_insp_station {
  int64_t id;
  const char *name, *address, *phone, *hours;
  int has_lat, has_lng;   /* 0: that coordinate is unknown (NULL) */
  int64_t lat_e6, lng_e6; /* degrees × 10^6 */
};

/* A slot is the calendar's struct jw_slot (calendar/slots.h) in inspection_slots: owner_id the station. */

/* An appointment with its station, slot times, vehicle and owner (strings
 * arena-owned). */
struct jw_insp_appt {
  int64_t id, station_id, slot_id, starts_at, ends_at, vehicle_id, created_at, user_id;
  const char *confirmation_no, *status; /* status: booked, checked_in, no_show, cancelled */
  const char *station_name, *station_address, *station_phone, *station_path;
  const char *plate_type, *plate;
  const char *owner_name, *owner_phone; /* the booking account's */
  int stolen;                           /* the vehicle is reported stolen */
};

/* A stolen-vehicle alert raised at check-in (strings arena-owned). */
struct jw_insp_alert {
  int64_t id, station_id, appointment_id, raised_at;
  const char *station_name, *station_path, *plate_type, *plate;
  const char *raised_by; /* the staff login, "" when the account is gone */
};

/* Gives every inspection station without a template the standard one
 * (Monday–Saturday 08:30–16:30, lunch 11:30–13:30, 30-minute slots of 5
 * places). Inside the caller's transaction; idempotent. Returns JW_OK or
 * the database error's code with err set. */
enum jw_code jw_inspection_seed_templates(struct jw_conn *c, struct jw_error *err);

/* The demo citizen's past inspection bookings (one inspected about ten
 * months ago, one cancelled about six weeks ago; none stays booked), so the
 * statistics and her appointments page have a history. Runs its own
 * transactions; idempotent (each carries its own Idempotency-Key). Returns
 * how many it added (0 on a second run, or without the demo cars or
 * stations), -1 on a database error with err set. */
int jw_inspection_seed_demo(struct jw_conn *c, int64_t citizen, int tz_offset_min, struct jw_error *err);

/* The reminders: the day before an appointment, and 30 days before a bound
 * vehicle's inspection falls due, into the citizen's inbox. Each is sent
 * once (remembered in the row). Cheap to call every second: it does work at
 * most every five seconds. Failures are logged, not returned. */
void jw_inspection_tick(struct jw_conn *c, int tz_offset_min);

/* Loads slot id into *s. Returns JW_OK, JW_E_NOT_FOUND with a sentence when
 * there is none, or a database error's code; err set on failure. */
enum jw_code jw_insp_slot_load(struct jw_conn *c, int64_t id, struct jw_slot *s, struct jw_error *err);

/* Checks that id is an inspection station; *path (when path is not NULL)
 * receives its unit path, arena-owned. Returns JW_OK, JW_E_NOT_FOUND with a
 * sentence when id is not an inspection station, or a database error's code. */
enum jw_code jw_insp_station(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                             struct jw_error *err);

/* Makes the slots of station on day from the template unless the day is
 * closed (public holiday, an exception, no template row). *open receives
 * 1/0 and *reason (static, NULL when open) why it is closed. Returns JW_OK or
 * a database error's code with err set (then *open and *reason untouched). */
enum jw_code jw_insp_slots_ensure(struct jw_conn *c, int64_t station, struct jw_date day, int tz_offset_min, int *open,
                                  const char **reason, struct jw_error *err);

/* The end of the user's booking bar (3 no-shows in 90 days → 30 days), or
 * 0 when not barred at now; -1 on a database error (err set). */
int64_t jw_insp_barred_until(struct jw_conn *c, int64_t user_id, int64_t now, struct jw_error *err);

/* Checks the booking window of slot s for now (days counted in the zone
 * tz_offset_min): JW_OK, or JW_E_VALIDATION with a field error on slot_id
 * and a sentence when it opens later or has closed; JW_E_INTERNAL when the
 * slot's day is not a date. */
enum jw_code jw_insp_window(int tz_offset_min, const struct jw_slot *s, int64_t now, struct jw_error *err);

/* A booking: who books which slot for which vehicle (all borrowed). */
struct jw_insp_booking {
  int64_t user_id, vehicle_id;
  const struct jw_slot *slot;
  const char *idem_key, *idem_hash; /* the Idempotency-Key and the body's hash, or NULL */
};

/*
 * Books b in one transaction on c: refuses when the vehicle has a booked
 * appointment already, takes a place of the slot by a conditional UPDATE
 * (JW_E_CONFLICT when full), inserts the appointment, gives it its
 * confirmation number (JY + the slot's date + the id) and counts the
 * transaction. The caller checked the rules (window, bar, due date). *id
 * receives the new appointment's id. Returns JW_OK, JW_E_CONFLICT with a
 * sentence, or a database error's code; nothing is written on failure. a
 * holds the placeholder confirmation number.
 */
enum jw_code jw_insp_book(struct jw_conn *c, struct jw_arena *a, const struct jw_insp_booking *b, int64_t *id,
                          struct jw_error *err);

/* Moves booked appointment id from old_slot to slot to (a place of to taken,
 * one of old_slot given back, the reminder reset) in one transaction.
 * Returns JW_OK; JW_E_CONFLICT with a sentence when to is full or the
 * appointment changed meanwhile; or a database error's code. */
enum jw_code jw_insp_move(struct jw_conn *c, int64_t id, int64_t old_slot, const struct jw_slot *to,
                          struct jw_error *err);

/* Cancels booked appointment id still at old_slot and gives its place back,
 * in one transaction. Returns JW_OK; JW_E_CONFLICT with a sentence when it
 * changed meanwhile; or a database error's code. */
enum jw_code jw_insp_cancel(struct jw_conn *c, int64_t id, int64_t old_slot, struct jw_error *err);

/* The appointment user_id booked with Idempotency-Key key: 1 (*id, and
 * *hash the hash of the body it was booked with, arena-owned), 0 when the
 * key is new, -1 on a database error (err set). */
int jw_insp_idem_find(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char *key, int64_t *id,
                      const char **hash, struct jw_error *err);

/* Whether appointment id is user_id's and booked: 1 (*slot, *starts_at,
 * *vehicle receive its slot, start and vehicle), 0 when not (the caller
 * finds out why), -1 on a database error (err set). */
int jw_insp_own_booked(struct jw_conn *c, int64_t id, int64_t user_id, int64_t *slot, int64_t *starts_at,
                       int64_t *vehicle, struct jw_error *err);

/* The inspection due date of vehicle as stored ("YYYY-MM-DD", possibly
 * empty) into due. Returns JW_OK, or a database error's code (JW_E_DB when
 * the vehicle has gone) with err set. */
enum jw_code jw_insp_vehicle_due(struct jw_conn *c, int64_t vehicle, char due[16], struct jw_error *err);

/* Who acts, for the audit rows written in the same transaction (borrowed;
 * user is the signed-in staff member, ip may be NULL). */
struct jw_insp_actor {
  const struct jw_user *user;
  const char *ip;
};

/*
 * Checks in (no_show 0) or records a no-show of (no_show 1) appointment id
 * for who (staff whose data scope holds the station), with its audit row,
 * in one transaction. A no-show that completes a booking bar tells the
 * owner (inbox); checking in a vehicle reported stolen raises an alert
 * (audited) and sets *alert (when alert is not NULL) to 1, else 0. Check-in
 * happens on the appointment's day (zone tz_offset_min), a no-show once the
 * slot has started. Returns JW_OK; JW_E_NOT_FOUND with a sentence when
 * there is no such appointment in who's scope; JW_E_CONFLICT with a sentence
 * when it is not booked or the time is wrong; or a database error's code.
 * Nothing is written on failure; a holds the notification text.
 */
enum jw_code jw_insp_staff_act(struct jw_conn *c, struct jw_arena *a, int64_t id, int no_show, int tz_offset_min,
                               const struct jw_insp_actor *who, int *alert, struct jw_error *err);

/* An exception of a station's day to its weekly template. */
struct jw_insp_exception {
  int64_t station;
  const char *day;  /* "YYYY-MM-DD" */
  int closed;       /* 1: no bookings that day */
  int has_cap;      /* 0: capacity is the template's */
  int64_t capacity; /* places per slot when has_cap */
  const char *note; /* may be NULL (stored as "") */
};

/*
 * Enters or replaces e and brings the day's slots already made in line (a
 * closed day's to capacity 0; a capacity never below what is booked; no
 * capacity restores the template's), with its audit row for who, in one
 * transaction. The caller checked the station is in who's scope. Returns
 * JW_OK; JW_E_NOT_FOUND when e->day is not a date; JW_E_CONFLICT with a
 * sentence when closing a day with bookings; or a database error's code.
 * Nothing is written on failure.
 */
enum jw_code jw_insp_set_exception(struct jw_conn *c, const struct jw_insp_exception *e,
                                   const struct jw_insp_actor *who, struct jw_error *err);

/* The inspection stations in display order: an array allocated in a (*out)
 * and its length (*n). On failure returns the code with err set, outputs
 * untouched. */
enum jw_code jw_insp_stations(struct jw_conn *c, struct jw_arena *a, struct jw_insp_station **out, size_t *n,
                              struct jw_error *err);

/* The slots made for station on day ("YYYY-MM-DD"), by start time: an array
 * allocated in a (*out) and its length (*n). On failure returns the code
 * with err set, outputs untouched. */
enum jw_code jw_insp_day_slots(struct jw_conn *c, struct jw_arena *a, int64_t station, const char *day,
                               struct jw_slot **out, size_t *n, struct jw_error *err);

/* Appointment id into *out (strings in a). Returns JW_OK, JW_E_NOT_FOUND
 * (err's detail not set: the caller words it for its reader) or a database
 * error's code. Callers check who may see it (owner or data scope). */
enum jw_code jw_insp_appt_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_insp_appt *out,
                              struct jw_error *err);

/* The user's 50 latest appointments by start time: an array in a (*out) and
 * its length (*n). On failure returns the code with err set. */
enum jw_code jw_insp_appts_of_user(struct jw_conn *c, struct jw_arena *a, int64_t user_id, struct jw_insp_appt **out,
                                   size_t *n, struct jw_error *err);

/* The appointments (all but cancelled ones) of station on day in the zone
 * tz_offset_min, by start time: an array in a (*out) and its length (*n).
 * On failure returns the code with err set. */
enum jw_code jw_insp_appts_of_day(struct jw_conn *c, struct jw_arena *a, int64_t station, struct jw_date day,
                                  int tz_offset_min, struct jw_insp_appt **out, size_t *n, struct jw_error *err);

/* The 500 latest stolen-vehicle alerts, newest first, of every station (the
 * caller keeps those in its reader's scope): an array in a (*out) and its
 * length (*n). On failure returns the code with err set. */
enum jw_code jw_insp_alerts(struct jw_conn *c, struct jw_arena *a, struct jw_insp_alert **out, size_t *n,
                            struct jw_error *err);

/* The .ics writer (jw_ics_render) lives in calendar/calendar.h: officer
 * appointments (src/appointments) write theirs with it too. */

#endif
