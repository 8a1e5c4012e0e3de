/* api.c — police news's handlers: field spec → struct → news.h → JSON. */
#include "news/api.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "core/jspec.h"
#include "core/mem.h"
#include "core/validate.h"
#include "news/news.h"
#include "uploads/uploads.h"

static struct jw_news_actor actor(struct jw_req *r) {
  return (struct jw_news_actor){r->user, r->ip, r->arena, (int64_t)time(NULL)};
}

static int is_writer(const struct jw_user *u) { return u && (JW_NEWS_WRITERS & JW_BIT(u->role)); }

static json_t *opt_str(const char *s) { return s ? json_string(s) : json_null(); }

/* An article as JSON: full adds the Markdown and the console's fields; html the rendered body. */
static json_t *article_json(struct jw_req *r, const struct jw_news_article *e, int full, int html) {
  json_t *j =
      json_pack("{s:I, s:o, s:s, s:s, s:s, s:o, s:b, s:o, s:s}", "id", (json_int_t)e->id, "slug", opt_str(e->slug),
                "category", e->category, "title", e->title, "summary", e->summary, "cover_url",
                e->cover_upload_id
                    ? json_string(jw_arena_printf(r->arena, "/api/v1/news/images/%lld", (long long)e->cover_upload_id))
                    : json_null(),
                "pinned", e->pinned, "publish_at", jw_time_json(r, e->publish_at), "author", e->author_name);
  if (!j) return NULL;
  if (html) json_object_set_new(j, "html", json_string(e->body_html));
  if (full) {
    json_object_set_new(j, "status", json_string(e->status));
    json_object_set_new(j, "cover_upload_id", e->cover_upload_id ? json_integer(e->cover_upload_id) : json_null());
    json_object_set_new(j, "author_id", json_integer(e->author_id));
    json_object_set_new(j, "reviewer", opt_str(e->reviewer_name));
    json_object_set_new(j, "return_reason", json_string(e->return_reason));
    json_object_set_new(j, "created_at", jw_time_json(r, e->created_at));
    json_object_set_new(j, "updated_at", jw_time_json(r, e->updated_at));
    if (html) json_object_set_new(j, "body", json_string(e->body_md));
  }
  return j;
}

/* ?name= checked against choices (NULL when absent). */
static const char *choice_query(struct jw_req *r, const char *name, const char *const *choices, const char *list,
                                struct jw_error *err) {
  const char *s = jw_query(r, name);
  if (!s) return NULL;
  for (int i = 0; choices[i]; i++)
    if (strcmp(s, choices[i]) == 0) return s;
  jw_field_fail(err, name, "must be one of: %s", list);
  return NULL;
}

static enum jw_code reply_list(struct jw_req *r, struct jw_news_article *items, size_t n, int64_t limit, int64_t offset,
                               int full) {
  json_t *arr = json_array();
  size_t shown = n > (size_t)limit ? (size_t)limit : n;
  for (size_t i = 0; i < shown; i++) json_array_append_new(arr, article_json(r, &items[i], full, 0));
  jw_reply_json(r, 200, jw_page_json(arr, n > (size_t)limit ? offset + limit : 0));
  return JW_OK;
}

enum jw_code jw_news_api_list(struct jw_req *r, struct jw_error *err) {
  int64_t limit, offset;
  static const char *const known[] = {"category", "q", "limit", "cursor", NULL};
  jw_query_only(r, known, err);
  const char *category =
      choice_query(r, "category", jw_news_categories, "police_news, notice, prevention, culture", err);
  const char *q = jw_query(r, "q");
  jw_page_params(r, &limit, &offset, err);
  if (q) {
    size_t n = strlen(q);
    long chars = jw_utf8_len(q, n);
    if (chars < 0 || jw_text_unsafe(q, n, 0))
      jw_field_fail(err, "q", "must be text");
    else if (chars > 50)
      jw_field_fail(err, "q", "must be at most 50 characters");
    else if (!*q)
      q = NULL;
  }
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_news_article *items = NULL;
  size_t n = 0;
  if (jw_news_public_list(r->db, r->arena, category, q, (int64_t)time(NULL), limit + 1, offset, &items, &n, err) !=
      JW_OK)
    return err->code;
  return reply_list(r, items, n, limit, offset, 0);
}

