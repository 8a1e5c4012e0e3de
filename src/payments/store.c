/* store.c — every SQL statement of the payments domain (payment_orders,
 * payment_notifications, payment_ledger, payment_channels). */
#include "payments/store.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/mem.h"

#define ORDER_COLS JW_PAY_ORDER_COLS

/* ON CONFLICT DO NOTHING (no target: any of the unique indexes) keeps a
 * PostgreSQL transaction usable after a race; the caller looks again. */
static const char SQL_INSERT[] =
    "INSERT INTO payment_orders (id, purpose, ref, payer_id, channel, subject, principal_cents, late_fee_cents,"
    " amount_cents, status, created_at, expires_at, idem_key, idem_hash, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'created', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
static const char SQL_GET[] = "SELECT " ORDER_COLS " FROM payment_orders WHERE id = ?";
static const char SQL_OPEN[] = "SELECT " ORDER_COLS
                               " FROM payment_orders"
                               " WHERE purpose = ? AND ref = ? AND status IN ('created', 'paying')";
static const char SQL_PAID[] =
    "SELECT CASE WHEN status = 'refunded' THEN 2 ELSE 1 END FROM payment_orders WHERE purpose = ? AND ref = ?"
    " AND status IN ('succeeded', 'partially_refunded', 'refunded')";
static const char SQL_BY_IDEM[] =
    "SELECT " ORDER_COLS ", idem_hash FROM payment_orders WHERE payer_id = ? AND idem_key = ?";
static const char SQL_LIST_PAYER[] = "SELECT " ORDER_COLS
                                     " FROM payment_orders WHERE payer_id = ?"
                                     " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
static const char SQL_TO_SUCCEEDED[] =
    "UPDATE payment_orders SET status = 'succeeded', paid_at = ?, channel_trade_no = ?, updated_at = ?"
    " WHERE id = ? AND status IN ('created', 'paying')";
static const char SQL_TO_ENDED[] =
    "UPDATE payment_orders SET status = ?, ended_at = ?, updated_at = ?"
    " WHERE id = ? AND status IN ('created', 'paying')";
static const char SQL_TO_PAYING[] =
    "UPDATE payment_orders SET status = 'paying', updated_at = ? WHERE id = ? AND status = 'created'";
static const char SQL_NOTICE[] =
    "INSERT INTO payment_notifications (channel, order_id, received_at, outcome, result, amount_cents, trade_no,"
    " detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LEDGER[] =
    "INSERT INTO payment_ledger (movement, order_id, account, amount_cents, at) VALUES (?, ?, ?, ?, ?)";
static const char SQL_COUNT[] = "UPDATE counters SET value = value + ? WHERE name = ?";
/* Open orders past their expiry, and orders stuck in paying for a minute,
 * that the tick has not asked the channel about in the last 30 seconds. */
static const char SQL_DUE[] =
    "SELECT id FROM payment_orders WHERE ((status IN ('created', 'paying')"
    " AND (expires_at <= ? OR (status = 'paying' AND updated_at <= ?))) OR close_at_channel = 1)"
    " AND COALESCE(queried_at, 0) <= ? ORDER BY expires_at LIMIT ?";
/* Closed because the payable became void: the tick closes it at the channel too. */
static const char SQL_VOID[] =
    "UPDATE payment_orders SET status = 'closed', ended_at = ?, updated_at = ?, close_at_channel = 1, queried_at = NULL"
    " WHERE purpose = ? AND ref = ? AND status IN ('created', 'paying')";
static const char SQL_CLOSED_AT_CHANNEL[] = "UPDATE payment_orders SET close_at_channel = 0 WHERE id = ?";
static const char SQL_LATE[] =
    "UPDATE payment_orders SET late_cents = ?, late_trade_no = ?, late_at = ?, updated_at = ?"
    " WHERE id = ? AND status IN ('closed', 'failed') AND late_cents = 0 AND amount_cents = ?";
