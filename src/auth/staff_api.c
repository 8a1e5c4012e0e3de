/* staff_api.c — staff accounts: listing within scope, creation, changes,
 * role changes (the security administrator's alone), password resets. */
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/crypto.h"
#include "core/jspec.h"
#include "directory/directory.h"

#define STAFF_COLS \
  "u.id, u.login, u.name, u.role, u.unit_id, un.name, u.disabled, u.created_at, u.last_login_at, un.path"

static json_t *staff_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  (void)ctx;
  json_t *o =
      json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:b}", "id", (json_int_t)jw_col_int(s, 0), "login", jw_col_text(s, 1),
                "name", jw_col_text(s, 2), "role", jw_col_text(s, 3), "unit_id",
                jw_col_is_null(s, 4) ? json_null() : json_integer(jw_col_int(s, 4)), "unit_name",
                jw_col_is_null(s, 5) ? json_null() : json_string(jw_col_text(s, 5)), "disabled", (int)jw_col_int(s, 6));
  json_object_set_new(o, "created_at", jw_time_json(r, jw_col_int(s, 7)));
  json_object_set_new(o, "last_login_at", jw_col_is_null(s, 8) ? json_null() : jw_time_json(r, jw_col_int(s, 8)));
  return o;
}

static const char SQL_STAFF_PAGE[] =
    "SELECT " STAFF_COLS
    " FROM users u LEFT JOIN units un ON un.id = u.unit_id"
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

static const char SQL_STAFF_GET[] =
    "SELECT " STAFF_COLS " FROM users u LEFT JOIN units un ON un.id = u.unit_id WHERE u.id = ? AND u.kind = 'staff'";

static enum jw_code reply_staff(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_STAFF_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_NOT_FOUND;
  jw_reply_json(r, status, staff_json(r, s, NULL));
  return JW_OK;
}

/* The account named in the URL if the caller's scope covers it; 404 otherwise.
 * *role receives its role. */
static enum jw_code staff_in_scope(struct jw_req *r, int64_t *id, int *role, struct jw_error *err) {
  *id = jw_param_id(r, 0);
  struct jw_stmt *s = jw_prepare(r->db, SQL_STAFF_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, *id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  int ok = st == JW_STEP_ROW &&
           (r->user->whole_bureau || (!jw_col_is_null(s, 9) && jw_scope_contains(r->user, jw_col_text(s, 9))));
  if (ok) *role = jw_role_parse(jw_col_text(s, 3));
  jw_conn_release(r->db);
  if (!ok) return jw_fail(err, JW_E_NOT_FOUND, "There is no staff account %s among those you manage.", r->params[0]);
  return JW_OK;
}

/* Roles a sysadmin or unit admin may hand out; the rest are the security admin's. */
static int grantable(const struct jw_user *u, int role) {
  switch (role) {
  case JW_ROLE_AUXILIARY:
  case JW_ROLE_OFFICER:
  case JW_ROLE_STATION_CHIEF:
    return 1;
  case JW_ROLE_UNIT_ADMIN:
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

static const char SQL_STAFF_UPDATE[] = "UPDATE users SET name = ?, unit_id = ?, disabled = ? WHERE id = ?";
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
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (t->disabled && end_sessions(c, t->id, err) != JW_OK) return err->code;
  return jw_audit(t->r, "staff.update", "user", t->id, err, "unit=%lld disabled=%d", (long long)t->unit_id,
                  t->disabled);
}

enum jw_code jw_staff_api_update(struct jw_req *r, struct jw_error *err) {
  struct staff_tx t = {.r = r};
  int role;
  if (staff_in_scope(r, &t.id, &role, err) != JW_OK) return err->code;
  const struct jw_field f[] = {
      {"name", JS_STR, JS_REQUIRED, 2, 30, &t.name, NULL, NULL},
      {"unit_id", JS_INT, JS_REQUIRED, 1, INT64_MAX, &t.unit_id, NULL, NULL},
      {"disabled", JS_BOOL, JS_REQUIRED, 0, 0, &t.disabled, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send name, unit_id and disabled as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  if (t.id == r->user->id && t.disabled) return jw_fail(err, JW_E_FORBIDDEN, "You cannot disable your own account.");
  if (!may_manage(r->user, role))
    return jw_fail(err, JW_E_FORBIDDEN, "You may not change %s accounts.", jw_role_names[role]);
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

static const char SQL_STAFF_ROLE[] = "UPDATE users SET role = ? WHERE id = ?";

static enum jw_code staff_role_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct staff_tx *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_STAFF_ROLE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, t->role);
  jw_bind_int(s, 2, t->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  /* New rights take effect at the next sign-in. */
  if (end_sessions(c, t->id, err) != JW_OK) return err->code;
  return jw_audit(t->r, "staff.role", "user", t->id, err, "role=%s", t->role);
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
  enum jw_code rc = jw_tx(r->db, staff_role_tx, &t, err);
  if (rc != JW_OK) return rc;
  return reply_staff(r, t.id, 200, err);
}

static const char SQL_STAFF_PW[] = "UPDATE users SET pw_hash = ?, failed_logins = 0, locked_until = 0 WHERE id = ?";

static enum jw_code staff_password_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct staff_tx *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_STAFF_PW, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, t->pw_hash);
  jw_bind_int(s, 2, t->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (end_sessions(c, t->id, err) != JW_OK) return err->code;
  return jw_audit(t->r, "staff.password.reset", "user", t->id, err, "%s", "");
}

enum jw_code jw_staff_api_password(struct jw_req *r, struct jw_error *err) {
  struct staff_tx t = {.r = r};
  int role;
  if (staff_in_scope(r, &t.id, &role, err) != JW_OK) return err->code;
  const char *password = NULL;
  const struct jw_field f[] = {{"password", JS_STR, JS_REQUIRED, 1, 128, &password, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the new password as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  const char *why = jw_password_weakness(password, NULL);
  if (why) {
    jw_field_fail(err, "password", "%s", why);
    return JW_E_VALIDATION;
  }
  if (!may_manage(r->user, role))
    return jw_fail(err, JW_E_FORBIDDEN, "You may not reset the password of %s accounts.", jw_role_names[role]);
  char *hash = jw_arena_alloc(r->arena, JW_PWHASH_STRBYTES);
  if (jw_password_hash(password, hash, err) != JW_OK) return err->code;
  t.pw_hash = hash;
  enum jw_code rc = jw_tx(r->db, staff_password_tx, &t, err);
  if (rc != JW_OK) return rc;
  jw_reply_empty(r, 204);
  return JW_OK;
}
