/* multipart.c — multipart/form-data framing: boundaries, part headers, content. */
#include "uploads/multipart.h"

#include <string.h>
#include <strings.h>

#define HEADERS_MAX 4096 /* bytes of one part's header block */

/* s[0..n) starts with the ASCII prefix p, ignoring case. */
static int starts_ci(const char *s, size_t n, const char *p) {
  size_t k = strlen(p);
  return n >= k && strncasecmp(s, p, k) == 0;
}

/* RFC 2046 bchars, without the space (a trailing space is not allowed and
 * nobody sends an inner one). */
static int bchar(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || strchr("'()+_,-./:=?", c);
}

int jw_multipart_boundary(const char *ct, char out[JW_MULTIPART_BOUNDARY_MAX + 1]) {
  if (!ct || !starts_ci(ct, strlen(ct), "multipart/form-data")) return -1;
  const char *p = ct + strlen("multipart/form-data");
  while (*p) {
    while (*p == ';' || *p == ' ' || *p == '\t') p++;
    if (starts_ci(p, strlen(p), "boundary=")) {
      p += 9;
      int quoted = *p == '"';
      if (quoted) p++;
      size_t n = 0;
      while (p[n] && (quoted ? p[n] != '"' : (p[n] != ';' && p[n] != ' ')) && n <= JW_MULTIPART_BOUNDARY_MAX) {
        if (!bchar((unsigned char)p[n])) return -1;
        n++;
      }
      if (n == 0 || n > JW_MULTIPART_BOUNDARY_MAX || (quoted && p[n] != '"')) return -1;
      memcpy(out, p, n);
      out[n] = '\0';
      return 0;
    }
    while (*p && *p != ';') p++;
  }
  return -1;
}

/* The value of parameter key ("name", "filename") in a Content-Disposition
 * value v[0..n): quoted or a token. Returns 1 found, 0 absent, -1 bad. */
static int disposition_param(const char *v, size_t n, const char *key, const char **out, size_t *out_len) {
  size_t klen = strlen(key), i = 0;
  while (i < n) {
    while (i < n && v[i] != ';') {
      if (v[i] == '"') { /* skip a quoted string so a ';' inside it does not count */
        i++;
        while (i < n && v[i] != '"') i++;
      }
      i++;
    }
    if (i >= n) return 0;
    i++;
    while (i < n && (v[i] == ' ' || v[i] == '\t')) i++;
    if (n - i > klen && strncasecmp(v + i, key, klen) == 0 && v[i + klen] == '=') {
      i += klen + 1;
      if (i < n && v[i] == '"') {
        size_t start = ++i;
        /* Browsers percent-encode a quote inside the value and send a
         * backslash as itself, so a backslash is no escape here. */
        while (i < n && v[i] != '"') i++;
        if (i >= n) return -1;
        *out = v + start;
        *out_len = i - start;
      } else {
        size_t start = i;
        while (i < n && v[i] != ';' && v[i] != ' ') i++;
        *out = v + start;
        *out_len = i - start;
      }
      return 1;
    }
  }
  return 0;
}

/* Parses one part's header block h[0..n) (CRLF-separated lines). */
static int part_headers(const char *h, size_t n, struct jw_part *p) {
  int have_disposition = 0;
  while (n > 0) {
    const char *eol = memmem(h, n, "\r\n", 2);
    size_t line = eol ? (size_t)(eol - h) : n;
    if (starts_ci(h, line, "content-disposition:")) {
      const char *v = h + 20;
      size_t vn = line - 20;
      while (vn && (*v == ' ' || *v == '\t')) v++, vn--;
      if (have_disposition++ || !starts_ci(v, vn, "form-data")) return -1;
      if (disposition_param(v, vn, "name", &p->name, &p->name_len) != 1) return -1;
      int f = disposition_param(v, vn, "filename", &p->filename, &p->filename_len);
      if (f < 0) return -1;
      if (f == 0) p->filename = NULL;
    } else if (starts_ci(h, line, "content-type:")) {
      p->type = h + 13;
      p->type_len = line - 13;
      while (p->type_len && (*p->type == ' ' || *p->type == '\t')) p->type++, p->type_len--;
    }
    if (!eol) break;
    h += line + 2;
    n -= line + 2;
  }
  return have_disposition ? 0 : -1;
}

int jw_multipart_find(const char *body, size_t len, const char *boundary, const char *field, struct jw_part *out) {
  char delim[JW_MULTIPART_BOUNDARY_MAX + 5]; /* "\r\n--" boundary */
  size_t blen = strlen(boundary);
  if (blen == 0 || blen > JW_MULTIPART_BOUNDARY_MAX) return -1;
  memcpy(delim, "\r\n--", 4);
  memcpy(delim + 4, boundary, blen);
  size_t dlen = blen + 4;
  /* The body starts with the first delimiter (no preamble: browsers send none). */
  if (len < dlen - 2 || memcmp(body, delim + 2, dlen - 2) != 0) return -1;
  size_t pos = dlen - 2;
  int found = 0;
  for (;;) {
    if (len - pos >= 2 && memcmp(body + pos, "--", 2) == 0) return found; /* the close delimiter */
    if (len - pos < 2 || memcmp(body + pos, "\r\n", 2) != 0) return -1;
    pos += 2;
    size_t room = len - pos < HEADERS_MAX + 4 ? len - pos : HEADERS_MAX + 4;
    const char *end = memmem(body + pos, room, "\r\n\r\n", 4);
    const char *hstart = body + pos;
    size_t hlen;
    if (room >= 2 && memcmp(hstart, "\r\n", 2) == 0) { /* a part without headers */
      end = hstart - 2;
      hlen = 0;
    } else {
      if (!end) return -1;
      hlen = (size_t)(end - hstart);
    }
    struct jw_part p = {0};
    if (part_headers(hstart, hlen, &p) != 0) return -1;
    pos = (size_t)(end - body) + 4;
    const char *next = memmem(body + pos, len - pos, delim, dlen);
    if (!next) return -1;
    p.data = body + pos;
    p.len = (size_t)(next - (body + pos));
    pos = (size_t)(next - body) + dlen;
    if (p.name_len == strlen(field) && memcmp(p.name, field, p.name_len) == 0) {
      if (found) return -1;
      *out = p;
      found = 1;
    }
  }
}
