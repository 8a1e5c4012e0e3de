/* idem.c — the Idempotency-Key header (see idem.h). */
#include "http/idem.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

enum jw_code jw_idempotency(struct jw_req *r, const char **key, const char **hash, struct jw_error *err) {
  *key = *hash = NULL;
  const char *k = jw_header(r, "Idempotency-Key");
  if (!k) return JW_OK;
  size_t n = strlen(k);
  if (n == 0 || n > JW_IDEM_KEY_MAX ||
      strspn(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:") != n)
    return jw_fail(err, JW_E_BAD_REQUEST, "Idempotency-Key must be 1-64 letters, digits or -_.:");
  char *text = r->body ? json_dumps(r->body, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  const char *body = text ? text : "";
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash(h, sizeof h, (const unsigned char *)body, strlen(body), NULL, 0);
  free(text);
  char hex[sizeof h * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  *key = jw_arena_strdup(r->arena, k);
  *hash = jw_arena_strdup(r->arena, hex);
  return JW_OK;
}
