/*
 * edge.c — what the HTTP edge believes about a request before any handler
 * runs: which address it comes from (trusted proxies), whether its text is
 * clean, and how text from the outside is made safe to echo.
 */
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "http/internal.h"

/* ---- address lists ---- */

/* Parses an address (no prefix) into c; 0 on success. */
static int parse_addr(const char *s, struct jw_cidr *c) {
  memset(c, 0, sizeof *c);
  struct in_addr v4;
  struct in6_addr v6;
  if (inet_pton(AF_INET, s, &v4) == 1) {
    c->family = AF_INET;
    memcpy(c->addr, &v4, 4);
    c->bits = 32;
    return 0;
  }
  if (inet_pton(AF_INET6, s, &v6) == 1) {
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(&v6, mapped, 12) == 0) { /* ::ffff:a.b.c.d is an IPv4 address */
      c->family = AF_INET;
      memcpy(c->addr, (const unsigned char *)&v6 + 12, 4);
      c->bits = 32;
      return 0;
    }
    c->family = AF_INET6;
    memcpy(c->addr, &v6, 16);
    c->bits = 128;
    return 0;
  }
  return -1;
}

static int parse_cidr(const char *item, struct jw_cidr *c) {
  char buf[INET6_ADDRSTRLEN + 8];
  if (strlen(item) >= sizeof buf) return -1;
  strcpy(buf, item);
  char *slash = strchr(buf, '/');
  long bits = -1;
  if (slash) {
    char *end;
    *slash = '\0';
    bits = strtol(slash + 1, &end, 10);
    if (slash[1] == '\0' || *end != '\0') return -1;
  }
  if (parse_addr(buf, c) != 0) return -1;
  if (bits >= 0) {
    if (bits > (c->family == AF_INET ? 32 : 128)) return -1;
    c->bits = (int)bits;
  }
  return 0;
}

int jw_cidr_list_parse(const char *s, struct jw_cidr_list *out, char *bad, size_t bad_size) {
  out->v = NULL;
  out->n = 0;
  const char *p = s;
  while (*p) {
    while (*p == ' ' || *p == ',' || *p == '\t') p++;
    if (!*p) break;
    size_t n = strcspn(p, ", \t");
    char item[80];
    snprintf(item, sizeof item, "%.*s", (int)(n < sizeof item ? n : sizeof item - 1), p);
    struct jw_cidr c;
    if (n >= sizeof item || parse_cidr(item, &c) != 0) {
      snprintf(bad, bad_size, "%.*s", (int)n, p);
      jw_cidr_list_free(out);
      return -1;
    }
    out->v = jw_xrealloc(out->v, (size_t)(out->n + 1) * sizeof *out->v);
    out->v[out->n++] = c;
    p += n;
  }
  return 0;
}

