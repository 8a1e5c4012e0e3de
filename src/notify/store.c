/* store.c — every SQL statement of the notify domain (table notifications). */
#include "notify/store.h"

#include <stdio.h>
#include <string.h>

#include "core/mem.h"

static const char SQL_INSERT[] =
    "INSERT INTO notifications (user_id, kind, title, body, link, created_at, sms_state)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_PENDING[] =
    "SELECT n.id, u.phone, n.title, n.body, n.sms_attempts FROM notifications n JOIN users u ON u.id = n.user_id"
    " WHERE n.sms_state = 1 AND n.sms_next_at <= ? ORDER BY n.id LIMIT ?";
/* A lease: the message is due again only after the lease, so that another
 * instance does not send it meanwhile and a crash mid-send retries it. */
static const char SQL_CLAIM[] =
    "UPDATE notifications SET sms_next_at = ?, sms_attempts = sms_attempts + 1"
    " WHERE id = ? AND sms_state = 1 AND sms_next_at <= ? AND sms_attempts = ?";
static const char SQL_SENT[] =
    "UPDATE notifications SET sms_state = 2, sms_sent_at = ?, sms_next_at = ? WHERE id = ? AND sms_state = 1";
static const char SQL_FAILED[] =
    "UPDATE notifications SET sms_state = CASE WHEN sms_attempts >= ? THEN 3 ELSE 1 END, sms_next_at = ?"
    " WHERE id = ? AND sms_state = 1";
static const char SQL_LIST[] =
    "SELECT id, kind, title, body, link, created_at, read_at FROM notifications"
    " WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?";
static const char SQL_UNREAD[] = "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL";
static const char SQL_READ[] = "UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?";

enum jw_code jw_notify_store_insert(struct jw_conn *c, int64_t user_id, const char *kind, const char *title,
                                    const char *body, const char *link, int64_t now, int sms, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_text(s, 2, kind);
  jw_bind_text(s, 3, title);
  jw_bind_text(s, 4, body);
  jw_bind_text(s, 5, link);
  jw_bind_int(s, 6, now);
  jw_bind_int(s, 7, sms ? 1 : 0);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

int jw_notify_store_pending(struct jw_conn *c, int64_t now, int max, struct jw_notify_pending *out, int out_max,
                            struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PENDING, err);
  if (!s) return -1;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, max);
  int n = 0;
  enum jw_step st = JW_STEP_DONE;
  while (n < out_max && (st = jw_step(s, err)) == JW_STEP_ROW) {
    struct jw_notify_pending *p = &out[n++];
    p->id = jw_col_int(s, 0);
    snprintf(p->phone, sizeof p->phone, "%s", jw_col_text(s, 1));
    snprintf(p->text, sizeof p->text, "【台州公安】%s %s", jw_col_text(s, 2), jw_col_text(s, 3));
    p->attempts = jw_col_int(s, 4);
  }
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? -1 : n;
}

int jw_notify_store_claim(struct jw_conn *c, int64_t id, int64_t attempts, int64_t now, int64_t lease_until,
                          struct jw_error *err) {
  struct jw_stmt *u = jw_prepare(c, SQL_CLAIM, err);
  if (!u) return -1;
  jw_bind_int(u, 1, lease_until);
  jw_bind_int(u, 2, id);
  jw_bind_int(u, 3, now);
  jw_bind_int(u, 4, attempts);
  if (jw_step(u, err) == JW_STEP_ERROR) return -1;
  return jw_changes(u) == 1;
}

/* Runs sql (two values, then the id) on notification id; 0 or -1. */
static int mark(struct jw_conn *c, const char *sql, int64_t a, int64_t b, int64_t id, struct jw_error *err) {
  struct jw_stmt *u = jw_prepare(c, sql, err);
  if (!u) return -1;
  jw_bind_int(u, 1, a);
  jw_bind_int(u, 2, b);
  jw_bind_int(u, 3, id);
  return jw_step(u, err) == JW_STEP_ERROR ? -1 : 0;
}

int jw_notify_store_sent(struct jw_conn *c, int64_t id, int64_t when, struct jw_error *err) {
  return mark(c, SQL_SENT, when, when, id, err);
}

int jw_notify_store_failed(struct jw_conn *c, int64_t id, int64_t max_attempts, int64_t next_at, struct jw_error *err) {
  return mark(c, SQL_FAILED, max_attempts, next_at, id, err);
}

enum jw_code jw_notify_store_unread(struct jw_conn *c, int64_t user_id, int64_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNREAD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *n = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_notify_store_list(struct jw_conn *c, int64_t user_id, int64_t before, int64_t max, struct jw_arena *a,
                                  struct jw_notification **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LIST, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, before);
  jw_bind_int(s, 3, max);
  size_t cap = 0, len = 0;
  struct jw_notification *rows = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    struct jw_notification *x = &rows[len++];
    x->id = jw_col_int(s, 0);
    x->kind = jw_arena_strdup(a, jw_col_text(s, 1));
    x->title = jw_arena_strdup(a, jw_col_text(s, 2));
    x->body = jw_arena_strdup(a, jw_col_text(s, 3));
    x->link = jw_arena_strdup(a, jw_col_text(s, 4));
    x->created_at = jw_col_int(s, 5);
    x->read_at = jw_col_is_null(s, 6) ? 0 : jw_col_int(s, 6);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

enum jw_code jw_notify_store_mark_read(struct jw_conn *c, int64_t user_id, int64_t id, int64_t now,
                                       struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_READ, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, id);
  jw_bind_int(s, 3, user_id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return jw_changes(s) == 1 ? JW_OK : JW_E_NOT_FOUND;
}
