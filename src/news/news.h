/*
 * news.h — police news (走进警营): articles in four categories written in
 * Markdown (news/markdown.h renders and checks them when they are saved;
 * the HTML is stored), with a cover and inline images from the author's
 * uploads.
 *
 * Workflow, a transition table in news.c fired as conditional UPDATEs with
 * their audit rows:
 *   submit    draft       → in_review    the author
 *   return    in_review   → draft        a reviewer, with a reason
 *   publish   in_review   → published    a reviewer (publish_at: now or later)
 *   unpublish published   → unpublished  a reviewer, with a reason
 *   reopen    unpublished → draft        the author or a reviewer
 * The reviewer is never the author (four eyes), whatever the role. A
 * published article is public once publish_at ≤ now (scheduled
 * publication is that filter, no job). Pinned articles (at most
 * JW_NEWS_MAX_PINNED, published only) come first.
 *
 * Roles: writers are officer, station_chief, unit_admin and sysadmin
 * (the bureau's publicity work sits with police, not with auxiliaries or
 * the security, audit and finance roles); reviewers are station_chief,
 * unit_admin and sysadmin. Only the author edits a draft.
 *
 * Who reads what in the console (jw_news_visible): an author reads their
 * own articles in every state; a reviewer reads another person's article
 * once it has been submitted (in_review, published, unpublished) and only
 * when the article's unit (its author's unit) lies in the reviewer's data
 * scope (jw_scope_contains: the station chief reviews their station's
 * writers, the unit admin their branch's, the bureau-wide sysadmin
 * everybody's). Everything else is 404, as if it did not exist: nobody
 * reads another person's draft or the reasons it was returned with, and a
 * reviewer never reviews, publishes, unpublishes or pins an article outside
 * their unit.
 *
 * Plain values, no HTTP, no JSON; the SQL is in news/store.c.
 */
#ifndef JW_NEWS_H
#define JW_NEWS_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

#define JW_NEWS_MAX_PINNED 3
#define JW_NEWS_BODY_MAX   50000 /* characters of Markdown */

#define JW_NEWS_WRITERS \
  (JW_BIT(JW_ROLE_OFFICER) | JW_BIT(JW_ROLE_STATION_CHIEF) | JW_BIT(JW_ROLE_UNIT_ADMIN) | JW_BIT(JW_ROLE_SYSADMIN))
#define JW_NEWS_REVIEWERS (JW_BIT(JW_ROLE_STATION_CHIEF) | JW_BIT(JW_ROLE_UNIT_ADMIN) | JW_BIT(JW_ROLE_SYSADMIN))

/* As the API spells them; NULL-terminated. */
extern const char *const jw_news_categories[]; /* police_news, notice, prevention, culture */
extern const char *const jw_news_statuses[];   /* draft, in_review, published, unpublished */
extern const char *const jw_news_events[];     /* submit, return, publish, unpublish, reopen */
/* The categories' names as the portal shows them, index for index. */
extern const char *const jw_news_category_names[];    /* 警务动态, 通知公告, 防范提示, 警营文化 */
extern const char *const jw_news_category_names_en[]; /* Police news, Notices, Prevention tips, Police culture */

/* An article (strings arena-owned). */
struct jw_news_article {
  int64_t id, cover_upload_id; /* 0: no cover */
  const char *slug;            /* NULL: none */
  const char *category, *title, *summary, *body_md, *body_html, *status, *return_reason;
  const char *author_name, *reviewer_name;                            /* reviewer_name NULL: none */
  int64_t author_id, reviewer_id, publish_at, created_at, updated_at; /* 0: none */
  int pinned;
  const char *unit_path; /* the author's unit ("/1/4/17/"; "" when none): the review pool */
};

/* What an author writes (borrowed). slug NULL: none. */
struct jw_news_input {
  const char *category, *title, *summary, *body_md, *slug;
  int64_t cover_upload_id; /* 0: none */
};

/* Who acts, from where, the arena, the time. Borrowed. */
struct jw_news_actor {
  const struct jw_user *user; /* NULL: the public */
  const char *ip;
  struct jw_arena *a;
  int64_t now;
};

/*
 * Renders body (as jw_news_render_md) for the preview and for saving:
 * *html receives the HTML (arena). JW_E_VALIDATION on the field "body"
 * naming the line when a link or image is refused.
 */
enum jw_code jw_news_preview(struct jw_arena *a, const char *body, const char **html, struct jw_error *err);

/*
 * Creates a draft by who (a writer) with its audit row; *id receives it.
 * Checks the slug (free, [a-z][a-z0-9-]{2,79}), the cover and every image
 * (uploads of who, JPEG or PNG) and renders the body: JW_E_VALIDATION
 * naming the fields, nothing written.
 */
