/*
 * sheets.c — the front of the spreadsheet reader: format detection, the
 * table builder every reader fills (limits, UTF-8, empty rows), numbers and
 * dates as Excel shows them, and the header look-up by aliases.
 */
#include "sheets/sheets.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheets/internal.h"

const char *const jw_sheet_format_names[JW_SHEET_FORMAT__MAX] = {"csv", "xlsx", "xls"};

static const unsigned char OLE2_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

enum jw_sheet_format jw_sheet_detect(const void *data, size_t n) {
  const unsigned char *p = data;
  if (n >= 4 && p[0] == 'P' && p[1] == 'K' &&
      ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6) || (p[2] == 7 && p[3] == 8)))
    return JW_SHEET_XLSX;
  if (n >= 8 && memcmp(p, OLE2_MAGIC, 8) == 0) return JW_SHEET_XLS;
  return JW_SHEET_CSV;
}

enum jw_code jw_sheet_read(const void *data, size_t n, const struct jw_sheet_limits *lim, struct jw_arena *a,
                           struct jw_sheet *out, struct jw_error *err) {
  static const struct jw_sheet_limits defaults = JW_SHEET_LIMITS_DEFAULT;
  if (!lim) lim = &defaults;
  struct jw_error local;
  if (!err) err = &local; /* the readers look at err->code */
  jw_error_clear(err);
  memset(out, 0, sizeof *out);
  out->encoding = "";
  out->format = jw_sheet_detect(data, n);
  if (n == 0) return jw_fail(err, JW_E_VALIDATION, "The file is empty.");
  if (n > lim->max_bytes) return jw_fail(err, JW_E_TOO_LARGE, "The file is larger than %zu bytes.", lim->max_bytes);
  struct sheet_builder b;
  sb_init(&b, a, lim, out, err);
  enum jw_code rc;
  switch (out->format) {
  case JW_SHEET_XLSX:
    rc = sheets_read_xlsx(data, n, &b);
    break;
  case JW_SHEET_XLS:
    rc = sheets_read_xls(data, n, &b);
    break;
  default:
    rc = sheets_read_csv(data, n, &b);
    break;
  }
  if (rc == JW_OK) rc = sb_end_row(&b);
  if (rc != JW_OK) {
    out->nrows = 0;
    out->ncols = 0;
    out->rows = NULL;
  }
  return rc;
}

const char *jw_sheet_text(const struct jw_sheet_row *row, size_t col) {
  return row && col < row->ncells ? row->cells[col].s : "";
}

