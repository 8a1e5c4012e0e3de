/*
 * alipay_proto.c — Alipay Open Platform's wire format (see alipay.h): the
 * signing content, RSA2 with OpenSSL's EVP interface, form bodies through
 * libcurl's escaping, amounts in yuan as exact cents, and the gateway POST.
 */
#include "payments/alipay.h"

#include <assert.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void jw_ali_add(struct jw_ali_params *ps, const char *key, const char *value) {
  assert(ps->n < JW_ALI_MAX_PARAMS);
  ps->p[ps->n].key = key;
  ps->p[ps->n].value = value;
  ps->n++;
}

const char *jw_ali_get(const struct jw_ali_params *ps, const char *key) {
  for (int i = 0; i < ps->n; i++)
    if (strcmp(ps->p[i].key, key) == 0) return ps->p[i].value;
  return NULL;
}

static int by_key(const void *x, const void *y) {
  const char *const *a = x, *const *b = y;
  return strcmp(*a, *b);
}

char *jw_ali_sign_content(const struct jw_ali_params *ps, int with_sign_type, struct jw_arena *a) {
  /* Sort indexes by key: pairs of (key, index) sorted on the key. */
  const char *keys[JW_ALI_MAX_PARAMS];
  int n = 0;
  for (int i = 0; i < ps->n; i++) {
    const char *k = ps->p[i].key;
    if (!ps->p[i].value || !*ps->p[i].value || strcmp(k, "sign") == 0) continue;
    if (!with_sign_type && strcmp(k, "sign_type") == 0) continue;
    keys[n++] = k;
  }
  qsort(keys, (size_t)n, sizeof keys[0], by_key);
  struct jw_buf b = {a, NULL, 0, 0};
  jw_buf_put(&b, "", 0);
  for (int i = 0; i < n; i++) {
    if (i) jw_buf_put(&b, "&", 1);
    jw_buf_puts(&b, keys[i]);
    jw_buf_put(&b, "=", 1);
    jw_buf_puts(&b, jw_ali_get(ps, keys[i]));
  }
  return b.p;
}

char *jw_ali_sign(EVP_PKEY *key, const char *text, struct jw_arena *a, struct jw_error *err) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  unsigned char *sig = NULL;
  size_t len = 0;
  char *out = NULL;
  if (!ctx || EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) != 1 ||
      EVP_DigestSign(ctx, NULL, &len, (const unsigned char *)text, strlen(text)) != 1)
    goto out;
  sig = malloc(len);
  if (!sig || EVP_DigestSign(ctx, sig, &len, (const unsigned char *)text, strlen(text)) != 1) goto out;
  out = jw_arena_alloc(a, 4 * ((len + 2) / 3) + 1);
  EVP_EncodeBlock((unsigned char *)out, sig, (int)len);
out:
  free(sig);
  EVP_MD_CTX_free(ctx);
  if (!out) jw_fail(err, JW_E_INTERNAL, "alipay: signing failed");
  return out;
}

int jw_ali_verify(EVP_PKEY *key, const char *text, size_t n, const char *sig_b64) {
  size_t blen = strlen(sig_b64);
  if (blen == 0 || blen % 4 != 0 || blen > 2048) return 0;
  unsigned char sig[1600];
  int len = EVP_DecodeBlock(sig, (const unsigned char *)sig_b64, (int)blen);
  if (len < 0) return 0;
  /* EVP_DecodeBlock counts the padding's zero bytes. */
  if (sig_b64[blen - 1] == '=') len--;
  if (sig_b64[blen - 2] == '=') len--;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  int ok = ctx && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, key) == 1 &&
           EVP_DigestVerify(ctx, sig, (size_t)len, (const unsigned char *)text, n) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

