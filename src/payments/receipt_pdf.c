/*
 * receipt_pdf.c — the receipt drawn as a PDF with cairo and pango (Noto
 * Sans CJK from Debian's fonts-noto-cjk, found through fontconfig), and its
 * QR code made by libqrencode (see receipt.h).
 *
 * Threads: pango's font maps are per thread by default, and each would load
 * the CJK fonts' tables again; instead one font map is made once and the
 * renders that use it take turns under a mutex.
 *
 * Cost (measured, -O2, 2026-11-30, tests/unit/test_payments.c prints it):
 * ≈25 ms and ≈95 KiB per receipt, with the glyphs written as outlines (see
 * below; embedding the CJK font itself took ≈70 ms and ≈0.9 MiB). Still
 * more than an HTTP thread should spend: the route runs on the offload pool
 * (app/routes.c), where a burst waits or gets 503 + Retry-After.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/mem.h"
#include "payments/receipt.h"

#define FONT "Noto Sans CJK SC"
/* A5 landscape, in points. */
#define PAGE_W 595.0
#define PAGE_H 420.0
#define MARGIN 36.0

static pthread_once_t font_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t render_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *font_map;

static void make_font_map(void) { font_map = pango_cairo_font_map_new(); }

/* ---- the QR code ---- */

static QRcode *encode(const char *text) { return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1); }

char *jw_pay_qr_path(struct jw_arena *a, const char *text, int *size) {
  QRcode *q = encode(text);
  if (!q) return NULL;
  struct jw_buf b = {a, NULL, 0, 0};
  jw_buf_puts(&b, "");
  for (int y = 0; y < q->width; y++)
    for (int x = 0; x < q->width; x++)
      if (q->data[y * q->width + x] & 1) jw_buf_printf(&b, "M%d %dh1v1h-1z", x, y);
  *size = q->width;
  QRcode_free(q);
  return b.p;
}

