/* test_sheets.c — the spreadsheet reader and writer (src/sheets/) on real
 * files made here: an .xlsx written by libxlsxwriter (shared strings) and
 * one by jw_sheet_write_xlsx (inline strings), read back; a GBK CSV made
 * with iconv; a UTF-8 CSV with a BOM; an .xls written by SheetJS
 * (tests/unit/fixtures/make_xls.cjs, run with node); and hostile input:
 * truncated and bomb zips, XML with a DTD, giant cell references, a 10 MB
 * field, text that is neither UTF-8 nor GB18030, an empty file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <iconv.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "sheets/internal.h"
#include "sheets/sheets.h"

/* ---- helpers ---- */

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)len + 1);
  assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
  fclose(f);
  *n = (size_t)len;
  return buf;
}

static void tmp_path(char *buf, size_t n, const char *ext) {
  static int seq;
  snprintf(buf, n, "/tmp/jw-test-sheets-%d-%d%s", (int)getpid(), seq++, ext);
}

/* The text of cell (row index i in the table, col). */
static const char *T(const struct jw_sheet *s, size_t i, size_t col) {
  assert_true(i < s->nrows);
  return jw_sheet_text(&s->rows[i], col);
}

static int K(const struct jw_sheet *s, size_t i, size_t col) {
  assert_true(i < s->nrows && col < s->rows[i].ncells);
  return s->rows[i].cells[col].kind;
}

/* A zip of the given parts {name, text, ...} in memory (libzip through a file). */
struct part {
  const char *name;
  const char *text;
  size_t len; /* 0 = strlen */
};

static char *make_zip(const struct part *parts, size_t nparts, size_t *n) {
  char path[96];
  tmp_path(path, sizeof path, ".zip");
  int zerr = 0;
  zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  assert_non_null(z);
  for (size_t i = 0; i < nparts; i++) {
    size_t len = parts[i].len ? parts[i].len : strlen(parts[i].text);
    zip_source_t *src = zip_source_buffer(z, parts[i].text, len, 0);
    assert_non_null(src);
    assert_true(zip_file_add(z, parts[i].name, src, ZIP_FL_OVERWRITE) >= 0);
  }
  assert_int_equal(zip_close(z), 0);
  char *buf = slurp(path, n);
  unlink(path);
  return buf;
}

static const char *RELS =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char *WORKBOOK =
    "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"first\" sheetId=\"2\" r:id=\"rId7\"/><sheet name=\"second\" sheetId=\"1\" r:id=\"rId1\"/>"
    "</sheets></workbook>";
/* The first sheet in the workbook's order is rId7, in a part not named sheet1. */
static const char *WB_RELS =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/worksheet\" Target=\"/xl/worksheets/../worksheets/main.xml\"/>"
    "</Relationships>";

/* A workbook whose first sheet's XML is sheet (a whole document). */
static char *xlsx_with_sheet(const char *sheet, size_t sheet_len, size_t *n) {
  struct part parts[] = {
      {"_rels/.rels", RELS, 0},
      {"xl/workbook.xml", WORKBOOK, 0},
      {"xl/_rels/workbook.xml.rels", WB_RELS, 0},
      {"xl/worksheets/main.xml", sheet, sheet_len},
      {"xl/worksheets/sheet1.xml",
       "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>WRONG "
       "SHEET</t></is></c></row></sheetData></worksheet>",
       0},
  };
  return make_zip(parts, sizeof parts / sizeof *parts, n);
}

static enum jw_code read_buf(const char *buf, size_t n, const struct jw_sheet_limits *lim, struct jw_arena *a,
                             struct jw_sheet *s, struct jw_error *err) {
  memset(err, 0, sizeof *err);
  return jw_sheet_read(buf, n, lim, a, s, err);
}

/* ---- xlsx ---- */

