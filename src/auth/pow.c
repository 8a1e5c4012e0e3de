/*
 * pow.c — the proof-of-work challenge that stands in for a hard lock (the
 * sign-in throttle, the violation query's plate guard): a challenge is
 * "<expires>.<bits>.<random>.<mac>", signed with a key derived from the
 * server secret and bound to the client's address, so no state is kept
 * until it is spent; a solution is spent once (pow_spent).
 */
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "core/crypto.h"

static const char SQL_SPEND[] = "INSERT INTO pow_spent (mac, expires_at) VALUES (?, ?) ON CONFLICT (mac) DO NOTHING";
static const char SQL_SPENT_GC[] = "DELETE FROM pow_spent WHERE expires_at < ?";

/* The hex mac (33 bytes) of a challenge body for r's address. */
static void challenge_mac(struct jw_req *r, const char *body, char out[33]) {
  const char *signed_text = jw_arena_printf(r->arena, "jw-pow|%s|%s", body, r->ip ? r->ip : "");
  unsigned char mac[JW_HASH_BYTES];
  jw_challenge_mac(signed_text, strlen(signed_text), mac);
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 16; i++) {
    out[2 * i] = hex[mac[i] >> 4];
    out[2 * i + 1] = hex[mac[i] & 15];
  }
  out[32] = '\0';
}

const char *jw_pow_challenge(struct jw_req *r, int64_t expires, int bits) {
  const char *body = jw_arena_printf(r->arena, "%lld.%d.%s", (long long)expires, bits, jw_random_token(r->arena, 12));
  char mac[33];
  challenge_mac(r, body, mac);
  return jw_arena_printf(r->arena, "%s.%s", body, mac);
}

/* 1 when the first bits bits of h are zero. */
static int leading_zeros(const unsigned char *h, int bits) {
  for (int i = 0; i < bits; i++)
    if (h[i / 8] & (0x80 >> (i % 8))) return 0;
  return 1;
}

int jw_pow_accept(struct jw_req *r, const char *value, int min_bits, const char **why, struct jw_error *err) {
  *why = "invalid";
  const char *colon = value ? strrchr(value, ':') : NULL;
  if (!colon || colon - value > 200 || strlen(colon + 1) < 1 || strlen(colon + 1) > 32) return 0;
  const char *challenge = jw_arena_printf(r->arena, "%.*s", (int)(colon - value), value);
  const char *solution = colon + 1;
  if (strspn(solution, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(solution)) return 0;
  long long expires;
  int bits, used = 0;
  char rnd[40], mac[40];
  if (sscanf(challenge, "%lld.%d.%39[A-Za-z0-9_-].%39[0-9a-f]%n", &expires, &bits, rnd, mac, &used) != 4 ||
      (size_t)used != strlen(challenge) || strlen(mac) != 32 || bits < min_bits || bits > 40)
    return 0;
  const char *body = jw_arena_printf(r->arena, "%lld.%d.%s", expires, bits, rnd);
  char want[33];
  challenge_mac(r, body, want);
  if (strcmp(jw_arena_printf(r->arena, "%s.%s", body, mac), challenge) != 0 || sodium_memcmp(want, mac, 32) != 0)
    return 0;
  int64_t now = (int64_t)time(NULL);
  if (expires < now) {
    *why = "expired";
    return 0;
  }
  unsigned char h[JW_HASH_BYTES];
  jw_sha256(value, strlen(value), h);
  if (!leading_zeros(h, bits)) return 0;
  struct jw_stmt *s = jw_prepare(r->db, SQL_SPENT_GC, err);
  if (!s) return -1;
  jw_bind_int(s, 1, now);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  if (!(s = jw_prepare(r->db, SQL_SPEND, err))) return -1;
  jw_bind_text(s, 1, mac);
  jw_bind_int(s, 2, expires);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  if (jw_changes(s) != 1) {
    *why = "reused";
    return 0;
  }
  *why = NULL;
  return 1;
}

void jw_pow_reply(struct jw_req *r, const struct jw_error *err, int64_t locked_until, const char *why) {
  int64_t expires = (int64_t)time(NULL) + JW_POW_TTL;
  int zh = jw_wants_chinese(r);
  json_t *p = json_pack(
      "{s:s+, s:s, s:i, s:s, s:s, s:i, s:{s:s, s:s, s:i, s:o, s:s}}", "type", "/problems/", jw_error_slug(err->code),
      "title", zh ? jw_error_title_zh(err->code) : jw_error_title(err->code), "status", 429, "detail",
      zh ? err->detail_zh : err->detail, "request_id", r->request_id ? r->request_id : "", "retry_after",
      err->retry_after, "challenge", "nonce", jw_pow_challenge(r, expires, JW_POW_BITS), "algorithm", "SHA-256",
      "difficulty", JW_POW_BITS, "expires_at", jw_time_json(r, expires), "header", "X-PoW");
  if (p && locked_until > 0) json_object_set_new(p, "locked_until", jw_time_json(r, locked_until));
  if (p && why) json_object_set_new(p, "challenge_error", json_string(why));
  char *text = p ? json_dumps(p, JSON_COMPACT) : NULL;
  json_decref(p);
  const char *body = text ? jw_arena_strdup(r->arena, text) : "{\"status\":429}";
  free(text);
  jw_reply_bytes(r, 429, "application/problem+json", body, strlen(body));
  jw_reply_header(r, "Retry-After", jw_arena_printf(r->arena, "%d", err->retry_after));
}
