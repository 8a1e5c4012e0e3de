/*
 * channel.h — one payment channel behind one small interface, so that
 * nothing outside the channel's own file knows its protocol. Private to
 * src/payments/.
 */
#ifndef JW_PAYMENTS_CHANNEL_H
#define JW_PAYMENTS_CHANNEL_H

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
};

/* The channel named name, or NULL. */
const struct jw_pay_channel *jw_pay_channel(const char *name);

/*
 * The sandbox's own signed notification for order o with result success
 * (1) or fail (0): a JSON text in arena a, as the sandbox "sends" it to
 * POST /api/v1/payments/notify/sandbox.
 */
char *jw_pay_sandbox_notification(const struct jw_pay_order *o, int success, struct jw_arena *a);

#endif
