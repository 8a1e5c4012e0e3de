/* staff_api.c — staff accounts: listing within scope, creation, changes,
 * role changes (the security administrator's alone), password resets. */
#include <assert.h>
#include <string.h>
#include <time.h>

#include "audit/api.h"
#include "auth/auth.h"
#include "core/crypto.h"
#include "core/jspec.h"
#include "directory/directory.h"

/* The name of a role for a message; role comes from the users table's CHECK. */
static const char *role_name(int role) {
  assert(role >= 0 && role < JW_ROLE__MAX);
  return jw_role_names[role];
}

#define STAFF_COLS                                                                                         \
  "u.id, u.login, u.name, u.role, u.unit_id, un.name, u.disabled, u.created_at, u.last_login_at, un.path," \
  " CASE WHEN u.pw_hash = '" JW_PW_RESET_REQUIRED                                                          \
  "' THEN 1 ELSE 0 END, pr.id, pr.requested_by, rq.login,"                                                 \
  " pr.created_at, pr.expires_at"
/* The staff row with its unit and the reset of its password waiting for a
 * second administrator, if any. */
#define STAFF_FROM                                          \
  " FROM users u LEFT JOIN units un ON un.id = u.unit_id"   \
  " LEFT JOIN password_resets pr ON pr.pending_user = u.id" \
  " LEFT JOIN users rq ON rq.id = pr.requested_by"

static json_t *staff_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  (void)ctx;
  json_t *o =
      json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:b}", "id", (json_int_t)jw_col_int(s, 0), "login", jw_col_text(s, 1),
                "name", jw_col_text(s, 2), "role", jw_col_text(s, 3), "unit_id",
                jw_col_is_null(s, 4) ? json_null() : json_integer(jw_col_int(s, 4)), "unit_name",
                jw_col_is_null(s, 5) ? json_null() : json_string(jw_col_text(s, 5)), "disabled", (int)jw_col_int(s, 6));
  json_object_set_new(o, "created_at", jw_time_json(r, jw_col_int(s, 7)));
  json_object_set_new(o, "last_login_at", jw_col_is_null(s, 8) ? json_null() : jw_time_json(r, jw_col_int(s, 8)));
  json_object_set_new(o, "password_reset_required", json_boolean(jw_col_int(s, 10) != 0));
  json_t *pending = json_null();
  if (!jw_col_is_null(s, 11)) {
    pending = json_pack("{s:I, s:I, s:s}", "id", (json_int_t)jw_col_int(s, 11), "requested_by",
                        (json_int_t)jw_col_int(s, 12), "requested_by_login", jw_col_text(s, 13));
    json_object_set_new(pending, "created_at", jw_time_json(r, jw_col_int(s, 14)));
    json_object_set_new(pending, "expires_at", jw_time_json(r, jw_col_int(s, 15)));
  }
  json_object_set_new(o, "pending_reset", pending ? pending : json_null());
  return o;
}

static const char SQL_STAFF_PAGE[] =
    "SELECT " STAFF_COLS STAFF_FROM
    " WHERE u.kind = 'staff' AND COALESCE(un.path, '/') >= ? AND COALESCE(un.path, '/') < ?"
    " AND (CAST(? AS TEXT) IS NULL OR u.role = CAST(? AS TEXT))"
    " AND (u.name || ' ' || u.login) LIKE ? ESCAPE '\\'"
    " ORDER BY u.id LIMIT ? OFFSET ?";

