/*
 * uploads.h — files citizens send with applications: their type is read
 * from the content (JPEG, PNG, PDF), never from the name, and the name kept
 * is made to end in that type's extension; they are kept in the upload
 * directory (outside the web root) under their SHA-256. Each account has a
 * daily quota and a cap on what it holds unused; unused uploads are removed
 * after a while (jw_uploads_sweep).
 *
 * The domain's header: plain values and operations on a struct jw_conn, so
 * the handler (uploads/api.c), other domains, the tick and the tests call
 * the same functions. No HTTP and no JSON here; the SQL is in
 * uploads/store.c, the multipart reader in uploads/multipart.h.
 */
#ifndef JW_UPLOADS_H
#define JW_UPLOADS_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/errors.h"
#include "core/mem.h"
#include "db/db.h"

/* The content type the bytes are ("image/jpeg", "image/png",
 * "application/pdf"), or NULL for anything else. Static string. */
const char *jw_upload_sniff(const void *data, size_t n);

/* The usual extension of an accepted type ("jpg", "png", "pdf"; "bin"
 * for anything else, NULL included). Static string. */
const char *jw_upload_ext(const char *type);

/* name (NUL-terminated) with the extension of what the file is (type):
 * kept when it already says so ("a.JPEG" for a JPEG), replaced when it says
 * something else ("poly.html" holding a PNG becomes "poly.png"), appended
 * when there is none. Allocated in arena a. */
char *jw_upload_file_name(struct jw_arena *a, const char *name, const char *type);

/* NULL when name[0..n) is acceptable as a file name to remember (1–255
 * bytes of UTF-8, no path separators, no "..", no control characters),
 * else why not (a static English sentence fragment). */
const char *jw_upload_name_problem(const char *name, size_t n);

/*
 * Reads the stored file with this SHA-256 (64 lowercase hex) and size from
 * upload_dir into arena a; *data receives it (size bytes, arena-owned).
 * Returns JW_OK, or JW_E_NOT_FOUND with err set when sha256 is not a digest,
 * the file is missing or its size differs (*data untouched).
 */
enum jw_code jw_upload_read(struct jw_arena *a, const char *upload_dir, const char *sha256, int64_t size,
                            const void **data, struct jw_error *err);

/* An upload as stored: what jw_upload_add gives back. */
struct jw_upload {
  int64_t id;
  char sha256[65];  /* of the content, lowercase hex */
  const char *type; /* the sniffed content type (static) */
  size_t size;
  const char *name; /* the name kept (jw_upload_file_name), arena-owned */
};

/*
 * Stores the file data[0..n) that the signed-in user_id sent under the
 * name filename[0..filename_len) (not NUL-terminated; as sent). Checks, in
 * this order: the name (jw_upload_name_problem) and that the file is not
 * empty (JW_E_VALIDATION on the field "file"); the content's type
 * (JW_E_MEDIA_TYPE unless JPEG, PNG or PDF); the daily quota and the
 * hourly rate (JW_E_RATE_LIMITED, with err->retry_after); then, in one
 * transaction, the quota row, the file's and the upload's rows and the cap
 * on unattached bytes (JW_E_RATE_LIMITED). The bytes are written to
 * cfg->upload_dir once the rows are committed; when that fails the upload
 * row is deleted again (JW_E_INTERNAL). On JW_OK *out is filled (its name in
 * arena a); on failure err is set and *out is untouched.
 */
enum jw_code jw_upload_add(struct jw_conn *c, const struct jw_config *cfg, int64_t user_id, const char *filename,
                           size_t filename_len, const void *data, size_t n, struct jw_arena *a, struct jw_upload *out,
                           struct jw_error *err);

/*
 * The server's clean-up, run from its tick: removes the uploads no
 * application uses once they are older than cfg->upload_keep_hours, then
 * each stored file that no upload refers to any more, and the quota rows
 * of past days. Returns how many uploads were removed, or -1 on a database
 * error. Safe on several instances at once.
 */
int jw_uploads_sweep(struct jw_conn *c, const struct jw_config *cfg);

#endif
