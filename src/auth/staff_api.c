/* staff_api.c — staff accounts: listing within scope, creation, changes,
 * role changes (the security administrator's alone), password resets. */
#include <assert.h>
#include <string.h>

#include "auth/api.h"
#include "core/crypto.h"
#include "core/jspec.h"
#include "directory/directory.h"

/* The name of a role for a message; role comes from the users table's CHECK. */
static const char *role_name(int role) {
  assert(role >= 0 && role < JW_ROLE__MAX);
  return jw_role_names[role];
}

static json_t *staff_json(struct jw_req *r, const struct jw_staff *u) {
  json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:b}", "id", (json_int_t)u->id, "login", u->login, "name",
                        u->name, "role", u->role, "unit_id", u->unit_id ? json_integer(u->unit_id) : json_null(),
                        "unit_name", u->unit_name ? json_string(u->unit_name) : json_null(), "disabled", u->disabled);
  json_object_set_new(o, "created_at", jw_time_json(r, u->created_at));
  json_object_set_new(o, "last_login_at", u->last_login_at ? jw_time_json(r, u->last_login_at) : json_null());
  json_object_set_new(o, "password_reset_required", json_boolean(u->reset_required));
  json_t *pending = json_null();
  if (u->pending_id) {
    pending = json_pack("{s:I, s:I, s:s}", "id", (json_int_t)u->pending_id, "requested_by",
                        (json_int_t)u->pending_requested_by, "requested_by_login", u->pending_requested_by_login);
    json_object_set_new(pending, "created_at", jw_time_json(r, u->pending_created_at));
    json_object_set_new(pending, "expires_at", jw_time_json(r, u->pending_expires_at));
  }
  json_object_set_new(o, "pending_reset", pending ? pending : json_null());
  return o;
}

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
  struct jw_staff *rows = NULL;
  size_t n = 0;
  if (jw_staff_list(r->db, r->arena, scope, role, q, limit + 1, offset, &rows, &n, err) != JW_OK) return err->code;
  /* Offset paging: one row more than shown says there is a next page. */
  json_t *items = json_array();
  int64_t next = 0;
  for (size_t i = 0; i < n; i++) {
    if ((int64_t)i >= limit) {
      next = offset + limit;
      break;
    }
    json_array_append_new(items, staff_json(r, &rows[i]));
  }
  jw_reply_json(r, 200, jw_page_json(items, next));
  return JW_OK;
}

static enum jw_code reply_staff(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_staff u;
  int found = jw_staff_get(r->db, r->arena, id, &u, err);
  if (found <= 0) return err->code ? err->code : JW_E_NOT_FOUND;
  jw_reply_json(r, status, staff_json(r, &u));
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
  struct jw_staff u;
  int found = jw_staff_get(r->db, r->arena, *id, &u, err);
  if (found < 0) return err->code;
  int ok = found && (r->user->whole_bureau || (u.unit_path && jw_scope_contains(r->user, u.unit_path)));
  if (ok) *role = jw_role_parse(u.role);
  if (ok && now) {
    now->unit_id = u.unit_id;
    now->disabled = u.disabled;
  }
  if (!ok) return jw_fail(err, JW_E_NOT_FOUND, "There is no staff account %s among those you manage.", r->params[0]);
  return JW_OK;
}

static enum jw_code staff_in_scope(struct jw_req *r, int64_t *id, int *role, struct jw_error *err) {
  return staff_in_scope_now(r, id, role, NULL, err);
}

/* The three administrator roles of 三员分立 (jw_staff_admin_role in auth.h). */
static int is_admin_role(int role) { return jw_staff_admin_role(role); }

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

enum jw_code jw_staff_api_update(struct jw_req *r, struct jw_error *err) {
  struct jw_staff_change t = {0};
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
  enum jw_code rc = jw_staff_update(r->db, r->user, r->ip, &t, err);
  if (rc != JW_OK) return rc;
  return reply_staff(r, t.id, 200, err);
}

enum jw_code jw_staff_api_role(struct jw_req *r, struct jw_error *err) {
  struct jw_staff_change t = {0};
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
  enum jw_code rc = jw_staff_set_role(r->db, r->user, r->ip, &t, err);
  if (rc != JW_OK) return rc;
  return reply_staff(r, t.id, 200, err);
}

static json_t *reset_json(struct jw_req *r, const struct jw_staff_reset *rs) {
  json_t *o = json_pack("{s:I, s:I, s:I, s:s}", "id", (json_int_t)rs->id, "user_id", (json_int_t)rs->user_id,
                        "requested_by", (json_int_t)rs->requested_by, "status", rs->status);
  json_object_set_new(o, "approved_by", rs->approved_by ? json_integer(rs->approved_by) : json_null());
  json_object_set_new(o, "created_at", jw_time_json(r, rs->created_at));
  json_object_set_new(o, "expires_at", jw_time_json(r, rs->expires_at));
  return o;
}

/* Answers {"reset": …, half_name: half} with the request as it now stands. */
static enum jw_code reply_reset(struct jw_req *r, int status, int64_t reset_id, int64_t user_id, const char *half_name,
                                const char *half, struct jw_error *err) {
  struct jw_staff_reset rs;
  int found = jw_staff_reset_get(r->db, r->arena, reset_id, user_id, &rs, err);
  if (found <= 0) return err->code ? err->code : JW_E_NOT_FOUND;
  json_t *o = json_pack("{s:o}", "reset", reset_json(r, &rs));
  if (half) json_object_set_new(o, half_name, json_string(half));
  jw_reply_json(r, status, o);
  return JW_OK;
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
  struct jw_staff_change t = {0};
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
    const char *half = NULL;
    int64_t reset_id = 0;
    if (seen[1]) {
      if (jw_staff_reset_request(r->db, r->arena, r->user, r->ip, t.id, &reset_id, &half, err) != JW_OK)
        return err->code;
      return reply_reset(r, 202, reset_id, t.id, "first_half", half, err);
    }
    if (seen[2]) {
      if (jw_staff_reset_approve(r->db, r->arena, r->user, r->ip, t.id, approve, &half, err) != JW_OK) return err->code;
      return reply_reset(r, 200, approve, t.id, "second_half", half, err);
    }
    if (jw_staff_reset_cancel(r->db, r->user, r->ip, t.id, cancel, err) != JW_OK) return err->code;
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
  enum jw_code rc = jw_staff_set_password(r->db, r->user, r->ip, &t, err);
  if (rc != JW_OK) return rc;
  jw_reply_empty(r, 204);
  return JW_OK;
}
