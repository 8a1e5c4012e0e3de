/*
 * multipart.h — a small, strict reader of multipart/form-data bodies
 * (RFC 7578), enough for one file field. Nothing is copied: every pointer
 * it returns points into the body it was given. Kept instead of
 * libmicrohttpd's post processor, which was measured worse on this job
 * (tests/fuzz/compare_mhd_multipart.c; docs/ARCHITECTURE.md, "Uploads: why
 * our own multipart parser").
 */
#ifndef JW_MULTIPART_H
#define JW_MULTIPART_H

#include <stddef.h>

#define JW_MULTIPART_BOUNDARY_MAX 70

struct jw_part {
  const char *name; /* the form field's name; not NUL-terminated */
  size_t name_len;
  const char *filename; /* NULL when the part has none */
  size_t filename_len;
  const char *type; /* its Content-Type, NULL when absent */
  size_t type_len;
  const char *data; /* the content */
  size_t len;
};

/*
 * Reads the boundary parameter of a multipart/form-data Content-Type into
 * out (JW_MULTIPART_BOUNDARY_MAX + 1 bytes). Returns 0, or -1 when the type
 * is not multipart/form-data or has no usable boundary.
 */
int jw_multipart_boundary(const char *content_type, char out[JW_MULTIPART_BOUNDARY_MAX + 1]);

/*
 * Finds the part named field in body. Returns 1 and fills *out when it is
 * there once, 0 when the body is well formed but has no such part, -1 when
 * the body is malformed (bad framing, headers too long, no final boundary)
 * or the field comes more than once.
 */
int jw_multipart_find(const char *body, size_t len, const char *boundary, const char *field, struct jw_part *out);

#endif
