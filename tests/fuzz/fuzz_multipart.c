/* fuzz_multipart.c — libFuzzer target for the upload path before anything is
 * stored: the Content-Type's boundary, the multipart framing and part
 * headers, the file-name check and the content sniffing. Input: a
 * Content-Type line, then the body. `make fuzz` runs it. (Our reader, not
 * libmicrohttpd's post processor: see compare_mhd_multipart.c.) */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "uploads/multipart.h"
#include "uploads/uploads.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *nl = memchr(data, '\n', size);
  if (!nl || nl - data > 512) return 0;
  size_t tlen = (size_t)(nl - data);
  char *type = malloc(tlen + 1);
  memcpy(type, data, tlen);
  type[tlen] = '\0';
  char boundary[JW_MULTIPART_BOUNDARY_MAX + 1];
  if (jw_multipart_boundary(type, boundary) == 0) {
    /* The body in a buffer of its own size, so that a read past it is caught. */
    size_t blen = size - tlen - 1;
    char *body = malloc(blen ? blen : 1);
    memcpy(body, nl + 1, blen);
    struct jw_part p;
    if (jw_multipart_find(body, blen, boundary, "file", &p) == 1) {
      /* Nothing is copied: every pointer handed back lies inside the body. */
      const char *end = body + blen;
      if (p.data < body || p.len > (size_t)(end - p.data)) abort();
      if (p.filename && (p.filename < body || p.filename_len > (size_t)(end - p.filename))) abort();
      if (p.type && (p.type < body || p.type_len > (size_t)(end - p.type))) abort();
      if (p.filename) jw_upload_name_problem(p.filename, p.filename_len);
      jw_upload_sniff(p.data, p.len);
    }
    free(body);
  }
  free(type);
  return 0;
}