enum jw_code jw_staff_api_list(struct jw_req *r, struct jw_error *err) {
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  const char *unit = jw_query(r, "unit_id");
  const char *role = jw_query(r, "role");
  const char *q = jw_query(r, "q");
  if (role && (jw_role_parse(role) <= 0)) jw_field_fail(err, "role", "is not a staff role");
  if (q && strlen(q) > 100) jw_field_fail(err, "q", "must have at most 100 characters");
  /* Unit-less accounts (made at the command line) count as the bureau's. */
  const char *scope = r->user->whole_bureau ? "/" : r->user->unit_path;
  if (unit) {
    r->nparams = 1;
    r->params[0] = unit;
    const char *path;
    int64_t unit_id = jw_param_id(r, 0);
    if (!unit_id || jw_unit_path(r->db, r->arena, unit_id, &path, err) != JW_OK) {
      jw_error_clear(err);
      jw_field_fail(err, "unit_id", "there is no such unit");
    } else if (!jw_scope_contains(r->user, path)) {
      return jw_fail(err, JW_E_FORBIDDEN, "Unit %lld is outside the units you manage.", (long long)unit_id);
    } else {
      scope = path;
    }
  }
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_stmt *s = jw_prepare(r->db, SQL_STAFF_PAGE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, scope);
  jw_bind_text(s, 2, jw_db_prefix_end(r->arena, scope));
  jw_bind_text(s, 3, role);
  jw_bind_text(s, 4, role);
  jw_bind_text(s, 5, jw_db_like(r->arena, q));
  jw_bind_int(s, 6, limit + 1);
  jw_bind_int(s, 7, offset);
  json_t *page = jw_page_rows(r, s, limit, offset, staff_json, NULL, err);
  if (!page) return err->code;
  jw_reply_json(r, 200, page);
  return JW_OK;
}

static const char SQL_STAFF_GET[] = "SELECT " STAFF_COLS STAFF_FROM " WHERE u.id = ? AND u.kind = 'staff'";

static enum jw_code reply_staff(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_STAFF_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_NOT_FOUND;
  jw_reply_json(r, status, staff_json(r, s, NULL));
  return JW_OK;
}

/* What staff_in_scope found of the account besides its role. */
struct staff_now {
  int64_t unit_id; /* 0 when it has none */
  int disabled;
};

/* The account named in the URL if the caller's scope covers it; 404 otherwise.
 * *role receives its role, *now (may be NULL) its unit and disabled flag. */
