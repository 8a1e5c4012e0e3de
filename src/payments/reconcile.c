/*
 * reconcile.c — a channel's daily statement against our paid orders (see
 * reconcile.h). The statement is read with libcsv (Debian libcsv-dev); the
 * columns are found by their names in the header, so the sandbox's own
 * statement and Alipay's trade statement (账单) are read alike.
 */
#include "payments/reconcile.h"

#include <csv.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "calendar/calendar.h"
#include "core/mem.h"
#include "payments/channel.h"
#include "payments/store.h"

const char *const jw_recon_kind_names[JW_RECON__MAX + 1] = {"only_ours", "only_theirs", "amount_differs",
                                                            "duplicate", "bad_row",     NULL};

/* The bureau's day as [from, to) in Unix seconds; -1 when date is not a date. */
static int day_bounds(const char *date, int tz_offset_min, long long *from, long long *to) {
  struct jw_date d;
  if (jw_date_parse(date, &d) != 0) return -1;
  *from = (long long)jw_date_serial(d) * 86400 - (long long)tz_offset_min * 60;
  *to = *from + 86400;
  return 0;
}

/* "12.34", "12.3", "12" (yuan) → cents exactly; -1 when it is not money. */
static int64_t yuan_to_cents(const char *s) {
  int64_t whole = 0, frac = 0;
  int digits = 0, fdigits = 0;
  const char *p = s;
  while (*p == ' ') p++;
  for (; *p >= '0' && *p <= '9'; p++, digits++) {
    if (digits >= 12) return -1;
    whole = whole * 10 + (*p - '0');
  }
  if (*p == '.')
    for (p++; *p >= '0' && *p <= '9'; p++, fdigits++) {
      if (fdigits >= 2) return -1;
      frac = frac * 10 + (*p - '0');
    }
  while (*p == ' ') p++;
  if (*p || digits == 0) return -1;
  if (fdigits == 1) frac *= 10;
  return whole * 100 + frac;
}

/* A whole number of cents; -1 when it is not one. */
static int64_t cents_of(const char *s) {
  int64_t v = 0;
  int digits = 0;
  for (; *s >= '0' && *s <= '9'; s++, digits++) {
    if (digits >= 15) return -1;
    v = v * 10 + (*s - '0');
  }
  return *s || !digits ? -1 : v;
}

/* One statement row as read. */
struct row {
  const char *order_id, *trade_no;
  int64_t cents; /* -1: unreadable */
  long line;
};

/* The parser's state while libcsv calls back. */
struct reader {
  struct jw_arena *a;
  char **fields; /* the current row's fields */
  size_t nfields, cap;
  long line; /* rows seen, comments included */
  int header_seen;
  int col_order, col_trade, col_cents, col_yuan;
  struct row *rows;
  size_t nrows, rcap;
  int too_many;
};

static void on_field(void *s, size_t len, void *data) {
  struct reader *r = data;
  if (r->nfields >= 256) return; /* a row wider than any statement: the rest is dropped */
  r->fields = jw_arena_grow(r->a, r->fields, r->nfields, &r->cap, sizeof *r->fields);
  char *f = jw_arena_strndup(r->a, s ? s : "", s ? len : 0);
  /* Alipay writes its statement with padding and tab-guarded numbers. */
  char *start = f;
  while (*start == ' ' || *start == '\t') start++;
  size_t n = strlen(start);
  while (n && (start[n - 1] == ' ' || start[n - 1] == '\t')) start[--n] = '\0';
  r->fields[r->nfields++] = start;
}

/* s when it is a plausible number (1–64 printable ASCII characters), else "". */
static const char *printable(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 64) return "";
  for (size_t i = 0; i < n; i++)
    if (s[i] <= ' ' || s[i] > '~') return "";
  return s;
}

static int col(struct reader *r, const char *const names[]) {
  for (size_t i = 0; i < r->nfields; i++)
    for (size_t k = 0; names[k]; k++)
      if (strcmp(r->fields[i], names[k]) == 0) return (int)i;
  return -1;
}

