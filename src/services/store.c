/* store.c — every SQL statement of the services domain: the catalogue
 * (services, service_versions, services_fts, service_categories) and the
 * disclosure's counts over applications. */
#include "services/store.h"

#include <string.h>

#include "core/mem.h"
#include "core/validate.h"

/* ---- published documents ---- */

static const char SQL_DOC_CURRENT[] =
    "SELECT v.doc, v.version FROM services s JOIN service_versions v ON v.service_id = s.id AND v.version = s.version"
    " WHERE s.id = ?";
static const char SQL_DOC_VERSION[] = "SELECT doc, version FROM service_versions WHERE service_id = ? AND version = ?";
static const char SQL_VERSION_META[] =
    "SELECT v.published_at, (SELECT COUNT(*) FROM service_versions x WHERE x.service_id = v.service_id)"
    " FROM service_versions v WHERE v.service_id = ? AND v.version = ?";
static const char SQL_VERSIONS[] =
    "SELECT version, published_at, published_by FROM service_versions"
    " WHERE service_id = ? ORDER BY version DESC";
static const char SQL_PUBLISHED[] =
    "SELECT s.id, s.summary, v.doc, v.version, v.published_at,"
    " (SELECT COUNT(*) FROM service_versions x WHERE x.service_id = s.id)"
    " FROM services s JOIN service_versions v ON v.service_id = s.id AND v.version = s.version"
    " WHERE s.version > 0 ORDER BY s.id";

enum jw_code jw_svc_store_doc(struct jw_conn *c, struct jw_arena *a, int64_t id, int version, const char **text,
                              int *out_version, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, version ? SQL_DOC_VERSION : SQL_DOC_CURRENT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (version) jw_bind_int(s, 2, version);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE)
    return jw_fail(err, JW_E_NOT_FOUND, "There is no published item %lld%s.", (long long)id,
                   version ? " in that version" : "");
  *text = jw_arena_strdup(a, jw_col_text(s, 0));
  *out_version = (int)jw_col_int(s, 1);
  jw_step(s, err);
  return JW_OK;
}

enum jw_code jw_svc_store_version_meta(struct jw_conn *c, int64_t id, int version, struct jw_service_version_meta *out,
                                       struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_VERSION_META, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, version);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE)
    return jw_fail(err, JW_E_NOT_FOUND, "There is no published item %lld%s.", (long long)id, " in that version");
  out->published_at = jw_col_int(s, 0);
  out->versions_count = jw_col_int(s, 1);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_svc_store_versions(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_service_version **out,
                                   size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_VERSIONS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  size_t cap = 0, len = 0;
  struct jw_service_version *v = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    v = jw_arena_grow(a, v, len, &cap, sizeof *v);
    v[len].version = (int)jw_col_int(s, 0);
    v[len].published_at = jw_col_int(s, 1);
    v[len++].published_by = jw_arena_strdup(a, jw_col_text(s, 2));
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = v;
  *n = len;
  return JW_OK;
}

enum jw_code jw_svc_store_published(struct jw_conn *c, struct jw_arena *a, struct jw_svc_item **out, size_t *n,
                                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PUBLISHED, err);
  if (!s) return err->code;
  size_t cap = 0, len = 0;
  struct jw_svc_item *items = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    items = jw_arena_grow(a, items, len, &cap, sizeof *items);
    struct jw_svc_item *it = &items[len++];
    memset(it, 0, sizeof *it);
    it->id = jw_col_int(s, 0);
    it->summary_len = strlen(jw_col_text(s, 1));
    it->summary = jw_arena_strndup(a, jw_col_text(s, 1), it->summary_len);
    it->doc = jw_arena_strdup(a, jw_col_text(s, 2));
    it->version = (int)jw_col_int(s, 3);
    it->published_at = jw_col_int(s, 4);
    it->versions_count = jw_col_int(s, 5);
  }
  if (st == JW_STEP_ERROR) return err->code;
  *out = items;
  *n = len;
  return JW_OK;
}

/* ---- search ---- */

