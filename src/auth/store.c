/* store.c — the auth domain's SQL for sessions, rate limits, the
 * proof-of-work's spent challenges and accounts (staff and resets: store_staff.c). */
#include "auth/store.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/mem.h"

/* ---- sessions ---- */

static const char SQL_SESSION[] =
    "SELECT s.user_id, s.csrf, s.last_seen, s.idle_secs, s.expires_at, u.role, u.login, u.name,"
    " u.unit_id, un.path, u.disabled, u.pw_must_change"
    " FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN units un ON un.id = u.unit_id"
    " WHERE s.token_hash = ?";
static const char SQL_SESSION_TOUCH[] = "UPDATE sessions SET last_seen = ? WHERE token_hash = ?";
static const char SQL_SESSION_DROP[] = "DELETE FROM sessions WHERE token_hash = ?";
static const char SQL_SESSION_NEW[] =
    "INSERT INTO sessions (token_hash, user_id, csrf, ip, created_at, last_seen, idle_secs, expires_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_SESSIONS_END[] = "DELETE FROM sessions WHERE user_id = ?";
static const char SQL_SESSIONS_OTHERS_END[] = "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?";

/* Steps s to its end: JW_OK or the error's code. */
static enum jw_code run(struct jw_stmt *s, struct jw_error *err) {
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

int jw_auth_store_session(struct jw_conn *c, struct jw_arena *a, const unsigned char *hash,
                          struct jw_auth_session_row *out, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SESSION, err);
  if (!s) return -1;
  jw_bind_blob(s, 1, hash, JW_HASH_BYTES);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) return st == JW_STEP_ERROR ? -1 : 0;
  out->user_id = jw_col_int(s, 0);
  out->csrf = jw_arena_strdup(a, jw_col_text(s, 1));
  out->last_seen = jw_col_int(s, 2);
  out->idle_secs = jw_col_int(s, 3);
  out->expires_at = jw_col_int(s, 4);
  out->role = jw_arena_strdup(a, jw_col_text(s, 5));
  out->login = jw_arena_strdup(a, jw_col_text(s, 6));
  out->name = jw_arena_strdup(a, jw_col_text(s, 7));
  out->unit_id = jw_col_is_null(s, 8) ? 0 : jw_col_int(s, 8);
  out->unit_path = jw_col_is_null(s, 9) ? NULL : jw_arena_strdup(a, jw_col_text(s, 9));
  out->disabled = jw_col_int(s, 10) != 0;
  out->pw_must_change = jw_col_int(s, 11) != 0;
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_auth_store_session_drop(struct jw_conn *c, const unsigned char *hash, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SESSION_DROP, err);
  if (!s) return err->code;
  jw_bind_blob(s, 1, hash, JW_HASH_BYTES);
  return run(s, err);
}

enum jw_code jw_auth_store_session_touch(struct jw_conn *c, const unsigned char *hash, int64_t now,
                                         struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SESSION_TOUCH, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  jw_bind_blob(s, 2, hash, JW_HASH_BYTES);
  return run(s, err);
}

enum jw_code jw_auth_store_session_new(struct jw_conn *c, const unsigned char *hash, int64_t user_id, const char *csrf,
                                       const char *ip, int64_t now, int64_t idle_secs, int64_t expires_at,
                                       struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SESSION_NEW, err);
  if (!s) return err->code;
  jw_bind_blob(s, 1, hash, JW_HASH_BYTES);
  jw_bind_int(s, 2, user_id);
  jw_bind_text(s, 3, csrf);
  jw_bind_text(s, 4, ip);
  jw_bind_int(s, 5, now);
  jw_bind_int(s, 6, now);
  jw_bind_int(s, 7, idle_secs);
  jw_bind_int(s, 8, expires_at);
  return run(s, err);
}

enum jw_code jw_auth_store_sessions_end(struct jw_conn *c, int64_t user_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SESSIONS_END, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  return run(s, err);
}

enum jw_code jw_auth_store_sessions_end_others(struct jw_conn *c, int64_t user_id, const unsigned char *keep,
                                               struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SESSIONS_OTHERS_END, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_blob(s, 2, keep, JW_HASH_BYTES);
  return run(s, err);
}

/* ---- rate limits ---- */

