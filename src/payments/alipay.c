/*
 * alipay.c — the alipay channel: Alipay Open Platform's own protocol.
 *
 * The payer is sent to Alipay's cashier with a request signed RSA2 under
 * our application key (alipay.trade.page.pay, or wap.pay for phones); the
 * outcome comes back as an asynchronous form-encoded notification signed
 * with Alipay's key, verified here against Alipay's public key (the sorted
 * parameters without sign and sign_type), and checked for our app_id. The
 * tick asks actively (alipay.trade.query) about orders whose notification
 * has not come, and closes expired ones (alipay.trade.close); refunds go
 * out as alipay.trade.refund. Gateway answers are verified too: the text
 * of "<method>_response" exactly as sent, against the answer's "sign".
 *
 * The settings (app id, key files, gateway, notify and return addresses)
 * are read once at start by configure(); without them the channel is not
 * ready and takes no orders. The keys are read-only after start, so the
 * HTTP threads and the tick share them.
 */
#include <jansson.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "core/log.h"
#include "payments/alipay.h"
#include "payments/channel.h"

static struct {
  int configured;
  char app_id[40];
  char gateway[256], notify_url[256], return_url[256];
  int wap;
  EVP_PKEY *priv; /* our application private key: signs requests */
  EVP_PKEY *pub;  /* Alipay's public key: verifies notifications and answers */
} ali;

static enum jw_code alipay_configure(const struct jw_config *cfg, struct jw_error *err) {
  int have = (cfg->alipay_app_id[0] != 0) + (cfg->alipay_private_key[0] != 0) + (cfg->alipay_public_key[0] != 0);
  if (have == 0) return JW_OK; /* not configured: the channel stays off */
  if (have != 3)
    return jw_fail(err, JW_E_INTERNAL,
                   "alipay: set --alipay-app-id, --alipay-private-key and --alipay-public-key together");
  if (strncmp(cfg->alipay_gateway, "https://", 8) != 0 && strncmp(cfg->alipay_gateway, "http://", 7) != 0)
    return jw_fail(err, JW_E_INTERNAL, "alipay: --alipay-gateway must be an http(s) address");
  EVP_PKEY *priv = jw_ali_load_key(cfg->alipay_private_key, 1, err);
  if (!priv) return err->code;
  EVP_PKEY *pub = jw_ali_load_key(cfg->alipay_public_key, 0, err);
  if (!pub) {
    EVP_PKEY_free(priv);
    return err->code;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    EVP_PKEY_free(priv);
    EVP_PKEY_free(pub);
    return jw_fail(err, JW_E_INTERNAL, "alipay: libcurl does not start");
  }
  EVP_PKEY_free(ali.priv);
  EVP_PKEY_free(ali.pub);
  ali.priv = priv;
  ali.pub = pub;
  snprintf(ali.app_id, sizeof ali.app_id, "%s", cfg->alipay_app_id);
  snprintf(ali.gateway, sizeof ali.gateway, "%s", cfg->alipay_gateway);
  snprintf(ali.notify_url, sizeof ali.notify_url, "%s", cfg->alipay_notify_url);
  snprintf(ali.return_url, sizeof ali.return_url, "%s", cfg->alipay_return_url);
  ali.wap = cfg->alipay_wap;
  ali.configured = 1;
  return JW_OK;
}

static enum jw_code alipay_ready(struct jw_error *err) {
  if (ali.configured) return JW_OK;
  return jw_fail(err, JW_E_NOT_ALLOWED,
                 "The payment channel alipay is not configured: set its app id and key files first.");
}

/* The common parameters of a request for method, at now. */
static void common(struct jw_ali_params *ps, const char *method, struct jw_arena *a) {
  char ts[20];
  jw_ali_time((long long)time(NULL), ts);
  ps->n = 0;
  jw_ali_add(ps, "app_id", ali.app_id);
  jw_ali_add(ps, "method", method);
  jw_ali_add(ps, "format", "JSON");
  jw_ali_add(ps, "charset", "utf-8");
  jw_ali_add(ps, "sign_type", "RSA2");
  jw_ali_add(ps, "timestamp", jw_arena_strdup(a, ts));
  jw_ali_add(ps, "version", "1.0");
}