static const char SQL_QUERIED[] = "UPDATE payment_orders SET queried_at = ? WHERE id = ?";
static const char SQL_CHANNEL_GET[] = "SELECT enabled FROM payment_channels WHERE name = ?";
static const char SQL_CHANNEL_SET[] = "UPDATE payment_channels SET enabled = ? WHERE name = ?";
static const char SQL_CHECK_MOVEMENTS[] =
    "SELECT movement, SUM(amount_cents) FROM payment_ledger GROUP BY movement HAVING SUM(amount_cents) <> 0"
    " ORDER BY movement";
static const char SQL_CHECK_ORDERS[] =
    "SELECT o.id, o.status, o.amount_cents - o.refunded_cents, COALESCE(l.total, 0) FROM payment_orders o"
    " LEFT JOIN (SELECT order_id, account, SUM(amount_cents) AS total FROM payment_ledger"
    "   GROUP BY order_id, account) l"
    "   ON l.order_id = o.id AND l.account = 'clearing:' || o.channel"
    " WHERE COALESCE(l.total, 0) <> CASE WHEN o.status IN ('succeeded', 'partially_refunded', 'refunded')"
    "   THEN o.amount_cents - o.refunded_cents ELSE o.late_cents - o.refunded_cents END"
    " ORDER BY o.id";
/* Refunds done must match the order's refunded total and the ledger's refund movements. */
static const char SQL_CHECK_REFUNDS[] =
    "SELECT o.id, o.refunded_cents, COALESCE(r.done, 0), COALESCE(l.back, 0) FROM payment_orders o"
    " LEFT JOIN (SELECT order_id, SUM(amount_cents) AS done FROM payment_refunds WHERE status = 'succeeded'"
    "   GROUP BY order_id) r ON r.order_id = o.id"
    " LEFT JOIN (SELECT order_id, -SUM(amount_cents) AS back FROM payment_ledger"
    "   WHERE movement LIKE 'refund:%' AND account LIKE 'clearing:%' GROUP BY order_id) l ON l.order_id = o.id"
    " WHERE o.refunded_cents <> COALESCE(r.done, 0) OR o.refunded_cents <> COALESCE(l.back, 0) ORDER BY o.id";
static const char SQL_CHECK_STRAY[] =
    "SELECT l.movement, l.account FROM payment_ledger l JOIN payment_orders o ON o.id = l.order_id"
    " WHERE l.movement LIKE 'pay:%' AND l.movement <> 'pay:' || o.id ORDER BY l.id";

/* Orders paid in the window, and money that came late for closed ones (the channel took it all the same). */
static const char SQL_PAID_BETWEEN[] =
    "SELECT id, COALESCE(channel_trade_no, late_trade_no, ''), amount_cents, COALESCE(paid_at, late_at)"
    " FROM payment_orders WHERE channel = ?"
    " AND ((paid_at >= ? AND paid_at < ?) OR (paid_at IS NULL AND late_at >= ? AND late_at < ?)) ORDER BY id";

static enum jw_pay_status status_of(const char *s) {
  for (int i = 0; i < JW_PAY__MAX; i++)
    if (strcmp(s, jw_pay_status_names[i]) == 0) return (enum jw_pay_status)i;
  assert(!"unknown payment status in the database");
  return JW_PAY_CLOSED;
}

static void read_order(struct jw_stmt *s, struct jw_arena *a, struct jw_pay_order *o) {
  memset(o, 0, sizeof *o);
  snprintf(o->id, sizeof o->id, "%s", jw_col_text(s, 0));
  o->purpose = jw_arena_strdup(a, jw_col_text(s, 1));
  o->ref = jw_arena_strdup(a, jw_col_text(s, 2));
  o->payer_id = jw_col_int(s, 3);
  o->channel = jw_arena_strdup(a, jw_col_text(s, 4));
  o->subject = jw_arena_strdup(a, jw_col_text(s, 5));
  o->principal_cents = jw_col_int(s, 6);
  o->late_fee_cents = jw_col_int(s, 7);
  o->amount_cents = jw_col_int(s, 8);
  o->status = status_of(jw_col_text(s, 9));
  o->refunded_cents = jw_col_int(s, 10);
  o->channel_trade_no = jw_col_is_null(s, 11) ? NULL : jw_arena_strdup(a, jw_col_text(s, 11));
  o->created_at = jw_col_int(s, 12);
  o->expires_at = jw_col_int(s, 13);
  o->paid_at = jw_col_is_null(s, 14) ? 0 : jw_col_int(s, 14);
  o->ended_at = jw_col_is_null(s, 15) ? 0 : jw_col_int(s, 15);
  o->updated_at = jw_col_int(s, 16);
  o->refund_pending_cents = jw_col_int(s, 17);
  o->close_at_channel = (int)jw_col_int(s, 18);
  o->late_cents = jw_col_int(s, 19);
  o->late_trade_no = jw_col_is_null(s, 20) ? NULL : jw_arena_strdup(a, jw_col_text(s, 20));
  o->late_at = jw_col_is_null(s, 21) ? 0 : jw_col_int(s, 21);
}

