/* test_slots.c — the bookable slots shared by the inspection stations and
 * the officers' office hours (calendar/slots.h), on a real (SQLite)
 * database: a day cut from a template, made once; places taken up to the
 * capacity and no further, given back never below zero; a day's capacity
 * set but never below what is booked; the two slot tables kept apart. */
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
#include "calendar/slots.h"
#include "core/mem.h"

/* An inspection station (unit 2) and an officer (1) of a station (unit 3). */
static const char SQL_OWNERS[] =
    "INSERT INTO units (id, parent_id, path, kind, name, created_at, updated_at) VALUES"
    " (1, NULL, '/1/', 'bureau', '台州市公安局', 0, 0), (2, 1, '/1/2/', 'inspection_station', '椒江检测站', 0, 0),"
    " (3, 1, '/1/3/', 'station', '白云派出所', 0, 0);"
    "INSERT INTO officers (id, unit_id, name, badge_no, kind, created_at, updated_at)"
    " VALUES (1, 3, '张警官', '012345', 'police', 0, 0);";

static int setup(void **state) {
  if (db_fixture_setup(state, "slots") != 0) return -1;
  struct fixture *f = *state;
  struct jw_error err = {0};
  if (jw_exec(f->c, SQL_OWNERS, &err) != JW_OK) {
    fprintf(stderr, "setup: %s\n", err.detail);
    return -1;
  }
  return 0;
}

static const struct jw_date DAY = {2026, 12, 2};
/* 08:30–16:30 in 30-minute slots with lunch 11:30–13:30 (12 slots), 2 places each. */
static const struct jw_slot_template STATION = {510, 990, 690, 810, 30, 2};

/* The slots of owner in table on 2026-12-02 (array in a). */
static struct jw_slot *day_slots(struct fixture *f, struct jw_arena *a, enum jw_slot_table t, int64_t owner,
                                 size_t *n) {
  struct jw_error err = {0};
  struct jw_slot *s = NULL;
  assert_int_equal(jw_slots_of_day(f->c, a, t, owner, "2026-12-02", &s, n, &err), JW_OK);
  return s;
}

static void a_day_from_its_template(void **state) {
  struct fixture *f = *state;
  struct jw_error err = {0};
  struct jw_arena a = {0};
  assert_int_equal(jw_slots_generate(f->c, JW_SLOTS_INSPECTION, 2, DAY, 480, &STATION, &err), JW_OK);
  int64_t n = 0;
  assert_int_equal(jw_slots_count(f->c, JW_SLOTS_INSPECTION, 2, "2026-12-02", &n, &err), JW_OK);
  assert_int_equal(n, 12);
  size_t k = 0;
  struct jw_slot *s = day_slots(f, &a, JW_SLOTS_INSPECTION, 2, &k);
  assert_int_equal(k, 12);
  int64_t midnight = (int64_t)jw_date_midnight(DAY, 480); /* 00:00 in Shanghai */
  assert_int_equal(s[0].starts_at, midnight + 510 * 60);
  assert_int_equal(s[0].ends_at, midnight + 540 * 60);
  assert_int_equal(s[6].starts_at, midnight + 810 * 60); /* after lunch */
  assert_int_equal(s[0].owner_id, 2);
  assert_int_equal(s[0].capacity, 2);
  assert_int_equal(s[0].booked, 0);
  assert_string_equal(s[11].day, "2026-12-02");
  for (size_t i = 1; i < k; i++) assert_true(s[i].starts_at > s[i - 1].starts_at);
  /* Made once: a second run keeps the slots (and what they have booked). */
  assert_int_equal(jw_slots_take(f->c, JW_SLOTS_INSPECTION, s[0].id, &err), 1);
  assert_int_equal(jw_slots_generate(f->c, JW_SLOTS_INSPECTION, 2, DAY, 480, &STATION, &err), JW_OK);
  assert_int_equal(jw_slots_count(f->c, JW_SLOTS_INSPECTION, 2, "2026-12-02", &n, &err), JW_OK);
  assert_int_equal(n, 12);
  struct jw_slot one;
  assert_int_equal(jw_slots_get(f->c, JW_SLOTS_INSPECTION, s[0].id, &one, &err), 1);
  assert_int_equal(one.booked, 1);
  assert_int_equal(jw_slots_give_back(f->c, JW_SLOTS_INSPECTION, s[0].id, &err), JW_OK);
  /* Another day has none. */
  assert_int_equal(jw_slots_count(f->c, JW_SLOTS_INSPECTION, 2, "2026-12-03", &n, &err), JW_OK);
  assert_int_equal(n, 0);
  jw_arena_free(&a);
}