static const char SQL_RATE[] =
    "INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)"
    " ON CONFLICT (key) DO UPDATE SET"
    " count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,"
    " window_start = excluded.window_start"
    " RETURNING count";
static const char SQL_RATE_PEEK[] = "SELECT count FROM rate_limits WHERE key = ? AND window_start = ?";
static const char SQL_RATE_FORGET[] = "DELETE FROM rate_limits WHERE key = ?";

enum jw_code jw_auth_store_rate_count(struct jw_conn *c, const char *key, int64_t window_start, int64_t *count,
                                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RATE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, key);
  jw_bind_int(s, 2, window_start);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *count = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_auth_store_rate_peek(struct jw_conn *c, const char *key, int64_t window_start, int64_t *count,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RATE_PEEK, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, key);
  jw_bind_int(s, 2, window_start);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_ROW) *count = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_auth_store_rate_forget(struct jw_conn *c, const char *key, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RATE_FORGET, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, key);
  return run(s, err);
}

/* ---- housekeeping ---- */

static const char SQL_SESSIONS_SWEEP[] = "DELETE FROM sessions WHERE expires_at < ? OR last_seen + idle_secs < ?";
static const char SQL_RATE_SWEEP[] = "DELETE FROM rate_limits WHERE window_start < ?";
static const char SQL_RESETS_SWEEP[] =
    "UPDATE password_resets SET status = 'expired', pending_user = NULL, part_enc = NULL, decided_at = ?"
    " WHERE status = 'pending' AND expires_at < ?";

enum jw_code jw_auth_store_sweep_sessions(struct jw_conn *c, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SESSIONS_SWEEP, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, now);
  return run(s, err);
}

enum jw_code jw_auth_store_sweep_rates(struct jw_conn *c, int64_t before, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RATE_SWEEP, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, before);
  return run(s, err);
}

enum jw_code jw_auth_store_sweep_resets(struct jw_conn *c, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RESETS_SWEEP, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, now);
  return run(s, err);
}

/* ---- proof-of-work ---- */

static const char SQL_SPEND[] = "INSERT INTO pow_spent (mac, expires_at) VALUES (?, ?) ON CONFLICT (mac) DO NOTHING";
static const char SQL_SPENT_GC[] = "DELETE FROM pow_spent WHERE expires_at < ?";

enum jw_code jw_auth_store_pow_gc(struct jw_conn *c, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SPENT_GC, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  return run(s, err);
}

int jw_auth_store_pow_spend(struct jw_conn *c, const char *mac, int64_t expires, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SPEND, err);
  if (!s) return -1;
  jw_bind_text(s, 1, mac);
  jw_bind_int(s, 2, expires);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s) == 1;
}

/* ---- accounts ---- */

static const char SQL_USER_INSERT[] =
    "INSERT INTO users (kind, role, login, name, phone, id_enc, id_bidx, id_masked, unit_id, pw_hash,"
    " is_demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_USER_DISABLE[] =
    "UPDATE users SET disabled = ? WHERE login = ? AND kind = 'staff' RETURNING id, role";
static const char SQL_USER_BY_LOGIN[] =
    "SELECT id, pw_hash, failed_logins, locked_until, disabled, kind FROM users WHERE login = ?";
static const char SQL_LOGIN_OK[] =
    "UPDATE users SET failed_logins = 0, locked_until = 0, last_login_at = ?,"
    " pw_hash = COALESCE(?, pw_hash) WHERE id = ?";
static const char SQL_USER_ME[] =
    "SELECT u.id, u.kind, u.role, u.login, u.name, u.phone, u.id_enc, u.unit_id, un.name, u.created_at, un.kind,"
    " u.pw_must_change, (SELECT MIN(o.id) FROM officers o WHERE o.user_id = u.id)"
    " FROM users u LEFT JOIN units un ON un.id = u.unit_id WHERE u.id = ?";
static const char SQL_PW_GET[] = "SELECT pw_hash, login FROM users WHERE id = ?";
static const char SQL_PW_SET[] = "UPDATE users SET pw_hash = ?, pw_must_change = 0 WHERE id = ?";

