/*
 * xlsx_sheet.c — the cells of one worksheet part (<sheetData>): rows and
 * cells by their references (sparse: a reference far to the right or down
 * allocates nothing but the cell, and a column past the limit is an error),
 * values by their type (shared string, inline string, formula string,
 * boolean, error, number; numbers in a date style become dates).
 */
#include <stdlib.h>
#include <string.h>

#include "sheets/xml.h"

#define EXCEL_MAX_ROW 1048576u
#define EXCEL_MAX_COL 16384u

/* The cell being read. */
struct cell {
  size_t col;    /* 0-based */
  char type[12]; /* the t attribute ("" = n) */
  long style;    /* the s attribute, -1 = none */
  int in_v, in_is, in_t, skip;
};

/* A row's r: 1..1048576, else 0. */
static size_t parse_row(const char *s) {
  size_t v = 0;
  if (!s || !*s) return 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return 0;
    v = v * 10 + (size_t)(*s - '0');
    if (v > EXCEL_MAX_ROW) return 0;
  }
  return v;
}

/* A cell's r ("AB12"): the 0-based column, or -1 when malformed. */
static long parse_ref(const char *s) {
  long col = 0;
  int letters = 0;
  for (; *s >= 'A' && *s <= 'Z'; s++) {
    if (++letters > 3) return -1;
    col = col * 26 + (*s - 'A' + 1);
  }
  if (letters == 0 || col > (long)EXCEL_MAX_COL) return -1;
  if (*s && parse_row(s) == 0) return -1;
  return col - 1;
}

