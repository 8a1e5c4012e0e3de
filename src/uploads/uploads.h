/*
 * uploads.h — files citizens send with applications: their type is read
 * from the content (JPEG, PNG, PDF), never from the name, and the name kept
 * is made to end in that type's extension; they are kept in the upload
 * directory (outside the web root) under their SHA-256. Each account has a
 * daily quota and a cap on what it holds unused; unused uploads are removed
 * after a while (jw_uploads_sweep).
 */
#ifndef JW_UPLOADS_H
#define JW_UPLOADS_H

#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

/* The content type the bytes are ("image/jpeg", "image/png",
 * "application/pdf"), or NULL for anything else. Static string. */
const char *jw_upload_sniff(const void *data, size_t n);

/* The usual extension of an accepted type ("jpg", "png", "pdf"; "bin"
 * for anything else). Static string. */
const char *jw_upload_ext(const char *type);

/* name with the extension of what the file is (type): kept when it already
 * says so ("a.JPEG" for a JPEG), replaced when it says something else
 * ("poly.html" holding a PNG becomes "poly.png"), appended when there is
 * none. Arena-owned. */
char *jw_upload_file_name(struct jw_arena *a, const char *name, const char *type);

/* NULL when name is acceptable as a file name to remember (1–255 bytes of
 * UTF-8, no path separators, no "..", no control characters), else why not. */
const char *jw_upload_name_problem(const char *name, size_t n);

/* Reads the stored file with this SHA-256 (64 hex) and size into the
 * request arena; *data receives it. JW_E_NOT_FOUND when it is missing or
 * its size differs. */
enum jw_code jw_upload_read(struct jw_req *r, const char *sha256, int64_t size, const void **data,
                            struct jw_error *err);

/*
 * The server's clean-up, run from its tick: removes the uploads no
 * application uses once they are older than cfg->upload_keep_hours, then
 * each stored file that no upload refers to any more, and the quota rows
 * of past days. Returns how many uploads were removed, or -1 on a database
 * error. Safe on several instances at once.
 */
int jw_uploads_sweep(struct jw_conn *c, const struct jw_config *cfg);

/* Route: POST /api/v1/uploads (multipart/form-data, field "file"). */
enum jw_code jw_uploads_api_create(struct jw_req *r, struct jw_error *err);

#endif
