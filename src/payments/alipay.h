/*
 * alipay.h — the pieces of Alipay Open Platform's protocol that the alipay
 * channel (alipay.c) is built from: parameter lists and their signing
 * content, RSA2 (SHA256withRSA, PKCS#1 v1.5) signatures with OpenSSL, form
 * bodies, yuan amounts, a signed answer's text, and one bounded HTTP POST
 * with libcurl. Private to src/payments/alipay*.c.
 */
#ifndef JW_PAYMENTS_ALIPAY_H
#define JW_PAYMENTS_ALIPAY_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/mem.h"

/* The most parameters a request or a notification may carry. */
#define JW_ALI_MAX_PARAMS 64

struct jw_ali_params {
  int n;
  struct {
    const char *key, *value; /* arena-owned or static */
  } p[JW_ALI_MAX_PARAMS];
};

/* Appends key=value (both borrowed for the life of ps). Asserts room. */
void jw_ali_add(struct jw_ali_params *ps, const char *key, const char *value);

/* The value of key, or NULL. */
const char *jw_ali_get(const struct jw_ali_params *ps, const char *key);

/*
 * Alipay's signing content: "k1=v1&k2=v2…" over the parameters sorted by
 * key in byte order, leaving out sign, empty values, and sign_type unless
 * with_sign_type (requests sign it; notifications do not). Arena-owned.
 */
char *jw_ali_sign_content(const struct jw_ali_params *ps, int with_sign_type, struct jw_arena *a);

/* The RSA2 signature of text under key, base64, arena-owned; NULL on failure (err set). */
char *jw_ali_sign(EVP_PKEY *key, const char *text, struct jw_arena *a, struct jw_error *err);

/* 1 when sig_b64 is key's RSA2 signature of text[0..n), 0 otherwise. */
int jw_ali_verify(EVP_PKEY *key, const char *text, size_t n, const char *sig_b64);

/*
 * Loads the PEM key in file path (a private key when private_key, else a
 * public key). Refuses a file that group or others may read. Caller frees
 * with EVP_PKEY_free(); NULL with err set (JW_E_INTERNAL) on failure.
 */
EVP_PKEY *jw_ali_load_key(const char *path, int private_key, struct jw_error *err);

/*
 * Reads an application/x-www-form-urlencoded body into *out (strings in
 * a, decoded by libcurl; '+' is a space). JW_E_BAD_REQUEST (err set) for
 * a pair without '=', a bad escape, a NUL, a repeated key or too many.
 */
enum jw_code jw_ali_parse_form(const char *body, size_t n, struct jw_arena *a, struct jw_ali_params *out,
                               struct jw_error *err);

/* "k1=v1&…" with every key and value percent-encoded (by libcurl); arena-owned. */
char *jw_ali_form(const struct jw_ali_params *ps, struct jw_arena *a);

/* "230.00" for 23000 cents; arena-owned. */
char *jw_ali_yuan(int64_t cents, struct jw_arena *a);

/* Reads a yuan amount ("230", "230.5", "230.00") into cents exactly: 1 on success, 0 if malformed. */
int jw_ali_cents(const char *yuan, int64_t *cents);

/* Beijing time (UTC+8, Alipay's clock) of unix time t as "yyyy-MM-dd HH:mm:ss", into out[20]. */
void jw_ali_time(long long t, char out[20]);

/*
 * POSTs form to url (timeouts of a few seconds, http/https only, at most
 * 64 KiB of answer) and returns the answer's text in *resp (arena-owned,
 * NUL-terminated). JW_E_UNAVAILABLE (err set) when the gateway cannot be
 * reached, is slow, or answers other than 200.
 */
enum jw_code jw_ali_post(const char *url, const char *form, struct jw_arena *a, char **resp, struct jw_error *err);

/*
 * Finds in an answer's raw text the value of its member "<key>" (a JSON
 * object) exactly as sent — the text Alipay signed — and the answer's
 * "sign". 1 with *node, *len and *sign set (sign arena-owned), 0 when the
 * answer has no such member or no sign.
 */
int jw_ali_response_node(const char *raw, const char *key, struct jw_arena *a, const char **node, size_t *len,
                         const char **sign);

#endif