static const char *field(struct reader *r, int i) { return i >= 0 && (size_t)i < r->nfields ? r->fields[i] : ""; }

static void on_row(int c, void *data) {
  (void)c;
  struct reader *r = data;
  r->line++;
  size_t n = r->nfields;
  r->nfields = 0;
  if (n == 0 || (n == 1 && r->fields[0][0] == '\0')) return; /* a blank line */
  if (r->fields[0][0] == '#') return;                        /* Alipay's comment lines */
  r->nfields = n;
  if (!r->header_seen) {
    static const char *const order_names[] = {"out_trade_no", "商户订单号", NULL};
    static const char *const trade_names[] = {"trade_no", "支付宝交易号", NULL};
    static const char *const cents_names[] = {"amount_cents", NULL};
    static const char *const yuan_names[] = {"amount", "订单金额（元）", "订单金额(元)", NULL};
    r->col_order = col(r, order_names);
    r->col_trade = col(r, trade_names);
    r->col_cents = col(r, cents_names);
    r->col_yuan = col(r, yuan_names);
    r->header_seen = 1;
    r->nfields = 0;
    return;
  }
  if (r->nrows >= JW_RECON_MAX_ROWS) {
    r->too_many = 1;
    r->nfields = 0;
    return;
  }
  r->rows = jw_arena_grow(r->a, r->rows, r->nrows, &r->rcap, sizeof *r->rows);
  struct row *w = &r->rows[r->nrows++];
  w->order_id = printable(field(r, r->col_order));
  w->trade_no = printable(field(r, r->col_trade));
  w->cents = r->col_cents >= 0 ? cents_of(field(r, r->col_cents)) : yuan_to_cents(field(r, r->col_yuan));
  w->line = r->line;
  r->nfields = 0;
}

static int by_id(const void *x, const void *y) {
  return strcmp(((const struct jw_pay_paid *)x)->id, ((const struct jw_pay_paid *)y)->id);
}

/* The growing list of differences. */
struct lines {
  struct jw_arena *a;
  struct jw_recon_line *v;
  size_t n, cap;
};

static struct jw_recon_line *add(struct lines *l, enum jw_recon_kind kind) {
  l->v = jw_arena_grow(l->a, l->v, l->n, &l->cap, sizeof *l->v);
  struct jw_recon_line *x = &l->v[l->n++];
  *x = (struct jw_recon_line){kind, "", "", -1, -1, 0, ""};
  return x;
}

struct read_tx {
  const char *channel;
  long long from, to;
  struct jw_arena *a;
  struct jw_pay_paid *ours;
  size_t nours;
};

static enum jw_code read_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct read_tx *t = arg;
  return jw_pay_store_paid_between(c, t->channel, t->from, t->to, t->a, &t->ours, &t->nours, err);
}