/* ---- the PDF ---- */

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int length) {
  jw_buf_put(closure, (const char *)data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* ---- glyphs as outlines (a Type 3 font) ----
 *
 * Embedded as it is, the CJK font costs ≈0.9 MiB per receipt (cairo 1.16's
 * CFF subsetter keeps its subroutines whole). Instead each glyph pango
 * chose is drawn through a cairo user font whose glyphs are the real font's
 * outlines: cairo writes a Type 3 font holding only those outlines, and the
 * text (passed with its clusters) still goes into the ToUnicode map, so the
 * PDF's text can be searched and extracted. */

/* The user font face standing for one real face: real is drawn at unit size. */
struct outline_face {
  cairo_font_face_t *real;
  cairo_font_face_t *user;
  cairo_scaled_font_t *unit;
};
#define MAX_FACES 8
static struct outline_face faces[MAX_FACES]; /* under render_lock */
static const cairo_user_data_key_t outline_key;

static cairo_status_t outline_render(cairo_scaled_font_t *sf, unsigned long glyph, cairo_t *cr,
                                     cairo_text_extents_t *extents) {
  const struct outline_face *f = cairo_font_face_get_user_data(cairo_scaled_font_get_font_face(sf), &outline_key);
  cairo_glyph_t g = {glyph, 0, 0};
  cairo_scaled_font_glyph_extents(f->unit, &g, 1, extents);
  cairo_set_scaled_font(cr, f->unit);
  cairo_glyph_path(cr, &g, 1);
  cairo_fill(cr);
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t outline_init(cairo_scaled_font_t *sf, cairo_t *cr, cairo_font_extents_t *extents) {
  (void)cr;
  const struct outline_face *f = cairo_font_face_get_user_data(cairo_scaled_font_get_font_face(sf), &outline_key);
  cairo_scaled_font_extents(f->unit, extents);
  return CAIRO_STATUS_SUCCESS;
}

/* The outline face of real (made once, kept for the process), or NULL when the table is full. */
static struct outline_face *outline_face(cairo_font_face_t *real) {
  for (int i = 0; i < MAX_FACES; i++) {
    if (faces[i].real == real) return &faces[i];
    if (faces[i].real) continue;
    cairo_matrix_t unit;
    cairo_matrix_init_identity(&unit);
    cairo_font_options_t *opt = cairo_font_options_create();
    cairo_font_options_set_hint_style(opt, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_OFF);
    faces[i].unit = cairo_scaled_font_create(real, &unit, &unit, opt);
    cairo_font_options_destroy(opt);
    faces[i].real = cairo_font_face_reference(real);
    faces[i].user = cairo_user_font_face_create();
    cairo_user_font_face_set_init_func(faces[i].user, outline_init);
    cairo_user_font_face_set_render_glyph_func(faces[i].user, outline_render);
    cairo_font_face_set_user_data(faces[i].user, &outline_key, &faces[i], NULL);
    return &faces[i];
  }
  return NULL;
}

/* Draws one run of glyphs with its baseline origin at (x, y); text is the layout's. */
static void show_run(cairo_t *cr, PangoGlyphItem *run, const char *text, double x, double y) {
  PangoGlyphString *gs = run->glyphs;
  PangoItem *item = run->item;
  cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(item->analysis.font));
  struct outline_face *f = sf ? outline_face(cairo_scaled_font_get_font_face(sf)) : NULL;
  if (!f || gs->num_glyphs == 0) {
    cairo_move_to(cr, x, y);
    pango_cairo_show_glyph_item(cr, text, run);
    return;
  }
  cairo_glyph_t *glyphs = cairo_glyph_allocate(gs->num_glyphs);
  cairo_text_cluster_t *clusters = cairo_text_cluster_allocate(gs->num_glyphs);
  int nglyphs = 0, nclusters = 0;
  double pos = x;
  for (int i = 0; i < gs->num_glyphs; i++) {
    PangoGlyphInfo *gi = &gs->glyphs[i];
    double gx = pos + (double)gi->geometry.x_offset / PANGO_SCALE, gy = y + (double)gi->geometry.y_offset / PANGO_SCALE;
    pos += (double)gi->geometry.width / PANGO_SCALE;
    int start = gs->log_clusters[i];
    if (i == 0 || start != gs->log_clusters[i - 1]) {
      int end = item->length;
      for (int k = i + 1; k < gs->num_glyphs; k++)
        if (gs->log_clusters[k] != start) {
          end = gs->log_clusters[k];
          break;
        }
      clusters[nclusters].num_bytes = end - start;
      clusters[nclusters].num_glyphs = 0;
      nclusters++;
    }
    /* Empty and unknown glyphs are drawn as nothing (glyph 0's outline is empty in a subset). */
    unsigned long index = (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) || gi->glyph == PANGO_GLYPH_EMPTY ? 0 : gi->glyph;
    glyphs[nglyphs++] = (cairo_glyph_t){index, gx, gy};
    clusters[nclusters - 1].num_glyphs++;
  }
  cairo_matrix_t m;
  cairo_scaled_font_get_font_matrix(sf, &m);
  cairo_save(cr);
  cairo_set_font_face(cr, f->user);
  cairo_set_font_matrix(cr, &m);
  cairo_show_text_glyphs(cr, text + item->offset, item->length, glyphs, nglyphs, clusters, nclusters, 0);
  cairo_restore(cr);
  cairo_glyph_free(glyphs);
  cairo_text_cluster_free(clusters);
}

/* Draws text at (x, y) in the font size given, at most width wide (wrapped;
 * width < 0: one line, as wide as it is); returns the height it took. */
static double text_at(cairo_t *cr, PangoContext *ctx, double x, double y, double width, double size, const char *text) {
  PangoLayout *l = pango_layout_new(ctx);
  PangoFontDescription *fd = pango_font_description_from_string(FONT);
  pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
  pango_layout_set_font_description(l, fd);
  pango_layout_set_width(l, width < 0 ? -1 : (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text(l, text, -1);
  const char *laid = pango_layout_get_text(l);
  PangoLayoutIter *it = pango_layout_get_iter(l);
  do {
    PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
    if (!run) continue;
    PangoRectangle logical;
    pango_layout_iter_get_run_extents(it, NULL, &logical);
    show_run(cr, run, laid, x + (double)logical.x / PANGO_SCALE,
             y + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE);
  } while (pango_layout_iter_next_run(it));
  pango_layout_iter_free(it);
  int w, h;
  pango_layout_get_size(l, &w, &h);
  pango_font_description_free(fd);
  g_object_unref(l);
  return (double)h / PANGO_SCALE;
}

static void draw_qr(cairo_t *cr, const char *url, double x, double y, double side) {
  QRcode *q = encode(url);
  if (!q) return;
  double m = side / (q->width + 8); /* a quiet zone of 4 modules each side */
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, side, side);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int r = 0; r < q->width; r++)
    for (int c = 0; c < q->width; c++)
      if (q->data[r * q->width + c] & 1) cairo_rectangle(cr, x + (c + 4) * m, y + (r + 4) * m, m, m);
  cairo_fill(cr);
  QRcode_free(q);
}

static const char *channel_name(const char *channel) {
  if (strcmp(channel, "sandbox") == 0) return "模拟支付（sandbox）";
  if (strcmp(channel, "alipay") == 0) return "支付宝（alipay）";
  return channel;
}

/* "2026-11-30 10:23:45（UTC+08:00）" in the bureau's zone. */
static void local_time(long long t, int tz_offset_min, char *out, size_t cap) {
  time_t local = (time_t)(t + (long long)tz_offset_min * 60);
  struct tm tm;
  gmtime_r(&local, &tm);
  int off = tz_offset_min < 0 ? -tz_offset_min : tz_offset_min;
  snprintf(out, cap, "%04d-%02d-%02d %02d:%02d:%02d（UTC%c%02d:%02d）", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
           tm.tm_hour, tm.tm_min, tm.tm_sec, tz_offset_min < 0 ? '-' : '+', off / 60, off % 60);
}

static void draw(cairo_t *cr, PangoContext *ctx, const struct jw_pay_receipt *r, const char *verify_url,
                 int tz_offset_min, struct jw_arena *a) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  /* A frame, and the title. */
  cairo_set_source_rgb(cr, 0.70, 0.10, 0.10);
  cairo_set_line_width(cr, 1.5);
  cairo_rectangle(cr, MARGIN / 2, MARGIN / 2, PAGE_W - MARGIN, PAGE_H - MARGIN);
  cairo_stroke(cr);
  text_at(cr, ctx, MARGIN, MARGIN, PAGE_W - 2 * MARGIN, 20, "电子缴款票据");
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  text_at(cr, ctx, MARGIN, MARGIN + 28, PAGE_W - 2 * MARGIN, 9, "Electronic payment receipt · 公安局网上缴费平台");

  const struct jw_pay_order *o = &r->order;
  char when[64], figures[48];
  local_time(o->paid_at, tz_offset_min, when, sizeof when);
  snprintf(figures, sizeof figures, "¥%lld.%02lld", (long long)(o->amount_cents / 100),
           (long long)(o->amount_cents % 100));
  const char *payer = *r->payer_phone || *r->payer_id_no
                          ? jw_arena_printf(a, "%s（%s%s%s）", r->payer_name, r->payer_phone,
                                            *r->payer_phone && *r->payer_id_no ? "，" : "", r->payer_id_no)
                          : r->payer_name;
  const char *rows[][2] = {
      {"缴款人", payer},
      {"缴费项目", o->subject},
      {"金额（小写）", figures},
      {"金额（大写）", jw_arena_printf(a, "人民币%s", r->amount_words)},
      {"缴款时间", when},
      {"订单编号", o->id},
      {"支付渠道", channel_name(o->channel)},
      {"渠道流水号", o->channel_trade_no ? o->channel_trade_no : "—"},
  };
  /* A refunded payment says so: a red stamp beside the title. */
  int refunded = o->refunded_cents > 0, whole = o->refunded_cents >= o->amount_cents;
  if (refunded) {
    cairo_set_source_rgb(cr, 0.75, 0.05, 0.05);
    text_at(cr, ctx, MARGIN + 140, MARGIN, -1, 20, whole ? "已退款" : "部分退款");
  }
  double y = MARGIN + 56, label_w = 80, qr_side = 150;
  double value_w = PAGE_W - 2 * MARGIN - label_w - qr_side - 16;
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    text_at(cr, ctx, MARGIN, y, label_w, 11, rows[i][0]);
    cairo_set_source_rgb(cr, 0, 0, 0);
    double h = text_at(cr, ctx, MARGIN + label_w, y, value_w, 11, rows[i][1]);
    y += (h > 16 ? h : 16) + 9;
  }
  /* And under the rows how much went back and when (the last refund). */
  if (refunded) {
    char at[64];
    local_time(r->refunded_at ? r->refunded_at : o->updated_at, tz_offset_min, at, sizeof at);
    long long back = (long long)o->refunded_cents;
    const char *line =
        whole ? jw_arena_printf(a, "已退款：全额退还 ¥%lld.%02lld，退款时间 %s", back / 100, back % 100, at)
              : jw_arena_printf(a, "部分退款：已退还 ¥%lld.%02lld，退款时间 %s", back / 100, back % 100, at);
    cairo_set_source_rgb(cr, 0.75, 0.05, 0.05);
    text_at(cr, ctx, MARGIN, y, label_w + value_w, 11, line);
  }
  double qx = PAGE_W - MARGIN - qr_side, qy = MARGIN + 56;
  draw_qr(cr, verify_url, qx, qy, qr_side);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  text_at(cr, ctx, qx, qy + qr_side + 4, qr_side, 9, "扫码验证票据真伪 Scan to verify");
  cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
  text_at(cr, ctx, MARGIN, PAGE_H - MARGIN - 22, PAGE_W - 2 * MARGIN, 7, "验证地址 Verify at:");
  /* The address on a line of its own, never wrapped (a break at a '-' of
   * the code would read as a hyphen to text extractors). */
  text_at(cr, ctx, MARGIN, PAGE_H - MARGIN - 12, -1, 6, verify_url);
}

