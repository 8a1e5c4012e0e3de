/* store.c — every SQL statement of the events domain. */
#include "events/store.h"

#include <stdio.h>
#include <string.h>

#include "core/mem.h"

static const char SQL_ADD[] = "INSERT INTO events (user_id, kind, data, created_at) VALUES (?, ?, ?, ?)";
/* PostgreSQL only: delivered to every listener when the transaction commits. */
static const char SQL_NOTIFY[] = "SELECT pg_notify('jw_events', ?)";
static const char SQL_AFTER[] = "SELECT id, kind, data FROM events WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?";
static const char SQL_LAST[] = "SELECT COALESCE(MAX(id), 0) FROM events WHERE user_id = ?";
/* The session still exists (sign-out deletes it) and is before its absolute
 * end; an open stream is the user looking, so it does not idle out. */
static const char SQL_SESSION[] = "SELECT 1 FROM sessions WHERE token_hash = ? AND expires_at > ?";
static const char SQL_PRUNE[] =
    "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE created_at < ? ORDER BY id LIMIT 5000)";

enum jw_code jw_events_store_add(struct jw_conn *c, int64_t user_id, const char *kind, const char *data, long long now,
                                 int notify, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_text(s, 2, kind);
  jw_bind_text(s, 3, data);
  jw_bind_int(s, 4, now);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (!notify) return JW_OK;
  char uid[24];
  snprintf(uid, sizeof uid, "%lld", (long long)user_id);
  if (!(s = jw_prepare(c, SQL_NOTIFY, err))) return err->code;
  jw_bind_text(s, 1, uid);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_events_store_after(struct jw_conn *c, int64_t user_id, int64_t after, int limit, struct jw_arena *a,
                                   struct jw_event **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_AFTER, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, after);
  jw_bind_int(s, 3, limit);
  struct jw_event *v = jw_arena_alloc(a, sizeof *v * (size_t)(limit > 0 ? limit : 1));
  size_t k = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && k < (size_t)limit) {
    v[k].id = jw_col_int(s, 0);
    v[k].kind = jw_arena_strdup(a, jw_col_text(s, 1));
    v[k].data = jw_arena_strdup(a, jw_col_text(s, 2));
    k++;
  }
  if (st == JW_STEP_ERROR) return err->code;
  *out = v;
  *n = k;
  return JW_OK;
}

enum jw_code jw_events_store_last(struct jw_conn *c, int64_t user_id, int64_t *out, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LAST, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  *out = st == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  return JW_OK;
}

int jw_events_store_session(struct jw_conn *c, const unsigned char *hash, long long now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SESSION, err);
  if (!s) return -1;
  jw_bind_blob(s, 1, hash, 32);
  jw_bind_int(s, 2, now);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  return st == JW_STEP_ROW;
}

int jw_events_store_prune(struct jw_conn *c, long long before) {
  struct jw_error err = {0};
  struct jw_stmt *s = jw_prepare(c, SQL_PRUNE, &err);
  if (!s) return -1;
  jw_bind_int(s, 1, before);
  if (jw_step(s, &err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}
