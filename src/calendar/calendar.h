/*
 * calendar.h — working days. Statutory and promised time limits count
 * working days (工作日): Monday to Friday, less public holidays, plus the
 * weekend days worked instead (调休). The exceptions live in the
 * calendar_days table, which staff edit.
 *
 * The domain's header: plain values and operations on a struct jw_conn, so
 * the handlers (calendar/api.c), other domains, the command line and the
 * tests call the same functions. No HTTP and no JSON here; the SQL is in
 * calendar/store.c.
 */
#ifndef JW_CALENDAR_H
#define JW_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

/* A civil date. */
struct jw_date {
  int y, m, d;
};

/* Parses "YYYY-MM-DD" (a real date, years 1900–2199); 0 on success. */
int jw_date_parse(const char *s, struct jw_date *out);
/* Formats as "YYYY-MM-DD" into out (11 bytes). */
void jw_date_format(struct jw_date d, char out[11]);
/* d plus n days (n may be negative). */
struct jw_date jw_date_add_days(struct jw_date d, int n);
/* 0 = Monday … 6 = Sunday. */
int jw_date_weekday(struct jw_date d);
/* Days since 1970-01-01. */
long jw_date_serial(struct jw_date d);
/* The date in the bureau's time zone at Unix time t (offset in minutes). */
struct jw_date jw_date_of_time(long long t, int tz_offset_min);
/* The same as "YYYY-MM-DD" into out (11 bytes). */
void jw_local_date(long long t, int tz_offset_min, char out[11]);
/* Seconds from Unix time t to the next midnight in the bureau's zone (1..86400). */
int jw_secs_to_midnight(long long t, int tz_offset_min);
/* The Unix time of 00:00 on d in the bureau's zone (offset in minutes east
 * of UTC); d's day runs from it for 86400 seconds (the zone has no DST).
 * The inverse of jw_date_of_time: jw_date_of_time(jw_date_midnight(d, o), o)
 * is d. */
long long jw_date_midnight(struct jw_date d, int tz_offset_min);

/* 1 when d is a working day, 0 when not, -1 on a database error (err set). */
int jw_calendar_is_workday(struct jw_conn *c, struct jw_date d, struct jw_error *err);

/* 1 when d is a public holiday (closed even if a weekday), 0 otherwise,
 * -1 on a database error (err set). */
int jw_calendar_is_holiday(struct jw_conn *c, struct jw_date d, struct jw_error *err);

/*
 * The n-th working day after from (from itself does not count; n = 0 gives
 * from). The time limit of a case accepted on a Friday with n = 1 ends on
 * the next working day. *out receives it. Returns JW_OK; JW_E_VALIDATION
 * when n > 3650, or a database error's code, with err set and *out untouched.
 */
enum jw_code jw_calendar_add_workdays(struct jw_conn *c, struct jw_date from, int n, struct jw_date *out,
                                      struct jw_error *err);

/* Working days after from up to and including to (0 when to <= from; the
 * span is capped at 7300 days), or -1 on a database error (err set). */
int jw_calendar_workdays_between(struct jw_conn *c, struct jw_date from, struct jw_date to, struct jw_error *err);

/* One entry of the holiday calendar: an exception to Monday–Friday. */
struct jw_calendar_day {
  char day[11];     /* "YYYY-MM-DD" */
  const char *kind; /* "holiday" (closed) or "workday" (a weekend day worked) */
  const char *name; /* "国庆节", 1–40 characters */
};

/* The kinds as the API spells them; NULL-terminated. */
extern const char *const jw_calendar_kinds[];

/*
 * Who makes a change, for the audit row written in the same transaction:
 * user may be NULL (the command line), ip may be NULL or "". Borrowed.
 */
struct jw_calendar_actor {
  const struct jw_user *user;
  const char *ip;
};

/*
 * The calendar entries of year (1900–2199) in day order: *out receives an
 * array allocated in arena a (its strings arena-owned too), *n its length.
 * On failure returns the code with err set and leaves *out and *n untouched.
 */
enum jw_code jw_calendar_list_year(struct jw_conn *c, int year, struct jw_arena *a, struct jw_calendar_day **out,
                                   size_t *n, struct jw_error *err);

/*
 * Enters or replaces the entry d (day a valid date, kind one of
 * jw_calendar_kinds, name checked by the caller), and its "calendar.set"
 * audit row for who, in one transaction on c. Returns JW_OK, or the code
 * with err set and nothing written.
 */
enum jw_code jw_calendar_set_day(struct jw_conn *c, const struct jw_calendar_day *d,
                                 const struct jw_calendar_actor *who, struct jw_error *err);

/*
 * Removes the entry of day ("YYYY-MM-DD") and writes its "calendar.delete"
 * audit row for who, in one transaction on c. Returns JW_OK, JW_E_NOT_FOUND
 * when the day has no entry, or another code; err is set on failure and
 * nothing is written.
 */
enum jw_code jw_calendar_delete_day(struct jw_conn *c, const char *day, const struct jw_calendar_actor *who,
                                    struct jw_error *err);

/*
 * The slots of one day's opening hours: windows of len minutes from open_min
 * to close_min (minutes after local midnight), skipping those that overlap
 * the break [break_start, break_end) (0/0: none). Writes the start minute of
 * each into starts (at most max) and returns how many. Pure; shared by the
 * inspection stations and the officers' office hours.
 */
int jw_slot_minutes(int64_t open_min, int64_t close_min, int64_t break_start, int64_t break_end, int64_t len,
                    int64_t *starts, int max);

/*
 * The end of a booking bar from no-show start times t[0..n) (newest first):
 * max no-shows within window_days bar online booking for bar_days from the
 * latest of them; returns the bar's end when it is after now, else 0. Pure;
 * shared by the inspection stations and the officer appointments.
 */
int64_t jw_noshow_bar(const int64_t *t, int n, int max, int window_days, int bar_days, int64_t now);

struct jw_arena;
/*
 * The .ics (RFC 5545) of an appointment (inspection, officer appointments): a VCALENDAR with the Asia/Shanghai
 * VTIMEZONE and one VEVENT. starts/ends are Unix seconds; text fields are
 * escaped and lines folded at 75 octets (libical builds and writes it).
 * Arena-owned; never NULL (aborts if libical cannot allocate).
 */
struct jw_ics_event {
  const char *uid, *summary, *location, *description;
  int64_t starts_at, ends_at, stamp;
  int tz_offset_min;
};
char *jw_ics_render(struct jw_arena *a, const struct jw_ics_event *e);

#endif
