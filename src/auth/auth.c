/* auth.c — sessions, scope, rate limits, password rules and account creation. */
#include "auth/auth.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/validate.h"

static const char SQL_SESSION[] =
    "SELECT s.user_id, s.csrf, s.last_seen, s.idle_secs, s.expires_at, u.role, u.login, u.name,"
    " u.unit_id, un.path, u.disabled, u.pw_must_change"
    " FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN units un ON un.id = u.unit_id"
    " WHERE s.token_hash = ?";
static const char SQL_SESSION_TOUCH[] = "UPDATE sessions SET last_seen = ? WHERE token_hash = ?";
static const char SQL_SESSION_DROP[] = "DELETE FROM sessions WHERE token_hash = ?";

/* What a session with temporary credentials (a password an administrator
 * set) may do: read who it is, choose its own password, sign out (or in
 * again). */
static int temporary_may(const struct jw_req *r) {
  static const struct {
    enum jw_method m;
    const char *path;
  } allowed[] = {
      {JW_GET, "/api/v1/me"},
      {JW_POST, "/api/v1/me/password"},
      {JW_POST, "/api/v1/auth/logout"},
      {JW_POST, "/api/v1/auth/login"},
  };
  for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
    if (r->method == allowed[i].m && r->path && strcmp(r->path, allowed[i].path) == 0) return 1;
  return 0;
}

const struct jw_user *jw_auth_session(struct jw_req *r, const char *token) {
  struct jw_error err = {0};
  unsigned char *h = jw_arena_alloc(r->arena, JW_HASH_BYTES);
  jw_hash(token, strlen(token), h);
  struct jw_stmt *s = jw_prepare(r->db, SQL_SESSION, &err);
  if (!s) return NULL;
  jw_bind_blob(s, 1, h, JW_HASH_BYTES);
  if (jw_step(s, &err) != JW_STEP_ROW) return NULL;
  int64_t now = (int64_t)time(NULL);
  int64_t last_seen = jw_col_int(s, 2);
  int64_t idle = jw_col_int(s, 3);
  int64_t expires = jw_col_int(s, 4);
  int role = jw_role_parse(jw_col_text(s, 5));
  if (now > expires || now - last_seen > idle || jw_col_int(s, 10) != 0 || role < 0) {
    jw_conn_release(r->db);
    struct jw_stmt *d = jw_prepare(r->db, SQL_SESSION_DROP, &err);
    if (d) {
      jw_bind_blob(d, 1, h, JW_HASH_BYTES);
      jw_step(d, &err);
    }
    return NULL;
  }
  struct jw_user *u = jw_arena_zalloc(r->arena, sizeof *u);
  u->id = jw_col_int(s, 0);
  u->csrf_token = jw_arena_strdup(r->arena, jw_col_text(s, 1));
  u->role = (enum jw_role)role;
  u->login = jw_arena_strdup(r->arena, jw_col_text(s, 6));
  u->name = jw_arena_strdup(r->arena, jw_col_text(s, 7));
  u->unit_id = jw_col_is_null(s, 8) ? 0 : jw_col_int(s, 8);
  u->unit_path = jw_col_is_null(s, 9) ? NULL : jw_arena_strdup(r->arena, jw_col_text(s, 9));
  u->whole_bureau = role == JW_ROLE_SYSADMIN || role == JW_ROLE_SECADMIN || role == JW_ROLE_AUDITOR;
  u->session_hash = h;
  if (jw_col_int(s, 11) != 0 && !temporary_may(r))
    u->refused = "You signed in with a temporary password: change your password first (POST /api/v1/me/password).";
  jw_conn_release(r->db);
  if (now - last_seen >= 60) {
    struct jw_stmt *t = jw_prepare(r->db, SQL_SESSION_TOUCH, &err);
    if (t) {
      jw_bind_int(t, 1, now);
      jw_bind_blob(t, 2, h, JW_HASH_BYTES);
      jw_step(t, &err); /* a lost touch only shortens the idle window */
    }
  }
  return u;
}

static const char SQL_RATE[] =
    "INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)"
    " ON CONFLICT (key) DO UPDATE SET"
    " count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,"
    " window_start = excluded.window_start"
    " RETURNING count";

