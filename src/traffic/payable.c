/* payable.c — a handled violation's fine as a payable (see payable.h). */
#include "traffic/payable.h"

#include <stdio.h>
#include <string.h>

#include "traffic/traffic.h"
#include "traffic/store_payable.h"

/* The violation id in ref: a positive decimal of at most 18 digits, else 0. */
static int64_t ref_id(const char *ref) {
  size_t n = strlen(ref);
  if (n == 0 || n > 18 || ref[0] == '0') return 0;
  int64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (ref[i] < '0' || ref[i] > '9') return 0;
    v = v * 10 + (ref[i] - '0');
  }
  return v;
}

enum jw_code jw_violation_quote(struct jw_conn *c, const char *ref, int64_t payer_id, long long now, int tz_offset_min,
                                struct jw_payable *out, struct jw_error *err) {
  int64_t id = ref_id(ref);
  struct jw_violation_due due;
  int found = id ? jw_traffic_store_due(c, id, payer_id, &due, err) : 0;
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "You have no violation %.20s to pay.", ref);
  if (strcmp(due.status, "unhandled") == 0)
    return jw_fail(err, JW_E_CONFLICT, "Handle the violation first: the fine is due once the decision is made.");
  if (strcmp(due.status, "paid") == 0) return jw_fail(err, JW_E_CONFLICT, "This fine has been paid.");
  if (due.fine_cents <= 0) return jw_fail(err, JW_E_CONFLICT, "This violation carries no fine.");
  out->principal_cents = due.fine_cents;
  out->late_fee_cents = jw_late_fee_cents(due.fine_cents, due.handled_at, now, tz_offset_min);
  snprintf(out->subject, sizeof out->subject, "交通违法罚款（违法编号 %s）", due.number);
  return JW_OK;
}

enum jw_code jw_violation_settle(struct jw_conn *c, const char *ref, long long now, struct jw_error *err) {
  int64_t id = ref_id(ref);
  int n = id ? jw_traffic_store_mark_paid(c, id, now, err) : 0;
  if (n < 0) return err->code;
  if (n != 1) return jw_fail(err, JW_E_CONFLICT, "Violation %.20s is not waiting for its fine.", ref);
  return JW_OK;
}
