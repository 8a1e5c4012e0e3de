/* news.c — the rules of police news: input checks, the transition table,
 * four eyes, and each change in one transaction with its audit row (the
 * SQL is in store.c, the Markdown in markdown.c). */
#include "news/news.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "audit/audit.h"
#include "core/mem.h"
#include "core/validate.h"
#include "news/markdown.h"
#include "news/store.h"

const char *const jw_news_categories[] = {"police_news", "notice", "prevention", "culture", NULL};
const char *const jw_news_statuses[] = {"draft", "in_review", "published", "unpublished", NULL};
const char *const jw_news_events[] = {"submit", "return", "publish", "unpublish", "reopen", NULL};
const char *const jw_news_category_names[] = {"警务动态", "通知公告", "防范提示", "警营文化", NULL};
const char *const jw_news_category_names_en[] = {"Police news", "Notices", "Prevention tips", "Police culture", NULL};

/* Who may fire an event: the author (AUTHOR), a reviewer who is not the author (REVIEWER), or either (ANY). */
enum who { AUTHOR, REVIEWER, ANY };

/* {event, from, to, roles, who among them} */
struct transition {
  const char *event, *from, *to;
  unsigned roles;
  enum who who;
  int reason; /* a reason is required */
};
static const struct transition moves[] = {
    {"submit", "draft", "in_review", JW_NEWS_WRITERS, AUTHOR, 0},
    {"return", "in_review", "draft", JW_NEWS_REVIEWERS, REVIEWER, 1},
    {"publish", "in_review", "published", JW_NEWS_REVIEWERS, REVIEWER, 0},
    {"unpublish", "published", "unpublished", JW_NEWS_REVIEWERS, ANY, 1},
    {"reopen", "unpublished", "draft", JW_NEWS_WRITERS, ANY, 0},
};

static const struct transition *find(const char *event) {
  for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
    if (strcmp(moves[i].event, event) == 0) return &moves[i];
  return NULL;
}

static enum jw_code audit(struct jw_conn *c, const struct jw_news_actor *who, const char *action, int64_t id,
                          const char *detail, struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {
      .actor_id = who->user ? who->user->id : 0,
      .actor_login = who->user ? who->user->login : "seed",
      .action = action,
      .object_type = "news_article",
      .object_id = oid,
      .detail = detail,
      .ip = who->ip,
  };
  return jw_audit_write(c, &e, err);
}

/* Puts the problem's own Chinese twin (messages_zh.c) in place of its English
 * inside the last field message's "第 N 行：…", which "line %d: %s" formats
 * with the English argument. */
static void problem_zh(struct jw_error *err, const char *problem) {
  const char *zh = jw_message_zh(problem);
  if (!zh || err->nfields <= 0) return;
  char *m = err->fields[err->nfields - 1].message_zh;
  char *at = strstr(m, problem);
  if (at) snprintf(at, sizeof err->fields[0].message_zh - (size_t)(at - m), "%s", zh);
}

enum jw_code jw_news_preview(struct jw_arena *a, const char *body, const char **html, struct jw_error *err) {
  struct jw_news_render r;
  int rc = jw_news_render_md(a, body, strlen(body), &r);
  if (rc < 0) return jw_fail(err, JW_E_INTERNAL, "The article could not be rendered.");
  if (rc > 0) {
    jw_field_fail(err, "body", "line %d: %s", r.line, r.problem);
    problem_zh(err, r.problem);
    return JW_E_VALIDATION;
  }
  *html = r.html;
  return JW_OK;
}

static int slug_ok(const char *s) {
  size_t n = strlen(s);
  if (n < 3 || n > 80 || s[0] < 'a' || s[0] > 'z' || strcmp(s, "articles") == 0) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) return 0;
  return 1;
}

