/* test_payments.c — the electronic receipt's pure parts: the amount in
 * Chinese capitals (a table of the hard cases, then every amount up to
 * 20,000 yuan and a sample of the whole range read back by an independent
 * reader), the masked name, the signed token (every changed, truncated or
 * lengthened spelling refused), and one PDF drawn and timed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/crypto.h"
#include "core/mem.h"
#include "payments/receipt.h"

static char key_path[64];

static int setup(void **state) {
  (void)state;
  snprintf(key_path, sizeof key_path, "/tmp/jw-pay-test-%d.key", (int)getpid());
  unlink(key_path);
  struct jw_error err = {0};
  if (jw_crypto_init(key_path, JW_PWHASH_MIN, &err) != JW_OK) {
    fprintf(stderr, "setup: %s\n", err.detail);
    return -1;
  }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  unlink(key_path);
  return 0;
}

/* ---- the amount in capitals ---- */

static void words_is(int64_t cents, const char *want) {
  char out[JW_PAY_WORDS_SIZE];
  int n = jw_pay_amount_words(cents, out, sizeof out);
  if (strcmp(out, want) != 0) fail_msg("%lld cents: got %s, want %s", (long long)cents, out, want);
  assert_int_equal(n, (int)strlen(want));
}

static void words_table(void **state) {
  (void)state;
  static const struct {
    int64_t cents;
    const char *words;
  } cases[] = {
      /* the examples */
      {25800, "贰佰伍拾捌元整"},
      {100550, "壹仟零伍元伍角"},
      {5, "伍分"},
      /* below a yuan, and nothing */
      {0, "零元整"},
      {1, "壹分"},
      {10, "壹角"},
      {55, "伍角伍分"},
      /* 角 and 分 after yuan: 整 only after 元, 零 when the 角 is zero */
      {100, "壹元整"},
      {105, "壹元零伍分"},
      {150, "壹元伍角"},
      {199, "壹元玖角玖分"},
      {100505, "壹仟零伍元零伍分"},
      /* tens are 壹拾 */
      {1000, "壹拾元整"},
      {1500, "壹拾伍元整"},
      {11000, "壹佰壹拾元整"},
      /* zeros inside: one 零 for a run */
      {10100, "壹佰零壹元整"},
      {100000, "壹仟元整"},
      {100100, "壹仟零壹元整"},
      {101000, "壹仟零壹拾元整"},
      {110000, "壹仟壹佰元整"},
      {100500, "壹仟零伍元整"},
      /* 万 */
      {1000000, "壹万元整"},
      {1000100, "壹万零壹元整"},
      {1001000, "壹万零壹拾元整"},
      {1010000, "壹万零壹佰元整"},
      {1100000, "壹万壹仟元整"},
      {10500000, "壹拾万伍仟元整"},
      {10050000, "壹拾万零伍佰元整"},
      {10000500, "壹拾万零伍元整"},
      {107000053, "壹佰零柒万元伍角叁分"},
      {100000000, "壹佰万元整"},
      {1000000000, "壹仟万元整"},
      {1000000100, "壹仟万零壹元整"},
      {9999999900, "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整"},
      /* 亿, and zeros across 万 and 亿 */
      {10000000000, "壹亿元整"},
      {10000000100, "壹亿零壹元整"},
      {10001000000, "壹亿零壹万元整"},
      {10000100000, "壹亿零壹仟元整"},
      {10100000000, "壹亿零壹佰万元整"},
      {11000000000, "壹亿壹仟万元整"},
      {10000000001, "壹亿元零壹分"},
      {20000000001, "贰亿元零壹分"},
      {100000000000, "壹拾亿元整"},
      {500000000000, "伍拾亿元整"},
      {1000000000001, "壹佰亿元零壹分"},
      {1000000001000, "壹佰亿零壹拾元整"},
      {123456789012, "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分"},
      {99999999999900, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整"},
      /* the largest amount */
      {JW_PAY_WORDS_MAX_CENTS, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) words_is(cases[i].cents, cases[i].words);
}

static void words_refused(void **state) {
  (void)state;
  char out[JW_PAY_WORDS_SIZE];
  const int64_t bad[] = {-1, -100, JW_PAY_WORDS_MAX_CENTS + 1, 100000000000000LL, INT64_MAX, INT64_MIN};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    strcpy(out, "x");
    assert_int_equal(jw_pay_amount_words(bad[i], out, sizeof out), -1);
    assert_string_equal(out, "");
  }
  /* Too small a buffer: nothing half-written. */
  char small[9]; /* 零元整 needs 10 bytes */
  assert_int_equal(jw_pay_amount_words(0, small, sizeof small), -1);
  assert_string_equal(small, "");
  char exact[10];
  assert_int_equal(jw_pay_amount_words(0, exact, sizeof exact), 9);
  assert_int_equal(jw_pay_amount_words(5, out, 0), -1);
  /* The largest fits JW_PAY_WORDS_SIZE. */
  assert_true(jw_pay_amount_words(JW_PAY_WORDS_MAX_CENTS, out, sizeof out) < JW_PAY_WORDS_SIZE);
}

/* An independent reader of capitals: the cents they say, or -1. */
static int64_t read_words(const char *s) {
  static const char *const digit[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
  int64_t yi = 0, wan = 0, group = 0, d = 0, yuan = -1, jiao = 0, fen = 0;
  while (*s) {
    int k = -1;
    for (int i = 0; i < 10; i++)
      if (strncmp(s, digit[i], 3) == 0) k = i;
    if (k >= 0) {
      d = k;
    } else if (strncmp(s, "拾", 3) == 0) {
      group += d * 10, d = 0;
    } else if (strncmp(s, "佰", 3) == 0) {
      group += d * 100, d = 0;
    } else if (strncmp(s, "仟", 3) == 0) {
      group += d * 1000, d = 0;
    } else if (strncmp(s, "万", 3) == 0) {
      wan += (group + d) * 10000, group = 0, d = 0;
    } else if (strncmp(s, "亿", 3) == 0) {
      yi += (wan + group + d) * 100000000, wan = 0, group = 0, d = 0;
    } else if (strncmp(s, "元", 3) == 0) {
      yuan = yi + wan + group + d, d = 0;
    } else if (strncmp(s, "角", 3) == 0) {
      jiao = d, d = 0;
    } else if (strncmp(s, "分", 3) == 0) {
      fen = d, d = 0;
    } else if (strncmp(s, "整", 3) != 0) {
      return -1;
    }
    s += 3;
  }
  return (yuan < 0 ? 0 : yuan) * 100 + jiao * 10 + fen;
}

/* What every amount in capitals must look like, whatever its value. */
static void check_form(int64_t cents, const char *w) {
  size_t n = strlen(w);
  if (read_words(w) != cents)
    fail_msg("%lld cents: %s reads back as %lld", (long long)cents, w, (long long)read_words(w));
  if (strstr(w, "零零") || (cents != 0 && strstr(w, "零元")) || strstr(w, "零万") || strstr(w, "零亿") ||
      strstr(w, "零角") || strstr(w, "零整") || strstr(w, "亿万") || strstr(w, "角整") || strstr(w, "分整"))
    fail_msg("%lld cents: %s", (long long)cents, w);
  if (cents != 0 && strncmp(w, "零", 3) == 0) fail_msg("%lld cents: %s starts with 零", (long long)cents, w);
  const char *tail = w + n - 3;
  if (cents % 100 == 0 && strcmp(tail, "整") != 0) fail_msg("%lld cents: %s lacks 整", (long long)cents, w);
  if (cents % 100 != 0 && strstr(w, "整")) fail_msg("%lld cents: %s has 整 after 角/分", (long long)cents, w);
  if (cents >= 100 && !strstr(w, "元")) fail_msg("%lld cents: %s lacks 元", (long long)cents, w);
  if (cents < 100 && cents > 0 && strstr(w, "元")) fail_msg("%lld cents: %s has 元", (long long)cents, w);
}

static void words_every_amount(void **state) {
  (void)state;
  char out[JW_PAY_WORDS_SIZE];
  /* Every amount from 0 to 20,000.00 yuan. */
  for (int64_t c = 0; c <= 2000000; c++) {
    assert_true(jw_pay_amount_words(c, out, sizeof out) > 0);
    check_form(c, out);
  }
  /* Amounts spread over the whole range, with runs of zeros in every place:
   * each digit of the 14 is 0 half the time. */
  uint64_t x = 88172645463325252ULL;
  for (int i = 0; i < 300000; i++) {
    int64_t c = 0;
    for (int p = 0; p < 14; p++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      c = c * 10 + ((x & 1) ? 0 : (int64_t)(x >> 8) % 10);
    }
    assert_true(jw_pay_amount_words(c, out, sizeof out) > 0);
    check_form(c, out);
  }
  /* Near every 万 and 亿 boundary. */
  const int64_t edges[] = {1000000, 10000000000, 1000000000000, JW_PAY_WORDS_MAX_CENTS - 99};
  for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++)
    for (int64_t c = edges[e] - 300; c <= edges[e] + 300 && c <= JW_PAY_WORDS_MAX_CENTS; c++) {
      assert_true(jw_pay_amount_words(c, out, sizeof out) > 0);
      check_form(c, out);
    }
}

/* ---- the masked name ---- */

static void mask_name(void **state) {
  (void)state;
  struct jw_arena a = {0};
  assert_string_equal(jw_pay_mask_name(&a, "王小明"), "王*明");
  assert_string_equal(jw_pay_mask_name(&a, "王明"), "王*");
  assert_string_equal(jw_pay_mask_name(&a, "王"), "*");
  assert_string_equal(jw_pay_mask_name(&a, ""), "");
  assert_string_equal(jw_pay_mask_name(&a, "欧阳小明"), "欧**明");
  assert_string_equal(jw_pay_mask_name(&a, "买买提·艾力"), "买****力");
  assert_string_equal(jw_pay_mask_name(&a, "Alice"), "A***e");
  assert_string_equal(jw_pay_mask_name(&a, "Li"), "L*");
  jw_arena_free(&a);
}

/* ---- the token ---- */

static struct jw_pay_order paid_order(void) {
  struct jw_pay_order o;
  memset(&o, 0, sizeof o);
  strcpy(o.id, "P20261130123456789012");
  o.amount_cents = 25800;
  o.paid_at = 1796000000;
  o.status = JW_PAY_SUCCEEDED;
  return o;
}

static int check(const char *t) {
  char id[JW_PAY_ORDER_ID_LEN + 1];
  int64_t amount;
  long long at;
  return jw_pay_receipt_token_check(t, id, &amount, &at);
}

static void token_round_trip(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_pay_order o = paid_order();
  const char *t = jw_pay_receipt_token(&a, &o);
  assert_true(strncmp(t, "r1.P20261130123456789012.25800.1796000000.", 42) == 0);
  assert_int_equal(strlen(t), 42 + 43);
  char id[JW_PAY_ORDER_ID_LEN + 1];
  int64_t amount = 0;
  long long at = 0;
  assert_int_equal(jw_pay_receipt_token_check(t, id, &amount, &at), 1);
  assert_string_equal(id, o.id);
  assert_int_equal(amount, 25800);
  assert_int_equal(at, 1796000000);
  /* Only URL-safe characters: it goes into a QR code's URL as it is. */
  for (const char *p = t; *p; p++)
    assert_true(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p));
  jw_arena_free(&a);
}

