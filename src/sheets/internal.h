/*
 * internal.h — what the readers of src/sheets/ share (private to the
 * folder): the table builder that enforces the limits, and the renderings
 * of numbers and dates.
 */
#ifndef JW_SHEETS_INTERNAL_H
#define JW_SHEETS_INTERNAL_H

#include <stddef.h>

#include "sheets/sheets.h"

/* Builds a struct jw_sheet row by row; every cell goes through sb_cell,
 * which checks UTF-8, NUL bytes and the limits. */
struct sheet_builder {
  struct jw_arena *a;
  const struct jw_sheet_limits *lim;
  struct jw_sheet *out;
  struct jw_error *err;
  struct jw_sheet_row *rows;
  size_t rows_cap;
  struct jw_sheet_cell *cur; /* the open row's cells (scratch, reused) */
  size_t ncur, cur_cap;
  size_t cur_number; /* the open row's number; 0 = no open row */
  size_t cells;      /* cells kept so far */
};

void sb_init(struct sheet_builder *b, struct jw_arena *a, const struct jw_sheet_limits *lim, struct jw_sheet *out,
             struct jw_error *err);
/* Opens row number (1-based); an open row is closed first. */
enum jw_code sb_row(struct sheet_builder *b, size_t number);
/* Puts s (len bytes; copied into the arena unless stable, i.e. already
 * arena-owned, valid and NUL-terminated) at column col (0-based) of the
 * open row. */
enum jw_code sb_cell(struct sheet_builder *b, size_t col, const char *s, size_t len, enum jw_sheet_cell_kind kind,
                     int stable);
/* Closes the open row (dropped when all its cells are empty). */
enum jw_code sb_end_row(struct sheet_builder *b);
/* Fails with code and the message, at the position given (0 = none). */
enum jw_code sb_fail_at(struct sheet_builder *b, size_t row, size_t col, enum jw_code code, const char *msg);

/* 1 when s (n bytes) is valid UTF-8 without NUL bytes. */
int sheets_utf8_ok(const char *s, size_t n);

/* A number as Excel shows it in a General cell: whole numbers below 1e21 in
 * full, others with up to 15 significant digits. buf holds 64 bytes.
 * Returns 0, or -1 for infinities and NaN. */
int sheets_render_number(double v, char buf[64]);

/* What a number format shows: 0 a number, 1 a date, 2 a time, 3 both. */
enum { FMT_NUMBER = 0, FMT_DATE = 1, FMT_TIME = 2, FMT_DATETIME = 3 };
int sheets_builtin_format(unsigned id);
int sheets_format_code(const char *code);

/* Excel's serial day number v (date1904: the 1904 system) rendered for the
 * format kind fmt (FMT_DATE/TIME/DATETIME) into buf (32 bytes). Returns 0,
 * or -1 when v is outside 0..9999-12-31. */
int sheets_render_serial(double v, int date1904, int fmt, char buf[32]);

enum jw_code sheets_read_csv(const char *data, size_t n, struct sheet_builder *b);
enum jw_code sheets_read_xlsx(const char *data, size_t n, struct sheet_builder *b);
enum jw_code sheets_read_xls(const char *data, size_t n, struct sheet_builder *b);

#endif
