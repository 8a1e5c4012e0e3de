/* test_seizures.c — the stolen-vehicle registry's input rules
 * (jw_stolen_normalise: plates of motor vehicles and Zhejiang electric
 * bikes, VINs, engine numbers, at least one identifier, the owner's phone,
 * no report from the future) and the prevention bus's month check. No
 * database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/mem.h"
#include "prevention/prevention.h"
#include "seizures/seizures.h"

#define NOW 1796000000LL

static struct jw_stolen_new base(void) {
  return (struct jw_stolen_new){"ebike", "EB",     "台州A12345",  "",     "",         "", "",
                                "",      "陈小梅", "13957612345", "椒江", NOW - 3600, 0};
}

/* The first field named in err, or "". */
static const char *field(const struct jw_error *err) { return err->nfields ? err->fields[0].field : ""; }

static void normalises(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_error err = {0};
  struct jw_stolen_new in = base();
  in.plate = "台州 a12345";
  in.engine_no = "tz 0001";
  assert_int_equal(jw_stolen_normalise(&in, &a, NOW, &err), JW_OK);
  assert_string_equal(in.plate, "台州A12345");
  assert_string_equal(in.engine_no, "TZ0001");
  in = base();
  in.kind = "car";
  in.plate_type = "02";
  in.plate = "浙j1a2b3";
  in.vin = "lsvau2a39n1234567";
  jw_error_clear(&err);
  int rc = jw_stolen_normalise(&in, &a, NOW, &err);
  /* The VIN's check character decides; a wrong one is named. */
  if (rc == JW_OK) {
    assert_string_equal(in.plate, "浙J1A2B3");
    assert_string_equal(in.vin, "LSVAU2A39N1234567");
  } else {
    assert_string_equal(field(&err), "vin");
  }
  /* No plate at all: the VIN or the engine number is enough. */
  in = base();
  in.plate_type = "";
  in.plate = "";
  in.engine_no = "M123456789";
  jw_error_clear(&err);
  assert_int_equal(jw_stolen_normalise(&in, &a, NOW, &err), JW_OK);
  jw_arena_free(&a);
}

static void refuses(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct {
    const char *plate_type, *plate, *vin, *engine_no, *phone;
    long long reported_at;
    const char *field;
  } bad[] = {
      {"EB", "台州A123", "", "", "13957612345", NOW, "plate"},      /* too short */
      {"EB", "台A12345", "", "", "13957612345", NOW, "plate"},      /* one Chinese character */
      {"EB", "台州AI2345", "", "", "13957612345", NOW, "plate"},    /* the letter I */
      {"EB", "TZA12345", "", "", "13957612345", NOW, "plate"},      /* no city */
      {"02", "浙J1234", "", "", "13957612345", NOW, "plate"},       /* GA 36 */
      {"99", "浙J12345", "", "", "13957612345", NOW, "plate_type"}, /* unknown type */
      {"", "浙J12345", "", "", "13957612345", NOW, "plate_type"},   /* a plate without its type */
      {"02", "", "", "", "13957612345", NOW, "plate"},              /* a type without a plate */
      {"", "", "", "", "13957612345", NOW, "plate"},                /* nothing to know it by */
      {"", "", "LSVAU2A3IN1234567", "", "13957612345", NOW, "vin"}, /* I in a VIN */
      {"", "", "", "ab", "13957612345", NOW, "engine_no"},          /* too short */
      {"", "", "", "AB#123", "13957612345", NOW, "engine_no"},      /* not a letter or digit */
      {"EB", "台州A12345", "", "", "12345", NOW, "owner_phone"},
      {"EB", "台州A12345", "", "", "13957612345", NOW + 86400, "reported_at"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct jw_stolen_new in = base();
    in.plate_type = bad[i].plate_type;
    in.plate = bad[i].plate;
    in.vin = bad[i].vin;
    in.engine_no = bad[i].engine_no;
    in.owner_phone = bad[i].phone;
    in.reported_at = bad[i].reported_at;
    struct jw_error err = {0};
    if (jw_stolen_normalise(&in, &a, NOW, &err) != JW_E_VALIDATION) fail_msg("case %zu accepted", i);
    if (strcmp(field(&err), bad[i].field) != 0) fail_msg("case %zu: %s, not %s", i, field(&err), bad[i].field);
  }
  jw_arena_free(&a);
}

static void months(void **state) {
  (void)state;
  assert_true(jw_prev_month_ok("2026-11"));
  assert_true(jw_prev_month_ok("2199-12"));
  assert_false(jw_prev_month_ok("2026-13"));
  assert_false(jw_prev_month_ok("2026-1"));
  assert_false(jw_prev_month_ok("26-01"));
  assert_false(jw_prev_month_ok("1899-12"));
  assert_false(jw_prev_month_ok(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(normalises),
      cmocka_unit_test(refuses),
      cmocka_unit_test(months),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
