/*
 * receipt.h — the electronic receipt (电子票据) of a paid order: the amount
 * in Chinese capitals, the payer's masked name, the signed token that the
 * receipt's QR code carries to the public verification page, and the PDF.
 *
 * The token is "r1.<order id>.<amount cents>.<paid at>.<mac>": the MAC is
 * HMAC-SHA-256 under a key derived from the server's secret
 * (jw_receipt_mac in core/crypto.h) over "jingwu-receipt|r1|<order
 * id>|<amount cents>|<paid at>", in URL-safe base64 without padding. Only
 * the canonical spelling verifies: a changed, truncated or lengthened token
 * is not genuine. Verifying also requires the order to exist, be paid, and
 * still have that amount and that time of payment.
 *
 * Plain values and operations on a struct jw_conn: no HTTP, no JSON.
 */
#ifndef JW_PAYMENTS_RECEIPT_H
#define JW_PAYMENTS_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#include "payments/payments.h"

/* The largest amount jw_pay_amount_words() writes: 9999,9999,9999.99 yuan
 * (仟亿, the highest unit of the capitals in use). */
#define JW_PAY_WORDS_MAX_CENTS 99999999999999LL
/* Bytes the longest amount in capitals needs, with its NUL
 * (玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分: 30 characters of 3 bytes). */
#define JW_PAY_WORDS_SIZE 96

/*
 * Writes cents (0..JW_PAY_WORDS_MAX_CENTS) as 人民币大写 into out (cap
 * bytes, JW_PAY_WORDS_SIZE is always enough): 258.00 → 贰佰伍拾捌元整,
 * 1005.50 → 壹仟零伍元伍角, 0.05 → 伍分, 0 → 零元整. A ten is written
 * 壹拾; a run of zeros inside the yuan, also across 万 and 亿, is one 零;
 * 整 follows 元 only. Returns the length written, or -1 (out = "") when
 * cents is out of range or out too small.
 */
int jw_pay_amount_words(int64_t cents, char *out, size_t cap);

/*
 * A name masked for a receipt: the first and last characters kept, the
 * others starred (王小明 → 王*明, 欧阳小明 → 欧**明); a name of two
 * characters keeps the first (王明 → 王*); one of one character is "*".
 * Characters are UTF-8 code points. Arena-owned.
 */
char *jw_pay_mask_name(struct jw_arena *a, const char *name);

/* The token of a paid order o (o->paid_at set). Arena-owned. */
char *jw_pay_receipt_token(struct jw_arena *a, const struct jw_pay_order *o);

/*
 * Reads a token: 1 when it is canonical and its MAC verifies (order_id,
 * *amount_cents and *paid_at set; order_id holds JW_PAY_ORDER_ID_LEN + 1
 * bytes), 0 otherwise (anything at all, however long: nothing is set).
 */
int jw_pay_receipt_token_check(const char *token, char order_id[JW_PAY_ORDER_ID_LEN + 1], int64_t *amount_cents,
                               long long *paid_at);

/* What a receipt shows. Strings are owned by the arena that made it. */
struct jw_pay_receipt {
  struct jw_pay_order order;
  const char *payer_name;  /* masked: 王*明 */
  const char *payer_phone; /* masked: 138****5678, or "" */
  const char *payer_id_no; /* masked: 330102********1234, or "" */
  char amount_words[JW_PAY_WORDS_SIZE];
  const char *token;
  long long refunded_at; /* when the last refund of it was done (0: none); order.refunded_cents says how much */
};

/* 1 when status is one of a paid order's (succeeded, partially or wholly refunded). */
int jw_pay_status_paid(enum jw_pay_status status);

/*
 * The receipt of order id of payer_id: JW_E_NOT_FOUND when there is no
 * such order of this payer, JW_E_CONFLICT when it is not paid, database
 * codes otherwise (err set). Strings in a.
 */
enum jw_code jw_pay_receipt_get(struct jw_conn *c, const char *id, int64_t payer_id, struct jw_arena *a,
                                struct jw_pay_receipt *out, struct jw_error *err);

/*
 * The public check of a token: JW_OK with *genuine = 1 and *out filled
 * when the token verifies and names a paid order with that amount and
 * time; JW_OK with *genuine = 0 (and *reason, a static English sentence)
 * for anything else; database codes otherwise (err set).
 */
enum jw_code jw_pay_receipt_verify(struct jw_conn *c, const char *token, struct jw_arena *a, int *genuine,
                                   const char **reason, struct jw_pay_receipt *out, struct jw_error *err);

/*
 * The receipt as a PDF (A5 landscape, Noto Sans CJK through cairo and
 * pango) with a QR code of verify_url (libqrencode); times shown in the
 * bureau's zone (tz_offset_min). *pdf (arena-owned) and *n on JW_OK;
 * JW_E_INTERNAL with err set when rendering fails. Safe to call from any
 * thread: renders are serialised on one font map.
 */
enum jw_code jw_pay_receipt_pdf(const struct jw_pay_receipt *r, const char *verify_url, int tz_offset_min,
                                struct jw_arena *a, unsigned char **pdf, size_t *n, struct jw_error *err);

/*
 * The QR code of text as an SVG path ("M0 0h1v1h-1z…", one square per dark
 * module, quiet zone not included) and its width in modules (*size). NULL
 * when text cannot be encoded. Arena-owned.
 */
char *jw_pay_qr_path(struct jw_arena *a, const char *text, int *size);

#endif
