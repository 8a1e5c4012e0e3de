/* services_api.c — the catalogue: public search and reading, staff drafts and publication. */
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/validate.h"
#include "http/rows.h"
#include "services/cache.h"
#include "services/services.h"

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

static int one_of(const char *s, const char *const *choices) {
  for (int i = 0; choices[i]; i++)
    if (strcmp(s, choices[i]) == 0) return 1;
  return 0;
}

/* Answers a page of the ids the query s finds with their list entries from
 * the snapshot, written straight into the response. */
static enum jw_code list_reply(struct jw_req *r, struct jw_stmt *s, int64_t limit, int64_t offset,
                               struct jw_error *err) {
  const struct jw_svc_item **found = jw_arena_alloc(r->arena, (size_t)limit * sizeof *found);
  int64_t ids[101];
  int64_t n = 0, next = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (n == limit) {
      next = offset + limit;
      break;
    }
    ids[n++] = jw_col_int(s, 0);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(r->db);
  struct jw_svc_snapshot *snap = jw_svc_snapshot(r, err);
  if (!snap) return err->code;
  size_t len = 64, k = 0;
  for (int64_t i = 0; i < n; i++)
    if ((found[k] = jw_svc_item(snap, ids[i]))) len += found[k++]->summary_len + 1;
  char *out = jw_arena_alloc(r->arena, len), *p = out;
  p += sprintf(p, "{\"items\":[");
  for (size_t i = 0; i < k; i++) {
    if (i) *p++ = ',';
    memcpy(p, found[i]->summary, found[i]->summary_len);
    p += found[i]->summary_len;
  }
  if (next)
    sprintf(p, "],\"next_cursor\":\"%lld\"}", (long long)next);
  else
    sprintf(p, "],\"next_cursor\":null}");
  jw_reply_text(r, 200, "application/json", out);
  return JW_OK;
}

enum jw_code jw_services_api_list(struct jw_req *r, struct jw_error *err) {
  static const char *const levels[] = {"notify", "appointment", "online", "query", NULL};
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  const char *q = jw_query(r, "q"), *category = jw_query(r, "category"), *level = jw_query(r, "online_level");
  long qlen = q ? jw_utf8_len(q, strlen(q)) : 0;
  if (qlen < 0 || qlen > 50) jw_field_fail(err, "q", "must be at most 50 characters of text");
  if (category && !one_of(category, jw_service_categories)) jw_field_fail(err, "category", "is not a category");
  if (level && !one_of(level, levels))
    jw_field_fail(err, "online_level", "must be notify, appointment, online or query");
  if (err->nfields) return JW_E_VALIDATION;
  if (q && qlen == 0) q = NULL;
  int fts = q && qlen >= 3 && jw_db_kind(r->app->db) == JW_DB_SQLITE;
  int trgm = q && qlen >= 3 && !fts;
  struct jw_stmt *s = jw_prepare(r->db,
                                 !q     ? SQL_LIST
                                 : fts  ? SQL_SEARCH_FTS
                                 : trgm ? SQL_SEARCH_TRGM
                                        : SQL_SEARCH_LIKE,
                                 err);
  if (!s) return err->code;
  int i = 1;
  char *like = jw_db_like(r->arena, q);
  if (fts) {
    /* One FTS5 phrase: the query as a string, its quotes doubled. */
    size_t n = strlen(q);
    char *phrase = jw_arena_alloc(r->arena, 2 * n + 3), *p = phrase;
    *p++ = '"';
    for (size_t k = 0; k < n; k++) {
      if (q[k] == '"') *p++ = '"';
      *p++ = q[k];
    }
    *p++ = '"';
    *p = '\0';
    jw_bind_text(s, i++, phrase);
  } else if (q) {
    jw_bind_text(s, i++, like);
  }
  jw_bind_text(s, i++, category);
  jw_bind_text(s, i++, category);
  jw_bind_text(s, i++, level);
  jw_bind_text(s, i++, level);
  if (q) {
    jw_bind_text(s, i++, like);
    jw_bind_text(s, i++, like);
    jw_bind_text(s, i++, like + 1); /* "q%": the name starts with the query */
  }
  if (trgm) jw_bind_text(s, i++, q);
  jw_bind_int(s, i++, limit + 1);
  jw_bind_int(s, i++, offset);
  return list_reply(r, s, limit, offset, err);
}

static const char SQL_CATEGORIES[] =
    "SELECT c.code, c.name, (SELECT COUNT(*) FROM services s WHERE s.category = c.code AND s.version > 0)"
    " FROM service_categories c ORDER BY c.sort";

static json_t *category_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  return json_pack("{s:s, s:s, s:I}", "code", jw_col_text(s, 0), "name", jw_col_text(s, 1), "count",
                   (json_int_t)jw_col_int(s, 2));
}

enum jw_code jw_services_api_categories(struct jw_req *r, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_CATEGORIES, err);
  if (!s) return err->code;
  return jw_reply_rows(r, s, category_json, NULL, err);
}

static const char SQL_VERSION_META[] =
    "SELECT v.published_at, (SELECT COUNT(*) FROM service_versions x WHERE x.service_id = v.service_id)"
    " FROM service_versions v WHERE v.service_id = ? AND v.version = ?";

enum jw_code jw_services_api_get(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  const char *vq = jw_query(r, "version");
  int version = 0;
  if (vq) {
    char *end;
    long v = strtol(vq, &end, 10);
    if (*vq == '\0' || *end || v < 1 || v > 1000000) return jw_fail(err, JW_E_NOT_FOUND, "There is no such version.");
    version = (int)v;
  }
  if (!version) {
    struct jw_svc_snapshot *snap = jw_svc_snapshot(r, err);
    if (!snap) return err->code;
    const struct jw_svc_item *it = jw_svc_item(snap, id);
    if (!it) return jw_fail(err, JW_E_NOT_FOUND, "There is no published item %s.", r->params[0]);
    jw_reply_bytes(r, 200, "application/json", it->guide, it->guide_len);
    return JW_OK;
  }
  json_t *doc;
  if (jw_service_doc(r->db, id, version, &doc, &version, err) != JW_OK) return err->code;
  jw_arena_defer(r->arena, (void (*)(void *))json_decref, doc);
  struct jw_stmt *s = jw_prepare(r->db, SQL_VERSION_META, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, version);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  jw_svc_guide_fields(doc, id, version, jw_time_json(r, jw_col_int(s, 0)), jw_col_int(s, 1));
  jw_reply_json(r, 200, json_incref(doc));
  return JW_OK;
}

static const char SQL_VERSIONS[] =
    "SELECT version, published_at, published_by FROM service_versions"
    " WHERE service_id = ? ORDER BY version DESC";

static json_t *version_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  return json_pack("{s:I, s:o, s:s}", "version", (json_int_t)jw_col_int(s, 0), "published_at",
                   jw_time_json(r, jw_col_int(s, 1)), "published_by", jw_col_text(s, 2));
}

enum jw_code jw_services_api_versions(struct jw_req *r, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_VERSIONS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, jw_param_id(r, 0));
  json_t *items = jw_rows_json(r, s, version_json, NULL, err);
  if (!items) return err->code;
  if (json_array_size(items) == 0) {
    json_decref(items);
    return jw_fail(err, JW_E_NOT_FOUND, "There is no published item %s.", r->params[0]);
  }
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}
