/* events.c — event rows, the in-process bus and the PostgreSQL listener. */
#include "events/events.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "events/store.h"

#define MAX_PENDING 16

static void (*waker)(int64_t user_id);
static atomic_int notify_others; /* PostgreSQL: pg_notify in the writing transaction */
static struct jw_db_listener *listener;
/* Users given events by this thread since its last flush. */
static _Thread_local int64_t pending[MAX_PENDING];
static _Thread_local int npending;
static _Thread_local int overflow;

void jw_events_set_waker(void (*wake)(int64_t user_id)) { waker = wake; }

enum jw_code jw_events_add(struct jw_conn *c, int64_t user_id, const char *kind, const char *data,
                           struct jw_error *err) {
  if (strlen(data) > 4096) return jw_fail(err, JW_E_INTERNAL, "event data too long");
  enum jw_code rc =
      jw_events_store_add(c, user_id, kind, data, (long long)time(NULL), atomic_load(&notify_others), err);
  if (rc != JW_OK) return rc;
  for (int i = 0; i < npending; i++)
    if (pending[i] == user_id) return JW_OK;
  if (npending < MAX_PENDING)
    pending[npending++] = user_id;
  else
    overflow = 1;
  return JW_OK;
}

void jw_events_flush(void) {
  if (waker) {
    if (overflow)
      waker(0);
    else
      for (int i = 0; i < npending; i++) waker(pending[i]);
  }
  npending = 0;
  overflow = 0;
}

/* The listener thread: a payload is a user id; NULL means "maybe missed some". */
static void on_notify(void *ctx, const char *payload) {
  (void)ctx;
  if (!waker) return;
  if (!payload) {
    waker(0);
    return;
  }
  char *end = NULL;
  long long id = strtoll(payload, &end, 10);
  if (end && *end == '\0' && id > 0) waker((int64_t)id);
}

enum jw_code jw_events_start(struct jw_db *db, struct jw_error *err) {
  if (jw_db_kind(db) != JW_DB_POSTGRES) return JW_OK; /* one process: the in-process bus is enough */
  enum jw_code rc = jw_db_listen(db, "jw_events", on_notify, NULL, &listener, err);
  if (rc != JW_OK) return rc;
  atomic_store(&notify_others, 1);
  jw_info("events: listening for other instances' events (PostgreSQL LISTEN jw_events)");
  return JW_OK;
}

void jw_events_stop(void) {
  jw_db_unlisten(listener);
  listener = NULL;
  atomic_store(&notify_others, 0);
}

enum jw_code jw_events_after(struct jw_conn *c, int64_t user_id, int64_t after, int limit, struct jw_arena *a,
                             struct jw_event **out, size_t *n, struct jw_error *err) {
  return jw_events_store_after(c, user_id, after, limit, a, out, n, err);
}

enum jw_code jw_events_last_id(struct jw_conn *c, int64_t user_id, int64_t *out, struct jw_error *err) {
  return jw_events_store_last(c, user_id, out, err);
}

int jw_events_session_alive(struct jw_conn *c, const unsigned char *hash, long long now, struct jw_error *err) {
  return jw_events_store_session(c, hash, now, err);
}

int jw_events_prune(struct jw_conn *c, long long now) { return jw_events_store_prune(c, now - JW_EVENTS_KEEP_SECS); }
