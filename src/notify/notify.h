/*
 * notify.h — telling a citizen that something happened: a row in the
 * in-site inbox, written in the transaction of the change itself, and
 * optionally an SMS that a dispatcher hands to the SMS driver once that
 * transaction has committed.
 *
 * Drivers sit behind struct jw_sms_driver; the one built in writes each
 * message as a line to a log file, and a real gateway plugs in beside it
 * without touching the domains.
 */
#ifndef JW_NOTIFY_H
#define JW_NOTIFY_H

#include <stdint.h>

#include "http/http.h"

enum { JW_NOTIFY_INBOX = 0, JW_NOTIFY_SMS = 1 };

/* Writes a notification for user_id; call inside the caller's transaction.
 * flags: JW_NOTIFY_SMS also sends it by SMS (to the account's phone). */
enum jw_code jw_notify(struct jw_conn *c, int64_t user_id, const char *kind, const char *title, const char *body,
                       const char *link, int flags, struct jw_error *err);

struct jw_sms_driver {
  const char *name;
  /* Sends text to phone; 0 on success. */
  int (*send)(void *state, const char *phone, const char *text);
  void *state;
};

/* The log-file driver: appends "time phone text" lines to path. */
struct jw_sms_driver jw_sms_log_driver(const char *path);

/*
 * Hands the SMS that are due to driver, oldest first, at most max of them;
 * returns how many the driver took, or -1 on a database error. A message is
 * marked sent only once the driver has taken it; a failure makes it due
 * again after cfg->sms_retry_secs, doubled with each further failure (at
 * most 6 hours), and the cfg->sms_max_attempts-th failure gives it up
 * (sms_state 3). Safe to run on several instances at once: each try is
 * leased by one conditional UPDATE, and a try that never reported back (a
 * crash) is due again when its lease ends.
 */
int jw_notify_dispatch(struct jw_conn *c, const struct jw_sms_driver *driver, int max, const struct jw_config *cfg);

/* Routes: the signed-in user's inbox. */
enum jw_code jw_notify_api_list(struct jw_req *r, struct jw_error *err);
enum jw_code jw_notify_api_read(struct jw_req *r, struct jw_error *err);

#endif
