/*
 * payments.c — orders and their state machine, the notifications of the
 * channels, the tick's expiry and the ledger check (see payments.h).
 */
#include "payments/payments.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/log.h"
#include "core/mem.h"
#include "payments/channel.h"
#include "payments/internal.h"
#include "payments/store.h"

const char *const jw_pay_status_names[JW_PAY__MAX + 1] = {
    "created", "paying", "succeeded", "failed", "closed", "partially_refunded", "refunded", NULL};
const char *const jw_pay_outcome_names[JW_PAYN__MAX + 1] = {"applied",       "duplicate",       "late",      "forged",
                                                            "unknown_order", "amount_mismatch", "malformed", NULL};

/* The payable kinds, registered once by the composition root (app/). */
static const struct jw_payable_kind *kinds;
static size_t nkinds;
static const char *purposes[JW_PAY_MAX_KINDS + 1];
/* The channels, and their names for field specs: a new channel is one row in each. */
static const struct jw_pay_channel *const channels[] = {&jw_pay_sandbox_channel, &jw_pay_alipay_channel};
#define NCHANNELS (sizeof channels / sizeof channels[0])
const char *const jw_pay_channels[] = {"sandbox", "alipay", NULL};

const struct jw_pay_channel *jw_pay_channel(const char *name) {
  for (size_t i = 0; name && i < NCHANNELS; i++)
    if (strcmp(channels[i]->name, name) == 0) return channels[i];
  return NULL;
}

enum jw_code jw_pay_configure(const struct jw_config *cfg, struct jw_error *err) {
  for (size_t i = 0; i < NCHANNELS; i++)
    if (channels[i]->configure(cfg, err) != JW_OK) return err->code;
  return JW_OK;
}

char *jw_pay_url(const struct jw_pay_order *o, struct jw_arena *a, struct jw_error *err) {
  const struct jw_pay_channel *ch = jw_pay_channel(o->channel);
  if (!ch) {
    jw_fail(err, JW_E_NOT_FOUND, "There is no payment channel %.40s.", o->channel);
    return NULL;
  }
  return ch->pay_url(o, a, err);
}

void jw_pay_set_kinds(const struct jw_payable_kind *k, size_t n) {
  assert(n <= JW_PAY_MAX_KINDS);
  kinds = k;
  nkinds = n;
  for (size_t i = 0; i <= JW_PAY_MAX_KINDS; i++) purposes[i] = i < n ? k[i].purpose : NULL;
}

const char *const *jw_pay_purposes(void) { return purposes; }

const struct jw_payable_kind *jw_payable_kind(const char *purpose) {
  for (size_t i = 0; purpose && i < nkinds; i++)
    if (strcmp(kinds[i].purpose, purpose) == 0) return &kinds[i];
  return NULL;
}

int jw_pay_channel_enabled(struct jw_conn *c, const char *channel, struct jw_error *err) {
  return jw_pay_store_channel_enabled(c, channel, err);
}

int jw_pay_channels_open(struct jw_conn *c, const char **out, int max, struct jw_error *err) {
  int n = 0;
  for (int i = 0; jw_pay_channels[i] && n < max; i++) {
    int on = jw_pay_store_channel_enabled(c, jw_pay_channels[i], err);
    if (on < 0) return -1;
    struct jw_error ignored = {0};
    const struct jw_pay_channel *ch = jw_pay_channel(jw_pay_channels[i]);
    if (on && ch && ch->ready(&ignored) == JW_OK) out[n++] = jw_pay_channels[i];
  }
  return n;
}

enum jw_code jw_pay_channel_set(struct jw_conn *c, const char *channel, int enabled, struct jw_error *err) {
  const struct jw_pay_channel *ch = jw_pay_channel(channel);
  if (enabled && ch && ch->ready(err) != JW_OK) return err->code;
  int n = jw_pay_store_channel_set(c, channel, enabled, err);
  if (n < 0) return err->code;
  if (n == 0) return jw_fail(err, JW_E_NOT_FOUND, "There is no payment channel %.40s.", channel);
  return JW_OK;
}

