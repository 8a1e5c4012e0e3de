/*
 * store.h — the auth domain's SQL (tables users, sessions, rate_limits,
 * pow_spent, password_resets), one function per operation. Private to
 * src/auth/: only auth.c, pow.c and staff.c call it. Every function takes
 * the connection it runs on (inside the caller's jw_tx when it writes) and
 * sets err on failure; strings it returns are copied into the arena given.
 */
#ifndef JW_AUTH_STORE_H
#define JW_AUTH_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"

/* ---- sessions (store.c) ---- */

/* A session row with its account. */
struct jw_auth_session_row {
  int64_t user_id;
  const char *csrf;
  int64_t last_seen, idle_secs, expires_at;
  const char *role, *login, *name;
  int64_t unit_id;       /* 0: none */
  const char *unit_path; /* NULL: none */
  int disabled;
  int pw_must_change;
};

/* The session whose token hash is hash (JW_HASH_BYTES) into *out: 1 found,
 * 0 none, -1 on a database error (err set). Releases the connection. */
int jw_auth_store_session(struct jw_conn *c, struct jw_arena *a, const unsigned char *hash,
                          struct jw_auth_session_row *out, struct jw_error *err);
/* Deletes the session whose token hash is hash. */
enum jw_code jw_auth_store_session_drop(struct jw_conn *c, const unsigned char *hash, struct jw_error *err);
/* Sets the session's last-seen time to now. */
enum jw_code jw_auth_store_session_touch(struct jw_conn *c, const unsigned char *hash, int64_t now,
                                         struct jw_error *err);
/* Inserts a session for user_id from ip created now. */
enum jw_code jw_auth_store_session_new(struct jw_conn *c, const unsigned char *hash, int64_t user_id, const char *csrf,
                                       const char *ip, int64_t now, int64_t idle_secs, int64_t expires_at,
                                       struct jw_error *err);
/* Deletes every session of user_id. */
enum jw_code jw_auth_store_sessions_end(struct jw_conn *c, int64_t user_id, struct jw_error *err);
/* Deletes every session of user_id but the one whose token hash is keep. */
enum jw_code jw_auth_store_sessions_end_others(struct jw_conn *c, int64_t user_id, const unsigned char *keep,
                                               struct jw_error *err);

/* ---- rate limits (store.c) ---- */

/* Counts one event for key in the window starting at window_start (a new
 * window starts the count at 1); *count receives the count. */
enum jw_code jw_auth_store_rate_count(struct jw_conn *c, const char *key, int64_t window_start, int64_t *count,
                                      struct jw_error *err);
/* *count receives key's count in the window starting at window_start (0 when none). */
enum jw_code jw_auth_store_rate_peek(struct jw_conn *c, const char *key, int64_t window_start, int64_t *count,
                                     struct jw_error *err);
/* Deletes key's row. */
enum jw_code jw_auth_store_rate_forget(struct jw_conn *c, const char *key, struct jw_error *err);

/* ---- housekeeping (store.c) ---- */

/* Deletes sessions expired or idle at now. */
enum jw_code jw_auth_store_sweep_sessions(struct jw_conn *c, int64_t now, struct jw_error *err);
/* Deletes rate-limit rows whose window began before before. */
enum jw_code jw_auth_store_sweep_rates(struct jw_conn *c, int64_t before, struct jw_error *err);
/* Marks pending password resets past their time at now as expired. */
enum jw_code jw_auth_store_sweep_resets(struct jw_conn *c, int64_t now, struct jw_error *err);

/* ---- proof-of-work (store.c) ---- */

/* Deletes spent challenges that expired before now. */
enum jw_code jw_auth_store_pow_gc(struct jw_conn *c, int64_t now, struct jw_error *err);
/* Records the challenge mac as spent until expires: 1 newly spent, 0 spent
 * before, -1 on a database error (err set). */
int jw_auth_store_pow_spend(struct jw_conn *c, const char *mac, int64_t expires, struct jw_error *err);

/* ---- accounts (store.c) ---- */

/* The row jw_user_create inserts; id_enc NULL for none (then id_bidx is ignored). */
struct jw_auth_user_row {
  const char *kind, *role, *login, *name, *phone;
  const unsigned char *id_enc;
  size_t id_enc_len;
  const unsigned char *id_bidx; /* JW_HASH_BYTES */
  const char *id_masked;
  int64_t unit_id; /* 0: none */
  const char *pw_hash;
  int is_demo;
  int64_t created_at;
};
/* Inserts row; *id receives the new id. A UNIQUE violation is JW_E_CONFLICT
 * with the database's detail (naming the constraint). */
enum jw_code jw_auth_store_user_insert(struct jw_conn *c, const struct jw_auth_user_row *row, int64_t *id,
                                       struct jw_error *err);
