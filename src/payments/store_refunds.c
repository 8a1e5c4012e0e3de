/* store_refunds.c — the SQL of refunds and of the console's lists (payment_refunds, payment_orders). */
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/mem.h"
#include "payments/store.h"

/* What can be refunded: what was paid, or what came late for a closed or failed order. */
static const char SQL_RESERVE[] =
    "UPDATE payment_orders SET refund_pending_cents = refund_pending_cents + ?, updated_at = ?"
    " WHERE id = ? AND ((status IN ('succeeded', 'partially_refunded')"
    "   AND refunded_cents + refund_pending_cents + ? <= amount_cents)"
    "  OR (status IN ('closed', 'failed') AND refunded_cents + refund_pending_cents + ? <= late_cents))";
static const char SQL_REFUND_INSERT[] =
    "INSERT INTO payment_refunds (order_id, amount_cents, reason, status, requested_by, requested_at, origin)"
    " VALUES (?, ?, ?, 'requested', ?, ?, ?) RETURNING id";
#define REFUND_COLS                                                                            \
  "r.id, r.order_id, r.amount_cents, r.reason, r.status, r.note, COALESCE(r.requested_by, 0)," \
  " COALESCE(r.decided_by, 0), COALESCE(q.name, ''), COALESCE(d.name, ''), r.requested_at,"    \
  " COALESCE(r.decided_at, 0), COALESCE(r.done_at, 0), r.origin"
#define REFUND_FROM \
  " FROM payment_refunds r LEFT JOIN users q ON q.id = r.requested_by LEFT JOIN users d ON d.id = r.decided_by"
static const char SQL_REFUND_GET[] = "SELECT " REFUND_COLS REFUND_FROM " WHERE r.id = ?";
static const char SQL_REFUNDS[] = "SELECT " REFUND_COLS REFUND_FROM
                                  " WHERE (CAST(? AS TEXT) IS NULL OR r.status = CAST(? AS TEXT))"
                                  " AND (CAST(? AS TEXT) IS NULL OR r.order_id = CAST(? AS TEXT))"
                                  " ORDER BY r.id DESC LIMIT ? OFFSET ?";
static const char SQL_DECIDE[] =
    "UPDATE payment_refunds SET status = ?, decided_by = ?, decided_at = ?, note = ?"
    " WHERE id = ? AND status = ? AND (requested_by IS NULL OR requested_by <> ?)";
static const char SQL_FINISH[] = "UPDATE payment_refunds SET status = ?, done_at = ? WHERE id = ? AND status = ?";
static const char SQL_SETTLE_DONE[] =
    "UPDATE payment_orders SET refunded_cents = refunded_cents + ?, refund_pending_cents = refund_pending_cents - ?,"
    " status = CASE WHEN status IN ('closed', 'failed') THEN status"
    "   WHEN refunded_cents + ? = amount_cents THEN 'refunded' ELSE 'partially_refunded' END,"
    " updated_at = ? WHERE id = ? AND refund_pending_cents >= ?";
static const char SQL_SETTLE_RELEASE[] =
    "UPDATE payment_orders SET refund_pending_cents = refund_pending_cents - ?, updated_at = ?"
    " WHERE id = ? AND refund_pending_cents >= ?";
static const char SQL_SEARCH[] = "SELECT " JW_PAY_ORDER_COLS
                                 " FROM payment_orders"
                                 " WHERE (CAST(? AS TEXT) IS NULL OR status = CAST(? AS TEXT))"
                                 " AND (CAST(? AS TEXT) IS NULL OR purpose = CAST(? AS TEXT))"
                                 " AND (CAST(? AS TEXT) IS NULL OR channel = CAST(? AS TEXT))"
                                 " AND (CAST(? AS TEXT) IS NULL OR id = CAST(? AS TEXT) OR ref = CAST(? AS TEXT))"
                                 " AND created_at >= ? AND created_at < ?"
                                 " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
static const char SQL_DAILY_PAID[] =
    "SELECT paid_at, amount_cents FROM payment_orders WHERE paid_at >= ? AND paid_at < ? ORDER BY paid_at";