enum jw_code jw_pay_store_insert(struct jw_conn *c, const struct jw_pay_order *o, const char *idem_key,
                                 const char *idem_hash, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, o->id);
  jw_bind_text(s, 2, o->purpose);
  jw_bind_text(s, 3, o->ref);
  jw_bind_int(s, 4, o->payer_id);
  jw_bind_text(s, 5, o->channel);
  jw_bind_text(s, 6, o->subject);
  jw_bind_int(s, 7, o->principal_cents);
  jw_bind_int(s, 8, o->late_fee_cents);
  jw_bind_int(s, 9, o->amount_cents);
  jw_bind_int(s, 10, o->created_at);
  jw_bind_int(s, 11, o->expires_at);
  jw_bind_text(s, 12, idem_key);
  jw_bind_text(s, 13, idem_hash);
  jw_bind_int(s, 14, o->created_at);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_CONFLICT, "An order for this payable exists already.");
  return JW_OK;
}

/* Runs a one-row order query; 1 found (into *o), 0 not, -1 error. */
static int one_order(struct jw_stmt *s, struct jw_arena *a, struct jw_pay_order *o, struct jw_error *err) {
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) read_order(s, a, o);
  return st == JW_STEP_ROW;
}

int jw_pay_store_get(struct jw_conn *c, const char *id, struct jw_arena *a, struct jw_pay_order *o,
                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GET, err);
  if (!s) return -1;
  jw_bind_text(s, 1, id);
  int found = one_order(s, a, o, err);
  if (found >= 0) jw_conn_release(c);
  return found;
}

int jw_pay_store_open(struct jw_conn *c, const char *purpose, const char *ref, struct jw_arena *a,
                      struct jw_pay_order *o, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OPEN, err);
  if (!s) return -1;
  jw_bind_text(s, 1, purpose);
  jw_bind_text(s, 2, ref);
  int found = one_order(s, a, o, err);
  if (found >= 0) jw_conn_release(c);
  return found;
}

int jw_pay_store_paid(struct jw_conn *c, const char *purpose, const char *ref, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PAID, err);
  if (!s) return -1;
  jw_bind_text(s, 1, purpose);
  jw_bind_text(s, 2, ref);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int paid = st == JW_STEP_ROW ? (int)jw_col_int(s, 0) : 0;
  jw_conn_release(c);
  return paid;
}

int jw_pay_store_by_idem(struct jw_conn *c, int64_t payer_id, const char *idem_key, struct jw_arena *a,
                         struct jw_pay_order *o, const char **hash, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_BY_IDEM, err);
  if (!s) return -1;
  jw_bind_int(s, 1, payer_id);
  jw_bind_text(s, 2, idem_key);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    read_order(s, a, o);
    *hash = jw_arena_strdup(a, jw_col_text(s, JW_PAY_ORDER_NCOLS));
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

enum jw_code jw_pay_store_orders(struct jw_conn *c, struct jw_stmt *s, struct jw_arena *a, int limit,
                                 struct jw_pay_order **out, size_t *n, struct jw_error *err) {
  struct jw_pay_order *rows = jw_arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof *rows);
  size_t len = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && len < (size_t)limit) read_order(s, a, &rows[len++]);
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

