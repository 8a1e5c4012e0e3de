/*
 * store.h — the notify domain's SQL (table notifications), one function per
 * operation. Private to src/notify/. Every function takes the connection it
 * runs on (inside the caller's jw_tx when the caller has one) and sets err
 * on failure.
 */
#ifndef JW_NOTIFY_STORE_H
#define JW_NOTIFY_STORE_H

#include "notify/notify.h"

/* Inserts one notification created at now; sms 1 queues it for the SMS
 * dispatcher (sms_state 1). Strings borrowed. Returns JW_OK or the code. */
enum jw_code jw_notify_store_insert(struct jw_conn *c, int64_t user_id, const char *kind, const char *title,
                                    const char *body, const char *link, int64_t now, int sms, struct jw_error *err);

/* An SMS waiting to be handed to the driver. */
struct jw_notify_pending {
  int64_t id, attempts;
  char phone[24]; /* "" when the account has none */
  char text[300]; /* "【台州公安】title body", cut to fit */
};

/* The SMS due at now, oldest first, at most max (and at most out_max) into
 * out. Returns how many, or -1 on a database error (err set). The
 * connection is released before it returns. */
int jw_notify_store_pending(struct jw_conn *c, int64_t now, int max, struct jw_notify_pending *out, int out_max,
                            struct jw_error *err);

/* Leases notification id until lease_until when it is still due at now and
 * has had attempts tries (one conditional UPDATE). Returns 1 when this call
 * took the lease, 0 when someone else did, -1 on a database error. */
int jw_notify_store_claim(struct jw_conn *c, int64_t id, int64_t attempts, int64_t now, int64_t lease_until,
                          struct jw_error *err);

/* Marks id sent at when. 0, or -1 on a database error. */
int jw_notify_store_sent(struct jw_conn *c, int64_t id, int64_t when, struct jw_error *err);

/* Records a failed try of id: given up (sms_state 3) once it has had
 * max_attempts tries, else due again at next_at. 0, or -1 on a database error. */
int jw_notify_store_failed(struct jw_conn *c, int64_t id, int64_t max_attempts, int64_t next_at, struct jw_error *err);

/* The number of user_id's unread notifications into *n. JW_OK or the code. */
enum jw_code jw_notify_store_unread(struct jw_conn *c, int64_t user_id, int64_t *n, struct jw_error *err);

/*
 * user_id's notifications with an id below before, newest first, at most
 * max: an array allocated in arena a (*out, its strings arena-owned too)
 * and its length (*n). On failure returns the code with err set and leaves
 * *out and *n untouched.
 */
enum jw_code jw_notify_store_list(struct jw_conn *c, int64_t user_id, int64_t before, int64_t max, struct jw_arena *a,
                                  struct jw_notification **out, size_t *n, struct jw_error *err);

/* Sets read_at (when not set yet) of user_id's notification id. JW_OK;
 * JW_E_NOT_FOUND (err without a detail) when the user has no such one. */
enum jw_code jw_notify_store_mark_read(struct jw_conn *c, int64_t user_id, int64_t id, int64_t now,
                                       struct jw_error *err);

#endif
