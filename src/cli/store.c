/* store.c — the command line's own SQL (see store.h for who owns it later). */
#include "cli/store.h"

static const char SQL_ROOT[] = "SELECT id FROM units WHERE parent_id IS NULL AND name = ?";
static const char SQL_UNIT_BY_NAME[] = "SELECT id FROM units WHERE name = ? AND kind = ? ORDER BY id LIMIT 1";
static const char SQL_FIRST_CHILD[] = "SELECT id FROM units WHERE parent_id = ? AND kind = ? ORDER BY id LIMIT 1";
static const char SQL_USER_ID[] = "SELECT id FROM users WHERE login = ?";
static const char SQL_DEMO_USERS[] = "SELECT COUNT(*) FROM users WHERE is_demo = 1";

/* Column 0 of the first row of s (prepared and bound), or 0. */
static int64_t first_int(struct jw_conn *c, struct jw_stmt *s, struct jw_error *err) {
  int64_t v = jw_step(s, err) == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  jw_conn_release(c);
  return v;
}

int64_t jw_cli_store_root_unit(struct jw_conn *c, const char *name, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ROOT, err);
  if (!s) return 0;
  jw_bind_text(s, 1, name);
  return first_int(c, s, err);
}

int64_t jw_cli_store_unit_by_name(struct jw_conn *c, const char *name, const char *kind, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_BY_NAME, err);
  if (!s) return 0;
  jw_bind_text(s, 1, name);
  jw_bind_text(s, 2, kind);
  return first_int(c, s, err);
}

int64_t jw_cli_store_first_child(struct jw_conn *c, int64_t parent, const char *kind, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FIRST_CHILD, err);
  if (!s) return 0;
  jw_bind_int(s, 1, parent);
  jw_bind_text(s, 2, kind);
  return first_int(c, s, err);
}

int64_t jw_cli_store_user_id(struct jw_conn *c, const char *login, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_USER_ID, err);
  if (!s) return 0;
  jw_bind_text(s, 1, login);
  return first_int(c, s, err);
}

int64_t jw_cli_store_demo_users(struct jw_conn *c, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DEMO_USERS, err);
  if (!s) return 0;
  return first_int(c, s, err);
}
