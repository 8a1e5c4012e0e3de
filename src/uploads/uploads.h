/*
 * uploads.h — files citizens send with applications: their type is read
 * from the content (JPEG, PNG, PDF), never from the name; they are kept in
 * the upload directory (outside the web root) under their SHA-256.
 */
#ifndef JW_UPLOADS_H
#define JW_UPLOADS_H

#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

/* The content type the bytes are ("image/jpeg", "image/png",
 * "application/pdf"), or NULL for anything else. Static string. */
const char *jw_upload_sniff(const void *data, size_t n);

/* NULL when name is acceptable as a file name to remember (1–255 bytes of
 * UTF-8, no path separators, no "..", no control characters), else why not. */
const char *jw_upload_name_problem(const char *name, size_t n);

/* Reads the stored file with this SHA-256 (64 hex) and size into the
 * request arena; *data receives it. JW_E_NOT_FOUND when it is missing or
 * its size differs. */
enum jw_code jw_upload_read(struct jw_req *r, const char *sha256, int64_t size, const void **data,
                            struct jw_error *err);

/* Route: POST /api/v1/uploads (multipart/form-data, field "file"). */
enum jw_code jw_uploads_api_create(struct jw_req *r, struct jw_error *err);

#endif
