/* test_hotspots.c — the hotspot rectification workflow as a table: every
 * (event, status) pair, who may fire each transition, the level rules and
 * the month count the public list shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "hotspots/hotspots.h"

/* The expected target of every event from every status (-1: refused, 409). */
static const int expected[5][HOT_STATUS__MAX] = {
    /*                identified   listed          rectifying    checking       delisted */
    /* list */ {HOT_LISTED, -1, -1, -1, -1},
    /* start */ {-1, HOT_RECTIFYING, -1, -1, -1},
    /* request_check */ {-1, -1, HOT_CHECKING, -1, -1},
    /* pass */ {-1, -1, -1, HOT_DELISTED, -1},
    /* fail */ {-1, -1, -1, HOT_RECTIFYING, -1},
};

static void every_pair(void **state) {
  (void)state;
  for (int e = 0; jw_hotspot_events[e]; e++) {
    assert_true(e < 5);
    for (int s = 0; s < HOT_STATUS__MAX; s++) {
      int known = 0;
      const struct jw_hotspot_transition *t =
          jw_hotspot_transition(jw_hotspot_events[e], (enum jw_hotspot_status)s, &known);
      assert_int_equal(known, 1);
      if (expected[e][s] < 0) {
        assert_null(t);
      } else {
        assert_non_null(t);
        assert_int_equal(t->to, expected[e][s]);
      }
    }
  }
  int known = 1;
  assert_null(jw_hotspot_transition("delete", HOT_LISTED, &known));
  assert_int_equal(known, 0);
  /* Nothing leaves delisted: the record is closed. */
  size_t n;
  const struct jw_hotspot_transition *all = jw_hotspot_transitions(&n);
  assert_int_equal(n, 5);
  for (size_t i = 0; i < n; i++) assert_int_not_equal(all[i].from, HOT_DELISTED);
}

static void who_may(void **state) {
  (void)state;
  unsigned chief = JW_BIT(JW_ROLE_STATION_CHIEF), admin = JW_BIT(JW_ROLE_UNIT_ADMIN), officer = JW_BIT(JW_ROLE_OFFICER),
           aux = JW_BIT(JW_ROLE_AUXILIARY), sys = JW_BIT(JW_ROLE_SYSADMIN);
  const struct jw_hotspot_transition *list = jw_hotspot_transition("list", HOT_IDENTIFIED, NULL);
  assert_true(list->roles & chief);
  assert_true(list->roles & admin);
  assert_false(list->roles & officer);
  assert_true(list->at_level);
  assert_true(list->sets_listing);
  const struct jw_hotspot_transition *start = jw_hotspot_transition("start", HOT_LISTED, NULL);
  assert_true(start->roles & officer);
  assert_false(start->at_level);
  for (int i = 0; i < 2; i++) {
    const struct jw_hotspot_transition *t = jw_hotspot_transition(i ? "fail" : "pass", HOT_CHECKING, NULL);
    assert_true(t->is_check);
    assert_true(t->at_level);
    assert_false(t->roles & officer);
  }
  /* Auxiliaries and whole-bureau roles fire nothing. */
  size_t n;
  const struct jw_hotspot_transition *all = jw_hotspot_transitions(&n);
  for (size_t i = 0; i < n; i++) assert_false(all[i].roles & (aux | sys));
}

static void levels_and_months(void **state) {
  (void)state;
  assert_int_equal(jw_hotspot_level_rank("station"), 1);
  assert_int_equal(jw_hotspot_level_rank("branch"), 2);
  assert_int_equal(jw_hotspot_level_rank("bureau"), 3);
  assert_int_equal(jw_hotspot_level_rank("city"), 0);
  assert_int_equal(jw_hotspot_unit_rank("bureau"), 3);
  assert_int_equal(jw_hotspot_unit_rank("branch"), 2);
  assert_int_equal(jw_hotspot_unit_rank("station"), 1);
  assert_int_equal(jw_hotspot_unit_rank("community_station"), 1);
  assert_int_equal(jw_hotspot_months_between("2026-03-10", "2026-03-31"), 0);
  assert_int_equal(jw_hotspot_months_between("2026-03-10", "2026-04-09"), 0);
  assert_int_equal(jw_hotspot_months_between("2026-03-10", "2026-04-10"), 1);
  assert_int_equal(jw_hotspot_months_between("2026-03-10", "2027-03-10"), 12);
  assert_int_equal(jw_hotspot_months_between("2026-03-10", "2026-01-01"), 0);
  assert_int_equal(jw_hotspot_months_between("", "2026-01-01"), 0);
  assert_int_equal(jw_hotspot_status_parse("checking"), HOT_CHECKING);
  assert_int_equal(jw_hotspot_status_parse("closed"), -1);
}

