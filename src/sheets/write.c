/*
 * write.c — a table written as an .xlsx with libxlsxwriter: a bold, frozen
 * header row with an autofilter, column widths, text columns in the "@"
 * format (an ID number stays 18 digits; Excel does not turn it into
 * 1.10101E+17), numbers and dates as real cells. libxlsxwriter 1.1 writes
 * only to a file, so the workbook is made in a private directory
 * (mkdtemp, 0700) and read back into the arena. constant_memory mode: rows
 * are streamed to the library's temp file as they are written, so a long
 * export does not hold every cell twice.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "sheets/internal.h"

#define XLSX_MAX_ROWS 1048576u
#define XLSX_MAX_COLS 16384u
#define XLSX_MAX_STR  32767u

/* "YYYY-MM-DD" as a datetime, or 0. */
static int parse_date(const char *s, lxw_datetime *dt) {
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
  *dt = (lxw_datetime){y, m, d, 0, 0, 0};
  return 1;
}

/* A decimal number ("-12", "3.50") as a double, or 0. Long digit strings
 * (over 15 digits) are not numbers: Excel would lose digits. */
static int parse_number(const char *s, double *v) {
  size_t digits = 0;
  const char *p = s;
  if (*p == '-') p++;
  int dot = 0;
  for (; *p; p++) {
    if (*p == '.' && !dot)
      dot = 1;
    else if (*p >= '0' && *p <= '9')
      digits++;
    else
      return 0;
  }
  if (digits == 0 || digits > 15 || p[-1] == '.') return 0;
  *v = strtod(s, NULL);
  return 1;
}

/* Reads path into the arena. */
static int slurp(struct jw_arena *a, const char *path, char **out, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size < 0) {
    close(fd);
    return -1;
  }
  size_t n = (size_t)st.st_size, off = 0;
  char *buf = jw_arena_alloc(a, n + 1);
  while (off < n) {
    ssize_t r = read(fd, buf + off, n - off);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    off += (size_t)r;
  }
  close(fd);
  if (off != n) return -1;
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return 0;
}

/* Checks one cell's text before the library sees it. */
static enum jw_code check_text(const char *s, size_t row, size_t col, struct jw_error *err) {
  size_t n = strlen(s);
  if (n > XLSX_MAX_STR)
    return jw_fail(err, JW_E_VALIDATION, "Row %zu, column %zu is longer than %u bytes.", row, col, XLSX_MAX_STR);
  if (!sheets_utf8_ok(s, n)) return jw_fail(err, JW_E_VALIDATION, "Row %zu, column %zu is not valid UTF-8.", row, col);
  return JW_OK;
}

static enum jw_code fill(lxw_workbook *wb, lxw_worksheet *ws, const struct jw_sheet_column *cols, size_t ncols,
                         const char *const *cells, size_t nrows, struct jw_error *err) {
  lxw_format *bold = workbook_add_format(wb), *text = workbook_add_format(wb), *date = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_num_format(text, "@");
  format_set_num_format(date, "yyyy-mm-dd");
  for (size_t c = 0; c < ncols; c++) {
    double w = cols[c].width > 0 ? cols[c].width : 12;
    lxw_format *f = cols[c].type == JW_COL_TEXT ? text : cols[c].type == JW_COL_DATE ? date : NULL;
    if (worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, f) != LXW_NO_ERROR) goto lib;
    const char *h = cols[c].header ? cols[c].header : "";
    enum jw_code rc = check_text(h, 1, c + 1, err);
    if (rc != JW_OK) return rc;
    if (worksheet_write_string(ws, 0, (lxw_col_t)c, h, bold) != LXW_NO_ERROR) goto lib;
  }
  if (ncols > 0) {
    worksheet_freeze_panes(ws, 1, 0);
    if (worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrows, (lxw_col_t)(ncols - 1)) != LXW_NO_ERROR) goto lib;
  }
  for (size_t r = 0; r < nrows; r++) {
    for (size_t c = 0; c < ncols; c++) {
      const char *s = cells[r * ncols + c];
      if (!s || !*s) continue;
      enum jw_code rc = check_text(s, r + 2, c + 1, err);
      if (rc != JW_OK) return rc;
      lxw_row_t row = (lxw_row_t)(r + 1);
      lxw_col_t col = (lxw_col_t)c;
      lxw_datetime dt;
      double v;
      lxw_error e;
      if (cols[c].type == JW_COL_DATE && parse_date(s, &dt))
        e = worksheet_write_datetime(ws, row, col, &dt, date);
      else if (cols[c].type == JW_COL_NUMBER && parse_number(s, &v))
        e = worksheet_write_number(ws, row, col, v, NULL);
      else
        e = worksheet_write_string(ws, row, col, s, text);
      if (e != LXW_NO_ERROR) goto lib;
    }
  }
  return JW_OK;
lib:
  return jw_fail(err, JW_E_INTERNAL, "The spreadsheet writer failed.");
}

enum jw_code jw_sheet_write_xlsx(const char *sheet_name, const struct jw_sheet_column *cols, size_t ncols,
                                 const char *const *cells, size_t nrows, const struct jw_sheet_limits *lim,
                                 struct jw_arena *a, char **xlsx, size_t *xlsx_len, struct jw_error *err) {
  *xlsx = NULL;
  *xlsx_len = 0;
  if (nrows >= XLSX_MAX_ROWS || ncols > XLSX_MAX_COLS)
    return jw_fail(err, JW_E_TOO_LARGE, "A sheet holds at most %u rows and %u columns.", XLSX_MAX_ROWS - 1,
                   XLSX_MAX_COLS);
  const char *tmp = lim && lim->tmp_dir ? lim->tmp_dir : "/tmp";
  char *dir = jw_arena_printf(a, "%s/jw-xlsx-XXXXXX", tmp);
  if (!mkdtemp(dir)) return jw_fail(err, JW_E_INTERNAL, "The temporary directory for the workbook could not be made.");
  char *path = jw_arena_printf(a, "%s/out.xlsx", dir);
  lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = dir, .use_zip64 = LXW_FALSE};
  lxw_workbook *wb = workbook_new_opt(path, &opt);
  enum jw_code rc = JW_OK;
  if (!wb) {
    rc = jw_fail(err, JW_E_INTERNAL, "The spreadsheet writer failed.");
    goto out;
  }
  const char *name = sheet_name ? sheet_name : "Sheet1";
  if (workbook_validate_sheet_name(wb, name) != LXW_NO_ERROR) {
    rc = jw_fail(err, JW_E_VALIDATION, "The sheet name is not allowed (at most 31 characters, none of []:*?/\\).");
    workbook_close(wb);
    goto out;
  }
  lxw_worksheet *ws = workbook_add_worksheet(wb, name);
  rc =
      ws ? fill(wb, ws, cols, ncols, cells, nrows, err) : jw_fail(err, JW_E_INTERNAL, "The spreadsheet writer failed.");
  lxw_error closed = workbook_close(wb); /* writes the file and frees wb */
  if (rc == JW_OK && closed != LXW_NO_ERROR) rc = jw_fail(err, JW_E_INTERNAL, "The spreadsheet writer failed.");
  if (rc == JW_OK && slurp(a, path, xlsx, xlsx_len) != 0)
    rc = jw_fail(err, JW_E_INTERNAL, "The written workbook could not be read back.");
out:
  unlink(path);
  rmdir(dir);
  if (rc != JW_OK) {
    *xlsx = NULL;
    *xlsx_len = 0;
  }
  return rc;
}