/* Written by libxlsxwriter (shared strings, styles), read back. */
static void xlsx_from_libxlsxwriter(void **state) {
  (void)state;
  char path[96];
  tmp_path(path, sizeof path, ".xlsx");
  lxw_workbook *wb = workbook_new(path);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "居民");
  workbook_add_worksheet(wb, "Other");
  lxw_format *date = workbook_add_format(wb), *cn_date = workbook_add_format(wb), *dt = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  format_set_num_format(cn_date, "yyyy\"年\"m\"月\"d\"日\"");
  format_set_num_format(dt, "yyyy/m/d h:mm");
  lxw_datetime d1990 = {1990, 3, 7, 0, 0, 0}, d2024 = {2024, 2, 29, 0, 0, 0}, t = {2026, 11, 30, 8, 30, 0};
  worksheet_write_string(ws, 0, 0, "姓名", NULL);
  worksheet_write_string(ws, 0, 1, "身份证号", NULL);
  worksheet_write_string(ws, 0, 2, "出生日期", NULL);
  worksheet_write_string(ws, 0, 3, "电话", NULL);
  worksheet_write_string(ws, 1, 0, "张三", NULL);
  worksheet_write_string(ws, 1, 1, "11010119900307123X", NULL);
  worksheet_write_datetime(ws, 1, 2, &d1990, date);
  worksheet_write_number(ws, 1, 3, 13800138000.0, NULL);
  worksheet_write_string(ws, 2, 0, "李四", NULL);
  worksheet_write_number(ws, 2, 1, 110101199003071234.0, NULL); /* as a careless Excel user keeps it */
  worksheet_write_datetime(ws, 2, 2, &d2024, cn_date);
  worksheet_write_number(ws, 2, 3, 0.1 + 0.2, NULL);
  /* row 4 (index 3) left empty; row 5 has a gap and a sparse column */
  worksheet_write_string(ws, 4, 0, "王五", NULL);
  worksheet_write_datetime(ws, 4, 2, &t, dt);
  worksheet_write_boolean(ws, 4, 3, 1, NULL);
  worksheet_write_string(ws, 4, 60, "far right", NULL);
  worksheet_write_number(ws, 4, 5, -42, NULL);
  worksheet_write_blank(ws, 5, 0, date); /* formatted but empty: no row */
  assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
  size_t n;
  char *buf = slurp(path, &n);
  unlink(path);

  struct jw_arena a = {0};
  struct jw_sheet s;
  struct jw_error err;
  assert_int_equal(read_buf(buf, n, NULL, &a, &s, &err), JW_OK);
  assert_int_equal(s.format, JW_SHEET_XLSX);
  assert_int_equal(s.nrows, 4);
  assert_int_equal(s.ncols, 61);
  assert_string_equal(T(&s, 0, 1), "身份证号");
  assert_int_equal(s.rows[1].number, 2);
  assert_string_equal(T(&s, 1, 0), "张三");
  assert_string_equal(T(&s, 1, 1), "11010119900307123X");
  assert_int_equal(K(&s, 1, 1), JW_CELL_TEXT);
  assert_string_equal(T(&s, 1, 2), "1990-03-07");
  assert_int_equal(K(&s, 1, 2), JW_CELL_DATE);
  assert_string_equal(T(&s, 1, 3), "13800138000"); /* not 1.38E+10 */
  assert_int_equal(K(&s, 1, 3), JW_CELL_NUMBER);
  /* An ID number kept as a number: Excel's 15 digits, then zeros, no exponent. */
  assert_string_equal(T(&s, 2, 1), "110101199003071000");
  assert_int_equal(K(&s, 2, 1), JW_CELL_NUMBER);
  assert_string_equal(T(&s, 2, 2), "2024-02-29");
  assert_string_equal(T(&s, 2, 3), "0.3");
  assert_int_equal(s.rows[3].number, 5); /* the empty row 4 is dropped, row 5 keeps its number */
  assert_string_equal(T(&s, 3, 0), "王五");
  assert_string_equal(T(&s, 3, 1), "");
  assert_int_equal(K(&s, 3, 1), JW_CELL_EMPTY);
  assert_string_equal(T(&s, 3, 2), "2026-11-30 08:30:00");
  assert_string_equal(T(&s, 3, 3), "TRUE");
  assert_int_equal(K(&s, 3, 3), JW_CELL_BOOL);
  assert_string_equal(T(&s, 3, 5), "-42");
  assert_string_equal(T(&s, 3, 60), "far right");
  assert_string_equal(T(&s, 3, 61), ""); /* past the row */
  assert_int_equal(s.rows[3].ncells, 61);

  /* Columns found by any of their names, marks and spaces ignored. */
  const char *id_names[] = {"公民身份号码", "身份证号", NULL};
  const char *phone_names[] = {"电话", NULL};
  const char *none[] = {"住址", NULL};
  assert_int_equal(jw_sheet_find_column(&s.rows[0], id_names), 1);
  assert_int_equal(jw_sheet_find_column(&s.rows[0], phone_names), 3);
  assert_int_equal(jw_sheet_find_column(&s.rows[0], none), -1);

  /* A column past the limit is an error naming the cell. */
  struct jw_sheet_limits lim = JW_SHEET_LIMITS_DEFAULT;
  lim.max_cols = 50;
  assert_int_equal(read_buf(buf, n, &lim, &a, &s, &err), JW_E_TOO_LARGE);
  assert_int_equal(s.err_row, 5);
  assert_int_equal(s.err_col, 61);
  assert_null(s.rows);
  /* Rows and cells limits. */
  lim = (struct jw_sheet_limits)JW_SHEET_LIMITS_DEFAULT;
  lim.max_rows = 3;
  assert_int_equal(read_buf(buf, n, &lim, &a, &s, &err), JW_E_TOO_LARGE);
  assert_int_equal(s.err_row, 5);
  lim = (struct jw_sheet_limits)JW_SHEET_LIMITS_DEFAULT;
  lim.max_cell_bytes = 17;
  assert_int_equal(read_buf(buf, n, &lim, &a, &s, &err), JW_E_VALIDATION);
  assert_int_equal(s.err_row, 2); /* the 18-character ID number */
  assert_int_equal(s.err_col, 2);
  assert_non_null(strstr(err.detail, "longer than 17 bytes"));
  assert_non_null(strstr(err.detail_zh, "17"));
  free(buf);
  jw_arena_free(&a);
}

