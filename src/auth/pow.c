/*
 * pow.c — the proof-of-work challenge that stands in for a hard lock (the
 * sign-in throttle, the violation query's plate guard): a challenge is
 * "<expires>.<bits>.<random>.<mac>", signed with a key derived from the
 * server secret and bound to the client's address, so no state is kept
 * until it is spent; a solution is spent once (pow_spent).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "auth/store.h"
#include "core/crypto.h"
#include "core/mem.h"

/* The hex mac (33 bytes) of a challenge body for address ip. */
static void challenge_mac(struct jw_arena *a, const char *ip, const char *body, char out[33]) {
  const char *signed_text = jw_arena_printf(a, "jw-pow|%s|%s", body, ip ? ip : "");
  unsigned char mac[JW_HASH_BYTES];
  jw_challenge_mac(signed_text, strlen(signed_text), mac);
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 16; i++) {
    out[2 * i] = hex[mac[i] >> 4];
    out[2 * i + 1] = hex[mac[i] & 15];
  }
  out[32] = '\0';
}

const char *jw_pow_make(struct jw_arena *a, const char *ip, int64_t expires, int bits) {
  const char *body = jw_arena_printf(a, "%lld.%d.%s", (long long)expires, bits, jw_random_token(a, 12));
  char mac[33];
  challenge_mac(a, ip, body, mac);
  return jw_arena_printf(a, "%s.%s", body, mac);
}

/* 1 when the first bits bits of h are zero. */
static int leading_zeros(const unsigned char *h, int bits) {
  for (int i = 0; i < bits; i++)
    if (h[i / 8] & (0x80 >> (i % 8))) return 0;
  return 1;
}

int jw_pow_check(struct jw_conn *c, struct jw_arena *a, const char *ip, const char *value, int min_bits,
                 const char **why, struct jw_error *err) {
  *why = "invalid";
  const char *colon = value ? strrchr(value, ':') : NULL;
  if (!colon || colon - value > 200 || strlen(colon + 1) < 1 || strlen(colon + 1) > 32) return 0;
  const char *challenge = jw_arena_printf(a, "%.*s", (int)(colon - value), value);
  const char *solution = colon + 1;
  if (strspn(solution, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(solution)) return 0;
  long long expires;
  int bits, used = 0;
  char rnd[40], mac[40];
  if (sscanf(challenge, "%lld.%d.%39[A-Za-z0-9_-].%39[0-9a-f]%n", &expires, &bits, rnd, mac, &used) != 4 ||
      (size_t)used != strlen(challenge) || strlen(mac) != 32 || bits < min_bits || bits > 40)
    return 0;
  const char *body = jw_arena_printf(a, "%lld.%d.%s", expires, bits, rnd);
  char want[33];
  challenge_mac(a, ip, body, want);
  if (strcmp(jw_arena_printf(a, "%s.%s", body, mac), challenge) != 0 || sodium_memcmp(want, mac, 32) != 0) return 0;
  int64_t now = (int64_t)time(NULL);
  if (expires < now) {
    *why = "expired";
    return 0;
  }
  unsigned char h[JW_HASH_BYTES];
  jw_sha256(value, strlen(value), h);
  if (!leading_zeros(h, bits)) return 0;
  if (jw_auth_store_pow_gc(c, now, err) != JW_OK) return -1;
  int fresh = jw_auth_store_pow_spend(c, mac, expires, err);
  if (fresh < 0) return -1;
  if (!fresh) {
    *why = "reused";
    return 0;
  }
  *why = NULL;
  return 1;
}
