/*
 * appointments.h — appointments with a named officer (预约民警).
 *
 * Officers who accept appointments publish office hours: a weekly template
 * (officer_hours) and per-date exceptions, closed on the bureau's public
 * holidays (calendar). A date's slots are made from them the first time
 * someone looks at it (the slot windows come from jw_slot_minutes() in
 * calendar, shared with the inspection stations). A citizen books a slot
 * with a topic: one conditional UPDATE of the slot's count and the INSERT in
 * one transaction, so a slot never takes more than its capacity whatever the
 * threads or instances; a partial UNIQUE index keeps one open booking per
 * citizen, officer and day.
 *
 * The life of a booking is the transition table in appointments.c
 * ({from, event, to, side}); every change is one conditional UPDATE (the
 * status it was read in) with its audit row in one transaction.
 *
 * Rules (documented in docs/appointments.md):
 *   - booking opens JW_APPT_OPEN_DAYS ahead and closes, like cancelling,
 *     JW_APPT_CLOSE_SECS (2 hours) before the slot starts;
 *   - one open booking (requested/confirmed/proposed) per citizen, officer
 *     and day (a second one: 409);
 *   - 3 no-shows within 90 days bar online booking for 30 days from the
 *     last of them.
 *
 * No HTTP and no JSON here; the SQL is in appointments/store.c.
 */
#ifndef JW_APPOINTMENTS_H
#define JW_APPOINTMENTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "calendar/calendar.h"
#include "calendar/slots.h"
#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

#define JW_APPT_OPEN_DAYS     14   /* booking opens this many days ahead */
#define JW_APPT_CLOSE_SECS    7200 /* booking and cancelling close this long before */
#define JW_APPT_NOSHOW_MAX    3    /* no-shows … */
#define JW_APPT_NOSHOW_WINDOW 90   /* … within this many days … */
#define JW_APPT_BAR_DAYS      30   /* … bar online booking this long */
#define JW_APPT_TOPIC_MAX     60   /* characters */
#define JW_APPT_DESC_MAX      1000 /* characters */
#define JW_APPT_FILES_MAX     5    /* attachments */

/* The officer an appointment is with, and who may work it. */
struct jw_appt_officer {
  int64_t id, unit_id, user_id; /* user_id: the linked staff account, 0 when none */
  int accepts;                  /* officers.accepts_appointments */
  const char *name, *title, *unit_name, *unit_path, *unit_address, *unit_phone; /* arena-owned */
};

/* One weekday of the office hours (minutes after local midnight). */
struct jw_appt_hours {
  int weekday; /* 0 Monday … 6 Sunday */
  int64_t open_min, close_min, slot_min, capacity;
};

/* A slot is the calendar's struct jw_slot (calendar/slots.h) in officer_slots: owner_id the officer. */

/* An appointment with its officer and citizen (strings arena-owned). */
struct jw_appt {
  int64_t id, officer_id, slot_id, user_id, starts_at, ends_at, created_at, updated_at;
  int64_t proposed_slot_id, proposed_starts_at, proposed_ends_at; /* 0 when none */
  const char *confirmation_no, *status, *topic, *description, *reason, *cancelled_by, *day;
  struct jw_appt_officer officer;
  const char *citizen_name, *citizen_phone;
  int64_t *files; /* upload ids */
  size_t nfiles;
};

/* The events of the transition table. */
enum jw_appt_event {
  JW_APPT_CONFIRM,
  JW_APPT_DECLINE,
  JW_APPT_PROPOSE,
  JW_APPT_ACCEPT,
  JW_APPT_REFUSE,
  JW_APPT_CANCEL,
  JW_APPT_NO_SHOW,
  JW_APPT_ATTEND,
};

/* Who acts (borrowed): the signed-in user, the client's address (may be NULL). */
struct jw_appt_actor {
  const struct jw_user *user;
  const char *ip;
};

/*
 * Called after every committed change of an appointment (inside the
 * transaction, on its connection) with the citizen's and the officer's user
 * ids (0 when none), the appointment and the event's name ("booked",
 * "confirm", "decline", ...). NULL (the default) does nothing.
 * app.c sets it to publish an "appointment" event to both users.
 */
extern enum jw_code (*jw_appt_event_hook)(struct jw_conn *c, int64_t citizen_user, int64_t officer_user,
                                          int64_t appointment_id, const char *event, struct jw_error *err);

/* The officer id with its unit into *o (strings in a). Returns JW_OK,
 * JW_E_NOT_FOUND with a sentence, or a database error's code. */
enum jw_code jw_appt_officer(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_appt_officer *o,
                             struct jw_error *err);

/* 1 when u works officer o's appointments: o's own account, a station chief
 * or unit administrator whose data scope holds o's unit, or an officer or
 * auxiliary of o's unit (the duty desk); 0 otherwise. */
int jw_appt_may_work(const struct jw_user *u, const struct jw_appt_officer *o);

/* The office hours of officer (up to 7 rows, by weekday) into out; *n how many. */
enum jw_code jw_appt_hours_get(struct jw_conn *c, int64_t officer, struct jw_appt_hours out[7], size_t *n,
                               struct jw_error *err);

/* Replaces officer's weekly template by the n rows of h (weekdays distinct,
 * checked by the caller) and sets accepts_appointments to accepts, with its
 * audit row, in one transaction. Slots already made keep their times. */
enum jw_code jw_appt_hours_put(struct jw_conn *c, int64_t officer, const struct jw_appt_hours *h, size_t n, int accepts,
                               const struct jw_appt_actor *who, struct jw_error *err);