/* ---- creating an order ---- */

/* "P" + the bureau's date + 12 random digits. */
static void new_order_id(long long now, int tz_offset_min, char out[JW_PAY_ORDER_ID_LEN + 1]) {
  struct jw_date d = jw_date_of_time(now, tz_offset_min);
  unsigned hi = randombytes_uniform(1000000u) % 1000000u, lo = randombytes_uniform(1000000u) % 1000000u;
  unsigned y = (unsigned)d.y % 10000u, m = (unsigned)d.m % 100u, day = (unsigned)d.d % 100u;
  char buf[48];
  snprintf(buf, sizeof buf, "P%04u%02u%02u%06u%06u", y, m, day, hi, lo);
  memcpy(out, buf, JW_PAY_ORDER_ID_LEN);
  out[JW_PAY_ORDER_ID_LEN] = '\0';
}

/* The refund policy, as the payer reads it when she tries to pay a refunded payable again. */
#define REFUNDED_NOT_REOPENED                                                                                      \
  "This was paid and the payment was then refunded. A refund returns money paid by mistake or twice; it does not " \
  "reopen what was paid, so nothing is owed."

struct create_tx {
  const struct jw_pay_request *r;
  const struct jw_payable_kind *kind;
  struct jw_arena *a;
  struct jw_pay_order *out;
  int existing;
};

/* The answer when the payable already has an order: the payer's own open
 * order comes back; someone else's open order or a paid one is 409. */
static enum jw_code answer_existing(struct create_tx *t, struct jw_conn *c, struct jw_error *err) {
  struct jw_pay_order open;
  int found = jw_pay_store_open(c, t->r->purpose, t->r->ref, t->a, &open, err);
  if (found < 0) return err->code;
  if (found) {
    if (open.payer_id != t->r->payer_id)
      return jw_fail(err, JW_E_CONFLICT,
                     "Another account is paying this right now; if it is not paid, try again in 15 minutes.");
    *t->out = open;
    t->existing = 1;
    return JW_OK;
  }
  int paid = jw_pay_store_paid(c, t->r->purpose, t->r->ref, err);
  if (paid < 0) return err->code;
  if (paid == 2) return jw_fail(err, JW_E_CONFLICT, REFUNDED_NOT_REOPENED);
  if (paid) return jw_fail(err, JW_E_CONFLICT, "This has been paid already.");
  return JW_E_NOT_FOUND; /* nothing there: the caller goes on */
}

