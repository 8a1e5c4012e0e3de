/*
 * payments.h — the online payment platform (在线支付): orders for what the
 * bureau is owed, taken through a payment channel exactly once.
 *
 * A payable is anything the bureau is owed (a handled violation, an
 * application whose item carries a fee); its kinds are one table in the
 * composition root (app/app.c), registered with jw_pay_set_kinds(). An order is one attempt to pay one payable through
 * one channel: created → paying → succeeded | failed | closed. The database
 * holds the invariants: at most one open and one paid order per payable
 * (partial unique indexes), the state moves by conditional UPDATEs whose row
 * counts are checked, and the ledger rows of a movement are written in the
 * transaction of the state change.
 *
 * Plain values and operations on a struct jw_conn: no HTTP, no JSON. The
 * SQL is in payments/store.c, the channels behind payments/channel.h.
 */
#ifndef JW_PAYMENTS_H
#define JW_PAYMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/errors.h"
#include "db/db.h"

struct jw_arena;

/* An order's number: "P" + yyyymmdd + 12 digits, the channel's out_trade_no. */
#define JW_PAY_ORDER_ID_LEN 21
/* Seconds an order may stay unpaid before the tick closes it. */
#define JW_PAY_ORDER_TTL 900
/* Seconds an order may stay paying without news before the tick asks its channel. */
#define JW_PAY_QUERY_AFTER 60

/* The states of an order, as the API and the database spell them. */
enum jw_pay_status {
  JW_PAY_CREATED,
  JW_PAY_PAYING,
  JW_PAY_SUCCEEDED,
  JW_PAY_FAILED,
  JW_PAY_CLOSED,
  JW_PAY_PARTIALLY_REFUNDED,
  JW_PAY_REFUNDED,
  JW_PAY__MAX
};
/* Names of enum jw_pay_status, NULL-terminated. */
extern const char *const jw_pay_status_names[JW_PAY__MAX + 1];

/* What a payable owes at a moment, as its kind computes it. */
struct jw_payable {
  int64_t principal_cents; /* the fine or the fee */
  int64_t late_fee_cents;  /* 加处罚款, computed by the server at the moment of the order */
  char subject[160];       /* "交通违法罚款（违法编号 …）", shown on the cashier and the receipt */
};

/*
 * One kind of payable. quote() decides whether payer_id may pay (purpose,
 * ref) now and how much: JW_OK with *out set; JW_E_NOT_FOUND when there is
 * no such payable or it is not the payer's (the same answer, so nobody
 * learns what exists); JW_E_CONFLICT when nothing is owed (already paid,
 * not yet decided). settle() marks the payable paid; it runs inside the
 * transaction that moves the order to succeeded and must change exactly
 * the one payable (JW_E_CONFLICT otherwise, which rolls the transition
 * back). Both set err on failure.
 */
struct jw_payable_kind {
  const char *purpose; /* "violation", "application" */
  enum jw_code (*quote)(struct jw_conn *c, const char *ref, int64_t payer_id, long long now, int tz_offset_min,
                        struct jw_payable *out, struct jw_error *err);
  enum jw_code (*settle)(struct jw_conn *c, const char *ref, long long now, struct jw_error *err);
};

/* The most payable kinds there may be. */
#define JW_PAY_MAX_KINDS 8

/*
 * Registers the payable kinds (the composition root, app/, does it once at
 * start: the domains that own payables sit beside payments, not below it).
 * kinds is borrowed for the life of the process; n <= JW_PAY_MAX_KINDS.
 */
void jw_pay_set_kinds(const struct jw_payable_kind *kinds, size_t n);
/* The kind named purpose, or NULL. */
const struct jw_payable_kind *jw_payable_kind(const char *purpose);
/* The registered purposes, NULL-terminated (for field specs and the API). */
const char *const *jw_pay_purposes(void);
/* The channels that exist (enabled or not), NULL-terminated. */
extern const char *const jw_pay_channels[];

