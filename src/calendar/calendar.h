/*
 * calendar.h — working days. Statutory and promised time limits count
 * working days (工作日): Monday to Friday, less public holidays, plus the
 * weekend days worked instead (调休). The exceptions live in the
 * calendar_days table, which staff edit.
 */
#ifndef JW_CALENDAR_H
#define JW_CALENDAR_H

#include "http/http.h"

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

/* 1 when d is a working day, 0 when not, -1 on a database error (err set). */
int jw_calendar_is_workday(struct jw_conn *c, struct jw_date d, struct jw_error *err);

/* 1 when d is a public holiday (closed even if a weekday), 0 otherwise,
 * -1 on error. */
int jw_calendar_is_holiday(struct jw_conn *c, struct jw_date d, struct jw_error *err);

/*
 * The n-th working day after from (from itself does not count; n = 0 gives
 * from). The time limit of a case accepted on a Friday with n = 1 ends on
 * the next working day. *out receives it.
 */
enum jw_code jw_calendar_add_workdays(struct jw_conn *c, struct jw_date from, int n, struct jw_date *out,
                                      struct jw_error *err);

/* Working days after from up to and including to (0 when to <= from). */
int jw_calendar_workdays_between(struct jw_conn *c, struct jw_date from, struct jw_date to, struct jw_error *err);

/* Routes: GET /api/v1/calendar?year=, PUT /api/v1/calendar/{day}, DELETE /api/v1/calendar/{day}. */
enum jw_code jw_calendar_api_list(struct jw_req *r, struct jw_error *err);
enum jw_code jw_calendar_api_put(struct jw_req *r, struct jw_error *err);
enum jw_code jw_calendar_api_delete(struct jw_req *r, struct jw_error *err);

#endif
