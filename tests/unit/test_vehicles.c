/* test_vehicles.c — the vehicle validators (GA 36 plates incl. new energy,
 * VINs with their check character, engine sixes), the late-fee rule (local
 * days), the .ics renderer's folding and escaping and masked names. No database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "core/mem.h"
#include "inspection/inspection.h"
#include "traffic/traffic.h"
#include "vehicles/vehicles.h"

static void plates_valid(void **state) {
  (void)state;
  static const char *const ok[][3] = {
      {"02", "浙J12345", "浙J12345"},
      {"02", "浙j1a2b3", "浙J1A2B3"},
      {"02", "京A·88888", "京A88888"},
      {"01", "粤B 12345", "粤B12345"},
      {"52", "浙JD12345", "浙JD12345"},
      {"52", "浙AFA1234", "浙AFA1234"},
      {"51", "沪A12345D", "沪A12345D"},
      {"15", "浙J1234挂", "浙J1234挂"},
      {"16", "浙J0001学", "浙J0001学"},
      {"23", "浙J1234警", "浙J1234警"},
      {"07", "浙J12345", "浙J12345"},
      {"02", "藏Z9999A", "藏Z9999A"},
      /* typed whole as printed: full width, U+3000, the province again beside a picker */
      {"02", "浙Ｊ１２３４５", "浙J12345"},
      {"02", "浙　ｊ１２３４５", "浙J12345"},
      {"02", "浙浙J12345", "浙J12345"},
      {"52", "浙 浙 jd12345", "浙JD12345"},
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    char norm[JW_PLATE_MAX];
    const char *why = jw_check_plate(ok[i][0], ok[i][1], norm);
    if (why) fail_msg("%s %s: %s", ok[i][0], ok[i][1], why);
    assert_string_equal(norm, ok[i][2]);
  }
}

