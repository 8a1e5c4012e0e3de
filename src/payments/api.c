/* api.c — the payment platform's handlers: request → field spec → payments.h → JSON. */
#include "payments/api.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/jspec.h"
#include "core/log.h"
#include "http/idem.h"
#include "payments/api_json.h"
#include "payments/payments.h"

json_t *jw_pay_order_json(struct jw_req *r, const struct jw_pay_order *o, const char *pay_url) {
  json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:o}", "id", o->id, "status",
                        jw_pay_status_names[o->status], "purpose", o->purpose, "ref", o->ref, "channel", o->channel,
                        "subject", o->subject, "amount_cents", (json_int_t)o->amount_cents, "principal_cents",
                        (json_int_t)o->principal_cents, "late_fee_cents", (json_int_t)o->late_fee_cents,
                        "refunded_cents", (json_int_t)o->refunded_cents, "created_at", jw_time_json(r, o->created_at),
                        "expires_at", jw_time_json(r, o->expires_at));
  if (!j) return NULL;
  int open = o->status == JW_PAY_CREATED || o->status == JW_PAY_PAYING;
  json_object_set_new(j, "pay_url", open && pay_url ? json_string(pay_url) : json_null());
  json_object_set_new(j, "paid_at", o->paid_at ? jw_time_json(r, o->paid_at) : json_null());
  json_object_set_new(j, "ended_at", o->ended_at ? jw_time_json(r, o->ended_at) : json_null());
  json_object_set_new(j, "channel_trade_no", o->channel_trade_no ? json_string(o->channel_trade_no) : json_null());
  json_object_set_new(j, "refund_pending_cents", json_integer(o->refund_pending_cents));
  return j;
}

/* Adds to order JSON j where its payable stands (the payer's pages show it beside the order's own status). */
static json_t *with_payable(struct jw_req *r, json_t *j, const struct jw_pay_order *o, struct jw_error *err) {
  if (!j) return NULL;
  int st = jw_pay_payable_state(r->db, o, (long long)time(NULL), r->app->cfg.tz_offset_min, err);
  if (st < 0) {
    json_decref(j);
    return NULL;
  }
  json_object_set_new(j, "payable_status", json_string(jw_payable_state_names[st]));
  return j;
}

/* The cashier's address of an open order: the channel decides it. */
const char *jw_pay_api_pay_url(struct jw_req *r, const struct jw_pay_order *o) {
  if (o->status != JW_PAY_CREATED && o->status != JW_PAY_PAYING) return NULL;
  struct jw_error err = {0};
  const char *url = jw_pay_url(o, r->arena, &err);
  if (!url) jw_warn("payments: no cashier address for order %s: %s", o->id, err.detail);
  return url;
}

