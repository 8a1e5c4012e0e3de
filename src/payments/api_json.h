/*
 * api_json.h — the payments' JSON, shared by the handler files (api.c,
 * console_api.c, receipt_api.c). Private to src/payments/.
 */
#ifndef JW_PAYMENTS_API_JSON_H
#define JW_PAYMENTS_API_JSON_H

#include <jansson.h>

#include "http/http.h"
#include "payments/payments.h"

/* An order as the API shows it; pay_url NULL: none. A new reference, NULL if jansson fails. */
json_t *jw_pay_order_json(struct jw_req *r, const struct jw_pay_order *o, const char *pay_url);
/* The cashier's address of an open order (the channel decides it), in the request arena; NULL when not open. */
const char *jw_pay_api_pay_url(struct jw_req *r, const struct jw_pay_order *o);
/* A refund as the API shows it. A new reference. */
json_t *jw_pay_refund_json(struct jw_req *r, const struct jw_pay_refund *f);

#endif