enum jw_code jw_rate_limit(struct jw_conn *c, const char *key, int limit, int window_secs, struct jw_error *err) {
  int64_t now = (int64_t)time(NULL);
  int64_t start = now - now % window_secs;
  struct jw_stmt *s = jw_prepare(c, SQL_RATE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, key);
  jw_bind_int(s, 2, start);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  int64_t count = jw_col_int(s, 0);
  jw_conn_release(c);
  if (count > limit) {
    err->retry_after = (int)(start + window_secs - now);
    if (err->retry_after < 1) err->retry_after = 1;
    return jw_fail(err, JW_E_RATE_LIMITED, "Too many attempts from your address; try again in %d seconds.",
                   err->retry_after);
  }
  return JW_OK;
}

static const char SQL_RATE_PEEK[] = "SELECT count FROM rate_limits WHERE key = ? AND window_start = ?";
static const char SQL_RATE_FORGET[] = "DELETE FROM rate_limits WHERE key = ?";

enum jw_code jw_rate_peek(struct jw_conn *c, const char *key, int window_secs, int64_t *count, int *retry_after,
                          struct jw_error *err) {
  int64_t now = (int64_t)time(NULL);
  int64_t start = now - now % window_secs;
  *count = 0;
  *retry_after = (int)(start + window_secs - now);
  if (*retry_after < 1) *retry_after = 1;
  struct jw_stmt *s = jw_prepare(c, SQL_RATE_PEEK, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, key);
  jw_bind_int(s, 2, start);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_ROW) *count = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_rate_forget(struct jw_conn *c, const char *key, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RATE_FORGET, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, key);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

/* Longest window any limiter may use (jw_rate_limit's contract): rows whose
 * window began earlier than this are dead. */
#define RATE_MAX_WINDOW (24 * 3600)

static const char SQL_SESSIONS_SWEEP[] = "DELETE FROM sessions WHERE expires_at < ? OR last_seen + idle_secs < ?";
static const char SQL_RATE_SWEEP[] = "DELETE FROM rate_limits WHERE window_start < ?";
static const char SQL_RESETS_SWEEP[] =
    "UPDATE password_resets SET status = 'expired', pending_user = NULL, part_enc = NULL, decided_at = ?"
    " WHERE status = 'pending' AND expires_at < ?";

void jw_auth_cleanup(struct jw_conn *c, int interval_secs) {
  static int64_t last_run; /* only the server's tick thread calls this */
  int64_t now = (int64_t)time(NULL);
  if (interval_secs < 1) interval_secs = 1;
  if (now - last_run < interval_secs) return;
  last_run = now;
  struct jw_error err = {0};
  struct jw_stmt *s = jw_prepare(c, SQL_SESSIONS_SWEEP, &err);
  if (s) {
    jw_bind_int(s, 1, now);
    jw_bind_int(s, 2, now);
    jw_step(s, &err);
  }
  jw_error_clear(&err);
  if ((s = jw_prepare(c, SQL_RATE_SWEEP, &err))) {
    jw_bind_int(s, 1, now - RATE_MAX_WINDOW);
    jw_step(s, &err);
  }
  jw_error_clear(&err);
  if ((s = jw_prepare(c, SQL_RESETS_SWEEP, &err))) {
    jw_bind_int(s, 1, now);
    jw_bind_int(s, 2, now);
    jw_step(s, &err);
  }
  if (err.code) jw_warn("auth clean-up: %s", err.detail);
}

const char *jw_password_weakness(const char *pw, const char *login) {
  size_t n = strlen(pw);
  if (n < 8) return "must have at least 8 characters";
  if (n > 128) return "must have at most 128 characters";
  size_t digits = strspn(pw, "0123456789");
  if (digits == n) return "must not be only digits";
  if (login && strcmp(pw, login) == 0) return "must not be the same as the login or phone number";
  return NULL;
}

struct create_tx {
  const struct jw_new_user *u;
  const char *pw_hash;
  const unsigned char *id_enc;
  size_t id_enc_len;
  const unsigned char *bidx;
  const char *id_masked;
  int64_t id;
};

