/* auth_api.c — sign-up, sign-in, sign-out, the signed-in user, password change. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "audit/api.h"
#include "auth/auth.h"
#include "core/crypto.h"
#include "core/jspec.h"
#include "core/validate.h"

/* Sign-in attempts one address may make on one login per window. */
#define IP_ACCT_LIMIT 5
/* Failed sign-ins on one login from all addresses together per window,
 * beyond which only known devices get through. */
#define ACCT_FAIL_LIMIT 20
#define LOCK_SECS       (15 * 60)
/* How long a known-device cookie lasts. */
#define DEVICE_MAX_AGE (180 * 24 * 3600)
/* Current-password tries per account per window on a password change. */
#define PW_CHANGE_LIMIT 10
#define IP_WINDOW       (10 * 60)
#define CITIZEN_IDLE    (7 * 24 * 3600)
#define STAFF_IDLE      (30 * 60)
#define CITIZEN_MAX     (30 * 24 * 3600)
#define STAFF_MAX       (12 * 3600)

static const char SQL_USER_BY_LOGIN[] =
    "SELECT id, pw_hash, failed_logins, locked_until, disabled, kind FROM users WHERE login = ?";
static const char SQL_USER_ME[] =
    "SELECT u.id, u.kind, u.role, u.login, u.name, u.phone, u.id_enc, u.unit_id, un.name, u.created_at, un.kind,"
    " u.pw_must_change FROM users u LEFT JOIN units un ON un.id = u.unit_id WHERE u.id = ?";

/* The user row as JSON; own = 1 shows phone and ID number unmasked. */
static json_t *user_json(struct jw_req *r, int64_t id, int own, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_USER_ME, err);
  if (!s) return NULL;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) != JW_STEP_ROW) {
    if (!err->code) jw_fail(err, JW_E_NOT_FOUND, "No such user.");
    return NULL;
  }
  const char *phone = jw_col_is_null(s, 5) ? NULL : jw_col_text(s, 5);
  const char *idn = NULL;
  if (!jw_col_is_null(s, 6)) {
    size_t n;
    const void *box = jw_col_blob(s, 6, &n);
    idn = jw_decrypt(r->arena, box, n);
    if (idn && !own) idn = jw_mask_id_number(r->arena, idn);
  }
  if (phone && !own) phone = jw_mask_phone(r->arena, phone);
  json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)jw_col_int(s, 0), "kind", jw_col_text(s, 1),
                        "role", jw_col_text(s, 2), "login", jw_col_text(s, 3), "name", jw_col_text(s, 4));
  json_object_set_new(o, "phone", phone ? json_string(phone) : json_null());
  json_object_set_new(o, "id_number", idn ? json_string(idn) : json_null());
  json_object_set_new(o, "unit_id", jw_col_is_null(s, 7) ? json_null() : json_integer(jw_col_int(s, 7)));
  json_object_set_new(o, "unit_name", jw_col_is_null(s, 8) ? json_null() : json_string(jw_col_text(s, 8)));
  json_object_set_new(o, "created_at", jw_time_json(r, jw_col_int(s, 9)));
  json_object_set_new(o, "unit_kind", jw_col_is_null(s, 10) ? json_null() : json_string(jw_col_text(s, 10)));
  json_object_set_new(o, "credentials_temporary", json_boolean(jw_col_int(s, 11) != 0));
  jw_conn_release(r->db);
  return o;
}

