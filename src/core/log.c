/* log.c — timestamped log lines on standard error (one write per line, so
 * lines from several threads do not interleave). */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static enum jw_log_level min_level = JW_LOG_INFO;
static const char *const names[JW_LOG__MAX] = {"debug", "info", "warn", "error"};

void jw_log_set_level(enum jw_log_level level) { min_level = level; }

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
  int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
  va_end(ap);
  if (m < 0) m = 0;
  n += m;
  if (n > (int)sizeof line - 2) n = (int)sizeof line - 2;
  line[n++] = '\n';
  ssize_t w = write(STDERR_FILENO, line, (size_t)n);
  (void)w;
}
