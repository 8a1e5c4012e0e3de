/*
 * store.h — the news domain's SQL (tables news_articles, news_images;
 * uploads and users only read). Private to src/news/. Every function takes
 * the connection it runs on (inside the caller's jw_tx when it writes),
 * releases its statements before it returns, and on failure returns the
 * error's code (or -1 where it returns a count) with err set.
 */
#ifndef JW_NEWS_STORE_H
#define JW_NEWS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "db/db.h"
#include "news/news.h"

/* Upload id: its owner into *user_id and content type into *type (arena).
 * Returns 1, 0 when there is none, -1 on error. */
int jw_news_store_upload(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t *user_id, const char **type,
                         struct jw_error *err);

/* 1 when another article than id (0: any) has slug, 0 when not, -1 on error. */
int jw_news_store_slug_taken(struct jw_conn *c, const char *slug, int64_t id, struct jw_error *err);

/* Inserts a draft by author with html (and, for the demo, a status,
 * reviewer, publish time and pin: status NULL for a plain draft). */
enum jw_code jw_news_store_insert(struct jw_conn *c, const struct jw_news_input *in, const char *html, int64_t author,
                                  const char *status, int64_t reviewer, int64_t publish_at, int pinned, int64_t now,
                                  int64_t *id, struct jw_error *err);

/* Replaces the text of id while it is a draft of author: 1 changed, 0 not, -1 error. */
int jw_news_store_update_draft(struct jw_conn *c, int64_t id, int64_t author, const struct jw_news_input *in,
                               const char *html, int64_t now, struct jw_error *err);

/* Makes ids[0..n) the images of article id. */
enum jw_code jw_news_store_set_images(struct jw_conn *c, int64_t id, const int64_t *ids, size_t n,
                                      struct jw_error *err);

/* Article id (1), none (0), -1 on error. */
int jw_news_store_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_news_article *out,
                      struct jw_error *err);

/* The public article with id (slug NULL) or slug, published and due at now. */
int jw_news_store_public_get(struct jw_conn *c, struct jw_arena *a, int64_t id, const char *slug, int64_t now,
                             struct jw_news_article *out, struct jw_error *err);

/* Public articles (bodies left out unless with_body), pinned first, newest first. */
enum jw_code jw_news_store_public_list(struct jw_conn *c, struct jw_arena *a, const char *category, const char *q,
                                       int64_t now, int64_t limit, int64_t offset, int with_body,
                                       struct jw_news_article **out, size_t *n, struct jw_error *err);

/* Public articles (no bodies) whose title or summary has q or whose
 * category is one of cats[0..4) (NULL entries: none), in the public order. */
enum jw_code jw_news_store_search(struct jw_conn *c, struct jw_arena *a, const char *q, const char *const cats[4],
                                  int64_t now, int64_t limit, struct jw_news_article **out, size_t *n,
                                  struct jw_error *err);

/* The articles viewer may read (jw_news_visible; bodies left out), newest updated first. */
enum jw_code jw_news_store_console_list(struct jw_conn *c, struct jw_arena *a, const struct jw_user *viewer,
                                        const char *status, int64_t limit, int64_t offset, struct jw_news_article **out,
                                        size_t *n, struct jw_error *err);

/*
 * Moves id from → to when its author is not not_author (0: anyone): reviewer
 * (0: unchanged) becomes reviewer_id, reason (NULL: unchanged) the
 * return_reason, publish_at (0: unchanged) the publish time; leaving
 * published unpins. 1 moved, 0 not, -1 error.
 */
int jw_news_store_move(struct jw_conn *c, int64_t id, const char *from, const char *to, int64_t not_author,
                       int64_t reviewer, const char *reason, int64_t publish_at, int64_t now, struct jw_error *err);

/* Pins or unpins published id, keeping at most max pinned: 1 done, 0 not, -1 error. */
int jw_news_store_pin(struct jw_conn *c, int64_t id, int pinned, int max, int64_t now, struct jw_error *err);

/* Upload id as an article image: of a published article due at now, or
 * staff's own upload or an image of an article staff may read (staff NULL:
 * the public). 1, 0, -1. */
int jw_news_store_image(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t now, const struct jw_user *staff,
                        struct jw_news_image *out, struct jw_error *err);

/* The user with login (0: none, -1: error). */
int64_t jw_news_store_user(struct jw_conn *c, const char *login, struct jw_error *err);

#endif