enum jw_code jw_pay_store_list_payer(struct jw_conn *c, int64_t payer_id, int64_t offset, int limit, struct jw_arena *a,
                                     struct jw_pay_order **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LIST_PAYER, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, payer_id);
  jw_bind_int(s, 2, limit);
  jw_bind_int(s, 3, offset);
  return jw_pay_store_orders(c, s, a, limit, out, n, err);
}

int jw_pay_store_move(struct jw_conn *c, const char *id, enum jw_pay_status to, const char *trade_no, long long now,
                      struct jw_error *err) {
  struct jw_stmt *s;
  switch (to) {
  case JW_PAY_SUCCEEDED:
    if (!(s = jw_prepare(c, SQL_TO_SUCCEEDED, err))) return -1;
    jw_bind_int(s, 1, now);
    jw_bind_text(s, 2, trade_no);
    jw_bind_int(s, 3, now);
    jw_bind_text(s, 4, id);
    break;
  case JW_PAY_FAILED:
  case JW_PAY_CLOSED:
    if (!(s = jw_prepare(c, SQL_TO_ENDED, err))) return -1;
    jw_bind_text(s, 1, jw_pay_status_names[to]);
    jw_bind_int(s, 2, now);
    jw_bind_int(s, 3, now);
    jw_bind_text(s, 4, id);
    break;
  case JW_PAY_PAYING:
    if (!(s = jw_prepare(c, SQL_TO_PAYING, err))) return -1;
    jw_bind_int(s, 1, now);
    jw_bind_text(s, 2, id);
    break;
  default:
    assert(!"jw_pay_store_move: not a transition out of an open state");
    return -1;
  }
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}

int jw_pay_store_void(struct jw_conn *c, const char *purpose, const char *ref, long long now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_VOID, err);
  if (!s) return -1;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, now);
  jw_bind_text(s, 3, purpose);
  jw_bind_text(s, 4, ref);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}

enum jw_code jw_pay_store_closed_at_channel(struct jw_conn *c, const char *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CLOSED_AT_CHANNEL, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, id);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

int jw_pay_store_late(struct jw_conn *c, const char *id, int64_t amount_cents, const char *trade_no, long long now,
                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LATE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, amount_cents);
  jw_bind_text(s, 2, trade_no);
  jw_bind_int(s, 3, now);
  jw_bind_int(s, 4, now);
  jw_bind_text(s, 5, id);
  jw_bind_int(s, 6, amount_cents);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}

enum jw_code jw_pay_store_notice(struct jw_conn *c, const char *channel, const char *order_id, long long now,
                                 enum jw_pay_outcome outcome, const char *result, int64_t amount_cents,
                                 const char *trade_no, const char *detail, struct jw_error *err) {
  assert(outcome >= 0 && outcome < JW_PAYN__MAX);
  struct jw_stmt *s = jw_prepare(c, SQL_NOTICE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, channel);
  jw_bind_text(s, 2, order_id);
  jw_bind_int(s, 3, now);
  jw_bind_text(s, 4, jw_pay_outcome_names[outcome]);
  jw_bind_text(s, 5, result);
  if (result)
    jw_bind_int(s, 6, amount_cents);
  else
    jw_bind_null(s, 6);
  jw_bind_text(s, 7, trade_no);
  jw_bind_text(s, 8, detail ? detail : "");
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_pay_store_ledger(struct jw_conn *c, const char *movement, const char *order_id, const char *account,
                                 int64_t amount_cents, long long now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LEDGER, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, movement);
  jw_bind_text(s, 2, order_id);
  jw_bind_text(s, 3, account);
  jw_bind_int(s, 4, amount_cents);
  jw_bind_int(s, 5, now);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_pay_store_count(struct jw_conn *c, const char *name, int64_t n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_COUNT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, n);
  jw_bind_text(s, 2, name);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

int jw_pay_store_due(struct jw_conn *c, long long now, char (*out)[JW_PAY_ORDER_ID_LEN + 1], int max,
                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DUE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, now - JW_PAY_QUERY_AFTER);
  jw_bind_int(s, 3, now - 30);
  jw_bind_int(s, 4, max);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && n < max)
    snprintf(out[n++], JW_PAY_ORDER_ID_LEN + 1, "%s", jw_col_text(s, 0));
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return n;
}

