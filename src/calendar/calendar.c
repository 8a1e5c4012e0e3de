/* calendar.c — civil dates and working-day arithmetic over calendar_days. */
#include "calendar/calendar.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "calendar/store.h"

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static int month_days(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return days[m - 1] + (m == 2 && leap(y));
}

int jw_date_parse(const char *s, struct jw_date *out) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
  struct jw_date d = {(s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
                      (s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0')};
  if (d.y < 1900 || d.y > 2199 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > month_days(d.y, d.m)) return -1;
  *out = d;
  return 0;
}

void jw_date_format(struct jw_date d, char out[11]) {
  unsigned y = (unsigned)d.y % 10000u, m = (unsigned)d.m % 100u, day = (unsigned)d.d % 100u;
  snprintf(out, 11, "%04u-%02u-%02u", y, m, day);
}

/* Howard Hinnant's days_from_civil. */
long jw_date_serial(struct jw_date d) {
  int y = d.y - (d.m <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153L * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static struct jw_date from_serial(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp + (mp < 10 ? 3 : -9);
  return (struct jw_date){(int)(y + (m <= 2)), (int)m, (int)d};
}

struct jw_date jw_date_add_days(struct jw_date d, int n) {
  return from_serial(jw_date_serial(d) + n);
}

int jw_date_weekday(struct jw_date d) {
  long s = jw_date_serial(d); /* 1970-01-01 was a Thursday (3) */
  return (int)(((s % 7) + 7 + 3) % 7);
}

struct jw_date jw_date_of_time(long long t, int tz_offset_min) {
  long long local = t + (long long)tz_offset_min * 60;
  long days = (long)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
  return from_serial(days);
}

void jw_local_date(long long t, int tz_offset_min, char out[11]) {
  jw_date_format(jw_date_of_time(t, tz_offset_min), out);
}

int jw_secs_to_midnight(long long t, int tz_offset_min) {
  long long local = t + (long long)tz_offset_min * 60;
  return (int)(86400 - ((local % 86400) + 86400) % 86400);
}

long long jw_date_midnight(struct jw_date d, int tz_offset_min) {
  return (long long)jw_date_serial(d) * 86400 - (long long)tz_offset_min * 60;
}

/* The exception for d: 'h' holiday, 'w' workday, 0 none, -1 error. */
static int exception_of(struct jw_conn *c, struct jw_date d, struct jw_error *err) {
  char day[11];
  jw_date_format(d, day);
  return jw_calendar_store_kind(c, day, err);
}

int jw_calendar_is_workday(struct jw_conn *c, struct jw_date d, struct jw_error *err) {
  int e = exception_of(c, d, err);
  if (e < 0) return -1;
  if (e == 'h') return 0;
  if (e == 'w') return 1;
  return jw_date_weekday(d) < 5;
}

int jw_calendar_is_holiday(struct jw_conn *c, struct jw_date d, struct jw_error *err) {
  int e = exception_of(c, d, err);
  return e < 0 ? -1 : e == 'h';
}

/* Walks the days after from, at most max_days of them, calling back for each
 * with whether it is a working day; stops when the callback returns 1. The
 * exceptions of the whole window come from one query. */
static enum jw_code walk(struct jw_conn *c, struct jw_date from, int max_days,
                         int (*cb)(struct jw_date d, int workday, void *arg), void *arg, struct jw_error *err) {
  char lo[11], hi[11];
  jw_date_format(from, lo);
  jw_date_format(jw_date_add_days(from, max_days), hi);
  enum { MAXEX = 400 };
  long ex_day[MAXEX];
  char ex_kind[MAXEX];
  int nex = jw_calendar_store_range(c, lo, hi, ex_day, ex_kind, MAXEX, err);
  if (nex < 0) return err->code;
  int k = 0;
  long start = jw_date_serial(from);
  for (int i = 1; i <= max_days; i++) {
    long serial = start + i;
    struct jw_date d = from_serial(serial);
    while (k < nex && ex_day[k] < serial) k++;
    int workday = jw_date_weekday(d) < 5;
    if (k < nex && ex_day[k] == serial) workday = ex_kind[k] == 'w';
    if (cb(d, workday, arg)) return JW_OK;
  }
  return JW_OK;
}

struct add_state {
  int left;
  struct jw_date result;
};

static int add_cb(struct jw_date d, int workday, void *arg) {
  struct add_state *st = arg;
  if (workday && --st->left == 0) {
    st->result = d;
    return 1;
  }
  return 0;
}

enum jw_code jw_calendar_add_workdays(struct jw_conn *c, struct jw_date from, int n, struct jw_date *out,
                                      struct jw_error *err) {
  if (n <= 0) {
    *out = from;
    return JW_OK;
  }
  if (n > 3650) return jw_fail(err, JW_E_VALIDATION, "A time limit of %d working days is too long.", n);
  struct add_state st = {n, from};
  /* Golden Week and a weekend on each side never need more than 3n + 30 days. */
  enum jw_code rc = walk(c, from, 3 * n + 30, add_cb, &st, err);
  if (rc != JW_OK) return rc;
  if (st.left > 0) return jw_fail(err, JW_E_INTERNAL, "the calendar has no %d working days after the date", n);
  *out = st.result;
  return JW_OK;
}

struct count_state {
  long until;
  int count;
};

static int count_cb(struct jw_date d, int workday, void *arg) {
  struct count_state *st = arg;
  if (jw_date_serial(d) > st->until) return 1;
  st->count += workday;
  return 0;
}

int jw_calendar_workdays_between(struct jw_conn *c, struct jw_date from, struct jw_date to, struct jw_error *err) {
  long span = jw_date_serial(to) - jw_date_serial(from);
  if (span <= 0) return 0;
  if (span > 3650 * 2) span = 3650 * 2;
  struct count_state st = {jw_date_serial(to), 0};
  if (walk(c, from, (int)span, count_cb, &st, err) != JW_OK) return -1;
  return st.count;
}

/* ---- the holiday calendar's entries ---- */

const char *const jw_calendar_kinds[] = {"holiday", "workday", NULL};

enum jw_code jw_calendar_list_year(struct jw_conn *c, int year, struct jw_arena *a, struct jw_calendar_day **out,
                                   size_t *n, struct jw_error *err) {
  char lo[11], hi[11];
  jw_date_format((struct jw_date){year, 1, 1}, lo);
  jw_date_format((struct jw_date){year, 12, 31}, hi);
  return jw_calendar_store_list(c, lo, hi, a, out, n, err);
}

/* Writes the audit row of a calendar change for who on c (inside the change's transaction). */
static enum jw_code audit_change(struct jw_conn *c, const struct jw_calendar_actor *who, const char *action,
                                 const char *detail, struct jw_error *err) {
  struct jw_audit_entry e = {
      .actor_id = who && who->user ? who->user->id : 0,
      .actor_login = who && who->user ? who->user->login : "",
      .action = action,
      .object_type = "calendar_day",
      .object_id = "",
      .detail = detail,
      .ip = who ? who->ip : NULL,
  };
  return jw_audit_write(c, &e, err);
}

struct set_tx {
  const struct jw_calendar_day *d;
  const struct jw_calendar_actor *who;
};

static enum jw_code set_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct set_tx *t = arg;
  enum jw_code rc = jw_calendar_store_upsert(c, t->d, err);
  if (rc != JW_OK) return rc;
  char detail[256];
  snprintf(detail, sizeof detail, "%s %s %s", t->d->day, t->d->kind, t->d->name);
  return audit_change(c, t->who, "calendar.set", detail, err);
}

enum jw_code jw_calendar_set_day(struct jw_conn *c, const struct jw_calendar_day *d,
                                 const struct jw_calendar_actor *who, struct jw_error *err) {
  struct set_tx t = {d, who};
  return jw_tx(c, set_tx, &t, err);
}

struct delete_tx {
  const char *day;
  const struct jw_calendar_actor *who;
};

static enum jw_code delete_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct delete_tx *t = arg;
  enum jw_code rc = jw_calendar_store_delete(c, t->day, err);
  if (rc != JW_OK) return rc;
  return audit_change(c, t->who, "calendar.delete", t->day, err);
}

enum jw_code jw_calendar_delete_day(struct jw_conn *c, const char *day, const struct jw_calendar_actor *who,
                                    struct jw_error *err) {
  struct delete_tx t = {day, who};
  return jw_tx(c, delete_tx, &t, err);
}

int jw_slot_minutes(int64_t open_min, int64_t close_min, int64_t break_start, int64_t break_end, int64_t len,
                    int64_t *starts, int max) {
  int n = 0;
  if (len <= 0) return 0;
  for (int64_t m = open_min; m + len <= close_min && n < max; m += len) {
    if (break_end > break_start && m < break_end && m + len > break_start) continue; /* overlaps the break */
    starts[n++] = m;
  }
  return n;
}

int64_t jw_noshow_bar(const int64_t *t, int n, int max, int window_days, int bar_days, int64_t now) {
  int64_t until = 0;
  for (int i = 0; max > 0 && i + max - 1 < n; i++) {
    if (t[i] - t[i + max - 1] > (int64_t)window_days * 86400) continue;
    int64_t u = t[i] + (int64_t)bar_days * 86400;
    if (u > until) until = u;
  }
  return until > now ? until : 0;
}