EVP_PKEY *jw_ali_load_key(const char *path, int private_key, struct jw_error *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  struct stat st;
  if (fd < 0) {
    jw_fail(err, JW_E_INTERNAL, "alipay: cannot open key file %s: %s", path, strerror(errno));
    return NULL;
  }
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 16384) {
    close(fd);
    jw_fail(err, JW_E_INTERNAL, "alipay: key file %s is not a small regular file", path);
    return NULL;
  }
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    close(fd);
    jw_fail(err, JW_E_INTERNAL, "alipay: key file %s may be read by group or others (mode %03o): chmod 600 it", path,
            (unsigned)(st.st_mode & 0777));
    return NULL;
  }
  char buf[16385];
  ssize_t got = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (got <= 0) {
    jw_fail(err, JW_E_INTERNAL, "alipay: cannot read key file %s", path);
    return NULL;
  }
  BIO *bio = BIO_new_mem_buf(buf, (int)got);
  EVP_PKEY *key = NULL;
  if (bio)
    key = private_key ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
  BIO_free(bio);
  OPENSSL_cleanse(buf, sizeof buf);
  if (key && EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
    EVP_PKEY_free(key);
    key = NULL;
  }
  if (!key) jw_fail(err, JW_E_INTERNAL, "alipay: %s holds no PEM RSA %s key", path, private_key ? "private" : "public");
  return key;
}

/* One "k=v" of a form, decoded; JW_OK or JW_E_BAD_REQUEST. */
static enum jw_code form_pair(const char *s, size_t n, struct jw_arena *a, struct jw_ali_params *out,
                              struct jw_error *err) {
  const char *eq = memchr(s, '=', n);
  if (!eq || eq == s) return jw_fail(err, JW_E_BAD_REQUEST, "The notification is not a form (a field without =).");
  const char *part[2] = {s, eq + 1};
  size_t len[2] = {(size_t)(eq - s), n - (size_t)(eq - s) - 1};
  char *dec[2];
  for (int k = 0; k < 2; k++) {
    /* In a form, '+' is a space (a literal plus travels as %2B). */
    char *raw = jw_arena_strndup(a, part[k], len[k]);
    for (char *p = raw; *p; p++)
      if (*p == '+') *p = ' ';
    int dlen = 0;
    char *d = curl_easy_unescape(NULL, raw, (int)len[k], &dlen);
    if (!d) return jw_fail(err, JW_E_BAD_REQUEST, "The notification could not be decoded.");
    int bad = memchr(d, '\0', (size_t)dlen) != NULL;
    dec[k] = bad ? NULL : jw_arena_strndup(a, d, (size_t)dlen);
    curl_free(d);
    if (bad) return jw_fail(err, JW_E_BAD_REQUEST, "The notification holds a NUL character.");
  }
  if (jw_ali_get(out, dec[0])) return jw_fail(err, JW_E_BAD_REQUEST, "The notification repeats a field.");
  if (out->n >= JW_ALI_MAX_PARAMS) return jw_fail(err, JW_E_BAD_REQUEST, "The notification has too many fields.");
  jw_ali_add(out, dec[0], dec[1]);
  return JW_OK;
}

enum jw_code jw_ali_parse_form(const char *body, size_t n, struct jw_arena *a, struct jw_ali_params *out,
                               struct jw_error *err) {
  out->n = 0;
  if (n == 0) return jw_fail(err, JW_E_BAD_REQUEST, "The notification is empty.");
  if (memchr(body, '\0', n)) return jw_fail(err, JW_E_BAD_REQUEST, "The notification holds a NUL character.");
  size_t i = 0;
  while (i < n) {
    const char *amp = memchr(body + i, '&', n - i);
    size_t end = amp ? (size_t)(amp - body) : n;
    if (end > i && form_pair(body + i, end - i, a, out, err) != JW_OK) return err->code;
    i = end + 1;
  }
  return JW_OK;
}

char *jw_ali_form(const struct jw_ali_params *ps, struct jw_arena *a) {
  struct jw_buf b = {a, NULL, 0, 0};
  jw_buf_put(&b, "", 0);
  for (int i = 0; i < ps->n; i++) {
    char *k = curl_easy_escape(NULL, ps->p[i].key, 0), *v = curl_easy_escape(NULL, ps->p[i].value, 0);
    assert(k && v);
    jw_buf_printf(&b, "%s%s=%s", i ? "&" : "", k, v);
    curl_free(k);
    curl_free(v);
  }
  return b.p;
}

