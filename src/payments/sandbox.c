/*
 * sandbox.c — the sandbox channel: a cashier built into jingwu whose
 * notifications are signed with HMAC-SHA256 under a key of the server's
 * own (the challenge key, with a label of its own), so they travel the
 * same notify path, and are verified the same way, as a real channel's.
 *
 * A notification is a JSON object:
 *   {"app_id": "jingwu-sandbox", "out_trade_no": "P…", "trade_no": "SB…",
 *    "amount_cents": 20000, "result": "success" | "fail", "sign": "<hex>"}
 * signed over "amount_cents=…&app_id=…&out_trade_no=…&result=…&trade_no=…"
 * (keys in byte order, like Alipay's), prefixed with the label.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/mem.h"
#include "payments/channel.h"

#define SANDBOX_APP_ID "jingwu-sandbox"
#define SIGN_LABEL     "jingwu-sandbox-notify|"

static void sign(const char *order_id, const char *trade_no, int64_t amount, const char *result, char hex[65]) {
  char text[400];
  int n = snprintf(text, sizeof text, "%samount_cents=%lld&app_id=%s&out_trade_no=%s&result=%s&trade_no=%s", SIGN_LABEL,
                   (long long)amount, SANDBOX_APP_ID, order_id, result, trade_no);
  if (n < 0 || (size_t)n >= sizeof text) n = (int)sizeof text - 1;
  unsigned char mac[JW_HASH_BYTES];
  jw_challenge_mac(text, (size_t)n, mac);
  sodium_bin2hex(hex, 65, mac, sizeof mac);
}

char *jw_pay_sandbox_notification(const struct jw_pay_order *o, int success, struct jw_arena *a) {
  char trade_no[40];
  /* The sandbox's own number: stable per order, like a channel's. */
  snprintf(trade_no, sizeof trade_no, "SB%s", o->id + 1);
  const char *result = success ? "success" : "fail";
  char hex[65];
  sign(o->id, trade_no, o->amount_cents, result, hex);
  json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "app_id", SANDBOX_APP_ID, "out_trade_no", o->id, "trade_no",
                        trade_no, "amount_cents", (json_int_t)o->amount_cents, "result", result, "sign", hex);
  char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  json_decref(j);
  char *out = jw_arena_strdup(a, text ? text : "{}");
  free(text);
  return out;
}

static char *sandbox_pay_url(const struct jw_pay_order *o, struct jw_arena *a, struct jw_error *err) {
  (void)err;
  return jw_arena_printf(a, "/pay/sandbox/%s", o->id);
}

static void free_json(void *p) { json_decref(p); }

static const char *str_field(json_t *j, const char *name, size_t max) {
  const char *s = json_string_value(json_object_get(j, name));
  return s && *s && strlen(s) <= max ? s : NULL;
}

static enum jw_code sandbox_verify(const char *body, size_t n, const char *content_type, struct jw_arena *a,
                                   struct jw_pay_notice *out, int *malformed, struct jw_error *err) {
  (void)content_type;
  *malformed = 1;
  json_error_t jerr;
  json_t *j = json_loadb(body, n, JSON_REJECT_DUPLICATES, &jerr);
  if (!j || !json_is_object(j)) {
    json_decref(j);
    return jw_fail(err, JW_E_BAD_REQUEST, "The notification is not a JSON object.");
  }
  jw_arena_defer(a, free_json, j);
  const char *app_id = str_field(j, "app_id", 64), *order_id = str_field(j, "out_trade_no", 64);
  const char *trade_no = str_field(j, "trade_no", 64), *result = str_field(j, "result", 16);
  const char *sig = str_field(j, "sign", 64);
  json_t *amount = json_object_get(j, "amount_cents");
  if (!app_id || !order_id || !trade_no || !result || !sig || !json_is_integer(amount) ||
      (strcmp(result, "success") != 0 && strcmp(result, "fail") != 0))
    return jw_fail(err, JW_E_BAD_REQUEST,
                   "The notification lacks app_id, out_trade_no, trade_no, amount_cents, result or sign.");
  *malformed = 0;
  if (strcmp(app_id, SANDBOX_APP_ID) != 0)
    return jw_fail(err, JW_E_BAD_REQUEST, "The notification is for another merchant (app_id).");
  char want[65];
  sign(order_id, trade_no, json_integer_value(amount), result, want);
  if (strlen(sig) != 64 || sodium_memcmp(want, sig, 64) != 0)
    return jw_fail(err, JW_E_BAD_REQUEST, "The notification's signature does not verify.");
  out->order_id = jw_arena_strdup(a, order_id);
  out->trade_no = jw_arena_strdup(a, trade_no);
  out->amount_cents = json_integer_value(amount);
  out->success = strcmp(result, "success") == 0;
  return JW_OK;
}

/* The sandbox keeps no state of its own: what it knows is what it sent. */
static enum jw_code sandbox_query(const struct jw_pay_order *o, struct jw_arena *a, int *paid,
                                  struct jw_pay_notice *out, struct jw_error *err) {
  (void)o;
  (void)a;
  (void)out;
  (void)err;
  *paid = 0;
  return JW_OK;
}

static enum jw_code sandbox_close(const struct jw_pay_order *o, struct jw_error *err) {
  (void)o;
  (void)err;
  return JW_OK;
}

/* The sandbox needs no settings: it signs with the server's own key. */
static enum jw_code sandbox_configure(const struct jw_config *cfg, struct jw_error *err) {
  (void)cfg;
  (void)err;
  return JW_OK;
}

static enum jw_code sandbox_ready(struct jw_error *err) {
  (void)err;
  return JW_OK;
}

/* The sandbox holds no money: a refund is granted as asked. */
static enum jw_code sandbox_refund(const struct jw_pay_order *o, const char *refund_id, int64_t amount_cents,
                                   const char *reason, struct jw_error *err) {
  (void)o;
  (void)refund_id;
  (void)amount_cents;
  (void)reason;
  (void)err;
  return JW_OK;
}

const struct jw_pay_channel jw_pay_sandbox_channel = {
    .name = "sandbox",
    .ack = "success",
    .external = 0,
    .configure = sandbox_configure,
    .ready = sandbox_ready,
    .pay_url = sandbox_pay_url,
    .verify = sandbox_verify,
    .query = sandbox_query,
    .close = sandbox_close,
    .refund = sandbox_refund,
};