static enum jw_code staff_in_scope_now(struct jw_req *r, int64_t *id, int *role, struct staff_now *now,
                                       struct jw_error *err) {
  *id = jw_param_id(r, 0);
  struct jw_stmt *s = jw_prepare(r->db, SQL_STAFF_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, *id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  int ok = st == JW_STEP_ROW &&
           (r->user->whole_bureau || (!jw_col_is_null(s, 9) && jw_scope_contains(r->user, jw_col_text(s, 9))));
  if (ok) *role = jw_role_parse(jw_col_text(s, 3));
  if (ok && now) {
    now->unit_id = jw_col_is_null(s, 4) ? 0 : jw_col_int(s, 4);
    now->disabled = (int)jw_col_int(s, 6);
  }
  jw_conn_release(r->db);
  if (!ok) return jw_fail(err, JW_E_NOT_FOUND, "There is no staff account %s among those you manage.", r->params[0]);
  return JW_OK;
}

static enum jw_code staff_in_scope(struct jw_req *r, int64_t *id, int *role, struct jw_error *err) {
  return staff_in_scope_now(r, id, role, NULL, err);
}

/* The three administrator roles of 三员分立 (defined further down). */
static int is_admin_role(int role);

/* Roles a sysadmin or unit admin may hand out; the rest are the security admin's. */
static int grantable(const struct jw_user *u, int role) {
  switch (role) {
  case JW_ROLE_AUXILIARY:
  case JW_ROLE_OFFICER:
  case JW_ROLE_STATION_CHIEF:
    return 1;
  case JW_ROLE_UNIT_ADMIN:
  case JW_ROLE_CASHIER:
  case JW_ROLE_FINANCE_APPROVER:
    return u->role == JW_ROLE_SYSADMIN;
  default:
    return 0;
  }
}

/* Who may change (disable, move, reset the password of) an account with
 * role: the privileged accounts only the security administrator, so that no
 * one can sign in as the auditor; unit admins only the sysadmin. */
static int may_manage(const struct jw_user *u, int role) {
  switch (role) {
  case JW_ROLE_SYSADMIN:
  case JW_ROLE_SECADMIN:
  case JW_ROLE_AUDITOR:
    return u->role == JW_ROLE_SECADMIN;
  case JW_ROLE_UNIT_ADMIN:
    return u->role == JW_ROLE_SYSADMIN;
  default:
    return u->role == JW_ROLE_SYSADMIN || u->role == JW_ROLE_UNIT_ADMIN;
  }
}

static int valid_login(const char *s) {
  size_t n = strlen(s);
  return n >= 3 && n <= 32 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == n;
}

enum jw_code jw_staff_api_create(struct jw_req *r, struct jw_error *err) {
  const char *login = NULL, *name = NULL, *role = NULL, *password = NULL;
  int64_t unit_id = 0;
  const struct jw_field f[] = {
      {"login", JS_STR, JS_REQUIRED, 3, 32, &login, NULL, NULL},
      {"name", JS_STR, JS_REQUIRED, 2, 30, &name, NULL, NULL},
      {"role", JS_STR, JS_REQUIRED, 1, 20, &role, NULL, NULL},
      {"unit_id", JS_INT, JS_REQUIRED, 1, INT64_MAX, &unit_id, NULL, NULL},
      {"password", JS_STR, JS_REQUIRED, 1, 128, &password, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the account as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  if (!valid_login(login)) jw_field_fail(err, "login", "use 3 to 32 of a-z, 0-9, _ . -");
  int role_i = jw_role_parse(role);
  if (role_i <= 0) jw_field_fail(err, "role", "is not a staff role");
  const char *why = jw_password_weakness(password, login);
  if (why) jw_field_fail(err, "password", "%s", why);
  if (err->nfields) return JW_E_VALIDATION;
  if (!grantable(r->user, role_i))
    return jw_fail(err, JW_E_FORBIDDEN, "You may not create %s accounts; the security administrator assigns that role.",
                   role);
  const char *path;
  if (jw_unit_path(r->db, r->arena, unit_id, &path, err) != JW_OK) {
    jw_error_clear(err);
    jw_field_fail(err, "unit_id", "there is no such unit");
    return JW_E_VALIDATION;
  }
  if (!jw_scope_contains(r->user, path))
    return jw_fail(err, JW_E_FORBIDDEN, "Unit %lld is outside the units you manage.", (long long)unit_id);
  struct jw_new_user u = {.kind = "staff",
                          .role = role,
                          .login = login,
                          .name = name,
                          .password = password,
                          .unit_id = unit_id,
                          .actor_id = r->user->id,
                          .actor_login = r->user->login,
                          .ip = r->ip};
  int64_t id = 0;
  enum jw_code rc = jw_user_create(r->db, r->arena, &u, &id, err);
  if (rc != JW_OK) return rc;
  return reply_staff(r, id, 201, err);
}

struct staff_tx {
  struct jw_req *r;
  int64_t id;
  const char *name;
  int64_t unit_id;
  int disabled;
  const char *role;
  const char *pw_hash;
};

/* An administrator account keeps its unit and disabled flag whatever
 * happened since the check (a role granted meanwhile): the WHERE says so. */
static const char SQL_STAFF_UPDATE[] =
    "UPDATE users SET name = ?, unit_id = ?, disabled = ? WHERE id = ?"
    " AND (role NOT IN ('sysadmin', 'secadmin', 'auditor') OR (disabled = ? AND COALESCE(unit_id, 0) = ?))";
static const char SQL_SESSIONS_END_ALL[] = "DELETE FROM sessions WHERE user_id = ?";

static enum jw_code end_sessions(struct jw_conn *c, int64_t user_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SESSIONS_END_ALL, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

static enum jw_code staff_update_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct staff_tx *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_STAFF_UPDATE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, t->name);
  jw_bind_int(s, 2, t->unit_id);
  jw_bind_int(s, 3, t->disabled);
  jw_bind_int(s, 4, t->id);
  jw_bind_int(s, 5, t->disabled);
  jw_bind_int(s, 6, t->unit_id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1)
    return jw_fail(err, JW_E_CONFLICT, "The account's role changed meanwhile; reload it and try again.");
  if (t->disabled && end_sessions(c, t->id, err) != JW_OK) return err->code;
  return jw_audit(t->r, "staff.update", "user", t->id, err, "unit=%lld disabled=%d", (long long)t->unit_id,
                  t->disabled);
}

enum jw_code jw_staff_api_update(struct jw_req *r, struct jw_error *err) {
  struct staff_tx t = {.r = r};
  int role;
  struct staff_now now;
  if (staff_in_scope_now(r, &t.id, &role, &now, err) != JW_OK) return err->code;
  const struct jw_field f[] = {
      {"name", JS_STR, JS_REQUIRED, 2, 30, &t.name, NULL, NULL},
      {"unit_id", JS_INT, JS_REQUIRED, 1, INT64_MAX, &t.unit_id, NULL, NULL},
      {"disabled", JS_BOOL, JS_REQUIRED, 0, 0, &t.disabled, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send name, unit_id and disabled as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  if (t.id == r->user->id && t.disabled) return jw_fail(err, JW_E_FORBIDDEN, "You cannot disable your own account.");
  if (!may_manage(r->user, role))
    return jw_fail(err, JW_E_FORBIDDEN, "You may not change %s accounts.", role_name(role));
  /* 三员分立: one administrator alone must not switch another off (or on
   * again, or move them out of sight); that takes a second person, the
   * server's operator at the command line. */
  if (is_admin_role(role) && (t.disabled != now.disabled || t.unit_id != now.unit_id))
    return jw_fail(err, JW_E_FORBIDDEN,
                   "Disabling, enabling or moving a %s account needs a second person: the server's operator does it "
                   "at the command line (jingwu user disable|enable).",
                   role_name(role));
  const char *path;
  if (jw_unit_path(r->db, r->arena, t.unit_id, &path, err) != JW_OK) {
    jw_error_clear(err);
    jw_field_fail(err, "unit_id", "there is no such unit");
    return JW_E_VALIDATION;
  }
  if (!jw_scope_contains(r->user, path))
    return jw_fail(err, JW_E_FORBIDDEN, "Unit %lld is outside the units you manage.", (long long)t.unit_id);
  enum jw_code rc = jw_tx(r->db, staff_update_tx, &t, err);
  if (rc != JW_OK) return rc;
  return reply_staff(r, t.id, 200, err);
}

/* The three administrator roles of 三员分立: none may become another or act
 * as one, so their passwords are reset by two people and a grant of one
 * never comes with a password anybody knows. */
static int is_admin_role(int role) {
  return role == JW_ROLE_SYSADMIN || role == JW_ROLE_SECADMIN || role == JW_ROLE_AUDITOR;
}

static const char SQL_STAFF_ROLE[] = "UPDATE users SET role = ? WHERE id = ? AND kind = 'staff'";
/* Given an administrator role, the account's password stops working: only a
 * two-person reset lets it sign in again, so the security administrator who
 * granted the role (or whoever knew the old password) cannot use it. */
static const char SQL_STAFF_ROLE_ADMIN[] = "UPDATE users SET role = ?, pw_hash = '" JW_PW_RESET_REQUIRED
                                           "', pw_must_change = 0"
                                           " WHERE id = ? AND kind = 'staff'";

static enum jw_code staff_role_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct staff_tx *t = arg;
  int admin = is_admin_role(jw_role_parse(t->role));
  struct jw_stmt *s = jw_prepare(c, admin ? SQL_STAFF_ROLE_ADMIN : SQL_STAFF_ROLE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, t->role);
  jw_bind_int(s, 2, t->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  /* New rights take effect at the next sign-in. */
  if (end_sessions(c, t->id, err) != JW_OK) return err->code;
  return jw_audit(t->r, "staff.role", "user", t->id, err, "role=%s%s", t->role,
                  admin ? " password reset required" : "");
}

enum jw_code jw_staff_api_role(struct jw_req *r, struct jw_error *err) {
  struct staff_tx t = {.r = r};
  int role;
  if (staff_in_scope(r, &t.id, &role, err) != JW_OK) return err->code;
  const struct jw_field f[] = {{"role", JS_STR, JS_REQUIRED, 1, 20, &t.role, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the role as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  if (jw_role_parse(t.role) <= 0) {
    jw_field_fail(err, "role", "is not a staff role");
    return JW_E_VALIDATION;
  }
  if (t.id == r->user->id) return jw_fail(err, JW_E_FORBIDDEN, "You cannot change your own role.");
  /* Taking an administrator role away is disabling that administrator. */
  if (is_admin_role(role) && strcmp(t.role, role_name(role)) != 0)
    return jw_fail(err, JW_E_FORBIDDEN,
                   "Taking the %s role away needs a second person: the server's operator does it at the command "
                   "line.",
                   role_name(role));
  enum jw_code rc = jw_tx(r->db, staff_role_tx, &t, err);
  if (rc != JW_OK) return rc;
  return reply_staff(r, t.id, 200, err);
}

/* A direct reset, by the account's manager: never of an administrator
 * account, which the WHERE enforces even if a role was granted meanwhile.
 * The manager knows the password, so it is temporary: the session look-up
 * lets it do nothing but choose its own (auth.c). */
static const char SQL_STAFF_PW[] =
    "UPDATE users SET pw_hash = ?, failed_logins = 0, locked_until = 0, pw_must_change = 1"
    " WHERE id = ? AND role NOT IN ('sysadmin', 'secadmin', 'auditor')";

static enum jw_code staff_password_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct staff_tx *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_STAFF_PW, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, t->pw_hash);
  jw_bind_int(s, 2, t->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1)
    return jw_fail(err, JW_E_CONFLICT, "The account's role changed meanwhile; reload it and try again.");
  if (end_sessions(c, t->id, err) != JW_OK) return err->code;
  return jw_audit(t->r, "staff.password.reset", "user", t->id, err, "%s", "");
}

/* ---- two-person resets of administrator passwords ---- */

#define RESET_TTL (24 * 3600)

/* Eight characters that are easy to read out and type (no 0/O, 1/I):
 * half of a temporary password. 40 bits. Arena-owned. */
static char *half_code(struct jw_arena *a) {
  static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  static const char OUT[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const char *tok = jw_random_token(a, 6); /* 8 base64url characters, 6 bits each */
  char *code = jw_arena_alloc(a, 9);
  for (int i = 0; i < 8; i++) code[i] = OUT[(strchr(B64, tok[i]) - B64) % 32];
  code[8] = '\0';
  return code;
}

static const char SQL_RESET_GET[] =
    "SELECT id, user_id, requested_by, approved_by, status, created_at, expires_at, part_enc"
    " FROM password_resets WHERE id = ? AND user_id = ?";

static json_t *reset_json(struct jw_req *r, struct jw_stmt *s) {
  json_t *o =
      json_pack("{s:I, s:I, s:I, s:s}", "id", (json_int_t)jw_col_int(s, 0), "user_id", (json_int_t)jw_col_int(s, 1),
                "requested_by", (json_int_t)jw_col_int(s, 2), "status", jw_col_text(s, 4));
  json_object_set_new(o, "approved_by", jw_col_is_null(s, 3) ? json_null() : json_integer(jw_col_int(s, 3)));
  json_object_set_new(o, "created_at", jw_time_json(r, jw_col_int(s, 5)));
  json_object_set_new(o, "expires_at", jw_time_json(r, jw_col_int(s, 6)));
  return o;
}

/* Answers {"reset": …, half_name: half} with the request as it now stands. */
static enum jw_code reply_reset(struct jw_req *r, int status, int64_t reset_id, int64_t user_id, const char *half_name,
                                const char *half, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_RESET_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, reset_id);
  jw_bind_int(s, 2, user_id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_NOT_FOUND;
  json_t *o = json_pack("{s:o}", "reset", reset_json(r, s));
  if (half) json_object_set_new(o, half_name, json_string(half));
  jw_reply_json(r, status, o);
  return JW_OK;
}

struct reset_tx {
  struct jw_req *r;
  int64_t user_id;
  int64_t reset_id;
  const unsigned char *part_enc;
  size_t part_len;
  const char *pw_hash;
};

static const char SQL_RESET_EXPIRE[] =
    "UPDATE password_resets SET status = 'expired', pending_user = NULL, part_enc = NULL, decided_at = ?"
    " WHERE pending_user = ? AND expires_at < ?";
static const char SQL_RESET_NEW[] =
    "INSERT INTO password_resets (user_id, requested_by, status, pending_user, part_enc, created_at, expires_at)"
    " VALUES (?, ?, 'pending', ?, ?, ?, ?) RETURNING id";

static enum jw_code reset_request_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct reset_tx *t = arg;
  int64_t now = (int64_t)time(NULL);
  struct jw_stmt *s = jw_prepare(c, SQL_RESET_EXPIRE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, t->user_id);
  jw_bind_int(s, 3, now);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_RESET_NEW, err))) return err->code;
  jw_bind_int(s, 1, t->user_id);
  jw_bind_int(s, 2, t->r->user->id);
  jw_bind_int(s, 3, t->user_id);
  jw_bind_blob(s, 4, t->part_enc, t->part_len);
  jw_bind_int(s, 5, now);
  jw_bind_int(s, 6, now + RESET_TTL);
  if (jw_step(s, err) != JW_STEP_ROW) {
    if (err->code == JW_E_CONFLICT)
      return jw_fail(err, JW_E_CONFLICT, "A reset of this account's password is already waiting for approval.");
    return err->code ? err->code : JW_E_DB;
  }
  t->reset_id = jw_col_int(s, 0);
  jw_conn_release(c);
  return jw_audit(t->r, "staff.password.reset.request", "user", t->user_id, err, "reset=%lld", (long long)t->reset_id);
}

static enum jw_code reset_request(struct jw_req *r, int64_t user_id, struct jw_error *err) {
  const char *half = half_code(r->arena);
  struct reset_tx t = {.r = r, .user_id = user_id};
  t.part_enc = jw_encrypt(r->arena, half, &t.part_len);
  enum jw_code rc = jw_tx(r->db, reset_request_tx, &t, err);
  if (rc != JW_OK) return rc;
  return reply_reset(r, 202, t.reset_id, user_id, "first_half", half, err);
}

static const char SQL_RESET_APPROVE[] =
    "UPDATE password_resets SET status = 'approved', approved_by = ?, pending_user = NULL, part_enc = NULL,"
    " decided_at = ? WHERE id = ? AND user_id = ? AND status = 'pending' AND expires_at >= ? AND requested_by <> ?";
static const char SQL_RESET_SET_PW[] =
    "UPDATE users SET pw_hash = ?, pw_must_change = 1, failed_logins = 0, locked_until = 0 WHERE id = ?";

static enum jw_code reset_approve_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct reset_tx *t = arg;
  int64_t now = (int64_t)time(NULL);
  struct jw_stmt *s = jw_prepare(c, SQL_RESET_APPROVE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, t->r->user->id);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, t->reset_id);
  jw_bind_int(s, 4, t->user_id);
  jw_bind_int(s, 5, now);
  jw_bind_int(s, 6, t->r->user->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_CONFLICT, "This reset is no longer waiting for approval.");
  if (!(s = jw_prepare(c, SQL_RESET_SET_PW, err))) return err->code;
  jw_bind_text(s, 1, t->pw_hash);
  jw_bind_int(s, 2, t->user_id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (end_sessions(c, t->user_id, err) != JW_OK) return err->code;
  return jw_audit(t->r, "staff.password.reset.approve", "user", t->user_id, err, "reset=%lld", (long long)t->reset_id);
}

