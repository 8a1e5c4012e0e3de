/* sheets_check.h — what every table jw_sheet_read hands out must satisfy,
 * for the sheets fuzz targets: cells valid UTF-8 of their stated length,
 * inside the limits, rows in the order read; on failure, no rows. Aborts
 * (a libFuzzer crash) otherwise. */
#ifndef JW_FUZZ_SHEETS_CHECK_H
#define JW_FUZZ_SHEETS_CHECK_H

#include <stdlib.h>
#include <string.h>

#include "sheets/sheets.h"

int sheets_utf8_ok(const char *s, size_t n);

static inline void sheets_check(enum jw_code rc, const struct jw_sheet *s, const struct jw_sheet_limits *lim) {
  if (rc != JW_OK) {
    if (s->rows || s->nrows) abort();
    return;
  }
  if (s->nrows > lim->max_rows || s->ncols > lim->max_cols) abort();
  size_t cells = 0;
  for (size_t i = 0; i < s->nrows; i++) {
    const struct jw_sheet_row *r = &s->rows[i];
    if (r->ncells == 0 || r->ncells > s->ncols || r->number == 0) abort();
    if (r->cells[r->ncells - 1].len == 0) abort(); /* trailing empties are dropped */
    cells += r->ncells;
    for (size_t c = 0; c < r->ncells; c++) {
      const struct jw_sheet_cell *cell = &r->cells[c];
      if (!cell->s || strlen(cell->s) != cell->len || cell->len > lim->max_cell_bytes) abort();
      if (!sheets_utf8_ok(cell->s, cell->len)) abort();
      if ((cell->len == 0) != (cell->kind == JW_CELL_EMPTY)) abort();
    }
  }
  if (cells > lim->max_cells) abort();
}

#endif
