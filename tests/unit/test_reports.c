/* test_reports.c — the pieces of the Open311 edge that need no server: the
 * strict form decoder, decimal degrees, W3C date-times, point in polygon,
 * attribute values against the service definition. No database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/mem.h"
#include "reports/form.h"
#include "reports/reports.h"

static const char *parse(struct jw_arena *a, const char *body, struct jw_form_field **f, int *n) {
  return jw_form_parse(a, body, strlen(body), f, n);
}

static void form_decodes(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_form_field *f;
  int n;
  assert_null(parse(&a, "service_code=noise&description=a+b%20c%E4%BD%A0&&attribute%5Bx%5D=1&empty", &f, &n));
  assert_int_equal(n, 4);
  assert_string_equal(jw_form_get(f, n, "description"), "a b c你");
  assert_string_equal(jw_form_get(f, n, "attribute[x]"), "1");
  assert_string_equal(jw_form_get(f, n, "empty"), "");
  assert_null(jw_form_get(f, n, "nope"));
  assert_null(parse(&a, "", &f, &n));
  assert_int_equal(n, 0);
  jw_arena_free(&a);
}

static void form_refuses(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_form_field *f;
  int n;
  static const char *const bad[] = {
      "a=%zz", "a=%4", "a=%", "a=b%0", "a=%00", "a%00=b", "a=%ff", "a=%e4%bd", "a=%c0%af", "a=1&a=2", "=x",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_non_null(parse(&a, bad[i], &f, &n));
  char many[JW_FORM_MAX_FIELDS * 8 + 16] = "";
  for (int i = 0; i <= JW_FORM_MAX_FIELDS; i++) snprintf(many + strlen(many), sizeof many - strlen(many), "f%d=1&", i);
  assert_non_null(parse(&a, many, &f, &n));
  jw_arena_free(&a);
}

static void degrees(void **state) {
  (void)state;
  int64_t v;
  assert_int_equal(jw_report_parse_degrees("28.6512", 90, &v), 0);
  assert_int_equal(v, 28651200);
  assert_int_equal(jw_report_parse_degrees("-121.4123456", 180, &v), 0);
  assert_int_equal(v, -121412346);
  assert_int_equal(jw_report_parse_degrees("90", 90, &v), 0);
  assert_int_equal(jw_report_parse_degrees("-90.000000000", 90, &v), 0);
  assert_int_equal(jw_report_parse_degrees(".5", 90, &v), 0);
  assert_int_equal(v, 500000);
  static const char *const bad[] = {"",     "+",   "-",  ".",  "90.0000001",       "91",  "1e3", "NaN", "inf",
                                    "0x10", "1,5", " 1", "1 ", "28.1234567890123", "1000"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_int_equal(jw_report_parse_degrees(bad[i], 90, &v), -1);
}

static void times(void **state) {
  (void)state;
  int64_t t;
  assert_int_equal(jw_report_parse_time("1994-11-05T08:15:30-05:00", 480, &t), 0);
  assert_int_equal(t, 784041330);
  assert_int_equal(jw_report_parse_time("1994-11-05T13:15:30Z", 480, &t), 0);
  assert_int_equal(t, 784041330);
  assert_int_equal(jw_report_parse_time("2026-11-30", 480, &t), 0); /* midnight in the bureau's zone */
  assert_int_equal(t, 1795968000);
  assert_int_equal(jw_report_parse_time("2024-02-29T00:00:00.123+08:00", 0, &t), 0);
  static const char *const bad[] = {"2026-13-01",
                                    "2026-02-29",
                                    "2026-11-30T24:00:00Z",
                                    "2026-11-30T10:00:00+8",
                                    "2026-11-30 10:00",
                                    "2026-11-30T10Z",
                                    "20261130",
                                    "2026-11-30Tx",
                                    "1969-12-31"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_int_equal(jw_report_parse_time(bad[i], 480, &t), -1);
}

static void attributes(void **state) {
  (void)state;
  const struct jw_report_service *noise = jw_report_service_find("noise");
  assert_non_null(noise);
  assert_null(jw_report_service_find("nope"));
  assert_null(jw_report_attr_problem(&noise->attrs[0], "square_dance"));
  assert_non_null(jw_report_attr_problem(&noise->attrs[0], "fireworks"));
  const struct jw_report_service *gambling = jw_report_service_find("gambling");
  const struct jw_report_attr *people = &gambling->attrs[1];
  assert_string_equal(people->code, "people");
  assert_null(jw_report_attr_problem(people, "8"));
  assert_non_null(jw_report_attr_problem(people, "0"));
  assert_non_null(jw_report_attr_problem(people, "1000"));
  assert_non_null(jw_report_attr_problem(people, "8a"));
  /* every service's list attributes have keys and names, and orders are 1.. */
  for (int i = 0; i < jw_report_nservices; i++)
    for (int k = 0; k < jw_report_services[i].nattrs; k++)
      assert_int_equal(jw_report_services[i].attrs[k].order, k + 1);
}

static void places(void **state) {
  (void)state;
  const char *area = "白云山南路沿线及周边小区、店铺";
  /* a road of the grid's area, spaces ignored */
  assert_int_equal(jw_report_place_score("白云山南路 18 号", "文化社区第1网格", area), 5);
  assert_int_equal(jw_report_place_score("台州市椒江区白云山南路18号3幢", NULL, area), 5);
  assert_int_equal(jw_report_place_score("东海大道100号", NULL, "东海大道、云西路沿线"), 4);
  assert_int_equal(jw_report_place_score("云西路5号", NULL, "东海大道、云西路沿线"), 3);
  /* a name without what it is */
  assert_int_equal(jw_report_place_score("文化社区3幢", "文化社区第1网格", "学院路沿线"), 4);
  assert_int_equal(jw_report_place_score("文化社区3幢", "文化社区警务室", NULL), 4);
  assert_int_equal(jw_report_place_score("椒江区白云街道", "白云派出所", NULL), 2);
  /* nothing in common, one character, empty */
  assert_int_equal(jw_report_place_score("中山西路", "文化社区第1网格", area), 0);
  assert_int_equal(jw_report_place_score("路", NULL, "路"), 0);
  assert_int_equal(jw_report_place_score("", "白云派出所", area), 0);
  assert_int_equal(jw_report_place_score("  \xE3\x80\x80 ", "白云派出所", area), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(form_decodes), cmocka_unit_test(form_refuses), cmocka_unit_test(degrees),
      cmocka_unit_test(times),        cmocka_unit_test(attributes),   cmocka_unit_test(places),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