static enum jw_code reconcile(struct jw_conn *c, const char *channel, const char *date, const char *csv, size_t n,
                              int tz_offset_min, struct jw_arena *a, struct jw_recon_report *out,
                              struct jw_error *err) {
  long long from, to;
  if (!jw_pay_channel(channel)) {
    jw_field_fail(err, "channel", "is not a payment channel of this bureau");
    return JW_E_VALIDATION;
  }
  if (!date || day_bounds(date, tz_offset_min, &from, &to) != 0) {
    jw_field_fail(err, "date", "must be a date like 2026-11-30");
    return JW_E_VALIDATION;
  }
  if (n > JW_RECON_MAX_BYTES) {
    jw_field_fail(err, "statement", "must be at most %u bytes", JW_RECON_MAX_BYTES);
    return JW_E_VALIDATION;
  }
  struct csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    return jw_fail(err, JW_E_INTERNAL, "Out of memory.");
  struct reader r = {.a = a, .col_order = -1, .col_trade = -1, .col_cents = -1, .col_yuan = -1};
  int bad = csv_parse(&p, csv, n, on_field, on_row, &r) != n;
  if (!bad && csv_fini(&p, on_field, on_row, &r) != 0) bad = 1;
  int perr = csv_error(&p);
  csv_free(&p);
  if (bad) {
    jw_field_fail(err, "statement", "is not CSV (%s near line %ld)", csv_strerror(perr), r.line + 1);
    return JW_E_VALIDATION;
  }
  if (!r.header_seen || r.col_order < 0 || (r.col_cents < 0 && r.col_yuan < 0)) {
    jw_field_fail(err, "statement",
                  "needs a header naming out_trade_no (商户订单号) and amount_cents or amount (订单金额（元）)");
    return JW_E_VALIDATION;
  }
  if (r.too_many) {
    jw_field_fail(err, "statement", "must have at most %d rows", JW_RECON_MAX_ROWS);
    return JW_E_VALIDATION;
  }
  struct read_tx t = {channel, from, to, a, NULL, 0};
  if (jw_tx_read(c, read_tx, &t, err) != JW_OK) return err->code;
  if (t.nours > 1) qsort(t.ours, t.nours, sizeof *t.ours, by_id);
  char *seen = jw_arena_zalloc(a, t.nours + 1);

  memset(out, 0, sizeof *out);
  snprintf(out->channel, sizeof out->channel, "%s", channel);
  snprintf(out->date, sizeof out->date, "%s", date);
  out->rows = (long)r.nrows;
  struct lines l = {a, NULL, 0, 0};
  for (size_t i = 0; i < t.nours; i++) out->ours_cents += t.ours[i].amount_cents;
  for (size_t i = 0; i < r.nrows; i++) {
    const struct row *w = &r.rows[i];
    if (!w->order_id[0] || w->cents < 0) {
      struct jw_recon_line *x = add(&l, JW_RECON_BAD_ROW);
      x->order_id = w->order_id;
      x->row = w->line;
      x->note = !w->order_id[0] ? "no order number (or not one)" : "the amount is not money";
      continue;
    }
    out->theirs_cents += w->cents;
    struct jw_pay_paid key = {.id = w->order_id};
    struct jw_pay_paid *ours = t.nours ? bsearch(&key, t.ours, t.nours, sizeof *t.ours, by_id) : NULL;
    if (!ours) {
      struct jw_recon_line *x = add(&l, JW_RECON_ONLY_THEIRS);
      x->order_id = w->order_id;
      x->trade_no = w->trade_no;
      x->theirs_cents = w->cents;
      x->row = w->line;
      x->note = "not paid with us that day";
      continue;
    }
    size_t k = (size_t)(ours - t.ours);
    if (seen[k]) {
      struct jw_recon_line *x = add(&l, JW_RECON_DUPLICATE);
      x->order_id = w->order_id;
      x->trade_no = w->trade_no;
      x->ours_cents = ours->amount_cents;
      x->theirs_cents = w->cents;
      x->row = w->line;
      continue;
    }
    seen[k] = 1;
    if (ours->amount_cents != w->cents) {
      struct jw_recon_line *x = add(&l, JW_RECON_AMOUNT_DIFFERS);
      x->order_id = w->order_id;
      x->trade_no = w->trade_no[0] ? w->trade_no : ours->trade_no;
      x->ours_cents = ours->amount_cents;
      x->theirs_cents = w->cents;
      x->row = w->line;
      continue;
    }
    out->matched++;
  }
  for (size_t i = 0; i < t.nours; i++) {
    if (seen[i]) continue;
    struct jw_recon_line *x = add(&l, JW_RECON_ONLY_OURS);
    x->order_id = t.ours[i].id;
    x->trade_no = t.ours[i].trade_no;
    x->ours_cents = t.ours[i].amount_cents;
  }
  out->lines = l.v;
  out->nlines = l.n;
  return JW_OK;
}

/* 1 while a reconciliation runs in this process. */
static atomic_int running;

