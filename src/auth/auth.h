/*
 * auth.h — accounts, sign-in, sessions, staff accounts, rate limits and the
 * proof-of-work challenge, as values: no request, no JSON. The handlers
 * (and the session look-up the dispatcher calls) are in auth/api.h.
 *
 * What other modules use: the per-key rate limiter, the challenge, the
 * password rules and account creation the command line shares.
 */
#ifndef JW_AUTH_H
#define JW_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "core/identity.h"
#include "db/db.h"

/* The "known device" cookie: set at a successful sign-in, it lets the right
 * password through while the account is throttled for everyone else. */
#define JW_DEVICE_COOKIE "jw_device"
/* A pw_hash that no password matches: set when an account is given an
 * administrator role, so that only a two-person reset lets it sign in. */
#define JW_PW_RESET_REQUIRED "!reset-required"

/* ---- sessions ---- */

/*
 * The user whose session token (the cookie's value) this is, or NULL when
 * the token is unknown, expired, idle too long, its account disabled or its
 * role unknown (such a session is deleted) or on a database error. Touches
 * the session's last-seen time at most once a minute. *temporary receives 1
 * when the account signed in with temporary credentials (the caller decides
 * what such a session may do). The user and its strings are arena-owned.
 */
struct jw_user *jw_session_find(struct jw_conn *c, struct jw_arena *a, const char *token, int *temporary);

/* ---- rate limits ---- */

/*
 * Counts one event under key (for instance "auth-ip:1.2.3.4") in a fixed
 * window of window_secs; when more than limit events fall in the window,
 * returns JW_E_RATE_LIMITED with err->retry_after set. Stored in the
 * database, so the limit holds across instances. Runs on its own (not in a
 * caller's transaction). window_secs must not exceed a day: the clean-up
 * (jw_auth_cleanup) deletes rows whose window began earlier. Other failures
 * are the database error's code with err set.
 */
enum jw_code jw_rate_limit(struct jw_conn *c, const char *key, int limit, int window_secs, struct jw_error *err);

/* Reads, without counting, how many events key has in the current window of
 * window_secs into *count; *retry_after receives the seconds until that
 * window ends (at least 1). Returns JW_OK or the database error's code. */
enum jw_code jw_rate_peek(struct jw_conn *c, const char *key, int window_secs, int64_t *count, int *retry_after,
                          struct jw_error *err);
/* Forgets key's count (after a successful sign-in, for instance). Returns
 * JW_OK or the database error's code with err set. */
enum jw_code jw_rate_forget(struct jw_conn *c, const char *key, struct jw_error *err);

/*
 * The server's housekeeping, called from its once-a-second tick: at most
 * every interval_secs it deletes expired and idle-ended sessions, rate-limit
 * rows whose window began more than a day ago (so jw_rate_limit windows must
 * not exceed a day), and marks password-reset requests past their time as
 * expired. Errors are logged, never fatal. Not thread-safe: one caller.
 */
void jw_auth_cleanup(struct jw_conn *c, int interval_secs);

/* ---- the proof-of-work challenge (pow.c) ---- */

/* Leading zero bits of SHA-256: ~262,000 hashes on average. Measured with
 * web/src/utils/proofOfWork.js in headless Chromium on the 2-core machine
 * under the load of a shared build (median of six): 16 bits 0.3 s, 18 bits
 * 1.3 s, 20 bits 2.8 s; 18 is the highest under ~1.5 s. */
#define JW_POW_BITS 18
#define JW_POW_TTL  300 /* seconds a challenge may be answered */

/* A challenge expiring at expires that needs bits zero bits, signed for the
 * client address ip (NULL: ""). Arena-owned. */
const char *jw_pow_make(struct jw_arena *a, const char *ip, int64_t expires, int bits);

/* Checks an X-PoW value "<challenge>:<solution>" (signature for ip,
 * expiry, at least min_bits, the hash) and spends it on c: 1 accepted, 0
 * refused (*why: "invalid", "expired" or "reused"), -1 on a database error
 * (err set). Scratch strings go to arena a. */
int jw_pow_check(struct jw_conn *c, struct jw_arena *a, const char *ip, const char *value, int min_bits,
                 const char **why, struct jw_error *err);

/* ---- passwords and accounts ---- */

/* NULL when password is strong enough for login (NULL: no login to
 * compare), else the reason (a static string). */
const char *jw_password_weakness(const char *password, const char *login);

/* An account to create (jw_user_create). */
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
/*
 * Creates account u in its own transaction with its audit row: hashes the
 * password (slow: call it off the HTTP threads), seals the ID number and
 * its blind index (scratch in arena a). unit_id 0 for none. *id (may be
 * NULL) receives the new user's id. A taken login or ID number is
 * JW_E_CONFLICT with a sentence saying which; else JW_OK or the code with
 * err set.
 */