/* Refunds of revenue only: late money sent back was never counted as paid (it sits in suspense:late). */
static const char SQL_DAILY_REFUNDED[] =
    "SELECT done_at, amount_cents FROM payment_refunds WHERE status = 'succeeded' AND origin = 'staff'"
    " AND done_at >= ? AND done_at < ? ORDER BY done_at";

int jw_pay_store_refund_reserve(struct jw_conn *c, const char *id, int64_t amount_cents, long long now,
                                struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RESERVE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, amount_cents);
  jw_bind_int(s, 2, now);
  jw_bind_text(s, 3, id);
  jw_bind_int(s, 4, amount_cents);
  jw_bind_int(s, 5, amount_cents);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}

enum jw_code jw_pay_store_refund_insert(struct jw_conn *c, const char *order_id, int64_t amount_cents,
                                        const char *reason, int64_t requested_by, long long now, int64_t *rid,
                                        struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_REFUND_INSERT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, order_id);
  jw_bind_int(s, 2, amount_cents);
  jw_bind_text(s, 3, reason);
  if (requested_by)
    jw_bind_int(s, 4, requested_by);
  else
    jw_bind_null(s, 4);
  jw_bind_int(s, 5, now);
  jw_bind_text(s, 6, requested_by ? "staff" : "late");
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *rid = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

static void read_refund(struct jw_stmt *s, struct jw_arena *a, struct jw_pay_refund *r) {
  memset(r, 0, sizeof *r);
  r->id = jw_col_int(s, 0);
  snprintf(r->order_id, sizeof r->order_id, "%s", jw_col_text(s, 1));
  r->amount_cents = jw_col_int(s, 2);
  r->reason = jw_arena_strdup(a, jw_col_text(s, 3));
  r->status = jw_arena_strdup(a, jw_col_text(s, 4));
  r->note = jw_arena_strdup(a, jw_col_text(s, 5));
  r->requested_by = jw_col_int(s, 6);
  r->decided_by = jw_col_int(s, 7);
  r->requested_by_name = jw_arena_strdup(a, jw_col_text(s, 8));
  r->decided_by_name = jw_arena_strdup(a, jw_col_text(s, 9));
  r->requested_at = jw_col_int(s, 10);
  r->decided_at = jw_col_int(s, 11);
  r->done_at = jw_col_int(s, 12);
  r->origin = jw_arena_strdup(a, jw_col_text(s, 13));
}

int jw_pay_store_refund_get(struct jw_conn *c, int64_t rid, struct jw_arena *a, struct jw_pay_refund *out,
                            struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_REFUND_GET, err);
  if (!s) return -1;
  jw_bind_int(s, 1, rid);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) read_refund(s, a, out);
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

int jw_pay_store_refund_move(struct jw_conn *c, int64_t rid, const char *from, const char *to, int64_t decided_by,
                             const char *note, long long now, struct jw_error *err) {
  struct jw_stmt *s;
  if (strcmp(from, "requested") == 0) {
    if (!(s = jw_prepare(c, SQL_DECIDE, err))) return -1;
    jw_bind_text(s, 1, to);
    jw_bind_int(s, 2, decided_by);
    jw_bind_int(s, 3, now);
    jw_bind_text(s, 4, note ? note : "");
    jw_bind_int(s, 5, rid);
    jw_bind_text(s, 6, from);
    jw_bind_int(s, 7, decided_by);
  } else {
    if (!(s = jw_prepare(c, SQL_FINISH, err))) return -1;
    jw_bind_text(s, 1, to);
    jw_bind_int(s, 2, now);
    jw_bind_int(s, 3, rid);
    jw_bind_text(s, 4, from);
  }
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}

int jw_pay_store_refund_settle(struct jw_conn *c, const char *id, int64_t amount_cents, int done, long long now,
                               struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, done ? SQL_SETTLE_DONE : SQL_SETTLE_RELEASE, err);
  if (!s) return -1;
  int k = 1;
  jw_bind_int(s, k++, amount_cents);
  if (done) {
    jw_bind_int(s, k++, amount_cents);
    jw_bind_int(s, k++, amount_cents);
  }
  jw_bind_int(s, k++, now);
  jw_bind_text(s, k++, id);
  jw_bind_int(s, k, amount_cents);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}