static void free_json(void *p) { json_decref(p); }

/* biz_content: j as compact JSON (keys in the order given, UTF-8 as is), in a; j is consumed. */
static const char *biz(json_t *j, struct jw_arena *a) {
  char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
  json_decref(j);
  char *out = jw_arena_strdup(a, text ? text : "{}");
  free(text);
  return out;
}

/* Adds biz_content and the RSA2 sign to ps. */
static enum jw_code sign_request(struct jw_ali_params *ps, const char *biz_content, struct jw_arena *a,
                                 struct jw_error *err) {
  jw_ali_add(ps, "biz_content", biz_content);
  const char *sig = jw_ali_sign(ali.priv, jw_ali_sign_content(ps, 1, a), a, err);
  if (!sig) return err->code;
  jw_ali_add(ps, "sign", sig);
  return JW_OK;
}

static char *alipay_pay_url(const struct jw_pay_order *o, struct jw_arena *a, struct jw_error *err) {
  if (alipay_ready(err) != JW_OK) return NULL;
  char expire[20];
  jw_ali_time(o->expires_at, expire);
  json_t *j = json_object();
  json_object_set_new(j, "out_trade_no", json_string(o->id));
  json_object_set_new(j, "total_amount", json_string(jw_ali_yuan(o->amount_cents, a)));
  json_object_set_new(j, "subject", json_string(o->subject));
  json_object_set_new(j, "product_code", json_string(ali.wap ? "QUICK_WAP_WAY" : "FAST_INSTANT_TRADE_PAY"));
  json_object_set_new(j, "time_expire", json_string(expire));
  if (ali.wap && ali.return_url[0]) json_object_set_new(j, "quit_url", json_string(ali.return_url));
  struct jw_ali_params ps;
  common(&ps, ali.wap ? "alipay.trade.wap.pay" : "alipay.trade.page.pay", a);
  if (ali.notify_url[0]) jw_ali_add(&ps, "notify_url", ali.notify_url);
  if (ali.return_url[0]) jw_ali_add(&ps, "return_url", ali.return_url);
  if (sign_request(&ps, biz(j, a), a, err) != JW_OK) return NULL;
  return jw_arena_printf(a, "%s%s%s", ali.gateway, strchr(ali.gateway, '?') ? "&" : "?", jw_ali_form(&ps, a));
}

/* ---- notifications ---- */

/* The outcome trade_status names: 1 paid, 0 failed/closed, -1 not an outcome. */
static int outcome_of(const char *status) {
  if (strcmp(status, "TRADE_SUCCESS") == 0 || strcmp(status, "TRADE_FINISHED") == 0) return 1;
  if (strcmp(status, "TRADE_CLOSED") == 0) return 0;
  return -1;
}