/* An upload that may be shown in an article of author: theirs, JPEG or PNG. 1 yes, 0 no, -1 error. */
static int own_image(struct jw_conn *c, struct jw_arena *a, int64_t upload, int64_t author, struct jw_error *err) {
  int64_t owner = 0;
  const char *type = NULL;
  int found = jw_news_store_upload(c, a, upload, &owner, &type, err);
  if (found <= 0) return found;
  return owner == author && (strcmp(type, "image/jpeg") == 0 || strcmp(type, "image/png") == 0);
}

/* Checks in (slug, cover, images) and renders it into *r for article id (0: new). */
static enum jw_code check_input(struct jw_conn *c, const struct jw_news_actor *who, int64_t id,
                                const struct jw_news_input *in, struct jw_news_render *r, struct jw_error *err) {
  if (in->slug) {
    int taken = 0;
    if (!slug_ok(in->slug))
      jw_field_fail(err, "slug", "must be 3 to 80 lowercase letters, digits or dashes, starting with a letter");
    else if ((taken = jw_news_store_slug_taken(c, in->slug, id, err)) < 0)
      return err->code;
    else if (taken)
      jw_field_fail(err, "slug", "is taken by another article");
  }
  if (in->cover_upload_id) {
    int ok = own_image(c, who->a, in->cover_upload_id, who->user->id, err);
    if (ok < 0) return err->code;
    if (!ok) jw_field_fail(err, "cover_upload_id", "must be a JPEG or PNG image you uploaded");
  }
  int rc = jw_news_render_md(who->a, in->body_md, strlen(in->body_md), r);
  if (rc < 0) return jw_fail(err, JW_E_INTERNAL, "The article could not be rendered.");
  if (rc > 0) {
    jw_field_fail(err, "body", "line %d: %s", r->line, r->problem);
    problem_zh(err, r->problem);
  }
  for (size_t i = 0; rc == 0 && i < r->nimages; i++) {
    int ok = own_image(c, who->a, r->images[i], who->user->id, err);
    if (ok < 0) return err->code;
    if (!ok) {
      jw_field_fail(err, "body", "image %lld is not a JPEG or PNG image you uploaded", (long long)r->images[i]);
      break;
    }
  }
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

struct save_tx {
  const struct jw_news_actor *who;
  const struct jw_news_input *in;
  int64_t *id; /* create: receives it; update: the article */
  int create;
};

static enum jw_code save_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct save_tx *x = arg;
  const struct jw_user *u = x->who->user;
  if (!x->create) {
    struct jw_news_article old;
    if (jw_news_get(c, x->who, *x->id, &old, err) != JW_OK) return err->code;
    if (old.author_id != u->id) return jw_fail(err, JW_E_FORBIDDEN, "Only the author edits an article.");
    if (strcmp(old.status, "draft") != 0)
      return jw_fail(err, JW_E_CONFLICT, "The article is %s: only a draft can be edited.", old.status);
  }
  struct jw_news_render r;
  if (check_input(c, x->who, x->create ? 0 : *x->id, x->in, &r, err) != JW_OK) return err->code;
  if (x->create) {
    if (jw_news_store_insert(c, x->in, r.html, u->id, NULL, 0, 0, 0, x->who->now, x->id, err) != JW_OK)
      return err->code;
  } else {
    int n = jw_news_store_update_draft(c, *x->id, u->id, x->in, r.html, x->who->now, err);
    if (n < 0) return err->code;
    if (!n) return jw_fail(err, JW_E_CONFLICT, "The article changed meanwhile: reload it.");
  }
  if (jw_news_store_set_images(c, *x->id, r.images, r.nimages, err) != JW_OK) return err->code;
  return audit(c, x->who, x->create ? "news.create" : "news.update", *x->id, x->in->title, err);
}

enum jw_code jw_news_create(struct jw_conn *c, const struct jw_news_actor *who, const struct jw_news_input *in,
                            int64_t *id, struct jw_error *err) {
  struct save_tx x = {who, in, id, 1};
  return jw_tx(c, save_tx, &x, err);
}

