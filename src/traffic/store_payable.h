/*
 * store_payable.h — the SQL of traffic/payable.c. Private to src/traffic/.
 */
#ifndef JW_TRAFFIC_STORE_PAYABLE_H
#define JW_TRAFFIC_STORE_PAYABLE_H

#include <stdint.h>

#include "core/errors.h"
#include "db/db.h"

/* A violation as its payer sees it, for the payment. */
struct jw_violation_due {
  char status[12]; /* unhandled, handled, paid */
  char number[32]; /* 违法编号 */
  char act[120];   /* the act's text, cut */
  int64_t fine_cents;
  long long handled_at;
};

/*
 * Reads violation id if payer_id has its vehicle bound: 1 found (*out set),
 * 0 not found or not hers, -1 on a database error (err set).
 */
int jw_traffic_store_due(struct jw_conn *c, int64_t id, int64_t payer_id, struct jw_violation_due *out,
                         struct jw_error *err);

/* Marks violation id paid at now if it is handled: rows changed (0 or 1), -1 on error. */
int jw_traffic_store_mark_paid(struct jw_conn *c, int64_t id, long long now, struct jw_error *err);

#endif
