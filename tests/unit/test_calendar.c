/* test_calendar.c — civil-date arithmetic and working days across the 2026
 * National Day holiday and its adjusted working days, on a real (SQLite)
 * database migrated with the shipped calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "db_fixture.h"
#include "calendar/calendar.h"

static int setup(void **state) { return db_fixture_setup(state, "cal"); }

static struct jw_date D(const char *s) {
  struct jw_date d;
  assert_int_equal(jw_date_parse(s, &d), 0);
  return d;
}

static void
assert_date(struct jw_date d, const char *want) {
  char got[11];
  jw_date_format(d, got);
  assert_string_equal(got, want);
}

static void dates(void **state) {
  (void)state;
  struct jw_date d;
  assert_int_equal(jw_date_parse("2026-02-29", &d), -1); /* not a leap year */
  assert_int_equal(jw_date_parse("2028-02-29", &d), 0);
  assert_int_equal(jw_date_parse("2026-13-01", &d), -1);
  assert_int_equal(jw_date_parse("2026-1-01", &d), -1);
  assert_int_equal(jw_date_parse("2026-01-0x", &d), -1);
  assert_int_equal(jw_date_weekday(D("2026-11-29")), 6); /* a Sunday */
  assert_int_equal(jw_date_weekday(D("1970-01-01")), 3); /* a Thursday */
  assert_date(jw_date_add_days(D("2026-12-31"), 1), "2027-01-01");
  assert_date(jw_date_add_days(D("2028-03-01"), -1), "2028-02-29");
  assert_int_equal(jw_date_serial(D("1970-01-02")), 1);
  /* 2026-11-28T16:30:00Z is already the 29th in Shanghai (UTC+8). */
  assert_date(jw_date_of_time(1795883400LL, 480), "2026-11-29");
  assert_date(jw_date_of_time(1795883400LL, 0), "2026-11-28");
  /* Midnight of 2026-11-29 in Shanghai is 2026-11-28T16:00:00Z. */
  assert_true(jw_date_midnight(D("2026-11-29"), 480) == 1795881600LL);
  assert_true(jw_date_midnight(D("1970-01-01"), 0) == 0);
  assert_true(jw_date_midnight(D("1970-01-01"), -300) == 18000); /* west of UTC: later */
  assert_date(jw_date_of_time(jw_date_midnight(D("2026-11-29"), 480), 480), "2026-11-29");
  assert_date(jw_date_of_time(jw_date_midnight(D("2026-11-29"), 480) - 1, 480), "2026-11-28");
  assert_int_equal(jw_secs_to_midnight(jw_date_midnight(D("2026-11-29"), 480), 480), 86400);
}

static void workdays(void **state) {
  struct fixture *f = *state;
  struct jw_error err = {0};
  assert_int_equal(jw_calendar_is_workday(f->c, D("2026-10-01"), &err), 0); /* National Day, a Thursday */
  assert_int_equal(jw_calendar_is_workday(f->c, D("2026-10-10"), &err), 1); /* worked Saturday */
  assert_int_equal(jw_calendar_is_workday(f->c, D("2026-09-20"), &err), 1); /* worked Sunday */
  assert_int_equal(jw_calendar_is_workday(f->c, D("2026-11-28"), &err), 0); /* ordinary Saturday */
  assert_int_equal(jw_calendar_is_workday(f->c, D("2026-11-30"), &err), 1); /* ordinary Monday */
  assert_int_equal(jw_calendar_is_holiday(f->c, D("2026-10-05"), &err), 1);
  assert_int_equal(jw_calendar_is_holiday(f->c, D("2026-11-28"), &err), 0);
}