char *jw_sheet_col_name(size_t col, char buf[4]) {
  char tmp[4];
  size_t n = 0;
  buf[0] = '\0';
  if (col >= 16384) return buf;
  for (size_t v = col + 1; v > 0; v = (v - 1) / 26) tmp[n++] = (char)('A' + (v - 1) % 26);
  for (size_t i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
  buf[n] = '\0';
  return buf;
}

/* ---- the builder ---- */

void sb_init(struct sheet_builder *b, struct jw_arena *a, const struct jw_sheet_limits *lim, struct jw_sheet *out,
             struct jw_error *err) {
  memset(b, 0, sizeof *b);
  b->a = a;
  b->lim = lim;
  b->out = out;
  b->err = err;
}

enum jw_code sb_fail_at(struct sheet_builder *b, size_t row, size_t col, enum jw_code code, const char *msg) {
  b->out->err_row = row;
  b->out->err_col = col;
  return jw_fail(b->err, code, "%s", msg);
}

int sheets_utf8_ok(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    if (c < 0x80) {
      if (c == 0) return 0;
      i++;
      continue;
    }
    size_t len;
    unsigned cp, min;
    if (c >= 0xC2 && c <= 0xDF)
      len = 2, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0)
      len = 3, cp = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
      len = 4, cp = c & 0x07, min = 0x10000;
    else
      return 0;
    if (n - i < len) return 0;
    for (size_t k = 1; k < len; k++) {
      if ((p[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += len;
  }
  return 1;
}

enum jw_code sb_row(struct sheet_builder *b, size_t number) {
  enum jw_code rc = sb_end_row(b);
  if (rc != JW_OK) return rc;
  b->cur_number = number ? number : 1;
  b->ncur = 0;
  return JW_OK;
}

enum jw_code sb_cell(struct sheet_builder *b, size_t col, const char *s, size_t len, enum jw_sheet_cell_kind kind,
                     int stable) {
  const struct jw_sheet_limits *lim = b->lim;
  if (b->cur_number == 0) b->cur_number = 1;
  if (len == 0) return JW_OK; /* an empty cell needs no slot */
  if (col >= lim->max_cols) {
    b->out->err_row = b->cur_number;
    b->out->err_col = col + 1;
    return jw_fail(b->err, JW_E_TOO_LARGE, "The sheet has more than %zu columns.", lim->max_cols);
  }
  if (len > lim->max_cell_bytes) {
    b->out->err_row = b->cur_number;
    b->out->err_col = col + 1;
    return jw_fail(b->err, JW_E_VALIDATION, "A cell is longer than %zu bytes.", lim->max_cell_bytes);
  }
  if (!sheets_utf8_ok(s, len))
    return sb_fail_at(b, b->cur_number, col + 1, JW_E_VALIDATION,
                      "A cell holds text that is not valid UTF-8 (or a NUL byte).");
  if (col >= b->ncur) {
    /* Room up to col, the gap filled with empty cells; col < max_cols bounds it. */
    if (col >= b->cur_cap) {
      size_t cap = b->cur_cap ? b->cur_cap : 16;
      while (cap <= col) cap *= 2;
      struct jw_sheet_cell *grown = jw_arena_alloc(b->a, cap * sizeof *grown);
      if (b->ncur) memcpy(grown, b->cur, b->ncur * sizeof *grown);
      b->cur = grown;
      b->cur_cap = cap;
    }
    for (size_t i = b->ncur; i <= col; i++) b->cur[i] = (struct jw_sheet_cell){"", 0, JW_CELL_EMPTY};
    b->ncur = col + 1;
  }
  b->cur[col].s = stable ? s : jw_arena_strndup(b->a, s, len);
  b->cur[col].len = (uint32_t)len;
  b->cur[col].kind = (uint8_t)kind;
  return JW_OK;
}

enum jw_code sb_end_row(struct sheet_builder *b) {
  if (b->cur_number == 0) return JW_OK;
  size_t number = b->cur_number, n = b->ncur;
  b->cur_number = 0;
  b->ncur = 0;
  while (n > 0 && b->cur[n - 1].len == 0) n--;
  if (n == 0) return JW_OK;
  const struct jw_sheet_limits *lim = b->lim;
  struct jw_sheet *out = b->out;
  if (out->nrows >= lim->max_rows) {
    out->err_row = number;
    return jw_fail(b->err, JW_E_TOO_LARGE, "The sheet has more than %zu rows.", lim->max_rows);
  }
  if (n > lim->max_cells - b->cells) {
    out->err_row = number;
    return jw_fail(b->err, JW_E_TOO_LARGE, "The sheet has more than %zu cells.", lim->max_cells);
  }
  b->cells += n;
  out->rows = jw_arena_grow(b->a, out->rows, out->nrows, &b->rows_cap, sizeof *out->rows);
  struct jw_sheet_row *r = &out->rows[out->nrows++];
  r->number = number;
  r->ncells = n;
  r->cells = jw_arena_alloc(b->a, n * sizeof *r->cells);
  memcpy(r->cells, b->cur, n * sizeof *r->cells);
  if (n > out->ncols) out->ncols = n;
  return JW_OK;
}

/* ---- numbers and dates ---- */

int sheets_render_number(double v, char buf[64]) {
  if (!isfinite(v)) return -1;
  if (v == 0) v = 0; /* no "-0" */
  if (fabs(v) < 1e15 && v == trunc(v)) {
    snprintf(buf, 64, "%.0f", v);
    return 0;
  }
  if (fabs(v) < 1e21 && v == trunc(v)) {
    /* Excel keeps 15 significant digits and shows the rest as zeros
     * (110101199003071234 typed as a number is 110101199003071000): the
     * digits from "%.14e", then zeros, never "1.1E+17". */
    char e[32];
    snprintf(e, sizeof e, "%.14e", v);
    const char *p = e;
    char *o = buf;
    if (*p == '-') *o++ = *p++;
    *o++ = *p++;
    p++; /* the point */
    for (int i = 0; i < 14; i++) *o++ = *p++;
    int exp = atoi(p + 1); /* after the 'e' */
    for (int i = 14; i < exp; i++) *o++ = '0';
    *o = '\0';
    return 0;
  }
  snprintf(buf, 64, "%.15g", v);
  return 0;
}

/* Builtin numFmtIds that show dates or times (ECMA-376 18.8.30, and the
 * ids 27-36 and 50-58 that Chinese Excel uses for 年月日 and 时分秒). */
int sheets_builtin_format(unsigned id) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 || id == 58)
    return FMT_DATE;
  if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) || id == 55 || id == 56)
    return FMT_TIME;
  if (id == 22) return FMT_DATETIME;
  return FMT_NUMBER;
}