/* jw_sheet_write_xlsx, then read back: text columns keep every digit. */
static void write_then_read(void **state) {
  (void)state;
  struct jw_sheet_column cols[] = {
      {"姓名", 10, JW_COL_TEXT},  {"身份证号", 22, JW_COL_TEXT}, {"居住登记日期", 14, JW_COL_DATE},
      {"人数", 0, JW_COL_NUMBER}, {"电话", 14, JW_COL_TEXT},
  };
  const char *cells[] = {
      "张三",
      "110101199003071234",
      "2026-11-30",
      "3",
      "013800138000",
      "李四",
      "11010119900307123X",
      "not a date",
      "1.5",
      NULL,
      "",
      NULL,
      NULL,
      "1234567890123456789",
      "",
  };
  struct jw_arena a = {0};
  struct jw_error err = {0};
  char *x;
  size_t xn;
  assert_int_equal(jw_sheet_write_xlsx("居民名单", cols, 5, cells, 3, NULL, &a, &x, &xn, &err), JW_OK);
  assert_true(xn > 100);
  assert_int_equal(jw_sheet_detect(x, xn), JW_SHEET_XLSX);
  struct jw_sheet s;
  assert_int_equal(read_buf(x, xn, NULL, &a, &s, &err), JW_OK);
  assert_int_equal(s.nrows, 4);
  assert_string_equal(T(&s, 0, 2), "居住登记日期");
  assert_string_equal(T(&s, 1, 1), "110101199003071234");
  assert_int_equal(K(&s, 1, 1), JW_CELL_TEXT);
  assert_string_equal(T(&s, 1, 2), "2026-11-30");
  assert_int_equal(K(&s, 1, 2), JW_CELL_DATE);
  assert_string_equal(T(&s, 1, 3), "3");
  assert_int_equal(K(&s, 1, 3), JW_CELL_NUMBER);
  assert_string_equal(T(&s, 1, 4), "013800138000"); /* the leading zero stays */
  assert_string_equal(T(&s, 2, 2), "not a date");
  assert_int_equal(K(&s, 2, 2), JW_CELL_TEXT);
  assert_string_equal(T(&s, 2, 3), "1.5");
  /* 19 digits are too many for a number: written as text, read back whole. */
  assert_string_equal(T(&s, 3, 3), "1234567890123456789");
  assert_int_equal(K(&s, 3, 3), JW_CELL_TEXT);

  /* Bad UTF-8 is refused, naming the cell; nothing is handed out. */
  const char *bad[] = {"ok", "\xE5\xBC", "", "", ""};
  assert_int_equal(jw_sheet_write_xlsx(NULL, cols, 5, bad, 1, NULL, &a, &x, &xn, &err), JW_E_VALIDATION);
  assert_non_null(strstr(err.detail, "Row 2, column 2"));
  assert_null(x);
  assert_int_equal(jw_sheet_write_xlsx("a/b", cols, 5, cells, 1, NULL, &a, &x, &xn, &err), JW_E_VALIDATION);
  jw_arena_free(&a);
}