enum jw_code jw_news_api_feed(struct jw_req *r, struct jw_error *err) {
  const char *xml = jw_news_atom(r->db, r->arena, r->app->cfg.public_url, (int64_t)time(NULL), err);
  if (!xml) return err->code;
  jw_reply_text(r, 200, "application/atom+xml; charset=utf-8", xml);
  jw_reply_header(r, "Cache-Control", "public, max-age=300");
  return JW_OK;
}

enum jw_code jw_news_api_get(struct jw_req *r, struct jw_error *err) {
  static const char *const known[] = {NULL};
  if (jw_query_only(r, known, err) != JW_OK) return err->code; /* the public lists' rule: an unknown parameter is 422 */
  struct jw_news_article e;
  if (jw_news_public_get(r->db, r->arena, r->params[0], (int64_t)time(NULL), &e, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, article_json(r, &e, 0, 1));
  return JW_OK;
}

enum jw_code jw_news_api_image(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (id <= 0) return jw_fail(err, JW_E_NOT_FOUND, "There is no such image.");
  const struct jw_user *staff = is_writer(r->user) ? r->user : NULL;
  struct jw_news_image im;
  if (jw_news_image(r->db, r->arena, id, (int64_t)time(NULL), staff, &im, err) != JW_OK) return err->code;
  const void *data;
  if (jw_upload_read(r->arena, r->app->cfg.upload_dir, im.sha256, im.size, &data, err) != JW_OK) return err->code;
  jw_reply_bytes(r, 200, im.type, data, (size_t)im.size);
  jw_reply_header(r, "Cache-Control", staff ? "private, no-store" : "public, max-age=3600");
  jw_reply_header(r, "X-Content-Type-Options", "nosniff");
  return JW_OK;
}

enum jw_code jw_news_api_preview(struct jw_req *r, struct jw_error *err) {
  const char *body = NULL;
  const struct jw_field f[] = {{"body", JS_STR, JS_REQUIRED | JS_MULTILINE, 0, JW_NEWS_BODY_MAX, &body, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the article as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  const char *html = NULL;
  if (jw_news_preview(r->arena, body, &html, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, json_pack("{s:s}", "html", html));
  return JW_OK;
}

enum jw_code jw_news_api_console(struct jw_req *r, struct jw_error *err) {
  int64_t limit, offset;
  static const char *const known[] = {"status", "limit", "cursor", NULL};
  jw_query_only(r, known, err);
  const char *status = choice_query(r, "status", jw_news_statuses, "draft, in_review, published, unpublished", err);
  jw_page_params(r, &limit, &offset, err);
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_news_article *items = NULL;
  size_t n = 0;
  if (jw_news_console_list(r->db, r->arena, r->user, status, limit + 1, offset, &items, &n, err) != JW_OK)
    return err->code;
  return reply_list(r, items, n, limit, offset, 1);
}

/* Article id as JSON; changed: the caller has just changed it (read it whatever its state). */
static enum jw_code reply_article(struct jw_req *r, int64_t id, int status, int changed, struct jw_error *err) {
  struct jw_news_article e;
  const struct jw_news_actor who = actor(r);
  if ((changed ? jw_news_get_changed(r->db, r->arena, id, &e, err) : jw_news_get(r->db, &who, id, &e, err)) != JW_OK)
    return err->code;
  jw_reply_json(r, status, article_json(r, &e, 1, 1));
  return JW_OK;
}

static int64_t path_id(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (id <= 0) jw_fail(err, JW_E_NOT_FOUND, "There is no article %.20s.", r->params[0]);
  return id > 0 ? id : 0;
}

/* The article's fields from the body into in. */
static enum jw_code input_fields(struct jw_req *r, struct jw_news_input *in, struct jw_error *err) {
  int cat = -1;
  in->summary = "";
  const struct jw_field f[] = {
      {"category", JS_ENUM, JS_REQUIRED, 0, 0, &cat, jw_news_categories, NULL},
      {"title", JS_STR, JS_REQUIRED, 2, 100, &in->title, NULL, NULL},
      {"summary", JS_STR, 0, 0, 300, &in->summary, NULL, NULL},
      {"body", JS_STR, JS_REQUIRED | JS_MULTILINE, 1, JW_NEWS_BODY_MAX, &in->body_md, NULL, NULL},
      {"slug", JS_STR, JS_NULLABLE, 3, 80, &in->slug, NULL, NULL},
      {"cover_upload_id", JS_INT, JS_NULLABLE, 1, INT64_MAX / 2, &in->cover_upload_id, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the article as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  in->category = jw_news_categories[cat];
  return JW_OK;
}

enum jw_code jw_news_api_create(struct jw_req *r, struct jw_error *err) {
  struct jw_news_input in = {0};
  if (input_fields(r, &in, err) != JW_OK) return err->code;
  const struct jw_news_actor who = actor(r);
  int64_t id = 0;
  if (jw_news_create(r->db, &who, &in, &id, err) != JW_OK) return err->code;
  return reply_article(r, id, 201, 1, err);
}

enum jw_code jw_news_api_article(struct jw_req *r, struct jw_error *err) {
  int64_t id = path_id(r, err);
  return id ? reply_article(r, id, 200, 0, err) : err->code;
}

enum jw_code jw_news_api_update(struct jw_req *r, struct jw_error *err) {
  int64_t id = path_id(r, err);
  if (!id) return err->code;
  struct jw_news_input in = {0};
  if (input_fields(r, &in, err) != JW_OK) return err->code;
  const struct jw_news_actor who = actor(r);
  if (jw_news_update(r->db, &who, id, &in, err) != JW_OK) return err->code;
  return reply_article(r, id, 200, 1, err);
}

/* RFC 3339 ("2026-12-01T09:00:00+08:00", seconds optional, Z or an offset) as Unix seconds; -1 if not. */
static int64_t instant(const char *s) {
  size_t n = strlen(s);
  struct jw_date d;
  char day[11];
  if (n < 17 || n > 25) return -1;
  memcpy(day, s, 10);
  day[10] = '\0';
  if (jw_date_parse(day, &d) != 0 || s[10] != 'T') return -1;
  int hh = 0, mm = 0, ss = 0, k = 0;
  if (sscanf(s + 11, "%2d:%2d%n", &hh, &mm, &k) != 2 || k != 5 || s[13] != ':') return -1;
  const char *p = s + 16;
  if (*p == ':') {
    if (sscanf(p + 1, "%2d%n", &ss, &k) != 1 || k != 2) return -1;
    p += 3;
  }
  int off = 0;
  if (!(p[0] == 'Z' && p[1] == '\0')) {
    int oh = 0, om = 0;
    if ((*p != '+' && *p != '-') || strlen(p) != 6 || p[3] != ':' || sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 ||
        oh > 14 || om > 59)
      return -1;
    off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
  }
  if (hh > 23 || mm > 59 || ss > 59) return -1;
  return (int64_t)jw_date_serial(d) * 86400 + hh * 3600 + mm * 60 + ss - (int64_t)off * 60;
}

enum jw_code jw_news_api_action(struct jw_req *r, struct jw_error *err) {
  int64_t id = path_id(r, err);
  if (!id) return err->code;
  int action = -1;
  const char *reason = NULL, *at = NULL;
  const struct jw_field f[] = {
      {"action", JS_ENUM, JS_REQUIRED, 0, 0, &action, jw_news_events, NULL},
      {"reason", JS_STR, JS_MULTILINE, 1, 300, &reason, NULL, NULL},
      {"publish_at", JS_STR, JS_NULLABLE, 1, 25, &at, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the action as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  int64_t publish_at = 0;
  if (at && (publish_at = instant(at)) <= 0) {
    jw_field_fail(err, "publish_at", "must be a time like 2026-12-01T09:00:00+08:00");
    return JW_E_VALIDATION;
  }
  if (at && strcmp(jw_news_events[action], "publish") != 0) {
    jw_field_fail(err, "publish_at", "is only for publish");
    return JW_E_VALIDATION;
  }
  const struct jw_news_actor who = actor(r);
  if (jw_news_fire(r->db, &who, id, jw_news_events[action], reason, publish_at, err) != JW_OK) return err->code;
  return reply_article(r, id, 200, 1, err);
}

enum jw_code jw_news_api_pin(struct jw_req *r, struct jw_error *err) {
  int64_t id = path_id(r, err);
  if (!id) return err->code;
  int pinned = -1;
  const struct jw_field f[] = {{"pinned", JS_BOOL, JS_REQUIRED, 0, 0, &pinned, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send {\"pinned\": true} or false as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  const struct jw_news_actor who = actor(r);
  if (jw_news_pin(r->db, &who, id, pinned, err) != JW_OK) return err->code;
  return reply_article(r, id, 200, 1, err);
}