enum jw_code jw_pay_receipt_pdf(const struct jw_pay_receipt *r, const char *verify_url, int tz_offset_min,
                                struct jw_arena *a, unsigned char **pdf, size_t *n, struct jw_error *err) {
  pthread_once(&font_once, make_font_map);
  if (!font_map) return jw_fail(err, JW_E_INTERNAL, "receipt: pango has no font map");
  struct jw_buf out = {a, NULL, 0, 0};
  pthread_mutex_lock(&render_lock);
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(collect, &out, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, jw_arena_printf(a, "电子缴款票据 %s", r->order.id));
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "jingwu");
  cairo_t *cr = cairo_create(s);
  PangoContext *ctx = pango_font_map_create_context(font_map);
  pango_cairo_context_set_resolution(ctx, 72); /* sizes in points, the PDF's unit */
  pango_cairo_update_context(cr, ctx);
  draw(cr, ctx, r, verify_url, tz_offset_min, a);
  g_object_unref(ctx);
  cairo_destroy(cr);
  cairo_surface_finish(s);
  cairo_status_t st = cairo_surface_status(s);
  cairo_surface_destroy(s);
  pthread_mutex_unlock(&render_lock);
  if (st != CAIRO_STATUS_SUCCESS || out.n == 0)
    return jw_fail(err, JW_E_INTERNAL, "receipt: cairo could not make the PDF: %s", cairo_status_to_string(st));
  *pdf = (unsigned char *)out.p;
  *n = out.n;
  return JW_OK;
}
