/*
 * slots.h — bookable time slots, shared by the vehicle-inspection stations
 * (inspection_slots, one owner a station) and the officers' office hours
 * (officer_slots, one owner an officer). A day's slots are made from its
 * owner's template the first time someone looks at that day; each has a
 * capacity and a count of places booked, and a place is taken by one
 * conditional UPDATE (booked < capacity) whose row count decides, so the
 * capacity holds across threads and instances. The domains keep their own
 * templates, exceptions and appointments and book through these functions;
 * which table is meant is an enum, so the SQL is chosen from fixed
 * statements, never built from input. The SQL is in calendar/store_slots.c.
 */
#ifndef JW_CALENDAR_SLOTS_H
#define JW_CALENDAR_SLOTS_H

#include <stddef.h>
#include <stdint.h>

#include "calendar/calendar.h"

/* Which slot table: the two share their columns but for the owner's. */
enum jw_slot_table {
  JW_SLOTS_INSPECTION, /* inspection_slots, owner station_id (a unit) */
  JW_SLOTS_OFFICER,    /* officer_slots, owner officer_id */
  JW_SLOTS__MAX
};

/* A slot: one time window of an owner (station or officer) on a day. */
struct jw_slot {
  int64_t id, owner_id, starts_at, ends_at, capacity, booked; /* times in Unix seconds */
  char day[11];                                               /* "YYYY-MM-DD" in the bureau's zone */
};

/* One weekday's template: opening hours in minutes after local midnight, an
 * optional break [break_start_min, break_end_min) (0/0: none), the slot
 * length in minutes and the places of each slot. */
struct jw_slot_template {
  int64_t open_min, close_min, break_start_min, break_end_min, slot_min, capacity;
};

/*
 * Makes owner's slots of day from template t (windows as jw_slot_minutes()
 * cuts them, at midnight of day in the bureau's zone, tz_offset_min east of
 * UTC), each with t->capacity places, none booked; a slot that already
 * starts at the same time is kept as it is. Call it inside the caller's
 * jw_tx. Returns JW_OK, or the code with err set.
 */
enum jw_code jw_slots_generate(struct jw_conn *c, enum jw_slot_table table, int64_t owner, struct jw_date day,
                               int tz_offset_min, const struct jw_slot_template *t, struct jw_error *err);

/* How many slots owner has on day ("YYYY-MM-DD") into *n. Returns JW_OK or the code with err set. */
enum jw_code jw_slots_count(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day, int64_t *n,
                            struct jw_error *err);

/* The places booked in owner's slots on day into *n (0 when there are no
 * slots). Returns JW_OK or the code with err set. */
enum jw_code jw_slots_booked(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day, int64_t *n,
                             struct jw_error *err);

/* Slot id into *out: 1, 0 when table has no slot id, -1 on a database error (err set). */
int jw_slots_get(struct jw_conn *c, enum jw_slot_table table, int64_t id, struct jw_slot *out, struct jw_error *err);

/* Owner's slots of day by start time: *out an array in arena a (NULL when
 * none), *n its length. Returns JW_OK, or the code with err set and *out, *n
 * untouched. */
enum jw_code jw_slots_of_day(struct jw_conn *c, struct jw_arena *a, enum jw_slot_table table, int64_t owner,
                             const char *day, struct jw_slot **out, size_t *n, struct jw_error *err);

/* Takes one place of slot id when it has one left (UPDATE … WHERE booked <
 * capacity): 1 taken, 0 full (or no such slot), -1 on a database error (err
 * set). Call it inside the caller's jw_tx, with the booking it is for. */
int jw_slots_take(struct jw_conn *c, enum jw_slot_table table, int64_t id, struct jw_error *err);

/* Gives one place of slot id back (never below 0 booked). Returns JW_OK or the code with err set. */
enum jw_code jw_slots_give_back(struct jw_conn *c, enum jw_slot_table table, int64_t id, struct jw_error *err);

/* Sets the capacity of owner's slots on day to capacity, but never below
 * what each has booked (capacity 0 closes them: no place left to take).
 * Returns JW_OK or the code with err set. */
enum jw_code jw_slots_set_capacity(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day,
                                   int64_t capacity, struct jw_error *err);

#endif