static void places_up_to_the_capacity(void **state) {
  struct fixture *f = *state;
  struct jw_error err = {0};
  struct jw_arena a = {0};
  assert_int_equal(jw_slots_generate(f->c, JW_SLOTS_INSPECTION, 2, DAY, 480, &STATION, &err), JW_OK);
  size_t k = 0;
  int64_t id = day_slots(f, &a, JW_SLOTS_INSPECTION, 2, &k)[3].id;
  assert_int_equal(jw_slots_take(f->c, JW_SLOTS_INSPECTION, id, &err), 1);
  assert_int_equal(jw_slots_take(f->c, JW_SLOTS_INSPECTION, id, &err), 1);
  assert_int_equal(jw_slots_take(f->c, JW_SLOTS_INSPECTION, id, &err), 0); /* full */
  int64_t booked = 0;
  assert_int_equal(jw_slots_booked(f->c, JW_SLOTS_INSPECTION, 2, "2026-12-02", &booked, &err), JW_OK);
  assert_int_equal(booked, 2);
  for (int i = 0; i < 3; i++) assert_int_equal(jw_slots_give_back(f->c, JW_SLOTS_INSPECTION, id, &err), JW_OK);
  struct jw_slot s;
  assert_int_equal(jw_slots_get(f->c, JW_SLOTS_INSPECTION, id, &s, &err), 1);
  assert_int_equal(s.booked, 0); /* never below zero */
  assert_int_equal(jw_slots_take(f->c, JW_SLOTS_INSPECTION, 999999, &err), 0);
  assert_int_equal(jw_slots_get(f->c, JW_SLOTS_INSPECTION, 999999, &s, &err), 0);
  assert_int_equal(jw_slots_booked(f->c, JW_SLOTS_INSPECTION, 2, "2026-12-09", &booked, &err), JW_OK);
  assert_int_equal(booked, 0);
  jw_arena_free(&a);
}

static void a_days_capacity_never_below_booked(void **state) {
  struct fixture *f = *state;
  struct jw_error err = {0};
  struct jw_arena a = {0};
  assert_int_equal(jw_slots_generate(f->c, JW_SLOTS_INSPECTION, 2, DAY, 480, &STATION, &err), JW_OK);
  size_t k = 0;
  int64_t id = day_slots(f, &a, JW_SLOTS_INSPECTION, 2, &k)[0].id;
  assert_int_equal(jw_slots_take(f->c, JW_SLOTS_INSPECTION, id, &err), 1);
  /* Closed (0): the booked slot keeps its one place, the others have none. */
  assert_int_equal(jw_slots_set_capacity(f->c, JW_SLOTS_INSPECTION, 2, "2026-12-02", 0, &err), JW_OK);
  struct jw_slot *s = day_slots(f, &a, JW_SLOTS_INSPECTION, 2, &k);
  assert_int_equal(s[0].capacity, 1);
  assert_int_equal(s[1].capacity, 0);
  assert_int_equal(jw_slots_take(f->c, JW_SLOTS_INSPECTION, s[1].id, &err), 0);
  assert_int_equal(jw_slots_set_capacity(f->c, JW_SLOTS_INSPECTION, 2, "2026-12-02", 5, &err), JW_OK);
  s = day_slots(f, &a, JW_SLOTS_INSPECTION, 2, &k);
  for (size_t i = 0; i < k; i++) assert_int_equal(s[i].capacity, 5);
  assert_int_equal(jw_slots_give_back(f->c, JW_SLOTS_INSPECTION, id, &err), JW_OK);
  jw_arena_free(&a);
}

static void the_two_tables_apart(void **state) {
  struct fixture *f = *state;
  struct jw_error err = {0};
  struct jw_arena a = {0};
  /* Office hours 09:00–11:40, 20-minute slots, one place, no break: 8 slots. */
  const struct jw_slot_template hours = {540, 700, 0, 0, 20, 1};
  assert_int_equal(jw_slots_generate(f->c, JW_SLOTS_OFFICER, 1, DAY, 480, &hours, &err), JW_OK);
  size_t k = 0;
  struct jw_slot *s = day_slots(f, &a, JW_SLOTS_OFFICER, 1, &k);
  assert_int_equal(k, 8);
  assert_int_equal(s[0].owner_id, 1);
  assert_int_equal(s[7].ends_at - s[7].starts_at, 20 * 60);
  assert_int_equal(jw_slots_take(f->c, JW_SLOTS_OFFICER, s[0].id, &err), 1);
  assert_int_equal(jw_slots_take(f->c, JW_SLOTS_OFFICER, s[0].id, &err), 0);
  /* Owner 1 has no inspection slots, and the station's day is its own. */
  day_slots(f, &a, JW_SLOTS_INSPECTION, 1, &k);
  assert_int_equal(k, 0);
  int64_t n = 0;
  assert_int_equal(jw_slots_count(f->c, JW_SLOTS_OFFICER, 2, "2026-12-02", &n, &err), JW_OK);
  assert_int_equal(n, 0);
  int64_t booked = 0;
  assert_int_equal(jw_slots_booked(f->c, JW_SLOTS_OFFICER, 1, "2026-12-02", &booked, &err), JW_OK);
  assert_int_equal(booked, 1);
  jw_arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_day_from_its_template),
      cmocka_unit_test(places_up_to_the_capacity),
      cmocka_unit_test(a_days_capacity_never_below_booked),
      cmocka_unit_test(the_two_tables_apart),
  };
  return cmocka_run_group_tests_name("slots", tests, setup, db_fixture_teardown);
}