/* Search. Queries of three or more characters use the trigram index (FTS5
 * on SQLite, pg_trgm on PostgreSQL); shorter ones ("居住") cannot, and scan
 * the small catalogue with LIKE. Name matches rank before keyword matches. */
#define FILTERS                                                    \
  " AND (CAST(? AS TEXT) IS NULL OR s.category = CAST(? AS TEXT))" \
  " AND (CAST(? AS TEXT) IS NULL OR s.online_level = CAST(? AS TEXT))"
/* Name matches first, names that start with the query before others, then
 * shorter (closer) names, then the index's own rank. */
#define RANK                                                                                                   \
  " ORDER BY CASE WHEN s.name LIKE ? ESCAPE '\\' THEN 0 WHEN s.keywords LIKE ? ESCAPE '\\' THEN 1 ELSE 2 END," \
  " CASE WHEN s.name LIKE ? ESCAPE '\\' THEN 0 ELSE 1 END, length(s.name), "
static const char SQL_SEARCH_FTS[] =
    "SELECT s.id FROM services_fts f JOIN services s ON s.id = f.rowid"
    " WHERE services_fts MATCH ? AND s.version > 0" FILTERS RANK
    "bm25(services_fts, 10.0, 5.0, 1.0), s.sort LIMIT ? OFFSET ?";
static const char SQL_SEARCH_LIKE[] =
    "SELECT s.id FROM services s WHERE s.search LIKE ? ESCAPE '\\'"
    " AND s.version > 0" FILTERS RANK "s.sort LIMIT ? OFFSET ?";
static const char SQL_LIST[] =
    "SELECT s.id FROM services s WHERE s.version > 0" FILTERS " ORDER BY s.sort, s.id LIMIT ? OFFSET ?";
static const char SQL_SEARCH_TRGM[] =
    "SELECT s.id FROM services s WHERE s.search LIKE ? ESCAPE '\\'"
    " AND s.version > 0" FILTERS RANK "similarity(s.search, ?) DESC, s.sort LIMIT ? OFFSET ?";

/* q as one FTS5 phrase: the query as a string, its quotes doubled. Arena-owned. */
static char *fts_phrase(struct jw_arena *a, const char *q) {
  size_t n = strlen(q);
  char *phrase = jw_arena_alloc(a, 2 * n + 3), *p = phrase;
  *p++ = '"';
  for (size_t k = 0; k < n; k++) {
    if (q[k] == '"') *p++ = '"';
    *p++ = q[k];
  }
  *p++ = '"';
  *p = '\0';
  return phrase;
}

enum jw_code jw_svc_store_search(struct jw_conn *c, enum jw_db_kind kind, struct jw_arena *a,
                                 const struct jw_service_query *f, int64_t max, int64_t offset, int64_t **ids,
                                 size_t *n, struct jw_error *err) {
  const char *q = f->q && *f->q ? f->q : NULL;
  long qlen = q ? jw_utf8_len(q, strlen(q)) : 0;
  int fts = q && qlen >= 3 && kind == JW_DB_SQLITE;
  int trgm = q && qlen >= 3 && !fts;
  struct jw_stmt *s = jw_prepare(c,
                                 !q     ? SQL_LIST
                                 : fts  ? SQL_SEARCH_FTS
                                 : trgm ? SQL_SEARCH_TRGM
                                        : SQL_SEARCH_LIKE,
                                 err);
  if (!s) return err->code;
  int i = 1;
  char *like = jw_db_like(a, q);
  if (fts)
    jw_bind_text(s, i++, fts_phrase(a, q));
  else if (q)
    jw_bind_text(s, i++, like);
  jw_bind_text(s, i++, f->category);
  jw_bind_text(s, i++, f->category);
  jw_bind_text(s, i++, f->online_level);
  jw_bind_text(s, i++, f->online_level);
  if (q) {
    jw_bind_text(s, i++, like);
    jw_bind_text(s, i++, like);
    jw_bind_text(s, i++, like + 1); /* "q%": the name starts with the query */
  }
  if (trgm) jw_bind_text(s, i++, q);
  jw_bind_int(s, i++, max);
  jw_bind_int(s, i++, offset);
  size_t cap = 0, len = 0;
  int64_t *found = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    found = jw_arena_grow(a, found, len, &cap, sizeof *found);
    found[len++] = jw_col_int(s, 0);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *ids = found;
  *n = len;
  return JW_OK;
}