static enum jw_code create_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct create_tx *t = arg;
  const struct jw_pay_request *r = t->r;
  t->existing = 0;
  if (r->idem_key) {
    struct jw_pay_order prior;
    const char *hash = NULL;
    int found = jw_pay_store_by_idem(c, r->payer_id, r->idem_key, t->a, &prior, &hash, err);
    if (found < 0) return err->code;
    if (found) {
      if (!r->idem_hash || strcmp(hash, r->idem_hash) != 0)
        return jw_fail(err, JW_E_VALIDATION, "This Idempotency-Key was used with another request body.");
      *t->out = prior;
      t->existing = 1;
      return JW_OK;
    }
  }
  /* Whether the payer may pay this at all comes first, so that nobody
   * learns from the answer that someone else has an order for it. */
  struct jw_payable due = {0};
  if (t->kind->quote(c, r->ref, r->payer_id, r->now, r->tz_offset_min, &due, err) != JW_OK) {
    /* Settled and then refunded: say why it is not owed again (the policy), not just "paid". */
    if (err->code == JW_E_CONFLICT && jw_pay_store_paid(c, r->purpose, r->ref, err) == 2)
      return jw_fail(err, JW_E_CONFLICT, REFUNDED_NOT_REOPENED);
    return err->code;
  }
  enum jw_code rc = answer_existing(t, c, err);
  if (rc != JW_E_NOT_FOUND) return rc;
  struct jw_pay_order o = {0};
  new_order_id(r->now, r->tz_offset_min, o.id);
  o.purpose = r->purpose;
  o.ref = r->ref;
  o.channel = r->channel;
  o.subject = jw_arena_strdup(t->a, due.subject);
  o.payer_id = r->payer_id;
  o.principal_cents = due.principal_cents;
  o.late_fee_cents = due.late_fee_cents;
  o.amount_cents = due.principal_cents + due.late_fee_cents;
  o.status = JW_PAY_CREATED;
  o.created_at = o.updated_at = r->now;
  o.expires_at = r->now + JW_PAY_ORDER_TTL;
  rc = jw_pay_store_insert(c, &o, r->idem_key, r->idem_key ? r->idem_hash : NULL, err);
  /* At a channel's own cashier the payer may pay as soon as the address is
   * out: the order is paying from the start, and the tick asks about it. */
  if (rc == JW_OK && jw_pay_channel(o.channel)->external) {
    int moved = jw_pay_store_move(c, o.id, JW_PAY_PAYING, NULL, r->now, err);
    if (moved < 0) return err->code;
    o.status = JW_PAY_PAYING;
  }
  if (rc == JW_E_CONFLICT) {
    /* Another tab or instance got there first (or the idempotency key was
     * just taken): answer as if it had been there when we looked. */
    rc = answer_existing(t, c, err);
    if (rc == JW_E_NOT_FOUND) return jw_fail(err, JW_E_DB_BUSY, "order number collision; retry");
    return rc;
  }
  if (rc != JW_OK) return rc;
  *t->out = o;
  return JW_OK;
}

enum jw_code jw_pay_create(struct jw_conn *c, const struct jw_pay_request *r, struct jw_arena *a,
                           struct jw_pay_order *out, int *existing, struct jw_error *err) {
  const struct jw_payable_kind *kind = jw_payable_kind(r->purpose);
  if (!kind) {
    jw_field_fail(err, "purpose", "must be one of the payable kinds");
    return JW_E_VALIDATION;
  }
  const struct jw_pay_channel *ch = jw_pay_channel(r->channel);
  if (!ch) {
    jw_field_fail(err, "channel", "is not a payment channel of this bureau");
    return JW_E_VALIDATION;
  }
  int on = jw_pay_channel_enabled(c, r->channel, err);
  if (on < 0) return err->code;
  if (!on) return jw_fail(err, JW_E_NOT_ALLOWED, "The payment channel %s is not open.", r->channel);
  if (ch->ready(err) != JW_OK) return err->code;
  struct jw_pay_order o;
  struct create_tx t = {r, kind, a, &o, 0};
  if (jw_tx(c, create_tx, &t, err) != JW_OK) return err->code;
  *out = o;
  *existing = t.existing;
  return JW_OK;
}

enum jw_code jw_pay_get(struct jw_conn *c, const char *id, int64_t payer_id, struct jw_arena *a,
                        struct jw_pay_order *out, struct jw_error *err) {
  struct jw_pay_order o;
  int found = strlen(id) == JW_PAY_ORDER_ID_LEN ? jw_pay_store_get(c, id, a, &o, err) : 0;
  if (found < 0) return err->code;
  if (!found || (payer_id && o.payer_id != payer_id))
    return jw_fail(err, JW_E_NOT_FOUND, "You have no payment order %.30s.", id);
  *out = o;
  return JW_OK;
}

enum jw_code jw_pay_list_mine(struct jw_conn *c, int64_t payer_id, int64_t offset, int limit, struct jw_arena *a,
                              struct jw_pay_order **out, size_t *n, struct jw_error *err) {
  assert(limit >= 1 && limit <= 101 && offset >= 0);
  return jw_pay_store_list_payer(c, payer_id, offset, limit, a, out, n, err);
}

