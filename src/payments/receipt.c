/*
 * receipt.c — what an electronic receipt says (see receipt.h): the amount
 * in Chinese capitals, the masked payer, the signed token and its check.
 * The PDF and the QR code are drawn in receipt_pdf.c.
 */
#include "payments/receipt.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/mem.h"
#include "core/validate.h"
#include "payments/store.h"

/* ---- the amount in capitals (人民币大写) ---- */

static const char *const DIGITS[10] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
/* The places inside a group of four, from the highest. */
static const char *const PLACES[4] = {"仟", "佰", "拾", ""};
/* The groups' units, from the highest: 亿, 万, and the yuan's own. */
static const char *const GROUPS[3] = {"亿", "万", ""};

struct words {
  char *out;
  size_t cap, len;
  int overflow;
};

static void put(struct words *w, const char *s) {
  size_t n = strlen(s);
  if (w->len + n + 1 > w->cap) {
    w->overflow = 1;
    return;
  }
  memcpy(w->out + w->len, s, n);
  w->len += n;
  w->out[w->len] = '\0';
}

int jw_pay_amount_words(int64_t cents, char *out, size_t cap) {
  if (cap == 0) return -1;
  out[0] = '\0';
  if (cents < 0 || cents > JW_PAY_WORDS_MAX_CENTS) return -1;
  struct words w = {out, cap, 0, 0};
  int64_t yuan = cents / 100;
  int jiao = (int)(cents / 10 % 10), fen = (int)(cents % 10);
  if (yuan > 0) {
    const int64_t group[3] = {yuan / 100000000, yuan / 10000 % 10000, yuan % 10000};
    static const int SCALE[4] = {1000, 100, 10, 1};
    int started = 0, zero = 0; /* zero: a 零 is owed before the next digit */
    for (int g = 0; g < 3; g++) {
      if (group[g] == 0) {
        zero = started;
        continue;
      }
      for (int p = 0; p < 4; p++) {
        int d = (int)(group[g] / SCALE[p] % 10);
        if (d == 0) {
          zero = zero || started;
          continue;
        }
        if (zero) put(&w, DIGITS[0]);
        zero = 0;
        put(&w, DIGITS[d]);
        put(&w, PLACES[p]);
        started = 1;
      }
      /* Zeros at the end of a group are spoken by its unit: 壹拾万伍仟, not 壹拾万零伍仟. */
      zero = 0;
      put(&w, GROUPS[g]);
    }
    put(&w, "元");
    if (jiao == 0 && fen == 0) put(&w, "整");
    if (jiao == 0 && fen != 0) put(&w, DIGITS[0]);
  } else if (jiao == 0 && fen == 0) {
    put(&w, "零元整");
  }
  if (jiao != 0) {
    put(&w, DIGITS[jiao]);
    put(&w, "角");
  }
  if (fen != 0) {
    put(&w, DIGITS[fen]);
    put(&w, "分");
  }
  if (w.overflow) {
    out[0] = '\0';
    return -1;
  }
  return (int)w.len;
}

/* ---- the payer ---- */

/* Bytes of the UTF-8 character starting at s (1 for a stray byte). */
static size_t char_len(const char *s) {
  size_t n = 1;
  while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80) n++;
  return n;
}

char *jw_pay_mask_name(struct jw_arena *a, const char *name) {
  size_t len = strlen(name), count = 0, last = 0;
  for (size_t i = 0; i < len; i += char_len(name + i)) {
    last = i;
    count++;
  }
  if (count <= 1) return jw_arena_strdup(a, count ? "*" : "");
  size_t first = char_len(name);
  size_t stars = count == 2 ? 1 : count - 2;
  size_t tail = count == 2 ? 0 : len - last;
  char *out = jw_arena_alloc(a, first + stars + tail + 1);
  memcpy(out, name, first);
  memset(out + first, '*', stars);
  memcpy(out + first + stars, name + last, tail);
  out[first + stars + tail] = '\0';
  return out;
}

/* ---- the token ---- */

#define TOKEN_VERSION "r1"
#define MAC_B64_LEN   43 /* 32 bytes in URL-safe base64 without padding */
/* "r1." + 21 + "." + up to 14 digits + "." + up to 19 digits + "." + 43 */
#define TOKEN_MAX 120

