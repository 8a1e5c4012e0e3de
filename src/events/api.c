/*
 * api.c — GET /api/v1/events, the Server-Sent Events stream.
 *
 * The handler checks the caps and where to start, then hands a read
 * function to the HTTP layer (jw_reply_stream). That function runs on a
 * worker thread each time the stream is woken (an event row for its user,
 * by jw_events_flush in this process or a PostgreSQL notification from
 * another, or the heartbeat timer): it reads the rows after the last id it
 * sent and formats them as SSE frames; with none, and a heartbeat due, it
 * sends a comment; otherwise it returns 0 and the connection sleeps again,
 * holding no thread. Every heartbeat it also checks the session still
 * exists: signed out, the stream ends.
 */
#include "events/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "events/events.h"

#define BATCH 50

struct ev_state {
  struct jw_db *db;
  int64_t user_id;
  unsigned char hash[32];
  int64_t last_id; /* the last event id sent */
  char *buf;       /* formatted and not yet sent: buf[off..len) */
  size_t len, off, cap;
  long long last_out;   /* monotonic ms of the last bytes sent */
  long long last_check; /* of the last session check */
  int started;
  int closing; /* the session ended: send what is buffered, then end */
};

static long long mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void append(struct ev_state *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(struct ev_state *st, const char *fmt, ...) {
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    size_t room = st->cap - st->len;
    int n = vsnprintf(st->buf ? st->buf + st->len : NULL, st->buf ? room : 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < room && st->buf) {
      st->len += (size_t)n;
      return;
    }
    size_t cap = st->cap ? st->cap : 1024;
    while (cap < st->len + (size_t)n + 1) cap *= 2;
    st->buf = jw_xrealloc(st->buf, cap);
    st->cap = cap;
  }
}

/* Reads the rows after last_id into the buffer; -1 to end the stream. */
static int refill(struct ev_state *st) {
  struct jw_error err = {0};
  struct jw_conn *c = jw_db_conn(st->db, &err);
  if (!c) return -1; /* the client reconnects with Last-Event-ID */
  long long now = mono_ms();
  int rc = 0;
  if (now - st->last_check >= JW_EVENTS_HEARTBEAT_MS - 1000) {
    st->last_check = now;
    int alive = jw_events_session_alive(c, st->hash, (long long)time(NULL), &err);
    if (alive == 0) {
      append(st, "event: end\ndata: {\"reason\":\"signed-out\"}\n\n");
      rc = 1;
      goto out;
    }
  }
  struct jw_arena a = {0};
  struct jw_event *ev = NULL;
  size_t n = 0;
  if (jw_events_after(c, st->user_id, st->last_id, BATCH, &a, &ev, &n, &err) != JW_OK) {
    jw_warn("events: stream of user %lld: %s", (long long)st->user_id, err.detail);
    jw_arena_free(&a);
    rc = -1;
    goto out;
  }
  for (size_t i = 0; i < n; i++) {
    append(st, "id: %lld\nevent: %s\ndata: %s\n\n", (long long)ev[i].id, ev[i].kind, ev[i].data);
    st->last_id = ev[i].id;
  }
  jw_arena_free(&a);
out:
  jw_conn_release(c);
  return rc;
}

static long ev_read(void *state, char *out, size_t max, int probe) {
  struct ev_state *st = state;
  if (st->off >= st->len) {
    if (st->closing) return -1; /* the end frame is out */
    st->off = st->len = 0;
    if (!st->started) {
      st->started = 1;
      append(st, "retry: 3000\n: jingwu events for user %lld\n\n", (long long)st->user_id);
    }
    int rc = refill(st);
    if (rc < 0) return -1;
    if (rc == 1)
      st->closing = 1;
    else if (st->len == 0 && (probe || mono_ms() - st->last_out >= JW_EVENTS_HEARTBEAT_MS - 500))
      append(st, ": heartbeat\n\n");
    if (st->len == 0) return 0; /* nothing now: the connection sleeps until woken */
  }
  size_t n = st->len - st->off < max ? st->len - st->off : max;
  memcpy(out, st->buf + st->off, n);
  st->off += n;
  st->last_out = mono_ms();
  return (long)n;
}

static void ev_free(void *state) {
  struct ev_state *st = state;
  free(st->buf);
  free(st);
}

/* Last-Event-ID (header, or the query for the first connection of a page
 * that already read up to an id): a non-negative integer; -1 when absent. */
static enum jw_code start_id(struct jw_req *r, int64_t *out, struct jw_error *err) {
  const char *v = jw_header(r, "Last-Event-ID");
  const char *field = "Last-Event-ID";
  if (!v || !*v) {
    v = jw_query(r, "last_event_id");
    field = "last_event_id";
  }
  *out = -1;
  if (!v) return JW_OK;
  size_t n = strlen(v);
  if (n == 0 || n > 18 || strspn(v, "0123456789") != n) {
    jw_field_fail(err, field, "must be the id of an event (a whole number)");
    return JW_E_VALIDATION;
  }
  *out = strtoll(v, NULL, 10);
  return JW_OK;
}

enum jw_code jw_events_api_stream(struct jw_req *r, struct jw_error *err) {
  int mine = 0, total = 0;
  if (jw_streams_draining()) {
    jw_fail(err, JW_E_UNAVAILABLE, "The server is restarting; please reconnect in a moment.");
    err->retry_after = 3;
    return JW_E_UNAVAILABLE;
  }
  jw_streams_count(r->user->id, &mine, &total);
  if (total >= JW_EVENTS_STREAMS_MAX) {
    jw_fail(err, JW_E_UNAVAILABLE, "Too many live connections are open; please try again in a moment.");
    err->retry_after = 10;
    return JW_E_UNAVAILABLE;
  }
  if (mine >= JW_EVENTS_STREAMS_PER_USER) {
    jw_streams_probe(r->user->id); /* the clients of some may have gone: they close when written to */
    jw_fail(err, JW_E_RATE_LIMITED, "You have %d live connections open already; close a page and try again.",
            JW_EVENTS_STREAMS_PER_USER);
    err->retry_after = 1;
    return JW_E_RATE_LIMITED;
  }
  int64_t from = -1;
  if (start_id(r, &from, err) != JW_OK) return err->code;
  if (from < 0 && jw_events_last_id(r->db, r->user->id, &from, err) != JW_OK) return err->code;
  struct ev_state *st = jw_xcalloc(1, sizeof *st);
  st->db = r->app->db;
  st->user_id = r->user->id;
  if (r->user->session_hash) memcpy(st->hash, r->user->session_hash, 32);
  st->last_id = from;
  st->last_out = st->last_check = mono_ms();
  jw_reply_stream(r, "text/event-stream; charset=utf-8", r->user->id, ev_read, ev_free, st, JW_EVENTS_HEARTBEAT_MS);
  return JW_OK;
}