/* Hand-made parts: the first sheet found through the relationships, inline
 * and shared strings with phonetic runs, integers kept digit for digit,
 * sparse references. */
static void xlsx_parts(void **state) {
  (void)state;
  const char *sheet =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><r><t>张</t></r><r><t xml:space=\"preserve\"> 三</t></r>"
      "<rPh><t>ZHANG</t></rPh></is></c><c r=\"B1\"><v>110101199003071234</v></c><c t=\"str\"><f>A1</f>"
      "<v>公式</v></c><c r=\"E1\" t=\"e\"><v>#N/A</v></c><c r=\"F1\" t=\"d\"><v>2026-11-30T08:00:00</v></c></row>"
      "<row><c r=\"CV2\"><v>-0007</v></c></row>"
      "<row r=\"1048576\"><c r=\"A1048576\"><v>1E-3</v></c></row>"
      "</sheetData></worksheet>";
  size_t n;
  char *buf = xlsx_with_sheet(sheet, 0, &n);
  struct jw_arena a = {0};
  struct jw_sheet s;
  struct jw_error err;
  assert_int_equal(read_buf(buf, n, NULL, &a, &s, &err), JW_OK);
  assert_int_equal(s.nrows, 3);
  assert_string_equal(T(&s, 0, 0), "张 三");
  assert_string_equal(T(&s, 0, 1), "110101199003071234");
  assert_string_equal(T(&s, 0, 2), "公式");
  assert_string_equal(T(&s, 0, 3), "");
  assert_string_equal(T(&s, 0, 4), "#N/A");
  assert_int_equal(K(&s, 0, 4), JW_CELL_ERROR);
  assert_string_equal(T(&s, 0, 5), "2026-11-30 08:00:00");
  assert_int_equal(s.rows[1].number, 2);
  assert_int_equal(s.rows[1].ncells, 100);
  assert_string_equal(T(&s, 1, 99), "-7");
  assert_int_equal(s.rows[2].number, 1048576);
  assert_string_equal(T(&s, 2, 0), "0.001");
  free(buf);
  jw_arena_free(&a);
}

/* ---- hostile xlsx ---- */

