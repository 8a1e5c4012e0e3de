/* log.c — timestamped log lines on standard error (one write per line, so
 * lines from several threads do not interleave). */
#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum jw_log_level min_level = JW_LOG_INFO;
static const char *const names[JW_LOG__MAX] = {"debug", "info", "warn", "error"};
static int stamp(char *out, size_t cap);

void jw_log_set_level(enum jw_log_level level) { min_level = level; }

/* Appends fmt/ap to the n bytes of line (size bytes) and a newline,
 * truncating the message to fit. Returns the line's new length. */
__attribute__((format(printf, 4, 0))) static int finish_line(char *line, size_t size, int n, const char *fmt,
                                                             va_list ap) {
  int m = vsnprintf(line + n, size - (size_t)n - 1, fmt, ap);
  if (m < 0) m = 0;
  n += m;
  if (n > (int)size - 2) n = (int)size - 2;
  line[n++] = '\n';
  return n;
}

void jw_log(enum jw_log_level level, const char *fmt, ...) {
  if (level < min_level || level >= JW_LOG__MAX) return;
  char line[2048];
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  int n = (int)strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%S", &tm);
  n += snprintf(line + n, sizeof line - (size_t)n, ".%03ldZ %s ", ts.tv_nsec / 1000000L, names[level]);
  va_list ap;
  va_start(ap, fmt);
  n = finish_line(line, sizeof line, n, fmt, ap);
  va_end(ap);
  ssize_t w = write(STDERR_FILENO, line, (size_t)n);
  (void)w;
}

/* Formats the current time as "2026-11-29T03:24:26.844Z"; the part up to
 * the second is cached per thread. */
static int stamp(char *out, size_t cap) {
  static _Thread_local time_t cached_sec = -1;
  static _Thread_local char cached[24];
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (ts.tv_sec != cached_sec) {
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_sec = ts.tv_sec;
  }
  return snprintf(out, cap, "%s.%03ldZ", cached, ts.tv_nsec / 1000000L);
}

#define ACCESS_BUF 32768

struct access_buf {
  pthread_mutex_t mu; /* the owner thread and the flusher */
  size_t len;
  time_t last_write;
  struct access_buf *next;
  char data[ACCESS_BUF];
};

static pthread_mutex_t bufs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct access_buf *bufs;
static _Thread_local struct access_buf *mine;

static void write_out(struct access_buf *b) {
  size_t off = 0;
  while (off < b->len) {
    ssize_t w = write(STDERR_FILENO, b->data + off, b->len - off);
    if (w <= 0) break; /* a log that cannot be written must not stop the server */
    off += (size_t)w;
  }
  b->len = 0;
  b->last_write = time(NULL);
}

void jw_log_access(const char *fmt, ...) {
  if (JW_LOG_INFO < min_level) return;
  if (!mine) {
    mine = calloc(1, sizeof *mine);
    if (!mine) return;
    pthread_mutex_init(&mine->mu, NULL);
    mine->last_write = time(NULL);
    pthread_mutex_lock(&bufs_mu);
    mine->next = bufs;
    bufs = mine;
    pthread_mutex_unlock(&bufs_mu);
  }
  char line[1024];
  int n = stamp(line, sizeof line);
  n += snprintf(line + n, sizeof line - (size_t)n, " access ");
  va_list ap;
  va_start(ap, fmt);
  n = finish_line(line, sizeof line, n, fmt, ap);
  va_end(ap);
  pthread_mutex_lock(&mine->mu);
  if (mine->len + (size_t)n > ACCESS_BUF) write_out(mine);
  memcpy(mine->data + mine->len, line, (size_t)n);
  mine->len += (size_t)n;
  if (time(NULL) > mine->last_write) write_out(mine);
  pthread_mutex_unlock(&mine->mu);
}

void jw_log_flush(void) {
  pthread_mutex_lock(&bufs_mu);
  for (struct access_buf *b = bufs; b; b = b->next) {
    pthread_mutex_lock(&b->mu);
    if (b->len) write_out(b);
    pthread_mutex_unlock(&b->mu);
  }
  pthread_mutex_unlock(&bufs_mu);
}

void jw_log_shutdown(void) {
  jw_log_flush();
  pthread_mutex_lock(&bufs_mu);
  struct access_buf *b = bufs;
  bufs = NULL;
  pthread_mutex_unlock(&bufs_mu);
  while (b) {
    struct access_buf *next = b->next;
    pthread_mutex_destroy(&b->mu);
    free(b);
    b = next;
  }
  mine = NULL;
}
