/*
 * store.h — the uploads domain's SQL, one function per operation (tables
 * uploads, upload_blobs, upload_usage; application_files is only read, to
 * tell which uploads an application uses). Private to src/uploads/: only
 * uploads.c calls it. Every function takes the connection it runs on
 * (inside the caller's jw_tx when it writes), releases the statements it
 * stepped before it returns, and on failure returns the error's code (or
 * -1 where it returns a count) with err set.
 */
#ifndef JW_UPLOADS_STORE_H
#define JW_UPLOADS_STORE_H

#include <stdint.h>

#include "core/errors.h"
#include "db/db.h"

/*
 * Counts one more file of bytes bytes for user_id on day ("YYYY-MM-DD")
 * in upload_usage, unless the day's totals would then pass max_bytes or
 * max_files. *counted receives 1 when it was counted, 0 when the quota is
 * full (nothing changed). Locks the user's row for the day until the
 * transaction ends.
 */
enum jw_code jw_uploads_store_count_usage(struct jw_conn *c, int64_t user_id, const char *day, int64_t bytes,
                                          int64_t max_bytes, int max_files, int *counted, struct jw_error *err);

/* Records the stored file sha256 (64 hex) of size bytes as used at now
 * (inserted, or its last_used_at moved on). */
enum jw_code jw_uploads_store_touch_blob(struct jw_conn *c, const char *sha256, int64_t size, int64_t now,
                                         struct jw_error *err);

/* Inserts the upload row of user_id; *id receives its id. name and
 * content_type as they are to be kept. */
enum jw_code jw_uploads_store_insert(struct jw_conn *c, int64_t user_id, const char *sha256, const char *content_type,
                                     int64_t size, const char *name, int64_t now, int64_t *id, struct jw_error *err);

/* *bytes receives the total size of user_id's uploads that no application
 * uses. */
enum jw_code jw_uploads_store_unattached_bytes(struct jw_conn *c, int64_t user_id, int64_t *bytes,
                                               struct jw_error *err);

/* Deletes the upload row id (whatever its owner). */
enum jw_code jw_uploads_store_delete(struct jw_conn *c, int64_t id, struct jw_error *err);

/* *any receives 1 when some upload created before cutoff (Unix time) is
 * used by no application, else 0. */
enum jw_code jw_uploads_store_any_unused(struct jw_conn *c, int64_t cutoff, int *any, struct jw_error *err);

/* Deletes up to 500 uploads created before cutoff that no application
 * uses, oldest id first; *removed receives how many. */
enum jw_code jw_uploads_store_drop_unused(struct jw_conn *c, int64_t cutoff, int *removed, struct jw_error *err);

/*
 * The stored files (sha256, 64 hex) last used before cutoff that no upload
 * refers to, in sha256 order, at most max of them, into out. Returns how
 * many, or -1 with err set.
 */
int jw_uploads_store_orphan_blobs(struct jw_conn *c, int64_t cutoff, char (*out)[65], int max, struct jw_error *err);

/* Deletes the file row sha256 if it is still last used before cutoff and
 * no upload refers to it; *dropped receives 1 when it was deleted, else 0
 * (the file on disk is the caller's). */
enum jw_code jw_uploads_store_drop_blob(struct jw_conn *c, const char *sha256, int64_t cutoff, int *dropped,
                                        struct jw_error *err);

/* Deletes the quota rows of the days before day ("YYYY-MM-DD"). */
enum jw_code jw_uploads_store_drop_usage_before(struct jw_conn *c, const char *day, struct jw_error *err);

#endif
