/*
 * csv.c — a CSV file as Chinese offices have them: UTF-8 with or without a
 * BOM, or GBK/GB18030 (what Excel's "CSV (逗号分隔)" writes on a Chinese
 * Windows). The encoding is decided on the whole file: valid UTF-8 is
 * UTF-8, anything else must convert as GB18030 (a superset of GBK) through
 * iconv, or the file is refused. The fields are split by libcsv (RFC 4180,
 * strict: an unterminated quote is an error), as payments' reconciliation
 * does.
 */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "sheets/internal.h"

struct csv_state {
  struct sheet_builder *b;
  size_t record; /* lines begun so far, as Excel numbers the rows (blank lines count) */
  size_t col;    /* the next field's column */
  int last_term; /* the character that ended the last record (CSV_REPALL_NL) */
  enum jw_code rc;
};

static void on_field(void *s, size_t len, void *data) {
  struct csv_state *st = data;
  if (st->rc != JW_OK) return;
  if (st->col == 0) {
    st->record++;
    st->rc = sb_row(st->b, st->record);
    if (st->rc != JW_OK) return;
  }
  st->rc = sb_cell(st->b, st->col, s, len, len ? JW_CELL_TEXT : JW_CELL_EMPTY, 0);
  st->col++;
}

static void on_row(int c, void *data) {
  struct csv_state *st = data;
  if (st->rc != JW_OK) return;
  /* With CSV_REPALL_NL every line end is a record: a blank line is an empty
   * one and counts, the LF of a CRLF is an empty one that does not. */
  if (st->col == 0 && !(c == '\n' && st->last_term == '\r')) st->record++;
  st->last_term = c;
  st->col = 0;
  st->rc = sb_end_row(st->b);
}

/* The 1-based line of offset off in text. */
static size_t line_of(const char *text, size_t off) {
  size_t line = 1;
  for (size_t i = 0; i < off; i++)
    if (text[i] == '\n') line++;
  return line;
}

/* text (n bytes of GB18030) converted into a malloc'd UTF-8 buffer; NULL
 * with *bad the offset of the first byte that does not convert. */
static char *from_gb18030(const char *text, size_t n, size_t *outlen, size_t *bad, int *setup_failed) {
  *setup_failed = 0;
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == (iconv_t)-1) {
    *setup_failed = 1;
    return NULL;
  }
  /* A GB18030 character is 1, 2 or 4 bytes and becomes at most 4 bytes of UTF-8. */
  size_t cap = n * 2 + 16;
  char *out = malloc(cap);
  if (!out) {
    iconv_close(cd);
    *setup_failed = 1;
    return NULL;
  }
  char *in = (char *)text, *o = out;
  size_t inleft = n, oleft = cap;
  size_t r = iconv(cd, &in, &inleft, &o, &oleft);
  if (r != (size_t)-1) r = iconv(cd, NULL, NULL, &o, &oleft);
  iconv_close(cd);
  if (r == (size_t)-1 || inleft != 0) {
    *bad = (size_t)(in - text);
    free(out);
    return NULL;
  }
  *outlen = cap - oleft;
  return out;
}

enum jw_code sheets_read_csv(const char *data, size_t n, struct sheet_builder *b) {
  struct jw_sheet *out = b->out;
  const char *text = data;
  char *converted = NULL;
  if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    text += 3;
    n -= 3;
    out->encoding = "UTF-8 BOM";
    if (!sheets_utf8_ok(text, n))
      return sb_fail_at(b, 0, 0, JW_E_VALIDATION, "The file starts as UTF-8 but holds bytes that are not UTF-8.");
  } else if (sheets_utf8_ok(data, n)) {
    out->encoding = "UTF-8";
  } else {
    if (memchr(data, '\0', n))
      return sb_fail_at(b, 0, 0, JW_E_VALIDATION, "The file is not a spreadsheet or CSV text (it holds NUL bytes).");
    size_t len = 0, bad = 0;
    int setup_failed;
    converted = from_gb18030(data, n, &len, &bad, &setup_failed);
    if (setup_failed) return jw_fail(b->err, JW_E_INTERNAL, "The GB18030 converter is not available.");
    if (!converted)
      return sb_fail_at(b, line_of(data, bad), 0, JW_E_VALIDATION,
                        "The text is neither UTF-8 nor GBK/GB18030; save the file again as CSV UTF-8.");
    if (!sheets_utf8_ok(converted, len)) { /* a NUL that iconv let through */
      free(converted);
      return sb_fail_at(b, 0, 0, JW_E_VALIDATION, "The file is not a spreadsheet or CSV text (it holds NUL bytes).");
    }
    text = converted;
    n = len;
    out->encoding = "GB18030";
  }

  struct csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
    free(converted);
    return jw_fail(b->err, JW_E_INTERNAL, "The CSV parser could not start.");
  }
  csv_set_blk_size(&p, 64 * 1024);
  struct csv_state st = {b, 0, 0, 0, JW_OK};
  /* Fed in slices so that a limit stops the parse soon after it is hit. */
  size_t off = 0;
  int bad = 0;
  while (off < n && st.rc == JW_OK) {
    size_t k = n - off < 65536 ? n - off : 65536;
    if (csv_parse(&p, text + off, k, on_field, on_row, &st) != k) {
      bad = 1;
      break;
    }
    off += k;
  }
  if (!bad && st.rc == JW_OK && csv_fini(&p, on_field, on_row, &st) != 0) bad = 1;
  csv_free(&p);
  enum jw_code rc = st.rc;
  if (rc == JW_OK && bad)
    rc = sb_fail_at(b, st.record + (st.col == 0), 0, JW_E_VALIDATION,
                    "The CSV is malformed: a quote is not closed or is followed by other text.");
  free(converted);
  return rc;
}
