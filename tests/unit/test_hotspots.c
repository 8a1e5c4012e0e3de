/* test_hotspots.c — the hotspot rectification workflow as a table: every
 * (event, status) pair, who may fire each transition, the level rules and
 * the month count the public list shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_pair),
      cmocka_unit_test(who_may),
      cmocka_unit_test(levels_and_months),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