enum jw_code jw_auth_api_register(struct jw_req *r, struct jw_error *err) {
  const char *phone = NULL, *password = NULL, *name = NULL, *idn = NULL;
  const struct jw_field f[] = {
      {"phone", JS_STR, JS_REQUIRED, 1, 20, &phone},
      {"password", JS_STR, JS_REQUIRED, 1, 128, &password},
      {"name", JS_STR, JS_REQUIRED, 2, 30, &name},
      {"id_number", JS_STR, JS_REQUIRED, 1, 18, &idn},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send phone, password, name and id_number as JSON.");
  /* Fields that passed the shape check get their content checked too, so
   * that one answer names every bad field. */
  if (jw_json_fields(r->body, f, 4, err) == JW_E_BAD_JSON) return err->code;
  const char *why;
  char norm[19];
  if (phone && (why = jw_check_phone(phone))) jw_field_fail(err, "phone", "%s", why);
  if (idn && (why = jw_check_id_number(idn, norm))) jw_field_fail(err, "id_number", "%s", why);
  if (password && (why = jw_password_weakness(password, phone))) jw_field_fail(err, "password", "%s", why);
  if (err->nfields) return JW_E_VALIDATION;

  char key[80];
  snprintf(key, sizeof key, "auth-ip:%s", r->ip);
  enum jw_code rc = jw_rate_limit(r->db, key, r->app->cfg.login_ip_limit, IP_WINDOW, err);
  if (rc != JW_OK) return rc;

  struct jw_new_user u = {.kind = "citizen",
                          .role = "citizen",
                          .login = phone,
                          .name = name,
                          .password = password,
                          .phone = phone,
                          .id_number = norm,
                          .actor_login = phone,
                          .ip = r->ip};
  int64_t id = 0;
  rc = jw_user_create(r->db, r->arena, &u, &id, err);
  if (rc != JW_OK) {
    if (rc == JW_E_CONFLICT && strstr(err->detail, "login"))
      jw_fail(err, JW_E_CONFLICT, "An account with this phone number already exists.");
    return rc;
  }
  json_t *user = user_json(r, id, 1, err);
  if (!user) return err->code;
  jw_reply_json(r, 201, json_pack("{s:o}", "user", user));
  return JW_OK;
}

struct login_tx {
  struct jw_req *r;
  int64_t user_id;
  int success;
  const char *login;
  const char *new_hash; /* rehashed password, or NULL */
  const char *token;    /* the new session's cookie value */
  const unsigned char *token_hash;
  const char *csrf;
  int staff;
};

static const char SQL_LOGIN_OK[] =
    "UPDATE users SET failed_logins = 0, locked_until = 0, last_login_at = ?,"
    " pw_hash = COALESCE(?, pw_hash) WHERE id = ?";
static const char SQL_SESSION_NEW[] =
    "INSERT INTO sessions (token_hash, user_id, csrf, ip, created_at, last_seen, idle_secs, expires_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

static enum jw_code login_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct login_tx *t = arg;
  int64_t now = (int64_t)time(NULL);
  struct jw_stmt *s;
  char oid[24] = "";
  if (t->user_id) snprintf(oid, sizeof oid, "%lld", (long long)t->user_id);
  if (!t->success) {
    struct jw_audit_entry e = {0, t->login, "auth.login.failure", "user", oid, "wrong login or password", t->r->ip};
    return jw_audit_write(c, &e, err);
  }
  if (!(s = jw_prepare(c, SQL_LOGIN_OK, err))) return err->code;
  jw_bind_int(s, 1, now);
  jw_bind_text(s, 2, t->new_hash);
  jw_bind_int(s, 3, t->user_id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_SESSION_NEW, err))) return err->code;
  jw_bind_blob(s, 1, t->token_hash, JW_HASH_BYTES);
  jw_bind_int(s, 2, t->user_id);
  jw_bind_text(s, 3, t->csrf);
  jw_bind_text(s, 4, t->r->ip);
  jw_bind_int(s, 5, now);
  jw_bind_int(s, 6, now);
  jw_bind_int(s, 7, t->staff ? STAFF_IDLE : CITIZEN_IDLE);
  jw_bind_int(s, 8, now + (t->staff ? STAFF_MAX : CITIZEN_MAX));
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  struct jw_audit_entry e = {t->user_id, t->login, "auth.login.success", "user", oid, "", t->r->ip};
  return jw_audit_write(c, &e, err);
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

/* The rate-limit keys of a sign-in name: the name itself is not stored (a
 * password typed into the login field must not land in the database), only
 * a keyed hash of it, whether or not such an account exists. */
