/*
 * sheets.h — spreadsheets in and out: the first sheet of an .xlsx, an old
 * .xls or a CSV (UTF-8 with or without BOM, or GBK/GB18030 as Chinese Excel
 * writes it) read into a table of UTF-8 text cells, and a table written as
 * an .xlsx.
 *
 * A format layer below the domains, like core/: it includes only core/ and
 * knows nothing of residents. The bytes are hostile (any staff upload): the
 * reader enforces the limits in struct jw_sheet_limits, refuses DTDs and
 * entities in the xlsx XML, zip bombs and giant sparse cell references, and
 * never hands out text that is not valid UTF-8.
 *
 * Cells are text as Excel shows them: numbers that are whole are written out
 * in full (an 18-digit ID number stored as a number keeps the digits the
 * file holds, never "1.1E+17"), other numbers with up to 15 significant
 * digits, date cells as YYYY-MM-DD (with " HH:MM:SS" when the format shows a
 * time), booleans TRUE/FALSE, formula cells their cached value. Each cell
 * says what it was (struct jw_sheet_cell.kind), so a caller can tell an ID
 * number typed as text from one Excel turned into a number.
 */
#ifndef JW_SHEETS_H
#define JW_SHEETS_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/mem.h"

enum jw_sheet_format {
  JW_SHEET_CSV,  /* anything that is neither of the below */
  JW_SHEET_XLSX, /* a zip ("PK\3\4") */
  JW_SHEET_XLS,  /* an OLE2 compound file (D0 CF 11 E0 A1 B1 1A E1), read with libfreexl */
  JW_SHEET_FORMAT__MAX
};
/* "csv", "xlsx", "xls". */
extern const char *const jw_sheet_format_names[JW_SHEET_FORMAT__MAX];

enum jw_sheet_cell_kind {
  JW_CELL_EMPTY,  /* no value ("") */
  JW_CELL_TEXT,   /* a string cell; every CSV field that is not empty */
  JW_CELL_NUMBER, /* a number (rendered as above); JW_CELL_NUMBER with more than
                     15 digits may have lost digits in Excel */
  JW_CELL_DATE,   /* a number in a date or time format, rendered as a date/time */
  JW_CELL_BOOL,   /* TRUE / FALSE */
  JW_CELL_ERROR,  /* a formula error such as #N/A, as its text */
  JW_CELL__MAX
};

struct jw_sheet_cell {
  const char *s; /* valid UTF-8, NUL-terminated, never NULL; arena-owned */
  uint32_t len;  /* bytes in s */
  uint8_t kind;  /* enum jw_sheet_cell_kind */
};

struct jw_sheet_row {
  size_t number;               /* the row as Excel numbers it (1 = first; blank rows and CSV lines count) */
  size_t ncells;               /* trailing empty cells are dropped, so rows differ in length */
  struct jw_sheet_cell *cells; /* cells[i] is column i (A = 0) */
};

struct jw_sheet {
  enum jw_sheet_format format;
  const char *encoding;      /* CSV: "UTF-8", "UTF-8 BOM" or "GB18030"; else "" */
  size_t nrows;              /* rows with at least one non-empty cell, in file order */
  size_t ncols;              /* the widest row's ncells */
  struct jw_sheet_row *rows; /* arena-owned */
  /* Where the reader stopped when it failed (1-based; 0 = not at a cell or
   * row): the caller writes "第 3 行第 2 列" from these and err's detail. */
  size_t err_row, err_col;
};

struct jw_sheet_limits {
  size_t max_bytes;      /* the file as uploaded */
  size_t max_rows;       /* non-empty rows kept */
  size_t max_cols;       /* columns (a cell right of this is an error) */
  size_t max_cells;      /* cells kept in all rows together (empty ones inside a row count) */
  size_t max_cell_bytes; /* UTF-8 bytes in one cell */
  size_t max_unzipped;   /* xlsx: the uncompressed bytes of all parts read, and of any one */
  const char *tmp_dir;   /* xls and writing: where private temp files go; NULL = "/tmp" */
};

/* 20 MiB files, 100 000 rows, 200 columns, 2 000 000 cells, 32 767-byte
 * cells (Excel's own limit is 32 767 characters), 200 MiB unzipped, /tmp. */