void jw_cidr_list_free(struct jw_cidr_list *l) {
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

static int cidr_has(const struct jw_cidr *net, const struct jw_cidr *a) {
  if (net->family != a->family) return 0;
  int full = net->bits / 8, rest = net->bits % 8;
  if (memcmp(net->addr, a->addr, (size_t)full) != 0) return 0;
  if (rest == 0) return 1;
  unsigned char mask = (unsigned char)(0xff << (8 - rest));
  return (net->addr[full] & mask) == (a->addr[full] & mask);
}

int jw_cidr_list_has(const struct jw_cidr_list *l, const char *ip) {
  struct jw_cidr a;
  if (!ip || parse_addr(ip, &a) != 0) return 0;
  for (int i = 0; i < l->n; i++)
    if (cidr_has(&l->v[i], &a)) return 1;
  return 0;
}

/* Writes the normalised text of address s (trimmed of spaces) to out; 0 on
 * success, -1 when s is not an address. */
static int normalise(const char *s, size_t n, char out[INET6_ADDRSTRLEN]) {
  while (n && (*s == ' ' || *s == '\t')) s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  char buf[INET6_ADDRSTRLEN + 2];
  if (n == 0 || n >= sizeof buf) return -1;
  memcpy(buf, s, n);
  buf[n] = '\0';
  struct jw_cidr a;
  if (parse_addr(buf, &a) != 0) return -1;
  return inet_ntop(a.family, a.addr, out, INET6_ADDRSTRLEN) ? 0 : -1;
}

void jw_client_ip(const struct jw_cidr_list *trusted, const char *peer, const char *xff, const char *x_real_ip,
                  char out[INET6_ADDRSTRLEN]) {
  if (normalise(peer, strlen(peer), out) != 0) snprintf(out, INET6_ADDRSTRLEN, "%s", peer);
  if (trusted->n == 0 || !jw_cidr_list_has(trusted, out)) return;
  if (xff && *xff) {
    /* Walk from the right: each hop was added by the proxy in front of it;
     * the first one that is not a trusted proxy is the client. */
    char hop[INET6_ADDRSTRLEN];
    const char *end = xff + strlen(xff);
    int found = 0;
    while (end > xff) {
      const char *start = end;
      while (start > xff && start[-1] != ',') start--;
      if (normalise(start, (size_t)(end - start), hop) != 0) return; /* malformed: believe nothing */
      memcpy(out, hop, INET6_ADDRSTRLEN);
      found = 1;
      if (!jw_cidr_list_has(trusted, hop)) return;
      end = start > xff ? start - 1 : start;
    }
    if (found) return;
  }
  if (x_real_ip && *x_real_ip) {
    char a[INET6_ADDRSTRLEN];
    if (normalise(x_real_ip, strlen(x_real_ip), a) == 0) memcpy(out, a, INET6_ADDRSTRLEN);
  }
}

/* ---- text ---- */

/* Length of the valid UTF-8 character at s[0..n), or 0 when it is not one
 * (-1 when it is the valid start of a character that n cuts). */
static int char_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  int len;
  unsigned cp, min;
  if ((c & 0xE0) == 0xC0)
    len = 2, cp = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0)
    len = 3, cp = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0)
    len = 4, cp = c & 0x07, min = 0x10000;
  else
    return 0;
  for (int k = 1; k < len; k++) {
    if ((size_t)k >= n) return -1;
    if ((s[k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[k] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

int jw_text_ok(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 && s[i] != '\t') return 0;
  return jw_utf8_len(s, n) >= 0;
}

/* 1 when the 3-byte character at p is one a reader cannot see or that
 * reorders the text around it: zero-width and direction marks, the
 * bidirectional embeddings, overrides and isolates, the line and paragraph
 * separators and the byte-order mark (U+200B–U+200F, U+2028–U+202E,
 * U+2060–U+2069, U+FEFF). */
static int invisible(const unsigned char *p) {
  unsigned cp = ((unsigned)(p[0] & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) ||
         cp == 0xFEFF;
}

char *jw_text_clean(struct jw_arena *a, const char *s, size_t max) {
  if (!s) s = "";
  if (max < 8) max = 8;
  size_t n = strlen(s);
  char *out = jw_arena_alloc(a, max + 1);
  size_t o = 0;
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    int len = char_len(p + i, n - i);
    if (len < 0) break; /* a character cut at the end: drop it */
    const char *piece = (const char *)p + i;
    size_t plen = (size_t)len;
    if (len == 0) {
      piece = "\xEF\xBF\xBD"; /* U+FFFD */
      plen = 3;
      len = 1;
    } else if ((len == 1 && (p[i] < 0x20 || p[i] == 0x7F)) || (len == 3 && invisible(p + i))) {
      piece = "?";
      plen = 1;
    }
    if (o + plen > max - 3) { /* keep room for "…" */
      memcpy(out + o, "\xE2\x80\xA6", 3);
      o += 3;
      break;
    }
    memcpy(out + o, piece, plen);
    o += plen;
    i += (size_t)len;
  }
  out[o] = '\0';
  return out;
}

/* ---- decoding the request line ---- */

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

size_t jw_unescape(void *cls, struct MHD_Connection *conn, char *s) {
  (void)cls;
  (void)conn;
  char *w = s;
  int bad = 0;
  for (const char *r = s; *r; r++) {
    if (r[0] == '%' && hexval(r[1]) >= 0 && hexval(r[2]) >= 0) {
      char c = (char)(hexval(r[1]) * 16 + hexval(r[2]));
      if (c == '\0') bad = 1;
      *w++ = c;
      r += 2;
    } else {
      *w++ = *r;
    }
  }
  *w = '\0';
  size_t n = (size_t)(w - s);
  if (bad || !jw_text_ok(s, n)) {
    /* One byte that is never valid UTF-8 marks the value for the dispatcher. */
    s[0] = (char)0xFF;
    s[1] = '\0';
    return 1;
  }
  return n;
}

/* ---- the request head ---- */

static int is_tchar(unsigned char ch) {
  if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) return 1;
  return ch && strchr("!#$%&'*+-.^_`|~", ch) != NULL;
}

int jw_header_line_ok(const char *name, const char *value) {
  if (!name || !*name) return 0;
  for (const unsigned char *p = (const unsigned char *)name; *p; p++)
    if (!is_tchar(*p)) return 0;
  return !value || value[strcspn(value, "\r\n")] == '\0';
}

struct layout {
  const char *expect; /* where the next header's name should start */
  int first, bad;
};

static enum MHD_Result scan_layout(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  (void)kind;
  struct layout *l = cls;
  if (!key || !value) return MHD_YES;
  if (l->first) {
    l->first = 0;
    /* CR LF after the version: name at +2; a bare LF: at +1. */
    if (key == l->expect - 1) {
      l->bad = 1;
      return MHD_NO;
    }
    if (key != l->expect) { /* not 0.9.75's layout: judge nothing */
      l->expect = NULL;
      return MHD_NO;
    }
  } else if (key != l->expect) {
    l->bad = 1;
    return MHD_NO;
  }
  const char *end = value + strlen(value);
  if (end[1] != '\0') { /* the line ended with a bare LF */
    l->bad = 1;
    return MHD_NO;
  }
  l->expect = end + 2;
  return MHD_YES;
}

int jw_head_layout_ok(struct MHD_Connection *conn, const char *version) {
  /* The layout is 0.9.75's (later versions refuse these lines themselves
   * with MHD_OPTION_CLIENT_DISCIPLINE_LVL). */
  if (!version || !*version || strcmp(MHD_get_version(), "0.9.75") != 0) return 1;
  const char *vend = version + strlen(version);
  if (vend[1] != '\0') return 0; /* the request line ended with a bare LF */
  struct layout l = {vend + 2, 1, 0};
  MHD_get_connection_values(conn, MHD_HEADER_KIND, scan_layout, &l);
  if (l.bad) return 0;
  /* After the last header, the empty line's CR LF (as two NUL bytes): the
   * buffer holds them in a well-formed head, and header records are kept
   * at the other end of libmicrohttpd's pool, so they are readable. */
  if (!l.first && l.expect && (l.expect[0] != '\0' || l.expect[1] != '\0')) return 0;
  return 1;
}

char jw_too_many_params_mark;

void *jw_uri_log(void *cls, const char *uri, struct MHD_Connection *conn) {
  (void)cls;
  (void)conn;
  const char *q = strchr(uri, '?');
  if (!q) return NULL;
  int n = 1;
  for (const char *p = q + 1; *p; p++)
    if (*p == '&' && ++n > JW_MAX_PARAMS) {
      /* uri points into libmicrohttpd's (writable) read buffer; it parses
       * the query from q + 1 after this call returns. */
      ((char *)q)[1] = '\0';
      return JW_TOO_MANY_PARAMS;
    }
  return NULL;
}