static const char *login_tag(struct jw_req *r, const char *login) {
  unsigned char h[JW_HASH_BYTES];
  const char *msg = jw_arena_printf(r->arena, "jw-login-throttle\x1f%s", login);
  jw_blind_index(msg, h);
  return jw_hex(r->arena, h, 12);
}

/* The MAC of a known-device cookie for user id and device id: a keyed
 * BLAKE2b under the server's secret (the blind-index key, with its own
 * prefix so that it can never equal an ID number's index). */
static const char *device_mac(struct jw_req *r, int64_t user_id, const char *device) {
  unsigned char h[JW_HASH_BYTES];
  jw_blind_index(jw_arena_printf(r->arena, "jw-known-device\x1f%lld\x1f%s", (long long)user_id, device), h);
  return jw_hex(r->arena, h, JW_HASH_BYTES);
}

/* The request's known-device cookie if it was issued to user_id, else NULL. */
static const char *known_device(struct jw_req *r, int64_t user_id) {
  const char *v = jw_cookie(r, JW_DEVICE_COOKIE);
  if (!v || !user_id) return NULL;
  const char *dot = strchr(v, '.');
  if (!dot || dot == v || dot - v > 64) return NULL;
  const char *device = jw_arena_strndup(r->arena, v, (size_t)(dot - v));
  return jw_secret_equal(dot + 1, device_mac(r, user_id, device)) ? v : NULL;
}

/* Sets the known-device cookie (keeping the device id of a valid one). */
static void set_device_cookie(struct jw_req *r, int64_t user_id, const char *current) {
  const char *value = current;
  if (!value) {
    const char *device = jw_random_token(r->arena, 16);
    value = jw_arena_printf(r->arena, "%s.%s", device, device_mac(r, user_id, device));
  }
  jw_reply_header(
      r, "Set-Cookie",
      jw_arena_printf(r->arena, "%s=%s; Path=/api/v1/auth/login; Max-Age=%d; HttpOnly; SameSite=Strict%s",
                      JW_DEVICE_COOKIE, value, DEVICE_MAX_AGE, r->app->cfg.cookie_secure ? "; Secure" : ""));
}

/*
 * The answer past the per-login failure limit to a request without a valid
 * X-PoW solution: the 429 "locked" problem carrying a fresh proof-of-work
 * challenge (the plate guard's, vehicles/guard.c) that the sign-in page
 * solves by itself and sends back, so that nobody can lock an owner out of
 * their account while each guess costs the guesser a second of work. Written
 * here because the dispatcher's problem writer knows no extra members.
 */
static void reply_challenge(struct jw_req *r, int retry_after, const char *why, struct jw_error *err) {
  err->retry_after = retry_after < 1 ? 1 : retry_after;
  jw_fail(err, JW_E_LOCKED,
          "Many failed sign-ins for this account: your browser is checking that you are not a robot (a few "
          "seconds); try again.");
  jw_pow_reply(r, err, 0, why);
}

static enum jw_code throttled(struct jw_error *err, int retry_after) {
  err->retry_after = retry_after < 1 ? 1 : retry_after;
  return jw_fail(err, JW_E_LOCKED, "Too many failed sign-ins for this account; try again in %d minutes.",
                 (err->retry_after + 59) / 60);
}

/*
 * Sign-in. Three limits, none of which tells whether the login exists:
 * attempts per address (any login), attempts per (address, login) — the
 * sixth within the window is refused even with the right password — and
 * failures per login from all addresses together, past which a device that
 * signed in to that account before (its jw_device cookie, whose MAC names
 * the account) goes on as before and any other request must carry a solved
 * proof-of-work challenge (reply_challenge): a hard lock there would let
 * anyone lock the owner out. Unknown logins, disabled accounts and accounts
 * waiting for a reset hash against a dummy and answer exactly like a wrong
 * password.
 */
