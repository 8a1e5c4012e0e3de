/*
 * store.h — the calendar domain's SQL, one function per operation. Private
 * to src/calendar/: only calendar.c and slots.c call it. Every function takes the
 * connection it runs on (inside the caller's jw_tx when it writes) and sets
 * err on failure.
 */
#ifndef JW_CALENDAR_STORE_H
#define JW_CALENDAR_STORE_H

#include "calendar/calendar.h"
#include "calendar/slots.h"

/*
 * The exception entered for day ("YYYY-MM-DD"): 'h' holiday, 'w' workday,
 * 0 when there is none, -1 on a database error (err set).
 */
int jw_calendar_store_kind(struct jw_conn *c, const char *day, struct jw_error *err);

/*
 * The exceptions after lo up to and including hi (both "YYYY-MM-DD"), in
 * day order, at most max of them: out_day[i] receives the day's serial
 * (jw_date_serial), out_kind[i] 'h' or 'w'. Returns how many were stored,
 * or -1 on a database error (err set).
 */
int jw_calendar_store_range(struct jw_conn *c, const char *lo, const char *hi, long *out_day, char *out_kind, int max,
                            struct jw_error *err);

/*
 * The entries from lo to hi inclusive, in day order, into an array
 * allocated in arena a (*out; strings arena-owned too) and their count
 * (*n). On failure returns the code with err set; *out and *n are untouched.
 */
enum jw_code jw_calendar_store_list(struct jw_conn *c, const char *lo, const char *hi, struct jw_arena *a,
                                    struct jw_calendar_day **out, size_t *n, struct jw_error *err);

/* Inserts or replaces the entry for d->day. Returns JW_OK or the code with err set. */
enum jw_code jw_calendar_store_upsert(struct jw_conn *c, const struct jw_calendar_day *d, struct jw_error *err);

/*
 * Deletes the entry for day. Returns JW_OK, JW_E_NOT_FOUND when there was
 * none (err set with a sentence), or the database error's code.
 */
enum jw_code jw_calendar_store_delete(struct jw_conn *c, const char *day, struct jw_error *err);

/* ---- slots (store_slots.c): the statements of table, chosen by the enum ---- */

/* How many slots owner has on day into *n. */
enum jw_code jw_cal_store_slot_count(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day,
                                     int64_t *n, struct jw_error *err);
/* The places booked on owner's day into *n (0 when no slots). */
enum jw_code jw_cal_store_slot_booked(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day,
                                      int64_t *n, struct jw_error *err);
/* Makes a slot (booked 0) unless one of owner starts at starts_at already. */
enum jw_code jw_cal_store_slot_make(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day,
                                    int64_t starts_at, int64_t ends_at, int64_t capacity, struct jw_error *err);
/* Slot id into *out: 1, 0 when there is none, -1. */
int jw_cal_store_slot_get(struct jw_conn *c, enum jw_slot_table table, int64_t id, struct jw_slot *out,
                          struct jw_error *err);
/* The slots of owner on day by start time (array in a, NULL when none). */
enum jw_code jw_cal_store_slots_of_day(struct jw_conn *c, struct jw_arena *a, enum jw_slot_table table, int64_t owner,
                                       const char *day, struct jw_slot **out, size_t *n, struct jw_error *err);
/* Takes a place of slot id when it has one left: 1, 0 when full, -1. */
int jw_cal_store_slot_take(struct jw_conn *c, enum jw_slot_table table, int64_t id, struct jw_error *err);
/* Gives a place of slot id back (never below 0). */
enum jw_code jw_cal_store_slot_give_back(struct jw_conn *c, enum jw_slot_table table, int64_t id, struct jw_error *err);
/* Sets the capacity of owner's slots on day to capacity, never below what is booked. */
enum jw_code jw_cal_store_slot_capacity(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day,
                                        int64_t capacity, struct jw_error *err);

#endif