/* The hook other domains call before they store a hotspot_id: a hotspot in
 * the user's scope links, another unit's or a missing one does not. */
static void linkable(void **state) {
  (void)state;
  char path[64], url[80];
  snprintf(path, sizeof path, "/tmp/jw-hot-%d.db", (int)getpid());
  snprintf(url, sizeof url, "sqlite:%s", path);
  unlink(path);
  struct jw_error err = {0};
  struct jw_db *db = NULL;
  assert_int_equal(jw_db_open(url, &db, &err), JW_OK);
  assert_int_equal(jw_db_migrate(db, NULL, &err), JW_OK);
  struct jw_conn *c = jw_db_conn(db, &err);
  assert_non_null(c);
  assert_int_equal(jw_exec(c,
                           "INSERT INTO units (id, parent_id, path, kind, name, created_at, updated_at) VALUES"
                           " (1, NULL, '/1/', 'bureau', 'b', 0, 0), (2, 1, '/1/2/', 'station', 's', 0, 0),"
                           " (3, 1, '/1/3/', 'station', 't', 0, 0);"
                           "INSERT INTO hotspots (id, unit_id, unit_path, name, place, kind, listed_level, created_at,"
                           " updated_at) VALUES (7, 2, '/1/2/', 'h', 'p', 'theft', 'station', 0, 0)",
                           &err),
                   JW_OK);
  struct jw_user mine = {.id = 1, .role = JW_ROLE_OFFICER, .unit_id = 2, .unit_path = "/1/2/"};
  struct jw_user other = {.id = 2, .role = JW_ROLE_OFFICER, .unit_id = 3, .unit_path = "/1/3/"};
  struct jw_user bureau = {.id = 3, .role = JW_ROLE_UNIT_ADMIN, .unit_id = 1, .unit_path = "/1/"};
  assert_int_equal(jw_hotspot_linkable(c, &mine, 7, &err), 1);
  assert_int_equal(jw_hotspot_linkable(c, &bureau, 7, &err), 1);
  assert_int_equal(jw_hotspot_linkable(c, &other, 7, &err), 0);
  assert_int_equal(jw_hotspot_linkable(c, &mine, 8, &err), 0);
  assert_int_equal(jw_hotspot_linkable(c, &mine, 0, &err), 0);
  jw_conn_release(c);
  jw_db_close(db);
  char extra[80];
  unlink(path);
  snprintf(extra, sizeof extra, "%s-wal", path);
  unlink(extra);
  snprintf(extra, sizeof extra, "%s-shm", path);
  unlink(extra);
}

/* Changing the listed level: only by the level that holds it or a higher one. */
static void level_changes(void **state) {
  (void)state;
  assert_true(jw_hotspot_level_change_ok(1, "station", "station"));
  assert_true(jw_hotspot_level_change_ok(1, "bureau", "bureau"));   /* no change: other edits go on */
  assert_false(jw_hotspot_level_change_ok(1, "bureau", "station")); /* the attack: lower, then list */
  assert_false(jw_hotspot_level_change_ok(1, "branch", "station"));
  assert_true(jw_hotspot_level_change_ok(1, "station", "branch")); /* referred upwards … */
  assert_true(jw_hotspot_level_change_ok(2, "branch", "station"));
  assert_true(jw_hotspot_level_change_ok(2, "station", "branch"));
  assert_false(jw_hotspot_level_change_ok(2, "bureau", "branch"));
  assert_true(jw_hotspot_level_change_ok(3, "bureau", "station"));
  assert_false(jw_hotspot_level_change_ok(0, "station", "branch")); /* no unit: no level */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_pair), cmocka_unit_test(who_may),       cmocka_unit_test(levels_and_months),
      cmocka_unit_test(linkable),   cmocka_unit_test(level_changes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
