/* compress.c — gzip for replies built in memory, with zlib. */
#include "http/compress.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* The q of one Accept-Encoding element's parameters (";q=0.5"), 1 without one. */
static double element_q(const char *params, const char *end) {
  for (const char *p = params; p < end; p++) {
    if (*p != ';') continue;
    p++;
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') return strtod(p + 2, NULL);
  }
  return 1.0;
}

int jw_accepts_gzip(const char *ae) {
  if (!ae) return 0;
  double gzip_q = -1, star_q = -1;
  const char *s = ae;
  while (*s) {
    while (*s == ' ' || *s == '\t' || *s == ',') s++;
    if (!*s) break;
    const char *end = strchr(s, ',');
    if (!end) end = s + strlen(s);
    size_t n = 0;
    while (s + n < end && s[n] != ';' && s[n] != ' ' && s[n] != '\t') n++;
    if ((n == 4 && strncasecmp(s, "gzip", 4) == 0) || (n == 6 && strncasecmp(s, "x-gzip", 6) == 0))
      gzip_q = element_q(s + n, end);
    else if (n == 1 && s[0] == '*')
      star_q = element_q(s + n, end);
    s = end;
  }
  if (gzip_q >= 0) return gzip_q > 0;
  return star_q > 0;
}

int jw_compressible_type(const char *type) {
  if (!type) return 0;
  if (strncasecmp(type, "text/", 5) == 0) return 1;
  static const char *const kinds[] = {"application/json", "application/problem+json", "application/atom+xml",
                                      "application/xml",  "application/javascript",   "application/geo+json"};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    size_t n = strlen(kinds[i]);
    if (strncasecmp(type, kinds[i], n) == 0 && (type[n] == '\0' || type[n] == ';' || type[n] == ' ')) return 1;
  }
  return 0;
}

int jw_gzip(const char *data, size_t len, char **out, size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  if (len > UINT_MAX / 2) return -1;
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  /* 15 + 16: a gzip header and trailer around the deflate stream. */
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
  uLong bound = deflateBound(&zs, (uLong)len);
  char *buf = malloc(bound);
  if (!buf) {
    deflateEnd(&zs);
    return -1;
  }
  zs.next_in = (Bytef *)data;
  zs.avail_in = (uInt)len;
  zs.next_out = (Bytef *)buf;
  zs.avail_out = (uInt)bound;
  int rc = deflate(&zs, Z_FINISH);
  size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END || produced >= len) {
    free(buf);
    return -1;
  }
  *out = buf;
  *out_len = produced;
  return 0;
}
