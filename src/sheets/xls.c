/*
 * xls.c — the first sheet of an Excel 97-2003 workbook (BIFF in an OLE2
 * compound file) with libfreexl. freexl opens a path, so the bytes go to a
 * private temp file (mkstemp: O_EXCL, mode 0600) under the configured temp
 * directory, unlinked as soon as freexl has it open. freexl reads the whole
 * workbook at open and converts text to UTF-8 itself; dates come out as
 * YYYY-MM-DD (and times) from the cells' formats.
 *
 * Known limit: freexl sizes a sheet's cell grid from its DIMENSION record
 * (at most 65 536 × 256 cells in BIFF8) and walks day by day to render a
 * date, so a hostile .xls can cost some hundreds of MiB or a few seconds;
 * callers run imports off the request threads.
 */
#include <errno.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sheets/internal.h"

/* An encrypted OOXML workbook is an OLE2 file holding an EncryptedPackage
 * stream; directory entry names are UTF-16LE. */
static int has_stream(const char *data, size_t n, const char *ascii) {
  char name[64];
  size_t k = strlen(ascii);
  for (size_t i = 0; i < k; i++) name[2 * i] = ascii[i], name[2 * i + 1] = '\0';
  return memmem(data, n, name, 2 * k) != NULL;
}

/* The bytes in a private temp file; returns its path (arena) or NULL. */
static char *write_temp(struct sheet_builder *b, const char *data, size_t n) {
  const char *dir = b->lim->tmp_dir ? b->lim->tmp_dir : "/tmp";
  char *path = jw_arena_printf(b->a, "%s/jw-sheet-XXXXXX", dir);
  int fd = mkstemp(path); /* O_CREAT | O_EXCL, mode 0600 */
  if (fd < 0) return NULL;
  size_t off = 0;
  while (off < n) {
    ssize_t w = write(fd, data + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      close(fd);
      unlink(path);
      return NULL;
    }
    off += (size_t)w;
  }
  if (close(fd) != 0) {
    unlink(path);
    return NULL;
  }
  return path;
}

static const char *open_problem(int rc) {
  switch (rc) {
  case FREEXL_INSUFFICIENT_MEMORY:
    return "The .xls file is too large to read.";
  case FREEXL_CRAFTED_FILE:
    return "The .xls file is damaged or was crafted to attack readers.";
  case FREEXL_UNSUPPORTED_CHARSET:
  case FREEXL_INVALID_CHARACTER:
    return "The .xls file uses a character set that cannot be read; save it as .xlsx.";
  default:
    return "The .xls file is damaged or incomplete; open it in Excel, save it as .xlsx and upload that.";
  }
}

/* Puts the cell at (row, col) of the active sheet. */
static enum jw_code put_cell(struct sheet_builder *b, const void *h, unsigned row, unsigned short col) {
  FreeXL_CellValue v;
  if (freexl_get_cell_value(h, row, col, &v) != FREEXL_OK)
    return sb_fail_at(b, row + 1, (size_t)col + 1, JW_E_VALIDATION, "The .xls file is damaged: a cell cannot be read.");
  char buf[64];
  switch (v.type) {
  case FREEXL_CELL_INT:
    snprintf(buf, sizeof buf, "%d", v.value.int_value);
    return sb_cell(b, col, buf, strlen(buf), JW_CELL_NUMBER, 0);
  case FREEXL_CELL_DOUBLE:
    if (sheets_render_number(v.value.double_value, buf) != 0) return JW_OK;
    return sb_cell(b, col, buf, strlen(buf), JW_CELL_NUMBER, 0);
  case FREEXL_CELL_TEXT:
  case FREEXL_CELL_SST_TEXT:
    if (!v.value.text_value) return JW_OK;
    return sb_cell(b, col, v.value.text_value, strlen(v.value.text_value), JW_CELL_TEXT, 0);
  case FREEXL_CELL_DATE:
  case FREEXL_CELL_DATETIME:
  case FREEXL_CELL_TIME:
    if (!v.value.text_value) return JW_OK;
    return sb_cell(b, col, v.value.text_value, strlen(v.value.text_value), JW_CELL_DATE, 0);
  default:
    return JW_OK;
  }
}

static enum jw_code read_sheet(struct sheet_builder *b, const void *h) {
  unsigned info = 0;
  if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK && info == FREEXL_BIFF_OBFUSCATED)
    return jw_fail(b->err, JW_E_MEDIA_TYPE,
                   "The workbook is password-protected; save it without a password and upload it again.");
  if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &info) != FREEXL_OK || info == 0)
    return jw_fail(b->err, JW_E_VALIDATION, "The workbook has no sheet, or its first sheet cannot be found.");
  unsigned rows = 0;
  unsigned short cols = 0;
  if (freexl_select_active_worksheet(h, 0) != FREEXL_OK || freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK)
    return jw_fail(b->err, JW_E_VALIDATION, "The workbook has no sheet, or its first sheet cannot be found.");
  for (unsigned r = 0; r < rows; r++) {
    enum jw_code rc = sb_row(b, (size_t)r + 1);
    for (unsigned short c = 0; rc == JW_OK && c < cols; c++) rc = put_cell(b, h, r, c);
    if (rc == JW_OK) rc = sb_end_row(b);
    if (rc != JW_OK) return rc;
  }
  return JW_OK;
}

enum jw_code sheets_read_xls(const char *data, size_t n, struct sheet_builder *b) {
  if (has_stream(data, n, "EncryptedPackage"))
    return jw_fail(b->err, JW_E_MEDIA_TYPE,
                   "The workbook is password-protected; save it without a password and upload it again.");
  char *path = write_temp(b, data, n);
  if (!path) return jw_fail(b->err, JW_E_INTERNAL, "The temporary file for the .xls could not be written.");
  const void *h = NULL;
  int rc = freexl_open(path, &h);
  unlink(path); /* freexl has read it (or failed); nothing stays on disk */
  enum jw_code out;
  if (rc != FREEXL_OK)
    out = sb_fail_at(b, 0, 0, rc == FREEXL_INSUFFICIENT_MEMORY ? JW_E_TOO_LARGE : JW_E_VALIDATION, open_problem(rc));
  else
    out = read_sheet(b, h);
  if (h) freexl_close(h);
  return out;
}