/* ---- notifications ---- */

struct apply_tx {
  const char *channel;
  const struct jw_pay_notice *n;
  long long now;
  const char *via; /* "notify" or "query" */
  struct jw_arena *a;
  enum jw_pay_outcome outcome;
  char detail[160];
};

/* Settles order o paid by notice n: the payable first (its conditional
 * UPDATE says whether it is still owed), then the order and the ledger.
 * *owed = 0 (nothing changed) when the payable no longer is. */
static enum jw_code settle(struct jw_conn *c, struct apply_tx *t, const struct jw_pay_order *o, int *owed,
                           struct jw_error *err) {
  const struct jw_payable_kind *kind = jw_payable_kind(o->purpose);
  assert(kind);
  *owed = 1;
  enum jw_code rc = kind->settle(c, o->ref, t->now, err);
  if (rc == JW_E_CONFLICT) {
    jw_error_clear(err);
    *owed = 0;
    return JW_OK;
  }
  if (rc != JW_OK) return rc;
  int moved = jw_pay_store_move(c, o->id, JW_PAY_SUCCEEDED, t->n->trade_no, t->now, err);
  if (moved < 0) return err->code;
  /* Another transaction moved the order after we read it (PostgreSQL):
   * undo everything and look again. */
  if (moved == 0) return jw_fail(err, JW_E_DB_BUSY, "order %s moved meanwhile; retry", o->id);
  char movement[40], clearing[40], revenue[40];
  snprintf(movement, sizeof movement, "pay:%s", o->id);
  snprintf(clearing, sizeof clearing, "clearing:%s", o->channel);
  snprintf(revenue, sizeof revenue, "revenue:%s", o->purpose);
  if (jw_pay_store_ledger(c, movement, o->id, clearing, o->amount_cents, t->now, err) != JW_OK ||
      jw_pay_store_ledger(c, movement, o->id, revenue, -o->amount_cents, t->now, err) != JW_OK ||
      jw_pay_store_count(c, "transactions", 1, err) != JW_OK)
    return err->code;
  return JW_OK;
}

/* Applies a genuine notification n to its order, once; records it. */
static enum jw_code apply_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct apply_tx *t = arg;
  const struct jw_pay_notice *n = t->n;
  t->detail[0] = '\0';
  struct jw_pay_order o;
  int found = jw_pay_store_get(c, n->order_id, t->a, &o, err);
  if (found < 0) return err->code;
  int open = found && (o.status == JW_PAY_CREATED || o.status == JW_PAY_PAYING);
  if (!found || strcmp(o.channel, t->channel) != 0) {
    t->outcome = JW_PAYN_UNKNOWN_ORDER;
    snprintf(t->detail, sizeof t->detail, "no order %.30s of channel %s", n->order_id, t->channel);
  } else if (n->amount_cents != o.amount_cents) {
    t->outcome = JW_PAYN_AMOUNT_MISMATCH;
    snprintf(t->detail, sizeof t->detail, "amount %lld cents, the order's is %lld", (long long)n->amount_cents,
             (long long)o.amount_cents);
  } else {
    int moved = 0;
    if (open && n->success) {
      int owed;
      if (settle(c, t, &o, &owed, err) != JW_OK) return err->code;
      moved = owed;
      /* Nothing owed any more (the case was withdrawn, the fine paid
       * otherwise): the order closes, and the money is late. */
      if (!owed && jw_pay_store_move(c, o.id, JW_PAY_CLOSED, NULL, t->now, err) < 0) return err->code;
    } else if (open) {
      if ((moved = jw_pay_store_move(c, o.id, JW_PAY_FAILED, n->trade_no, t->now, err)) < 0) return err->code;
    }
    if (moved == 1) {
      t->outcome = JW_PAYN_APPLIED;
    } else {
      /* The order is not (or no longer) open: where is it now? */
      if (jw_pay_store_get(c, o.id, t->a, &o, err) != 1) return err->code ? err->code : JW_E_DB_BUSY;
      int paid = o.status == JW_PAY_SUCCEEDED || o.status == JW_PAY_PARTIALLY_REFUNDED || o.status == JW_PAY_REFUNDED;
      /* The same news again is a duplicate; news that contradicts where it
       * is (paid after it was closed, failed after it was paid) is late. */
      t->outcome =
          (n->success && paid) || (!n->success && o.status == JW_PAY_FAILED) ? JW_PAYN_DUPLICATE : JW_PAYN_LATE;
      int recorded = 0;
      if (n->success && !paid &&
          jw_pay_late_money(c, &o, n->amount_cents, n->trade_no, t->now, &recorded, err) != JW_OK)
        return err->code;
      snprintf(t->detail, sizeof t->detail, "order was %s%s", jw_pay_status_names[o.status],
               recorded ? "; the money goes back: a refund is requested by the system" : "");
    }
  }
  if (t->outcome == JW_PAYN_UNKNOWN_ORDER || t->outcome == JW_PAYN_AMOUNT_MISMATCH || t->outcome == JW_PAYN_LATE)
    if (jw_pay_store_count(c, "payment_alerts", 1, err) != JW_OK) return err->code;
  char detail[200];
  snprintf(detail, sizeof detail, "%s%s%s", t->via, t->detail[0] ? ": " : "", t->detail);
  return jw_pay_store_notice(c, t->channel, n->order_id, t->now, t->outcome, n->success ? "success" : "fail",
                             n->amount_cents, n->trade_no, detail, err);
}