static void plates_invalid(void **state) {
  (void)state;
  static const char *const bad[][3] = {
      {"02", "浙J1234O", "I or O"},       /* the letter O */
      {"02", "浙JI2345", "I or O"},       /* the letter I */
      {"02", "浙O12345", "I or O"},       /* O as the office letter */
      {"02", "哈J12345", "province"},     /* not a province abbreviation */
      {"02", "AJ12345", "province"},      /* no province at all */
      {"02", "浙沪J12345", "office"},     /* two different provinces */
      {"02", "浙ＪＩ２３４５", "I or O"}, /* full-width I is still I */
      {"02", "浙J1234", "too short"},     /* four characters */
      {"02", "浙J123456", "too long"},    /* six characters on an ordinary plate */
      {"02", "浙JABC12", "two letters"},  /* three letters */
      {"02", "浙J12#45", "letters and digits"},
      {"52", "浙J12345", "D or F"},     /* new energy: D/F + five more */
      {"52", "浙JA12345", "D or F"},    /* new energy starts with D/F */
      {"52", "浙JDA1234", NULL},        /* valid: D + letter + four digits */
      {"52", "浙JD1A234", "digit"},     /* letters only in the second place */
      {"51", "浙J12345A", "D or F"},    /* large new energy ends with D/F */
      {"15", "浙J12345", "end with"},   /* a trailer plate ends with 挂 */
      {"99", "浙J12345", "plate type"}, /* unknown type */
      {"02", "", "required"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const char *why = jw_check_plate(bad[i][0], bad[i][1], NULL);
    if (!bad[i][2]) {
      if (why) fail_msg("%s should be valid: %s", bad[i][1], why);
      continue;
    }
    if (!why) fail_msg("%s %s should be invalid", bad[i][0], bad[i][1]);
    if (!strstr(why, bad[i][2])) fail_msg("%s: \"%s\" does not say %s", bad[i][1], why, bad[i][2]);
  }
  assert_string_equal(jw_plate_type_name("52"), "小型新能源汽车");
  assert_null(jw_plate_type_name("00"));
}

static void vins(void **state) {
  (void)state;
  char norm[18];
  /* The textbook example of ISO 3779 / FMVSS 565: check character X. */
  assert_null(jw_check_vin("1M8GDM9AXKP042788", norm));
  assert_string_equal(norm, "1M8GDM9AXKP042788");
  assert_int_equal(jw_vin_check_char("1M8GDM9A_KP042788"), 'X');
  assert_null(jw_check_vin("1m8gdm9axkp042788", norm));
  assert_string_equal(norm, "1M8GDM9AXKP042788");
  assert_non_null(strstr(jw_check_vin("1M8GDM9A1KP042788", NULL), "check character"));
  assert_non_null(strstr(jw_check_vin("1M8GDM9AXKP04278", NULL), "17"));
  assert_non_null(strstr(jw_check_vin("1M8GDM9AXKP0427O8", NULL), "I, O or Q"));
  assert_non_null(strstr(jw_check_vin("IM8GDM9AXKP042788", NULL), "I, O or Q"));
  assert_non_null(strstr(jw_check_vin("QM8GDM9AXKP042788", NULL), "I, O or Q"));
  assert_non_null(jw_check_vin("1M8GDM9AXKP04278-", NULL));
  char e6[7];
  assert_null(jw_check_engine6("12ab56", e6));
  assert_string_equal(e6, "12AB56");
  assert_non_null(jw_check_engine6("12345", e6));
  assert_non_null(jw_check_engine6("12 456", e6));
}

static void inspection_state(void **state) {
  (void)state;
  assert_string_equal(jw_inspection_state("2026-11-28", "2026-11-29"), "overdue");
  assert_string_equal(jw_inspection_state("2027-02-27", "2026-11-29"), "due"); /* 90 days */
  assert_string_equal(jw_inspection_state("2027-02-28", "2026-11-29"), "ok");
}

static void late_fee(void **state) {
  (void)state;
  const int64_t d = 86400, t0 = 1800000000;                                   /* 2027-01-15 16:00 +08:00 */
  assert_int_equal(jw_late_fee_cents(20000, 0, t0, 480), 0);                  /* not decided */
  assert_int_equal(jw_late_fee_cents(20000, t0, t0 + 15 * d, 480), 0);        /* within 15 days */
  assert_int_equal(jw_late_fee_cents(20000, t0, t0 + 16 * d, 480), 600);      /* 3 % */
  assert_int_equal(jw_late_fee_cents(20000, t0, t0 + 20 * d + 5, 480), 3000); /* 5 days: 15 % */
  assert_int_equal(jw_late_fee_cents(20000, t0, t0 + 48 * d, 480), 19800);    /* 33 days: 99 % */
  assert_int_equal(jw_late_fee_cents(20000, t0, t0 + 49 * d, 480), 20000);    /* capped at the fine */
  assert_int_equal(jw_late_fee_cents(20000, t0, t0 + 400 * d, 480), 20000);
  /* Local days, not 86,400-second periods: decided at 23:00 Beijing time,
   * the 16th day begins at midnight 15 days and one hour later. */
  const int64_t late_evening = t0 + 7 * 3600; /* 2027-01-15 23:00 +08:00 */
  assert_int_equal(jw_late_fee_cents(20000, late_evening, late_evening + 15 * d + 3600 + 60, 480), 600);
  assert_int_equal(jw_late_fee_cents(20000, late_evening, late_evening + 15 * d + 3600 - 60, 480), 0);
  /* The same instants seen from UTC fall on other days. */
  assert_int_equal(jw_late_fee_cents(20000, late_evening, late_evening + 15 * d + 3600 + 60, 0), 0);
  assert_int_equal(jw_late_fee_cents(20000, late_evening, late_evening + 16 * d - 3600, -300), 600);
}

/* The booking window: opens 14 local days ahead, closes 2 hours before. */
static void inspection_window(void **state) {
  (void)state;
  const struct jw_slot s = {1, 1, 1796171400, 1796173200, 5, 0, "2026-12-02"}; /* 08:30 in Shanghai */
  const int64_t day = 86400, opens = 1796171400 - 14 * day;                    /* 2026-11-18 08:30 */
  struct jw_error err = {0};
  assert_int_equal(jw_insp_window(480, &s, opens, &err), JW_OK);
  assert_int_equal(jw_insp_window(480, &s, opens - 8 * 3600, &err), JW_OK);           /* 00:30 on the 18th */
  assert_int_equal(jw_insp_window(480, &s, opens - 9 * 3600, &err), JW_E_VALIDATION); /* 23:30 on the 17th */
  jw_error_clear(&err);
  assert_int_equal(jw_insp_window(480, &s, s.starts_at - 7200, &err), JW_OK);
  assert_int_equal(jw_insp_window(480, &s, s.starts_at - 7199, &err), JW_E_VALIDATION);
  jw_error_clear(&err);
  const struct jw_slot bad = {1, 1, 1796171400, 1796173200, 5, 0, "2026-13-02"};
  assert_int_equal(jw_insp_window(480, &bad, opens, &err), JW_E_INTERNAL);
}

/* What a violation costs in each state (the payment status and amount due
 * the API shows come from jw_violation_dues_of()). */
static void violation_dues(void **state) {
  (void)state;
  const int64_t d = 86400, t0 = 1800000000;
  struct jw_violation v = {.fine_cents = 20000, .status = "unhandled"};
  struct jw_violation_dues due = jw_violation_dues_of(&v, t0, 480);
  assert_int_equal(due.late_fee_cents, 0);
  assert_int_equal(due.amount_due_cents, 20000);
  assert_string_equal(due.payment_status, "none");
  v.status = "handled";
  v.handled_at = t0;
  due = jw_violation_dues_of(&v, t0 + 16 * d, 480);
  assert_int_equal(due.late_fee_cents, 600);
  assert_int_equal(due.amount_due_cents, 20600);
  assert_string_equal(due.payment_status, "to_pay");
  v.status = "paid";
  due = jw_violation_dues_of(&v, t0 + 40 * d, 480);
  assert_int_equal(due.late_fee_cents, 0);
  assert_int_equal(due.amount_due_cents, 0);
  assert_string_equal(due.payment_status, "paid");
}

/* The owner approves, declines and revokes; the requester withdraws. */
static void consent_sides(void **state) {
  (void)state;
  assert_int_equal(jw_consent_by_owner(JW_CONSENT_APPROVE), 1);
  assert_int_equal(jw_consent_by_owner(JW_CONSENT_DECLINE), 1);
  assert_int_equal(jw_consent_by_owner(JW_CONSENT_REVOKE), 1);
  assert_int_equal(jw_consent_by_owner(JW_CONSENT_WITHDRAW), 0);
}

static void ics_folding(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_ics_event e = {"X1@jingwu",
                           "检验, 预约; 测试",
                           "台州市机动车检测站（椒江）台州市椒江区检测路10号，很长很长很长很长很长的地址",
                           "a\nb",
                           1796171400,
                           1796173200,
                           1796000000,
                           480};
  char *ics = jw_ics_render(&a, &e);
  assert_non_null(strstr(ics, "DTSTART;TZID=Asia/Shanghai:20261202T083000\r\n"));
  assert_non_null(strstr(ics, "DTEND;TZID=Asia/Shanghai:20261202T090000\r\n"));
  assert_non_null(strstr(ics, "DTSTAMP:20261130T005320Z\r\n")); /* 1796000000 in UTC */
  assert_non_null(strstr(ics, "SUMMARY:检验\\, 预约\\; 测试\r\n"));
  assert_non_null(strstr(ics, "DESCRIPTION:a\\nb\r\n"));
  /* Every line is at most 75 octets and ends in CRLF. */
  for (char *p = ics; *p;) {
    char *eol = strstr(p, "\r\n");
    assert_non_null(eol);
    assert_true(eol - p <= 75);
    p = eol + 2;
  }
  jw_arena_free(&a);
}

/* Does [p, p+n) hold only whole UTF-8 sequences? */
static int whole_utf8(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n;) {
    size_t len = p[i] < 0x80             ? 1
                 : (p[i] & 0xE0) == 0xC0 ? 2
                 : (p[i] & 0xF0) == 0xE0 ? 3
                 : (p[i] & 0xF8) == 0xF0 ? 4
                                         : 0;
    if (!len || i + len > n) return 0;
    for (size_t k = 1; k < len; k++)
      if ((p[i + k] & 0xC0) != 0x80) return 0;
    i += len;
  }
  return 1;
}