static void token_tampered(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_pay_order o = paid_order();
  const char *t = jw_pay_receipt_token(&a, &o);
  size_t n = strlen(t);
  char buf[256];
  /* Every character changed to every other printable one. */
  for (size_t i = 0; i < n; i++)
    for (int ch = 0x21; ch < 0x7f; ch++) {
      if (ch == t[i]) continue;
      memcpy(buf, t, n + 1);
      buf[i] = (char)ch;
      if (check(buf)) fail_msg("changed at %zu to %c: accepted", i, ch);
    }
  /* Every truncation, and lengthened ones. */
  for (size_t i = 0; i < n; i++) {
    memcpy(buf, t, i);
    buf[i] = '\0';
    assert_int_equal(check(buf), 0);
  }
  snprintf(buf, sizeof buf, "%s=", t);
  assert_int_equal(check(buf), 0);
  snprintf(buf, sizeof buf, "%sA", t);
  assert_int_equal(check(buf), 0);
  snprintf(buf, sizeof buf, " %s", t);
  assert_int_equal(check(buf), 0);
  /* Another amount, time or order with the old MAC. */
  const char *mac = strrchr(t, '.') + 1;
  snprintf(buf, sizeof buf, "r1.P20261130123456789012.2580.1796000000.%s", mac);
  assert_int_equal(check(buf), 0);
  snprintf(buf, sizeof buf, "r1.P20261130123456789012.025800.1796000000.%s", mac);
  assert_int_equal(check(buf), 0);
  snprintf(buf, sizeof buf, "r1.P20261130123456789012.25800.1796000001.%s", mac);
  assert_int_equal(check(buf), 0);
  snprintf(buf, sizeof buf, "r1.P20261130123456789013.25800.1796000000.%s", mac);
  assert_int_equal(check(buf), 0);
  /* Anything at all. */
  const char *junk[] = {"", "r1", "r1.", "r1....", "r2.P20261130123456789012.25800.1796000000.x", "%00", "P2026"};
  for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) assert_int_equal(check(junk[i]), 0);
  char huge[4096];
  memset(huge, '9', sizeof huge - 1);
  huge[sizeof huge - 1] = '\0';
  memcpy(huge, "r1.P20261130123456789012.", 25);
  assert_int_equal(check(huge), 0);
  /* A token for another amount has another MAC. */
  struct jw_pay_order o2 = o;
  o2.amount_cents = 25801;
  assert_string_not_equal(strrchr(jw_pay_receipt_token(&a, &o2), '.'), strrchr(t, '.'));
  jw_arena_free(&a);
}

