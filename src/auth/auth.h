/*
 * auth.h — accounts, sign-in, sessions, data scope and rate limits.
 *
 * What other modules use: the session look-up the dispatcher calls for every
 * request, the CSRF comparison, the data-scope test, the per-key rate
 * limiter, and the password rules the command line shares.
 */
#ifndef JW_AUTH_H
#define JW_AUTH_H

#include <stdint.h>

#include "http/http.h"

/* The "known device" cookie: set at a successful sign-in, it lets the right
 * password through while the account is throttled for everyone else. */
#define JW_DEVICE_COOKIE "jw_device"
/* A pw_hash that no password matches: set when an account is given an
 * administrator role, so that only a two-person reset lets it sign in. */
#define JW_PW_RESET_REQUIRED "!reset-required"

/* The user whose session token (the cookie's value) this is, or NULL when
 * the token is unknown, expired or its account disabled. Touches the
 * session's last-seen time at most once a minute. Arena-owned. */
const struct jw_user *jw_auth_session(struct jw_req *r, const char *token);

/*
 * Counts one event under key (for instance "auth-ip:1.2.3.4") in a fixed
 * window of window_secs; when more than limit events fall in the window,
 * returns JW_E_RATE_LIMITED with err->retry_after set. Stored in the
 * database, so the limit holds across instances. Runs on its own (not in a
 * caller's transaction). window_secs must not exceed a day: the clean-up
 * (jw_auth_cleanup) deletes rows whose window began earlier.
 */
enum jw_code jw_rate_limit(struct jw_conn *c, const char *key, int limit, int window_secs, struct jw_error *err);

/* Reads, without counting, how many events key has in the current window of
 * window_secs; *retry_after receives the seconds until that window ends. */
enum jw_code jw_rate_peek(struct jw_conn *c, const char *key, int window_secs, int64_t *count, int *retry_after,
                          struct jw_error *err);
/* Forgets key's count (after a successful sign-in, for instance). */
enum jw_code jw_rate_forget(struct jw_conn *c, const char *key, struct jw_error *err);

/*
 * The server's housekeeping, called from its once-a-second tick: at most
 * every interval_secs it deletes expired and idle-ended sessions, rate-limit
 * rows whose window began more than a day ago (so jw_rate_limit windows must
 * not exceed a day), and marks password-reset requests past their time as
 * expired. Errors are logged, never fatal. Not thread-safe: one caller.
 */
void jw_auth_cleanup(struct jw_conn *c, int interval_secs);

/* The proof-of-work challenge (pow.c). */
/* Leading zero bits of SHA-256: ~262,000 hashes on average. Measured with
 * web/src/utils/proofOfWork.js in headless Chromium on the 2-core machine
 * under the load of a shared build (median of six): 16 bits 0.3 s, 18 bits
 * 1.3 s, 20 bits 2.8 s; 18 is the highest under ~1.5 s. */
#define JW_POW_BITS 18
#define JW_POW_TTL  300 /* seconds a challenge may be answered */
/* A challenge expiring at expires that needs bits zero bits, signed for r's
 * address. Arena-owned. */
const char *jw_pow_challenge(struct jw_req *r, int64_t expires, int bits);
/* Checks an X-PoW value "<challenge>:<solution>" (signature, address,
 * expiry, at least min_bits, the hash) and spends it: 1 accepted, 0 refused
 * (*why: "invalid", "expired" or "reused"), -1 on a database error. */
int jw_pow_accept(struct jw_req *r, const char *value, int min_bits, const char **why, struct jw_error *err);
/* Answers r with a 429 problem+json made of err (code, detail in both
 * languages and retry_after, set by the caller with jw_fail) that carries a
 * fresh challenge, and Retry-After; locked_until (unix seconds, 0 for none)
 * says when a plain lock lifts; why ("invalid", "expired", "reused" or NULL)
 * says what was wrong with a solution sent. The dispatcher's problem writer
 * knows no extra members, so this one writes the body itself. */
void jw_pow_reply(struct jw_req *r, const struct jw_error *err, int64_t locked_until, const char *why);

/* NULL when password is strong enough for login, else the reason. */
const char *jw_password_weakness(const char *password, const char *login);

/* Routes. */
enum jw_code jw_auth_api_register(struct jw_req *r, struct jw_error *err);
enum jw_code jw_auth_api_login(struct jw_req *r, struct jw_error *err);
enum jw_code jw_auth_api_logout(struct jw_req *r, struct jw_error *err);
enum jw_code jw_auth_api_me(struct jw_req *r, struct jw_error *err);
enum jw_code jw_auth_api_password(struct jw_req *r, struct jw_error *err);
enum jw_code jw_staff_api_list(struct jw_req *r, struct jw_error *err);
enum jw_code jw_staff_api_create(struct jw_req *r, struct jw_error *err);
enum jw_code jw_staff_api_update(struct jw_req *r, struct jw_error *err);
enum jw_code jw_staff_api_role(struct jw_req *r, struct jw_error *err);
enum jw_code jw_staff_api_password(struct jw_req *r, struct jw_error *err);

/* Creates an account in its own transaction with its audit row. unit_id 0
 * for none. *id receives the new user's id. A taken login or ID number is
 * JW_E_CONFLICT with a sentence saying which. */
struct jw_new_user {
  const char *kind; /* "citizen" or "staff" */
  const char *role;
  const char *login;
  const char *name;
  const char *password;
  const char *phone;     /* citizens */
  const char *id_number; /* citizens, already checked */
  int64_t unit_id;
  int is_demo;
  /* Who does it, for the audit row; actor_login NULL means "cli". */
  int64_t actor_id;
  const char *actor_login;
  const char *ip;
};
enum jw_code jw_user_create(struct jw_conn *c, struct jw_arena *a, const struct jw_new_user *u, int64_t *id,
                            struct jw_error *err);

/* The server operator's switch (jingwu user disable|enable, the second
 * person that disabling an administrator account needs): sets the staff
 * account login's disabled flag, ends its sessions when disabling, writes
 * the audit row as "cli", all in one transaction. JW_E_NOT_FOUND when there
 * is no such staff account. */
enum jw_code jw_user_set_disabled(struct jw_conn *c, const char *login, int disabled, struct jw_error *err);

#endif
