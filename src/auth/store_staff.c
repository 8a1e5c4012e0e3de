/* store_staff.c — the auth domain's SQL for staff accounts and the
 * two-person resets of administrator passwords (shares store.h). */
#include <string.h>

#include "auth/store.h"
#include "core/mem.h"

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

static const char SQL_STAFF_PAGE[] =
    "SELECT " STAFF_COLS STAFF_FROM
    " WHERE u.kind = 'staff' AND COALESCE(un.path, '/') >= ? AND COALESCE(un.path, '/') < ?"
    " AND (CAST(? AS TEXT) IS NULL OR u.role = CAST(? AS TEXT))"
    " AND (u.name || ' ' || u.login) LIKE ? ESCAPE '\\'"
    " ORDER BY u.id LIMIT ? OFFSET ?";
static const char SQL_STAFF_GET[] = "SELECT " STAFF_COLS STAFF_FROM " WHERE u.id = ? AND u.kind = 'staff'";
/* An administrator account keeps its unit and disabled flag whatever
 * happened since the check (a role granted meanwhile): the WHERE says so. */
static const char SQL_STAFF_UPDATE[] =
    "UPDATE users SET name = ?, unit_id = ?, disabled = ? WHERE id = ?"
    " AND (role NOT IN ('sysadmin', 'secadmin', 'auditor') OR (disabled = ? AND COALESCE(unit_id, 0) = ?))";
static const char SQL_STAFF_ROLE[] = "UPDATE users SET role = ? WHERE id = ? AND kind = 'staff'";
/* Given an administrator role, the account's password stops working: only a
 * two-person reset lets it sign in again, so the security administrator who
 * granted the role (or whoever knew the old password) cannot use it. */
static const char SQL_STAFF_ROLE_ADMIN[] = "UPDATE users SET role = ?, pw_hash = '" JW_PW_RESET_REQUIRED
                                           "', pw_must_change = 0"
                                           " WHERE id = ? AND kind = 'staff'";
/* A direct reset, by the account's manager: never of an administrator
 * account, which the WHERE enforces even if a role was granted meanwhile.
 * The manager knows the password, so it is temporary: the session look-up
 * lets it do nothing but choose its own (auth.c). */
static const char SQL_STAFF_PW[] =
    "UPDATE users SET pw_hash = ?, failed_logins = 0, locked_until = 0, pw_must_change = 1"
    " WHERE id = ? AND role NOT IN ('sysadmin', 'secadmin', 'auditor')";

static const char SQL_RESET_GET[] =
    "SELECT id, user_id, requested_by, approved_by, status, created_at, expires_at, part_enc"
    " FROM password_resets WHERE id = ? AND user_id = ?";
static const char SQL_RESET_EXPIRE[] =
    "UPDATE password_resets SET status = 'expired', pending_user = NULL, part_enc = NULL, decided_at = ?"
    " WHERE pending_user = ? AND expires_at < ?";
static const char SQL_RESET_NEW[] =
    "INSERT INTO password_resets (user_id, requested_by, status, pending_user, part_enc, created_at, expires_at)"
    " VALUES (?, ?, 'pending', ?, ?, ?, ?) RETURNING id";
static const char SQL_RESET_APPROVE[] =
    "UPDATE password_resets SET status = 'approved', approved_by = ?, pending_user = NULL, part_enc = NULL,"
    " decided_at = ? WHERE id = ? AND user_id = ? AND status = 'pending' AND expires_at >= ? AND requested_by <> ?";
static const char SQL_RESET_SET_PW[] =
    "UPDATE users SET pw_hash = ?, pw_must_change = 1, failed_logins = 0, locked_until = 0 WHERE id = ?";
static const char SQL_RESET_CANCEL[] =
    "UPDATE password_resets SET status = 'cancelled', pending_user = NULL, part_enc = NULL, decided_at = ?"
    " WHERE id = ? AND user_id = ? AND status = 'pending'";

/* The column's text copied into a, or NULL when the column is NULL. */
static const char *text_or_null(struct jw_stmt *s, int col, struct jw_arena *a) {
  return jw_col_is_null(s, col) ? NULL : jw_arena_strdup(a, jw_col_text(s, col));
}

/* The current row of a STAFF_COLS statement into *o (strings into a). */
static void staff_row(struct jw_stmt *s, struct jw_arena *a, struct jw_staff *o) {
  o->id = jw_col_int(s, 0);
  o->login = jw_arena_strdup(a, jw_col_text(s, 1));
  o->name = jw_arena_strdup(a, jw_col_text(s, 2));
  o->role = jw_arena_strdup(a, jw_col_text(s, 3));
  o->unit_id = jw_col_is_null(s, 4) ? 0 : jw_col_int(s, 4);
  o->unit_name = text_or_null(s, 5, a);
  o->disabled = (int)jw_col_int(s, 6);
  o->created_at = jw_col_int(s, 7);
  o->last_login_at = jw_col_is_null(s, 8) ? 0 : jw_col_int(s, 8);
  o->unit_path = text_or_null(s, 9, a);
  o->reset_required = jw_col_int(s, 10) != 0;
  o->pending_id = jw_col_is_null(s, 11) ? 0 : jw_col_int(s, 11);
  o->pending_requested_by = o->pending_id ? jw_col_int(s, 12) : 0;
  o->pending_requested_by_login = o->pending_id ? text_or_null(s, 13, a) : NULL;
  o->pending_created_at = o->pending_id ? jw_col_int(s, 14) : 0;
  o->pending_expires_at = o->pending_id ? jw_col_int(s, 15) : 0;
}

