/* store.c — every SQL statement of the audit domain (tables audit_log and audit_head). */
#include "audit/store.h"

#include <stdio.h>
#include <string.h>

#include "core/mem.h"

static const char SQL_HEAD_NEXT[] = "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash";
static const char SQL_HEAD_SET[] = "UPDATE audit_head SET last_hash = ? WHERE id = 1";
static const char SQL_INSERT[] =
    "INSERT INTO audit_log (id, at, actor_id, actor_login, action, object_type, object_id, detail, ip,"
    " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ALL[] =
    "SELECT id, at, actor_id, actor_login, action, object_type, object_id, detail, ip, prev_hash, hash"
    " FROM audit_log WHERE id > ? ORDER BY id LIMIT ?";
static const char SQL_HEAD[] = "SELECT seq, last_hash FROM audit_head WHERE id = 1";
static const char SQL_PAGE[] =
    "SELECT id, at, actor_id, actor_login, action, object_type, object_id, detail, ip, prev_hash, hash"
    " FROM audit_log"
    " WHERE id < ? AND (CAST(? AS TEXT) IS NULL OR action = CAST(? AS TEXT))"
    " AND (CAST(? AS BIGINT) IS NULL OR actor_id = CAST(? AS BIGINT))"
    " ORDER BY id DESC LIMIT ?";

enum jw_code jw_audit_store_head_next(struct jw_conn *c, int64_t *seq, char prev[2 * JW_HASH_BYTES + 1],
                                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HEAD_NEXT, err);
  if (!s) return err->code;
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : jw_fail(err, JW_E_DB, "audit head missing");
  *seq = jw_col_int(s, 0);
  snprintf(prev, 2 * JW_HASH_BYTES + 1, "%s", jw_col_text(s, 1));
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_audit_store_insert(struct jw_conn *c, const struct jw_audit_row *row, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, row->id);
  jw_bind_int(s, 2, row->at);
  jw_bind_id(s, 3, row->actor_id);
  jw_bind_text(s, 4, row->actor_login);
  jw_bind_text(s, 5, row->action);
  jw_bind_text(s, 6, row->object_type);
  jw_bind_text(s, 7, row->object_id);
  jw_bind_text(s, 8, row->detail);
  jw_bind_text(s, 9, row->ip);
  jw_bind_text(s, 10, row->prev_hash);
  jw_bind_text(s, 11, row->hash);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_audit_store_head_set(struct jw_conn *c, const char *hash, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HEAD_SET, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, hash);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_audit_store_head(struct jw_conn *c, int64_t *seq, char hash[2 * JW_HASH_BYTES + 1],
                                 struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HEAD, err);
  if (!s) return err->code;
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : jw_fail(err, JW_E_DB, "audit head missing");
  *seq = jw_col_int(s, 0);
  snprintf(hash, 2 * JW_HASH_BYTES + 1, "%s", jw_col_text(s, 1));
  jw_conn_release(c);
  return JW_OK;
}

/* The current row of a statement selecting SQL_ALL's columns; strings borrowed from s. */
static struct jw_audit_row row_of(struct jw_stmt *s) {
  struct jw_audit_row row = {
      .id = jw_col_int(s, 0),
      .at = jw_col_int(s, 1),
      .actor_id = jw_col_is_null(s, 2) ? 0 : jw_col_int(s, 2),
      .actor_login = jw_col_text(s, 3),
      .action = jw_col_text(s, 4),
      .object_type = jw_col_text(s, 5),
      .object_id = jw_col_text(s, 6),
      .detail = jw_col_text(s, 7),
      .ip = jw_col_text(s, 8),
      .prev_hash = jw_col_text(s, 9),
      .hash = jw_col_text(s, 10),
  };
  return row;
}

enum jw_code jw_audit_store_walk(struct jw_conn *c, int64_t after, int limit,
                                 int (*visit)(void *ctx, const struct jw_audit_row *row), void *ctx, int *got,
                                 struct jw_error *err) {
  *got = 0;
  struct jw_stmt *s = jw_prepare(c, SQL_ALL, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, after);
  jw_bind_int(s, 2, limit);
  enum jw_step step;
  while ((step = jw_step(s, err)) == JW_STEP_ROW) {
    (*got)++;
    struct jw_audit_row row = row_of(s);
    if (!visit(ctx, &row)) return JW_OK;
  }
  return step == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_audit_store_page(struct jw_conn *c, int64_t before, const char *action, int64_t actor_id, int64_t limit,
                                 struct jw_arena *a, struct jw_audit_row **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PAGE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, before);
  jw_bind_text(s, 2, action);
  jw_bind_text(s, 3, action);
  jw_bind_id(s, 4, actor_id);
  jw_bind_id(s, 5, actor_id);
  jw_bind_int(s, 6, limit);
  size_t cap = 0, len = 0;
  struct jw_audit_row *rows = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (len == cap) {
      size_t ncap = cap ? 2 * cap : 16;
      struct jw_audit_row *nr = jw_arena_alloc(a, ncap * sizeof *nr);
      if (len) memcpy(nr, rows, len * sizeof *nr);
      rows = nr;
      cap = ncap;
    }
    struct jw_audit_row row = row_of(s);
    const char **strs[] = {&row.actor_login, &row.action, &row.object_type, &row.object_id,
                           &row.detail,      &row.ip,     &row.prev_hash,   &row.hash};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) *strs[i] = jw_arena_strdup(a, *strs[i]);
    rows[len++] = row;
  }
  if (st == JW_STEP_ERROR) return err->code;
  *out = rows;
  *n = len;
  return JW_OK;
}