struct reject_tx {
  const char *channel;
  long long now;
  enum jw_pay_outcome outcome;
  const char *detail;
};

static enum jw_code reject_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct reject_tx *t = arg;
  if (jw_pay_store_count(c, "payment_alerts", 1, err) != JW_OK) return err->code;
  return jw_pay_store_notice(c, t->channel, NULL, t->now, t->outcome, NULL, 0, NULL, t->detail, err);
}

enum jw_code jw_pay_notify(struct jw_conn *c, const char *channel, const char *body, size_t n, const char *content_type,
                           long long now, enum jw_pay_outcome *outcome, const char **ack, struct jw_error *err) {
  const struct jw_pay_channel *ch = jw_pay_channel(channel);
  *ack = NULL;
  if (!ch) return jw_fail(err, JW_E_NOT_FOUND, "There is no payment channel %.40s.", channel);
  struct jw_arena a = {0};
  struct jw_pay_notice notice = {0};
  int malformed = 0;
  struct jw_error verr = {0};
  enum jw_code rc;
  if (ch->verify(body, n, content_type, &a, &notice, &malformed, &verr) != JW_OK) {
    struct reject_tx t = {channel, now, malformed ? JW_PAYN_MALFORMED : JW_PAYN_FORGED, verr.detail};
    *outcome = t.outcome;
    jw_warn("ALERT payments: %s notification refused (%s): %s", channel, jw_pay_outcome_names[t.outcome], verr.detail);
    rc = jw_tx(c, reject_tx, &t, err);
    jw_arena_free(&a);
    if (rc != JW_OK) return rc;
    *err = verr;
    return JW_E_BAD_REQUEST;
  }
  struct apply_tx t = {channel, &notice, now, "notify", &a, JW_PAYN_MALFORMED, ""};
  rc = jw_tx(c, apply_tx, &t, err);
  if (rc == JW_OK) {
    *outcome = t.outcome;
    switch (t.outcome) {
    case JW_PAYN_APPLIED:
    case JW_PAYN_DUPLICATE:
      *ack = ch->ack;
      break;
    case JW_PAYN_LATE:
      jw_warn("ALERT payments: late %s notification for order %s (%s): %s", channel, notice.order_id,
              notice.success ? "paid" : "failed", t.detail);
      *ack = ch->ack;
      break;
    default:
      jw_warn("ALERT payments: %s notification refused (%s): %s", channel, jw_pay_outcome_names[t.outcome], t.detail);
      rc = jw_fail(err, JW_E_BAD_REQUEST, "%s",
                   t.outcome == JW_PAYN_AMOUNT_MISMATCH ? "The notification's amount is not the order's."
                                                        : "The notification names no order of this channel.");
    }
  }
  jw_arena_free(&a);
  return rc;
}

