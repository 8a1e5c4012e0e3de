/*
 * log.h — one line per event on standard error.
 *
 * Client faults (bad input) are logged at INFO with the request id; bugs and
 * failures of the machine (database down, out of disk) at ERROR.
 */
#ifndef JW_LOG_H
#define JW_LOG_H

enum jw_log_level { JW_LOG_DEBUG, JW_LOG_INFO, JW_LOG_WARN, JW_LOG_ERROR, JW_LOG__MAX };

void jw_log_set_level(enum jw_log_level level);
void jw_log(enum jw_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The access log: one line per request, buffered per thread so that busy
 * servers do not pay a write() per request. Buffers are written when full,
 * when a line finds the last write more than a second old, and by
 * jw_log_flush() (the server calls it every second and at shutdown).
 */
void jw_log_access(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void jw_log_flush(void);
/* Flushes and frees every thread's buffer (after the worker threads ended). */
void jw_log_shutdown(void);

#define jw_debug(...) jw_log(JW_LOG_DEBUG, __VA_ARGS__)
#define jw_info(...)  jw_log(JW_LOG_INFO, __VA_ARGS__)
#define jw_warn(...)  jw_log(JW_LOG_WARN, __VA_ARGS__)
#define jw_error(...) jw_log(JW_LOG_ERROR, __VA_ARGS__)

#endif
