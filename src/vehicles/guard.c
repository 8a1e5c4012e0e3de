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
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/api.h"
#include "core/crypto.h"
#include "vehicles/vehicles.h"

#define GUARD_WINDOW 3600

/* Both counters in one look-up (the public query is hot: bench/traffic.lua). */
static const char SQL_PEEK[] = "SELECT key, count FROM rate_limits WHERE key IN (?, ?) AND window_start = ?";

static const char *plate_key(struct jw_req *r, const char *type, const char *plate) {
  return jw_arena_printf(r->arena, "plate-wrong:%s:%s", type, plate);
}

static const char *ip_key(struct jw_req *r) { return jw_arena_printf(r->arena, "plate-ip:%s", r->ip ? r->ip : ""); }

/* The failures counted for the plate (n[0]) and the address (n[1]) in the
 * window starting at start; JW_OK or a database error. */
static enum jw_code peek(struct jw_req *r, const char *keys[2], int64_t start, int64_t n[2], struct jw_error *err) {
  n[0] = n[1] = 0;
  struct jw_stmt *s = jw_prepare(r->db, SQL_PEEK, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, keys[0]);
  jw_bind_text(s, 2, keys[1]);
  jw_bind_int(s, 3, start);
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW)
    for (int i = 0; i < 2; i++)
      if (strcmp(jw_col_text(s, 0), keys[i]) == 0) n[i] = jw_col_int(s, 1);
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(r->db);
  return JW_OK;
}

/* Writes the 429 problem that carries a fresh challenge (the dispatcher's
 * problem writer knows no extra members, so it is written here, in the same
 * shape and language). */
static void reply_challenge(struct jw_req *r, int retry_after, int64_t lock_end, int for_plate, const char *why,
                            struct jw_error *err) {
  err->retry_after = retry_after;
  if (for_plate)
    jw_fail(err, JW_E_RATE_LIMITED,
            "Many wrong engine numbers were tried for this plate: solve the attached challenge to go on (your browser "
            "does it by itself).");
  else
    jw_fail(err, JW_E_RATE_LIMITED,
            "Too many wrong plate or engine numbers from your address: solve the attached challenge to go on, or try "
            "again in %d minutes.",
            (retry_after + 59) / 60);
  jw_pow_reply(r, err, lock_end, why);
}

enum jw_code jw_plate_guard(struct jw_req *r, const char *type, const char *plate, int *answered,
                            struct jw_error *err) {
  *answered = 0;
  int64_t now = (int64_t)time(NULL), start = now - now % GUARD_WINDOW;
  int retry = (int)(start + GUARD_WINDOW - now);
  if (retry < 1) retry = 1;
  const char *keys[2] = {plate_key(r, type, plate), ip_key(r)};
  int64_t n[2];
  if (peek(r, keys, start, n, err) != JW_OK) return err->code;
  if (n[0] >= JW_PLATE_LOCK_LIMIT) {
    err->retry_after = retry;
    return jw_fail(err, JW_E_RATE_LIMITED,
                   "Too many wrong engine numbers were tried for this plate; it can be looked up again in %d minutes. "
                   "If it is your car, sign in and open My vehicles: a car registered to your ID number binds there "
                   "without the engine number, whatever others tried.",
                   (retry + 59) / 60);
  }
  int for_plate = n[0] >= JW_PLATE_WRONG_LIMIT;
  if (!for_plate && n[1] < JW_PLATE_FAIL_LIMIT) return JW_OK;
  const char *pow = jw_header(r, "X-PoW"), *why = NULL;
  if (pow) {
    int ok = jw_pow_accept(r, pow, JW_POW_BITS, &why, err);
    if (ok < 0) return err->code;
    if (ok) return JW_OK;
  }
  reply_challenge(r, retry, start + GUARD_WINDOW, for_plate, why, err);
  *answered = 1;
  return JW_E_RATE_LIMITED;
}

enum jw_code jw_plate_guard_wrong(struct jw_req *r, const char *type, const char *plate, struct jw_error *err) {
  const char *keys[2] = {plate_key(r, type, plate), ip_key(r)};
  for (int i = 0; i < 2; i++) {
    enum jw_code rc = jw_rate_limit(r->db, keys[i], 1 << 30, GUARD_WINDOW, err);
    if (rc != JW_OK) return rc;
  }
  return jw_fail(err, JW_E_NOT_FOUND, "No vehicle matches this plate and engine number.");
}