#define JW_SHEET_LIMITS_DEFAULT \
  { 20u << 20, 100000, 200, 2000000, 32767, 200u << 20, NULL }

/*
 * Reads the first sheet of the spreadsheet in data (n bytes, borrowed; the
 * format is detected from the bytes, never from a file name) into *out, all
 * of it in arena a. lim NULL means JW_SHEET_LIMITS_DEFAULT.
 *
 * Returns JW_OK, or:
 *   JW_E_TOO_LARGE   over a limit (file size, rows, columns, cells, unzipped size)
 *   JW_E_VALIDATION  an empty file; text neither UTF-8 nor GB18030; a damaged
 *                    or truncated file; malformed CSV or XML; a DTD; a cell
 *                    longer than max_cell_bytes
 *   JW_E_MEDIA_TYPE  a password-protected workbook; a zip that is no workbook
 *   JW_E_INTERNAL    the temp file or a library could not be set up
 * with err->detail (and detail_zh) a sentence without the position, and
 * out->err_row / err_col the position when there is one. out->format is set
 * even on failure; the rows of a failed read must not be used.
 */
enum jw_code jw_sheet_read(const void *data, size_t n, const struct jw_sheet_limits *lim, struct jw_arena *a,
                           struct jw_sheet *out, struct jw_error *err);

/* The format jw_sheet_read would use for these bytes. */
enum jw_sheet_format jw_sheet_detect(const void *data, size_t n);

/* The letters Excel shows for column col (0-based): 0 → "A", 27 → "AB",
 * 16383 → "XFD"; "" past that. buf holds 4 bytes; returns buf. */
char *jw_sheet_col_name(size_t col, char buf[4]);

/* Cell col (0-based) of row as text: "" when the row is shorter. Borrowed. */
const char *jw_sheet_text(const struct jw_sheet_row *row, size_t col);

/*
 * The first column of header whose text, with surrounding spaces (ASCII and
 * U+3000), a leading or trailing '*' or '＊' (a "required" mark) and a
 * trailing ':' or '：' removed, equals one of names (a NULL-terminated list
 * of aliases, e.g. {"身份证号", "公民身份号码", "身份证号码", NULL}), or -1.
 * ASCII letters compare without case.
 */
long jw_sheet_find_column(const struct jw_sheet_row *header, const char *const *names);

/* ---- writing ---- */

enum jw_sheet_col_type {
  JW_COL_TEXT,   /* written as a string in a text ("@") column: ID numbers, phones keep every digit */
  JW_COL_NUMBER, /* a decimal number written as a number; a cell that is not one is written as text */
  JW_COL_DATE,   /* "YYYY-MM-DD" written as an Excel date (yyyy-mm-dd); anything else as text */
  JW_COL__MAX
};

struct jw_sheet_column {
  const char *header; /* UTF-8, written bold in row 1 */
  double width;       /* in Excel's character units; 0 = 12 */
  enum jw_sheet_col_type type;
};

/*
 * Writes a workbook of one sheet named sheet_name (at most 31 characters,
 * none of []:*?/\; NULL = "Sheet1") to memory: the header row from cols
 * (ncols columns, frozen, with an autofilter), then nrows rows whose cells
 * are cells[r * ncols + c] (UTF-8; NULL or "" = empty). On JW_OK, *xlsx
 * (arena-owned) holds *xlsx_len bytes. The workbook is made by
 * libxlsxwriter in a private directory (mode 0700) under lim->tmp_dir (lim
 * NULL: /tmp), removed before returning. JW_E_VALIDATION (err says which
 * cell) for text that is not UTF-8 or longer than 32 767 bytes,
 * JW_E_TOO_LARGE past 1 048 575 rows or 16 384 columns, JW_E_INTERNAL when
 * the library or the temp directory fails.
 */
enum jw_code jw_sheet_write_xlsx(const char *sheet_name, const struct jw_sheet_column *cols, size_t ncols,
                                 const char *const *cells, size_t nrows, const struct jw_sheet_limits *lim,
                                 struct jw_arena *a, char **xlsx, size_t *xlsx_len, struct jw_error *err);

#endif
