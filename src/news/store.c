/* store.c — every SQL statement of the news domain (tables news_articles, news_images). */
#include "news/store.h"

#include <stdio.h>
#include <string.h>

#include "core/mem.h"

static const char SQL_UPLOAD[] = "SELECT user_id, content_type FROM uploads WHERE id = ?";
static const char SQL_SLUG[] = "SELECT 1 FROM news_articles WHERE slug = ? AND id <> ?";
static const char SQL_INSERT[] =
    "INSERT INTO news_articles (slug, category, title, summary, body_md, body_html, cover_upload_id, status,"
    " pinned, publish_at, author_id, reviewer_id, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_UPDATE[] =
    "UPDATE news_articles SET slug = ?, category = ?, title = ?, summary = ?, body_md = ?, body_html = ?,"
    " cover_upload_id = ?, updated_at = ? WHERE id = ? AND status = 'draft' AND author_id = ?";
static const char SQL_IMAGES_CLEAR[] = "DELETE FROM news_images WHERE article_id = ?";
static const char SQL_IMAGE_ADD[] = "INSERT INTO news_images (article_id, upload_id) VALUES (?, ?)";
#define SELECT_COLS(body)                                                                                          \
  "SELECT a.id, a.slug, a.category, a.title, a.summary, " body                                                     \
  ", a.cover_upload_id, a.status, a.pinned,"                                                                       \
  " a.publish_at, a.author_id, ua.name, a.reviewer_id, ur.name, a.return_reason, a.created_at, a.updated_at,"      \
  " un.path FROM news_articles a JOIN users ua ON ua.id = a.author_id LEFT JOIN users ur ON ur.id = a.reviewer_id" \
  " LEFT JOIN units un ON un.id = ua.unit_id"
#define FULL  SELECT_COLS("a.body_md, a.body_html")
#define SHORT SELECT_COLS("'', ''")
#define DUE   " a.status = 'published' AND a.publish_at <= ?"
/* Who may read article a in the console (news.h: jw_news_visible), with the
 * unit of its author joined as un; binds: the viewer's id, 1 when a
 * reviewer, 1 when bureau-wide, the viewer's unit path and its prefix end. */
#define VISIBLE(a, un)                     \
  " (" a ".author_id = ? OR (? = 1 AND " a \
  ".status <> 'draft'"                     \
  " AND (? = 1 OR (" un ".path >= ? AND " un ".path < ?))))"
static const char SQL_GET[] = FULL " WHERE a.id = ?";
static const char SQL_PUBLIC_ID[] = FULL " WHERE a.id = ? AND" DUE;
static const char SQL_PUBLIC_SLUG[] = FULL " WHERE a.slug = ? AND" DUE;
#define PUBLIC_WHERE                                                                                           \
  " WHERE" DUE                                                                                                 \
  " AND (CAST(? AS TEXT) IS NULL OR a.category = CAST(? AS TEXT))"                                             \
  " AND (CAST(? AS TEXT) IS NULL OR a.title LIKE CAST(? AS TEXT) ESCAPE '!' OR a.summary LIKE CAST(? AS TEXT)" \
  " ESCAPE '!') ORDER BY a.pinned DESC, a.publish_at DESC, a.id DESC LIMIT ? OFFSET ?"
static const char SQL_PUBLIC_LIST[] = SHORT PUBLIC_WHERE;
static const char SQL_PUBLIC_LIST_BODY[] = FULL PUBLIC_WHERE;
static const char SQL_SEARCH[] =
    SHORT " WHERE" DUE
          " AND (a.title LIKE ? ESCAPE '!' OR a.summary LIKE ? ESCAPE '!' OR a.category IN (CAST(? AS TEXT),"
          " CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT)))"
          " ORDER BY a.pinned DESC, a.publish_at DESC, a.id DESC LIMIT ?";
static const char SQL_CONSOLE_LIST[] = SHORT " WHERE" VISIBLE("a", "un")
    " AND (CAST(? AS TEXT) IS NULL OR a.status = CAST(? AS TEXT)) ORDER BY a.updated_at DESC, a.id DESC"
    " LIMIT ? OFFSET ?";