/* ---- the sandbox cashier ---- */

static enum jw_code to_paying_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  const struct jw_pay_order *o = arg;
  return jw_pay_store_move(c, o->id, JW_PAY_PAYING, NULL, (long long)o->updated_at, err) < 0 ? err->code : JW_OK;
}

static enum jw_code close_tx(struct jw_conn *c, void *arg, struct jw_error *err);

/* The payer's open sandbox order id, into *o; the errors of jw_pay_sandbox_result. */
static enum jw_code sandbox_order(struct jw_conn *c, const char *id, int64_t payer_id, struct jw_arena *a,
                                  struct jw_pay_order *o, struct jw_error *err) {
  if (jw_pay_get(c, id, payer_id, a, o, err) != JW_OK) return err->code;
  if (strcmp(o->channel, "sandbox") != 0)
    return jw_fail(err, JW_E_NOT_ALLOWED, "Order %s is not paid through the sandbox.", o->id);
  int on = jw_pay_channel_enabled(c, "sandbox", err);
  if (on < 0) return err->code;
  if (!on) return jw_fail(err, JW_E_NOT_ALLOWED, "The payment channel sandbox is not open.");
  return JW_OK;
}

enum jw_code jw_pay_sandbox_result(struct jw_conn *c, const char *id, int64_t payer_id, int success, long long now,
                                   struct jw_error *err) {
  struct jw_arena a = {0};
  struct jw_pay_order o;
  enum jw_code rc = sandbox_order(c, id, payer_id, &a, &o, err);
  if (rc == JW_OK && o.status != JW_PAY_CREATED && o.status != JW_PAY_PAYING)
    rc = jw_fail(err, JW_E_CONFLICT, "Order %s is %s: it can no longer be paid.", o.id, jw_pay_status_names[o.status]);
  if (rc == JW_OK && success) {
    /* Is it still owed? A case withdrawn (or a fine settled otherwise) since
     * the order was made closes the order instead of taking the money. */
    const struct jw_payable_kind *kind = jw_payable_kind(o.purpose);
    struct jw_payable due;
    struct jw_error qerr = {0};
    if (kind && kind->quote(c, o.ref, o.payer_id, now, 0, &due, &qerr) != JW_OK) {
      o.updated_at = now;
      if (jw_tx(c, close_tx, &o, err) != JW_OK)
        rc = err->code;
      else
        rc = jw_fail(err, JW_E_CONFLICT, "Order %s was closed: this is no longer owed.", o.id);
    }
  }
  if (rc == JW_OK) {
    o.updated_at = now;
    rc = jw_tx(c, to_paying_tx, &o, err);
  }
  if (rc == JW_OK) {
    const char *body = jw_pay_sandbox_notification(&o, success, &a);
    enum jw_pay_outcome outcome;
    const char *ack;
    rc = jw_pay_notify(c, "sandbox", body, strlen(body), "application/json", now, &outcome, &ack, err);
    if (rc == JW_OK && outcome == JW_PAYN_LATE)
      rc = jw_fail(err, JW_E_CONFLICT, "Order %s closed before the payment arrived.", o.id);
  }
  jw_arena_free(&a);
  return rc;
}

