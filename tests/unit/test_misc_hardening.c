/* test_misc_hardening.c — issue 7's service-hall pieces that need no server:
 * upload names that say what the content is, the bureau's dates at negative
 * and extreme offsets, and the range of --tz-offset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "calendar/calendar.h"
#include "core/config.h"
#include "uploads/uploads.h"

static void upload_names(void **state) {
  (void)state;
  struct jw_arena a = {0};
  static const struct {
    const char *name, *type, *want;
  } cases[] = {
      {"poly.html", "image/png", "poly.png"},
      {"poly.HTML", "image/png", "poly.png"},
      {"photo.jpg", "image/jpeg", "photo.jpg"},
      {"photo.JPEG", "image/jpeg", "photo.JPEG"},
      {"photo.jpeg", "image/png", "photo.png"},
      {"scan", "application/pdf", "scan.pdf"},
      {"scan.", "application/pdf", "scan..pdf"},
      {".profile", "image/png", ".profile.png"},
      {"报告.第二版", "application/pdf", "报告.第二版.pdf"},
      {"report.v2.pdf", "application/pdf", "report.v2.pdf"},
      {"archive.tar.gz", "image/jpeg", "archive.tar.jpg"},
      {"x.verylongext", "image/png", "x.verylongext.png"},
      {"身份证正面.png", "image/jpeg", "身份证正面.jpg"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_string_equal(jw_upload_file_name(&a, cases[i].name, cases[i].type), cases[i].want);
  assert_string_equal(jw_upload_ext("image/jpeg"), "jpg");
  assert_string_equal(jw_upload_ext("application/pdf"), "pdf");
  assert_string_equal(jw_upload_ext("text/html"), "bin");
  jw_arena_free(&a);
}

static void bureau_dates(void **state) {
  (void)state;
  char d[11];
  long long t = 1796005800; /* 2026-11-30T02:30:00Z */
  jw_local_date(t, 480, d);
  assert_string_equal(d, "2026-11-30");
  jw_local_date(t, -300, d);
  assert_string_equal(d, "2026-11-29");
  jw_local_date(t, -720, d);
  assert_string_equal(d, "2026-11-29");
  jw_local_date(t + 12 * 3600, 840, d);
  assert_string_equal(d, "2026-12-01");
  assert_int_equal(jw_secs_to_midnight(t, 480), 13 * 3600 + 1800);
  assert_int_equal(jw_secs_to_midnight(t, -300), 2 * 3600 + 1800);
  assert_int_equal(jw_secs_to_midnight(1795996800, 0), 86400); /* at midnight: a whole day */
  jw_local_date(-1, -60, d);
  assert_string_equal(d, "1969-12-31");
}

static void tz_offset_range(void **state) {
  (void)state;
  struct jw_config cfg;
  jw_config_defaults(&cfg);
  assert_int_equal(cfg.tz_offset_min, 480);
  static const struct {
    const char *v;
    int ok, want;
  } cases[] = {{"-300", 1, -300}, {"-720", 1, -720}, {"840", 1, 840}, {"0", 1, 0}, {"345", 1, 345},
               {"-721", 0, 0},    {"841", 0, 0},     {"x", 0, 0},     {"", 0, 0},  {"8h", 0, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char flag[] = "--tz-offset", *argv[] = {flag, (char *)cases[i].v};
    cfg.tz_offset_min = 1;
    int kept = jw_config_flags(&cfg, 2, argv);
    if (cases[i].ok) {
      assert_int_equal(kept, 0);
      assert_int_equal(cfg.tz_offset_min, cases[i].want);
    } else {
      assert_int_equal(kept, -1);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(upload_names),
      cmocka_unit_test(bureau_dates),
      cmocka_unit_test(tz_offset_range),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
