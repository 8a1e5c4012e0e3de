/* notify.c — the inbox, its SMS outbox and the log-file SMS driver. */
#include "notify/notify.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

static const char SQL_INSERT[] =
    "INSERT INTO notifications (user_id, kind, title, body, link, created_at, sms_state)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";

enum jw_code jw_notify(struct jw_conn *c, int64_t user_id, const char *kind, const char *title, const char *body,
                       const char *link, int flags, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_text(s, 2, kind);
  jw_bind_text(s, 3, title);
  jw_bind_text(s, 4, body ? body : "");
  jw_bind_text(s, 5, link ? link : "");
  jw_bind_int(s, 6, (int64_t)time(NULL));
  jw_bind_int(s, 7, (flags & JW_NOTIFY_SMS) ? 1 : 0);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

static int log_send(void *state, const char *phone, const char *text) {
  const char *path = state;
  FILE *f = fopen(path, "a");
  if (!f) return -1;
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  char stamp[32];
  strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  int ok = fprintf(f, "%s %s %s\n", stamp, phone, text) > 0;
  return (fclose(f) == 0 && ok) ? 0 : -1;
}

struct jw_sms_driver jw_sms_log_driver(const char *path) {
  return (struct jw_sms_driver){"log", log_send, (void *)path};
}

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

#define LEASE_SECS 120 /* longer than any driver takes to send one message */

/* Runs sql (two values, then the id) on notification id; 0 or -1. */
static int mark(struct jw_conn *c, const char *sql, int64_t a, int64_t b, int64_t id, struct jw_error *err) {
  struct jw_stmt *u = jw_prepare(c, sql, err);
  if (!u) return -1;
  jw_bind_int(u, 1, a);
  jw_bind_int(u, 2, b);
  jw_bind_int(u, 3, id);
  return jw_step(u, err) == JW_STEP_ERROR ? -1 : 0;
}

int jw_notify_dispatch(struct jw_conn *c, const struct jw_sms_driver *driver, int max, const struct jw_config *cfg) {
  struct jw_error err = {0};
  int64_t now = (int64_t)time(NULL);
  struct jw_stmt *s = jw_prepare(c, SQL_PENDING, &err);
  if (!s) return -1;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, max);
  enum { BATCH = 64 };
  int64_t ids[BATCH], tries[BATCH];
  char phones[BATCH][24];
  char texts[BATCH][300];
  int n = 0;
  enum jw_step st;
  while (n < BATCH && (st = jw_step(s, &err)) == JW_STEP_ROW) {
    ids[n] = jw_col_int(s, 0);
    snprintf(phones[n], sizeof phones[n], "%s", jw_col_text(s, 1));
    snprintf(texts[n], sizeof texts[n], "【台州公安】%s %s", jw_col_text(s, 2), jw_col_text(s, 3));
    tries[n] = jw_col_int(s, 4);
    n++;
  }
  jw_conn_release(c);
  int sent = 0;
  for (int i = 0; i < n; i++) {
    /* Lease first: another instance may be draining the same rows. */
    struct jw_stmt *u = jw_prepare(c, SQL_CLAIM, &err);
    if (!u) return -1;
    jw_bind_int(u, 1, now + LEASE_SECS);
    jw_bind_int(u, 2, ids[i]);
    jw_bind_int(u, 3, now);
    jw_bind_int(u, 4, tries[i]);
    if (jw_step(u, &err) == JW_STEP_ERROR) return -1;
    if (jw_changes(u) != 1) continue;
    int64_t done = (int64_t)time(NULL);
    if (!phones[i][0]) { /* nobody to send to: given up at once */
      if (mark(c, SQL_FAILED, 0, done, ids[i], &err) != 0) return -1;
      continue;
    }
    if (driver->send(driver->state, phones[i], texts[i]) == 0) {
      /* Marked sent only now that the driver has taken it. */
      if (mark(c, SQL_SENT, done, done, ids[i], &err) != 0) return -1;
      sent++;
      continue;
    }
    /* Failed: due again after a back-off that
     * doubles with each try, until the last try gives it up. */
    int attempt = (int)tries[i] + 1, shift = attempt - 1 < 16 ? attempt - 1 : 16;
    int64_t wait = (int64_t)(cfg->sms_retry_secs > 0 ? cfg->sms_retry_secs : 1) << shift;
    if (wait > 6 * 3600) wait = 6 * 3600;
    if (attempt >= cfg->sms_max_attempts)
      jw_warn("notify: the %s SMS driver failed for notification %lld %d times; given up", driver->name,
              (long long)ids[i], attempt);
    else
      jw_warn("notify: the %s SMS driver failed for notification %lld (try %d of %d); retrying in %lld s", driver->name,
              (long long)ids[i], attempt, cfg->sms_max_attempts, (long long)wait);
    if (mark(c, SQL_FAILED, cfg->sms_max_attempts, done + wait, ids[i], &err) != 0) return -1;
  }
  jw_conn_release(c);
  return sent;
}

static const char SQL_LIST[] =
    "SELECT id, kind, title, body, link, created_at, read_at FROM notifications"
    " WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?";
static const char SQL_UNREAD[] = "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL";

static json_t *notification_row(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  (void)ctx;
  json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)jw_col_int(s, 0), "kind", jw_col_text(s, 1),
                        "title", jw_col_text(s, 2), "body", jw_col_text(s, 3), "link", jw_col_text(s, 4));
  json_object_set_new(o, "created_at", jw_time_json(r, jw_col_int(s, 5)));
  json_object_set_new(o, "read_at", jw_col_is_null(s, 6) ? json_null() : jw_time_json(r, jw_col_int(s, 6)));
  return o;
}

enum jw_code jw_notify_api_list(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  struct jw_stmt *s = jw_prepare(r->db, SQL_UNREAD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  int64_t unread = jw_col_int(s, 0);
  jw_conn_release(r->db);
  if (!(s = jw_prepare(r->db, SQL_LIST, err))) return err->code;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_int(s, 2, cursor ? cursor : INT64_MAX);
  jw_bind_int(s, 3, limit + 1);
  json_t *page = jw_page_rows(r, s, limit, -1, notification_row, NULL, err);
  if (!page) return err->code;
  json_object_set_new(page, "unread", json_integer(unread));
  jw_reply_json(r, 200, page);
  return JW_OK;
}

static const char SQL_READ[] = "UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?";

enum jw_code jw_notify_api_read(struct jw_req *r, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_READ, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, (int64_t)time(NULL));
  jw_bind_int(s, 2, jw_param_id(r, 0));
  jw_bind_int(s, 3, r->user->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_NOT_FOUND, "You have no notification %s.", r->params[0]);
  jw_reply_empty(r, 204);
  return JW_OK;
}