/* An order as stored. Strings are owned by the arena that read it. */
struct jw_pay_order {
  char id[JW_PAY_ORDER_ID_LEN + 1];
  const char *purpose, *ref, *channel, *subject, *channel_trade_no;
  int64_t payer_id;
  int64_t principal_cents, late_fee_cents, amount_cents, refunded_cents;
  int64_t refund_pending_cents; /* requested or approved refunds not yet done */
  enum jw_pay_status status;
  long long created_at, expires_at, paid_at, ended_at, updated_at;
  int close_at_channel; /* 1: closed here because its payable became void; the tick still closes it at the channel */
  int64_t late_cents;   /* money the channel took after the order had closed or failed (0: none); owed back */
  const char *late_trade_no; /* the channel's number of that late payment, or NULL */
  long long late_at;         /* when it was recorded (0: never) */
};

/* What the payer asks for. */
struct jw_pay_request {
  const char *purpose, *ref, *channel;
  int64_t payer_id;
  const char *idem_key;  /* Idempotency-Key, or NULL */
  const char *idem_hash; /* hex SHA-256 of the request body when idem_key is set */
  long long now;
  int tz_offset_min;
};

/*
 * Makes an order for r, or finds the one that answers it: the payer's order
 * made with the same Idempotency-Key (JW_E_VALIDATION when the body
 * differs), else the payable's open order (*existing = 1). A new order
 * (*existing = 0) is created with the amount quoted now and expires after
 * JW_PAY_ORDER_TTL. Errors: JW_E_VALIDATION (unknown purpose or channel,
 * field named in err), JW_E_NOT_ALLOWED (channel off), JW_E_NOT_FOUND (no
 * such payable of this payer), JW_E_CONFLICT (already paid, nothing owed),
 * database codes. *out's strings are allocated in arena a. On failure
 * *out is untouched and err set.
 */
enum jw_code jw_pay_create(struct jw_conn *c, const struct jw_pay_request *r, struct jw_arena *a,
                           struct jw_pay_order *out, int *existing, struct jw_error *err);

/*
 * The order id if payer_id made it (payer_id 0: whoever made it, for the
 * channel and staff). JW_E_NOT_FOUND otherwise (err set). Strings in a.
 */
enum jw_code jw_pay_get(struct jw_conn *c, const char *id, int64_t payer_id, struct jw_arena *a,
                        struct jw_pay_order *out, struct jw_error *err);

/*
 * The payer's orders, newest first: at most limit (1..101) of them after
 * the first offset. *out is an array in a, *n its length. Returns JW_OK or
 * a database code (err set).
 */
enum jw_code jw_pay_list_mine(struct jw_conn *c, int64_t payer_id, int64_t offset, int limit, struct jw_arena *a,
                              struct jw_pay_order **out, size_t *n, struct jw_error *err);

/*
 * Where the payable of order o stands now, for the payer's pages:
 * JW_PAYABLE_PAID — settled (by o or another order). A refund does not
 * reopen it: a refund gives back money paid by mistake or twice; a fine
 * is owed again only if staff revoke the decision, which is the owning
 * domain's change, not a refund. JW_PAYABLE_OWED — still owed (its kind's
 * quote for o's payer says so). JW_PAYABLE_NOTHING_OWED — anything else
 * (the case was withdrawn or ended, nothing is due). -1 on a database
 * error (err set).
 */
enum jw_payable_state { JW_PAYABLE_PAID, JW_PAYABLE_OWED, JW_PAYABLE_NOTHING_OWED, JW_PAYABLE__MAX };
extern const char *const jw_payable_state_names[JW_PAYABLE__MAX + 1];
int jw_pay_payable_state(struct jw_conn *c, const struct jw_pay_order *o, long long now, int tz_offset_min,
                         struct jw_error *err);

/* 1 when channel is on (payment_channels.enabled), 0 when off or unknown,
 * -1 on a database error (err set). */
int jw_pay_channel_enabled(struct jw_conn *c, const char *channel, struct jw_error *err);

/*
 * Reads every channel's settings from cfg, once at start (before threads).
 * JW_OK when each channel's settings are complete or absent (an absent
 * channel is not ready: it cannot be turned on and takes no orders);
 * JW_E_INTERNAL with err naming the problem otherwise (a key file others
 * may read, a key that does not load, half a configuration).
 */
enum jw_code jw_pay_configure(const struct jw_config *cfg, struct jw_error *err);

/*
 * The address the payer of open order o is sent to (the sandbox's cashier
 * page, or the channel's signed cashier request), in arena a; NULL with
 * err set when the channel cannot make one (not configured).
 */
char *jw_pay_url(const struct jw_pay_order *o, struct jw_arena *a, struct jw_error *err);