enum jw_code jw_pay_store_queried(struct jw_conn *c, const char *id, long long now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_QUERIED, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  jw_bind_text(s, 2, id);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

int jw_pay_store_channel_enabled(struct jw_conn *c, const char *channel, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CHANNEL_GET, err);
  if (!s) return -1;
  jw_bind_text(s, 1, channel);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int on = st == JW_STEP_ROW && jw_col_int(s, 0) == 1;
  jw_conn_release(c);
  return on;
}

int jw_pay_store_channel_set(struct jw_conn *c, const char *channel, int enabled, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CHANNEL_SET, err);
  if (!s) return -1;
  jw_bind_int(s, 1, enabled ? 1 : 0);
  jw_bind_text(s, 2, channel);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}

enum jw_code jw_pay_store_check(struct jw_conn *c, void (*fn)(void *ctx, const char *text), void *ctx,
                                struct jw_error *err) {
  char text[240];
  struct jw_stmt *s = jw_prepare(c, SQL_CHECK_MOVEMENTS, err);
  if (!s) return err->code;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    snprintf(text, sizeof text, "movement %.60s does not balance: its rows sum to %lld cents", jw_col_text(s, 0),
             (long long)jw_col_int(s, 1));
    fn(ctx, text);
  }
  if (st == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_CHECK_ORDERS, err))) return err->code;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    snprintf(text, sizeof text, "order %.30s (%.20s, %lld cents kept) has %lld cents in its channel's clearing account",
             jw_col_text(s, 0), jw_col_text(s, 1), (long long)jw_col_int(s, 2), (long long)jw_col_int(s, 3));
    fn(ctx, text);
  }
  if (st == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_CHECK_REFUNDS, err))) return err->code;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    snprintf(text, sizeof text, "order %.30s says %lld cents refunded; its refunds say %lld, the ledger %lld",
             jw_col_text(s, 0), (long long)jw_col_int(s, 1), (long long)jw_col_int(s, 2), (long long)jw_col_int(s, 3));
    fn(ctx, text);
  }
  if (st == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_CHECK_STRAY, err))) return err->code;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    snprintf(text, sizeof text, "ledger row of movement %.60s (%.40s) is filed under another order", jw_col_text(s, 0),
             jw_col_text(s, 1));
    fn(ctx, text);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_pay_store_paid_between(struct jw_conn *c, const char *channel, long long from, long long to,
                                       struct jw_arena *a, struct jw_pay_paid **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PAID_BETWEEN, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, channel);
  jw_bind_int(s, 2, from);
  jw_bind_int(s, 3, to);
  jw_bind_int(s, 4, from);
  jw_bind_int(s, 5, to);
  size_t cap = 0, len = 0;
  struct jw_pay_paid *rows = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    struct jw_pay_paid *p = &rows[len++];
    p->id = jw_arena_strdup(a, jw_col_text(s, 0));
    p->trade_no = jw_arena_strdup(a, jw_col_text(s, 1));
    p->amount_cents = jw_col_int(s, 2);
    p->paid_at = jw_col_int(s, 3);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

static const char SQL_PAYER[] = "SELECT name, phone, id_masked FROM users WHERE id = ?";

int jw_pay_store_payer(struct jw_conn *c, int64_t payer_id, struct jw_arena *a, const char **name, const char **phone,
                       const char **id_masked, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PAYER, err);
  if (!s) return -1;
  jw_bind_int(s, 1, payer_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    *name = jw_arena_strdup(a, jw_col_is_null(s, 0) ? "" : jw_col_text(s, 0));
    *phone = jw_arena_strdup(a, jw_col_is_null(s, 1) ? "" : jw_col_text(s, 1));
    *id_masked = jw_arena_strdup(a, jw_col_is_null(s, 2) ? "" : jw_col_text(s, 2));
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}