enum jw_code jw_auth_store_user_insert(struct jw_conn *c, const struct jw_auth_user_row *row, int64_t *id,
                                       struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_USER_INSERT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, row->kind);
  jw_bind_text(s, 2, row->role);
  jw_bind_text(s, 3, row->login);
  jw_bind_text(s, 4, row->name);
  jw_bind_text(s, 5, row->phone);
  if (row->id_enc) {
    jw_bind_blob(s, 6, row->id_enc, row->id_enc_len);
    jw_bind_blob(s, 7, row->id_bidx, JW_HASH_BYTES);
  } else {
    jw_bind_null(s, 6);
    jw_bind_null(s, 7);
  }
  jw_bind_text(s, 8, row->id_masked);
  jw_bind_id(s, 9, row->unit_id);
  jw_bind_text(s, 10, row->pw_hash);
  jw_bind_int(s, 11, row->is_demo);
  jw_bind_int(s, 12, row->created_at);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

int jw_auth_store_staff_disable(struct jw_conn *c, const char *login, int disabled, int64_t *id, char *role,
                                size_t role_cap, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_USER_DISABLE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, disabled);
  jw_bind_text(s, 2, login);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st != JW_STEP_ROW) return 0;
  *id = jw_col_int(s, 0);
  snprintf(role, role_cap, "%s", jw_col_text(s, 1));
  jw_conn_release(c);
  return 1;
}

int jw_auth_store_account(struct jw_conn *c, struct jw_arena *a, const char *login, struct jw_login_account *out,
                          struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_USER_BY_LOGIN, err);
  if (!s) return -1;
  jw_bind_text(s, 1, login);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int found = st == JW_STEP_ROW;
  if (found) {
    out->user_id = jw_col_int(s, 0);
    out->hash = jw_arena_strdup(a, jw_col_text(s, 1));
    out->disabled = (int)jw_col_int(s, 4);
    out->staff = strcmp(jw_col_text(s, 5), "staff") == 0;
  }
  jw_conn_release(c);
  return found;
}

enum jw_code jw_auth_store_login_ok(struct jw_conn *c, int64_t user_id, int64_t now, const char *new_hash,
                                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LOGIN_OK, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  jw_bind_text(s, 2, new_hash);
  jw_bind_int(s, 3, user_id);
  return run(s, err);
}

/* The column's text copied into a, or NULL when the column is NULL. */
static const char *text_or_null(struct jw_stmt *s, int col, struct jw_arena *a) {
  return jw_col_is_null(s, col) ? NULL : jw_arena_strdup(a, jw_col_text(s, col));
}

enum jw_code jw_auth_store_user(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_account *out,
                                const void **id_enc, size_t *id_enc_len, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_USER_ME, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : jw_fail(err, JW_E_NOT_FOUND, "No such user.");
  out->id = jw_col_int(s, 0);
  out->kind = jw_arena_strdup(a, jw_col_text(s, 1));
  out->role = jw_arena_strdup(a, jw_col_text(s, 2));
  out->login = jw_arena_strdup(a, jw_col_text(s, 3));
  out->name = jw_arena_strdup(a, jw_col_text(s, 4));
  out->phone = text_or_null(s, 5, a);
  out->id_number = NULL;
  *id_enc = NULL;
  *id_enc_len = 0;
  if (!jw_col_is_null(s, 6)) {
    size_t n;
    const void *box = jw_col_blob(s, 6, &n);
    void *copy = jw_arena_alloc(a, n ? n : 1);
    if (n) memcpy(copy, box, n);
    *id_enc = copy;
    *id_enc_len = n;
  }
  out->unit_id = jw_col_is_null(s, 7) ? 0 : jw_col_int(s, 7);
  out->unit_name = text_or_null(s, 8, a);
  out->created_at = jw_col_int(s, 9);
  out->unit_kind = text_or_null(s, 10, a);
  out->credentials_temporary = jw_col_int(s, 11) != 0;
  out->officer_id = jw_col_is_null(s, 12) ? 0 : jw_col_int(s, 12);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_auth_store_credentials(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **hash,
                                       const char **login, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PW_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_NOT_FOUND;
  *hash = jw_arena_strdup(a, jw_col_text(s, 0));
  *login = jw_arena_strdup(a, jw_col_text(s, 1));
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_auth_store_password_set(struct jw_conn *c, int64_t id, const char *hash, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PW_SET, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, hash);
  jw_bind_int(s, 2, id);
  return run(s, err);
}