/* ---- the PDF ---- */

static void pdf_renders(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_pay_receipt r;
  memset(&r, 0, sizeof r);
  r.order = paid_order();
  r.order.subject = "交通违法罚款（违法编号 3399000000000001）";
  r.order.channel = "sandbox";
  r.order.channel_trade_no = "SB20261130123456789012";
  r.payer_name = "王*明";
  r.payer_phone = "138****8000";
  r.payer_id_no = "330102********1234";
  assert_true(jw_pay_amount_words(r.order.amount_cents, r.amount_words, sizeof r.amount_words) > 0);
  r.token = jw_pay_receipt_token(&a, &r.order);
  const char *url = jw_arena_printf(&a, "http://127.0.0.1:8080/receipts/verify?token=%s", r.token);
  struct jw_error err = {0};
  unsigned char *pdf = NULL;
  size_t n = 0;
  assert_int_equal(jw_pay_receipt_pdf(&r, url, 480, &a, &pdf, &n, &err), JW_OK); /* the first loads the fonts */
  assert_true(n > 1000);
  assert_true(n < 300000); /* glyphs as outlines: the whole CJK font subset was ≈0.9 MiB */
  assert_memory_equal(pdf, "%PDF-", 5);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  const int runs = getenv("JW_RECEIPT_RUNS") ? atoi(getenv("JW_RECEIPT_RUNS")) : 20;
  for (int i = 0; i < runs; i++) assert_int_equal(jw_pay_receipt_pdf(&r, url, 480, &a, &pdf, &n, &err), JW_OK);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / runs;
  printf("# receipt PDF: %zu bytes, %.2f ms each (%d renders)\n", n, ms, runs);
  const char *dump = getenv("JW_RECEIPT_PDF");
  if (dump) {
    FILE *f = fopen(dump, "wb");
    assert_non_null(f);
    fwrite(pdf, 1, n, f);
    fclose(f);
  }
  int size = 0;
  const char *path = jw_pay_qr_path(&a, url, &size);
  assert_non_null(path);
  assert_true(size >= 21 && (size - 17) % 4 == 0);
  assert_true(strncmp(path, "M0 0h1v1h-1z", 12) == 0); /* the finder pattern's corner */
  jw_arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(words_table), cmocka_unit_test(words_refused),    cmocka_unit_test(words_every_amount),
      cmocka_unit_test(mask_name),   cmocka_unit_test(token_round_trip), cmocka_unit_test(token_tampered),
      cmocka_unit_test(pdf_renders),
  };
  return cmocka_run_group_tests_name("payments", tests, setup, teardown);
}