static void xlsx_hostile(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_sheet s;
  struct jw_error err;
  size_t n;

  /* Truncated: the first half of a real workbook. */
  struct jw_sheet_column cols[] = {{"姓名", 0, JW_COL_TEXT}};
  const char *cells[] = {"张三"};
  char *x;
  size_t xn;
  assert_int_equal(jw_sheet_write_xlsx(NULL, cols, 1, cells, 1, NULL, &a, &x, &xn, &err), JW_OK);
  assert_int_equal(read_buf(x, xn / 2, NULL, &a, &s, &err), JW_E_VALIDATION);
  assert_non_null(strstr(err.detail, "damaged"));
  assert_int_equal(read_buf(x, 4, NULL, &a, &s, &err), JW_E_VALIDATION);
  /* One byte flipped in the middle: a CRC or inflate error, never garbage. */
  char *flipped = malloc(xn);
  memcpy(flipped, x, xn);
  flipped[xn / 3] ^= 0x55;
  enum jw_code rc = read_buf(flipped, xn, NULL, &a, &s, &err);
  assert_true(rc == JW_E_VALIDATION || rc == JW_E_MEDIA_TYPE || rc == JW_OK);
  free(flipped);

  /* A zip bomb: 64 MiB of spaces in the sheet (a few KiB zipped). */
  size_t big = 64u << 20;
  char *spaces = malloc(big);
  memset(spaces, ' ', big);
  memcpy(spaces, "<worksheet>", 11);
  char *bomb = xlsx_with_sheet(spaces, big, &n);
  free(spaces);
  assert_true(n < 1u << 20);
  struct jw_sheet_limits lim = JW_SHEET_LIMITS_DEFAULT;
  lim.max_unzipped = 8u << 20;
  assert_int_equal(read_buf(bomb, n, &lim, &a, &s, &err), JW_E_TOO_LARGE);
  assert_non_null(strstr(err.detail, "unpacks to more than"));
  free(bomb);

  /* A DTD declaring entities (billion laughs) is refused before parsing. */
  const char *laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
      "]><worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&c;</t></is></c>"
      "</row></sheetData></worksheet>";
  char *dtd = xlsx_with_sheet(laughs, 0, &n);
  assert_int_equal(read_buf(dtd, n, NULL, &a, &s, &err), JW_E_VALIDATION);
  assert_non_null(strstr(err.detail, "DTD"));
  free(dtd);
  /* An external entity without a DTD is just an undefined entity: an error. */
  const char *xxe =
      "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c>"
      "</row></sheetData></worksheet>";
  char *undefined = xlsx_with_sheet(xxe, 0, &n);
  assert_int_equal(read_buf(undefined, n, NULL, &a, &s, &err), JW_E_VALIDATION);
  free(undefined);

  /* The last cell Excel allows: no giant row, just the column limit. */
  const char *far =
      "<worksheet><sheetData><row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>"
      "</sheetData></worksheet>";
  char *huge = xlsx_with_sheet(far, 0, &n);
  assert_int_equal(read_buf(huge, n, NULL, &a, &s, &err), JW_E_TOO_LARGE);
  assert_int_equal(s.err_row, 1048576);
  assert_int_equal(s.err_col, 16384);
  lim = (struct jw_sheet_limits)JW_SHEET_LIMITS_DEFAULT;
  lim.max_cols = 16384;
  size_t before = a.total;
  assert_int_equal(read_buf(huge, n, &lim, &a, &s, &err), JW_OK); /* allowed: one row of 16 384 cells */
  assert_int_equal(s.rows[0].ncells, 16384);
  assert_true(a.total - before < 2u << 20);
  free(huge);
  /* Past Excel's grid, and malformed references. */
  const char *bad_refs[] = {
      "<worksheet><sheetData><row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row></sheetData></worksheet>",
      "<worksheet><sheetData><row r=\"1048577\"><c><v>1</v></c></row></sheetData></worksheet>",
      "<worksheet><sheetData><row r=\"1\"><c r=\"AAAA1\"><v>1</v></c></row></sheetData></worksheet>",
      "<worksheet><sheetData><row r=\"1\"><c r=\"a1\"><v>1</v></c></row></sheetData></worksheet>",
      "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>",
      "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData></worksheet>",
  };
  for (size_t i = 0; i < sizeof bad_refs / sizeof *bad_refs; i++) {
    char *z = xlsx_with_sheet(bad_refs[i], 0, &n);
    assert_int_equal(read_buf(z, n, NULL, &a, &s, &err), JW_E_VALIDATION);
    free(z);
  }
  /* XML that is not UTF-8 (declared Latin-1): refused, never passed on. */
  const char *latin1 =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><worksheet><sheetData><row r=\"1\">"
      "<c r=\"A1\" t=\"inlineStr\"><is><t>caf\xE9</t></is></c></row></sheetData></worksheet>";
  char *l1 = xlsx_with_sheet(latin1, 0, &n);
  assert_int_equal(read_buf(l1, n, NULL, &a, &s, &err), JW_E_VALIDATION);
  free(l1);

  /* A zip that is not a workbook. */
  struct part junk[] = {{"hello.txt", "hello", 0}};
  char *notwb = make_zip(junk, 1, &n);
  assert_int_equal(read_buf(notwb, n, NULL, &a, &s, &err), JW_E_MEDIA_TYPE);
  free(notwb);
  /* An encrypted workbook (an OLE2 file with an EncryptedPackage stream). */
  char ole[1024] = {0};
  memcpy(ole, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  const char *name = "EncryptedPackage";
  for (size_t i = 0; name[i]; i++) ole[600 + 2 * i] = name[i];
  assert_int_equal(read_buf(ole, sizeof ole, NULL, &a, &s, &err), JW_E_MEDIA_TYPE);
  assert_non_null(strstr(err.detail, "password"));
  /* An OLE2 file that is no workbook. */
  ole[600] = 'X';
  assert_int_equal(read_buf(ole, sizeof ole, NULL, &a, &s, &err), JW_E_VALIDATION);
  jw_arena_free(&a);
}

/* ---- CSV ---- */

static char *to_gbk(const char *utf8, size_t *n) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  assert_true(cd != (iconv_t)-1);
  size_t in = strlen(utf8), cap = in * 2 + 1, out = cap;
  char *buf = malloc(cap), *o = buf, *i = (char *)utf8;
  assert_true(iconv(cd, &i, &in, &o, &out) != (size_t)-1);
  iconv_close(cd);
  *n = cap - out;
  return buf;
}