static const char SQL_CATEGORIES[] =
    "SELECT c.code, c.name, (SELECT COUNT(*) FROM services s WHERE s.category = c.code AND s.version > 0)"
    " FROM service_categories c ORDER BY c.sort";

enum jw_code jw_svc_store_categories(struct jw_conn *c, struct jw_arena *a, struct jw_service_category **out, size_t *n,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CATEGORIES, err);
  if (!s) return err->code;
  size_t cap = 0, len = 0;
  struct jw_service_category *cats = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    cats = jw_arena_grow(a, cats, len, &cap, sizeof *cats);
    cats[len].code = jw_arena_strdup(a, jw_col_text(s, 0));
    cats[len].name = jw_arena_strdup(a, jw_col_text(s, 1));
    cats[len++].count = jw_col_int(s, 2);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = cats;
  *n = len;
  return JW_OK;
}

/* ---- editing ---- */

/* Items an editor still has work on: a saved draft, or never published. */
static const char SQL_DRAFTS[] =
    "SELECT id, code, name, category, version, CASE WHEN draft IS NULL THEN 0 ELSE 1 END, updated_at FROM services"
    " WHERE draft IS NOT NULL OR version = 0 ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?";
static const char SQL_DRAFT[] = "SELECT draft, version FROM services WHERE id = ?";
static const char SQL_CREATE[] =
    "INSERT INTO services (code, name, category, online_level, draft, sort, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(sort), 0) + 10 FROM services), ?, ?) RETURNING id";
static const char SQL_DRAFT_PUT[] = "UPDATE services SET draft = ?, updated_at = ? WHERE id = ?";
static const char SQL_VERSION_ADD[] =
    "INSERT INTO service_versions (service_id, version, doc, published_at, published_by) VALUES (?, ?, ?, ?, ?)";
static const char SQL_PUBLISH[] =
    "UPDATE services SET code = ?, name = ?, category = ?, online_level = ?, keywords = ?, conditions = ?,"
    " search = ?, version = ?, summary = ?, draft = NULL, updated_at = ? WHERE id = ? AND version = ?";
static const char SQL_FTS_DEL[] = "DELETE FROM services_fts WHERE rowid = ?";
static const char SQL_FTS_ADD[] = "INSERT INTO services_fts (rowid, name, keywords, conditions) VALUES (?, ?, ?, ?)";

enum jw_code jw_svc_store_drafts(struct jw_conn *c, struct jw_arena *a, int64_t max, int64_t offset,
                                 struct jw_service_draft_row **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DRAFTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, max);
  jw_bind_int(s, 2, offset);
  size_t cap = 0, len = 0;
  struct jw_service_draft_row *rows = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    struct jw_service_draft_row *d = &rows[len++];
    d->id = jw_col_int(s, 0);
    d->code = jw_arena_strdup(a, jw_col_text(s, 1));
    d->name = jw_arena_strdup(a, jw_col_text(s, 2));
    d->category = jw_arena_strdup(a, jw_col_text(s, 3));
    d->version = (int)jw_col_int(s, 4);
    d->has_draft = jw_col_int(s, 5) != 0;
    d->updated_at = jw_col_int(s, 6);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