enum jw_code jw_pay_store_refunds(struct jw_conn *c, const char *status, const char *order_id, int64_t offset,
                                  int limit, struct jw_arena *a, struct jw_pay_refund **out, size_t *n,
                                  struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_REFUNDS, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, status);
  jw_bind_text(s, 2, status);
  jw_bind_text(s, 3, order_id);
  jw_bind_text(s, 4, order_id);
  jw_bind_int(s, 5, limit);
  jw_bind_int(s, 6, offset);
  struct jw_pay_refund *rows = jw_arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof *rows);
  size_t len = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && len < (size_t)limit) read_refund(s, a, &rows[len++]);
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

enum jw_code jw_pay_store_search(struct jw_conn *c, const struct jw_pay_filter *f, int64_t offset, int limit,
                                 struct jw_arena *a, struct jw_pay_order **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SEARCH, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, f->status);
  jw_bind_text(s, 2, f->status);
  jw_bind_text(s, 3, f->purpose);
  jw_bind_text(s, 4, f->purpose);
  jw_bind_text(s, 5, f->channel);
  jw_bind_text(s, 6, f->channel);
  jw_bind_text(s, 7, f->q);
  jw_bind_text(s, 8, f->q);
  jw_bind_text(s, 9, f->q);
  jw_bind_int(s, 10, f->from);
  jw_bind_int(s, 11, f->to ? f->to : (long long)1 << 62);
  jw_bind_int(s, 12, limit);
  jw_bind_int(s, 13, offset);
  return jw_pay_store_orders(c, s, a, limit, out, n, err);
}

/* Adds each row's (time, cents) to the day it falls on; what does not fall in days[0..ndays) is skipped. */
static enum jw_code add_days(struct jw_conn *c, struct jw_stmt *s, long long from, int tz_offset_min,
                             struct jw_pay_day *days, size_t ndays, int paid, struct jw_error *err) {
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    long long k = (jw_col_int(s, 0) - from) / 86400;
    (void)tz_offset_min;
    if (k < 0 || (size_t)k >= ndays) continue;
    if (paid) {
      days[k].paid_count++;
      days[k].paid_cents += jw_col_int(s, 1);
    } else {
      days[k].refunded_cents += jw_col_int(s, 1);
    }
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_pay_store_daily(struct jw_conn *c, long long from, long long to, int tz_offset_min, struct jw_arena *a,
                                struct jw_pay_day **out, size_t *n, struct jw_error *err) {
  size_t ndays = (size_t)((to - from) / 86400);
  struct jw_pay_day *days = jw_arena_zalloc(a, (ndays ? ndays : 1) * sizeof *days);
  for (size_t i = 0; i < ndays; i++) jw_local_date(from + (long long)i * 86400 + 43200, tz_offset_min, days[i].day);
  struct jw_stmt *s = jw_prepare(c, SQL_DAILY_PAID, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, from);
  jw_bind_int(s, 2, to);
  if (add_days(c, s, from, tz_offset_min, days, ndays, 1, err) != JW_OK) return err->code;
  if (!(s = jw_prepare(c, SQL_DAILY_REFUNDED, err))) return err->code;
  jw_bind_int(s, 1, from);
  jw_bind_int(s, 2, to);
  if (add_days(c, s, from, tz_offset_min, days, ndays, 0, err) != JW_OK) return err->code;
  *out = days;
  *n = ndays;
  return JW_OK;
}

static const char SQL_REFUNDED_AT[] =
    "SELECT COALESCE(MAX(done_at), 0) FROM payment_refunds WHERE order_id = ? AND status = 'succeeded'";

long long jw_pay_store_refunded_at(struct jw_conn *c, const char *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_REFUNDED_AT, err);
  if (!s) return -1;
  jw_bind_text(s, 1, id);
  if (jw_step(s, err) != JW_STEP_ROW) return -1;
  long long at = jw_col_int(s, 0);
  jw_conn_release(c);
  return at;
}
