/*
 * api.h — police news's HTTP handlers, for the route table (app/routes.c).
 * Each reads the request, replies through http/ and returns JW_OK, or
 * returns an error code with err set and writes no reply.
 */
#ifndef JW_NEWS_API_H
#define JW_NEWS_API_H

#include "http/http.h"

/* GET /api/v1/news?category=&q=&limit=&cursor= — public articles, pinned first, then newest. */
enum jw_code jw_news_api_list(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/news/feed.atom — the Atom 1.0 feed of the latest 20. */
enum jw_code jw_news_api_feed(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/news/{key} — one public article by id or slug, with its HTML. */
enum jw_code jw_news_api_get(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/news/images/{id} — an image of a published article (writers: of any article, or their own upload). */
enum jw_code jw_news_api_image(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/news/preview — {body} → {html}, rendered and checked, nothing saved. */
enum jw_code jw_news_api_preview(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/news/articles?status=&limit=&cursor= — every article, for the console. */
enum jw_code jw_news_api_console(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/news/articles — a new draft; 201 the article. */
enum jw_code jw_news_api_create(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/news/articles/{id} — one article, any status (Markdown and HTML). */
enum jw_code jw_news_api_article(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/news/articles/{id} — the author's draft replaced. */
enum jw_code jw_news_api_update(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/news/articles/{id}/actions — {action, reason?, publish_at?}; 200 the article. */
enum jw_code jw_news_api_action(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/news/articles/{id}/pin — {pinned}; 200 the article. */
enum jw_code jw_news_api_pin(struct jw_req *r, struct jw_error *err);

#endif
