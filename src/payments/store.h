/*
 * store.h — every SQL statement of the payments domain, one function per
 * operation. Private to src/payments/. Each takes the connection it runs on
 * (inside the caller's jw_tx when it writes) and sets err on failure.
 */
#ifndef JW_PAYMENTS_STORE_H
#define JW_PAYMENTS_STORE_H

#include "payments/payments.h"

/* The columns read_order() reads, in its order. */
#define JW_PAY_ORDER_COLS                                                                                           \
  "id, purpose, ref, payer_id, channel, subject, principal_cents, late_fee_cents, amount_cents, status,"            \
  " refunded_cents, channel_trade_no, created_at, expires_at, paid_at, ended_at, updated_at, refund_pending_cents," \
  " close_at_channel, late_cents, late_trade_no, late_at"
/* How many they are. */
#define JW_PAY_ORDER_NCOLS 22

/*
 * Inserts o (status created). JW_E_CONFLICT when the payable already has an
 * open order or a paid one, or the id or the payer's idempotency key is
 * taken (the caller looks again); other database codes otherwise.
 */
enum jw_code jw_pay_store_insert(struct jw_conn *c, const struct jw_pay_order *o, const char *idem_key,
                                 const char *idem_hash, struct jw_error *err);

/* Reads order id into *o (strings in a): 1 found, 0 not, -1 error (err set). */
int jw_pay_store_get(struct jw_conn *c, const char *id, struct jw_arena *a, struct jw_pay_order *o,
                     struct jw_error *err);

/* The open order (created or paying) of payable (purpose, ref): 1, 0, -1 as above. */
int jw_pay_store_open(struct jw_conn *c, const char *purpose, const char *ref, struct jw_arena *a,
                      struct jw_pay_order *o, struct jw_error *err);

/* 1 when payable (purpose, ref) has a paid order, 2 when that order was refunded in full, 0 when none, -1 on error. */
int jw_pay_store_paid(struct jw_conn *c, const char *purpose, const char *ref, struct jw_error *err);

/* The payer's order made with idem_key (*hash receives its request hash, in a): 1, 0, -1. */
int jw_pay_store_by_idem(struct jw_conn *c, int64_t payer_id, const char *idem_key, struct jw_arena *a,
                         struct jw_pay_order *o, const char **hash, struct jw_error *err);

/* The payer's orders, newest first, from offset on, at most limit; array in a. */
enum jw_code jw_pay_store_list_payer(struct jw_conn *c, int64_t payer_id, int64_t offset, int limit, struct jw_arena *a,
                                     struct jw_pay_order **out, size_t *n, struct jw_error *err);

/*
 * Moves order id from one of the open states (created, paying) to `to`:
 * succeeded (paid_at = now, channel_trade_no = trade_no), failed or closed
 * (ended_at = now), or paying (created only). Returns the rows changed
 * (0 when the order was not open), or -1 on error.
 */
int jw_pay_store_move(struct jw_conn *c, const char *id, enum jw_pay_status to, const char *trade_no, long long now,
                      struct jw_error *err);

/*
 * Closes payable (purpose, ref)'s open order, if any, and marks it for the
 * tick to close at its channel. Rows changed (0 or 1), or -1 on error.
 */
int jw_pay_store_void(struct jw_conn *c, const char *purpose, const char *ref, long long now, struct jw_error *err);

/* Notes that order id is closed at its channel too (close_at_channel = 0). */
enum jw_code jw_pay_store_closed_at_channel(struct jw_conn *c, const char *id, struct jw_error *err);

/*
 * Records amount_cents of late money (trade_no) on closed or failed order
 * id, once: rows changed, 1 the first time, 0 when it was recorded before
 * (or the order is not closed or failed); -1 on error.
 */
int jw_pay_store_late(struct jw_conn *c, const char *id, int64_t amount_cents, const char *trade_no, long long now,
                      struct jw_error *err);

/* Records a notification and its outcome. */
enum jw_code jw_pay_store_notice(struct jw_conn *c, const char *channel, const char *order_id, long long now,
                                 enum jw_pay_outcome outcome, const char *result, int64_t amount_cents,
                                 const char *trade_no, const char *detail, struct jw_error *err);

/* Appends one ledger row of movement (order_id, account, signed amount). */
enum jw_code jw_pay_store_ledger(struct jw_conn *c, const char *movement, const char *order_id, const char *account,
                                 int64_t amount_cents, long long now, struct jw_error *err);

/* Adds n to the public counter name (transactions …). */
enum jw_code jw_pay_store_count(struct jw_conn *c, const char *name, int64_t n, struct jw_error *err);

/*
 * Up to max orders the tick must ask their channel about: open ones past
 * their expiry, and ones in paying for over a minute, not asked in the last
 * 30 seconds. Ids into out; returns how many, or -1 on error.
 */
int jw_pay_store_due(struct jw_conn *c, long long now, char (*out)[JW_PAY_ORDER_ID_LEN + 1], int max,
                     struct jw_error *err);

