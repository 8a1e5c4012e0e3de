/* markdown.c — Markdown → HTML with cmark, raw HTML shown as text, links
 * and image sources checked (markdown.h). */
#include "news/markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_scheme_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '+' || ch == '-' ||
         ch == '.';
}

const char *jw_news_url_problem(const char *url, int image, int64_t *upload_id) {
  if (!url) url = "";
  for (const unsigned char *p = (const unsigned char *)url; *p; p++)
    if (*p <= 0x20 || *p == 0x7f || *p == '\\')
      return "addresses may not hold spaces, control characters or backslashes";
  if (image) {
    size_t k = strlen(JW_NEWS_IMAGE_PATH);
    const char *why = "images may only come from this site's news uploads (" JW_NEWS_IMAGE_PATH "ID)";
    if (strncmp(url, JW_NEWS_IMAGE_PATH, k) != 0) return why; /* before reading past a shorter url */
    const char *d = url + k;
    size_t nd = strspn(d, "0123456789");
    if (nd < 1 || nd > 15 || d[nd] != '\0' || d[0] == '0') return why;
    if (upload_id) *upload_id = strtoll(d, NULL, 10);
    return NULL;
  }
  if (url[0] == '/' && url[1] == '/') return "links to other sites must start with https:// or http://";
  if (url[0] == '/' || url[0] == '#' || url[0] == '?' || url[0] == '\0') return NULL;
  size_t i = 0;
  while (url[i] && is_scheme_char(url[i])) i++;
  if (url[i] != ':') return NULL; /* no scheme: a relative address on this site */
  if (!((i == 4 && strncasecmp(url, "http", 4) == 0) || (i == 5 && strncasecmp(url, "https", 5) == 0)))
    return "links may only go to http(s) addresses or pages of this site (javascript:, data: and other schemes are "
           "refused)";
  if (strncmp(url + i, "://", 3) != 0 || !url[i + 3] || url[i + 3] == '/')
    return "a web address needs a host after https://";
  return NULL;
}

/* Replaces node (raw HTML) by the same text as plain text, so it is escaped. */
static int literal(cmark_node *node) {
  const char *raw = cmark_node_get_literal(node);
  cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
  if (!text) return -1;
  cmark_node_set_literal(text, raw ? raw : "");
  cmark_node *repl = text;
  if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
    repl = cmark_node_new(CMARK_NODE_PARAGRAPH);
    if (!repl || !cmark_node_append_child(repl, text)) {
      cmark_node_free(text);
      if (repl) cmark_node_free(repl);
      return -1;
    }
  }
  if (!cmark_node_replace(node, repl)) {
    cmark_node_free(repl);
    return -1;
  }
  cmark_node_free(node);
  return 0;
}

int jw_news_render_md(struct jw_arena *a, const char *md, size_t n, struct jw_news_render *out) {
  memset(out, 0, sizeof *out);
  cmark_node *doc = cmark_parse_document(md ? md : "", md ? n : 0, CMARK_OPT_VALIDATE_UTF8);
  if (!doc) return -1;
  int rc = 0;
  /* First the checks, with the iterator; raw HTML nodes are collected and replaced after it. */
  cmark_node **raw = NULL;
  size_t nraw = 0, capraw = 0;
  cmark_iter *it = cmark_iter_new(doc);
  if (!it) {
    cmark_node_free(doc);
    return -1;
  }
  cmark_event_type ev;
  int depth = 0, inline_depth = 0; /* block quotes and lists around the node; emphasis and links */
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *node = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(node);
    const int block = t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST;
    if (block || t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG || t == CMARK_NODE_LINK) {
      int *d = block ? &depth : &inline_depth;
      if (ev == CMARK_EVENT_EXIT) {
        (*d)--;
        continue;
      }
      if (++*d > JW_NEWS_MAX_NESTING) {
        out->line = cmark_node_get_start_line(node) > 0 ? cmark_node_get_start_line(node) : 1;
        out->problem = block ? "quotes and lists are nested more than 16 levels deep"
                             : "emphasis and links are nested more than 16 levels deep";
        rc = 1;
        break;
      }
    }
    if (ev != CMARK_EVENT_ENTER) continue;
    if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
      if (nraw == capraw) {
        capraw = capraw ? capraw * 2 : 16;
        cmark_node **grown = realloc(raw, capraw * sizeof *raw);
        if (!grown) {
          rc = -1;
          break;
        }
        raw = grown;
      }
      raw[nraw++] = node;
    } else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
      int64_t id = 0;
      const char *why = jw_news_url_problem(cmark_node_get_url(node), t == CMARK_NODE_IMAGE, &id);
      if (why) {
        int line = cmark_node_get_start_line(node);
        /* Inline nodes carry no position: take their block's. */
        for (cmark_node *p = node; line <= 0 && p; p = cmark_node_parent(p)) line = cmark_node_get_start_line(p);
        out->line = line > 0 ? line : 1;
        out->problem = why;
        rc = 1;
        break;
      }
      if (t == CMARK_NODE_IMAGE) {
        size_t k = 0;
        while (k < out->nimages && out->images[k] != id) k++;
        if (k == out->nimages) {
          if (out->nimages == JW_NEWS_MAX_IMAGES) {
            out->line = cmark_node_get_start_line(cmark_node_parent(node));
            if (out->line <= 0) out->line = 1;
            out->problem = "an article may show at most 32 images";
            rc = 1;
            break;
          }
          out->images[out->nimages++] = id;
        }
      }
    }
  }
  cmark_iter_free(it);
  for (size_t i = 0; rc == 0 && i < nraw; i++)
    if (literal(raw[i]) < 0) rc = -1;
  free(raw);
  if (rc == 0) {
    /* CMARK_OPT_DEFAULT: the Debian cmark (0.30) is safe by default (no raw HTML, no dangerous URLs). */
    char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
    if (!html) {
      rc = -1;
    } else {
      out->html = jw_arena_strdup(a, html);
      free(html);
    }
  }
  cmark_node_free(doc);
  if (rc != 0) out->html = NULL;
  if (rc != 1) {
    out->line = 0;
    out->problem = NULL;
  }
  return rc;
}
