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
#include "core/validate.h"
#include "reports/reports.h"
#include "reports/xml.h"

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

/* The XML writer never emits a character XML 1.0 forbids: U+FFFE, U+FFFF,
 * C0 controls and invalid UTF-8 stored before the edge refused them come
 * out as U+FFFD; lawful text and the noncharacters XML allows (U+FDD0,
 * U+10FFFE) pass unchanged. */
static void xml_never_illegal(void **state) {
  (void)state;
  struct jw_arena a = {0};
  json_t *v = json_pack("[{s:s, s:s, s:s}]", "description", "\xEF\xBF\xBE\xE9\x9D\x9E\xEF\xBF\xBFx\x01y", "ok",
                        "<a&b> \xF0\x9F\x98\x80 \xEF\xB7\x90", "astral", "\xF4\x8F\xBF\xBE");
  assert_non_null(v);
  /* jansson refuses invalid UTF-8 in json_pack: put the raw bytes in directly. */
  json_object_set_new(json_array_get(v, 0), "raw",
                      json_stringn_nocheck("a\xFF\xC0\x80"
                                           "b",
                                           5));
  const char *x = jw_report_xml(&a, v, "service_requests", "request");
  assert_non_null(x);
  assert_null(strstr(x, "\xEF\xBF\xBE"));
  assert_null(strstr(x, "\xEF\xBF\xBF"));
  assert_null(strchr(x, '\x01'));
  assert_non_null(strstr(x, "<description>\xEF\xBF\xBD\xE9\x9D\x9E\xEF\xBF\xBDx\xEF\xBF\xBDy</description>"));
  assert_non_null(strstr(x, "<ok>&lt;a&amp;b&gt; \xF0\x9F\x98\x80 \xEF\xB7\x90</ok>"));
  assert_non_null(strstr(x, "<astral>\xF4\x8F\xBF\xBE</astral>")); /* U+10FFFE is an XML Char */
  assert_non_null(strstr(x,
                         "<raw>a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                         "b</raw>"));
  /* every byte of the document is well-formed: each code point an XML Char */
  assert_true(jw_utf8_len(x, strlen(x)) >= 0);
  json_decref(v);
  jw_arena_free(&a);
}

/* The shared text check refuses every Unicode noncharacter. */
static void text_noncharacters(void **state) {
  (void)state;
  const char *bad[] = {"a\xEF\xBF\xBE", "\xEF\xBF\xBF",     "x\xEF\xB7\x90",
                       "\xEF\xB7\xAF",  "\xF0\x9F\xBF\xBE", "\xF4\x8F\xBF\xBF"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_non_null(jw_text_unsafe(bad[i], strlen(bad[i]), 1));
  const char *good[] = {"\xEF\xBF\xBD", "\xEF\xB7\x8F\xEF\xB7\xB0", "\xF0\x9F\x98\x80", "\xEF\xBF\xBC", "\xE9\x9D\x9E"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) assert_null(jw_text_unsafe(good[i], strlen(good[i]), 1));
  assert_int_equal(jw_xml_char_ok(0xFFFE), 0);
  assert_int_equal(jw_xml_char_ok(0x1F), 0);
  assert_int_equal(jw_xml_char_ok(0xFFFD), 1);
  assert_int_equal(jw_xml_char_ok(0x10FFFF), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(form_decodes),      cmocka_unit_test(form_refuses),
      cmocka_unit_test(degrees),           cmocka_unit_test(times),
      cmocka_unit_test(attributes),        cmocka_unit_test(places),
      cmocka_unit_test(xml_never_illegal), cmocka_unit_test(text_noncharacters),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
