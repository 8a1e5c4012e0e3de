/*
 * refunds.c — refunds with two people's consent, the console's lists and
 * the daily totals (see payments.h).
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "calendar/calendar.h"
#include "core/log.h"
#include "core/mem.h"
#include "payments/channel.h"
#include "payments/internal.h"
#include "payments/payments.h"
#include "payments/store.h"

static enum jw_code audit(struct jw_conn *c, const struct jw_pay_actor *who, const char *action, int64_t rid,
                          const char *detail, struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)rid);
  struct jw_audit_entry e = {
      .actor_id = who->user_id,
      .actor_login = who->login ? who->login : JW_PAY_SYSTEM_LOGIN,
      .action = action,
      .object_type = "payment_refund",
      .object_id = oid,
      .detail = detail,
      .ip = who->ip,
  };
  return jw_audit_write(c, &e, err);
}

struct request_tx {
  const char *id, *reason;
  int64_t amount;
  const struct jw_pay_actor *who;
  long long now;
  struct jw_arena *a;
  int64_t rid;
};

static enum jw_code request_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct request_tx *t = arg;
  struct jw_pay_order o;
  int found = jw_pay_store_get(c, t->id, t->a, &o, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no payment order %.30s.", t->id);
  int n = jw_pay_store_refund_reserve(c, o.id, t->amount, t->now, err);
  if (n < 0) return err->code;
  if (n == 0) {
    int late = (o.status == JW_PAY_CLOSED || o.status == JW_PAY_FAILED) && o.late_cents > 0;
    if (o.status != JW_PAY_SUCCEEDED && o.status != JW_PAY_PARTIALLY_REFUNDED && !late)
      return jw_fail(err, JW_E_CONFLICT, "Order %s is %s: only a paid order can be refunded.", o.id,
                     jw_pay_status_names[o.status]);
    long long left = (long long)((late ? o.late_cents : o.amount_cents) - o.refunded_cents - o.refund_pending_cents);
    return jw_fail(err, JW_E_CONFLICT, "At most %lld.%02lld yuan of order %s can still be refunded.", left / 100,
                   left % 100, o.id);
  }
  if (jw_pay_store_refund_insert(c, o.id, t->amount, t->reason, t->who->user_id, t->now, &t->rid, err) != JW_OK)
    return err->code;
  char detail[200];
  snprintf(detail, sizeof detail, "order %s, %lld cents", o.id, (long long)t->amount);
  return audit(c, t->who, "payment.refund.request", t->rid, detail, err);
}

enum jw_code jw_pay_late_money(struct jw_conn *c, const struct jw_pay_order *o, int64_t amount_cents,
                               const char *trade_no, long long now, int *recorded, struct jw_error *err) {
  *recorded = 0;
  int n = jw_pay_store_late(c, o->id, amount_cents, trade_no, now, err);
  if (n < 0) return err->code;
  if (n == 0) return JW_OK; /* recorded before: its refund was requested then */
  char movement[40], clearing[40];
  snprintf(movement, sizeof movement, "late:%s", o->id);
  snprintf(clearing, sizeof clearing, "clearing:%s", o->channel);
  if (jw_pay_store_ledger(c, movement, o->id, clearing, amount_cents, now, err) != JW_OK ||
      jw_pay_store_ledger(c, movement, o->id, "suspense:late", -amount_cents, now, err) != JW_OK)
    return err->code;
  if (jw_pay_store_refund_reserve(c, o->id, amount_cents, now, err) != 1)
    return err->code ? err->code : jw_fail(err, JW_E_INTERNAL, "the late money of order %s cannot be reserved", o->id);
  int64_t rid;
  char reason[200];
  snprintf(reason, sizeof reason, "系统：订单%s已%s后渠道仍收款（渠道流水号 %.64s），原路退回", o->id,
           o->status == JW_PAY_FAILED ? "失败" : "关闭", trade_no ? trade_no : "—");
  if (jw_pay_store_refund_insert(c, o->id, amount_cents, reason, 0, now, &rid, err) != JW_OK) return err->code;
  char detail[200];
  snprintf(detail, sizeof detail, "order %s, %lld cents that came after it was %s", o->id, (long long)amount_cents,
           jw_pay_status_names[o->status]);
  struct jw_pay_actor system = {0, NULL, ""};
  if (audit(c, &system, "payment.refund.request", rid, detail, err) != JW_OK) return err->code;
  *recorded = 1;
  return JW_OK;
}

