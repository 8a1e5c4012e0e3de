/*
 * internal.h — what the payments domain's logic files (payments.c,
 * refunds.c) share. Private to src/payments/.
 */
#ifndef JW_PAYMENTS_INTERNAL_H
#define JW_PAYMENTS_INTERNAL_H

#include "payments/payments.h"

/* The system as the requester of a refund: no user, shown as 系统. */
#define JW_PAY_SYSTEM_LOGIN "system"

/*
 * Money the channel took for order o after o had closed or failed (the
 * notification or the query said paid): records it on o once (ledger:
 * clearing:<channel> against suspense:late) and requests, on behalf of the
 * system, its refund in full; a finance approver still approves it. Runs in
 * the caller's transaction. *recorded = 1 when it was new (0: recorded
 * before, nothing done). Returns JW_OK or a database code.
 */
enum jw_code jw_pay_late_money(struct jw_conn *c, const struct jw_pay_order *o, int64_t amount_cents,
                               const char *trade_no, long long now, int *recorded, struct jw_error *err);

#endif
