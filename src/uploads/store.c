/* store.c — every SQL statement of the uploads domain (uploads, upload_blobs, upload_usage). */
#include "uploads/store.h"

#include <assert.h>
#include <stdio.h>

static const char SQL_USAGE[] =
    "INSERT INTO upload_usage (user_id, day, bytes, files) VALUES (?, ?, ?, 1)"
    " ON CONFLICT (user_id, day) DO UPDATE SET bytes = upload_usage.bytes + excluded.bytes,"
    " files = upload_usage.files + 1"
    " WHERE upload_usage.bytes + excluded.bytes <= ? AND upload_usage.files + 1 <= ? RETURNING files";
static const char SQL_BLOB_TOUCH[] =
    "INSERT INTO upload_blobs (sha256, size, last_used_at) VALUES (?, ?, ?)"
    " ON CONFLICT (sha256) DO UPDATE SET last_used_at = excluded.last_used_at";
static const char SQL_UPLOAD_ADD[] =
    "INSERT INTO uploads (user_id, sha256, content_type, size, name, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
/* An upload is in use while any of these refers to it; a domain whose records
 * keep uploads adds its line here (the quota, the sweep and the purge all
 * read this one list). */
#define UPLOAD_UNREFERENCED                                                          \
  " AND NOT EXISTS (SELECT 1 FROM application_files f WHERE f.upload_id = u.id)"     \
  " AND NOT EXISTS (SELECT 1 FROM reports p WHERE p.upload_id = u.id)"               \
  " AND NOT EXISTS (SELECT 1 FROM news_articles na WHERE na.cover_upload_id = u.id)" \
  " AND NOT EXISTS (SELECT 1 FROM news_images ni WHERE ni.upload_id = u.id)"         \
  " AND NOT EXISTS (SELECT 1 FROM consultation_attachments a WHERE a.upload_id = u.id)"
static const char SQL_UNATTACHED[] =
    "SELECT CAST(COALESCE(SUM(u.size), 0) AS BIGINT) FROM uploads u WHERE u.user_id = ?" UPLOAD_UNREFERENCED;
static const char SQL_UPLOAD_DELETE[] = "DELETE FROM uploads WHERE id = ?";
static const char SQL_OLD_UNUSED[] = "SELECT 1 FROM uploads u WHERE u.created_at < ?" UPLOAD_UNREFERENCED " LIMIT 1";
static const char SQL_DROP_UNUSED[] =
    "DELETE FROM uploads WHERE id IN (SELECT u.id FROM uploads u WHERE u.created_at < ?" UPLOAD_UNREFERENCED
    " ORDER BY u.id LIMIT 500)";
static const char SQL_ORPHAN_BLOBS[] =
    "SELECT sha256 FROM upload_blobs b WHERE b.last_used_at < ?"
    " AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.sha256 = b.sha256) ORDER BY b.sha256 LIMIT 64";
static const char SQL_DROP_BLOB[] =
    "DELETE FROM upload_blobs WHERE sha256 = ? AND last_used_at < ?"
    " AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.sha256 = upload_blobs.sha256)";
static const char SQL_OLD_USAGE[] = "DELETE FROM upload_usage WHERE day < ?";

/* The code of a step that gave no row where one was due. */
static enum jw_code no_row(const struct jw_error *err) { return err->code ? err->code : JW_E_DB; }

enum jw_code jw_uploads_store_count_usage(struct jw_conn *c, int64_t user_id, const char *day, int64_t bytes,
                                          int64_t max_bytes, int max_files, int *counted, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_USAGE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_text(s, 2, day);
  jw_bind_int(s, 3, bytes);
  jw_bind_int(s, 4, max_bytes);
  jw_bind_int(s, 5, max_files);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *counted = st == JW_STEP_ROW;
  return JW_OK;
}

enum jw_code jw_uploads_store_touch_blob(struct jw_conn *c, const char *sha256, int64_t size, int64_t now,
                                         struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_BLOB_TOUCH, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, sha256);
  jw_bind_int(s, 2, size);
  jw_bind_int(s, 3, now);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_uploads_store_insert(struct jw_conn *c, int64_t user_id, const char *sha256, const char *content_type,
                                     int64_t size, const char *name, int64_t now, int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UPLOAD_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_text(s, 2, sha256);
  jw_bind_text(s, 3, content_type);
  jw_bind_int(s, 4, size);
  jw_bind_text(s, 5, name);
  jw_bind_int(s, 6, now);
  if (jw_step(s, err) != JW_STEP_ROW) return no_row(err);
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_uploads_store_unattached_bytes(struct jw_conn *c, int64_t user_id, int64_t *bytes,
                                               struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNATTACHED, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  if (jw_step(s, err) != JW_STEP_ROW) return no_row(err);
  *bytes = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_uploads_store_delete(struct jw_conn *c, int64_t id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UPLOAD_DELETE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_uploads_store_any_unused(struct jw_conn *c, int64_t cutoff, int *any, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OLD_UNUSED, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, cutoff);
  enum jw_step st = jw_step(s, err);
  jw_conn_release(c);
  if (st == JW_STEP_ERROR) return err->code;
  *any = st == JW_STEP_ROW;
  return JW_OK;
}

enum jw_code jw_uploads_store_drop_unused(struct jw_conn *c, int64_t cutoff, int *removed, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DROP_UNUSED, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, cutoff);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *removed = (int)jw_changes(s);
  jw_conn_release(c);
  return JW_OK;
}

int jw_uploads_store_orphan_blobs(struct jw_conn *c, int64_t cutoff, char (*out)[65], int max, struct jw_error *err) {
  assert(max >= 0);
  struct jw_stmt *s = jw_prepare(c, SQL_ORPHAN_BLOBS, err);
  if (!s) return -1;
  jw_bind_int(s, 1, cutoff);
  int n = 0;
  enum jw_step st = JW_STEP_DONE;
  while (n < max && (st = jw_step(s, err)) == JW_STEP_ROW) snprintf(out[n++], sizeof out[0], "%s", jw_col_text(s, 0));
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? -1 : n;
}

enum jw_code jw_uploads_store_drop_blob(struct jw_conn *c, const char *sha256, int64_t cutoff, int *dropped,
                                        struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DROP_BLOB, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, sha256);
  jw_bind_int(s, 2, cutoff);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *dropped = jw_changes(s) == 1;
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_uploads_store_drop_usage_before(struct jw_conn *c, const char *day, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OLD_USAGE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, day);
  enum jw_step st = jw_step(s, err);
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? err->code : JW_OK;
}
