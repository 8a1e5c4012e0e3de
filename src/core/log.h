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

#define jw_debug(...) jw_log(JW_LOG_DEBUG, __VA_ARGS__)
#define jw_info(...)  jw_log(JW_LOG_INFO, __VA_ARGS__)
#define jw_warn(...)  jw_log(JW_LOG_WARN, __VA_ARGS__)
#define jw_error(...) jw_log(JW_LOG_ERROR, __VA_ARGS__)

#endif
