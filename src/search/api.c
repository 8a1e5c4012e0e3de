/* api.c — GET /api/v1/search: one query asked of the portal's own pages
 * (search/pages.c) and of every domain that has public things to find,
 * each through its own public header, the answers grouped. Each group's items are what that domain's own list endpoint
 * shows (the catalogue's summary, the news article without its body, the
 * directory's officer), so a client renders them as it renders those lists. */
#include "search/api.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "directory/api.h"
#include "directory/cache.h"
#include "news/news.h"
#include "search/search.h"
#include "services/api.h"
#include "services/cache.h"
#include "services/services.h"

/* ?limit=: a whole number 1..JW_SEARCH_MAX_LIMIT (default JW_SEARCH_DEFAULT_LIMIT). */
static int limit_param(struct jw_req *r, struct jw_error *err) {
  const char *v = jw_query(r, "limit");
  if (!v) return JW_SEARCH_DEFAULT_LIMIT;
  char *end = NULL;
  long n = strlen(v) <= 3 && v[0] >= '0' && v[0] <= '9' ? strtol(v, &end, 10) : -1;
  if (n < 1 || n > JW_SEARCH_MAX_LIMIT || (end && *end)) {
    jw_field_fail(err, "limit", "must be a whole number from 1 to %d", JW_SEARCH_MAX_LIMIT);
    return 0;
  }
  return (int)n;
}

static json_t *group(json_t *items, int more) { return json_pack("{s:o, s:b}", "items", items, "more", more); }

/* A stored JSON text as a value (the snapshots keep the lists' entries as text). */
static json_t *parsed(const char *text, size_t len) { return text ? json_loadb(text, len, 0, NULL) : NULL; }

/* The catalogue: its own search (FTS5 / pg_trgm), the entries from its snapshot. */
static enum jw_code services_group(struct jw_req *r, const char *q, int limit, json_t **out, struct jw_error *err) {
  struct jw_service_query f = {q, NULL, NULL};
  int64_t *ids = NULL;
  size_t n = 0;
  if (jw_services_search(r->db, jw_db_kind(r->app->db), r->arena, &f, limit, 0, &ids, &n, err) != JW_OK)
    return err->code;
  struct jw_svc_snapshot *snap = jw_services_api_snapshot(r, err);
  if (!snap) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n && i < (size_t)limit; i++) {
    const struct jw_svc_item *it = jw_svc_item(snap, ids[i]);
    json_t *j = it ? parsed(it->summary, it->summary_len) : NULL;
    if (j) json_array_append_new(items, j);
  }
  *out = group(items, n > (size_t)limit);
  return JW_OK;
}

/* Published, due news articles whose title or summary has q. */
static enum jw_code news_group(struct jw_req *r, const char *q, int limit, json_t **out, struct jw_error *err) {
  struct jw_news_article *a = NULL;
  size_t n = 0;
  if (jw_news_search(r->db, r->arena, q, (int64_t)time(NULL), limit + 1, &a, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n && i < (size_t)limit; i++) {
    const struct jw_news_article *e = &a[i];
    json_t *cover =
        e->cover_upload_id
            ? json_string(jw_arena_printf(r->arena, "/api/v1/news/images/%lld", (long long)e->cover_upload_id))
            : json_null();
    json_array_append_new(
        items, json_pack("{s:I, s:o, s:s, s:s, s:s, s:o, s:b, s:o, s:s}", "id", (json_int_t)e->id, "slug",
                         e->slug ? json_string(e->slug) : json_null(), "category", e->category, "title", e->title,
                         "summary", e->summary, "cover_url", cover, "pinned", e->pinned, "publish_at",
                         jw_time_json(r, e->publish_at), "author", e->author_name));
  }
  *out = group(items, n > (size_t)limit);
  return JW_OK;
}

/* Officers whose name, badge number or title has q, in the directory's order. */
static enum jw_code officers_group(struct jw_req *r, const char *q, int limit, json_t **out, struct jw_error *err) {
  struct jw_dir_snapshot *snap = jw_officers_api_snapshot(r, err);
  if (!snap) return err->code;
  json_t *items = json_array();
  int shown = 0, more = 0;
  for (size_t i = 0; i < snap->nofficers; i++) {
    const struct jw_dir_officer *e = &snap->officers[i];
    if (!e->search || !strstr(e->search, q)) continue;
    if (shown == limit) {
      more = 1;
      break;
    }
    json_t *j = parsed(e->text, e->text_len);
    if (j) json_array_append_new(items, j), shown++;
  }
  jw_dir_release(snap);
  *out = group(items, more);
  return JW_OK;
}

/* Public Q&A through the hook (search.h); empty while no domain publishes any. */
static enum jw_code qa_group(struct jw_req *r, const char *q, int limit, json_t **out, struct jw_error *err) {
  json_t *items = json_array();
  int more = 0;
  if (jw_search_qa_hook) {
    struct jw_search_qa *a = NULL;
    size_t n = 0;
    if (jw_search_qa_hook(r->db, r->arena, q, limit, &a, &n, err) != JW_OK) {
      json_decref(items);
      return err->code;
    }
    for (size_t i = 0; i < n && i < (size_t)limit; i++)
      json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)a[i].id, "question",
                                             a[i].question, "answer_excerpt", a[i].answer_excerpt, "url", a[i].url));
    more = n > (size_t)limit;
  }
  *out = group(items, more);
  return JW_OK;
}

/* The portal's own sections and pages (search/pages.c): path, names in both languages. */
static enum jw_code pages_group(struct jw_req *r, const char *q, int limit, json_t **out, struct jw_error *err) {
  const struct jw_search_page *hits[JW_SEARCH_MAX_LIMIT];
  int more = 0;
  size_t n = jw_search_pages(q, hits, (size_t)limit, &more);
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(
        items, json_pack("{s:s, s:s, s:s}", "path", hits[i]->path, "name", hits[i]->name, "name_en", hits[i]->name_en));
  *out = group(items, more);
  (void)r;
  (void)err;
  return JW_OK;
}

static void decref_deferred(void *p) { json_decref(p); }

enum jw_code jw_search_api(struct jw_req *r, struct jw_error *err) {
  static const char *const known[] = {"q", "limit", NULL};
  jw_query_only(r, known, err); /* the public lists' rule: an unknown parameter is 422 */
  int limit = limit_param(r, err);
  const char *q = jw_search_clean_query(r->arena, jw_query(r, "q"), err);
  if (err->nfields) return JW_E_VALIDATION;
  static enum jw_code (*const groups[])(struct jw_req *, const char *, int, json_t **, struct jw_error *) = {
      pages_group, services_group, news_group, officers_group, qa_group};
  static const char *const names[] = {"pages", "services", "news", "officers", "qa"};
  json_t *all = json_object();
  jw_arena_defer(r->arena, decref_deferred, all);
  json_int_t total = 0;
  for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
    json_t *g = NULL;
    if (groups[i](r, q, limit, &g, err) != JW_OK) return err->code;
    total += (json_int_t)json_array_size(json_object_get(g, "items"));
    json_object_set_new(all, names[i], g);
  }
  jw_reply_json(r, 200, json_pack("{s:s, s:i, s:I, s:O}", "q", q, "limit", limit, "shown", total, "groups", all));
  return JW_OK;
}