static const char SQL_MOVE[] =
    "UPDATE news_articles SET status = ?, reviewer_id = COALESCE(CAST(? AS BIGINT), reviewer_id),"
    " return_reason = COALESCE(CAST(? AS TEXT), return_reason), publish_at = COALESCE(CAST(? AS BIGINT), publish_at),"
    " pinned = CASE WHEN ? = 'published' THEN pinned ELSE 0 END, updated_at = ?"
    " WHERE id = ? AND status = ? AND author_id <> ?";
static const char SQL_PIN[] =
    "UPDATE news_articles SET pinned = ?, updated_at = ? WHERE id = ? AND status = 'published'"
    " AND (? = 0 OR (SELECT COUNT(*) FROM news_articles p WHERE p.pinned = 1 AND p.id <> ?) < ?)";
static const char SQL_IMAGE[] =
    "SELECT u.sha256, u.size, u.content_type FROM uploads u WHERE u.id = ?"
    " AND u.content_type IN ('image/jpeg', 'image/png') AND ("
    " EXISTS (SELECT 1 FROM news_articles a WHERE" DUE
    " AND (a.cover_upload_id = u.id OR EXISTS (SELECT 1 FROM news_images i WHERE i.article_id = a.id"
    " AND i.upload_id = u.id)))"
    " OR (? <> 0 AND (u.user_id = ? OR EXISTS (SELECT 1 FROM news_articles b JOIN users ub ON ub.id = b.author_id"
    " LEFT JOIN units vb ON vb.id = ub.unit_id WHERE (b.cover_upload_id = u.id OR EXISTS (SELECT 1 FROM news_images j"
    " WHERE j.article_id = b.id AND j.upload_id = u.id)) AND" VISIBLE("b", "vb") "))))";
static const char SQL_USER[] = "SELECT id FROM users WHERE login = ?";

static enum jw_code no_row(const struct jw_error *err) { return err->code ? err->code : JW_E_DB; }