static const char SQL_USER_INSERT[] =
    "INSERT INTO users (kind, role, login, name, phone, id_enc, id_bidx, id_masked, unit_id, pw_hash,"
    " is_demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

static enum jw_code create_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct create_tx *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_USER_INSERT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, t->u->kind);
  jw_bind_text(s, 2, t->u->role);
  jw_bind_text(s, 3, t->u->login);
  jw_bind_text(s, 4, t->u->name);
  jw_bind_text(s, 5, t->u->phone);
  if (t->id_enc) {
    jw_bind_blob(s, 6, t->id_enc, t->id_enc_len);
    jw_bind_blob(s, 7, t->bidx, JW_HASH_BYTES);
  } else {
    jw_bind_null(s, 6);
    jw_bind_null(s, 7);
  }
  jw_bind_text(s, 8, t->id_masked);
  jw_bind_id(s, 9, t->u->unit_id);
  jw_bind_text(s, 10, t->pw_hash);
  jw_bind_int(s, 11, t->u->is_demo);
  jw_bind_int(s, 12, (int64_t)time(NULL));
  if (jw_step(s, err) != JW_STEP_ROW) {
    if (err->code == JW_E_CONFLICT) {
      /* Name what is taken without echoing the constraint text. */
      if (strstr(err->detail, "bidx"))
        return jw_fail(err, JW_E_CONFLICT, "An account with this ID number already exists.");
      if (strstr(err->detail, "login"))
        return jw_fail(err, JW_E_CONFLICT, "The login %s is already taken.", t->u->login);
    }
    return err->code;
  }
  t->id = jw_col_int(s, 0);
  jw_conn_release(c);
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)t->id);
  struct jw_audit_entry e = {t->u->actor_id,
                             t->u->actor_login ? t->u->actor_login : "cli",
                             strcmp(t->u->kind, "citizen") == 0 ? "auth.register" : "staff.create",
                             "user",
                             oid,
                             t->u->role,
                             t->u->ip ? t->u->ip : ""};
  return jw_audit_write(c, &e, err);
}

enum jw_code jw_user_create(struct jw_conn *c, struct jw_arena *a, const struct jw_new_user *u, int64_t *id,
                            struct jw_error *err) {
  char hash[JW_PWHASH_STRBYTES];
  enum jw_code rc = jw_password_hash(u->password, hash, err);
  if (rc != JW_OK) return rc;
  struct create_tx t = {.u = u, .pw_hash = hash};
  if (u->id_number) {
    t.id_enc = jw_encrypt(a, u->id_number, &t.id_enc_len);
    unsigned char *b = jw_arena_alloc(a, JW_HASH_BYTES);
    jw_blind_index(u->id_number, b);
    t.bidx = b;
    t.id_masked = jw_mask_id_number(a, u->id_number);
  }
  rc = jw_tx(c, create_in_tx, &t, err);
  if (rc == JW_OK && id) *id = t.id;
  return rc;
}

struct disable_tx {
  const char *login;
  int disabled;
};

static const char SQL_USER_DISABLE[] =
    "UPDATE users SET disabled = ? WHERE login = ? AND kind = 'staff' RETURNING id, role";
static const char SQL_USER_SESSIONS_END[] = "DELETE FROM sessions WHERE user_id = ?";

static enum jw_code disable_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct disable_tx *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_USER_DISABLE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, t->disabled);
  jw_bind_text(s, 2, t->login);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) return jw_fail(err, JW_E_NOT_FOUND, "There is no staff account %s.", t->login);
  int64_t id = jw_col_int(s, 0);
  char detail[64];
  snprintf(detail, sizeof detail, "role=%s disabled=%d", jw_col_text(s, 1), t->disabled);
  jw_conn_release(c);
  if (t->disabled) {
    if (!(s = jw_prepare(c, SQL_USER_SESSIONS_END, err))) return err->code;
    jw_bind_int(s, 1, id);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {0, "cli", "staff.update", "user", oid, detail, ""};
  return jw_audit_write(c, &e, err);
}

enum jw_code jw_user_set_disabled(struct jw_conn *c, const char *login, int disabled, struct jw_error *err) {
  struct disable_tx t = {login, disabled != 0};
  return jw_tx(c, disable_in_tx, &t, err);
}
