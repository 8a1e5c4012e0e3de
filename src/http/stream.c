/*
 * stream.c — long-lived streamed answers (Server-Sent Events) that hold no
 * thread while idle.
 *
 * A stream is a libmicrohttpd callback response of unknown size (sent
 * chunked). libmicrohttpd 0.9.75 calls the content reader whenever the
 * socket can take bytes; a reader that returns 0 is called again at once
 * (a busy loop on the worker thread), so when the stream's own read function
 * has nothing to send, the reader suspends the connection
 * (MHD_suspend_connection, allowed from a content reader): it leaves the
 * worker's epoll set and costs nothing but its memory until
 * jw_streams_wake() or the heartbeat timer (jw_streams_tick, from the
 * server's once-a-second loop) resumes it. A wake that comes while the read
 * function runs is remembered (pending), so it cannot be lost between "read
 * found nothing" and "suspended". Lock order: ours, then libmicrohttpd's
 * (suspend and resume are both called under mu).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "core/mem.h"
#include "http/internal.h"

struct jw_stream {
  struct jw_stream *prev, *next; /* the list of queued streams, under mu */
  struct MHD_Connection *conn;   /* NULL until queued */
  int64_t key;
  jw_stream_read_fn read;
  void (*free_fn)(void *);
  void *state;
  const char *type;
  int idle_ms;
  long long last_out_ms; /* when it last sent bytes (monotonic) */
  int suspended;         /* under mu */
  int pending;           /* woken while not suspended: read again before suspending; under mu */
  atomic_int probe;      /* jw_streams_probe: the next read must write */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct jw_stream *streams;
static int nstreams;
static atomic_int draining;

static long long mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void jw_reply_stream(struct jw_req *r, const char *type, int64_t key, jw_stream_read_fn read, void (*free_fn)(void *),
                     void *state, int idle_ms) {
  if (r->stream) jw_stream_discard(r->stream);
  struct jw_stream *s = jw_xcalloc(1, sizeof *s);
  s->key = key;
  s->read = read;
  s->free_fn = free_fn;
  s->state = state;
  s->type = type;
  s->idle_ms = idle_ms > 0 ? idle_ms : 15000;
  s->last_out_ms = mono_ms();
  r->status = 200;
  r->stream = s;
}

void jw_stream_discard(struct jw_stream *s) {
  if (!s) return;
  if (s->free_fn) s->free_fn(s->state);
  free(s);
}

/* 1 when the client closed its side: a stream's client sends nothing after
 * its request, so a readable socket that reads as end-of-file means it left
 * (a sleeping connection is not polled, so libmicrohttpd cannot tell). */
static int peer_gone(struct MHD_Connection *conn) {
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
  if (!ci || ci->connect_fd < 0) return 0;
  char b;
  ssize_t n = recv(ci->connect_fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

static ssize_t reader(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  struct jw_stream *s = cls;
  if (atomic_load(&draining)) return MHD_CONTENT_READER_END_OF_STREAM;
  long n = s->read(s->state, buf, max, atomic_exchange(&s->probe, 0));
  if (n < 0) return MHD_CONTENT_READER_END_OF_STREAM;
  if (n > 0) {
    s->last_out_ms = mono_ms();
    return (ssize_t)n;
  }
  if (peer_gone(s->conn)) return MHD_CONTENT_READER_END_WITH_ERROR;
  pthread_mutex_lock(&mu);
  if (s->pending || atomic_load(&draining)) {
    s->pending = 0; /* called again at once */
  } else {
    s->suspended = 1;
    MHD_suspend_connection(s->conn);
  }
  pthread_mutex_unlock(&mu);
  return 0;
}

/* libmicrohttpd destroys the response once the connection is done with it. */
static void release(void *cls) {
  struct jw_stream *s = cls;
  pthread_mutex_lock(&mu);
  if (s->prev)
    s->prev->next = s->next;
  else
    streams = s->next;
  if (s->next) s->next->prev = s->prev;
  nstreams--;
  pthread_mutex_unlock(&mu);
  jw_stream_discard(s);
}

struct MHD_Response *jw_stream_response(struct jw_stream *s, struct MHD_Connection *conn) {
  struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 8192, reader, s, release);
  if (!resp) {
    jw_stream_discard(s);
    return NULL;
  }
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, s->type);
  MHD_add_response_header(resp, "X-Accel-Buffering", "no"); /* a proxy in front must not buffer it */
  s->conn = conn;
  pthread_mutex_lock(&mu);
  s->next = streams;
  if (streams) streams->prev = s;
  streams = s;
  nstreams++;
  pthread_mutex_unlock(&mu);
  return resp;
}

void jw_streams_count(int64_t key, int *per_key, int *total) {
  pthread_mutex_lock(&mu);
  if (per_key) {
    int n = 0;
    for (struct jw_stream *s = streams; s; s = s->next)
      if (s->key == key) n++;
    *per_key = n;
  }
  if (total) *total = nstreams;
  pthread_mutex_unlock(&mu);
}

/* Under mu: has s's reader called soon. */
static void wake_one(struct jw_stream *s) {
  if (s->suspended) {
    s->suspended = 0;
    MHD_resume_connection(s->conn);
  } else {
    s->pending = 1;
  }
}

void jw_streams_wake(int64_t key) {
  pthread_mutex_lock(&mu);
  for (struct jw_stream *s = streams; s; s = s->next)
    if (key == 0 || s->key == key) wake_one(s);
  pthread_mutex_unlock(&mu);
}

void jw_streams_probe(int64_t key) {
  pthread_mutex_lock(&mu);
  for (struct jw_stream *s = streams; s; s = s->next)
    if (s->key == key) {
      atomic_store(&s->probe, 1);
      wake_one(s);
    }
  pthread_mutex_unlock(&mu);
}

void jw_streams_tick(void) {
  long long now = mono_ms();
  pthread_mutex_lock(&mu);
  for (struct jw_stream *s = streams; s; s = s->next)
    if (s->suspended && now - s->last_out_ms >= s->idle_ms) wake_one(s);
  pthread_mutex_unlock(&mu);
}

int jw_streams_draining(void) { return atomic_load(&draining); }

void jw_streams_drain(void) {
  atomic_store(&draining, 1);
  jw_streams_wake(0);
}

int jw_streams_open(void) {
  pthread_mutex_lock(&mu);
  int n = nstreams;
  pthread_mutex_unlock(&mu);
  return n;
}
