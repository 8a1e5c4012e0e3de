/* test_worklogs.c — the work logs' rules: who may do what, the 7-day edit
 * window, RFC 3339 times, the per-kind checks; and the grid dashboard's
 * request-free visit count, on a real (SQLite) database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "calendar/calendar.h"
#include "core/mem.h"
#include "core/validate.h"
#include "worklogs/worklogs.h"

#define TZ 480 /* Asia/Shanghai */

static struct jw_user staff(enum jw_role role, const char *path) {
  return (struct jw_user){.id = 7, .role = role, .login = "t", .unit_id = 3, .unit_path = path};
}

static void access_rules(void **state) {
  (void)state;
  struct jw_user off = staff(JW_ROLE_OFFICER, "/1/2/3/");
  struct jw_user aux = staff(JW_ROLE_AUXILIARY, "/1/2/3/");
  struct jw_user chief = staff(JW_ROLE_STATION_CHIEF, "/1/2/");
  struct jw_user admin = staff(JW_ROLE_UNIT_ADMIN, "/1/");
  struct jw_user other = staff(JW_ROLE_STATION_CHIEF, "/1/9/");
  struct jw_user citizen = {.id = 8, .role = JW_ROLE_CITIZEN};
  /* the author writes, another officer of the same unit sees nothing */
  assert_int_equal(jw_worklog_access(&off, 11, 11, "/1/2/3/"), JW_WL_WRITE);
  assert_int_equal(jw_worklog_access(&off, 11, 12, "/1/2/3/"), JW_WL_NONE);
  assert_int_equal(jw_worklog_access(&aux, 12, 11, "/1/2/3/"), JW_WL_NONE);
  assert_int_equal(jw_worklog_access(&off, 0, 0, "/1/2/3/"), JW_WL_NONE); /* no officer record */
  /* the chief reads the station's, not another station's */
  assert_int_equal(jw_worklog_access(&chief, 0, 11, "/1/2/3/"), JW_WL_READ);
  assert_int_equal(jw_worklog_access(&chief, 5, 5, "/1/2/"), JW_WL_WRITE);
  assert_int_equal(jw_worklog_access(&other, 0, 11, "/1/2/3/"), JW_WL_NONE);
  assert_int_equal(jw_worklog_access(&chief, 0, 11, "/1/22/"), JW_WL_NONE); /* a prefix of digits is not scope */
  assert_int_equal(jw_worklog_access(&admin, 0, 11, "/1/2/3/"), JW_WL_READ);
  assert_int_equal(jw_worklog_access(&citizen, 0, 11, "/1/2/3/"), JW_WL_NONE);
  assert_int_equal(jw_worklog_access(NULL, 0, 11, "/1/2/3/"), JW_WL_NONE);
  /* who sees the parties in full */
  assert_true(jw_worklog_may_unmask(&off, 11, 11));
  assert_false(jw_worklog_may_unmask(&off, 11, 12));
  assert_true(jw_worklog_may_unmask(&chief, 0, 11));
  assert_false(jw_worklog_may_unmask(&admin, 0, 11));
}

static void edit_window(void **state) {
  (void)state;
  int64_t t = 1796083200;
  assert_true(jw_worklog_editable(t, t));
  assert_true(jw_worklog_editable(t, t + 7 * 86400));
  assert_false(jw_worklog_editable(t, t + 7 * 86400 + 1));
}

static void times(void **state) {
  (void)state;
  int64_t t = 0;
  assert_int_equal(jw_worklog_parse_time("2026-12-01T08:00:00+08:00", &t), 0);
  assert_int_equal(t, 1796083200);
  assert_int_equal(jw_worklog_parse_time("2026-12-01T00:00Z", &t), 0);
  assert_int_equal(t, 1796083200);
  assert_int_equal(jw_worklog_parse_time("2026-11-30T19:00:00-05:00", &t), 0);
  assert_int_equal(t, 1796083200);
  const char *bad[] = {"",
                       "2026-12-01",
                       "2026-12-01 08:00:00+08:00",
                       "2026-12-01T8:00:00+08:00",
                       "2026-12-01T08:00:00",
                       "2026-12-01T24:00:00Z",
                       "2026-02-30T08:00:00Z",
                       "2026-12-01T08:00:00+15:00",
                       "2026-12-01T08:00:00+08:00x",
                       "2026-12-01T08:+0:00Z",
                       NULL};
  for (int i = 0; bad[i]; i++) assert_int_equal(jw_worklog_parse_time(bad[i], &t), -1);
  assert_int_equal(jw_worklog_parse_time(NULL, &t), -1);
}