int jw_news_store_upload(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t *user_id, const char **type,
                         struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UPLOAD, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    *user_id = jw_col_int(s, 0);
    *type = jw_arena_strdup(a, jw_col_text(s, 1));
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

int jw_news_store_slug_taken(struct jw_conn *c, const char *slug, int64_t id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SLUG, err);
  if (!s) return -1;
  jw_bind_text(s, 1, slug);
  jw_bind_int(s, 2, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

enum jw_code jw_news_store_insert(struct jw_conn *c, const struct jw_news_input *in, const char *html, int64_t author,
                                  const char *status, int64_t reviewer, int64_t publish_at, int pinned, int64_t now,
                                  int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, in->slug);
  jw_bind_text(s, 2, in->category);
  jw_bind_text(s, 3, in->title);
  jw_bind_text(s, 4, in->summary ? in->summary : "");
  jw_bind_text(s, 5, in->body_md);
  jw_bind_text(s, 6, html);
  jw_bind_id(s, 7, in->cover_upload_id);
  jw_bind_text(s, 8, status ? status : "draft");
  jw_bind_int(s, 9, pinned);
  jw_bind_id(s, 10, publish_at);
  jw_bind_int(s, 11, author);
  jw_bind_id(s, 12, reviewer);
  jw_bind_int(s, 13, now);
  jw_bind_int(s, 14, now);
  if (jw_step(s, err) != JW_STEP_ROW) return no_row(err);
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

int jw_news_store_update_draft(struct jw_conn *c, int64_t id, int64_t author, const struct jw_news_input *in,
                               const char *html, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UPDATE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, in->slug);
  jw_bind_text(s, 2, in->category);
  jw_bind_text(s, 3, in->title);
  jw_bind_text(s, 4, in->summary ? in->summary : "");
  jw_bind_text(s, 5, in->body_md);
  jw_bind_text(s, 6, html);
  jw_bind_id(s, 7, in->cover_upload_id);
  jw_bind_int(s, 8, now);
  jw_bind_int(s, 9, id);
  jw_bind_int(s, 10, author);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  int n = (int)jw_changes(s);
  jw_conn_release(c);
  return n;
}

enum jw_code jw_news_store_set_images(struct jw_conn *c, int64_t id, const int64_t *ids, size_t n,
                                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_IMAGES_CLEAR, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  for (size_t i = 0; i < n; i++) {
    if (!(s = jw_prepare(c, SQL_IMAGE_ADD, err))) return err->code;
    jw_bind_int(s, 1, id);
    jw_bind_int(s, 2, ids[i]);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
    jw_conn_release(c);
  }
  return JW_OK;
}

static void row(struct jw_stmt *s, struct jw_arena *a, struct jw_news_article *o) {
  memset(o, 0, sizeof *o);
  o->id = jw_col_int(s, 0);
  o->slug = jw_col_is_null(s, 1) ? NULL : jw_arena_strdup(a, jw_col_text(s, 1));
  o->category = jw_arena_strdup(a, jw_col_text(s, 2));
  o->title = jw_arena_strdup(a, jw_col_text(s, 3));
  o->summary = jw_arena_strdup(a, jw_col_text(s, 4));
  o->body_md = jw_arena_strdup(a, jw_col_text(s, 5));
  o->body_html = jw_arena_strdup(a, jw_col_text(s, 6));
  o->cover_upload_id = jw_col_is_null(s, 7) ? 0 : jw_col_int(s, 7);
  o->status = jw_arena_strdup(a, jw_col_text(s, 8));
  o->pinned = (int)jw_col_int(s, 9);
  o->publish_at = jw_col_is_null(s, 10) ? 0 : jw_col_int(s, 10);
  o->author_id = jw_col_int(s, 11);
  o->author_name = jw_arena_strdup(a, jw_col_text(s, 12));
  o->reviewer_id = jw_col_is_null(s, 13) ? 0 : jw_col_int(s, 13);
  o->reviewer_name = jw_col_is_null(s, 14) ? NULL : jw_arena_strdup(a, jw_col_text(s, 14));
  o->return_reason = jw_arena_strdup(a, jw_col_text(s, 15));
  o->created_at = jw_col_int(s, 16);
  o->updated_at = jw_col_int(s, 17);
  o->unit_path = jw_arena_strdup(a, jw_col_is_null(s, 18) ? "" : jw_col_text(s, 18));
}

/* Binds VISIBLE's five values for viewer from index i. */
static void bind_viewer(struct jw_stmt *s, int i, struct jw_arena *a, const struct jw_user *v) {
  const char *path = v->unit_path ? v->unit_path : "";
  jw_bind_int(s, i, v->id);
  jw_bind_int(s, i + 1, (JW_NEWS_REVIEWERS & JW_BIT(v->role)) ? 1 : 0);
  jw_bind_int(s, i + 2, v->whole_bureau ? 1 : 0);
  jw_bind_text(s, i + 3, path);
  jw_bind_text(s, i + 4, *path ? jw_db_prefix_end(a, path) : "");
}

static int one(struct jw_conn *c, struct jw_stmt *s, struct jw_arena *a, struct jw_news_article *out,
               struct jw_error *err) {
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) row(s, a, out);
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

/* row as jw_db_rows() calls it. */
static void row_read(struct jw_stmt *s, struct jw_arena *a, void *x) { row(s, a, x); }

static enum jw_code many(struct jw_conn *c, struct jw_stmt *s, struct jw_arena *a, struct jw_news_article **out,
                         size_t *n, struct jw_error *err) {
  void *rows;
  if (jw_db_rows(c, s, a, sizeof **out, 0, row_read, &rows, n, err) != JW_OK) return err->code;
  *out = rows;
  return JW_OK;
}

int jw_news_store_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_news_article *out,
                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GET, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  return one(c, s, a, out, err);
}

int jw_news_store_public_get(struct jw_conn *c, struct jw_arena *a, int64_t id, const char *slug, int64_t now,
                             struct jw_news_article *out, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, slug ? SQL_PUBLIC_SLUG : SQL_PUBLIC_ID, err);
  if (!s) return -1;
  if (slug)
    jw_bind_text(s, 1, slug);
  else
    jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, now);
  return one(c, s, a, out, err);
}

/* %q% for LIKE ... ESCAPE '!' (NULL for NULL). */
static const char *like_pattern(struct jw_arena *a, const char *q) {
  if (!q) return NULL;
  struct jw_buf b = {.a = a};
  jw_buf_puts(&b, "%");
  for (const char *p = q; *p; p++) {
    if (*p == '%' || *p == '_' || *p == '!') jw_buf_put(&b, "!", 1);
    jw_buf_put(&b, p, 1);
  }
  jw_buf_puts(&b, "%");
  return jw_arena_strndup(a, b.p, b.n);
}

