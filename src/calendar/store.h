/*
 * store.h — the calendar domain's SQL, one function per operation. Private
 * to src/calendar/: only calendar.c calls it. Every function takes the
 * connection it runs on (inside the caller's jw_tx when it writes) and sets
 * err on failure.
 */
#ifndef JW_CALENDAR_STORE_H
#define JW_CALENDAR_STORE_H

#include "calendar/calendar.h"

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

#endif