enum jw_code jw_pay_refund_request(struct jw_conn *c, const char *id, int64_t amount_cents, const char *reason,
                                   const struct jw_pay_actor *who, long long now, struct jw_arena *a,
                                   struct jw_pay_refund *out, struct jw_error *err) {
  if (amount_cents <= 0) {
    jw_field_fail(err, "amount_cents", "must be a positive number of cents");
    return JW_E_VALIDATION;
  }
  if (strlen(id) != JW_PAY_ORDER_ID_LEN) return jw_fail(err, JW_E_NOT_FOUND, "There is no payment order %.30s.", id);
  struct request_tx t = {id, reason, amount_cents, who, now, a, 0};
  if (jw_tx(c, request_tx, &t, err) != JW_OK) return err->code;
  int found = jw_pay_store_refund_get(c, t.rid, a, out, err);
  return found == 1 ? JW_OK : found < 0 ? err->code : jw_fail(err, JW_E_INTERNAL, "The refund vanished.");
}

struct decide_tx {
  int64_t rid;
  const char *to, *note;
  const struct jw_pay_actor *who;
  long long now;
  struct jw_arena *a;
  struct jw_pay_refund r;
};

static enum jw_code decide_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct decide_tx *t = arg;
  int found = jw_pay_store_refund_get(c, t->rid, t->a, &t->r, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no refund %lld.", (long long)t->rid);
  if (t->r.requested_by == t->who->user_id)
    return jw_fail(err, JW_E_FORBIDDEN, "A refund is approved by someone other than the person who asked for it.");
  int n = jw_pay_store_refund_move(c, t->rid, "requested", t->to, t->who->user_id, t->note, t->now, err);
  if (n < 0) return err->code;
  if (n == 0)
    return jw_fail(err, JW_E_CONFLICT, "Refund %lld is %s: it was decided already.", (long long)t->rid, t->r.status);
  if (strcmp(t->to, "rejected") == 0 &&
      jw_pay_store_refund_settle(c, t->r.order_id, t->r.amount_cents, 0, t->now, err) != 1)
    return err->code ? err->code : jw_fail(err, JW_E_INTERNAL, "the refund's reserved amount is missing");
  char detail[200];
  snprintf(detail, sizeof detail, "order %s, %lld cents, %s", t->r.order_id, (long long)t->r.amount_cents, t->to);
  return audit(c, t->who, strcmp(t->to, "rejected") == 0 ? "payment.refund.reject" : "payment.refund.approve", t->rid,
               detail, err);
}

struct result_tx {
  const struct jw_pay_refund *r;
  const struct jw_pay_order *o;
  int done;
  long long now;
  int applied;
};

/* Applies a refund's outcome once: approved → succeeded (the order's
 * refunded total and the ledger's movement) or failed (released). */
static enum jw_code result_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct result_tx *t = arg;
  int n = jw_pay_store_refund_move(c, t->r->id, "approved", t->done ? "succeeded" : "failed", 0, NULL, t->now, err);
  if (n < 0) return err->code;
  t->applied = n;
  if (n == 0) return JW_OK; /* applied before: the same result again changes nothing */
  if (jw_pay_store_refund_settle(c, t->o->id, t->r->amount_cents, t->done, t->now, err) != 1)
    return err->code ? err->code : jw_fail(err, JW_E_INTERNAL, "the refund's reserved amount is missing");
  if (!t->done) return JW_OK;
  char movement[40], clearing[40], revenue[40];
  snprintf(movement, sizeof movement, "refund:%lld", (long long)t->r->id);
  snprintf(clearing, sizeof clearing, "clearing:%s", t->o->channel);
  /* Late money was never the bureau's revenue: it goes back from suspense. */
  if (t->o->status == JW_PAY_CLOSED || t->o->status == JW_PAY_FAILED)
    snprintf(revenue, sizeof revenue, "suspense:late");
  else
    snprintf(revenue, sizeof revenue, "revenue:%s", t->o->purpose);
  if (jw_pay_store_ledger(c, movement, t->o->id, revenue, t->r->amount_cents, t->now, err) != JW_OK ||
      jw_pay_store_ledger(c, movement, t->o->id, clearing, -t->r->amount_cents, t->now, err) != JW_OK)
    return err->code;
  return JW_OK;
}

