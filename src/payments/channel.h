/*
 * channel.h — one payment channel behind one small interface, so that
 * nothing outside the channel's own file knows its protocol. Private to
 * src/payments/.
 */
#ifndef JW_PAYMENTS_CHANNEL_H
#define JW_PAYMENTS_CHANNEL_H

#include "core/config.h"
#include "payments/payments.h"

/* A notification as a channel's verify() read it. Strings in the arena. */
struct jw_pay_notice {
  const char *order_id; /* our order number (out_trade_no) */
  const char *trade_no; /* the channel's own number */
  int64_t amount_cents;
  int success; /* 1: paid; 0: the payment failed or was closed at the channel */
};

struct jw_pay_channel {
  const char *name;
  /* What the channel must receive to stop resending a notification. */
  const char *ack;
  /*
   * 1 when the payer pays at the channel's own cashier as soon as pay_url
   * is handed out: the order is paying from its creation on (the tick asks
   * the channel about it); 0 when the payer's step is seen (the sandbox).
   */
  int external;
  /*
   * Reads the channel's settings from cfg, once at start, before threads
   * (keys, addresses). JW_OK when they are complete or absent (the channel
   * is then not ready); JW_E_INTERNAL with err naming what is wrong (a key
   * file readable by others, a key that does not load, half a configuration).
   */
  enum jw_code (*configure)(const struct jw_config *cfg, struct jw_error *err);
  /* JW_OK when the channel may take orders; JW_E_NOT_ALLOWED (err says what is missing) otherwise. */
  enum jw_code (*ready)(struct jw_error *err);
  /* The address the payer is sent to for order o, in arena a; NULL on error (err set). */
  char *(*pay_url)(const struct jw_pay_order *o, struct jw_arena *a, struct jw_error *err);
  /*
   * Reads and verifies a notification (body of n bytes, its Content-Type or
   * NULL). JW_OK with *out set when the channel really sent it;
   * JW_E_BAD_REQUEST with err set otherwise, and *malformed = 1 when it is
   * not a notification at all (0: a bad signature or another merchant's).
   */
  enum jw_code (*verify)(const char *body, size_t n, const char *content_type, struct jw_arena *a,
                         struct jw_pay_notice *out, int *malformed, struct jw_error *err);
  /*
   * Asks the channel how order o stands: *paid = 1 (out filled), 0 (not
   * paid), -1 (the channel does not know yet). Returns JW_OK or an error
   * (the channel could not be reached: err set).
   */
  enum jw_code (*query)(const struct jw_pay_order *o, struct jw_arena *a, int *paid, struct jw_pay_notice *out,
                        struct jw_error *err);
  /* Closes order o at the channel so it can no longer be paid. */
  enum jw_code (*close)(const struct jw_pay_order *o, struct jw_error *err);
  /*
   * Asks the channel to pay back amount_cents of paid order o, as refund
   * refund_id (the channel's idempotency key: asking again with the same id
   * is the same refund), for reason. JW_OK when the channel accepted it.
   */
  enum jw_code (*refund)(const struct jw_pay_order *o, const char *refund_id, int64_t amount_cents, const char *reason,
                         struct jw_error *err);
};

/* The channels: sandbox.c, alipay.c. */
extern const struct jw_pay_channel jw_pay_sandbox_channel;
extern const struct jw_pay_channel jw_pay_alipay_channel;

/* The channel named name, or NULL. */
const struct jw_pay_channel *jw_pay_channel(const char *name);

/*
 * The sandbox's own signed notification for order o with result success
 * (1) or fail (0): a JSON text in arena a, as the sandbox "sends" it to
 * POST /api/v1/payments/notify/sandbox.
 */
char *jw_pay_sandbox_notification(const struct jw_pay_order *o, int success, struct jw_arena *a);

#endif