enum jw_code jw_svc_store_draft(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **text, int *version,
                                struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DRAFT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no item %lld.", (long long)id);
  *text = jw_col_is_null(s, 0) ? NULL : jw_arena_strdup(a, jw_col_text(s, 0));
  *version = (int)jw_col_int(s, 1);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_svc_store_create(struct jw_conn *c, const struct jw_service_new *sv, int64_t now, int64_t *id,
                                 struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CREATE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, sv->code);
  jw_bind_text(s, 2, sv->name);
  jw_bind_text(s, 3, sv->category);
  jw_bind_text(s, 4, sv->online_level);
  jw_bind_text(s, 5, sv->text);
  jw_bind_int(s, 6, now);
  jw_bind_int(s, 7, now);
  if (jw_step(s, err) != JW_STEP_ROW) {
    if (err->code == JW_E_CONFLICT) return jw_fail(err, JW_E_CONFLICT, "Another item already has this code.");
    return err->code ? err->code : JW_E_DB;
  }
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_svc_store_draft_put(struct jw_conn *c, int64_t id, const char *text, int64_t now,
                                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DRAFT_PUT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, text);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_NOT_FOUND, "There is no item %lld.", (long long)id);
  return JW_OK;
}

enum jw_code jw_svc_store_version_add(struct jw_conn *c, int64_t id, int version, const char *text, int64_t now,
                                      const char *login, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_VERSION_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, version);
  jw_bind_text(s, 3, text);
  jw_bind_int(s, 4, now);
  jw_bind_text(s, 5, login);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_svc_store_publish(struct jw_conn *c, int64_t id, int old, const struct jw_svc_published *p, int64_t now,
                                  struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PUBLISH, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, p->code);
  jw_bind_text(s, 2, p->name);
  jw_bind_text(s, 3, p->category);
  jw_bind_text(s, 4, p->online_level);
  jw_bind_text(s, 5, p->keywords);
  jw_bind_text(s, 6, p->conditions);
  jw_bind_text(s, 7, p->search);
  jw_bind_int(s, 8, p->version);
  jw_bind_text(s, 9, p->summary);
  jw_bind_int(s, 10, now);
  jw_bind_int(s, 11, id);
  jw_bind_int(s, 12, old);
  if (jw_step(s, err) == JW_STEP_ERROR)
    return err->code == JW_E_CONFLICT ? jw_fail(err, JW_E_CONFLICT, "Another item already has this code.") : err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_CONFLICT, "Someone else published this item meanwhile.");
  return JW_OK;
}

enum jw_code jw_svc_store_fts_replace(struct jw_conn *c, int64_t id, const struct jw_svc_published *p,
                                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FTS_DEL, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_FTS_ADD, err))) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_text(s, 2, p->name);
  jw_bind_text(s, 3, p->keywords);
  jw_bind_text(s, 4, p->conditions);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

/* ---- disclosure ---- */

#define FIGURES                                                                                        \
  "COUNT(a.id), SUM(CASE WHEN a.status = 'completed' THEN 1 ELSE 0 END), COALESCE(SUM(a.on_time), 0)," \
  " COALESCE(SUM(rt.grade), 0), COUNT(rt.grade)"
#define FROM " FROM applications a LEFT JOIN application_ratings rt ON rt.application_id = a.id"

static const char SQL_TOTAL[] =
    "SELECT " FIGURES FROM " WHERE (CAST(? AS BIGINT) IS NULL OR a.service_id = CAST(? AS BIGINT))";
static const char SQL_RECEIVED_BY_MONTH[] =
    "SELECT a.submitted_month, COUNT(*) FROM applications a"
    " WHERE (CAST(? AS BIGINT) IS NULL OR a.service_id = CAST(? AS BIGINT)) GROUP BY a.submitted_month";
static const char SQL_COMPLETED_BY_MONTH[] =
    "SELECT a.completed_month, COUNT(*), COALESCE(SUM(a.on_time), 0) FROM applications a"
    " WHERE a.completed_month IS NOT NULL AND (CAST(? AS BIGINT) IS NULL OR a.service_id = CAST(? AS BIGINT))"
    " GROUP BY a.completed_month";
/* Every published item, those without applications with zeros. */
static const char SQL_BY_ITEM[] = "SELECT s.id, s.code, s.name, " FIGURES
                                  " FROM services s LEFT JOIN applications a ON a.service_id = s.id"
                                  " LEFT JOIN application_ratings rt ON rt.application_id = a.id"
                                  " WHERE s.version > 0 GROUP BY s.id, s.code, s.name ORDER BY 4 DESC, s.id";