/* Notes that the tick asked the channel about order id at now. */
enum jw_code jw_pay_store_queried(struct jw_conn *c, const char *id, long long now, struct jw_error *err);
/* payment_channels.enabled: 1, 0 (off or unknown), -1 on error. */
int jw_pay_store_channel_enabled(struct jw_conn *c, const char *channel, struct jw_error *err);
/* Sets it; returns rows changed (0: unknown channel) or -1. */
int jw_pay_store_channel_set(struct jw_conn *c, const char *channel, int enabled, struct jw_error *err);

/*
 * The ledger's problems, as sentences, through fn(ctx, text): movements that
 * do not sum to zero; orders whose clearing balance is not what their state
 * says (the amount when paid, nothing otherwise).
 */
enum jw_code jw_pay_store_check(struct jw_conn *c, void (*fn)(void *ctx, const char *text), void *ctx,
                                struct jw_error *err);

/* One paid order, for the reconciliation. */
struct jw_pay_paid {
  const char *id, *trade_no;
  int64_t amount_cents;
  long long paid_at;
};

/*
 * The orders of channel paid in [from, to) (Unix seconds), in id order, as
 * an array in a (*out, *n). Returns JW_OK or a database code.
 */
enum jw_code jw_pay_store_paid_between(struct jw_conn *c, const char *channel, long long from, long long to,
                                       struct jw_arena *a, struct jw_pay_paid **out, size_t *n, struct jw_error *err);

/*
 * The payer's name, phone and masked ID number (users.id_masked), for a
 * receipt; NULL columns come back as "". 1 found, 0 not, -1 error. Strings in a.
 */
int jw_pay_store_payer(struct jw_conn *c, int64_t payer_id, struct jw_arena *a, const char **name, const char **phone,
                       const char **id_masked, struct jw_error *err);

/* When order id's last refund was done (0: never), or -1 on error. */
long long jw_pay_store_refunded_at(struct jw_conn *c, const char *id, struct jw_error *err);

/* Reads up to limit orders (ORDER_COLS rows) from prepared statement s into an array in a. */
enum jw_code jw_pay_store_orders(struct jw_conn *c, struct jw_stmt *s, struct jw_arena *a, int limit,
                                 struct jw_pay_order **out, size_t *n, struct jw_error *err);

/* ---- refunds (store_refunds.c) ---- */

/*
 * Reserves amount_cents of paid order id for a refund: only while what is
 * refunded and pending stays within the amount paid. Rows changed: 1
 * reserved, 0 not paid or not that much left; -1 on error.
 */
int jw_pay_store_refund_reserve(struct jw_conn *c, const char *id, int64_t amount_cents, long long now,
                                struct jw_error *err);

/* Inserts a requested refund (requested_by 0: the system, for late money); *rid receives its id. */
enum jw_code jw_pay_store_refund_insert(struct jw_conn *c, const char *order_id, int64_t amount_cents,
                                        const char *reason, int64_t requested_by, long long now, int64_t *rid,
                                        struct jw_error *err);

/* Reads refund rid into *out (strings in a): 1, 0, -1. */
int jw_pay_store_refund_get(struct jw_conn *c, int64_t rid, struct jw_arena *a, struct jw_pay_refund *out,
                            struct jw_error *err);

/*
 * Moves refund rid from `from` to `to` ("requested" → "approved" or
 * "rejected" with decided_by, decided_at and note; "approved" → "succeeded"
 * or "failed" with done_at). decided_by is only checked against the
 * requester when deciding. Rows changed (0: not in `from`), -1 on error.
 */
int jw_pay_store_refund_move(struct jw_conn *c, int64_t rid, const char *from, const char *to, int64_t decided_by,
                             const char *note, long long now, struct jw_error *err);

/*
 * Settles amount_cents of order id's pending refunds: done (refunded += it,
 * the status partially_refunded or refunded) or released (failed or
 * rejected). Rows changed, -1 on error.
 */
int jw_pay_store_refund_settle(struct jw_conn *c, const char *id, int64_t amount_cents, int done, long long now,
                               struct jw_error *err);

/* Refunds (status NULL: any; order_id NULL: any), newest first, from offset, at most limit; array in a. */
enum jw_code jw_pay_store_refunds(struct jw_conn *c, const char *status, const char *order_id, int64_t offset,
                                  int limit, struct jw_arena *a, struct jw_pay_refund **out, size_t *n,
                                  struct jw_error *err);

/* ---- the console ---- */

/*
 * Orders for the console, newest first: filters NULL/0 mean any; q matches
 * the order number or the ref exactly; from/to bound created_at. Array in a.
 */
enum jw_code jw_pay_store_search(struct jw_conn *c, const struct jw_pay_filter *f, int64_t offset, int limit,
                                 struct jw_arena *a, struct jw_pay_order **out, size_t *n, struct jw_error *err);

/* Paid and refunded totals per day of the bureau's zone in [from, to) (Unix seconds); array in a. */
enum jw_code jw_pay_store_daily(struct jw_conn *c, long long from, long long to, int tz_offset_min, struct jw_arena *a,
                                struct jw_pay_day **out, size_t *n, struct jw_error *err);

#endif
