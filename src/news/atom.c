/* atom.c — the Atom 1.0 feed (RFC 4287) of the public news, written with
 * libxml2's xmlTextWriter: ids are the articles' permanent addresses, times
 * RFC 3339 in UTC, the content the stored HTML (escaped by the writer). */
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/mem.h"
#include "news/news.h"
#include "news/store.h"

static const char *category_label(const char *c) {
  if (strcmp(c, "police_news") == 0) return "警务动态";
  if (strcmp(c, "notice") == 0) return "通知公告";
  if (strcmp(c, "prevention") == 0) return "防范提示";
  return "警营文化";
}

static void utc(int64_t t, char out[32]) {
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int element(xmlTextWriterPtr w, const char *name, const char *text) {
  return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text);
}

static int atom_link(xmlTextWriterPtr w, const char *rel, const char *type, const char *href) {
  if (xmlTextWriterStartElement(w, BAD_CAST "link") < 0) return -1;
  if (rel && xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST rel) < 0) return -1;
  if (type && xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST type) < 0) return -1;
  if (xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST href) < 0) return -1;
  return xmlTextWriterEndElement(w);
}

static int entry(xmlTextWriterPtr w, struct jw_arena *a, const char *base, const struct jw_news_article *e) {
  char pub[32], upd[32];
  utc(e->publish_at, pub);
  utc(e->updated_at > e->publish_at ? e->updated_at : e->publish_at, upd);
  const char *href = jw_arena_printf(a, "%s/news/%lld", base, (long long)e->id);
  if (xmlTextWriterStartElement(w, BAD_CAST "entry") < 0 || element(w, "id", href) < 0 ||
      element(w, "title", e->title) < 0 || element(w, "published", pub) < 0 || element(w, "updated", upd) < 0 ||
      atom_link(w, "alternate", "text/html", href) < 0)
    return -1;
  if (xmlTextWriterStartElement(w, BAD_CAST "author") < 0 || element(w, "name", e->author_name) < 0 ||
      xmlTextWriterEndElement(w) < 0)
    return -1;
  if (xmlTextWriterStartElement(w, BAD_CAST "category") < 0 ||
      xmlTextWriterWriteAttribute(w, BAD_CAST "term", BAD_CAST e->category) < 0 ||
      xmlTextWriterWriteAttribute(w, BAD_CAST "label", BAD_CAST category_label(e->category)) < 0 ||
      xmlTextWriterEndElement(w) < 0)
    return -1;
  if (*e->summary && element(w, "summary", e->summary) < 0) return -1;
  if (xmlTextWriterStartElement(w, BAD_CAST "content") < 0 ||
      xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "html") < 0 ||
      xmlTextWriterWriteString(w, BAD_CAST e->body_html) < 0 || xmlTextWriterEndElement(w) < 0)
    return -1;
  return xmlTextWriterEndElement(w);
}

const char *jw_news_atom(struct jw_conn *c, struct jw_arena *a, const char *base, int64_t now, struct jw_error *err) {
  struct jw_news_article *items = NULL;
  size_t n = 0;
  if (jw_news_store_public_list(c, a, NULL, NULL, now, 20, 0, 1, &items, &n, err) != JW_OK) return NULL;
  size_t blen = strlen(base);
  while (blen && base[blen - 1] == '/') blen--;
  base = jw_arena_strndup(a, base, blen);
  /* The feed's newest change; the list puts pinned first, so look at every entry. */
  int64_t newest = 0;
  for (size_t i = 0; i < n; i++) {
    int64_t t = items[i].updated_at > items[i].publish_at ? items[i].updated_at : items[i].publish_at;
    if (t > newest) newest = t;
  }
  char upd[32];
  utc(newest ? newest : 1293840000, upd); /* no article: 2011-01-01, a fixed time */
  xmlBufferPtr buf = xmlBufferCreate();
  if (!buf) {
    jw_fail(err, JW_E_INTERNAL, "out of memory");
    return NULL;
  }
  const char *out = NULL;
  xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
  if (!w) goto done;
  if (xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 || xmlTextWriterStartElement(w, BAD_CAST "feed") < 0 ||
      xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.w3.org/2005/Atom") < 0 ||
      xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST "zh-CN") < 0)
    goto done;
  const char *self = jw_arena_printf(a, "%s/api/v1/news/feed.atom", base);
  if (element(w, "id", self) < 0 || element(w, "title", "走进警营") < 0 ||
      element(w, "subtitle", "警务动态、通知公告、防范提示、警营文化") < 0 || element(w, "updated", upd) < 0 ||
      atom_link(w, "self", "application/atom+xml", self) < 0 ||
      atom_link(w, "alternate", "text/html", jw_arena_printf(a, "%s/news", base)) < 0)
    goto done;
  if (xmlTextWriterStartElement(w, BAD_CAST "author") < 0 || element(w, "name", "网上公安局") < 0 ||
      xmlTextWriterEndElement(w) < 0)
    goto done;
  for (size_t i = 0; i < n; i++)
    if (entry(w, a, base, &items[i]) < 0) goto done;
  if (xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndDocument(w) < 0) goto done;
  xmlFreeTextWriter(w);
  w = NULL;
  out = jw_arena_strndup(a, (const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
done:
  if (w) xmlFreeTextWriter(w);
  xmlBufferFree(buf);
  if (!out) jw_fail(err, JW_E_INTERNAL, "The feed could not be written.");
  return out;
}