enum jw_code jw_pay_reconcile(struct jw_conn *c, const char *channel, const char *date, const char *csv, size_t n,
                              int tz_offset_min, struct jw_arena *a, struct jw_recon_report *out,
                              struct jw_error *err) {
  int idle = 0;
  if (!atomic_compare_exchange_strong(&running, &idle, 1)) {
    jw_fail(err, JW_E_RATE_LIMITED, "A reconciliation is running; try again in a few seconds.");
    err->retry_after = 5;
    return err->code;
  }
  enum jw_code rc = reconcile(c, channel, date, csv, n, tz_offset_min, a, out, err);
  atomic_store(&running, 0);
  return rc;
}

struct audit_tx {
  const struct jw_audit_entry *e;
};

static enum jw_code audit_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  const struct audit_tx *t = arg;
  return jw_audit_write(c, t->e, err);
}

enum jw_code jw_pay_reconcile_audit(struct jw_conn *c, const struct jw_pay_actor *who, const char *channel,
                                    const char *date, const char *name, const char *csv, size_t n, enum jw_code rc,
                                    const struct jw_recon_report *rep, const char *err_detail, char sha256[65],
                                    struct jw_error *err) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)csv, n);
  sodium_bin2hex(sha256, 65, h, sizeof h);
  char detail[600], object[40];
  const char *file = name && *name ? name : "(no name)";
  if (rc == JW_OK)
    snprintf(detail, sizeof detail,
             "file %.200s, %zu bytes, sha256 %s: %ld rows, %ld matched, %zu differences; ours %lld cents, theirs %lld",
             file, n, sha256, rep->rows, rep->matched, rep->nlines, (long long)rep->ours_cents,
             (long long)rep->theirs_cents);
  else
    snprintf(detail, sizeof detail, "file %.200s, %zu bytes, sha256 %s: refused: %.200s", file, n, sha256,
             err_detail ? err_detail : "");
  snprintf(object, sizeof object, "%.15s:%.10s", channel ? channel : "", date ? date : "");
  struct jw_audit_entry e = {
      .actor_id = who->user_id,
      .actor_login = who->login ? who->login : "",
      .action = "payment.reconcile",
      .object_type = "payment_reconciliation",
      .object_id = object,
      .detail = detail,
      .ip = who->ip,
  };
  struct audit_tx t = {&e};
  return jw_tx(c, audit_tx, &t, err);
}

enum jw_code jw_pay_statement(struct jw_conn *c, const char *channel, const char *date, int tz_offset_min,
                              struct jw_arena *a, char **csv, struct jw_error *err) {
  long long from, to;
  if (!channel || strcmp(channel, "sandbox") != 0) {
    jw_field_fail(err, "channel", "only the sandbox channel makes its own statement");
    return JW_E_VALIDATION;
  }
  if (!date || day_bounds(date, tz_offset_min, &from, &to) != 0) {
    jw_field_fail(err, "date", "must be a date like 2026-11-30");
    return JW_E_VALIDATION;
  }
  struct read_tx t = {channel, from, to, a, NULL, 0};
  if (jw_tx_read(c, read_tx, &t, err) != JW_OK) return err->code;
  struct jw_buf b = {a, NULL, 0, 0};
  jw_buf_puts(&b, "trade_no,out_trade_no,amount_cents,paid_at\r\n");
  for (size_t i = 0; i < t.nours; i++) {
    char day[11];
    long long at = t.ours[i].paid_at + (long long)tz_offset_min * 60;
    jw_local_date(t.ours[i].paid_at, tz_offset_min, day);
    jw_buf_printf(&b, "%s,%s,%lld,%sT%02lld:%02lld:%02lld%+03d:%02d\r\n", t.ours[i].trade_no, t.ours[i].id,
                  (long long)t.ours[i].amount_cents, day, (at % 86400) / 3600, (at % 3600) / 60, at % 60,
                  tz_offset_min / 60, abs(tz_offset_min % 60));
  }
  *csv = b.p ? b.p : jw_arena_strdup(a, "");
  return JW_OK;
}
