/* test_news.c — the news renderer's safety (news/markdown.c): raw HTML
 * shown as text, links and image sources checked with the line named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/mem.h"
#include "news/markdown.h"

static int render(struct jw_arena *a, const char *md, struct jw_news_render *r) {
  return jw_news_render_md(a, md, strlen(md), r);
}

static void raw_html_is_text(void **state) {
  struct jw_arena a = {0};
  struct jw_news_render r;
  assert_int_equal(render(&a, "a <b onclick=x>b</b>\n\n<script>alert(1)</script>\n", &r), 0);
  assert_null(strstr(r.html, "<script"));
  assert_null(strstr(r.html, "<b "));
  assert_non_null(strstr(r.html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert_non_null(strstr(r.html, "&lt;b onclick=x&gt;"));
  jw_arena_free(&a);
}

static void links_checked(void **state) {
  struct jw_arena a = {0};
  struct jw_news_render r;
  assert_int_equal(render(&a, "one\n\ntwo [x](javascript:alert(1))", &r), 1);
  assert_int_equal(r.line, 3);
  assert_null(r.html);
  const char *bad[] = {"[x](data:text/html,hi)", "[x](//evil.example)", "[x](vbscript:x)", "<JavaScript:x>",
                       "[x](mailto:a@b.c)",      "[x](https://)",       "[x](http:/x)"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_int_equal(render(&a, bad[i], &r), 1);
  assert_int_equal(render(&a, "[a](https://www.gov.cn/) [b](/x) [c](#t) [d](y.html) [e](?q=1)", &r), 0);
  assert_non_null(strstr(r.html, "href=\"https://www.gov.cn/\""));
  jw_arena_free(&a);
}

static void images_only_ours(void **state) {
  struct jw_arena a = {0};
  struct jw_news_render r;
  assert_int_equal(
      render(&a, "![a](/api/v1/news/images/12) ![b](/api/v1/news/images/7) ![c](/api/v1/news/images/12)", &r), 0);
  assert_int_equal(r.nimages, 2);
  assert_int_equal(r.images[0], 12);
  assert_int_equal(r.images[1], 7);
  const char *bad[] = {"![x](https://evil.example/a.png)",
                       "![x](data:image/png;base64,AA)",
                       "![x](/api/v1/news/images/0)",
                       "![x](/api/v1/news/images/1x)",
                       "![x](/a)",
                       "![x]()",
                       "![x](/api/v1/news/images/)",
                       "![x](/api/v1/uploads/3)"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_int_equal(render(&a, bad[i], &r), 1);
  jw_arena_free(&a);
}

/* Quotes and lists nested deeper than JW_NEWS_MAX_NESTING are refused with
 * their line, and so is emphasis nested deeper; exactly that deep is fine. */
static void nesting_capped(void **state) {
  struct jw_arena a = {0};
  struct jw_news_render r;
  char md[4096];
  size_t k = 0;
  for (int i = 0; i < JW_NEWS_MAX_NESTING; i++) md[k++] = '>';
  memcpy(md + k, " x\n", 4);
  assert_int_equal(render(&a, md, &r), 0);
  memmove(md + 1, md, strlen(md) + 1);
  md[0] = '>';
  assert_int_equal(render(&a, md, &r), 1);
  assert_int_equal(r.line, 1);
  assert_non_null(strstr(r.problem, "16 levels"));
  k = 0;
  memcpy(md, "para\n\n", 6);
  k = 6;
  for (int i = 0; i < 600; i++) md[k++] = "- "[i % 2];
  memcpy(md + k, "x\n", 3);
  assert_int_equal(render(&a, md, &r), 1);
  assert_int_equal(r.line, 3);
  /* lists beside each other do not add up */
  assert_int_equal(render(&a, "- a\n  - b\n\n> c\n>> d\n\n1. e\n", &r), 0);
  /* "*w _w *w … x … w* w_ w*": emphasis inside emphasis, depth levels */
  for (int depth = JW_NEWS_MAX_NESTING; depth <= JW_NEWS_MAX_NESTING + 1; depth++) {
    k = 0;
    for (int i = 0; i < depth; i++) k += (size_t)snprintf(md + k, sizeof md - k, "%cw ", i % 2 ? '_' : '*');
    k += (size_t)snprintf(md + k, sizeof md - k, "x");
    for (int i = depth - 1; i >= 0; i--) k += (size_t)snprintf(md + k, sizeof md - k, " w%c", i % 2 ? '_' : '*');
    snprintf(md + k, sizeof md - k, "\n");
    assert_int_equal(render(&a, md, &r), depth > JW_NEWS_MAX_NESTING);
  }
  assert_non_null(strstr(r.problem, "emphasis"));
  jw_arena_free(&a);
}

static void odd_bytes(void **state) {
  struct jw_arena a = {0};
  struct jw_news_render r;
  const char bytes[] = "\xc3\x28 \xff\xfe a\0b";
  assert_int_equal(jw_news_render_md(&a, bytes, sizeof bytes - 1, &r), 0);
  assert_non_null(r.html);
  assert_int_equal(render(&a, "", &r), 0);
  jw_arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(raw_html_is_text), cmocka_unit_test(links_checked),  cmocka_unit_test(images_only_ours),
      cmocka_unit_test(odd_bytes),        cmocka_unit_test(nesting_capped),
  };
  return cmocka_run_group_tests_name("news", tests, NULL, NULL);
}
