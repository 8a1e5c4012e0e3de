/*
 * payable.h — a handled violation as something the bureau is owed: the fine
 * (罚款) plus the late fee (加处罚款, jw_late_fee_cents in traffic.h) the server
 * computes at the moment of payment, and the change to "paid" when the payment succeeds. The payments
 * domain calls these through its table of payable kinds.
 */
#ifndef JW_TRAFFIC_PAYABLE_H
#define JW_TRAFFIC_PAYABLE_H

#include <stdint.h>

#include "core/errors.h"
#include "db/db.h"
#include "payments/payments.h"

/*
 * The payable kind "violation": ref is the violation's id; the payer is a
 * citizen who has the vehicle bound (her own car, or another's with its
 * owner's consent). See struct jw_payable_kind for the contract.
 */
enum jw_code jw_violation_quote(struct jw_conn *c, const char *ref, int64_t payer_id, long long now, int tz_offset_min,
                                struct jw_payable *out, struct jw_error *err);
enum jw_code jw_violation_settle(struct jw_conn *c, const char *ref, long long now, struct jw_error *err);

#endif