enum jw_code jw_user_create(struct jw_conn *c, struct jw_arena *a, const struct jw_new_user *u, int64_t *id,
                            struct jw_error *err);

/* The server operator's switch (jingwu user disable|enable, the second
 * person that disabling an administrator account needs): sets the staff
 * account login's disabled flag, ends its sessions when disabling, writes
 * the audit row as "cli", all in one transaction. JW_E_NOT_FOUND when there
 * is no such staff account. */
enum jw_code jw_user_set_disabled(struct jw_conn *c, const char *login, int disabled, struct jw_error *err);

/* An account as its owner (or staff) sees it. */
struct jw_account {
  int64_t id;
  const char *kind, *role, *login, *name;
  const char *phone;     /* NULL: none; masked unless own */
  const char *id_number; /* NULL: none; masked unless own */
  int64_t unit_id;       /* 0: none */
  const char *unit_name; /* NULL: none */
  const char *unit_kind; /* NULL: none */
  int64_t created_at;
  int credentials_temporary; /* 1: a password someone else set */
  int64_t officer_id;        /* the officer record linked to this staff account; 0: none */
};

/* User id's account into *out; own = 1 shows phone and ID number unmasked.
 * Strings arena-owned. JW_E_NOT_FOUND when there is no such user, else
 * JW_OK or the database error's code. */
enum jw_code jw_account_get(struct jw_conn *c, struct jw_arena *a, int64_t id, int own, struct jw_account *out,
                            struct jw_error *err);

/* ---- sign-in, sign-out, password change ---- */

/* The account a sign-in names (all zero/NULL when there is none). */
struct jw_login_account {
  int64_t user_id;  /* 0: no such login */
  const char *hash; /* pw_hash (arena) */
  int disabled;
  int staff; /* 1: a staff account (shorter sessions) */
};

/* The account signing in as login into *out (zeroed when there is none).
 * Returns JW_OK or the database error's code with err set. */
enum jw_code jw_login_find(struct jw_conn *c, struct jw_arena *a, const char *login, struct jw_login_account *out,
                           struct jw_error *err);

/* What checking a sign-in's password gave. */
struct jw_login_outcome {
  int success;
  const char *new_hash; /* rehashed password, or NULL */
  const char *token;    /* success: the new session's cookie value */
  const unsigned char *token_hash;
  const char *csrf;
};

/*
 * Checks password against acct: the slow part, run outside any
 * transaction and once for every kind of failure — unknown logins,
 * disabled accounts and accounts waiting for a reset hash against a dummy,
 * so that every failure takes the same time. On success makes the session
 * token and CSRF token (and a new hash when the old one's parameters are
 * outdated). *out's strings are arena-owned. Errors are not reported: a
 * failure is out->success = 0.
 */
void jw_login_verify(struct jw_arena *a, const struct jw_login_account *acct, const char *password,
                     struct jw_login_outcome *out);

/*
 * Records a sign-in as login from ip in one transaction: a failure writes
 * its audit row; a success clears the account's failure count, stores the
 * new hash if any, creates the session (staff sessions are shorter) and
 * writes the audit row. Returns JW_OK or the code with err set.
 */
enum jw_code jw_login_record(struct jw_conn *c, const struct jw_login_account *acct, const char *login, const char *ip,
                             const struct jw_login_outcome *o, struct jw_error *err);

/* Ends u's current session (u->session_hash) and writes the audit row for
 * ip, in one transaction. Returns JW_OK or the code with err set. */
enum jw_code jw_logout(struct jw_conn *c, const struct jw_user *u, const char *ip, struct jw_error *err);

/* The password hash and login of user id (arena-owned). JW_E_NOT_FOUND when
 * there is none, else JW_OK or the database error's code. */
enum jw_code jw_credentials_get(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **hash,
                                const char **login, struct jw_error *err);

/* Sets u's own password to hash (no longer temporary), ends u's other
 * sessions and writes the audit row for ip, in one transaction. Returns
 * JW_OK or the code with err set. */
enum jw_code jw_password_change(struct jw_conn *c, const struct jw_user *u, const char *ip, const char *hash,
                                struct jw_error *err);

/* ---- staff accounts (staff.c) ---- */

/* A staff account with the reset of its password waiting for a second
 * administrator, if any. */
