/* notify.c — the inbox, its SMS outbox (the dispatcher) and the log-file SMS driver. */
#include "notify/notify.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "notify/store.h"

enum jw_code jw_notify(struct jw_conn *c, int64_t user_id, const char *kind, const char *title, const char *body,
                       const char *link, int flags, struct jw_error *err) {
  return jw_notify_store_insert(c, user_id, kind, title, body ? body : "", link ? link : "", (int64_t)time(NULL),
                                (flags & JW_NOTIFY_SMS) != 0, err);
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

#define LEASE_SECS 120 /* longer than any driver takes to send one message */

int jw_notify_dispatch(struct jw_conn *c, const struct jw_sms_driver *driver, int max, const struct jw_config *cfg) {
  struct jw_error err = {0};
  int64_t now = (int64_t)time(NULL);
  enum { BATCH = 64 };
  struct jw_notify_pending due[BATCH];
  int n = jw_notify_store_pending(c, now, max, due, BATCH, &err);
  if (n < 0) return -1;
  int sent = 0;
  for (int i = 0; i < n; i++) {
    /* Lease first: another instance may be draining the same rows. */
    int claimed = jw_notify_store_claim(c, due[i].id, due[i].attempts, now, now + LEASE_SECS, &err);
    if (claimed < 0) return -1;
    if (!claimed) continue;
    int64_t done = (int64_t)time(NULL);
    if (!due[i].phone[0]) { /* nobody to send to: given up at once */
      if (jw_notify_store_failed(c, due[i].id, 0, done, &err) != 0) return -1;
      continue;
    }
    if (driver->send(driver->state, due[i].phone, due[i].text) == 0) {
      /* Marked sent only now that the driver has taken it. */
      if (jw_notify_store_sent(c, due[i].id, done, &err) != 0) return -1;
      sent++;
      continue;
    }
    /* Failed: due again after a back-off that
     * doubles with each try, until the last try gives it up. */
    int attempt = (int)due[i].attempts + 1, shift = attempt - 1 < 16 ? attempt - 1 : 16;
    int64_t wait = (int64_t)(cfg->sms_retry_secs > 0 ? cfg->sms_retry_secs : 1) << shift;
    if (wait > 6 * 3600) wait = 6 * 3600;
    if (attempt >= cfg->sms_max_attempts)
      jw_warn("notify: the %s SMS driver failed for notification %lld %d times; given up", driver->name,
              (long long)due[i].id, attempt);
    else
      jw_warn("notify: the %s SMS driver failed for notification %lld (try %d of %d); retrying in %lld s", driver->name,
              (long long)due[i].id, attempt, cfg->sms_max_attempts, (long long)wait);
    if (jw_notify_store_failed(c, due[i].id, cfg->sms_max_attempts, done + wait, &err) != 0) return -1;
  }
  jw_conn_release(c);
  return sent;
}

enum jw_code jw_notify_inbox(struct jw_conn *c, int64_t user_id, int64_t before, int64_t max, struct jw_arena *a,
                             struct jw_notification **out, size_t *n, int64_t *unread, struct jw_error *err) {
  if (jw_notify_store_unread(c, user_id, unread, err) != JW_OK) return err->code;
  return jw_notify_store_list(c, user_id, before, max, a, out, n, err);
}

enum jw_code jw_notify_mark_read(struct jw_conn *c, int64_t user_id, int64_t id, struct jw_error *err) {
  enum jw_code rc = jw_notify_store_mark_read(c, user_id, id, (int64_t)time(NULL), err);
  if (rc == JW_E_NOT_FOUND) return jw_fail(err, JW_E_NOT_FOUND, "You have no notification %lld.", (long long)id);
  return rc;
}