static enum jw_code alipay_verify(const char *body, size_t n, const char *content_type, struct jw_arena *a,
                                  struct jw_pay_notice *out, int *malformed, struct jw_error *err) {
  *malformed = 1;
  if (!content_type || strncasecmp(content_type, "application/x-www-form-urlencoded", 33) != 0)
    return jw_fail(err, JW_E_BAD_REQUEST, "An alipay notification is an application/x-www-form-urlencoded form.");
  struct jw_ali_params ps;
  if (jw_ali_parse_form(body, n, a, &ps, err) != JW_OK) return err->code;
  const char *sig = jw_ali_get(&ps, "sign"), *app_id = jw_ali_get(&ps, "app_id");
  const char *order_id = jw_ali_get(&ps, "out_trade_no"), *trade_no = jw_ali_get(&ps, "trade_no");
  const char *status = jw_ali_get(&ps, "trade_status"), *amount = jw_ali_get(&ps, "total_amount");
  const char *sign_type = jw_ali_get(&ps, "sign_type");
  if (!sig || !app_id || !order_id || !*order_id || strlen(order_id) > 64 || !trade_no || !*trade_no ||
      strlen(trade_no) > 64 || !status || !amount)
    return jw_fail(err, JW_E_BAD_REQUEST,
                   "The notification lacks app_id, out_trade_no, trade_no, trade_status, total_amount or sign.");
  *malformed = 0;
  if (!ali.configured) return jw_fail(err, JW_E_BAD_REQUEST, "The alipay channel is not configured.");
  if (sign_type && strcmp(sign_type, "RSA2") != 0)
    return jw_fail(err, JW_E_BAD_REQUEST, "The notification is not signed RSA2.");
  const char *content = jw_ali_sign_content(&ps, 0, a);
  if (!jw_ali_verify(ali.pub, content, strlen(content), sig))
    return jw_fail(err, JW_E_BAD_REQUEST, "The notification's signature does not verify.");
  if (strcmp(app_id, ali.app_id) != 0)
    return jw_fail(err, JW_E_BAD_REQUEST, "The notification is for another merchant (app_id).");
  int64_t cents = 0;
  int outcome = outcome_of(status);
  *malformed = 1;
  if (!jw_ali_cents(amount, &cents)) return jw_fail(err, JW_E_BAD_REQUEST, "The notification's amount is malformed.");
  if (outcome < 0) return jw_fail(err, JW_E_BAD_REQUEST, "The notification's trade_status is not an outcome.");
  *malformed = 0;
  out->order_id = order_id;
  out->trade_no = trade_no;
  out->amount_cents = cents;
  out->success = outcome;
  return JW_OK;
}

/* ---- calls to the gateway ---- */

/*
 * Calls method with biz_content and returns its verified answer node in
 * *node (owned by a), whose "code" is "10000" on success; *sub_code is its
 * sub_code or "". JW_E_UNAVAILABLE (err set) when the gateway is out of
 * reach or its answer is not Alipay's.
 */
static enum jw_code call(const char *method, const char *biz_content, struct jw_arena *a, json_t **node,
                         const char **sub_code, struct jw_error *err) {
  if (alipay_ready(err) != JW_OK) return err->code;
  struct jw_ali_params ps;
  common(&ps, method, a);
  char *resp = NULL;
  if (sign_request(&ps, biz_content, a, err) != JW_OK ||
      jw_ali_post(ali.gateway, jw_ali_form(&ps, a), a, &resp, err) != JW_OK)
    return err->code;
  char *key = jw_arena_printf(a, "%s_response", method);
  for (char *p = key; *p; p++)
    if (*p == '.') *p = '_';
  const char *text, *sig;
  size_t len;
  if (!jw_ali_response_node(resp, key, a, &text, &len, &sig))
    return jw_fail(err, JW_E_UNAVAILABLE, "alipay: %s: an unsigned or malformed answer: %.120s", method, resp);
  if (!jw_ali_verify(ali.pub, text, len, sig)) {
    jw_warn("ALERT payments: alipay %s answer's signature does not verify", method);
    return jw_fail(err, JW_E_UNAVAILABLE, "alipay: %s: the answer's signature does not verify", method);
  }
  json_error_t jerr;
  json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!json_is_object(j)) {
    json_decref(j);
    return jw_fail(err, JW_E_UNAVAILABLE, "alipay: %s: the answer is not a JSON object", method);
  }
  jw_arena_defer(a, free_json, j);
  const char *code = json_string_value(json_object_get(j, "code"));
  const char *sub = json_string_value(json_object_get(j, "sub_code"));
  if (!code) return jw_fail(err, JW_E_UNAVAILABLE, "alipay: %s: the answer has no code", method);
  *node = j;
  *sub_code = sub ? sub : "";
  return JW_OK;
}

static const char *str(json_t *j, const char *key) {
  const char *s = json_string_value(json_object_get(j, key));
  return s ? s : "";
}