static void csv_encodings(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_sheet s;
  struct jw_error err;
  const char *text =
      "姓名,身份证号,住址\r\n张三,11010119900307123X,\"白云区 三元里\r\n1 号\"\r\n\r\n"
      "李四,110101199003071234,\"含\"\"引号\"\"\"\r\n";
  /* GBK, as Chinese Excel saves CSV. */
  size_t n;
  char *gbk = to_gbk(text, &n);
  assert_int_equal(read_buf(gbk, n, NULL, &a, &s, &err), JW_OK);
  assert_int_equal(s.format, JW_SHEET_CSV);
  assert_string_equal(s.encoding, "GB18030");
  assert_int_equal(s.nrows, 3);
  assert_string_equal(T(&s, 0, 0), "姓名");
  assert_string_equal(T(&s, 1, 2), "白云区 三元里\r\n1 号");
  assert_string_equal(T(&s, 2, 1), "110101199003071234");
  assert_string_equal(T(&s, 2, 2), "含\"引号\"");
  /* Rows numbered as Excel shows them: the quoted line break stays in row 2,
   * the blank line is row 3. */
  assert_int_equal(s.rows[1].number, 2);
  assert_int_equal(s.rows[2].number, 4);
  free(gbk);
  const char *lf = "a\n\n\nb\r\rc\n";
  assert_int_equal(read_buf(lf, strlen(lf), NULL, &a, &s, &err), JW_OK);
  assert_int_equal(s.nrows, 3);
  assert_int_equal(s.rows[1].number, 4);
  assert_int_equal(s.rows[2].number, 6);
  /* GB18030 four-byte characters (U+0080 and U+20000, beyond GBK) convert too. */
  const char gb4[] = "\x81\x30\x81\x30,\x95\x32\x82\x36\n";
  assert_int_equal(read_buf(gb4, sizeof gb4 - 1, NULL, &a, &s, &err), JW_OK);
  assert_string_equal(s.encoding, "GB18030");
  assert_string_equal(T(&s, 0, 0), "\xC2\x80");
  assert_string_equal(T(&s, 0, 1), "\xF0\xA0\x80\x80");

  /* UTF-8 with a BOM: the BOM is not part of the first header. */
  char bom[256];
  snprintf(bom, sizeof bom, "\xEF\xBB\xBF%s", text);
  assert_int_equal(read_buf(bom, strlen(bom), NULL, &a, &s, &err), JW_OK);
  assert_string_equal(s.encoding, "UTF-8 BOM");
  assert_string_equal(T(&s, 0, 0), "姓名");
  const char *names[] = {"姓名", NULL};
  assert_int_equal(jw_sheet_find_column(&s.rows[0], names), 0);
  /* UTF-8 without. */
  assert_int_equal(read_buf(text, strlen(text), NULL, &a, &s, &err), JW_OK);
  assert_string_equal(s.encoding, "UTF-8");
  assert_int_equal(s.nrows, 3);
  /* A header with marks and spaces. */
  const char *marked = "\xE3\x80\x80*身份证号：, 电话 \n";
  assert_int_equal(read_buf(marked, strlen(marked), NULL, &a, &s, &err), JW_OK);
  const char *id[] = {"身份证号", NULL}, *phone[] = {"手机", "PHONE", "电话", NULL};
  assert_int_equal(jw_sheet_find_column(&s.rows[0], id), 0);
  assert_int_equal(jw_sheet_find_column(&s.rows[0], phone), 1);
  jw_arena_free(&a);
}