enum jw_code jw_pay_sandbox_notice(struct jw_conn *c, const char *id, int64_t payer_id, int success, struct jw_arena *a,
                                   const char **text, struct jw_error *err) {
  struct jw_pay_order o;
  if (sandbox_order(c, id, payer_id, a, &o, err) != JW_OK) return err->code;
  *text = jw_pay_sandbox_notification(&o, success, a);
  return JW_OK;
}

/* ---- the tick ---- */

static enum jw_code close_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  const struct jw_pay_order *o = arg;
  return jw_pay_store_move(c, o->id, JW_PAY_CLOSED, NULL, (long long)o->updated_at, err) < 0 ? err->code : JW_OK;
}

static enum jw_code closed_at_channel_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  const struct jw_pay_order *o = arg;
  return jw_pay_store_closed_at_channel(c, o->id, err);
}

static enum jw_code queried_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  const struct jw_pay_order *o = arg;
  return jw_pay_store_queried(c, o->id, (long long)o->updated_at, err);
}

/* Channels that could not be reached in this tick: not asked again until the next. */
struct down {
  const struct jw_pay_channel *ch[8];
  int n;
};

static int is_down(const struct down *d, const struct jw_pay_channel *ch) {
  for (int i = 0; i < d->n; i++)
    if (d->ch[i] == ch) return 1;
  return 0;
}

static void mark_down(struct down *d, const struct jw_pay_channel *ch) {
  if (d->n < 8 && !is_down(d, ch)) d->ch[d->n++] = ch;
}

/*
 * Asks order id's channel how it stands (with no transaction open): paid
 * settles it as a notification would; not paid and expired closes it at
 * the channel and here; anything else waits for a later tick. The asking is
 * noted first (queried_at), so that an order is asked at most every 30 s.
 */
static void tick_order(struct jw_conn *c, const char *id, long long now, struct down *down) {
  struct jw_arena a = {0};
  struct jw_error err = {0};
  struct jw_pay_order o;
  const struct jw_pay_channel *ch = NULL;
  if (jw_pay_get(c, id, 0, &a, &o, &err) != JW_OK || !(ch = jw_pay_channel(o.channel))) {
    jw_warn("payments tick: order %s: %s", id, ch ? err.detail : "unknown channel");
    jw_arena_free(&a);
    return;
  }
  if (is_down(down, ch)) {
    jw_arena_free(&a);
    return;
  }
  struct jw_pay_order when = o;
  when.updated_at = now;
  enum jw_code rc = jw_tx(c, queried_tx, &when, &err);
  int paid = 0, expired = o.expires_at <= now;
  struct jw_pay_notice notice = {0};
  if (rc == JW_OK && (rc = ch->query(&o, &a, &paid, &notice, &err)) != JW_OK) {
    jw_warn("payments tick: cannot ask %s about order %s: %s", o.channel, o.id, err.detail);
    mark_down(down, ch);
    jw_arena_free(&a);
    return; /* it stays open meanwhile */
  }
  if (rc == JW_OK && o.close_at_channel) {
    /* Closed here because its payable became void: paid at the channel
     * meanwhile, the money is late (and goes back); else close it there. */
    if (paid == 1) {
      notice.order_id = o.id;
      struct apply_tx t = {o.channel, &notice, now, "query", &a, JW_PAYN_MALFORMED, ""};
      if ((rc = jw_tx(c, apply_tx, &t, &err)) == JW_OK)
        jw_warn("ALERT payments: order %s was paid at %s after its payable became void: %s", o.id, o.channel, t.detail);
    } else if ((rc = ch->close(&o, &err)) != JW_OK) {
      mark_down(down, ch);
    }
    if (rc == JW_OK) rc = jw_tx(c, closed_at_channel_tx, &o, &err);
  } else if (rc == JW_OK && paid == 1) {
    notice.order_id = o.id;
    struct apply_tx t = {o.channel, &notice, now, "query", &a, JW_PAYN_MALFORMED, ""};
    rc = jw_tx(c, apply_tx, &t, &err);
    if (rc == JW_OK && t.outcome != JW_PAYN_APPLIED && t.outcome != JW_PAYN_DUPLICATE)
      jw_warn("ALERT payments: the %s query of order %s: %s (%s)", o.channel, o.id, jw_pay_outcome_names[t.outcome],
              t.detail);
  } else if (rc == JW_OK && paid == 0 && expired) {
    if ((rc = ch->close(&o, &err)) == JW_OK) {
      o.updated_at = now;
      rc = jw_tx(c, close_tx, &o, &err);
    } else {
      mark_down(down, ch);
    }
  }
  /* paid == -1, or not paid and not yet expired: asked again later. */
  if (rc != JW_OK) jw_warn("payments tick: order %s: %s", o.id, err.detail);
  jw_arena_free(&a);
}

