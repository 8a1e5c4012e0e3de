/*
 * search.h — the site search (站内搜索): one box that finds the portal's
 * own sections and pages (pages.c), services, news, officers and public Q&A. The search domain owns no table: it asks
 * each domain through that domain's public header (services.h, news.h,
 * the directory's snapshot) and groups what they answer. Typed values
 * only; the handler is in search/api.c.
 */
#ifndef JW_SEARCH_H
#define JW_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "db/db.h"

struct jw_arena;

/* Longest query, in characters (code points), after trimming. */
#define JW_SEARCH_MAX_CHARS 50
/* Hits per group: the default and the most a client may ask for. */
#define JW_SEARCH_DEFAULT_LIMIT 5
#define JW_SEARCH_MAX_LIMIT     20

/*
 * Checks and trims the text of a query: q (borrowed, may be NULL) with
 * leading and trailing white space (ASCII and the ideographic space U+3000)
 * removed must be 1..JW_SEARCH_MAX_CHARS characters of valid UTF-8 without
 * control characters. Returns the trimmed copy in arena a, or NULL with the
 * field error "q" added to err (err->code JW_E_VALIDATION).
 */
const char *jw_search_clean_query(struct jw_arena *a, const char *q, struct jw_error *err);

/* A section or page of the portal (static strings): its path in the web
 * app, its names and keywords (lowercase, space-separated, both languages). */
struct jw_search_page {
  const char *path, *name, *name_en, *keywords;
};

/* 1 when page p answers query q: q (ASCII letters in any case) is in its
 * name, English name or keywords, or q holds its name or one of its
 * keywords of two characters or more; a single Latin letter or digit
 * matches nothing. */
int jw_search_page_matches(const struct jw_search_page *p, const char *q);

/* The pages answering q, in the table's order (the most used first), up to
 * max into out; *more 1 when there are further ones. Returns how many. */
size_t jw_search_pages(const char *q, const struct jw_search_page **out, size_t max, int *more);

/* One public question and its answer (strings arena-owned). */
struct jw_search_qa {
  int64_t id;
  const char *question, *answer_excerpt, *url;
};

/*
 * The public Q&A hook: app.c sets it to the consult domain's published
 * questions and answers (the chief's mailbox and consultations published
 * anonymised). The function finds up to limit + 1 public entries matching q
 * on c into an arena array *out of length *n and returns JW_OK, or the code
 * with err set. NULL: the "qa" group is empty.
 */
typedef enum jw_code (*jw_search_qa_fn)(struct jw_conn *c, struct jw_arena *a, const char *q, int limit,
                                        struct jw_search_qa **out, size_t *n, struct jw_error *err);
extern jw_search_qa_fn jw_search_qa_hook;

#endif