enum jw_code jw_auth_api_login(struct jw_req *r, struct jw_error *err) {
  const char *login = NULL, *password = NULL;
  const struct jw_field f[] = {
      {"login", JS_STR, JS_REQUIRED, 1, 64, &login},
      {"password", JS_STR, JS_REQUIRED, 1, 128, &password},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send login and password as JSON.");
  if (jw_json_fields(r->body, f, 2, err) != JW_OK) return err->code;
  char key[80];
  snprintf(key, sizeof key, "auth-ip:%s", r->ip);
  enum jw_code rc = jw_rate_limit(r->db, key, r->app->cfg.login_ip_limit, IP_WINDOW, err);
  if (rc != JW_OK) return rc;
  const char *tag = login_tag(r, login);
  const char *ip_key = jw_arena_printf(r->arena, "auth-ip-acct:%s|%s", r->ip, tag);
  const char *acct_key = jw_arena_printf(r->arena, "auth-acct:%s", tag);
  if (jw_rate_limit(r->db, ip_key, IP_ACCT_LIMIT, LOCK_SECS, err) != JW_OK) {
    if (err->code != JW_E_RATE_LIMITED) return err->code;
    return throttled(err, err->retry_after);
  }

  struct jw_stmt *s = jw_prepare(r->db, SQL_USER_BY_LOGIN, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, login);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  struct login_tx t = {.r = r, .login = login};
  const char *hash = NULL;
  int disabled = 0;
  if (st == JW_STEP_ROW) {
    t.user_id = jw_col_int(s, 0);
    hash = jw_arena_strdup(r->arena, jw_col_text(s, 1));
    disabled = (int)jw_col_int(s, 4);
    t.staff = strcmp(jw_col_text(s, 5), "staff") == 0;
  }
  jw_conn_release(r->db);
  const char *device = known_device(r, t.user_id);
  int64_t failures = 0;
  int retry = 0;
  if (jw_rate_peek(r->db, acct_key, LOCK_SECS, &failures, &retry, err) != JW_OK) return err->code;
  if (failures >= ACCT_FAIL_LIMIT && !device) {
    /* Unknown devices go on only with a solved challenge (known or not,
     * the login gets the same answer). */
    const char *pow = jw_header(r, "X-PoW"), *why = NULL;
    int ok = pow ? jw_pow_accept(r, pow, JW_POW_BITS, &why, err) : 0;
    if (ok < 0) return err->code;
    if (!ok) {
      reply_challenge(r, retry, why, err);
      return JW_OK;
    }
  }

  /* The slow part runs outside any transaction, and once for every kind of
   * failure. */
  int usable = hash && hash[0] == '$' && !disabled;
  const char *against = usable ? hash : dummy_hash();
  t.success = against && jw_password_verify(against, password) && usable;
  if (t.success) {
    if (jw_password_needs_rehash(hash)) {
      char *nh = jw_arena_alloc(r->arena, JW_PWHASH_STRBYTES);
      if (jw_password_hash(password, nh, err) == JW_OK) t.new_hash = nh;
    }
    t.token = jw_random_token(r->arena, 32);
    unsigned char *th = jw_arena_alloc(r->arena, JW_HASH_BYTES);
    jw_hash(t.token, strlen(t.token), th);
    t.token_hash = th;
    t.csrf = jw_random_token(r->arena, 24);
  } else {
    /* Counted whether or not the login exists; the limit is checked above. */
    jw_rate_limit(r->db, acct_key, INT32_MAX, LOCK_SECS, err);
  }
  jw_error_clear(err);
  rc = jw_tx(r->db, login_in_tx, &t, err);
  if (rc != JW_OK) return rc;
  if (!t.success) return jw_fail(err, JW_E_UNAUTHENTICATED, "Wrong login or password.");
  jw_rate_forget(r->db, ip_key, err); /* a lost reset only keeps the count */
  jw_error_clear(err);
  json_t *user = user_json(r, t.user_id, 1, err);
  if (!user) return err->code;
  r->set_cookie = jw_arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", JW_SESSION_COOKIE, t.token,
                                  r->app->cfg.cookie_secure ? "; Secure" : "");
  set_device_cookie(r, t.user_id, device);
  jw_reply_json(r, 200, json_pack("{s:o, s:s}", "user", user, "csrf_token", t.csrf));
  return JW_OK;
}