enum jw_code jw_auth_store_staff_page(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi,
                                      const char *role, const char *like, int64_t limit, int64_t offset,
                                      struct jw_staff **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_STAFF_PAGE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, lo);
  jw_bind_text(s, 2, hi);
  jw_bind_text(s, 3, role);
  jw_bind_text(s, 4, role);
  jw_bind_text(s, 5, like);
  jw_bind_int(s, 6, limit);
  jw_bind_int(s, 7, offset);
  size_t cap = 0, len = 0;
  struct jw_staff *rows = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (len == cap) {
      size_t ncap = cap ? 2 * cap : 16;
      struct jw_staff *nr = jw_arena_alloc(a, ncap * sizeof *nr);
      if (len) memcpy(nr, rows, len * sizeof *nr);
      rows = nr;
      cap = ncap;
    }
    staff_row(s, a, &rows[len++]);
  }
  if (st == JW_STEP_ERROR) return err->code;
  *out = rows;
  *n = len;
  return JW_OK;
}

int jw_auth_store_staff_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_staff *out,
                            struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_STAFF_GET, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st != JW_STEP_ROW) return 0;
  staff_row(s, a, out);
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_auth_store_staff_update(struct jw_conn *c, int64_t id, const char *name, int64_t unit_id, int disabled,
                                        int64_t *changed, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_STAFF_UPDATE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, name);
  jw_bind_int(s, 2, unit_id);
  jw_bind_int(s, 3, disabled);
  jw_bind_int(s, 4, id);
  jw_bind_int(s, 5, disabled);
  jw_bind_int(s, 6, unit_id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *changed = jw_changes(s);
  return JW_OK;
}

enum jw_code jw_auth_store_staff_role(struct jw_conn *c, int64_t id, const char *role, int admin,
                                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, admin ? SQL_STAFF_ROLE_ADMIN : SQL_STAFF_ROLE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, role);
  jw_bind_int(s, 2, id);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_auth_store_staff_password(struct jw_conn *c, int64_t id, const char *hash, int64_t *changed,
                                          struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_STAFF_PW, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, hash);
  jw_bind_int(s, 2, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *changed = jw_changes(s);
  return JW_OK;
}

int jw_auth_store_reset_get(struct jw_conn *c, struct jw_arena *a, int64_t reset_id, int64_t user_id,
                            struct jw_staff_reset *out, const void **part_enc, size_t *part_len, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RESET_GET, err);
  if (!s) return -1;
  jw_bind_int(s, 1, reset_id);
  jw_bind_int(s, 2, user_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st != JW_STEP_ROW) return 0;
  out->id = jw_col_int(s, 0);
  out->user_id = jw_col_int(s, 1);
  out->requested_by = jw_col_int(s, 2);
  out->approved_by = jw_col_is_null(s, 3) ? 0 : jw_col_int(s, 3);
  out->status = jw_arena_strdup(a, jw_col_text(s, 4));
  out->created_at = jw_col_int(s, 5);
  out->expires_at = jw_col_int(s, 6);
  if (part_enc) {
    *part_enc = NULL;
    *part_len = 0;
    if (!jw_col_is_null(s, 7)) {
      size_t n;
      const void *box = jw_col_blob(s, 7, &n);
      void *copy = jw_arena_alloc(a, n ? n : 1);
      if (n) memcpy(copy, box, n);
      *part_enc = copy;
      *part_len = n;
    }
  }
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_auth_store_reset_expire(struct jw_conn *c, int64_t user_id, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RESET_EXPIRE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, user_id);
  jw_bind_int(s, 3, now);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_auth_store_reset_new(struct jw_conn *c, int64_t user_id, int64_t requested_by,
                                     const unsigned char *part_enc, size_t part_len, int64_t now, int64_t expires_at,
                                     int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RESET_NEW, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, requested_by);
  jw_bind_int(s, 3, user_id);
  jw_bind_blob(s, 4, part_enc, part_len);
  jw_bind_int(s, 5, now);
  jw_bind_int(s, 6, expires_at);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_auth_store_reset_approve(struct jw_conn *c, int64_t reset_id, int64_t user_id, int64_t approver,
                                         int64_t now, int64_t *changed, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RESET_APPROVE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, approver);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, reset_id);
  jw_bind_int(s, 4, user_id);
  jw_bind_int(s, 5, now);
  jw_bind_int(s, 6, approver);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *changed = jw_changes(s);
  return JW_OK;
}

enum jw_code jw_auth_store_reset_password(struct jw_conn *c, int64_t user_id, const char *hash, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RESET_SET_PW, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, hash);
  jw_bind_int(s, 2, user_id);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_auth_store_reset_cancel(struct jw_conn *c, int64_t reset_id, int64_t user_id, int64_t now,
                                        int64_t *changed, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RESET_CANCEL, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, reset_id);
  jw_bind_int(s, 3, user_id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *changed = jw_changes(s);
  return JW_OK;
}
