/*
 * notify.h — telling a citizen that something happened: a row in the
 * in-site inbox, written in the transaction of the change itself, and
 * optionally an SMS that a dispatcher hands to the SMS driver once that
 * transaction has committed.
 *
 * Drivers sit behind struct jw_sms_driver; the one built in writes each
 * message as a line to a log file, and a real gateway plugs in beside it
 * without touching the domains.
 *
 * The domain's header: no HTTP and no JSON (the inbox's handlers are in
 * notify/api.h); the SQL is in notify/store.c.
 */
#ifndef JW_NOTIFY_H
#define JW_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/errors.h"
#include "db/db.h"

struct jw_arena;

enum { JW_NOTIFY_INBOX = 0, JW_NOTIFY_SMS = 1 };

/*
 * Writes a notification for user_id, created now; call inside the caller's
 * transaction on c. kind and title are required; body and link may be NULL
 * (stored as ""). flags: JW_NOTIFY_SMS also sends it by SMS (to the
 * account's phone, by jw_notify_dispatch()). Strings borrowed. Returns
 * JW_OK, or the database error's code with err set.
 */
enum jw_code jw_notify(struct jw_conn *c, int64_t user_id, const char *kind, const char *title, const char *body,
                       const char *link, int flags, struct jw_error *err);

struct jw_sms_driver {
  const char *name;
  /* Sends text to phone; 0 on success. */
  int (*send)(void *state, const char *phone, const char *text);
  void *state;
};

/* The log-file driver: appends "time phone text" lines to path (borrowed:
 * it must outlive the driver). Never fails; a send fails when the file
 * cannot be written. */
struct jw_sms_driver jw_sms_log_driver(const char *path);

/*
 * Hands the SMS that are due to driver, oldest first, at most max of them;
 * returns how many the driver took, or -1 on a database error. A message is
 * marked sent only once the driver has taken it; a failure makes it due
 * again after cfg->sms_retry_secs, doubled with each further failure (at
 * most 6 hours), and the cfg->sms_max_attempts-th failure gives it up
 * (sms_state 3). Safe to run on several instances at once: each try is
 * leased by one conditional UPDATE, and a try that never reported back (a
 * crash) is due again when its lease ends. Releases c before it returns.
 */
int jw_notify_dispatch(struct jw_conn *c, const struct jw_sms_driver *driver, int max, const struct jw_config *cfg);

/* One notification of the inbox. */
struct jw_notification {
  int64_t id;
  const char *kind, *title, *body, *link;
  int64_t created_at; /* Unix seconds */
  int64_t read_at;    /* Unix seconds, 0 while unread */
};

/*
 * A page of user_id's inbox, newest first: the notifications with an id
 * below before (INT64_MAX for the first page), at most max of them, into an
 * array allocated in arena a (*out; strings arena-owned) and its length
 * (*n), and the number of unread ones (*unread). On failure returns the
 * code with err set; the outputs are then unspecified.
 */
enum jw_code jw_notify_inbox(struct jw_conn *c, int64_t user_id, int64_t before, int64_t max, struct jw_arena *a,
                             struct jw_notification **out, size_t *n, int64_t *unread, struct jw_error *err);

/*
 * Marks user_id's notification id read (now, unless it was already).
 * Returns JW_OK, JW_E_NOT_FOUND with a sentence when the user has no
 * notification id, or a database error's code; err set on failure.
 */
enum jw_code jw_notify_mark_read(struct jw_conn *c, int64_t user_id, int64_t id, struct jw_error *err);

#endif