static void csv_hostile(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_sheet s;
  struct jw_error err;
  /* Empty. */
  assert_int_equal(read_buf("", 0, NULL, &a, &s, &err), JW_E_VALIDATION);
  assert_non_null(strstr(err.detail, "empty"));
  assert_string_equal(err.detail_zh, "文件是空的。");
  /* Neither UTF-8 nor GB18030: 0xFF is no lead byte in either. */
  const char bad[] = "name,id\nok,1\n\xFF\xFE\xFD,2\n";
  assert_int_equal(read_buf(bad, sizeof bad - 1, NULL, &a, &s, &err), JW_E_VALIDATION);
  assert_int_equal(s.err_row, 3);
  assert_null(s.rows);
  /* UTF-8 cut in the middle of a character after a BOM. */
  const char cut[] = "\xEF\xBB\xBF姓名,\xE5\xBC";
  assert_int_equal(read_buf(cut, sizeof cut - 1, NULL, &a, &s, &err), JW_E_VALIDATION);
  /* A NUL byte. */
  const char nul[] = "a,b\n\0,c\n";
  assert_int_equal(read_buf(nul, sizeof nul - 1, NULL, &a, &s, &err), JW_E_VALIDATION);
  /* An unterminated quote. */
  const char quote[] = "a,b\n\"c,d\n";
  assert_int_equal(read_buf(quote, sizeof quote - 1, NULL, &a, &s, &err), JW_E_VALIDATION);
  /* 10 MB in one field: refused as too long a cell, quickly. */
  size_t big = 10u << 20;
  char *field = malloc(big);
  memset(field, 'x', big);
  assert_int_equal(read_buf(field, big, NULL, &a, &s, &err), JW_E_VALIDATION);
  assert_int_equal(s.err_row, 1);
  assert_int_equal(s.err_col, 1);
  free(field);
  /* Over the file size limit. */
  struct jw_sheet_limits lim = JW_SHEET_LIMITS_DEFAULT;
  lim.max_bytes = 8;
  assert_int_equal(read_buf("a,b,c,d,e\n", 10, &lim, &a, &s, &err), JW_E_TOO_LARGE);
  /* Rows and cells. */
  lim = (struct jw_sheet_limits)JW_SHEET_LIMITS_DEFAULT;
  lim.max_rows = 2;
  assert_int_equal(read_buf("a\nb\nc\n", 6, &lim, &a, &s, &err), JW_E_TOO_LARGE);
  assert_int_equal(s.err_row, 3);
  lim = (struct jw_sheet_limits)JW_SHEET_LIMITS_DEFAULT;
  lim.max_cells = 5;
  assert_int_equal(read_buf("a,b,c\nd,e,f\n", 12, &lim, &a, &s, &err), JW_E_TOO_LARGE);
  jw_arena_free(&a);
}

/* ---- xls ---- */

static void xls_from_sheetjs(void **state) {
  (void)state;
  char path[96], cmd[256];
  tmp_path(path, sizeof path, ".xls");
  snprintf(cmd, sizeof cmd, "node tests/unit/fixtures/make_xls.cjs %s", path);
  if (system(cmd) != 0) fail_msg("could not make the .xls fixture (node and the npm package xlsx are needed)");
  size_t n;
  char *buf = slurp(path, &n);
  unlink(path);
  struct jw_arena a = {0};
  struct jw_sheet s;
  struct jw_error err;
  struct jw_sheet_limits lim = JW_SHEET_LIMITS_DEFAULT;
  lim.tmp_dir = "/tmp";
  assert_int_equal(read_buf(buf, n, &lim, &a, &s, &err), JW_OK);
  assert_int_equal(s.format, JW_SHEET_XLS);
  assert_int_equal(s.nrows, 4);
  assert_string_equal(T(&s, 0, 1), "身份证号");
  assert_string_equal(T(&s, 1, 0), "张三");
  assert_string_equal(T(&s, 1, 1), "11010119900307123X");
  assert_string_equal(T(&s, 1, 2), "1990-03-07");
  assert_int_equal(K(&s, 1, 2), JW_CELL_DATE);
  assert_string_equal(T(&s, 1, 3), "13800138000");
  assert_string_equal(T(&s, 1, 4), "2024-02-29");
  assert_string_equal(T(&s, 2, 1), "110101199003071000");
  assert_string_equal(T(&s, 2, 2), "1990-03-07");
  assert_string_equal(T(&s, 2, 3), "13900139000");
  assert_int_equal(s.rows[3].number, 5);
  assert_string_equal(T(&s, 3, 0), "王五（流动人口）");
  assert_string_equal(T(&s, 3, 4), "城中村 3 号");
  /* Truncated: refused. */
  assert_int_equal(read_buf(buf, n / 2, &lim, &a, &s, &err), JW_E_VALIDATION);
  /* The temp copy is gone at once: a private directory holds none after a read. */
  char dir[] = "/tmp/jw-test-sheets-XXXXXX";
  assert_non_null(mkdtemp(dir));
  lim.tmp_dir = dir;
  assert_int_equal(read_buf(buf, n, &lim, &a, &s, &err), JW_OK);
  assert_int_equal(rmdir(dir), 0); /* fails when anything is left in it */
  lim.tmp_dir = "/nonexistent-dir";
  assert_int_equal(read_buf(buf, n, &lim, &a, &s, &err), JW_E_INTERNAL);
  free(buf);
  jw_arena_free(&a);
}

