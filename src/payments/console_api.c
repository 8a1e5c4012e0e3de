/*
 * console_api.c — the finance office's handlers: the payments list, refunds
 * (a cashier asks, a finance approver decides), the daily totals and the
 * reconciliation of an uploaded statement.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "core/jspec.h"
#include "core/mem.h"
#include "core/validate.h"
#include "payments/api.h"
#include "payments/api_json.h"
#include "payments/payments.h"
#include "payments/reconcile.h"

json_t *jw_pay_refund_json(struct jw_req *r, const struct jw_pay_refund *f) {
  /* A refund of late money is requested by the system itself (系统), no person. */
  int system = f->requested_by == 0;
  json_t *j = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:{s:I, s:s, s:b}, s:o}", "id", (json_int_t)f->id,
                        "order_id", f->order_id, "amount_cents", (json_int_t)f->amount_cents, "reason", f->reason,
                        "status", f->status, "note", f->note, "origin", f->origin ? f->origin : "staff", "requested_by",
                        "id", (json_int_t)f->requested_by, "name", system ? "系统" : f->requested_by_name, "system",
                        system, "requested_at", jw_time_json(r, f->requested_at));
  if (!j) return NULL;
  json_object_set_new(j, "decided_by",
                      f->decided_by
                          ? json_pack("{s:I, s:s}", "id", (json_int_t)f->decided_by, "name", f->decided_by_name)
                          : json_null());
  json_object_set_new(j, "decided_at", f->decided_at ? jw_time_json(r, f->decided_at) : json_null());
  json_object_set_new(j, "done_at", f->done_at ? jw_time_json(r, f->done_at) : json_null());
  return j;
}

static struct jw_pay_actor actor(struct jw_req *r) { return (struct jw_pay_actor){r->user->id, r->user->login, r->ip}; }

/* An enum query parameter: NULL when absent; 422 naming it when not one of choices. */
static int enum_query(struct jw_req *r, const char *name, const char *const *choices, const char **out,
                      struct jw_error *err) {
  const char *v = jw_query(r, name);
  *out = NULL;
  if (!v || !*v) return 0;
  for (int i = 0; choices[i]; i++)
    if (strcmp(v, choices[i]) == 0) return (*out = choices[i]), 0;
  jw_field_fail(err, name, "is not one of the known values");
  return -1;
}

/* A date query parameter as the bureau's midnight; 0 when absent; -1 (422) when not a date. */
static int date_query(struct jw_req *r, const char *name, int next_day, long long *out, struct jw_error *err) {
  const char *v = jw_query(r, name);
  *out = 0;
  if (!v || !*v) return 0;
  struct jw_date d;
  if (jw_date_parse(v, &d) != 0) {
    jw_field_fail(err, name, "must be a date like 2026-11-30");
    return -1;
  }
  *out = jw_date_midnight(next_day ? jw_date_add_days(d, 1) : d, r->app->cfg.tz_offset_min);
  return 0;
}