enum jw_code jw_news_store_search(struct jw_conn *c, struct jw_arena *a, const char *q, const char *const cats[4],
                                  int64_t now, int64_t limit, struct jw_news_article **out, size_t *n,
                                  struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SEARCH, err);
  if (!s) return err->code;
  const char *like = like_pattern(a, q);
  jw_bind_int(s, 1, now);
  jw_bind_text(s, 2, like);
  jw_bind_text(s, 3, like);
  for (int i = 0; i < 4; i++) jw_bind_text(s, 4 + i, cats[i]);
  jw_bind_int(s, 8, limit);
  return many(c, s, a, out, n, err);
}

enum jw_code jw_news_store_public_list(struct jw_conn *c, struct jw_arena *a, const char *category, const char *q,
                                       int64_t now, int64_t limit, int64_t offset, int with_body,
                                       struct jw_news_article **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, with_body ? SQL_PUBLIC_LIST_BODY : SQL_PUBLIC_LIST, err);
  if (!s) return err->code;
  const char *like = like_pattern(a, q);
  jw_bind_int(s, 1, now);
  jw_bind_text(s, 2, category);
  jw_bind_text(s, 3, category);
  jw_bind_text(s, 4, like);
  jw_bind_text(s, 5, like);
  jw_bind_text(s, 6, like);
  jw_bind_int(s, 7, limit);
  jw_bind_int(s, 8, offset);
  return many(c, s, a, out, n, err);
}

enum jw_code jw_news_store_console_list(struct jw_conn *c, struct jw_arena *a, const struct jw_user *viewer,
                                        const char *status, int64_t limit, int64_t offset, struct jw_news_article **out,
                                        size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CONSOLE_LIST, err);
  if (!s) return err->code;
  bind_viewer(s, 1, a, viewer);
  jw_bind_text(s, 6, status);
  jw_bind_text(s, 7, status);
  jw_bind_int(s, 8, limit);
  jw_bind_int(s, 9, offset);
  return many(c, s, a, out, n, err);
}

int jw_news_store_move(struct jw_conn *c, int64_t id, const char *from, const char *to, int64_t not_author,
                       int64_t reviewer, const char *reason, int64_t publish_at, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MOVE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, to);
  jw_bind_id(s, 2, reviewer);
  jw_bind_text(s, 3, reason);
  jw_bind_id(s, 4, publish_at);
  jw_bind_text(s, 5, to);
  jw_bind_int(s, 6, now);
  jw_bind_int(s, 7, id);
  jw_bind_text(s, 8, from);
  jw_bind_int(s, 9, not_author);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  int n = (int)jw_changes(s);
  jw_conn_release(c);
  return n;
}

int jw_news_store_pin(struct jw_conn *c, int64_t id, int pinned, int max, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PIN, err);
  if (!s) return -1;
  jw_bind_int(s, 1, pinned);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, id);
  jw_bind_int(s, 4, pinned);
  jw_bind_int(s, 5, id);
  jw_bind_int(s, 6, max);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  int n = (int)jw_changes(s);
  jw_conn_release(c);
  return n;
}

int jw_news_store_image(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t now, const struct jw_user *staff,
                        struct jw_news_image *out, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_IMAGE, err);
  if (!s) return -1;
  const struct jw_user nobody = {0};
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, staff ? staff->id : 0);
  jw_bind_int(s, 4, staff ? staff->id : 0);
  bind_viewer(s, 5, a, staff ? staff : &nobody);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    snprintf(out->sha256, sizeof out->sha256, "%s", jw_col_text(s, 0));
    out->size = jw_col_int(s, 1);
    out->type = strcmp(jw_col_text(s, 2), "image/png") == 0 ? "image/png" : "image/jpeg";
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

int64_t jw_news_store_user(struct jw_conn *c, const char *login, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_USER, err);
  if (!s) return -1;
  jw_bind_text(s, 1, login);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int64_t id = st == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  jw_conn_release(c);
  return id;
}