/* Sets the disabled flag of staff account login: 1 and *id, role (cut to
 * role_cap) when there is one, 0 when not, -1 on a database error. */
int jw_auth_store_staff_disable(struct jw_conn *c, const char *login, int disabled, int64_t *id, char *role,
                                size_t role_cap, struct jw_error *err);
/* The account signing in as login: 1 found (*out filled), 0 none, -1 on a database error. */
int jw_auth_store_account(struct jw_conn *c, struct jw_arena *a, const char *login, struct jw_login_account *out,
                          struct jw_error *err);
/* A successful sign-in at now: clears the failure count, records the time
 * and replaces the hash by new_hash when not NULL. */
enum jw_code jw_auth_store_login_ok(struct jw_conn *c, int64_t user_id, int64_t now, const char *new_hash,
                                    struct jw_error *err);
/* The account view of user id (phone and ID number as stored: the ID
 * number is *id_enc, a sealed box of *id_enc_len bytes, NULL when none).
 * JW_E_NOT_FOUND "No such user." when there is no such user. */
enum jw_code jw_auth_store_user(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_account *out,
                                const void **id_enc, size_t *id_enc_len, struct jw_error *err);
/* The password hash and login of user id (arena). JW_E_NOT_FOUND when none. */
enum jw_code jw_auth_store_credentials(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **hash,
                                       const char **login, struct jw_error *err);
/* Sets user id's own password hash (no longer temporary). */
enum jw_code jw_auth_store_password_set(struct jw_conn *c, int64_t id, const char *hash, struct jw_error *err);

/* ---- staff accounts and resets (store_staff.c) ---- */

/* Staff accounts whose unit path (none counts as "/") lies in [lo, hi),
 * of role (NULL: any), whose "name login" matches the LIKE pattern like,
 * by id, limit rows from offset, into an arena array (*out, *n). */
enum jw_code jw_auth_store_staff_page(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi,
                                      const char *role, const char *like, int64_t limit, int64_t offset,
                                      struct jw_staff **out, size_t *n, struct jw_error *err);
/* Staff account id: 1 found (*out), 0 none, -1 on a database error. */
int jw_auth_store_staff_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_staff *out,
                            struct jw_error *err);
/* Sets name, unit and disabled of account id; an administrator account only
 * when unit and disabled stay. *changed receives the row count. */
enum jw_code jw_auth_store_staff_update(struct jw_conn *c, int64_t id, const char *name, int64_t unit_id, int disabled,
                                        int64_t *changed, struct jw_error *err);
/* Sets the role of staff account id; admin = 1 also makes its password
 * unusable (JW_PW_RESET_REQUIRED). */
enum jw_code jw_auth_store_staff_role(struct jw_conn *c, int64_t id, const char *role, int admin, struct jw_error *err);
/* Sets a temporary password hash on account id unless it holds an
 * administrator role; *changed receives the row count. */
enum jw_code jw_auth_store_staff_password(struct jw_conn *c, int64_t id, const char *hash, int64_t *changed,
                                          struct jw_error *err);
/* Reset reset_id of user_id: 1 found (*out; *part_enc and *part_len the sealed
 * first half, NULL when gone), 0 none, -1 on a database error. */
int jw_auth_store_reset_get(struct jw_conn *c, struct jw_arena *a, int64_t reset_id, int64_t user_id,
                            struct jw_staff_reset *out, const void **part_enc, size_t *part_len, struct jw_error *err);
/* Expires user_id's pending reset if past its time at now. */
enum jw_code jw_auth_store_reset_expire(struct jw_conn *c, int64_t user_id, int64_t now, struct jw_error *err);
/* Inserts a pending reset of user_id by requested_by; *id receives its id.
 * One already pending is JW_E_CONFLICT (the database's detail). */
enum jw_code jw_auth_store_reset_new(struct jw_conn *c, int64_t user_id, int64_t requested_by,
                                     const unsigned char *part_enc, size_t part_len, int64_t now, int64_t expires_at,
                                     int64_t *id, struct jw_error *err);
/* Approves pending, unexpired reset_id of user_id by approver (not its
 * requester) at now; *changed receives the row count. */
enum jw_code jw_auth_store_reset_approve(struct jw_conn *c, int64_t reset_id, int64_t user_id, int64_t approver,
                                         int64_t now, int64_t *changed, struct jw_error *err);
/* Sets the temporary password hash of user_id after an approved reset. */
enum jw_code jw_auth_store_reset_password(struct jw_conn *c, int64_t user_id, const char *hash, struct jw_error *err);
/* Cancels pending reset_id of user_id at now; *changed receives the row count. */
enum jw_code jw_auth_store_reset_cancel(struct jw_conn *c, int64_t reset_id, int64_t user_id, int64_t now,
                                        int64_t *changed, struct jw_error *err);

#endif