enum jw_code jw_pay_api_search(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  struct jw_pay_filter f = {0};
  enum_query(r, "status", jw_pay_status_names, &f.status, err);
  enum_query(r, "purpose", jw_pay_purposes(), &f.purpose, err);
  enum_query(r, "channel", jw_pay_channels, &f.channel, err);
  date_query(r, "from", 0, &f.from, err);
  date_query(r, "to", 1, &f.to, err);
  const char *q = jw_query(r, "q");
  if (q && strlen(q) > 64) jw_field_fail(err, "q", "must have at most 64 characters");
  if (err->nfields) return JW_E_VALIDATION;
  f.q = q && *q ? q : NULL;
  struct jw_pay_order *v = NULL;
  size_t n = 0;
  if (jw_pay_search(r->db, &f, cursor, (int)limit + 1, r->arena, &v, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n && i < (size_t)limit; i++) json_array_append_new(items, jw_pay_order_json(r, &v[i], NULL));
  jw_reply_json(r, 200, jw_page_json(items, n > (size_t)limit ? cursor + limit : 0));
  return JW_OK;
}

enum jw_code jw_pay_api_refund_create(struct jw_req *r, struct jw_error *err) {
  int64_t amount = 0;
  const char *reason = NULL;
  const struct jw_field f[] = {
      {"amount_cents", JS_INT, JS_REQUIRED, 1, 100000000000LL, &amount, NULL, NULL},
      {"reason", JS_STR, JS_REQUIRED | JS_MULTILINE, 2, 200, &reason, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send amount_cents and reason as JSON.");
  if (jw_json_fields(r->body, f, 2, err) != JW_OK) return err->code;
  const struct jw_pay_actor who = actor(r);
  struct jw_pay_refund out;
  if (jw_pay_refund_request(r->db, r->params[0], amount, reason, &who, (long long)time(NULL), r->arena, &out, err) !=
      JW_OK)
    return err->code;
  jw_reply_json(r, 201, jw_pay_refund_json(r, &out));
  return JW_OK;
}

static const char *const refund_statuses[] = {"requested", "approved", "rejected", "succeeded", "failed", NULL};

enum jw_code jw_pay_api_refunds(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  const char *status = NULL;
  if (enum_query(r, "status", refund_statuses, &status, err) != 0) return JW_E_VALIDATION;
  struct jw_pay_refund *v = NULL;
  size_t n = 0;
  if (jw_pay_refunds(r->db, status, NULL, cursor, (int)limit + 1, r->arena, &v, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n && i < (size_t)limit; i++) json_array_append_new(items, jw_pay_refund_json(r, &v[i]));
  jw_reply_json(r, 200, jw_page_json(items, n > (size_t)limit ? cursor + limit : 0));
  return JW_OK;
}

static enum jw_code decide(struct jw_req *r, int approve, struct jw_error *err) {
  const char *note = NULL;
  const struct jw_field f[] = {
      {"note", JS_STR, approve ? 0 : JS_REQUIRED | JS_MULTILINE, approve ? 0 : 2, 200, &note, NULL, NULL}};
  if (r->body && jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  if (!r->body && !approve) return jw_fail(err, JW_E_BAD_JSON, "Send the reason for rejecting as {\"note\": \"…\"}.");
  int64_t rid = jw_param_id(r, 0);
  if (!rid) return jw_fail(err, JW_E_NOT_FOUND, "There is no refund %.20s.", r->params[0]);
  const struct jw_pay_actor who = actor(r);
  struct jw_pay_refund out;
  if (jw_pay_refund_decide(r->db, rid, approve, note, &who, (long long)time(NULL), r->arena, &out, err) != JW_OK)
    return err->code;
  jw_reply_json(r, 200, jw_pay_refund_json(r, &out));
  return JW_OK;
}

enum jw_code jw_pay_api_refund_approve(struct jw_req *r, struct jw_error *err) { return decide(r, 1, err); }
enum jw_code jw_pay_api_refund_reject(struct jw_req *r, struct jw_error *err) { return decide(r, 0, err); }

enum jw_code jw_pay_api_daily(struct jw_req *r, struct jw_error *err) {
  struct jw_pay_day *days = NULL;
  size_t n = 0;
  if (jw_pay_daily(r->db, jw_query(r, "from"), jw_query(r, "to"), r->app->cfg.tz_offset_min, r->arena, &days, &n,
                   err) != JW_OK)
    return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(items, json_pack("{s:s, s:I, s:I, s:I}", "date", days[i].day, "paid_count",
                                           (json_int_t)days[i].paid_count, "paid_cents", (json_int_t)days[i].paid_cents,
                                           "refunded_cents", (json_int_t)days[i].refunded_cents));
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}

/* The most differences a reconciliation's reply lists (the total is always given); the rest is in the CLI's report. */
#define RECON_LISTED 1000

enum jw_code jw_pay_api_reconcile(struct jw_req *r, struct jw_error *err) {
  const char *name = jw_query(r, "name"), *channel = jw_query(r, "channel"), *date = jw_query(r, "date");
  if (name && (strlen(name) > 200 || jw_utf8_len(name, strlen(name)) < 0 || jw_text_unsafe(name, strlen(name), 0))) {
    jw_field_fail(err, "name", "must be the file's name: at most 200 bytes of text without control characters");
    return JW_E_VALIDATION;
  }
  const char *csv = r->raw_body ? r->raw_body : "";
  size_t n = r->raw_body ? r->raw_len : 0;
  struct jw_recon_report rep;
  enum jw_code rc = jw_pay_reconcile(r->db, channel, date, csv, n, r->app->cfg.tz_offset_min, r->arena, &rep, err);
  if (rc == JW_E_RATE_LIMITED) return rc; /* nothing was read: nothing to record */
  /* Every upload that was read is in the audit log: who, the file, its SHA-256 and what came of it. */
  const struct jw_pay_actor who = actor(r);
  char sha256[65];
  struct jw_error aerr = {0};
  const char *refusal =
      err->nfields ? jw_arena_printf(r->arena, "%s %s", err->fields[0].field, err->fields[0].message) : err->detail;
  if (jw_pay_reconcile_audit(r->db, &who, channel, date, name, csv, n, rc, &rep, refusal, sha256, &aerr) != JW_OK) {
    *err = aerr;
    return aerr.code;
  }
  if (rc != JW_OK) return rc;
  json_t *lines = json_array();
  for (size_t i = 0; i < rep.nlines && i < RECON_LISTED; i++) {
    const struct jw_recon_line *x = &rep.lines[i];
    json_array_append_new(
        lines,
        json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:s}", "kind", jw_recon_kind_names[x->kind], "order_id", x->order_id,
                  "trade_no", x->trade_no, "ours_cents", x->ours_cents >= 0 ? json_integer(x->ours_cents) : json_null(),
                  "theirs_cents", x->theirs_cents >= 0 ? json_integer(x->theirs_cents) : json_null(), "row",
                  x->row ? json_integer(x->row) : json_null(), "note", x->note));
  }
  json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:I, s:s}", "channel", rep.channel, "date", rep.date,
                        "rows", (json_int_t)rep.rows, "matched", (json_int_t)rep.matched, "ours_cents",
                        (json_int_t)rep.ours_cents, "theirs_cents", (json_int_t)rep.theirs_cents, "differences", lines,
                        "differences_total", (json_int_t)rep.nlines, "sha256", sha256);
  jw_reply_json(r, 200, j);
  return JW_OK;
}