static int succeeded(json_t *node) { return strcmp(str(node, "code"), "10000") == 0; }

static enum jw_code failed(const char *method, json_t *node, struct jw_error *err) {
  return jw_fail(err, JW_E_UNAVAILABLE, "alipay: %s: %.16s %.60s %.80s", method, str(node, "code"),
                 str(node, "sub_code"), str(node, "sub_msg"));
}

static const char *by_order(const struct jw_pay_order *o, struct jw_arena *a) {
  json_t *j = json_object();
  json_object_set_new(j, "out_trade_no", json_string(o->id));
  return biz(j, a);
}

static enum jw_code alipay_query(const struct jw_pay_order *o, struct jw_arena *a, int *paid, struct jw_pay_notice *out,
                                 struct jw_error *err) {
  json_t *node;
  const char *sub;
  *paid = -1;
  if (call("alipay.trade.query", by_order(o, a), a, &node, &sub, err) != JW_OK) return err->code;
  if (!succeeded(node)) {
    if (strcmp(sub, "ACQ.TRADE_NOT_EXIST") != 0) return failed("alipay.trade.query", node, err);
    *paid = 0; /* the payer never reached the cashier */
    return JW_OK;
  }
  if (strcmp(str(node, "out_trade_no"), o->id) != 0)
    return jw_fail(err, JW_E_UNAVAILABLE, "alipay: alipay.trade.query answered about another order");
  int outcome = outcome_of(str(node, "trade_status"));
  if (outcome != 1) {
    *paid = 0; /* WAIT_BUYER_PAY, TRADE_CLOSED: not paid */
    return JW_OK;
  }
  int64_t cents;
  if (!jw_ali_cents(str(node, "total_amount"), &cents) || !*str(node, "trade_no"))
    return jw_fail(err, JW_E_UNAVAILABLE, "alipay: alipay.trade.query: a paid trade without amount or trade_no");
  out->order_id = o->id;
  out->trade_no = jw_arena_strdup(a, str(node, "trade_no"));
  out->amount_cents = cents;
  out->success = 1;
  *paid = 1;
  return JW_OK;
}

static enum jw_code alipay_close(const struct jw_pay_order *o, struct jw_error *err) {
  struct jw_arena a = {0};
  json_t *node;
  const char *sub;
  enum jw_code rc = call("alipay.trade.close", by_order(o, &a), &a, &node, &sub, err);
  /* A trade Alipay never saw (the payer did not reach the cashier) is closed already. */
  if (rc == JW_OK && !succeeded(node) && strcmp(sub, "ACQ.TRADE_NOT_EXIST") != 0)
    rc = failed("alipay.trade.close", node, err);
  jw_arena_free(&a);
  return rc;
}

static enum jw_code alipay_refund(const struct jw_pay_order *o, const char *refund_id, int64_t amount_cents,
                                  const char *reason, struct jw_error *err) {
  struct jw_arena a = {0};
  json_t *j = json_object(), *node;
  json_object_set_new(j, "out_trade_no", json_string(o->id));
  json_object_set_new(j, "refund_amount", json_string(jw_ali_yuan(amount_cents, &a)));
  json_object_set_new(j, "out_request_no", json_string(refund_id));
  if (reason && *reason) json_object_set_new(j, "refund_reason", json_string(reason));
  const char *sub;
  enum jw_code rc = call("alipay.trade.refund", biz(j, &a), &a, &node, &sub, err);
  if (rc == JW_OK && !succeeded(node)) rc = failed("alipay.trade.refund", node, err);
  jw_arena_free(&a);
  return rc;
}

const struct jw_pay_channel jw_pay_alipay_channel = {
    .name = "alipay",
    .ack = "success",
    .external = 1,
    .configure = alipay_configure,
    .ready = alipay_ready,
    .pay_url = alipay_pay_url,
    .verify = alipay_verify,
    .query = alipay_query,
    .close = alipay_close,
    .refund = alipay_refund,
};
