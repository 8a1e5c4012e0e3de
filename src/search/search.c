/* search.c — the site search's rules: what a query may be, and the public
 * Q&A hook (empty until a domain publishes Q&A). */
#include "search/search.h"

#include <string.h>

#include "core/mem.h"
#include "core/validate.h"

jw_search_qa_fn jw_search_qa_hook = NULL;

/* Bytes of white space at s (ASCII space, tab, CR, LF or U+3000), else 0. */
static size_t space_at(const char *s) {
  if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') return 1;
  if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80) return 3;
  return 0;
}

const char *jw_search_clean_query(struct jw_arena *a, const char *q, struct jw_error *err) {
  if (!q) {
    jw_field_fail(err, "q", "is required: the words to search for");
    return NULL;
  }
  size_t n = strlen(q);
  if (jw_utf8_len(q, n) < 0 || jw_text_unsafe(q, n, 0)) {
    jw_field_fail(err, "q", "must be text");
    return NULL;
  }
  size_t k;
  while ((k = space_at(q)) > 0) q += k, n -= k;
  /* Trailing white space: step back over ASCII blanks and U+3000. */
  for (;;) {
    if (n >= 1 && space_at(q + n - 1) == 1)
      n--;
    else if (n >= 3 && space_at(q + n - 3) == 3)
      n -= 3;
    else
      break;
  }
  if (n == 0) {
    jw_field_fail(err, "q", "is required: the words to search for");
    return NULL;
  }
  if (jw_utf8_len(q, n) > JW_SEARCH_MAX_CHARS) {
    jw_field_fail(err, "q", "must be at most %d characters", JW_SEARCH_MAX_CHARS);
    return NULL;
  }
  return jw_arena_strndup(a, q, n);
}
