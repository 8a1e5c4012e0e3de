/*
 * reconcile.h — the daily reconciliation (对账): a channel's statement of a
 * day against our paid orders of that day, and the statement the sandbox
 * channel makes of itself. Plain values; no HTTP, no JSON.
 */
#ifndef JW_PAYMENTS_RECONCILE_H
#define JW_PAYMENTS_RECONCILE_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "db/db.h"
#include "payments/payments.h"

/* The largest statement read (bytes) and the most rows in it. */
#define JW_RECON_MAX_BYTES (20u * 1024u * 1024u)
#define JW_RECON_MAX_ROWS  200000

/* What is wrong with one order or one statement row. */
enum jw_recon_kind {
  JW_RECON_ONLY_OURS,      /* paid with us that day, not in the statement */
  JW_RECON_ONLY_THEIRS,    /* in the statement, not paid with us that day */
  JW_RECON_AMOUNT_DIFFERS, /* in both, for different amounts */
  JW_RECON_DUPLICATE,      /* the statement lists the order more than once */
  JW_RECON_BAD_ROW,        /* a row that cannot be read (no order number, an amount that is not money) */
  JW_RECON__MAX
};
/* The kinds as the CLI and the API spell them. */
extern const char *const jw_recon_kind_names[JW_RECON__MAX + 1];

struct jw_recon_line {
  enum jw_recon_kind kind;
  const char *order_id; /* as in the statement or ours ("" for a bad row) */
  const char *trade_no; /* the channel's number, when known */
  int64_t ours_cents;   /* -1 when not ours */
  int64_t theirs_cents; /* -1 when not theirs */
  long row;             /* the statement's line number, 0 for only-ours */
  const char *note;     /* "paid with us on 2026-11-29", "unknown order" … or "" */
};

struct jw_recon_report {
  char channel[16];
  char date[11];
  long rows;                        /* data rows read from the statement */
  long matched;                     /* orders in both with the same amount */
  int64_t ours_cents, theirs_cents; /* the day's totals on each side */
  struct jw_recon_line *lines;      /* the differences, in statement order then ours */
  size_t nlines;
};

/*
 * Reconciles channel's statement (csv, n bytes: RFC 4180, comment lines
 * starting with '#' skipped; the header names the columns: out_trade_no or
 * 商户订单号, trade_no or 支付宝交易号, and amount_cents, or amount / 订单金额（元）
 * in yuan with up to two decimals) for date ("YYYY-MM-DD", a day of the
 * bureau's zone) against our orders of that channel paid that day. The
 * report and its strings are in arena a. JW_E_VALIDATION (err names the
 * field: channel, date, statement) for an unknown channel, a bad date, a
 * statement without the columns, over the limits or not CSV; database codes
 * otherwise. Differences are not errors: the report lists them.
 */
enum jw_code jw_pay_reconcile(struct jw_conn *c, const char *channel, const char *date, const char *csv, size_t n,
                              int tz_offset_min, struct jw_arena *a, struct jw_recon_report *out, struct jw_error *err);
/*
 * Costs, and why they stay off the rest of the server: the statement is
 * parsed and compared with no transaction open; the day's orders are read
 * in one short read transaction in between. At most one reconciliation runs
 * in a process at a time: another one meanwhile is JW_E_RATE_LIMITED (429,
 * err->retry_after set) at once, before its statement is read, so parallel
 * big uploads neither pile up CPU nor hold threads (the route also runs on
 * the offload pool, not on an HTTP thread).
 */

/*
 * Records a console upload in the audit log, in one short transaction of
 * its own: who (who), the file's name (name, may be NULL or ""), the
 * SHA-256 of the statement as received (csv, n bytes), and the result —
 * the report's summary when rc is JW_OK, else the refusal (err_detail).
 * *sha256 (65 bytes) receives the hex digest. Returns JW_OK or a database code.
 */
enum jw_code jw_pay_reconcile_audit(struct jw_conn *c, const struct jw_pay_actor *who, const char *channel,
                                    const char *date, const char *name, const char *csv, size_t n, enum jw_code rc,
                                    const struct jw_recon_report *rep, const char *err_detail, char sha256[65],
                                    struct jw_error *err);

/*
 * The sandbox channel's own statement of date: a CSV (header
 * trade_no,out_trade_no,amount_cents,paid_at) of the sandbox orders paid
 * that day, in arena a (*csv, NUL-terminated). JW_E_VALIDATION for a bad
 * date or another channel (only the sandbox states itself).
 */
enum jw_code jw_pay_statement(struct jw_conn *c, const char *channel, const char *date, int tz_offset_min,
                              struct jw_arena *a, char **csv, struct jw_error *err);

#endif