void jw_pay_tick(struct jw_conn *c, long long now, int max) {
  char ids[64][JW_PAY_ORDER_ID_LEN + 1];
  if (max > 64) max = 64;
  struct jw_error err = {0};
  struct down down = {{0}, 0};
  int n = jw_pay_store_due(c, now, ids, max, &err);
  if (n < 0) {
    jw_warn("payments tick: %s", err.detail);
    return;
  }
  for (int i = 0; i < n; i++) tick_order(c, ids[i], now, &down);
}

/* ---- where a payable stands ---- */

const char *const jw_payable_state_names[JW_PAYABLE__MAX + 1] = {"paid", "owed", "nothing_owed", NULL};

int jw_pay_payable_state(struct jw_conn *c, const struct jw_pay_order *o, long long now, int tz_offset_min,
                         struct jw_error *err) {
  if (o->status == JW_PAY_SUCCEEDED || o->status == JW_PAY_PARTIALLY_REFUNDED || o->status == JW_PAY_REFUNDED)
    return JW_PAYABLE_PAID; /* refunded or not: a refund does not reopen what was paid */
  int paid = jw_pay_store_paid(c, o->purpose, o->ref, err);
  if (paid < 0) return -1;
  if (paid) return JW_PAYABLE_PAID;
  const struct jw_payable_kind *kind = jw_payable_kind(o->purpose);
  struct jw_payable due;
  struct jw_error qerr = {0};
  enum jw_code rc = kind ? kind->quote(c, o->ref, o->payer_id, now, tz_offset_min, &due, &qerr) : JW_E_NOT_FOUND;
  if (rc == JW_OK) return JW_PAYABLE_OWED;
  if (rc == JW_E_CONFLICT || rc == JW_E_NOT_FOUND) return JW_PAYABLE_NOTHING_OWED;
  *err = qerr;
  return -1;
}

/* ---- a payable that became void ---- */

enum jw_code jw_pay_payable_void(struct jw_conn *c, const char *purpose, const char *ref, long long now,
                                 struct jw_error *err) {
  int n = jw_pay_store_void(c, purpose, ref, now, err);
  if (n < 0) return err->code;
  if (n > 0) jw_info("payments: the open order of %s %s is closed: it is no longer owed", purpose, ref);
  return JW_OK;
}

/* ---- the ledger check ---- */

struct problems {
  struct jw_pay_problem *out;
  int max, n;
};

static void add_problem(void *ctx, const char *text) {
  struct problems *p = ctx;
  if (p->n < p->max) snprintf(p->out[p->n].what, sizeof p->out[p->n].what, "%s", text);
  p->n++;
}

static enum jw_code check_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  return jw_pay_store_check(c, add_problem, arg, err);
}

enum jw_code jw_pay_check(struct jw_conn *c, struct jw_pay_problem *out, int max, int *nproblems,
                          struct jw_error *err) {
  struct problems p = {out, max, 0};
  if (jw_tx_read(c, check_tx, &p, err) != JW_OK) return err->code;
  *nproblems = p.n;
  return JW_OK;
}
