/* crypto.c — libsodium behind jingwu's few cryptographic needs. */
#include "core/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"

/* Sub-key ids for crypto_kdf; the context names the application. */
enum { SUBKEY_ID_NUMBERS = 1, SUBKEY_BLIND_INDEX = 2, SUBKEY_AUDIT = 3 };
static const char KDF_CONTEXT[crypto_kdf_CONTEXTBYTES] = "jingwu01";

static unsigned char box_key[crypto_secretbox_KEYBYTES];
static unsigned char bidx_key[crypto_generichash_KEYBYTES];
static unsigned char audit_key[crypto_generichash_KEYBYTES];
/* The key of server-signed challenges (proof-of-work nonces, see
 * src/vehicles/guard.c): an id of its own, apart from the ones above. */
enum { SUBKEY_CHALLENGE = 8 };
static unsigned char challenge_key[crypto_auth_hmacsha256_KEYBYTES];
/* The key of electronic receipts' tokens (src/payments/receipt.c). */
enum { SUBKEY_RECEIPT = 9 };
static unsigned char receipt_key[crypto_auth_hmacsha256_KEYBYTES];
static unsigned long long pw_ops;
static size_t pw_mem;

static enum jw_code read_or_create_key(const char *path, unsigned char key[crypto_kdf_KEYBYTES], struct jw_error *err) {
  char hex[2 * crypto_kdf_KEYBYTES + 1];
  FILE *f = fopen(path, "r");
  if (f) {
    size_t n = fread(hex, 1, sizeof hex - 1, f);
    fclose(f);
    hex[n] = '\0';
    size_t bin_len = 0;
    if (n != sizeof hex - 1 || sodium_hex2bin(key, crypto_kdf_KEYBYTES, hex, n, NULL, &bin_len, NULL) != 0 ||
        bin_len != crypto_kdf_KEYBYTES)
      return jw_fail(err, JW_E_INTERNAL, "secret file %s does not hold 64 hex characters", path);
    return JW_OK;
  }
  if (errno != ENOENT) return jw_fail(err, JW_E_INTERNAL, "cannot read secret file %s: %s", path, strerror(errno));
  /* Create the directory (one level, like ./data) and the file, 0600. */
  char dir[512];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash && slash != dir) {
    *slash = '\0';
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
      return jw_fail(err, JW_E_INTERNAL, "cannot create %s: %s", dir, strerror(errno));
  }
  crypto_kdf_keygen(key);
  sodium_bin2hex(hex, sizeof hex, key, crypto_kdf_KEYBYTES);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return jw_fail(err, JW_E_INTERNAL, "cannot create secret file %s: %s", path, strerror(errno));
  ssize_t w = write(fd, hex, sizeof hex - 1);
  int closed = close(fd);
  if (w != (ssize_t)(sizeof hex - 1) || closed != 0)
    return jw_fail(err, JW_E_INTERNAL, "cannot write secret file %s", path);
  jw_info("crypto: created a new secret key in %s (keep it: ID numbers cannot be read without it)", path);
  return JW_OK;
}

enum jw_code jw_crypto_init(const char *path, enum jw_pwhash_level level, struct jw_error *err) {
  if (sodium_init() < 0) return jw_fail(err, JW_E_INTERNAL, "libsodium failed to initialise");
  unsigned char master[crypto_kdf_KEYBYTES];
  enum jw_code rc = read_or_create_key(path, master, err);
  if (rc != JW_OK) return rc;
  crypto_kdf_derive_from_key(box_key, sizeof box_key, SUBKEY_ID_NUMBERS, KDF_CONTEXT, master);
  crypto_kdf_derive_from_key(bidx_key, sizeof bidx_key, SUBKEY_BLIND_INDEX, KDF_CONTEXT, master);
  crypto_kdf_derive_from_key(audit_key, sizeof audit_key, SUBKEY_AUDIT, KDF_CONTEXT, master);
  crypto_kdf_derive_from_key(challenge_key, sizeof challenge_key, SUBKEY_CHALLENGE, KDF_CONTEXT, master);
  crypto_kdf_derive_from_key(receipt_key, sizeof receipt_key, SUBKEY_RECEIPT, KDF_CONTEXT, master);
  sodium_memzero(master, sizeof master);
  switch (level) {
  case JW_PWHASH_MIN:
    pw_ops = crypto_pwhash_OPSLIMIT_MIN;
    pw_mem = 8192 * 1024; /* 8 MiB: fast enough for test suites, still argon2id */
    break;
  case JW_PWHASH_MODERATE:
    pw_ops = crypto_pwhash_OPSLIMIT_MODERATE;
    pw_mem = crypto_pwhash_MEMLIMIT_MODERATE;
    break;
  default:
    pw_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    pw_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  }
  return JW_OK;
}