/*
 * The channels a payer may use now (on, and with their settings complete),
 * in the order of jw_pay_channels, into out (at most max names, static
 * strings). Returns how many, or -1 on a database error (err set).
 */
int jw_pay_channels_open(struct jw_conn *c, const char **out, int max, struct jw_error *err);

/* Turns channel on or off. JW_E_NOT_FOUND for an unknown channel;
 * JW_E_NOT_ALLOWED when turning on a channel that is not configured. */
enum jw_code jw_pay_channel_set(struct jw_conn *c, const char *channel, int enabled, struct jw_error *err);

/* What became of a notification (the payment_notifications outcomes). */
enum jw_pay_outcome {
  JW_PAYN_APPLIED,         /* it moved the order */
  JW_PAYN_DUPLICATE,       /* the order already had this outcome: acknowledged, nothing changed */
  JW_PAYN_LATE,            /* the order was closed or failed before: recorded, an alert, nothing changed */
  JW_PAYN_FORGED,          /* bad signature, another app id */
  JW_PAYN_UNKNOWN_ORDER,   /* no such order of this channel */
  JW_PAYN_AMOUNT_MISMATCH, /* the amount is not the order's */
  JW_PAYN_MALFORMED,       /* not a notification at all */
  JW_PAYN__MAX
};
extern const char *const jw_pay_outcome_names[JW_PAYN__MAX + 1];

/*
 * Takes a channel's notification as received (body of n bytes, its
 * Content-Type or NULL): verifies it through the channel, records it, and
 * when it is genuine and matches, moves the order once (success: the
 * payable settles and the ledger gets its movement in the same
 * transaction). *outcome says what happened; *ack points to the channel's
 * acknowledgement text ("success") when the channel must stop resending.
 * Returns JW_OK for applied, duplicate and late notifications;
 * JW_E_BAD_REQUEST (err set, nothing changed but the record) for forged,
 * unknown-order, mismatched and malformed ones; JW_E_NOT_FOUND for an
 * unknown channel; database codes otherwise.
 */
enum jw_code jw_pay_notify(struct jw_conn *c, const char *channel, const char *body, size_t n, const char *content_type,
                           long long now, enum jw_pay_outcome *outcome, const char **ack, struct jw_error *err);

/*
 * The sandbox cashier: the payer of order id (JW_E_NOT_FOUND otherwise)
 * pressed "pay" (success = 1) or "fail". Moves a created order to paying,
 * then delivers the sandbox channel's signed notification through
 * jw_pay_notify(), the same path a real channel's takes. JW_E_CONFLICT when
 * the order is no longer open; JW_E_NOT_ALLOWED when it is not a sandbox
 * order or the sandbox is off.
 */
enum jw_code jw_pay_sandbox_result(struct jw_conn *c, const char *id, int64_t payer_id, int success, long long now,
                                   struct jw_error *err);

/*
 * The notification the sandbox would send for the payer's sandbox order id
 * with result success (1) or fail (0), as JSON text in a (*text): what a
 * developer or a test replays to POST /api/v1/payments/notify/sandbox.
 * Errors as jw_pay_sandbox_result() (any state is allowed).
 */
enum jw_code jw_pay_sandbox_notice(struct jw_conn *c, const char *id, int64_t payer_id, int success, struct jw_arena *a,
                                   const char **text, struct jw_error *err);

/*
 * The tick's work: asks the channel about orders past their expiry and
 * orders stuck in paying for a minute (each at most every 30 seconds, with
 * no transaction open meanwhile). One the channel says is paid settles as
 * a notification would; an expired one it says is not paid is closed at
 * the channel and here; one it does not know yet is asked again later. At
 * most max orders per call. Failures are logged.
 */
void jw_pay_tick(struct jw_conn *c, long long now, int max);

/*
 * Payable (purpose, ref) is no longer owed (its case was withdrawn or
 * ended): its open order, if it has one, is closed at once and marked for
 * the tick to close at its channel as well (asking the channel first, as
 * for an expired order). Runs in the caller's transaction — the one that
 * ends the payable — and talks to no channel. Money that still arrives for
 * the order is late: recorded, and a refund is requested by the system.
 * The composition root (app/) hands this to the domains that own payables.
 * Returns JW_OK (also when there was no open order) or a database code.
 */
enum jw_code jw_pay_payable_void(struct jw_conn *c, const char *purpose, const char *ref, long long now,
                                 struct jw_error *err);

