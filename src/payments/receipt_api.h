/*
 * receipt_api.h — the handlers of electronic receipts, for the route table
 * (app/routes.c). Each replies through http/ and returns JW_OK, or returns
 * an error code with err set and writes no reply.
 */
#ifndef JW_PAYMENTS_RECEIPT_API_H
#define JW_PAYMENTS_RECEIPT_API_H

#include "http/http.h"

/* GET /api/v1/payments/{id}/receipt — the payer's receipt as JSON (with its QR code); 404 others, 409 unpaid. */
enum jw_code jw_pay_api_receipt(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/payments/{id}/receipt.pdf — the same as application/pdf. */
enum jw_code jw_pay_api_receipt_pdf(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/receipts/verify?token= — public: 200 {genuine: true, …} or {genuine: false, reason}. */
enum jw_code jw_pay_api_receipt_verify(struct jw_req *r, struct jw_error *err);

#endif