static const char SQL_SERVICE[] = "SELECT name FROM services WHERE id = ? AND version > 0";
static const char SQL_HANDLERS[] =
    "SELECT DISTINCT u.id, COALESCE(o.name, u.name), o.badge_no, COALESCE(ou.name, uu.name, '')"
    " FROM application_events e JOIN applications a ON a.id = e.application_id JOIN users u ON u.id = e.actor_id"
    " LEFT JOIN officers o ON o.user_id = u.id LEFT JOIN units ou ON ou.id = o.unit_id"
    " LEFT JOIN units uu ON uu.id = u.unit_id"
    " WHERE a.service_id = ? AND u.kind = 'staff' ORDER BY u.id";

/* Binds item id (0: NULL, all items) as parameters 1 and 2. */
static void bind_service(struct jw_stmt *s, int64_t id) {
  jw_bind_id(s, 1, id);
  jw_bind_id(s, 2, id);
}

/* The FIGURES columns of the current row from column col. */
static void read_figures(struct jw_stmt *s, int col, struct jw_disclosure_figures *f) {
  f->received = jw_col_int(s, col);
  f->completed = jw_col_int(s, col + 1);
  f->on_time = jw_col_int(s, col + 2);
  f->rating_sum = jw_col_int(s, col + 3);
  f->rating_count = jw_col_int(s, col + 4);
}

enum jw_code jw_svc_store_disclosure_total(struct jw_conn *c, int64_t id, struct jw_disclosure_figures *out,
                                           struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_TOTAL, err);
  if (!s) return err->code;
  bind_service(s, id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  read_figures(s, 0, out);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_svc_store_disclosure_months(struct jw_conn *c, struct jw_arena *a, int64_t id, int completed,
                                            struct jw_disclosure_month **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, completed ? SQL_COMPLETED_BY_MONTH : SQL_RECEIVED_BY_MONTH, err);
  if (!s) return err->code;
  bind_service(s, id);
  size_t cap = 0, len = 0;
  struct jw_disclosure_month *months = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    months = jw_arena_grow(a, months, len, &cap, sizeof *months);
    struct jw_disclosure_month *m = &months[len++];
    m->month = jw_arena_strdup(a, jw_col_text(s, 0));
    m->received = completed ? 0 : jw_col_int(s, 1);
    m->completed = completed ? jw_col_int(s, 1) : 0;
    m->on_time = completed ? jw_col_int(s, 2) : 0;
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = months;
  *n = len;
  return JW_OK;
}

enum jw_code jw_svc_store_disclosure_items(struct jw_conn *c, struct jw_arena *a, struct jw_disclosure_item **out,
                                           size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_BY_ITEM, err);
  if (!s) return err->code;
  size_t cap = 0, len = 0;
  struct jw_disclosure_item *items = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    items = jw_arena_grow(a, items, len, &cap, sizeof *items);
    struct jw_disclosure_item *it = &items[len++];
    it->id = jw_col_int(s, 0);
    it->code = jw_arena_strdup(a, jw_col_text(s, 1));
    it->name = jw_arena_strdup(a, jw_col_text(s, 2));
    read_figures(s, 3, &it->f);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = items;
  *n = len;
  return JW_OK;
}

enum jw_code jw_svc_store_published_name(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **name,
                                         struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SERVICE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no published item %lld%s.", (long long)id, "");
  *name = jw_arena_strdup(a, jw_col_text(s, 0));
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_svc_store_disclosure_handlers(struct jw_conn *c, struct jw_arena *a, int64_t id,
                                              struct jw_disclosure_handler **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HANDLERS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  size_t cap = 0, len = 0;
  struct jw_disclosure_handler *h = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    h = jw_arena_grow(a, h, len, &cap, sizeof *h);
    h[len].name = jw_arena_strdup(a, jw_col_text(s, 1));
    h[len].badge_no = jw_col_is_null(s, 2) ? NULL : jw_arena_strdup(a, jw_col_text(s, 2));
    h[len++].unit_name = jw_arena_strdup(a, jw_col_text(s, 3));
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = h;
  *n = len;
  return JW_OK;
}