char *jw_ali_yuan(int64_t cents, struct jw_arena *a) {
  return jw_arena_printf(a, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

int jw_ali_cents(const char *yuan, int64_t *cents) {
  int64_t whole = 0, frac = 0;
  int digits = 0, fdigits = 0;
  const char *p = yuan;
  for (; *p >= '0' && *p <= '9'; p++, digits++) {
    if (digits >= 12) return 0;
    whole = whole * 10 + (*p - '0');
  }
  if (digits == 0) return 0;
  if (*p == '.') {
    for (p++; *p >= '0' && *p <= '9'; p++, fdigits++) {
      if (fdigits >= 2) return 0;
      frac = frac * 10 + (*p - '0');
    }
    if (fdigits == 0) return 0;
    if (fdigits == 1) frac *= 10;
  }
  if (*p) return 0;
  *cents = whole * 100 + frac;
  return 1;
}

void jw_ali_time(long long t, char out[20]) {
  time_t bj = (time_t)(t + 8 * 3600);
  struct tm tm;
  gmtime_r(&bj, &tm);
  strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

/* ---- the gateway ---- */

/* Seconds a call to the gateway may take (it runs in the tick or a request). */
#define CONNECT_TIMEOUT 3L
#define TOTAL_TIMEOUT   5L
#define MAX_ANSWER      65536

static size_t collect(char *p, size_t size, size_t nmemb, void *ud) {
  struct jw_buf *b = ud;
  size_t n = size * nmemb;
  if (b->n + n > MAX_ANSWER) return 0; /* too long: curl fails the transfer */
  jw_buf_put(b, p, n);
  return n;
}

enum jw_code jw_ali_post(const char *url, const char *form, struct jw_arena *a, char **resp, struct jw_error *err) {
  CURL *h = curl_easy_init();
  if (!h) return jw_fail(err, JW_E_UNAVAILABLE, "alipay: cannot start an HTTP client");
  struct jw_buf b = {a, NULL, 0, 0};
  jw_buf_put(&b, "", 0);
  struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded;charset=utf-8");
  hdr = curl_slist_append(hdr, "Accept: application/json");
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, TOTAL_TIMEOUT);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
  CURLcode rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(hdr);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK) return jw_fail(err, JW_E_UNAVAILABLE, "alipay: gateway: %s", curl_easy_strerror(rc));
  if (status != 200) return jw_fail(err, JW_E_UNAVAILABLE, "alipay: gateway answered HTTP %ld", status);
  *resp = b.p;
  return JW_OK;
}

/* The end of the JSON object starting at p ('{'), or NULL: braces counted outside strings. */
static const char *object_end(const char *p) {
  int depth = 0, in_str = 0;
  for (; *p; p++) {
    if (in_str) {
      if (*p == '\\' && p[1])
        p++;
      else if (*p == '"')
        in_str = 0;
    } else if (*p == '"') {
      in_str = 1;
    } else if (*p == '{') {
      depth++;
    } else if (*p == '}' && --depth == 0) {
      return p + 1;
    }
  }
  return NULL;
}

int jw_ali_response_node(const char *raw, const char *key, struct jw_arena *a, const char **node, size_t *len,
                         const char **sign) {
  char *quoted = jw_arena_printf(a, "\"%s\"", key);
  const char *p = strstr(raw, quoted);
  if (!p) return 0;
  p += strlen(quoted);
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  if (*p++ != ':') return 0;
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  if (*p != '{') return 0;
  const char *end = object_end(p);
  if (!end) return 0;
  /* The sign follows the node: "sign":"…" (base64 has no escapes). */
  const char *s = strstr(end, "\"sign\"");
  if (!s) return 0;
  s += 6;
  while (*s == ' ' || *s == ':' || *s == '\t' || *s == '\r' || *s == '\n') s++;
  if (*s++ != '"') return 0;
  const char *q = strchr(s, '"');
  if (!q) return 0;
  *node = p;
  *len = (size_t)(end - p);
  *sign = jw_arena_strndup(a, s, (size_t)(q - s));
  return 1;
}
