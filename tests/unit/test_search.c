/* test_search.c — what a site-search query may be: trimmed of white space
 * (ASCII and U+3000), 1..50 characters of UTF-8 text, no controls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/mem.h"
#include "search/search.h"

/* The cleaned query, or NULL; *field receives the failing field's name when NULL. */
static const char *clean(struct jw_arena *a, const char *q, const char **field) {
  struct jw_error err = {0};
  const char *out = jw_search_clean_query(a, q, &err);
  *field = err.nfields ? err.fields[0].field : NULL;
  return out;
}

static void trims_and_keeps(void **state) {
  (void)state;
  struct jw_arena a = {0};
  const char *field;
  assert_string_equal(clean(&a, "居住证", &field), "居住证");
  assert_string_equal(clean(&a, "  居住证 ", &field), "居住证");
  assert_string_equal(clean(&a, "\xe3\x80\x80居住 证\xe3\x80\x80", &field), "居住 证");
  assert_string_equal(clean(&a, "a", &field), "a");
  char fifty[50 * 3 + 1] = "";
  for (int i = 0; i < 50; i++) strcat(fifty, "查");
  assert_string_equal(clean(&a, fifty, &field), fifty);
  jw_arena_free(&a);
}

static void refuses(void **state) {
  (void)state;
  struct jw_arena a = {0};
  const char *field;
  const char *bad[] = {NULL,
                       "",
                       "   ",
                       "\xe3\x80\x80",
                       "\xff\xfe",
                       "\xc3",
                       "a\x01"
                       "b",
                       "a\xe2\x80\xae"
                       "b"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_null(clean(&a, bad[i], &field));
    assert_string_equal(field, "q");
  }
  char long_q[51 * 3 + 1] = "";
  for (int i = 0; i < 51; i++) strcat(long_q, "查");
  assert_null(clean(&a, long_q, &field));
  assert_string_equal(field, "q");
  jw_arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(trims_and_keeps),
      cmocka_unit_test(refuses),
  };
  return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