/* A custom format code shows a date when it has y or d (or 年/日) outside
 * quotes, escapes and [brackets], a time when it has h or s (or [h] [m] [s]
 * elapsed time). Only the first section (before ';') counts. */
int sheets_format_code(const char *code) {
  int date = 0, time = 0;
  for (const char *p = code; *p && *p != ';'; p++) {
    switch (*p) {
    case '"': {
      const char *q = strchr(p + 1, '"');
      if (!q) return date | time;
      p = q;
      break;
    }
    case '\\':
    case '_':
    case '*':
      if (p[1]) p++;
      break;
    case '[': {
      const char *q = strchr(p + 1, ']');
      if (!q) return date | time;
      char c = p[1] | 0x20;
      if (q - p >= 2 && (c == 'h' || c == 'm' || c == 's') && (p[2] | 0x20) == c) time = FMT_TIME;
      p = q;
      break;
    }
    case 'y':
    case 'Y':
    case 'd':
    case 'D':
      date = FMT_DATE;
      break;
    case 'h':
    case 'H':
    case 's':
    case 'S':
      time = FMT_TIME;
      break;
    default:
      if (strncmp(p, "\xE5\xB9\xB4", 3) == 0 || strncmp(p, "\xE6\x97\xA5", 3) == 0) date = FMT_DATE; /* 年 日 */
      break;
    }
  }
  return date | time;
}

/* The civil date of days since 1970-01-01 (Howard Hinnant's algorithm). */
static void civil(long z, int *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

int sheets_render_serial(double v, int date1904, int fmt, char buf[32]) {
  if (!isfinite(v) || v < 0 || v >= 2958466) return -1; /* 9999-12-31 is 2958465 */
  long day = (long)floor(v);
  long secs = lround((v - (double)day) * 86400.0);
  if (secs >= 86400) day++, secs -= 86400;
  int y, m, d;
  if (date1904) {
    civil(day - 24107, &y, &m, &d); /* 1904-01-01 is 24107 days before 1970-01-01 */
  } else if (day == 60) {
    y = 1900, m = 2, d = 29; /* Excel's 1900-02-29, which never was */
  } else {
    /* Serial 1 is 1900-01-01; Excel counts a 1900-02-29, so from 61 on the
     * days run from 1899-12-30, before it from 1899-12-31. */
    civil(day - (day < 60 ? 25568 : 25569), &y, &m, &d);
  }
  int hh = (int)(secs / 3600), mi = (int)(secs / 60 % 60), ss = (int)(secs % 60);
  if (fmt == FMT_TIME && day == 0)
    snprintf(buf, 32, "%02d:%02d:%02d", hh, mi, ss);
  else if (fmt & FMT_TIME)
    snprintf(buf, 32, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, hh, mi, ss);
  else
    snprintf(buf, 32, "%04d-%02d-%02d", y, m, d);
  return 0;
}

/* ---- the header look-up ---- */

/* s trimmed of spaces (ASCII and U+3000), a '*'/'＊' mark at either end and
 * a trailing ':'/'：'; *n updated. */
static const char *trim_header(const char *s, size_t *n) {
  static const char *const strip[] = {" ", "\t", "\r", "\n", "\xE3\x80\x80", "*", "\xEF\xBC\x8A", NULL};
  size_t len = *n;
  for (int changed = 1; changed;) {
    changed = 0;
    for (int i = 0; strip[i]; i++) {
      size_t k = strlen(strip[i]);
      if (len >= k && memcmp(s, strip[i], k) == 0) s += k, len -= k, changed = 1;
      if (len >= k && memcmp(s + len - k, strip[i], k) == 0) len -= k, changed = 1;
    }
    if (len >= 1 && s[len - 1] == ':') len--, changed = 1;
    if (len >= 3 && memcmp(s + len - 3, "\xEF\xBC\x9A", 3) == 0) len -= 3, changed = 1;
  }
  *n = len;
  return s;
}

long jw_sheet_find_column(const struct jw_sheet_row *header, const char *const *names) {
  if (!header || !names) return -1;
  for (size_t c = 0; c < header->ncells; c++) {
    size_t n = header->cells[c].len;
    const char *s = trim_header(header->cells[c].s, &n);
    for (size_t k = 0; names[k]; k++) {
      size_t m = strlen(names[k]);
      const char *t = trim_header(names[k], &m);
      if (m != n) continue;
      size_t i = 0;
      while (i < n) {
        unsigned char x = (unsigned char)s[i], y = (unsigned char)t[i];
        if (x >= 'A' && x <= 'Z') x |= 0x20;
        if (y >= 'A' && y <= 'Z') y |= 0x20;
        if (x != y) break;
        i++;
      }
      if (i == n) return (long)c;
    }
  }
  return -1;
}
