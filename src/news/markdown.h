/*
 * markdown.h — an article's Markdown to safe HTML, through cmark. No
 * database, no HTTP: the news domain, the preview endpoint, the unit tests
 * and the fuzz target call the same function.
 *
 * The rules: raw HTML is never passed through (every HTML block or inline
 * tag becomes literal text, so it shows escaped); links may go to http(s)
 * addresses or to pages of this site (relative, "/", "#", "?"), nothing
 * else (javascript:, data:, vbscript:, mailto:, "//host"); images only from
 * this site's news uploads, written /api/v1/news/images/ID; quotes and lists
 * nested at most JW_NEWS_MAX_NESTING deep. A source that
 * breaks a rule is refused with the line it is on, not silently cleaned.
 */
#ifndef JW_NEWS_MARKDOWN_H
#define JW_NEWS_MARKDOWN_H

#include <stddef.h>
#include <stdint.h>

#include "core/mem.h"

/* The address prefix of an article image: an upload id follows. */
#define JW_NEWS_IMAGE_PATH "/api/v1/news/images/"
/* Block quotes and lists may hold each other at most this deep (a deeper
 * source is refused: a page or feed reader would get a DOM thousands of
 * levels deep). The problem's text names the number: keep them equal. */
#define JW_NEWS_MAX_NESTING 16
/* At most this many images in one article. */
#define JW_NEWS_MAX_IMAGES 32

/* What jw_news_render gives back. */
struct jw_news_render {
  const char *html;                   /* arena-owned, NUL-terminated; NULL when refused */
  int64_t images[JW_NEWS_MAX_IMAGES]; /* upload ids of the images, each once, in order */
  size_t nimages;
  int line;            /* refused: the 1-based source line of the problem */
  const char *problem; /* refused: why (a static English sentence) */
};

/*
 * Renders md[0..n) (UTF-8; invalid sequences are replaced by cmark) into
 * out. Returns 0 and out->html when every link and image is allowed, 1
 * with out->line and out->problem when one is not (out->html NULL), -1
 * when memory ran out. out->html lives in arena a.
 */
int jw_news_render_md(struct jw_arena *a, const char *md, size_t n, struct jw_news_render *out);

/* NULL when the link destination url is allowed (image: as an image
 * source, whose upload id then goes to *upload_id), else why not (static). */
const char *jw_news_url_problem(const char *url, int image, int64_t *upload_id);

#endif