/* A long Chinese summary (longer than any fixed buffer) is folded into
 * lines of at most 75 octets, each holding whole UTF-8 characters; text
 * with \ , ; and newlines is escaped; a parser reads back the same text. */
static void ics_long_text_round_trip(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_buf sum = {&a, NULL, 0, 0};
  for (int i = 0; i < 300; i++) jw_buf_puts(&sum, i % 7 == 6 ? "检验预约，" : "机动车检验预约");
  const char *desc = "确认号 JY1, 车辆 浙J12345; 电话 0576-1\n第二行\\路径";
  struct jw_ics_event e = {"X2@jingwu", sum.p, "台州, 椒江; 检测站", desc, 1796171400, 1796173200, 1796000000, 480};
  char *ics = jw_ics_render(&a, &e);
  size_t lines = 0;
  for (char *p = ics; *p; lines++) {
    char *eol = strstr(p, "\r\n");
    assert_non_null(eol);
    assert_true(eol - p <= 75);
    assert_true(whole_utf8((const unsigned char *)p, (size_t)(eol - p)));
    p = eol + 2;
  }
  assert_true(lines > 2 * strlen(sum.p) / 75); /* the summary (twice: event and alarm) was folded */
  assert_non_null(strstr(ics, "LOCATION:台州\\, 椒江\\; 检测站\r\n"));
  assert_non_null(strstr(ics, "\\n第二行\\\\路径\r\n"));
  icalcomponent *cal = icalparser_parse_string(ics);
  assert_non_null(cal);
  icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
  assert_non_null(ev);
  assert_string_equal(icalcomponent_get_summary(ev), sum.p);
  assert_string_equal(icalcomponent_get_description(ev), desc);
  assert_string_equal(icalcomponent_get_location(ev), "台州, 椒江; 检测站");
  icalcomponent_free(cal);
  jw_arena_free(&a);
}

/* Names shown to anyone but their owner: first character, then one * per character. */
static void masked_names(void **state) {
  (void)state;
  struct jw_arena a = {0};
  assert_string_equal(jw_mask_name(&a, "王小明"), "王**");
  assert_string_equal(jw_mask_name(&a, "李四"), "李*");
  assert_string_equal(jw_mask_name(&a, "欧阳"), "欧*");
  assert_string_equal(jw_mask_name(&a, "Wu"), "W*");
  assert_string_equal(jw_mask_name(&a, "王"), "王*"); /* one character still hides its length */
  assert_string_equal(jw_mask_name(&a, ""), "");
  jw_arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(plates_valid),
      cmocka_unit_test(plates_invalid),
      cmocka_unit_test(vins),
      cmocka_unit_test(inspection_state),
      cmocka_unit_test(late_fee),
      cmocka_unit_test(violation_dues),
      cmocka_unit_test(inspection_window),
      cmocka_unit_test(consent_sides),
      cmocka_unit_test(ics_folding),
      cmocka_unit_test(ics_long_text_round_trip),
      cmocka_unit_test(masked_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
