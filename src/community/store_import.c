/* store_import.c — the SQL of the spreadsheet import and export (see
 * store_import.h). */
#include "community/store_import.h"

#include <string.h>

#include "core/mem.h"

static const char SQL_IMPORT_INSERT[] =
    "INSERT INTO resident_imports (user_id, status, format, encoding, file_sha256, total_rows, valid_rows,"
    " error_rows, rows_enc, created_at, expires_at) VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_IMPORT_PURGE[] =
    "UPDATE resident_imports SET rows_enc = NULL WHERE status = 'pending' AND expires_at < ? AND rows_enc IS NOT NULL";
static const char SQL_IMPORT_ONE[] =
    "SELECT id, user_id, status, file_sha256, expires_at, rows_enc FROM resident_imports WHERE id = ?";
static const char SQL_IMPORT_FINISH[] =
    "UPDATE resident_imports SET status = ?, inserted = ?, updated = ?, finished_at = ?, rows_enc = NULL"
    " WHERE id = ? AND status = 'pending'";
static const char SQL_RESIDENT_ENC[] = "SELECT id_enc FROM residents WHERE id = ?";

enum jw_code jw_comm_store_import_insert(struct jw_conn *c, int64_t user_id, const char *format, const char *encoding,
                                         const char *sha256, int64_t total, int64_t valid, int64_t errors,
                                         const void *rows_enc, size_t rows_enc_len, int64_t now, int64_t expires_at,
                                         int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_IMPORT_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_text(s, 2, format);
  jw_bind_text(s, 3, encoding);
  jw_bind_text(s, 4, sha256);
  jw_bind_int(s, 5, total);
  jw_bind_int(s, 6, valid);
  jw_bind_int(s, 7, errors);
  jw_bind_blob(s, 8, rows_enc, rows_enc_len);
  jw_bind_int(s, 9, now);
  jw_bind_int(s, 10, expires_at);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) return st == JW_STEP_ERROR ? err->code : jw_fail(err, JW_E_DB, "the import was not stored");
  *id = jw_col_int(s, 0);
  jw_step(s, err);
  return JW_OK;
}

enum jw_code jw_comm_store_import_purge(struct jw_conn *c, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_IMPORT_PURGE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_comm_store_import(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_comm_import *out,
                                  struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_IMPORT_ONE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no such import.");
  memset(out, 0, sizeof *out);
  out->id = jw_col_int(s, 0);
  out->user_id = jw_col_int(s, 1);
  out->status = jw_arena_strdup(a, jw_col_text(s, 2));
  out->sha256 = jw_arena_strdup(a, jw_col_text(s, 3));
  out->expires_at = jw_col_int(s, 4);
  if (!jw_col_is_null(s, 5)) {
    size_t n = 0;
    const void *b = jw_col_blob(s, 5, &n);
    void *copy = jw_arena_alloc(a, n ? n : 1);
    if (n) memcpy(copy, b, n);
    out->rows_enc = copy;
    out->rows_enc_len = n;
  }
  jw_step(s, err);
  return JW_OK;
}

enum jw_code jw_comm_store_import_finish(struct jw_conn *c, int64_t id, const char *status, int64_t inserted,
                                         int64_t updated, int64_t now, int *changed, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_IMPORT_FINISH, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, status);
  jw_bind_int(s, 2, inserted);
  jw_bind_int(s, 3, updated);
  jw_bind_int(s, 4, now);
  jw_bind_int(s, 5, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *changed = jw_changes(s) == 1;
  return JW_OK;
}

enum jw_code jw_comm_store_resident_enc(struct jw_conn *c, struct jw_arena *a, int64_t id, const void **enc, size_t *n,
                                        struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RESIDENT_ENC, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no such resident.");
  const void *b = jw_col_blob(s, 0, n);
  void *copy = jw_arena_alloc(a, *n ? *n : 1);
  if (*n) memcpy(copy, b, *n);
  *enc = copy;
  jw_step(s, err);
  return JW_OK;
}