/* Counts the field errors naming field. */
static int names(const struct jw_error *err, const char *field) {
  int n = 0;
  for (int i = 0; i < err->nfields; i++) n += strcmp(err->fields[i].field, field) == 0;
  return n;
}

static void checks(void **state) {
  (void)state;
  struct jw_arena a = {0};
  int64_t now = 1796083200; /* 2026-12-01 08:00 in Shanghai */
  struct jw_error err = {0};
  struct jw_worklog w = {.kind = JW_WL_PATROL, .started_at = now - 3600, .ended_at = now, .route = "东山路"};
  assert_int_equal(jw_worklog_check(&w, now, TZ, &a, &err), JW_OK);
  assert_string_equal(w.day, "2026-12-01");
  /* 00:30 in Shanghai is still the previous day in UTC: the day is the bureau's */
  w.started_at = now - 27000; /* 00:30 */
  w.ended_at = now - 7 * 3600;
  assert_int_equal(jw_worklog_check(&w, now, TZ, &a, &err), JW_OK);
  assert_string_equal(w.day, "2026-12-01");

  struct jw_worklog late = w;
  late.ended_at = late.started_at - 60;
  jw_error_clear(&err);
  assert_int_equal(jw_worklog_check(&late, now, TZ, &a, &err), JW_E_VALIDATION);
  assert_int_equal(names(&err, "ended_at"), 1);

  struct jw_worklog future = w; /* tomorrow is allowed, the day after not */
  future.started_at = now + 86400;
  future.ended_at = future.started_at + 60;
  jw_error_clear(&err);
  assert_int_equal(jw_worklog_check(&future, now, TZ, &a, &err), JW_OK);
  future.started_at = now + 2 * 86400;
  future.ended_at = future.started_at + 60;
  jw_error_clear(&err);
  assert_int_equal(jw_worklog_check(&future, now, TZ, &a, &err), JW_E_VALIDATION);
  assert_int_equal(names(&err, "started_at"), 1);

  struct jw_worklog visit = {.kind = JW_WL_VISIT, .started_at = now - 60, .purpose = "走访"};
  jw_error_clear(&err);
  assert_int_equal(jw_worklog_check(&visit, now, TZ, &a, &err), JW_E_VALIDATION);
  assert_int_equal(names(&err, "resident_id"), 1);
  visit.house_id = 5;
  jw_error_clear(&err);
  assert_int_equal(jw_worklog_check(&visit, now, TZ, &a, &err), JW_OK);

  struct jw_worklog m = {.kind = JW_WL_MEDIATION,
                         .started_at = now - 60,
                         .dispute_type = "neighbour",
                         .summary = "漏水",
                         .outcome = "agreement",
                         .nparties = 1,
                         .parties = {{"陈建国", "13912345678", ""}}};
  char idn[19] = "33010219900307182";
  idn[17] = jw_id_check_char(idn);
  idn[18] = '\0';
  if (idn[17] == 'X') idn[17] = 'x';
  m.parties[0].id_number = idn;
  jw_error_clear(&err);
  assert_int_equal(jw_worklog_check(&m, now, TZ, &a, &err), JW_E_VALIDATION);
  assert_int_equal(names(&err, "agreement_date"), 1); /* an agreement needs its date */
  snprintf(m.agreement_date, sizeof m.agreement_date, "2026-11-30");
  jw_error_clear(&err);
  assert_int_equal(jw_worklog_check(&m, now, TZ, &a, &err), JW_E_VALIDATION);
  assert_int_equal(names(&err, "agreement_date"), 1); /* not before the mediation */
  snprintf(m.agreement_date, sizeof m.agreement_date, "2026-12-01");
  jw_error_clear(&err);
  assert_int_equal(jw_worklog_check(&m, now, TZ, &a, &err), JW_OK);
  assert_int_not_equal(m.parties[0].id_number[17], 'x'); /* normalised */
  m.parties[0].id_number = "330102199003071820";
  if (jw_id_check_char("33010219900307182") == '0') m.parties[0].id_number = "330102199003071821";
  jw_error_clear(&err);
  assert_int_equal(jw_worklog_check(&m, now, TZ, &a, &err), JW_E_VALIDATION);
  assert_int_equal(names(&err, "parties[0].id_number"), 1); /* a wrong check digit */
  m.parties[0].id_number = idn;
  m.outcome = "failed";
  jw_error_clear(&err);
  assert_int_equal(jw_worklog_check(&m, now, TZ, &a, &err), JW_E_VALIDATION);
  assert_int_equal(names(&err, "agreement_date"), 1); /* only an agreement has one */
  m.agreement_date[0] = '\0';
  m.nparties = 0;
  jw_error_clear(&err);
  assert_int_equal(jw_worklog_check(&m, now, TZ, &a, &err), JW_E_VALIDATION);
  assert_int_equal(names(&err, "parties"), 1);
  jw_arena_free(&a);
}

