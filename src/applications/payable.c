/* payable.c — an application's fee as a payable (see payable.h). */
#include "applications/payable.h"

#include <stdio.h>
#include <string.h>

#include "applications/store.h"

/* States in which the fee can no longer be owed. */
static int closed(const char *status) {
  static const char *const done[] = {"withdrawn", "not_accepted", "refused", "completed", NULL};
  for (int i = 0; done[i]; i++)
    if (strcmp(status, done[i]) == 0) return 1;
  return 0;
}

enum jw_code jw_application_quote(struct jw_conn *c, const char *ref, int64_t payer_id, long long now,
                                  int tz_offset_min, struct jw_payable *out, struct jw_error *err) {
  (void)now;
  (void)tz_offset_min;
  struct jw_app_fee_due due;
  int found = strlen(ref) <= 32 ? jw_apps_store_fee_due(c, ref, payer_id, &due, err) : 0;
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "You have no application %.32s.", ref);
  if (due.fee_cents <= 0) return jw_fail(err, JW_E_CONFLICT, "This application carries no fee.");
  if (due.paid) return jw_fail(err, JW_E_CONFLICT, "This fee has been paid.");
  if (closed(due.status)) return jw_fail(err, JW_E_CONFLICT, "This application is closed; nothing is owed.");
  out->principal_cents = due.fee_cents;
  out->late_fee_cents = 0;
  snprintf(out->subject, sizeof out->subject, "%.90s 工本费（办件编号 %.32s）", due.service_name, ref);
  return JW_OK;
}

enum jw_code jw_application_settle(struct jw_conn *c, const char *ref, long long now, struct jw_error *err) {
  int n = jw_apps_store_fee_paid(c, ref, now, err);
  if (n < 0) return err->code;
  if (n != 1) return jw_fail(err, JW_E_CONFLICT, "Application %.32s is not waiting for its fee.", ref);
  return JW_OK;
}