enum jw_code jw_news_update(struct jw_conn *c, const struct jw_news_actor *who, int64_t id,
                            const struct jw_news_input *in, struct jw_error *err) {
  struct save_tx x = {who, in, &id, 0};
  return jw_tx(c, save_tx, &x, err);
}

struct fire_tx {
  const struct jw_news_actor *who;
  int64_t id, publish_at;
  const struct transition *t;
  const char *reason;
};

static enum jw_code fire_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct fire_tx *x = arg;
  const struct jw_user *u = x->who->user;
  struct jw_news_article art;
  if (!(x->t->roles & JW_BIT(u->role)))
    return jw_fail(err, JW_E_FORBIDDEN, "Your role (%s) may not do this.", jw_role_name(u->role));
  if (jw_news_get(c, x->who, x->id, &art, err) != JW_OK) return err->code;
  if (x->t->who == AUTHOR && art.author_id != u->id)
    return jw_fail(err, JW_E_FORBIDDEN, "Only the author sends an article for review.");
  if (x->t->who == REVIEWER && art.author_id == u->id)
    return jw_fail(err, JW_E_FORBIDDEN, "Another person must review this article: nobody reviews their own.");
  int64_t publish_at =
      x->t->to && strcmp(x->t->to, "published") == 0 ? (x->publish_at ? x->publish_at : x->who->now) : 0;
  int moved =
      jw_news_store_move(c, x->id, x->t->from, x->t->to, x->t->who == REVIEWER ? u->id : 0, publish_at ? u->id : 0,
                         x->t->reason ? x->reason : (publish_at ? "" : NULL), publish_at, x->who->now, err);
  if (moved < 0) return err->code;
  if (!moved)
    return jw_fail(err, JW_E_CONFLICT, "The article is %s: it cannot be sent to %s from there.", art.status, x->t->to);
  const char *detail = x->reason;
  if (publish_at) detail = jw_arena_printf(x->who->a, "public from %lld", (long long)publish_at);
  return audit(c, x->who, jw_arena_printf(x->who->a, "news.%s", x->t->event), x->id, detail, err);
}

enum jw_code jw_news_fire(struct jw_conn *c, const struct jw_news_actor *who, int64_t id, const char *event,
                          const char *reason, int64_t publish_at, struct jw_error *err) {
  const struct transition *t = find(event);
  if (!t) {
    jw_field_fail(err, "event", "must be one of: submit, return, publish, unpublish, reopen");
    return JW_E_VALIDATION;
  }
  if (t->reason && (!reason || !*reason)) {
    jw_field_fail(err, "reason", "is required");
    return JW_E_VALIDATION;
  }
  if (publish_at && publish_at < who->now - 60) {
    jw_field_fail(err, "publish_at", "must not be in the past");
    return JW_E_VALIDATION;
  }
  struct fire_tx x = {who, id, publish_at, t, reason};
  return jw_tx(c, fire_tx, &x, err);
}

struct pin_tx {
  const struct jw_news_actor *who;
  int64_t id;
  int pinned;
};

static enum jw_code pin_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct pin_tx *x = arg;
  struct jw_news_article art;
  if (!(JW_NEWS_REVIEWERS & JW_BIT(x->who->user->role)))
    return jw_fail(err, JW_E_FORBIDDEN, "Your role (%s) may not do this.", jw_role_name(x->who->user->role));
  if (jw_news_get(c, x->who, x->id, &art, err) != JW_OK) return err->code;
  int n = jw_news_store_pin(c, x->id, x->pinned, JW_NEWS_MAX_PINNED, x->who->now, err);
  if (n < 0) return err->code;
  if (!n) {
    if (strcmp(art.status, "published") != 0)
      return jw_fail(err, JW_E_CONFLICT, "Only a published article can be pinned.");
    return jw_fail(err, JW_E_CONFLICT, "At most %d articles are pinned: unpin one first.", JW_NEWS_MAX_PINNED);
  }
  return audit(c, x->who, x->pinned ? "news.pin" : "news.unpin", x->id, art.title, err);
}