/* The grid dashboard's hook counts this month's visits of one grid only. */
static void grid_visits(void **state) {
  (void)state;
  char path[64], url[80];
  snprintf(path, sizeof path, "/tmp/jw-wl-%d.db", (int)getpid());
  snprintf(url, sizeof url, "sqlite:%s", path);
  struct jw_error err = {0};
  struct jw_db *db = NULL;
  assert_int_equal(jw_db_open(url, &db, &err), JW_OK);
  assert_int_equal(jw_db_migrate(db, NULL, &err), JW_OK);
  struct jw_conn *c = jw_db_conn(db, &err);
  assert_non_null(c);
  static const char *const setup_sql[] = {
      "INSERT INTO units (id, path, kind, name, created_at, updated_at) VALUES (1, '/1/', 'bureau', 'b', 0, 0)",
      "INSERT INTO officers (id, unit_id, name, kind, created_at, updated_at) VALUES (1, 1, 'a', 'auxiliary', 0, 0)",
      "INSERT INTO grids (id, unit_id, unit_path, code, name, created_at, updated_at)"
      " VALUES (1, 1, '/1/', 'G1', 'g1', 0, 0), (2, 1, '/1/', 'G2', 'g2', 0, 0)",
      "INSERT INTO worklogs (kind, officer_id, unit_id, unit_path, grid_id, day, started_at, business_name, purpose,"
      " created_at, updated_at) VALUES"
      " ('visit', 1, 1, '/1/', 1, '2026-12-01', 1796083200, 'x', 'p', 0, 0),"
      " ('visit', 1, 1, '/1/', 1, '2026-12-31', 1796083200, 'x', 'p', 0, 0),"
      " ('visit', 1, 1, '/1/', 1, '2026-11-30', 1796083200, 'x', 'p', 0, 0),"
      " ('visit', 1, 1, '/1/', 2, '2026-12-02', 1796083200, 'x', 'p', 0, 0)",
      "INSERT INTO worklogs (kind, officer_id, unit_id, unit_path, grid_id, day, started_at, ended_at, route,"
      " created_at, updated_at) VALUES ('patrol', 1, 1, '/1/', 1, '2026-12-03', 1796083200, 1796086800, 'r', 0, 0)",
  };
  for (size_t i = 0; i < sizeof setup_sql / sizeof setup_sql[0]; i++)
    assert_int_equal(jw_exec(c, setup_sql[i], &err), JW_OK);
  assert_int_equal(jw_worklogs_grid_visits_month(c, 1, "2026-12-01", &err), 2);
  assert_int_equal(jw_worklogs_grid_visits_month(c, 2, "2026-12-01", &err), 1);
  assert_int_equal(jw_worklogs_grid_visits_month(c, 3, "2026-12-01", &err), 0);
  assert_int_equal(jw_worklogs_grid_visits_month(c, 1, "2026-11-01", &err), 1);
  assert_int_equal(jw_worklogs_grid_visits_month(c, 1, "2026-12-31x", &err), -1);
  jw_db_close(db);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(access_rules), cmocka_unit_test(edit_window), cmocka_unit_test(times),
      cmocka_unit_test(checks),       cmocka_unit_test(grid_visits),
  };
  return cmocka_run_group_tests_name("worklogs", tests, NULL, NULL);
}