enum jw_code jw_news_create(struct jw_conn *c, const struct jw_news_actor *who, const struct jw_news_input *in,
                            int64_t *id, struct jw_error *err);

/* Replaces the text of draft id (only its author; JW_E_FORBIDDEN for others,
 * JW_E_CONFLICT when it is not a draft), checked as jw_news_create. */
enum jw_code jw_news_update(struct jw_conn *c, const struct jw_news_actor *who, int64_t id,
                            const struct jw_news_input *in, struct jw_error *err);

/*
 * Fires event (jw_news_events) on article id: reason for return and
 * unpublish (required), publish_at for publish (0: now; not in the past by
 * more than a minute). JW_E_NOT_FOUND, JW_E_FORBIDDEN (a role the table does
 * not name, or the author reviewing their own article), JW_E_CONFLICT when
 * the article is not in the event's from state.
 */
enum jw_code jw_news_fire(struct jw_conn *c, const struct jw_news_actor *who, int64_t id, const char *event,
                          const char *reason, int64_t publish_at, struct jw_error *err);

/* Pins (pinned 1) or unpins a published article (a reviewer). JW_E_CONFLICT
 * when it is not published or JW_NEWS_MAX_PINNED are pinned already. */
enum jw_code jw_news_pin(struct jw_conn *c, const struct jw_news_actor *who, int64_t id, int pinned,
                         struct jw_error *err);

/* 1 when staff user u may read article e in the console (the rule above). */
int jw_news_visible(const struct jw_user *u, const struct jw_news_article *e);

/* Article id for the console (any status) into *out when who->user may read
 * it (jw_news_visible), else JW_E_NOT_FOUND. */
enum jw_code jw_news_get(struct jw_conn *c, const struct jw_news_actor *who, int64_t id, struct jw_news_article *out,
                         struct jw_error *err);

/* Article id as it is now, for the answer to whoever has just created,
 * changed or moved it (a reviewer who returned an article to draft sees the
 * result once, not afterwards), else JW_E_NOT_FOUND. */
enum jw_code jw_news_get_changed(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_news_article *out,
                                 struct jw_error *err);

/* A public article by id or slug (key), published and due at now, else
 * JW_E_NOT_FOUND (drafts look like nothing). */
enum jw_code jw_news_public_get(struct jw_conn *c, struct jw_arena *a, const char *key, int64_t now,
                                struct jw_news_article *out, struct jw_error *err);

/* A page of public articles (published, due): category and q (in title or
 * summary) NULL for all; pinned first, then newest; offset paging, up to
 * limit rows. */
enum jw_code jw_news_public_list(struct jw_conn *c, struct jw_arena *a, const char *category, const char *q,
                                 int64_t now, int64_t limit, int64_t offset, struct jw_news_article **out, size_t *n,
                                 struct jw_error *err);

/* The site search's news (search/api.c): published, due articles whose
 * title or summary has q, or whose category's name (Chinese, or English in
 * any case) has q or is in q when q has two characters or more (防范 finds
 * every 防范提示 article); the public list's order, up to limit rows. */
enum jw_code jw_news_search(struct jw_conn *c, struct jw_arena *a, const char *q, int64_t now, int64_t limit,
                            struct jw_news_article **out, size_t *n, struct jw_error *err);

/* A page of the articles viewer may read (jw_news_visible) for the console
 * (status NULL: all), newest updated first; offset paging. */
enum jw_code jw_news_console_list(struct jw_conn *c, struct jw_arena *a, const struct jw_user *viewer,
                                  const char *status, int64_t limit, int64_t offset, struct jw_news_article **out,
                                  size_t *n, struct jw_error *err);

/* The upload to show at /api/v1/news/images/{id}. */
struct jw_news_image {
  char sha256[65];
  const char *type;
  int64_t size;
};
/* Upload id if it is an image of a published, due article (a staff writer
 * (staff non-NULL): also of an article they may read, or their own upload),
 * else JW_E_NOT_FOUND. */
enum jw_code jw_news_image(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t now, const struct jw_user *staff,
                           struct jw_news_image *out, struct jw_error *err);

/* The Atom 1.0 feed of the latest 20 public articles (base: the public
 * address, for ids and links). Arena-owned; NULL on error (err set). */
const char *jw_news_atom(struct jw_conn *c, struct jw_arena *a, const char *base, int64_t now, struct jw_error *err);

/*
 * The demo (seed --demo): a dozen articles across the categories by the
 * demo officer, published by the station chief, one pinned notice, one
 * scheduled for next week, one in review. Idempotent: nothing is added when
 * the demo articles are there. *added (may be NULL) receives how many.
 */
enum jw_code jw_news_seed_demo(struct jw_conn *c, int64_t now, int *added, struct jw_error *err);

#endif
