/* test_alipay.c — the alipay channel's wire pieces (payments/alipay.h):
 * yuan ↔ cents without floating point, the signing content (sorted, no sign,
 * sign_type only for requests, no empty values), form decoding through
 * libcurl ('+' is a space, %2B a plus; repeats, NULs and bad pairs refused),
 * an RSA2 signature round trip, and finding the signed text of an answer.
 * No database, no network. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/rsa.h>

#include "payments/alipay.h"

static void amounts(void **state) {
  (void)state;
  static const struct {
    const char *yuan;
    int64_t cents;
  } ok[] = {{"230.00", 23000}, {"0.01", 1}, {"1.5", 150}, {"7", 700}, {"999999999999.99", 99999999999999}};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    int64_t c = -1;
    assert_int_equal(jw_ali_cents(ok[i].yuan, &c), 1);
    assert_int_equal(c, ok[i].cents);
  }
  static const char *const bad[] = {"",   "1.", ".5",   "1.234",         "-1",     "+1", "1e3", "1,00",
                                    " 1", "1 ", "0x10", "1000000000000", "12.3.4", "１"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int64_t c = 42;
    assert_int_equal(jw_ali_cents(bad[i], &c), 0);
    assert_int_equal(c, 42);
  }
  struct jw_arena a = {0};
  assert_string_equal(jw_ali_yuan(23000, &a), "230.00");
  assert_string_equal(jw_ali_yuan(1, &a), "0.01");
  assert_string_equal(jw_ali_yuan(1005, &a), "10.05");
  jw_arena_free(&a);
}

static void sign_content(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_ali_params ps = {0};
  jw_ali_add(&ps, "timestamp", "2026-11-30 20:00:00");
  jw_ali_add(&ps, "sign", "xyz");
  jw_ali_add(&ps, "app_id", "2021");
  jw_ali_add(&ps, "sign_type", "RSA2");
  jw_ali_add(&ps, "empty", "");
  jw_ali_add(&ps, "biz_content", "{\"a\":\"b&c\"}");
  assert_string_equal(jw_ali_sign_content(&ps, 1, &a),
                      "app_id=2021&biz_content={\"a\":\"b&c\"}&sign_type=RSA2&timestamp=2026-11-30 20:00:00");
  assert_string_equal(jw_ali_sign_content(&ps, 0, &a),
                      "app_id=2021&biz_content={\"a\":\"b&c\"}&timestamp=2026-11-30 20:00:00");
  jw_arena_free(&a);
}

static void forms(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_error err = {0};
  struct jw_ali_params ps;
  const char body[] = "notify_time=2026-11-30+20%3A00%3A00&subject=%E7%BD%9A%E6%AC%BE&plus=1%2B1&empty=&&x=a=b";
  assert_int_equal(jw_ali_parse_form(body, strlen(body), &a, &ps, &err), JW_OK);
  assert_int_equal(ps.n, 5);
  assert_string_equal(jw_ali_get(&ps, "notify_time"), "2026-11-30 20:00:00");
  assert_string_equal(jw_ali_get(&ps, "subject"), "罚款");
  assert_string_equal(jw_ali_get(&ps, "plus"), "1+1");
  assert_string_equal(jw_ali_get(&ps, "empty"), "");
  assert_string_equal(jw_ali_get(&ps, "x"), "a=b");
  /* And back: every key and value escaped, so a round trip is exact. */
  char *again = jw_ali_form(&ps, &a);
  struct jw_ali_params ps2;
  assert_int_equal(jw_ali_parse_form(again, strlen(again), &a, &ps2, &err), JW_OK);
  for (int i = 0; i < ps.n; i++) assert_string_equal(jw_ali_get(&ps2, ps.p[i].key), ps.p[i].value);

  static const char *const bad[] = {"", "a=1&a=2", "novalue", "=1", "a=%00", "a=1&b"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(jw_ali_parse_form(bad[i], strlen(bad[i]), &a, &ps, &err), JW_E_BAD_REQUEST);
  const char nul[] = {'a', '=', '1', '\0', 'b'};
  assert_int_equal(jw_ali_parse_form(nul, sizeof nul, &a, &ps, &err), JW_E_BAD_REQUEST);
  jw_arena_free(&a);
}

static void signatures(void **state) {
  (void)state;
  EVP_PKEY *key = EVP_RSA_gen(2048);
  assert_non_null(key);
  struct jw_arena a = {0};
  struct jw_error err = {0};
  const char *text = "app_id=2021&method=alipay.trade.query";
  char *sig = jw_ali_sign(key, text, &a, &err);
  assert_non_null(sig);
  assert_int_equal(strlen(sig), 344); /* 256 bytes in base64 */
  assert_int_equal(jw_ali_verify(key, text, strlen(text), sig), 1);
  /* PKCS#1 v1.5 is deterministic: the same text, the same signature. */
  assert_string_equal(jw_ali_sign(key, text, &a, &err), sig);
  assert_int_equal(jw_ali_verify(key, text, strlen(text) - 1, sig), 0);
  char *bent = jw_arena_strdup(&a, sig);
  bent[10] = bent[10] == 'A' ? 'B' : 'A';
  assert_int_equal(jw_ali_verify(key, text, strlen(text), bent), 0);
  assert_int_equal(jw_ali_verify(key, text, strlen(text), ""), 0);
  assert_int_equal(jw_ali_verify(key, text, strlen(text), "not base64!"), 0);
  EVP_PKEY_free(key);
  jw_arena_free(&a);
}

static void answers(void **state) {
  (void)state;
  struct jw_arena a = {0};
  const char *node, *sign;
  size_t len;
  const char raw[] =
      "{\"alipay_trade_query_response\": {\"code\":\"10000\",\"msg\":\"Su}c\\\"cess\",\"x\":{\"y\":1}},"
      "\"sign\":\"QUJD\"}";
  assert_int_equal(jw_ali_response_node(raw, "alipay_trade_query_response", &a, &node, &len, &sign), 1);
  assert_int_equal(len, strlen("{\"code\":\"10000\",\"msg\":\"Su}c\\\"cess\",\"x\":{\"y\":1}}"));
  assert_memory_equal(node, "{\"code\":\"10000\"", 15);
  assert_string_equal(sign, "QUJD");
  assert_int_equal(jw_ali_response_node(raw, "alipay_trade_close_response", &a, &node, &len, &sign), 0);
  const char unsigned_answer[] = "{\"error_response\":{\"code\":\"40002\"}}";
  assert_int_equal(jw_ali_response_node(unsigned_answer, "error_response", &a, &node, &len, &sign), 0);
  char ts[20];
  jw_ali_time(0, ts);
  assert_string_equal(ts, "1970-01-01 08:00:00");
  jw_arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(amounts),    cmocka_unit_test(sign_content), cmocka_unit_test(forms),
      cmocka_unit_test(signatures), cmocka_unit_test(answers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
