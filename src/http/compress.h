/* compress.h — gzip for replies built in memory (the JSON of the API). */
#ifndef JW_HTTP_COMPRESS_H
#define JW_HTTP_COMPRESS_H

#include <stddef.h>

/* Replies shorter than this go as they are: gzip would save little. */
#define JW_GZIP_MIN 1024

/*
 * Whether an Accept-Encoding header value allows gzip: a "gzip" coding (or
 * "*" when gzip is not named) whose q is not 0. NULL (no header) is no.
 */
int jw_accepts_gzip(const char *accept_encoding);

/*
 * Whether a reply of this Content-Type is worth compressing: JSON (and
 * problem+json), XML (Atom), JavaScript and every text/ type. Images, PDF, zip-based
 * spreadsheets and other binary types are already compressed or not text.
 */
int jw_compressible_type(const char *type);

/*
 * The gzip member of data[0..len) in a malloc'd buffer (*out, *out_len), at
 * zlib's default level. Returns 0 on success; -1 when zlib fails or the
 * result would not be smaller (then *out is NULL and the caller sends data as
 * it is).
 */
int jw_gzip(const char *data, size_t len, char **out, size_t *out_len);

#endif
