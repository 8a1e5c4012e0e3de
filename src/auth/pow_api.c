/*
 * pow_api.c — the proof-of-work challenge seen from a request: checking an
 * X-PoW header for the request's address and the 429 reply that carries a
 * fresh challenge (the challenge itself: pow.c).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/api.h"

int jw_pow_accept(struct jw_req *r, const char *value, int min_bits, const char **why, struct jw_error *err) {
  return jw_pow_check(r->db, r->arena, r->ip, value, min_bits, why, err);
}

void jw_pow_reply(struct jw_req *r, const struct jw_error *err, int64_t locked_until, const char *why) {
  int64_t expires = (int64_t)time(NULL) + JW_POW_TTL;
  int zh = jw_wants_chinese(r);
  json_t *p = json_pack(
      "{s:s+, s:s, s:i, s:s, s:s, s:i, s:{s:s, s:s, s:i, s:o, s:s}}", "type", "/problems/", jw_error_slug(err->code),
      "title", zh ? jw_error_title_zh(err->code) : jw_error_title(err->code), "status", 429, "detail",
      zh ? err->detail_zh : err->detail, "request_id", r->request_id ? r->request_id : "", "retry_after",
      err->retry_after, "challenge", "nonce", jw_pow_make(r->arena, r->ip, expires, JW_POW_BITS), "algorithm",
      "SHA-256", "difficulty", JW_POW_BITS, "expires_at", jw_time_json(r, expires), "header", "X-PoW");
  if (p && locked_until > 0) json_object_set_new(p, "locked_until", jw_time_json(r, locked_until));
  if (p && why) json_object_set_new(p, "challenge_error", json_string(why));
  char *text = p ? json_dumps(p, JSON_COMPACT) : NULL;
  json_decref(p);
  const char *body = text ? jw_arena_strdup(r->arena, text) : "{\"status\":429}";
  free(text);
  jw_reply_bytes(r, 429, "application/problem+json", body, strlen(body));
  jw_reply_header(r, "Retry-After", jw_arena_printf(r->arena, "%d", err->retry_after));
}