enum jw_code jw_pay_api_create(struct jw_req *r, struct jw_error *err) {
  int purpose = -1, channel = -1;
  const char *ref = NULL;
  const struct jw_field f[] = {
      {"purpose", JS_ENUM, JS_REQUIRED, 0, 0, &purpose, jw_pay_purposes(), NULL},
      {"ref", JS_STR, JS_REQUIRED, 1, 64, &ref, NULL, NULL},
      {"channel", JS_ENUM, JS_REQUIRED, 0, 0, &channel, jw_pay_channels, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send purpose, ref and channel as JSON.");
  if (jw_json_fields(r->body, f, 3, err) != JW_OK) return err->code;
  struct jw_pay_request req = {
      jw_pay_purposes()[purpose], ref, jw_pay_channels[channel], r->user->id, NULL, NULL, (long long)time(NULL),
      r->app->cfg.tz_offset_min};
  if (jw_idempotency(r, &req.idem_key, &req.idem_hash, err) != JW_OK) return err->code;
  struct jw_pay_order o;
  int existing = 0;
  if (jw_pay_create(r->db, &req, r->arena, &o, &existing, err) != JW_OK) return err->code;
  jw_reply_json(r, existing ? 200 : 201, jw_pay_order_json(r, &o, jw_pay_api_pay_url(r, &o)));
  return JW_OK;
}

enum jw_code jw_pay_api_get(struct jw_req *r, struct jw_error *err) {
  struct jw_pay_order o;
  /* A citizen reads her own orders; the finance staff and the auditor any, with its refunds. */
  int staff = r->user->role != JW_ROLE_CITIZEN;
  if (jw_pay_get(r->db, r->params[0], staff ? 0 : r->user->id, r->arena, &o, err) != JW_OK) return err->code;
  json_t *j = with_payable(r, jw_pay_order_json(r, &o, staff ? NULL : jw_pay_api_pay_url(r, &o)), &o, err);
  if (!j && err->code) return err->code;
  if (staff && j) {
    struct jw_pay_refund *v = NULL;
    size_t n = 0;
    if (jw_pay_refunds(r->db, NULL, o.id, 0, 100, r->arena, &v, &n, err) != JW_OK) {
      json_decref(j);
      return err->code;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(items, jw_pay_refund_json(r, &v[i]));
    json_object_set_new(j, "refunds", items);
  }
  jw_reply_json(r, 200, j);
  return JW_OK;
}

enum jw_code jw_pay_api_mine(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  struct jw_pay_order *rows = NULL;
  size_t n = 0;
  if (jw_pay_list_mine(r->db, r->user->id, cursor, (int)limit + 1, r->arena, &rows, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n && i < (size_t)limit; i++) {
    json_t *j = with_payable(r, jw_pay_order_json(r, &rows[i], jw_pay_api_pay_url(r, &rows[i])), &rows[i], err);
    if (!j && err->code) {
      json_decref(items);
      return err->code;
    }
    json_array_append_new(items, j);
  }
  jw_reply_json(r, 200, jw_page_json(items, n > (size_t)limit ? cursor + limit : 0));
  return JW_OK;
}

static const char *const results[] = {"success", "fail", NULL};

enum jw_code jw_pay_api_sandbox(struct jw_req *r, struct jw_error *err) {
  int result = -1;
  const struct jw_field f[] = {{"result", JS_ENUM, JS_REQUIRED, 0, 0, &result, results, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send {\"result\": \"success\"} or \"fail\" as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  long long now = (long long)time(NULL);
  if (jw_pay_sandbox_result(r->db, r->params[0], r->user->id, result == 0, now, err) != JW_OK) return err->code;
  struct jw_pay_order o;
  if (jw_pay_get(r->db, r->params[0], r->user->id, r->arena, &o, err) != JW_OK) return err->code;
  jw_reply_json(r, 202, jw_pay_order_json(r, &o, jw_pay_api_pay_url(r, &o)));
  return JW_OK;
}

enum jw_code jw_pay_api_sandbox_notice(struct jw_req *r, struct jw_error *err) {
  const char *result = jw_query(r, "result");
  if (!result || (strcmp(result, "success") != 0 && strcmp(result, "fail") != 0)) {
    jw_field_fail(err, "result", "must be success or fail");
    return JW_E_VALIDATION;
  }
  const char *text = NULL;
  if (jw_pay_sandbox_notice(r->db, r->params[0], r->user->id, strcmp(result, "success") == 0, r->arena, &text, err) !=
      JW_OK)
    return err->code;
  jw_reply_text(r, 200, "application/json", text);
  return JW_OK;
}

enum jw_code jw_pay_api_notify(struct jw_req *r, struct jw_error *err) {
  enum jw_pay_outcome outcome;
  const char *ack = NULL;
  if (jw_pay_notify(r->db, r->params[0], r->raw_body ? r->raw_body : "", r->raw_body ? r->raw_len : 0, r->raw_type,
                    (long long)time(NULL), &outcome, &ack, err) != JW_OK)
    return err->code;
  jw_reply_text(r, 200, "text/plain; charset=utf-8", ack ? ack : "success");
  return JW_OK;
}

enum jw_code jw_pay_api_channels(struct jw_req *r, struct jw_error *err) {
  const char *names[8];
  int n = jw_pay_channels_open(r->db, names, 8, err);
  if (n < 0) return err->code;
  json_t *items = json_array();
  for (int i = 0; i < n; i++) json_array_append_new(items, json_pack("{s:s}", "name", names[i]));
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}