unsigned char *jw_encrypt(struct jw_arena *a, const char *plaintext, size_t *n) {
  size_t len = strlen(plaintext);
  *n = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
  unsigned char *out = jw_arena_alloc(a, *n);
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, (const unsigned char *)plaintext, len, out, box_key);
  return out;
}

char *jw_decrypt(struct jw_arena *a, const void *box, size_t n) {
  if (n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return NULL;
  const unsigned char *b = box;
  size_t len = n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
  char *out = jw_arena_alloc(a, len + 1);
  if (crypto_secretbox_open_easy((unsigned char *)out, b + crypto_secretbox_NONCEBYTES, n - crypto_secretbox_NONCEBYTES,
                                 b, box_key) != 0)
    return NULL;
  out[len] = '\0';
  return out;
}

void jw_blind_index(const char *s, unsigned char out[JW_HASH_BYTES]) {
  crypto_generichash(out, JW_HASH_BYTES, (const unsigned char *)s, strlen(s), bidx_key, sizeof bidx_key);
}

void jw_audit_mac(const void *data, size_t n, char out[2 * JW_HASH_BYTES + 1]) {
  unsigned char h[JW_HASH_BYTES];
  crypto_generichash(h, sizeof h, data, n, audit_key, sizeof audit_key);
  sodium_bin2hex(out, 2 * JW_HASH_BYTES + 1, h, sizeof h);
}

void jw_hash(const void *data, size_t n, unsigned char out[JW_HASH_BYTES]) {
  crypto_generichash(out, JW_HASH_BYTES, data, n, NULL, 0);
}

char *jw_random_token(struct jw_arena *a, size_t nbytes) {
  unsigned char buf[64];
  if (nbytes > sizeof buf) nbytes = sizeof buf;
  randombytes_buf(buf, nbytes);
  size_t cap = sodium_base64_ENCODED_LEN(nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *out = jw_arena_alloc(a, cap);
  sodium_bin2base64(out, cap, buf, nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

char *jw_hex(struct jw_arena *a, const void *data, size_t n) {
  char *out = jw_arena_alloc(a, 2 * n + 1);
  sodium_bin2hex(out, 2 * n + 1, data, n);
  return out;
}

enum jw_code jw_password_hash(const char *password, char out[JW_PWHASH_STRBYTES], struct jw_error *err) {
  if (crypto_pwhash_str_alg(out, password, strlen(password), pw_ops, pw_mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return jw_fail(err, JW_E_UNAVAILABLE, "Not enough memory to hash the password; please try again.");
  return JW_OK;
}

int jw_password_verify(const char *hash, const char *password) {
  return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int jw_password_needs_rehash(const char *hash) { return crypto_pwhash_str_needs_rehash(hash, pw_ops, pw_mem) != 0; }

void jw_challenge_mac(const void *data, size_t n, unsigned char out[JW_HASH_BYTES]) {
  crypto_auth_hmacsha256(out, data, n, challenge_key);
}

void jw_sha256(const void *data, size_t n, unsigned char out[JW_HASH_BYTES]) { crypto_hash_sha256(out, data, n); }

void jw_receipt_mac(const void *data, size_t n, unsigned char out[JW_HASH_BYTES]) {
  crypto_auth_hmacsha256(out, data, n, receipt_key);
}