/* ---- refunds ---- */

/* A refund as stored. Strings are owned by the arena that read it. */
struct jw_pay_refund {
  int64_t id;
  char order_id[JW_PAY_ORDER_ID_LEN + 1];
  int64_t amount_cents;
  const char *reason, *status, *note;
  int64_t requested_by, decided_by; /* requested_by 0: the system (late money); decided_by 0: not yet */
  const char *origin;               /* "staff" (a cashier asked) or "late" (money after close: the system asked) */
  const char *requested_by_name, *decided_by_name;
  long long requested_at, decided_at, done_at; /* 0: not yet */
};

/* Who acts, for the audit row written in the same transaction. Borrowed. */
struct jw_pay_actor {
  int64_t user_id;
  const char *login;
  const char *ip;
};

/*
 * A cashier asks to refund amount_cents of paid order id, for reason (1–200
 * characters). The amount is reserved at once by a conditional UPDATE, so
 * two requests racing for the last yuan cannot both have it. Errors:
 * JW_E_NOT_FOUND (no such order), JW_E_CONFLICT (not paid, or more than is
 * left to refund: err says how much is), JW_E_VALIDATION (amount ≤ 0).
 * *out is the new refund (strings in a).
 */
enum jw_code jw_pay_refund_request(struct jw_conn *c, const char *id, int64_t amount_cents, const char *reason,
                                   const struct jw_pay_actor *who, long long now, struct jw_arena *a,
                                   struct jw_pay_refund *out, struct jw_error *err);

/*
 * A finance approver decides refund rid: approve (1) sends it out through
 * the order's channel (no transaction open meanwhile) and applies the
 * result once — succeeded (refunded, the ledger's refund movement, the
 * order partially_refunded or refunded) or failed (the amount released);
 * reject (0) releases the amount. JW_E_FORBIDDEN when who requested it
 * (two people, always); JW_E_NOT_FOUND; JW_E_CONFLICT when it is no longer
 * requested. *out is the refund afterwards.
 */
enum jw_code jw_pay_refund_decide(struct jw_conn *c, int64_t rid, int approve, const char *note,
                                  const struct jw_pay_actor *who, long long now, struct jw_arena *a,
                                  struct jw_pay_refund *out, struct jw_error *err);

/* Refunds (status NULL: any; order_id NULL: any), newest first. Array in a. */
enum jw_code jw_pay_refunds(struct jw_conn *c, const char *status, const char *order_id, int64_t offset, int limit,
                            struct jw_arena *a, struct jw_pay_refund **out, size_t *n, struct jw_error *err);

/* ---- the console ---- */

/* The console's filters; NULL or 0: any. */
struct jw_pay_filter {
  const char *status, *purpose, *channel;
  const char *q;      /* an order number or a ref, exactly */
  long long from, to; /* created_at in [from, to) */
};

/* Orders for the console, newest first, from offset, at most limit. Array in a. */
enum jw_code jw_pay_search(struct jw_conn *c, const struct jw_pay_filter *f, int64_t offset, int limit,
                           struct jw_arena *a, struct jw_pay_order **out, size_t *n, struct jw_error *err);

/* One day's totals. */
struct jw_pay_day {
  char day[11];
  int64_t paid_count, paid_cents, refunded_cents;
};

/*
 * Totals per day of the bureau's zone from date from to date to inclusive
 * ("YYYY-MM-DD", at most 366 days), every day present (zeros included).
 * JW_E_VALIDATION (field from/to) for bad dates. Array in a.
 */
enum jw_code jw_pay_daily(struct jw_conn *c, const char *from, const char *to, int tz_offset_min, struct jw_arena *a,
                          struct jw_pay_day **out, size_t *n, struct jw_error *err);

/* One difference found by jw_pay_check(). */
struct jw_pay_problem {
  char what[200];
};

/*
 * Checks the ledger: every movement sums to zero, every paid order has
 * exactly its pay movement (+amount in the channel's clearing account,
 * -amount in revenue), no unpaid order has one. Fills up to max problems
 * into out, *nproblems the number found (may exceed max). Returns JW_OK
 * (check *nproblems) or a database code (err set).
 */
enum jw_code jw_pay_check(struct jw_conn *c, struct jw_pay_problem *out, int max, int *nproblems, struct jw_error *err);

#endif
