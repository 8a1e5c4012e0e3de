/* auth.c — sessions, rate limits, password rules, account creation, sign-in,
 * sign-out and password change, on values (the handlers are in auth_api.c). */
#include "auth/auth.h"

#include <assert.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/internal.h"
#include "auth/store.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/validate.h"

/* Session lifetimes: idle time and maximum age, by kind of account. */
#define CITIZEN_IDLE (7 * 24 * 3600)
#define STAFF_IDLE   (30 * 60)
#define CITIZEN_MAX  (30 * 24 * 3600)
#define STAFF_MAX    (12 * 3600)

enum jw_code jw_auth_audit(struct jw_conn *c, const struct jw_user *actor, const char *ip, const char *action,
                           const char *object_type, int64_t object_id, struct jw_error *err, const char *fmt, ...) {
  char detail[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(detail, sizeof detail, fmt, ap);
  va_end(ap);
  char oid[24] = "";
  if (object_id) snprintf(oid, sizeof oid, "%lld", (long long)object_id);
  struct jw_audit_entry e = {
      .actor_id = actor ? actor->id : 0,
      .actor_login = actor ? actor->login : "",
      .action = action,
      .object_type = object_type,
      .object_id = oid,
      .detail = detail,
      .ip = ip,
  };
  return jw_audit_write(c, &e, err);
}

/* ---- sessions ---- */

struct jw_user *jw_session_find(struct jw_conn *c, struct jw_arena *a, const char *token, int *temporary) {
  assert(token);
  struct jw_error err = {0};
  *temporary = 0;
  unsigned char *h = jw_arena_alloc(a, JW_HASH_BYTES);
  jw_hash(token, strlen(token), h);
  struct jw_auth_session_row row;
  if (jw_auth_store_session(c, a, h, &row, &err) != 1) return NULL;
  int64_t now = (int64_t)time(NULL);
  int role = jw_role_parse(row.role);
  if (now > row.expires_at || now - row.last_seen > row.idle_secs || row.disabled || role < 0) {
    jw_auth_store_session_drop(c, h, &err);
    return NULL;
  }
  struct jw_user *u = jw_arena_zalloc(a, sizeof *u);
  u->id = row.user_id;
  u->csrf_token = row.csrf;
  u->role = (enum jw_role)role;
  u->login = row.login;
  u->name = row.name;
  u->unit_id = row.unit_id;
  u->unit_path = row.unit_path;
  u->whole_bureau = role == JW_ROLE_SYSADMIN || role == JW_ROLE_SECADMIN || role == JW_ROLE_AUDITOR;
  u->session_hash = h;
  *temporary = row.pw_must_change;
  if (now - row.last_seen >= 60)
    jw_auth_store_session_touch(c, h, now, &err); /* a lost touch only shortens the idle window */
  return u;
}

/* ---- rate limits ---- */

/* Longest window any limiter may use (jw_rate_limit's contract): rows whose
 * window began earlier than this are dead. */
#define RATE_MAX_WINDOW (24 * 3600)

enum jw_code jw_rate_limit(struct jw_conn *c, const char *key, int limit, int window_secs, struct jw_error *err) {
  assert(window_secs > 0);
  int64_t now = (int64_t)time(NULL);
  int64_t start = now - now % window_secs;
  int64_t count;
  if (jw_auth_store_rate_count(c, key, start, &count, err) != JW_OK) return err->code;
  if (count > limit) {
    err->retry_after = (int)(start + window_secs - now);
    if (err->retry_after < 1) err->retry_after = 1;
    return jw_fail(err, JW_E_RATE_LIMITED, "Too many attempts from your address; try again in %d seconds.",
                   err->retry_after);
  }
  return JW_OK;
}

enum jw_code jw_rate_peek(struct jw_conn *c, const char *key, int window_secs, int64_t *count, int *retry_after,
                          struct jw_error *err) {
  assert(window_secs > 0);
  int64_t now = (int64_t)time(NULL);
  int64_t start = now - now % window_secs;
  *count = 0;
  *retry_after = (int)(start + window_secs - now);
  if (*retry_after < 1) *retry_after = 1;
  return jw_auth_store_rate_peek(c, key, start, count, err);
}

enum jw_code jw_rate_forget(struct jw_conn *c, const char *key, struct jw_error *err) {
  return jw_auth_store_rate_forget(c, key, err);
}

void jw_auth_cleanup(struct jw_conn *c, int interval_secs) {
  static int64_t last_run; /* only the server's tick thread calls this */
  int64_t now = (int64_t)time(NULL);
  if (interval_secs < 1) interval_secs = 1;
  if (now - last_run < interval_secs) return;
  last_run = now;
  struct jw_error err = {0};
  jw_auth_store_sweep_sessions(c, now, &err);
  jw_error_clear(&err);
  jw_auth_store_sweep_rates(c, now - RATE_MAX_WINDOW, &err);
  jw_error_clear(&err);
  jw_auth_store_sweep_resets(c, now, &err);
  if (err.code) jw_warn("auth clean-up: %s", err.detail);
}

/* ---- passwords and accounts ---- */

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
  struct jw_auth_user_row row;
  int64_t id;
};

