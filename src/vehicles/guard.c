/*
 * guard.c — the guard of every look-up by plate + engine six (the public
 * violation query, binding a vehicle).
 *
 * Guessing engine numbers is stopped in two ways, neither of which lets one
 * person lock out another:
 *  - wrong tries are counted per plate, whatever the address: past
 *    JW_PLATE_WRONG_LIMIT in an hour every query of that plate, from every
 *    address, must carry the solution of a proof-of-work challenge (about a
 *    second of SHA-256 in a browser), so the owner with the right six still
 *    gets her answer while guessing the six costs a second a try; only past
 *    JW_PLATE_LOCK_LIMIT does the plate meet a hard lock for the rest of the
 *    hour, whose words send the owner to 我的车辆 (signed in, her own cars
 *    are bound there without meeting the guard);
 *  - wrong tries are also counted per address: past JW_PLATE_FAIL_LIMIT a
 *    request must carry a solution too, instead of meeting a hard lock, so
 *    that neighbours behind one carrier NAT still get their answers.
 *
 * A challenge needs no server state: "<expires>.<bits>.<random>.<mac>", mac
 * being the first 16 bytes of HMAC-SHA-256 under the server's challenge key
 * over the rest and the client's address. A solution s makes
 * SHA-256("<challenge>:<s>") begin with <bits> zero bits; it comes back as
 * "X-PoW: <challenge>:<s>" and is spent once (its mac is a row of
 * pow_spent, kept until the challenge expires).
 *
 * This file counts and decides; the challenge itself (checking X-PoW and
 * writing the 429 that carries a new one) is the handler side's, in
 * vehicles_api.c (jw_plate_guard()).
 */
#include <stdio.h>

#include "auth/auth.h"
#include "core/crypto.h"
#include "vehicles/store.h"

#define GUARD_WINDOW 3600

/* The rate_limits keys of the plate's and the address's wrong tries. */
struct guard_keys {
  char plate[96], ip[96];
};

static void guard_keys(struct guard_keys *k, const char *type, const char *plate, const char *ip) {
  snprintf(k->plate, sizeof k->plate, "plate-wrong:%s:%s", type, plate);
  snprintf(k->ip, sizeof k->ip, "plate-ip:%s", ip ? ip : "");
}

enum jw_code jw_plate_guard_check(struct jw_conn *c, const char *type, const char *plate, const char *ip, int64_t now,
                                  struct jw_plate_verdict *v, struct jw_error *err) {
  int64_t start = now - now % GUARD_WINDOW;
  int retry = (int)(start + GUARD_WINDOW - now);
  if (retry < 1) retry = 1;
  *v = (struct jw_plate_verdict){0, 0, retry, start + GUARD_WINDOW};
  struct guard_keys k;
  guard_keys(&k, type, plate, ip);
  const char *const keys[2] = {k.plate, k.ip};
  int64_t n[2];
  if (jw_vehicles_store_guard_peek(c, keys, start, n, err) != JW_OK) return err->code;
  if (n[0] >= JW_PLATE_LOCK_LIMIT) {
    err->retry_after = retry;
    return jw_fail(err, JW_E_RATE_LIMITED,
                   "Too many wrong engine numbers were tried for this plate; it can be looked up again in %d minutes. "
                   "If it is your car, sign in and open My vehicles: a car registered to your ID number binds there "
                   "without the engine number, whatever others tried.",
                   (retry + 59) / 60);
  }
  v->for_plate = n[0] >= JW_PLATE_WRONG_LIMIT;
  v->need_pow = v->for_plate || n[1] >= JW_PLATE_FAIL_LIMIT;
  return JW_OK;
}

enum jw_code jw_plate_guard_wrong(struct jw_conn *c, const char *type, const char *plate, const char *ip,
                                  struct jw_error *err) {
  struct guard_keys k;
  guard_keys(&k, type, plate, ip);
  const char *const keys[2] = {k.plate, k.ip};
  for (int i = 0; i < 2; i++) {
    enum jw_code rc = jw_rate_limit(c, keys[i], 1 << 30, GUARD_WINDOW, err);
    if (rc != JW_OK) return rc;
  }
  return jw_fail(err, JW_E_NOT_FOUND, "No vehicle matches this plate and engine number.");
}
