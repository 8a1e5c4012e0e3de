/* auth_api.c — the session look-up for the dispatcher; sign-up, sign-in,
 * sign-out, the signed-in user, password change. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/api.h"
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

/* What a session with temporary credentials (a password an administrator
 * set) may do: read who it is, choose its own password, sign out (or in
 * again). */
static int temporary_may(const struct jw_req *r) {
  static const struct {
    enum jw_method m;
    const char *path;
  } allowed[] = {
      {JW_GET, "/api/v1/me"},           {JW_GET, "/api/v1/session"},     {JW_POST, "/api/v1/me/password"},
      {JW_POST, "/api/v1/auth/logout"}, {JW_POST, "/api/v1/auth/login"},
  };
  for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
    if (r->method == allowed[i].m && r->path && strcmp(r->path, allowed[i].path) == 0) return 1;
  return 0;
}

const struct jw_user *jw_auth_session(struct jw_req *r, const char *token) {
  int temporary = 0;
  struct jw_user *u = jw_session_find(r->db, r->arena, token, &temporary);
  if (u && temporary && !temporary_may(r))
    u->refused = "You signed in with a temporary password: change your password first (POST /api/v1/me/password).";
  return u;
}

/* The user's account as JSON; own = 1 shows phone and ID number unmasked. */
static json_t *user_json(struct jw_req *r, int64_t id, int own, struct jw_error *err) {
  struct jw_account u;
  if (jw_account_get(r->db, r->arena, id, own, &u, err) != JW_OK) return NULL;
  json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)u.id, "kind", u.kind, "role", u.role, "login",
                        u.login, "name", u.name);
  json_object_set_new(o, "phone", u.phone ? json_string(u.phone) : json_null());
  json_object_set_new(o, "id_number", u.id_number ? json_string(u.id_number) : json_null());
  json_object_set_new(o, "unit_id", u.unit_id ? json_integer(u.unit_id) : json_null());
  json_object_set_new(o, "unit_name", u.unit_name ? json_string(u.unit_name) : json_null());
  json_object_set_new(o, "created_at", jw_time_json(r, u.created_at));
  json_object_set_new(o, "unit_kind", u.unit_kind ? json_string(u.unit_kind) : json_null());
  json_object_set_new(o, "credentials_temporary", json_boolean(u.credentials_temporary));
  if (!strcmp(u.kind, "staff"))
    json_object_set_new(o, "officer_id", u.officer_id ? json_integer(u.officer_id) : json_null());
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

  struct jw_login_account acct;
  if (jw_login_find(r->db, r->arena, login, &acct, err) != JW_OK) return err->code;
  const char *device = known_device(r, acct.user_id);
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
   * failure (jw_login_verify). */
  struct jw_login_outcome t;
  jw_login_verify(r->arena, &acct, password, &t);
  if (!t.success) {
    /* Counted whether or not the login exists; the limit is checked above. */
    jw_rate_limit(r->db, acct_key, INT32_MAX, LOCK_SECS, err);
  }
  jw_error_clear(err);
  rc = jw_login_record(r->db, &acct, login, r->ip, &t, err);
  if (rc != JW_OK) return rc;
  if (!t.success) return jw_fail(err, JW_E_UNAUTHENTICATED, "Wrong login or password.");
  jw_rate_forget(r->db, ip_key, err); /* a lost reset only keeps the count */
  jw_error_clear(err);
  json_t *user = user_json(r, acct.user_id, 1, err);
  if (!user) return err->code;
  r->set_cookie = jw_arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", JW_SESSION_COOKIE, t.token,
                                  r->app->cfg.cookie_secure ? "; Secure" : "");
  set_device_cookie(r, acct.user_id, device);
  jw_reply_json(r, 200, json_pack("{s:o, s:s}", "user", user, "csrf_token", t.csrf));
  return JW_OK;
}

enum jw_code jw_auth_api_logout(struct jw_req *r, struct jw_error *err) {
  enum jw_code rc = jw_logout(r->db, r->user, r->ip, err);
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

enum jw_code jw_auth_api_session(struct jw_req *r, struct jw_error *err) {
  if (r->user) return jw_auth_api_me(r, err);
  jw_reply_json(r, 200, json_pack("{s:n, s:n}", "user", "csrf_token"));
  return JW_OK;
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
  const char *hash, *login;
  if (jw_credentials_get(r->db, r->arena, r->user->id, &hash, &login, err) != JW_OK) return err->code;
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
  enum jw_code rc = jw_password_change(r->db, r->user, r->ip, nh, err);
  if (rc != JW_OK) return rc;
  jw_reply_empty(r, 204);
  return JW_OK;
}
