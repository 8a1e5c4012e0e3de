/* receipt_api.c — electronic receipts over HTTP: the payer's receipt as
 * JSON and as a PDF, and the public check of a receipt's code. */
#include "payments/receipt_api.h"

#include <jansson.h>
#include <string.h>

#include "payments/receipt.h"

/* The public verification page of token: --public-url + /receipts/verify. */
static const char *verify_url(struct jw_req *r, const char *token) {
  const char *base = r->app->cfg.public_url;
  size_t n = strlen(base);
  while (n > 0 && base[n - 1] == '/') n--;
  return jw_arena_printf(r->arena, "%.*s/receipts/verify?token=%s", (int)n, base, token);
}

/* What both the payer and the public see of a receipt. */
static json_t *receipt_json(struct jw_req *r, const struct jw_pay_receipt *rc) {
  const struct jw_pay_order *o = &rc->order;
  json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:o, s:s}", "order_id", o->id, "status",
                        jw_pay_status_names[o->status], "purpose", o->purpose, "subject", o->subject, "channel",
                        o->channel, "amount_cents", (json_int_t)o->amount_cents, "amount_words", rc->amount_words,
                        "paid_at", jw_time_json(r, o->paid_at), "payer_name", rc->payer_name);
  if (!j) return NULL;
  json_object_set_new(j, "channel_trade_no", o->channel_trade_no ? json_string(o->channel_trade_no) : json_null());
  json_object_set_new(j, "refunded_cents", json_integer((json_int_t)o->refunded_cents));
  json_object_set_new(j, "refunded_at", rc->refunded_at ? jw_time_json(r, rc->refunded_at) : json_null());
  return j;
}

enum jw_code jw_pay_api_receipt(struct jw_req *r, struct jw_error *err) {
  struct jw_pay_receipt rc;
  if (jw_pay_receipt_get(r->db, r->params[0], r->user->id, r->arena, &rc, err) != JW_OK) return err->code;
  json_t *j = receipt_json(r, &rc);
  if (j) {
    const char *url = verify_url(r, rc.token);
    int size = 0;
    const char *path = jw_pay_qr_path(r->arena, url, &size);
    json_object_set_new(j, "ref", json_string(rc.order.ref));
    json_object_set_new(j, "payer_phone", json_string(rc.payer_phone));
    json_object_set_new(j, "payer_id_number", json_string(rc.payer_id_no));
    json_object_set_new(j, "token", json_string(rc.token));
    json_object_set_new(j, "verify_url", json_string(url));
    json_object_set_new(j, "pdf_url",
                        json_string(jw_arena_printf(r->arena, "/api/v1/payments/%s/receipt.pdf", rc.order.id)));
    json_object_set_new(j, "qr", path ? json_pack("{s:i, s:s}", "size", size, "path", path) : json_null());
  }
  jw_reply_json(r, 200, j);
  return JW_OK;
}

enum jw_code jw_pay_api_receipt_pdf(struct jw_req *r, struct jw_error *err) {
  struct jw_pay_receipt rc;
  if (jw_pay_receipt_get(r->db, r->params[0], r->user->id, r->arena, &rc, err) != JW_OK) return err->code;
  unsigned char *pdf = NULL;
  size_t n = 0;
  if (jw_pay_receipt_pdf(&rc, verify_url(r, rc.token), r->app->cfg.tz_offset_min, r->arena, &pdf, &n, err) != JW_OK)
    return err->code;
  jw_reply_bytes(r, 200, "application/pdf", pdf, n);
  jw_reply_header(r, "Content-Disposition",
                  jw_arena_printf(r->arena, "attachment; filename=\"jingwu-receipt-%s.pdf\"", rc.order.id));
  jw_reply_header(r, "Cache-Control", "private, no-store");
  return JW_OK;
}

enum jw_code jw_pay_api_receipt_verify(struct jw_req *r, struct jw_error *err) {
  const char *token = jw_query(r, "token");
  if (!token || !*token) {
    jw_field_fail(err, "token", "is required");
    return JW_E_VALIDATION;
  }
  struct jw_pay_receipt rc;
  int genuine = 0;
  const char *reason = NULL;
  if (jw_pay_receipt_verify(r->db, token, r->arena, &genuine, &reason, &rc, err) != JW_OK) return err->code;
  json_t *j;
  if (genuine) {
    j = receipt_json(r, &rc);
    if (j) json_object_set_new(j, "genuine", json_true());
  } else {
    j = json_pack("{s:b, s:s}", "genuine", 0, "reason", reason);
  }
  jw_reply_json(r, 200, j);
  return JW_OK;
}
