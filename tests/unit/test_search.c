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

/* The portal's pages: by name, keyword, English name in any case, and the
 * other way (the query holds a keyword); one Latin letter finds nothing. */
static void pages_found(void **state) {
  (void)state;
  const struct jw_search_page *hits[20];
  int more = 0;
  const char *words[] = {"局长信箱", "信箱", "写信", "投诉", "我要写信给局长", "MAILBOX", "Chief's Mailbox"};
  for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
    size_t n = jw_search_pages(words[w], hits, 20, &more);
    int found = 0;
    for (size_t i = 0; i < n; i++) found |= strcmp(hits[i]->path, "/mailbox/chief") == 0;
    assert_true(found);
  }
  size_t n = jw_search_pages("防范", hits, 20, &more);
  assert_true(n >= 2);
  assert_string_equal(hits[0]->path, "/prevention");
  assert_int_equal(jw_search_pages("防范", hits, 1, &more), 1);
  assert_int_equal(more, 1);
  assert_int_equal(jw_search_pages("a", hits, 20, &more), 0);
  assert_int_equal(jw_search_pages("zzzz没有", hits, 20, &more), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(trims_and_keeps),
      cmocka_unit_test(refuses),
      cmocka_unit_test(pages_found),
  };
  return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