static void add_workdays(void **state) {
  struct fixture *f = *state;
  struct jw_error err = {0};
  struct jw_date out;
  /* Accepted on Wednesday 30 September: the holiday runs 1–7 October. */
  assert_int_equal(jw_calendar_add_workdays(f->c, D("2026-09-30"), 1, &out, &err), JW_OK);
  assert_date(out, "2026-10-08");
  /* Thursday 8, Friday 9, then the worked Saturday 10. */
  assert_int_equal(jw_calendar_add_workdays(f->c, D("2026-09-30"), 3, &out, &err), JW_OK);
  assert_date(out, "2026-10-10");
  assert_int_equal(jw_calendar_add_workdays(f->c, D("2026-09-30"), 4, &out, &err), JW_OK);
  assert_date(out, "2026-10-12");
  /* Friday 18 September + 1: Saturday 19 is off, Sunday 20 is worked. */
  assert_int_equal(jw_calendar_add_workdays(f->c, D("2026-09-18"), 1, &out, &err), JW_OK);
  assert_date(out, "2026-09-20");
  /* 20 working days from Monday 30 November 2026: no holidays in between. */
  assert_int_equal(jw_calendar_add_workdays(f->c, D("2026-11-30"), 20, &out, &err), JW_OK);
  assert_date(out, "2026-12-28");
  /* n = 0 is the day itself. */
  assert_int_equal(jw_calendar_add_workdays(f->c, D("2026-10-03"), 0, &out, &err), JW_OK);
  assert_date(out, "2026-10-03");
  /* Counting back: from 30 Sep to 12 Oct there are 4 working days. */
  assert_int_equal(jw_calendar_workdays_between(f->c, D("2026-09-30"), D("2026-10-12"), &err), 4);
  assert_int_equal(jw_calendar_workdays_between(f->c, D("2026-10-12"), D("2026-09-30"), &err), 0);
}

static void edited_calendar(void **state) {
  struct fixture *f = *state;
  struct jw_error err = {0};
  struct jw_date out;
  /* Staff declare Monday 30 November a holiday: the limit moves by a day. */
  assert_int_equal(
      jw_exec(f->c, "INSERT INTO calendar_days (day, kind, name) VALUES ('2026-11-30', 'holiday', 'test')", &err),
      JW_OK);
  assert_int_equal(jw_calendar_add_workdays(f->c, D("2026-11-27"), 1, &out, &err), JW_OK);
  assert_date(out, "2026-12-01");
  assert_int_equal(jw_exec(f->c, "DELETE FROM calendar_days WHERE day = '2026-11-30'", &err), JW_OK);
  assert_int_equal(jw_calendar_add_workdays(f->c, D("2026-11-27"), 1, &out, &err), JW_OK);
  assert_date(out, "2026-11-30");
}

/* The slot windows shared by inspection stations and officers' office hours. */
static void slot_windows(void **state) {
  (void)state;
  int64_t m[16];
  /* 08:30–16:30 in 30-minute slots, lunch 11:30–13:30: 6 + 6. */
  assert_int_equal(jw_slot_minutes(510, 990, 690, 810, 30, m, 16), 12);
  assert_int_equal(m[0], 510);
  assert_int_equal(m[5], 660);
  assert_int_equal(m[6], 810);
  /* No break; a last window that would run past closing is left out. */
  assert_int_equal(jw_slot_minutes(540, 700, 0, 0, 30, m, 16), 5);
  assert_int_equal(m[4], 660);
  /* At most max, and nothing for a zero length. */
  assert_int_equal(jw_slot_minutes(0, 1440, 0, 0, 10, m, 16), 16);
  assert_int_equal(jw_slot_minutes(0, 1440, 0, 0, 0, m, 16), 0);
}

/* The no-show bar: 3 within 90 days bar booking for 30 days from the latest. */
static void noshow_bar(void **state) {
  (void)state;
  const int64_t day = 86400, now = 1000 * day;
  const int64_t three[] = {now - 1 * day, now - 40 * day, now - 80 * day};
  assert_int_equal(jw_noshow_bar(three, 3, 3, 90, 30, now), now + 29 * day);
  const int64_t spread[] = {now - 1 * day, now - 50 * day, now - 100 * day};
  assert_int_equal(jw_noshow_bar(spread, 3, 3, 90, 30, now), 0);
  const int64_t old[] = {now - 31 * day, now - 32 * day, now - 33 * day};
  assert_int_equal(jw_noshow_bar(old, 3, 3, 90, 30, now), 0); /* the bar has ended */
  assert_int_equal(jw_noshow_bar(three, 2, 3, 90, 30, now), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(dates),           cmocka_unit_test(workdays),     cmocka_unit_test(add_workdays),
      cmocka_unit_test(edited_calendar), cmocka_unit_test(slot_windows), cmocka_unit_test(noshow_bar),
  };
  return cmocka_run_group_tests_name("calendar", tests, setup, db_fixture_teardown);
}