static enum jw_code create_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct create_tx *t = arg;
  t->row.created_at = (int64_t)time(NULL);
  if (jw_auth_store_user_insert(c, &t->row, &t->id, err) != JW_OK) {
    if (err->code == JW_E_CONFLICT) {
      /* Name what is taken without echoing the constraint text. */
      if (strstr(err->detail, "bidx"))
        return jw_fail(err, JW_E_CONFLICT, "An account with this ID number already exists.");
      if (strstr(err->detail, "login"))
        return jw_fail(err, JW_E_CONFLICT, "The login %s is already taken.", t->u->login);
    }
    return err->code;
  }
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
  struct create_tx t = {.u = u,
                        .row = {.kind = u->kind,
                                .role = u->role,
                                .login = u->login,
                                .name = u->name,
                                .phone = u->phone,
                                .unit_id = u->unit_id,
                                .pw_hash = hash,
                                .is_demo = u->is_demo}};
  if (u->id_number) {
    t.row.id_enc = jw_encrypt(a, u->id_number, &t.row.id_enc_len);
    unsigned char *b = jw_arena_alloc(a, JW_HASH_BYTES);
    jw_blind_index(u->id_number, b);
    t.row.id_bidx = b;
    t.row.id_masked = jw_mask_id_number(a, u->id_number);
  }
  rc = jw_tx(c, create_in_tx, &t, err);
  if (rc == JW_OK && id) *id = t.id;
  return rc;
}

struct disable_tx {
  const char *login;
  int disabled;
};

static enum jw_code disable_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct disable_tx *t = arg;
  int64_t id;
  char role[32];
  int found = jw_auth_store_staff_disable(c, t->login, t->disabled, &id, role, sizeof role, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no staff account %s.", t->login);
  char detail[64];
  snprintf(detail, sizeof detail, "role=%s disabled=%d", role, t->disabled);
  if (t->disabled && jw_auth_store_sessions_end(c, id, err) != JW_OK) return err->code;
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {0, "cli", "staff.update", "user", oid, detail, ""};
  return jw_audit_write(c, &e, err);
}

enum jw_code jw_user_set_disabled(struct jw_conn *c, const char *login, int disabled, struct jw_error *err) {
  struct disable_tx t = {login, disabled != 0};
  return jw_tx(c, disable_in_tx, &t, err);
}

enum jw_code jw_account_get(struct jw_conn *c, struct jw_arena *a, int64_t id, int own, struct jw_account *out,
                            struct jw_error *err) {
  const void *box;
  size_t n;
  if (jw_auth_store_user(c, a, id, out, &box, &n, err) != JW_OK) return err->code;
  if (box) {
    const char *idn = jw_decrypt(a, box, n);
    if (idn && !own) idn = jw_mask_id_number(a, idn);
    out->id_number = idn;
  }
  if (out->phone && !own) out->phone = jw_mask_phone(a, out->phone);
  return JW_OK;
}

/* ---- sign-in ---- */

enum jw_code jw_login_find(struct jw_conn *c, struct jw_arena *a, const char *login, struct jw_login_account *out,
                           struct jw_error *err) {
  memset(out, 0, sizeof *out);
  return jw_auth_store_account(c, a, login, out, err) < 0 ? err->code : JW_OK;
}

/* A hash to verify against when the login does not exist (or its account
 * cannot sign in), so that every failure takes the same time. Made once,
 * whichever worker thread asks first. */