static enum jw_code reset_approve(struct jw_req *r, int64_t user_id, int64_t reset_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_RESET_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, reset_id);
  jw_bind_int(s, 2, user_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW)
    return jw_fail(err, JW_E_NOT_FOUND, "There is no password reset %lld of this account.", (long long)reset_id);
  int64_t requested_by = jw_col_int(s, 2);
  int pending = strcmp(jw_col_text(s, 4), "pending") == 0 && jw_col_int(s, 6) >= (int64_t)time(NULL);
  const char *first = NULL;
  if (pending && !jw_col_is_null(s, 7)) {
    size_t n;
    const void *box = jw_col_blob(s, 7, &n);
    first = jw_decrypt(r->arena, box, n);
  }
  jw_conn_release(r->db);
  if (requested_by == r->user->id)
    return jw_fail(err, JW_E_FORBIDDEN, "A second administrator must approve the reset you requested.");
  if (!pending || !first) return jw_fail(err, JW_E_CONFLICT, "This reset is no longer waiting for approval.");
  /* The temporary password is both halves; this answer shows the second
   * only, the requester was shown the first only. Hashed outside the
   * transaction. */
  const char *second = half_code(r->arena);
  char *hash = jw_arena_alloc(r->arena, JW_PWHASH_STRBYTES);
  if (jw_password_hash(jw_arena_printf(r->arena, "%s%s", first, second), hash, err) != JW_OK) return err->code;
  struct reset_tx t = {.r = r, .user_id = user_id, .reset_id = reset_id, .pw_hash = hash};
  enum jw_code rc = jw_tx(r->db, reset_approve_tx, &t, err);
  if (rc != JW_OK) return rc;
  return reply_reset(r, 200, reset_id, user_id, "second_half", second, err);
}