struct jw_staff {
  int64_t id;
  const char *login, *name, *role;
  int64_t unit_id;       /* 0: none */
  const char *unit_name; /* NULL: none */
  const char *unit_path; /* NULL: none */
  int disabled;
  int64_t created_at;
  int64_t last_login_at; /* 0: never */
  int reset_required;    /* the password is JW_PW_RESET_REQUIRED */
  int64_t pending_id;    /* 0: no reset pending */
  int64_t pending_requested_by;
  const char *pending_requested_by_login;
  int64_t pending_created_at, pending_expires_at;
};

/* 1 when role (an enum jw_role) is one of the three administrator roles of
 * 三员分立 (sysadmin, secadmin, auditor): none may become another or act as
 * one, so their passwords are reset by two people and a grant of one never
 * comes with a password anybody knows. 0 otherwise (also for -1). */
int jw_staff_admin_role(int role);

/* A page of the staff accounts whose unit (none counts as the bureau's, "/")
 * lies under scope, of role (NULL: any), whose name or login contains q
 * (NULL: any), by id: up to limit rows from offset into an arena array
 * (*out, *n). Returns JW_OK or the database error's code. */
enum jw_code jw_staff_list(struct jw_conn *c, struct jw_arena *a, const char *scope, const char *role, const char *q,
                           int64_t limit, int64_t offset, struct jw_staff **out, size_t *n, struct jw_error *err);

/* Staff account id into *out (arena strings): 1 found, 0 none, -1 on a
 * database error (err set). */
int jw_staff_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_staff *out, struct jw_error *err);

/* A change to a staff account by actor from ip (for the audit row). */
struct jw_staff_change {
  int64_t id;
  const char *name;
  int64_t unit_id;
  int disabled;
  const char *role;    /* jw_staff_set_role */
  const char *pw_hash; /* jw_staff_set_password */
};

/* Sets name, unit and disabled (ending its sessions when disabling) with the
 * audit row, in one transaction. JW_E_CONFLICT when the account became an
 * administrator and its unit or flag would change. */
enum jw_code jw_staff_update(struct jw_conn *c, const struct jw_user *actor, const char *ip,
                             const struct jw_staff_change *ch, struct jw_error *err);
/* Sets ch->role (an administrator role also makes the password unusable
 * until a two-person reset), ends the account's sessions and writes the
 * audit row, in one transaction. */
enum jw_code jw_staff_set_role(struct jw_conn *c, const struct jw_user *actor, const char *ip,
                               const struct jw_staff_change *ch, struct jw_error *err);
/* Sets ch->pw_hash as a temporary password of a non-administrator account,
 * ends its sessions and writes the audit row, in one transaction.
 * JW_E_CONFLICT when the account holds an administrator role. */
enum jw_code jw_staff_set_password(struct jw_conn *c, const struct jw_user *actor, const char *ip,
                                   const struct jw_staff_change *ch, struct jw_error *err);

/* ---- two-person resets of administrator passwords (staff.c) ---- */

struct jw_staff_reset {
  int64_t id, user_id, requested_by;
  int64_t approved_by; /* 0: not approved */
  const char *status;  /* "pending", "approved", "cancelled", "expired" */
  int64_t created_at, expires_at;
};

/* Reset reset_id of user_id into *out: 1 found, 0 none, -1 on a database
 * error (err set). */
int jw_staff_reset_get(struct jw_conn *c, struct jw_arena *a, int64_t reset_id, int64_t user_id,
                       struct jw_staff_reset *out, struct jw_error *err);

/* actor asks for a reset of user_id's password: expires a stale request,
 * records a new one with the audit row. *reset_id receives its id, *half
 * the first half of the temporary password (arena-owned; shown to actor
 * only). JW_E_CONFLICT when one is already waiting. */
enum jw_code jw_staff_reset_request(struct jw_conn *c, struct jw_arena *a, const struct jw_user *actor, const char *ip,
                                    int64_t user_id, int64_t *reset_id, const char **half, struct jw_error *err);

/* A second administrator (actor) approves reset_id of user_id: the
 * password becomes both halves (hashed outside the transaction), must be
 * changed at sign-in, the account's sessions end. *half receives the second
 * half (arena-owned). JW_E_NOT_FOUND without such a reset, JW_E_FORBIDDEN
 * when actor requested it, JW_E_CONFLICT when it no longer waits. */
enum jw_code jw_staff_reset_approve(struct jw_conn *c, struct jw_arena *a, const struct jw_user *actor, const char *ip,
                                    int64_t user_id, int64_t reset_id, const char **half, struct jw_error *err);

/* Cancels pending reset_id of user_id with the audit row. JW_E_CONFLICT
 * when it no longer waits. */
enum jw_code jw_staff_reset_cancel(struct jw_conn *c, const struct jw_user *actor, const char *ip, int64_t user_id,
                                   int64_t reset_id, struct jw_error *err);

#endif