enum jw_code jw_news_pin(struct jw_conn *c, const struct jw_news_actor *who, int64_t id, int pinned,
                         struct jw_error *err) {
  struct pin_tx x = {who, id, pinned ? 1 : 0};
  return jw_tx(c, pin_tx, &x, err);
}

int jw_news_visible(const struct jw_user *u, const struct jw_news_article *e) {
  if (!u) return 0;
  if (e->author_id == u->id) return 1;
  return (JW_NEWS_REVIEWERS & JW_BIT(u->role)) && strcmp(e->status, "draft") != 0 && jw_scope_contains(u, e->unit_path);
}

enum jw_code jw_news_get(struct jw_conn *c, const struct jw_news_actor *who, int64_t id, struct jw_news_article *out,
                         struct jw_error *err) {
  int found = jw_news_store_get(c, who->a, id, out, err);
  if (found < 0) return err->code;
  if (!found || !jw_news_visible(who->user, out))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no article %lld.", (long long)id);
  return JW_OK;
}

enum jw_code jw_news_get_changed(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_news_article *out,
                                 struct jw_error *err) {
  int found = jw_news_store_get(c, a, id, out, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no article %lld.", (long long)id);
  return JW_OK;
}

enum jw_code jw_news_public_get(struct jw_conn *c, struct jw_arena *a, const char *key, int64_t now,
                                struct jw_news_article *out, struct jw_error *err) {
  size_t n = strlen(key), digits = strspn(key, "0123456789");
  int64_t id = 0;
  const char *slug = NULL;
  if (digits == n && n >= 1 && n <= 15)
    sscanf(key, "%lld", (long long *)&id);
  else if (slug_ok(key))
    slug = key;
  int found = 0;
  if ((id > 0 || slug) && (found = jw_news_store_public_get(c, a, id, slug, now, out, err)) < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no article %.40s.", key);
  return JW_OK;
}

enum jw_code jw_news_public_list(struct jw_conn *c, struct jw_arena *a, const char *category, const char *q,
                                 int64_t now, int64_t limit, int64_t offset, struct jw_news_article **out, size_t *n,
                                 struct jw_error *err) {
  return jw_news_store_public_list(c, a, category, q, now, limit, offset, 0, out, n, err);
}

/* 1 when a (a category name) has b, ASCII letters in any case. */
static int has_ci(const char *a, const char *b) {
  size_t n = strlen(b);
  if (!n) return 0;
  for (; *a; a++)
    if (strncasecmp(a, b, n) == 0) return 1;
  return 0;
}

enum jw_code jw_news_search(struct jw_conn *c, struct jw_arena *a, const char *q, int64_t now, int64_t limit,
                            struct jw_news_article **out, size_t *n, struct jw_error *err) {
  const char *cats[4] = {NULL, NULL, NULL, NULL};
  if (jw_utf8_len(q, strlen(q)) >= 2)
    for (int i = 0; i < 4 && jw_news_categories[i]; i++)
      if (strstr(jw_news_category_names[i], q) || strstr(q, jw_news_category_names[i]) ||
          has_ci(jw_news_category_names_en[i], q) || has_ci(q, jw_news_category_names_en[i]))
        cats[i] = jw_news_categories[i];
  return jw_news_store_search(c, a, q, cats, now, limit, out, n, err);
}

enum jw_code jw_news_console_list(struct jw_conn *c, struct jw_arena *a, const struct jw_user *viewer,
                                  const char *status, int64_t limit, int64_t offset, struct jw_news_article **out,
                                  size_t *n, struct jw_error *err) {
  return jw_news_store_console_list(c, a, viewer, status, limit, offset, out, n, err);
}

enum jw_code jw_news_image(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t now, const struct jw_user *staff,
                           struct jw_news_image *out, struct jw_error *err) {
  int found = jw_news_store_image(c, a, id, now, staff, out, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no image %lld.", (long long)id);
  return JW_OK;
}