static const char SQL_SESSION_END[] = "DELETE FROM sessions WHERE token_hash = ?";

static enum jw_code logout_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct jw_req *r = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_SESSION_END, err);
  if (!s) return err->code;
  jw_bind_blob(s, 1, r->user->session_hash, JW_HASH_BYTES);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return jw_audit(r, "auth.logout", "user", r->user->id, err, "%s", "");
}

enum jw_code jw_auth_api_logout(struct jw_req *r, struct jw_error *err) {
  enum jw_code rc = jw_tx(r->db, logout_in_tx, r, err);
  if (rc != JW_OK) return rc;
  r->set_cookie = jw_arena_printf(r->arena, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s", JW_SESSION_COOKIE,
                                  r->app->cfg.cookie_secure ? "; Secure" : "");
  jw_reply_empty(r, 204);
  return JW_OK;
}

enum jw_code jw_auth_api_me(struct jw_req *r, struct jw_error *err) {
  json_t *user = user_json(r, r->user->id, 1, err);
  if (!user) return err->code;
  jw_reply_json(r, 200, json_pack("{s:o, s:s}", "user", user, "csrf_token", r->user->csrf_token));
  return JW_OK;
}

struct password_tx {
  struct jw_req *r;
  const char *hash;
};

static const char SQL_PW_SET[] = "UPDATE users SET pw_hash = ?, pw_must_change = 0 WHERE id = ?";
static const char SQL_SESSIONS_OTHERS_END[] = "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?";
static const char SQL_PW_GET[] = "SELECT pw_hash, login FROM users WHERE id = ?";

static enum jw_code password_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct password_tx *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_PW_SET, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, t->hash);
  jw_bind_int(s, 2, t->r->user->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_SESSIONS_OTHERS_END, err))) return err->code;
  jw_bind_int(s, 1, t->r->user->id);
  jw_bind_blob(s, 2, t->r->user->session_hash, JW_HASH_BYTES);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return jw_audit(t->r, "auth.password.change", "user", t->r->user->id, err, "other sessions ended");
}

enum jw_code jw_auth_api_password(struct jw_req *r, struct jw_error *err) {
  const char *current = NULL, *next = NULL;
  const struct jw_field f[] = {
      {"current_password", JS_STR, JS_REQUIRED, 1, 128, &current},
      {"new_password", JS_STR, JS_REQUIRED, 1, 128, &next},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send current_password and new_password as JSON.");
  if (jw_json_fields(r->body, f, 2, err) != JW_OK) return err->code;
  /* A stolen session must not become a way to guess the password. */
  char key[48];
  snprintf(key, sizeof key, "pw-change:%lld", (long long)r->user->id);
  if (jw_rate_limit(r->db, key, PW_CHANGE_LIMIT, LOCK_SECS, err) != JW_OK) {
    if (err->code != JW_E_RATE_LIMITED) return err->code;
    return jw_fail(err, JW_E_RATE_LIMITED, "Too many wrong current passwords; try again in %d minutes.",
                   (err->retry_after + 59) / 60);
  }
  struct jw_stmt *s = jw_prepare(r->db, SQL_PW_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_NOT_FOUND;
  const char *hash = jw_arena_strdup(r->arena, jw_col_text(s, 0));
  const char *login = jw_arena_strdup(r->arena, jw_col_text(s, 1));
  jw_conn_release(r->db);
  if (!jw_password_verify(hash, current)) {
    jw_field_fail(err, "current_password", "is not your current password");
    return JW_E_VALIDATION;
  }
  const char *why = jw_password_weakness(next, login);
  if (why) {
    jw_field_fail(err, "new_password", "%s", why);
    return JW_E_VALIDATION;
  }
  char *nh = jw_arena_alloc(r->arena, JW_PWHASH_STRBYTES);
  if (jw_password_hash(next, nh, err) != JW_OK) return err->code;
  struct password_tx t = {r, nh};
  enum jw_code rc = jw_tx(r->db, password_in_tx, &t, err);
  if (rc != JW_OK) return rc;
  jw_reply_empty(r, 204);
  return JW_OK;
}
