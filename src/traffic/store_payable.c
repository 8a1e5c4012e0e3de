/* store_payable.c — the SQL behind a violation's payment (traffic/payable.c). */
#include "traffic/store_payable.h"

#include <stdio.h>

static const char SQL_DUE[] =
    "SELECT v.status, v.number, a.text, v.fine_cents, COALESCE(v.handled_at, 0) FROM violations v"
    " JOIN violation_acts a ON a.code = v.act_code"
    " JOIN vehicle_bindings b ON b.vehicle_id = v.vehicle_id AND b.user_id = ? WHERE v.id = ?";
static const char SQL_MARK_PAID[] =
    "UPDATE violations SET status = 'paid', paid_at = ? WHERE id = ? AND status = 'handled'";

int jw_traffic_store_due(struct jw_conn *c, int64_t id, int64_t payer_id, struct jw_violation_due *out,
                         struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DUE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, payer_id);
  jw_bind_int(s, 2, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    snprintf(out->status, sizeof out->status, "%s", jw_col_text(s, 0));
    snprintf(out->number, sizeof out->number, "%s", jw_col_text(s, 1));
    snprintf(out->act, sizeof out->act, "%s", jw_col_text(s, 2));
    out->fine_cents = jw_col_int(s, 3);
    out->handled_at = jw_col_int(s, 4);
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

int jw_traffic_store_mark_paid(struct jw_conn *c, int64_t id, long long now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MARK_PAID, err);
  if (!s) return -1;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}
