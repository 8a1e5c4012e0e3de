/*
 * crypto.h — every use of libsodium in one place: the bureau's secret key,
 * encryption of ID numbers at rest, blind indexes, random tokens, keyed
 * hashes for the audit chain, and password hashing.
 */
#ifndef JW_CRYPTO_H
#define JW_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/mem.h"

#define JW_HASH_BYTES 32

enum jw_pwhash_level { JW_PWHASH_MIN, JW_PWHASH_INTERACTIVE, JW_PWHASH_MODERATE };

/*
 * Loads the 32-byte master key from path, creating it (mode 0600, with its
 * directory) when it does not exist, and derives the sub-keys. Must run once
 * before the other functions. The file holds the key as 64 hex characters.
 */
enum jw_code jw_crypto_init(const char *path, enum jw_pwhash_level level, struct jw_error *err);

/* Encrypts plaintext (secretbox, random nonce); *n receives the length of
 * the returned nonce||ciphertext. Arena-owned. */
unsigned char *jw_encrypt(struct jw_arena *a, const char *plaintext, size_t *n);
/* Decrypts what jw_encrypt made; NULL if it does not authenticate.
 * Arena-owned, NUL-terminated. */
char *jw_decrypt(struct jw_arena *a, const void *box, size_t n);

/* Keyed BLAKE2b of s under the blind-index key: equal inputs give equal
 * indexes, and the index reveals nothing without the key. */
void jw_blind_index(const char *s, unsigned char out[JW_HASH_BYTES]);

/* Keyed BLAKE2b under the audit key, as 64 lower-case hex characters + NUL. */
void jw_audit_mac(const void *data, size_t n, char out[2 * JW_HASH_BYTES + 1]);

/* Unkeyed BLAKE2b (for hashing high-entropy tokens before storing them). */
void jw_hash(const void *data, size_t n, unsigned char out[JW_HASH_BYTES]);

/* nbytes random bytes as URL-safe base64 without padding. Arena-owned. */
char *jw_random_token(struct jw_arena *a, size_t nbytes);

/* Lower-case hex of n bytes. Arena-owned. */
char *jw_hex(struct jw_arena *a, const void *data, size_t n);

/* Password hashing (argon2id through crypto_pwhash_str at the configured
 * level). jw_password_hash returns JW_OK and fills out (crypto_pwhash_STRBYTES). */
#define JW_PWHASH_STRBYTES 128
enum jw_code jw_password_hash(const char *password, char out[JW_PWHASH_STRBYTES], struct jw_error *err);
/* 1 when password matches hash. */
int jw_password_verify(const char *hash, const char *password);
/* 1 when hash was made with other parameters than the configured ones. */
int jw_password_needs_rehash(const char *hash);

/* HMAC-SHA-256 under the challenge key (derived from the master key):
 * signs the stateless challenges the server hands out. */
void jw_challenge_mac(const void *data, size_t n, unsigned char out[JW_HASH_BYTES]);

/* HMAC-SHA-256 under the receipt key (derived from the master key): signs
 * the tokens of electronic receipts, so a receipt's QR code proves itself. */
void jw_receipt_mac(const void *data, size_t n, unsigned char out[JW_HASH_BYTES]);

/* Plain SHA-256 (what a browser computes with crypto.subtle). */
void jw_sha256(const void *data, size_t n, unsigned char out[JW_HASH_BYTES]);

#endif