/* A plain integer literal ("-123", "0042"), which is kept digit for digit. */
static int plain_integer(const char *s, size_t n) {
  size_t i = (n > 0 && s[0] == '-') ? 1 : 0;
  if (i == n || n - i > 30) return 0;
  for (; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

/* A number cell: a date in a date style, digits kept for integers, else as
 * Excel's General shows it; what is no number stays text. */
static enum jw_code put_number(struct xlsx *x, struct cell *c, const char *v, size_t n) {
  struct sheet_builder *b = x->b;
  char buf[64];
  int fmt = (c->style >= 0 && (size_t)c->style < x->nxf) ? x->xf_fmt[c->style] : FMT_NUMBER;
  char *end;
  double d = strtod(v, &end);
  int numeric = n > 0 && end == v + n;
  if (numeric && fmt != FMT_NUMBER && sheets_render_serial(d, x->date1904, fmt, buf) == 0)
    return sb_cell(b, c->col, buf, strlen(buf), JW_CELL_DATE, 0);
  if (plain_integer(v, n)) {
    const char *p = v;
    int neg = *p == '-';
    if (neg) p++;
    while (p[0] == '0' && p[1]) p++;
    if (neg && strcmp(p, "0") != 0) {
      snprintf(buf, sizeof buf, "-%s", p);
      return sb_cell(b, c->col, buf, strlen(buf), JW_CELL_NUMBER, 0);
    }
    return sb_cell(b, c->col, p, strlen(p), JW_CELL_NUMBER, 0);
  }
  if (numeric && sheets_render_number(d, buf) == 0) return sb_cell(b, c->col, buf, strlen(buf), JW_CELL_NUMBER, 0);
  return sb_cell(b, c->col, v, n, JW_CELL_TEXT, 0);
}

static enum jw_code put_cell(struct xlsx *x, struct cell *c) {
  struct sheet_builder *b = x->b;
  const char *v = x->text ? x->text : "";
  size_t n = x->tlen;
  if (x->toolong) {
    b->out->err_row = b->cur_number;
    b->out->err_col = c->col + 1;
    return jw_fail(b->err, JW_E_VALIDATION, "A cell is longer than %zu bytes.", b->lim->max_cell_bytes);
  }
  if (strcmp(c->type, "s") == 0) {
    char *end;
    unsigned long i = strtoul(v, &end, 10);
    if (n == 0 || *end || v[0] == '-' || i >= x->nsst)
      return sb_fail_at(b, b->cur_number, c->col + 1, JW_E_VALIDATION,
                        "The .xlsx file is damaged: a cell refers to a shared string that does not exist.");
    if (!x->sst[i]) {
      b->out->err_row = b->cur_number;
      b->out->err_col = c->col + 1;
      return jw_fail(b->err, JW_E_VALIDATION, "A cell is longer than %zu bytes.", b->lim->max_cell_bytes);
    }
    /* The shared string is arena-owned and NUL-terminated; sb_cell checks it. */
    return sb_cell(b, c->col, x->sst[i], x->sst_len[i], x->sst_len[i] ? JW_CELL_TEXT : JW_CELL_EMPTY, 1);
  }
  if (n == 0) return JW_OK;
  if (strcmp(c->type, "inlineStr") == 0 || strcmp(c->type, "str") == 0)
    return sb_cell(b, c->col, v, n, JW_CELL_TEXT, 0);
  if (strcmp(c->type, "b") == 0) {
    const char *t = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
    return sb_cell(b, c->col, t, strlen(t), JW_CELL_BOOL, 0);
  }
  if (strcmp(c->type, "e") == 0) return sb_cell(b, c->col, v, n, JW_CELL_ERROR, 0);
  if (strcmp(c->type, "d") == 0) { /* ISO 8601 (strict OOXML): the date, and the time if any */
    char buf[20];
    size_t k = n >= 19 && v[10] == 'T' ? 19 : (n >= 10 ? 10 : n);
    memcpy(buf, v, k);
    buf[k] = '\0';
    if (k == 19) buf[10] = ' ';
    return sb_cell(b, c->col, buf, k, JW_CELL_DATE, 0);
  }
  return put_number(x, c, v, n);
}

/* A <row> start: its number (r, else the one after the last). */
static enum jw_code start_row(struct xlsx *x, struct xml_part *p, size_t *last_row, size_t *next_col) {
  char *r = xml_attr(p, "r", 0);
  size_t number = r ? parse_row(r) : *last_row + 1;
  xmlFree(r);
  if (number == 0 || number > EXCEL_MAX_ROW)
    return sb_fail_at(x->b, *last_row + 1, 0, JW_E_VALIDATION, "The .xlsx file is damaged: a row number is invalid.");
  *last_row = number;
  *next_col = 0;
  return sb_row(x->b, number);
}

/* A <c> start: its column (r, else the one after the last) and type. */
static enum jw_code start_cell(struct xlsx *x, struct xml_part *p, struct cell *c, size_t *next_col) {
  memset(c, 0, sizeof *c);
  char *r = xml_attr(p, "r", 0), *t = xml_attr(p, "t", 0), *s = xml_attr(p, "s", 0);
  long col = r ? parse_ref(r) : (long)*next_col;
  if (t) snprintf(c->type, sizeof c->type, "%s", t);
  c->style = s ? strtol(s, NULL, 10) : -1;
  xmlFree(r);
  xmlFree(t);
  xmlFree(s);
  if (col < 0 || col >= (long)EXCEL_MAX_COL)
    return sb_fail_at(x->b, x->b->cur_number, *next_col + 1, JW_E_VALIDATION,
                      "The .xlsx file is damaged: a cell reference is invalid.");
  c->col = (size_t)col;
  *next_col = c->col + 1;
  xml_text_reset(x);
  return JW_OK;
}

enum jw_code xlsx_read_sheet(struct xlsx *x, const char *name) {
  struct xml_part p;
  enum jw_code rc = xml_open(x, name, 0, &p);
  int in_data = 0, in_row = 0, in_cell = 0, r = 0;
  size_t last_row = 0, next_col = 0;
  struct cell c = {0};
  while (rc == JW_OK && (r = xml_next(x, &p)) == 1) {
    int k = xml_kind(&p);
    if (k == 1) {
      if (xml_is(&p, "sheetData"))
        in_data = 1;
      else if (in_data && xml_is(&p, "row")) {
        rc = start_row(x, &p, &last_row, &next_col);
        in_row = 1;
      } else if (in_row && xml_is(&p, "c")) {
        rc = start_cell(x, &p, &c, &next_col);
        in_cell = 1;
      } else if (in_cell && xml_is(&p, "v"))
        c.in_v = 1;
      else if (in_cell && xml_is(&p, "is"))
        c.in_is = 1;
      else if (c.in_is && xml_is(&p, "rPh"))
        c.skip++;
      else if (c.in_is && xml_is(&p, "t"))
        c.in_t = 1;
    } else if (k == 3) {
      if (in_cell && (c.in_v || (c.in_t && !c.skip))) xml_text_add(x, &p);
    } else if (k == 2) {
      if (xml_is(&p, "sheetData"))
        in_data = 0;
      else if (in_row && xml_is(&p, "row")) {
        rc = sb_end_row(x->b);
        in_row = 0;
      } else if (in_cell && xml_is(&p, "c")) {
        rc = put_cell(x, &c);
        in_cell = 0;
      } else if (xml_is(&p, "v"))
        c.in_v = 0;
      else if (xml_is(&p, "is"))
        c.in_is = 0;
      else if (xml_is(&p, "rPh") && c.skip)
        c.skip--;
      else if (xml_is(&p, "t"))
        c.in_t = 0;
    }
  }
  if (rc == JW_OK && r < 0) rc = x->b->err->code;
  xml_close(&p);
  return rc;
}