/* ---- numbers and dates ---- */

static void renderings(void **state) {
  (void)state;
  char b[64], d[32];
  sheets_render_number(13800138000.0, b);
  assert_string_equal(b, "13800138000");
  sheets_render_number(110101199003071234.0, b);
  assert_string_equal(b, "110101199003071000");
  sheets_render_number(-1e20, b);
  assert_string_equal(b, "-100000000000000000000");
  sheets_render_number(999999999999999.0, b);
  assert_string_equal(b, "999999999999999");
  sheets_render_number(0.1 + 0.2, b);
  assert_string_equal(b, "0.3");
  sheets_render_number(-0.0, b);
  assert_string_equal(b, "0");
  assert_int_equal(sheets_render_number(1.0 / 0.0, b), -1);
  assert_int_equal(sheets_render_serial(1, 0, FMT_DATE, d), 0);
  assert_string_equal(d, "1900-01-01");
  sheets_render_serial(59, 0, FMT_DATE, d);
  assert_string_equal(d, "1900-02-28");
  sheets_render_serial(60, 0, FMT_DATE, d);
  assert_string_equal(d, "1900-02-29"); /* as Excel shows it */
  sheets_render_serial(61, 0, FMT_DATE, d);
  assert_string_equal(d, "1900-03-01");
  sheets_render_serial(32939, 0, FMT_DATE, d);
  assert_string_equal(d, "1990-03-07");
  sheets_render_serial(0, 1, FMT_DATE, d);
  assert_string_equal(d, "1904-01-01");
  sheets_render_serial(45351.5, 0, FMT_DATETIME, d);
  assert_string_equal(d, "2024-02-29 12:00:00");
  sheets_render_serial(0.75, 0, FMT_TIME, d);
  assert_string_equal(d, "18:00:00");
  sheets_render_serial(2958465.99999999, 0, FMT_DATE, d);
  assert_int_equal(sheets_render_serial(-1, 0, FMT_DATE, d), -1);
  assert_int_equal(sheets_render_serial(3e6, 0, FMT_DATE, d), -1);
  assert_int_equal(sheets_format_code("yyyy\"年\"m\"月\"d\"日\""), FMT_DATE);
  assert_int_equal(sheets_format_code("[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"), FMT_DATE);
  assert_int_equal(sheets_format_code("[h]:mm:ss"), FMT_TIME);
  assert_int_equal(sheets_format_code("yyyy/m/d h:mm"), FMT_DATETIME);
  assert_int_equal(sheets_format_code("0.00_);[Red]\\(0.00\\)"), FMT_NUMBER);
  assert_int_equal(sheets_format_code("\"day\"0"), FMT_NUMBER);
  assert_int_equal(sheets_format_code("General"), FMT_NUMBER);
  assert_int_equal(sheets_format_code("@"), FMT_NUMBER);
  assert_int_equal(sheets_builtin_format(14), FMT_DATE);
  assert_int_equal(sheets_builtin_format(58), FMT_DATE);
  assert_int_equal(sheets_builtin_format(49), FMT_NUMBER);
  char col[4];
  assert_string_equal(jw_sheet_col_name(0, col), "A");
  assert_string_equal(jw_sheet_col_name(25, col), "Z");
  assert_string_equal(jw_sheet_col_name(26, col), "AA");
  assert_string_equal(jw_sheet_col_name(27, col), "AB");
  assert_string_equal(jw_sheet_col_name(701, col), "ZZ");
  assert_string_equal(jw_sheet_col_name(702, col), "AAA");
  assert_string_equal(jw_sheet_col_name(16383, col), "XFD");
  assert_string_equal(jw_sheet_col_name(16384, col), "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(xlsx_from_libxlsxwriter),
      cmocka_unit_test(write_then_read),
      cmocka_unit_test(xlsx_parts),
      cmocka_unit_test(xlsx_hostile),
      cmocka_unit_test(csv_encodings),
      cmocka_unit_test(csv_hostile),
      cmocka_unit_test(xls_from_sheetjs),
      cmocka_unit_test(renderings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