static char dummy[JW_PWHASH_STRBYTES];
static int dummy_made;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void) {
  struct jw_error e = {0};
  dummy_made = jw_password_hash("jingwu-dummy-password", dummy, &e) == JW_OK;
}

static const char *dummy_hash(void) {
  pthread_once(&dummy_once, make_dummy);
  return dummy_made ? dummy : NULL;
}

void jw_login_verify(struct jw_arena *a, const struct jw_login_account *acct, const char *password,
                     struct jw_login_outcome *out) {
  memset(out, 0, sizeof *out);
  const char *hash = acct->hash;
  int usable = hash && hash[0] == '$' && !acct->disabled;
  const char *against = usable ? hash : dummy_hash();
  out->success = against && jw_password_verify(against, password) && usable;
  if (out->success) {
    if (jw_password_needs_rehash(hash)) {
      struct jw_error err = {0};
      char *nh = jw_arena_alloc(a, JW_PWHASH_STRBYTES);
      if (jw_password_hash(password, nh, &err) == JW_OK) out->new_hash = nh;
    }
    out->token = jw_random_token(a, 32);
    unsigned char *th = jw_arena_alloc(a, JW_HASH_BYTES);
    jw_hash(out->token, strlen(out->token), th);
    out->token_hash = th;
    out->csrf = jw_random_token(a, 24);
  }
}

struct login_tx {
  const struct jw_login_account *acct;
  const char *login;
  const char *ip;
  const struct jw_login_outcome *o;
};

static enum jw_code login_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct login_tx *t = arg;
  int64_t now = (int64_t)time(NULL);
  int64_t user_id = t->acct->user_id;
  char oid[24] = "";
  if (user_id) snprintf(oid, sizeof oid, "%lld", (long long)user_id);
  if (!t->o->success) {
    struct jw_audit_entry e = {0, t->login, "auth.login.failure", "user", oid, "wrong login or password", t->ip};
    return jw_audit_write(c, &e, err);
  }
  if (jw_auth_store_login_ok(c, user_id, now, t->o->new_hash, err) != JW_OK) return err->code;
  int staff = t->acct->staff;
  if (jw_auth_store_session_new(c, t->o->token_hash, user_id, t->o->csrf, t->ip, now, staff ? STAFF_IDLE : CITIZEN_IDLE,
                                now + (staff ? STAFF_MAX : CITIZEN_MAX), err) != JW_OK)
    return err->code;
  struct jw_audit_entry e = {user_id, t->login, "auth.login.success", "user", oid, "", t->ip};
  return jw_audit_write(c, &e, err);
}

enum jw_code jw_login_record(struct jw_conn *c, const struct jw_login_account *acct, const char *login, const char *ip,
                             const struct jw_login_outcome *o, struct jw_error *err) {
  struct login_tx t = {acct, login, ip, o};
  return jw_tx(c, login_in_tx, &t, err);
}

/* ---- sign-out and password change ---- */

struct user_tx {
  const struct jw_user *u;
  const char *ip;
  const char *hash;
};

static enum jw_code logout_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct user_tx *t = arg;
  if (jw_auth_store_session_drop(c, t->u->session_hash, err) != JW_OK) return err->code;
  return jw_auth_audit(c, t->u, t->ip, "auth.logout", "user", t->u->id, err, "%s", "");
}

enum jw_code jw_logout(struct jw_conn *c, const struct jw_user *u, const char *ip, struct jw_error *err) {
  struct user_tx t = {u, ip, NULL};
  return jw_tx(c, logout_in_tx, &t, err);
}

enum jw_code jw_credentials_get(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **hash,
                                const char **login, struct jw_error *err) {
  return jw_auth_store_credentials(c, a, id, hash, login, err);
}

static enum jw_code password_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct user_tx *t = arg;
  if (jw_auth_store_password_set(c, t->u->id, t->hash, err) != JW_OK) return err->code;
  if (jw_auth_store_sessions_end_others(c, t->u->id, t->u->session_hash, err) != JW_OK) return err->code;
  return jw_auth_audit(c, t->u, t->ip, "auth.password.change", "user", t->u->id, err, "other sessions ended");
}

enum jw_code jw_password_change(struct jw_conn *c, const struct jw_user *u, const char *ip, const char *hash,
                                struct jw_error *err) {
  struct user_tx t = {u, ip, hash};
  return jw_tx(c, password_in_tx, &t, err);
}
