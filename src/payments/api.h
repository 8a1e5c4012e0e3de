/*
 * api.h — the payment platform's HTTP handlers, for the route table
 * (app/routes.c). Each reads the request, replies through http/ and returns
 * JW_OK, or returns an error code with err set and writes no reply.
 */
#ifndef JW_PAYMENTS_API_H
#define JW_PAYMENTS_API_H

#include "http/http.h"

/* The largest notification body a channel may send (Alipay's are ~2 KiB). */
#define JW_PAY_NOTIFY_MAX_BODY 16384

/* POST /api/v1/payments — {purpose, ref, channel} → 201 a new order, 200 the open one. */
enum jw_code jw_pay_api_create(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/payments/{id} — the payer's order; anyone else 404. */
enum jw_code jw_pay_api_get(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/payments/channels — the channels a payer may use now: {items: [{name}]}. */
enum jw_code jw_pay_api_channels(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/me/payments — the payer's orders, newest first. */
enum jw_code jw_pay_api_mine(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/payments/{id}/sandbox — {result: success|fail}: the sandbox cashier's buttons → 202. */
enum jw_code jw_pay_api_sandbox(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/payments/{id}/sandbox/notification?result= — the signed notification the sandbox would send. */
enum jw_code jw_pay_api_sandbox_notice(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/payments/notify/{channel} — a channel's notification (raw body) → 200 the channel's ack, or 400. */
enum jw_code jw_pay_api_notify(struct jw_req *r, struct jw_error *err);

/* GET /api/v1/payments — the console's list (filters status, purpose, channel, q, from, to). */
enum jw_code jw_pay_api_search(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/payments/{id}/refunds — {amount_cents, reason}: a cashier asks for a refund → 201. */
enum jw_code jw_pay_api_refund_create(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/payments/refunds?status= — refunds, newest first. */
enum jw_code jw_pay_api_refunds(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/payments/refunds/{id}/approve — {note?}: a finance approver (not the requester) approves. */
enum jw_code jw_pay_api_refund_approve(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/payments/refunds/{id}/reject — {note}: a finance approver rejects. */
enum jw_code jw_pay_api_refund_reject(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/payments/daily?from=&to= — paid and refunded totals per day. */
enum jw_code jw_pay_api_daily(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/payments/reconciliations?channel=&date= — a statement (text/csv) → the reconciliation report. */
enum jw_code jw_pay_api_reconcile(struct jw_req *r, struct jw_error *err);

#endif