/* The token of (id, amount, paid_at) into out (TOKEN_MAX + 1 bytes). */
static void make_token(const char *id, int64_t amount, long long paid_at, char out[TOKEN_MAX + 1]) {
  char text[160];
  int n = snprintf(text, sizeof text, "jingwu-receipt|%s|%s|%lld|%lld", TOKEN_VERSION, id, (long long)amount, paid_at);
  unsigned char mac[JW_HASH_BYTES];
  jw_receipt_mac(text, (size_t)n, mac);
  char b64[MAC_B64_LEN + 1];
  sodium_bin2base64(b64, sizeof b64, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  snprintf(out, TOKEN_MAX + 1, "%s.%s.%lld.%lld.%s", TOKEN_VERSION, id, (long long)amount, paid_at, b64);
}

char *jw_pay_receipt_token(struct jw_arena *a, const struct jw_pay_order *o) {
  char t[TOKEN_MAX + 1];
  make_token(o->id, o->amount_cents, o->paid_at, t);
  return jw_arena_strdup(a, t);
}

/* A decimal number of 1..maxdigits digits without a leading zero, ending at
 * '.' ; *end past the dot. -1 when it is not one. */
static long long number_field(const char *s, int maxdigits, const char **end) {
  int n = 0;
  long long v = 0;
  while (s[n] >= '0' && s[n] <= '9' && n <= maxdigits) v = v * 10 + (s[n++] - '0');
  if (n == 0 || n > maxdigits || (n > 1 && s[0] == '0') || s[n] != '.') return -1;
  *end = s + n + 1;
  return v;
}

int jw_pay_receipt_token_check(const char *token, char order_id[JW_PAY_ORDER_ID_LEN + 1], int64_t *amount_cents,
                               long long *paid_at) {
  size_t len = strnlen(token, TOKEN_MAX + 1);
  if (len > TOKEN_MAX || strncmp(token, TOKEN_VERSION ".", 3) != 0) return 0;
  const char *p = token + 3;
  if (p[0] != 'P') return 0;
  for (int i = 1; i < JW_PAY_ORDER_ID_LEN; i++)
    if (p[i] < '0' || p[i] > '9') return 0;
  if (p[JW_PAY_ORDER_ID_LEN] != '.') return 0;
  char id[JW_PAY_ORDER_ID_LEN + 1];
  memcpy(id, p, JW_PAY_ORDER_ID_LEN);
  id[JW_PAY_ORDER_ID_LEN] = '\0';
  p += JW_PAY_ORDER_ID_LEN + 1;
  long long amount = number_field(p, 14, &p);
  if (amount < 0) return 0;
  long long at = number_field(p, 12, &p);
  if (at < 0) return 0;
  /* The whole token must be what we would have made: any other spelling,
   * a changed MAC, a truncated or lengthened one, is not genuine. */
  char want[TOKEN_MAX + 1];
  make_token(id, amount, at, want);
  size_t wlen = strlen(want);
  if (wlen != len || sodium_memcmp(want, token, len) != 0) return 0;
  memcpy(order_id, id, sizeof id);
  *amount_cents = amount;
  *paid_at = at;
  return 1;
}

/* ---- receipts ---- */

int jw_pay_status_paid(enum jw_pay_status status) {
  return status == JW_PAY_SUCCEEDED || status == JW_PAY_PARTIALLY_REFUNDED || status == JW_PAY_REFUNDED;
}

/* Fills everything of *out but the order, which is there already. */
static enum jw_code fill(struct jw_conn *c, struct jw_arena *a, struct jw_pay_receipt *out, struct jw_error *err) {
  const char *name = "", *phone = "", *id_masked = "";
  if (jw_pay_store_payer(c, out->order.payer_id, a, &name, &phone, &id_masked, err) < 0) return err->code;
  out->payer_name = jw_pay_mask_name(a, name);
  out->payer_phone = *phone ? jw_mask_phone(a, phone) : "";
  out->payer_id_no = id_masked;
  if (jw_pay_amount_words(out->order.amount_cents, out->amount_words, sizeof out->amount_words) < 0)
    return jw_fail(err, JW_E_INTERNAL, "amount %lld cents cannot be written in capitals",
                   (long long)out->order.amount_cents);
  out->token = jw_pay_receipt_token(a, &out->order);
  out->refunded_at = 0;
  if (out->order.refunded_cents > 0 && (out->refunded_at = jw_pay_store_refunded_at(c, out->order.id, err)) < 0)
    return err->code;
  return JW_OK;
}

enum jw_code jw_pay_receipt_get(struct jw_conn *c, const char *id, int64_t payer_id, struct jw_arena *a,
                                struct jw_pay_receipt *out, struct jw_error *err) {
  memset(out, 0, sizeof *out);
  if (jw_pay_get(c, id, payer_id, a, &out->order, err) != JW_OK) return err->code;
  if (!jw_pay_status_paid(out->order.status))
    return jw_fail(err, JW_E_CONFLICT, "Order %s is %s: only a paid order has a receipt.", out->order.id,
                   jw_pay_status_names[out->order.status]);
  return fill(c, a, out, err);
}

enum jw_code jw_pay_receipt_verify(struct jw_conn *c, const char *token, struct jw_arena *a, int *genuine,
                                   const char **reason, struct jw_pay_receipt *out, struct jw_error *err) {
  memset(out, 0, sizeof *out);
  *genuine = 0;
  char id[JW_PAY_ORDER_ID_LEN + 1];
  int64_t amount;
  long long paid_at;
  if (!jw_pay_receipt_token_check(token, id, &amount, &paid_at)) {
    *reason = "This receipt code was not issued by this bureau, or it has been altered.";
    return JW_OK;
  }
  int found = jw_pay_store_get(c, id, a, &out->order, err);
  if (found < 0) return err->code;
  if (!found || !jw_pay_status_paid(out->order.status) || out->order.amount_cents != amount ||
      out->order.paid_at != paid_at) {
    /* Signed by us, yet the order no longer says so: never genuine. */
    *reason = "No paid order matches this receipt code.";
    memset(out, 0, sizeof *out);
    return JW_OK;
  }
  if (fill(c, a, out, err) != JW_OK) return err->code;
  *genuine = 1;
  *reason = NULL;
  return JW_OK;
}