static const char SQL_RESET_CANCEL[] =
    "UPDATE password_resets SET status = 'cancelled', pending_user = NULL, part_enc = NULL, decided_at = ?"
    " WHERE id = ? AND user_id = ? AND status = 'pending'";

static enum jw_code reset_cancel_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct reset_tx *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_RESET_CANCEL, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, (int64_t)time(NULL));
  jw_bind_int(s, 2, t->reset_id);
  jw_bind_int(s, 3, t->user_id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_CONFLICT, "This reset is no longer waiting for approval.");
  return jw_audit(t->r, "staff.password.reset.cancel", "user", t->user_id, err, "reset=%lld", (long long)t->reset_id);
}

/*
 * POST /api/v1/staff/{id}/password. For accounts the caller manages that
 * hold no administrator role: {"password"} sets it (204). For sysadmin,
 * secadmin and auditor accounts a sysadmin or secadmin (never the holder)
 * sends {"request": true} (202, with the first half of a temporary
 * password), another one {"approve": reset id} (200, with the second half;
 * the password is set, sessions end, it must be changed at sign-in) or
 * either {"cancel": reset id}.
 */
enum jw_code jw_staff_api_password(struct jw_req *r, struct jw_error *err) {
  struct staff_tx t = {.r = r};
  int role;
  if (staff_in_scope(r, &t.id, &role, err) != JW_OK) return err->code;
  const char *password = NULL;
  int request = 0, seen[4] = {0};
  int64_t approve = 0, cancel = 0;
  const struct jw_field f[] = {
      {"password", JS_STR, 0, 1, 128, &password, NULL, &seen[0]},
      {"request", JS_BOOL, 0, 0, 0, &request, NULL, &seen[1]},
      {"approve", JS_INT, 0, 1, INT64_MAX, &approve, NULL, &seen[2]},
      {"cancel", JS_INT, 0, 1, INT64_MAX, &cancel, NULL, &seen[3]},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the new password as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  if (seen[0] + seen[1] + seen[2] + seen[3] != 1 || (seen[1] && !request)) {
    jw_field_fail(err, "password", "send exactly one of password, request, approve or cancel");
    return JW_E_VALIDATION;
  }
  if (is_admin_role(role)) {
    if (r->user->role != JW_ROLE_SYSADMIN && r->user->role != JW_ROLE_SECADMIN)
      return jw_fail(err, JW_E_FORBIDDEN, "You may not reset the password of %s accounts.", role_name(role));
    if (t.id == r->user->id)
      return jw_fail(err, JW_E_FORBIDDEN, "Change your own password under your account, with your current one.");
    if (seen[0])
      return jw_fail(err, JW_E_FORBIDDEN,
                     "The password of a %s account is reset by two people: request a reset, and another "
                     "administrator approves it.",
                     role_name(role));
    if (seen[1]) return reset_request(r, t.id, err);
    if (seen[2]) return reset_approve(r, t.id, approve, err);
    struct reset_tx c = {.r = r, .user_id = t.id, .reset_id = cancel};
    enum jw_code rc = jw_tx(r->db, reset_cancel_tx, &c, err);
    if (rc != JW_OK) return rc;
    return reply_reset(r, 200, cancel, t.id, NULL, NULL, err);
  }
  if (!may_manage(r->user, role))
    return jw_fail(err, JW_E_FORBIDDEN, "You may not reset the password of %s accounts.", role_name(role));
  if (!seen[0]) {
    jw_field_fail(err,
                  seen[1]   ? "request"
                  : seen[2] ? "approve"
                            : "cancel",
                  "is only for sysadmin, secadmin and auditor accounts; send password");
    return JW_E_VALIDATION;
  }
  const char *why = jw_password_weakness(password, NULL);
  if (why) {
    jw_field_fail(err, "password", "%s", why);
    return JW_E_VALIDATION;
  }
  char *hash = jw_arena_alloc(r->arena, JW_PWHASH_STRBYTES);
  if (jw_password_hash(password, hash, err) != JW_OK) return err->code;
  t.pw_hash = hash;
  enum jw_code rc = jw_tx(r->db, staff_password_tx, &t, err);
  if (rc != JW_OK) return rc;
  jw_reply_empty(r, 204);
  return JW_OK;
}
