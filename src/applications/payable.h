/*
 * payable.h — an application whose item carries a fee (工本费) as something
 * the bureau is owed: the fee of the item when the citizen applied, and the
 * case's release to the queue when the payment succeeds. The payments
 * domain calls these through its table of payable kinds (app/app.c).
 */
#ifndef JW_APPLICATIONS_PAYABLE_H
#define JW_APPLICATIONS_PAYABLE_H

#include <stdint.h>

#include "core/errors.h"
#include "db/db.h"
#include "payments/payments.h"

/*
 * The payable kind "application": ref is the tracking number; the payer is
 * its applicant; it is owed while the case is open (not withdrawn, refused
 * or finished). See struct jw_payable_kind for the contract.
 */
enum jw_code jw_application_quote(struct jw_conn *c, const char *ref, int64_t payer_id, long long now,
                                  int tz_offset_min, struct jw_payable *out, struct jw_error *err);
enum jw_code jw_application_settle(struct jw_conn *c, const char *ref, long long now, struct jw_error *err);

#endif