/* Closes (closed 1) or reopens officer's day ("YYYY-MM-DD") with note, with its
 * audit row. Closing a day with open bookings: JW_E_CONFLICT. A closed day's
 * free places go to 0. */
enum jw_code jw_appt_exception_put(struct jw_conn *c, int64_t officer, const char *day, int closed, const char *note,
                                   const struct jw_appt_actor *who, struct jw_error *err);

/* Makes the slots of officer on day from the template unless the day is
 * closed (holiday, exception, no template row, officer not accepting). *open
 * receives 1/0 and *reason (static) why it is closed. */
enum jw_code jw_appt_slots_ensure(struct jw_conn *c, int64_t officer, struct jw_date day, int tz_offset_min, int *open,
                                  const char **reason, struct jw_error *err);

/* The slots of officer on day, by start time (array in a). */
enum jw_code jw_appt_day_slots(struct jw_conn *c, struct jw_arena *a, int64_t officer, const char *day,
                               struct jw_slot **out, size_t *n, struct jw_error *err);

/* Slot id into *s: JW_OK, JW_E_NOT_FOUND with a sentence, or a database error's code. */
enum jw_code jw_appt_slot_load(struct jw_conn *c, int64_t id, struct jw_slot *s, struct jw_error *err);

/* The end of user's booking bar, 0 when not barred at now, -1 on a database error. */
int64_t jw_appt_barred_until(struct jw_conn *c, int64_t user_id, int64_t now, struct jw_error *err);

/* Checks the booking window of slot s at now: JW_OK, or JW_E_VALIDATION with a
 * field error on field and a sentence. */
enum jw_code jw_appt_window(int tz_offset_min, const struct jw_slot *s, int64_t now, const char *field,
                            struct jw_error *err);

/* A booking (all borrowed). */
struct jw_appt_booking {
  const struct jw_appt_actor *who; /* the citizen who books */
  const struct jw_slot *slot;
  const char *topic, *description;
  const int64_t *files; /* upload ids, checked to be user_id's in the transaction */
  size_t nfiles;
  const char *idem_key, *idem_hash;
};

/*
 * Books b in one transaction: the attachments must be the citizen's own
 * uploads (else JW_E_VALIDATION on upload_ids), a place of the slot is taken
 * by a conditional UPDATE (JW_E_CONFLICT when full), the row goes in
 * (JW_E_CONFLICT when the citizen has an open booking with that officer that
 * day), gets its confirmation number (YM + date + id), its audit row and the
 * officer's inbox note. *id receives the id. Nothing is written on failure.
 */
enum jw_code jw_appt_book(struct jw_conn *c, struct jw_arena *a, const struct jw_appt_booking *b, int64_t *id,
                          struct jw_error *err);

/* The appointment user_id booked with key: 1 (*id, *hash arena-owned), 0, -1. */
int jw_appt_idem_find(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char *key, int64_t *id,
                      const char **hash, struct jw_error *err);

/* Appointment id into *out (strings and files in a): JW_OK, JW_E_NOT_FOUND
 * (no detail: the caller words it), or a database error's code. */
enum jw_code jw_appt_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_appt *out, struct jw_error *err);

/* What an event carries (borrowed): a reason (decline, cancel, propose; may be NULL), the proposed slot. */
struct jw_appt_change {
  enum jw_appt_event event;
  const char *reason;
  const struct jw_slot *proposed; /* JW_APPT_PROPOSE only */
  int staff;                      /* 1: who acts as the officer's side, 0: as the citizen */
};

/*
 * Applies ch to appointment ap (as read) for who in one transaction: the
 * transition table decides whether the event is allowed from ap's status for
 * that side (else JW_E_CONFLICT with a sentence); cancelling and accepting
 * close 2 hours before the start, a no-show and attended only after it
 * starts; places are taken and given back by conditional UPDATEs; the status
 * changes only if it is still ap's (else JW_E_CONFLICT: changed meanwhile);
 * an audit row, the other side's inbox note and, for a no-show completing a
 * bar, the citizen's note. Nothing is written on failure.
 */
enum jw_code jw_appt_apply(struct jw_conn *c, struct jw_arena *a, const struct jw_appt *ap,
                           const struct jw_appt_change *ch, const struct jw_appt_actor *who, int tz_offset_min,
                           struct jw_error *err);

/* A page of user's appointments, newest first, ids below before (0: from the
 * top): up to limit into out (array in a); *n how many. */
enum jw_code jw_appt_of_user(struct jw_conn *c, struct jw_arena *a, int64_t user_id, int64_t before, int64_t limit,
                             struct jw_appt **out, size_t *n, struct jw_error *err);

/* The appointments (every status) of officer starting in [from, to), by start. */
enum jw_code jw_appt_of_officer(struct jw_conn *c, struct jw_arena *a, int64_t officer, int64_t from, int64_t to,
                                struct jw_appt **out, size_t *n, struct jw_error *err);

/* The reminders the day before (notify outbox, SMS too), each once. Cheap to
 * call every second; failures logged. */
void jw_appointments_tick(struct jw_conn *c, int tz_offset_min);

/* The demo: the demo officer and a few other officers of 白云派出所 accept
 * appointments on a weekly template; the demo citizen holds two bookings.
 * Idempotent. Writes a line to out. */
enum jw_code jw_appointments_seed_demo(struct jw_db *db, int tz_offset_min, FILE *out, struct jw_error *err);

#endif