enum jw_code jw_pay_refund_decide(struct jw_conn *c, int64_t rid, int approve, const char *note,
                                  const struct jw_pay_actor *who, long long now, struct jw_arena *a,
                                  struct jw_pay_refund *out, struct jw_error *err) {
  struct decide_tx t = {rid, approve ? "approved" : "rejected", note, who, now, a, {0}};
  if (jw_tx(c, decide_tx, &t, err) != JW_OK) return err->code;
  if (approve) {
    struct jw_pay_order o;
    if (jw_pay_get(c, t.r.order_id, 0, a, &o, err) != JW_OK) return err->code;
    const struct jw_pay_channel *ch = jw_pay_channel(o.channel);
    char refund_no[32];
    snprintf(refund_no, sizeof refund_no, "R%lld", (long long)rid);
    /* The channel is asked with no transaction open; its answer is applied once. */
    struct jw_error cerr = {0};
    int done = ch && ch->refund(&o, refund_no, t.r.amount_cents, t.r.reason, &cerr) == JW_OK;
    if (!done)
      jw_warn("ALERT payments: refund %lld of order %s failed at %s: %s", (long long)rid, o.id, o.channel,
              ch ? cerr.detail : "unknown channel");
    struct result_tx rt = {&t.r, &o, done, now, 0};
    if (jw_tx(c, result_tx, &rt, err) != JW_OK) return err->code;
  }
  int found = jw_pay_store_refund_get(c, rid, a, out, err);
  return found == 1 ? JW_OK : found < 0 ? err->code : jw_fail(err, JW_E_INTERNAL, "The refund vanished.");
}

enum jw_code jw_pay_refunds(struct jw_conn *c, const char *status, const char *order_id, int64_t offset, int limit,
                            struct jw_arena *a, struct jw_pay_refund **out, size_t *n, struct jw_error *err) {
  return jw_pay_store_refunds(c, status, order_id, offset, limit, a, out, n, err);
}

enum jw_code jw_pay_search(struct jw_conn *c, const struct jw_pay_filter *f, int64_t offset, int limit,
                           struct jw_arena *a, struct jw_pay_order **out, size_t *n, struct jw_error *err) {
  return jw_pay_store_search(c, f, offset, limit, a, out, n, err);
}

enum jw_code jw_pay_daily(struct jw_conn *c, const char *from, const char *to, int tz_offset_min, struct jw_arena *a,
                          struct jw_pay_day **out, size_t *n, struct jw_error *err) {
  struct jw_date f, t;
  if (!from || jw_date_parse(from, &f) != 0) jw_field_fail(err, "from", "must be a date like 2026-11-01");
  if (!to || jw_date_parse(to, &t) != 0) jw_field_fail(err, "to", "must be a date like 2026-11-30");
  if (err->nfields) return JW_E_VALIDATION;
  long span = jw_date_serial(t) - jw_date_serial(f);
  if (span < 0 || span > 365) {
    jw_field_fail(err, "to", "must be from 0 to 365 days after from");
    return JW_E_VALIDATION;
  }
  long long lo = jw_date_midnight(f, tz_offset_min), hi = jw_date_midnight(jw_date_add_days(t, 1), tz_offset_min);
  return jw_pay_store_daily(c, lo, hi, tz_offset_min, a, out, n, err);
}
