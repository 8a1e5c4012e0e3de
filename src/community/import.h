/*
 * import.h — residents in and out of spreadsheets (社区人口导入导出): the
 * preview of an uploaded .xlsx / .xls / CSV with every bad row and its
 * reason, the confirm that writes all its good rows in one transaction, and
 * the export of a filtered list to .xlsx. Typed like community.h (no HTTP,
 * no JSON in the interface); the handlers are in community/import_api.c.
 *
 * The columns are found by their Chinese headers (aliases in import.c); the
 * header row is the first of the sheet's first 10 non-empty rows that has
 * both 姓名 and 身份证号. An ID number already recorded in a grid the user
 * works is updated by the confirm (one person, one record); cells left empty
 * keep what that record holds.
 */
#ifndef JW_COMMUNITY_IMPORT_H
#define JW_COMMUNITY_IMPORT_H

#include "community/community.h"

#define JW_IMPORT_MAX_BYTES  (10u << 20) /* the uploaded file */
#define JW_IMPORT_MAX_ROWS   20000       /* data rows of one import */
#define JW_IMPORT_MAX_ERRORS 5000        /* row errors listed (the count is always exact) */
#define JW_IMPORT_SAMPLE     20          /* valid rows shown in the preview */
#define JW_IMPORT_TTL        3600        /* seconds a preview waits for its confirm */
#define JW_EXPORT_MAX_ROWS   50000       /* rows of one export */

/* One problem of one row: row as Excel numbers it, column its letters ("" when
 * the problem is not one cell's), field the resident field, message in
 * English and Chinese. Arena-owned. */
struct jw_import_issue {
  size_t row;
  char column[4];
  const char *field, *message, *message_zh;
  size_t seq; /* the order found in, so a row's problems stay in column order */
};

/* A valid row: its values (checked, the ID number normalised) and whether the
 * confirm will update a resident already recorded. Arena-owned. */
struct jw_import_row {
  size_t row;
  struct jw_resident_input in;
  const char *grid_name;
  int update;
};

struct jw_import_preview {
  int64_t id;                     /* the stored preview, for confirm / cancel */
  const char *format, *encoding;  /* "xlsx" / "xls" / "csv"; CSV's "UTF-8", "UTF-8 BOM", "GB18030" */
  const char *sha256;             /* of the file, hex */
  size_t total_rows, valid_rows;  /* data rows below the header; rows without a problem */
  size_t error_rows, updates;     /* rows with a problem; valid rows that update a record */
  struct jw_import_issue *errors; /* by row, at most JW_IMPORT_MAX_ERRORS … */
  size_t nerrors, errors_total;   /* … of errors_total */
  struct jw_import_row *sample;   /* the first JW_IMPORT_SAMPLE valid rows */
  size_t nsample;
  int64_t expires_at;
};

/*
 * Reads the spreadsheet data (n bytes, borrowed; the format from the bytes),
 * checks every row as the resident form does plus: the grid (网格编号 or
 * 网格: a code or name of a grid who works, else "unknown grid"), an ID
 * number Excel turned into a number, an ID number twice in the file (both
 * rows), an ID number recorded in a grid who does not work. Stores the valid
 * rows (encrypted) as a pending import of who->user for JW_IMPORT_TTL
 * seconds, with its audit row, and fills *out (arena). Nothing of a resident
 * is written. tmp_dir: where the .xls reader may put its temp file (NULL:
 * /tmp).
 *
 * Returns JW_OK (also when rows have problems: they are in out->errors), or
 *   JW_E_TOO_LARGE   over the size, row or unzipped limits
 *   JW_E_VALIDATION  an unreadable file (err->detail says where), no header
 *                    row, required columns missing (one field error "header"
 *                    per column, naming it), no data rows
 *   JW_E_MEDIA_TYPE  a password-protected workbook, a zip that is no workbook
 * and database errors.
 */
enum jw_code jw_community_import_preview(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                         const void *data, size_t n, const char *tmp_dir, struct jw_import_preview *out,
                                         struct jw_error *err);

/*
 * Writes import id's valid rows in one transaction: new ID numbers become
 * residents (one INSERT each; the import's audit row stands for them), ID
 * numbers recorded in a grid who works update that record
 * ("resident.update" each), and one "resident.import" audit row names the
 * counts and the file's sha256 (the import's row in resident_imports names
 * who and when). 20,000 rows take ≈0.5 s on SQLite, ≈2 s on PostgreSQL.
 * *inserted / *updated receive the counts. JW_E_NOT_FOUND when there is no
 * such import of who->user or it has expired; JW_E_CONFLICT when it was
 * confirmed or cancelled already; when a row no longer passes (a grid taken
 * away since the preview) the code of that failure with "Row N: …" — and
 * nothing is written.
 */
enum jw_code jw_community_import_confirm(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                         int64_t id, int64_t *inserted, int64_t *updated, struct jw_error *err);

/* Cancels pending import id of who->user (its rows are erased), with the
 * audit row. JW_E_NOT_FOUND / JW_E_CONFLICT as for the confirm. */
enum jw_code jw_community_import_cancel(struct jw_conn *c, const struct jw_community_actor *who, int64_t id,
                                        struct jw_error *err);

/*
 * The residents who->user may see that match f (f->cursor and f->limit are
 * ignored), newest first, as an .xlsx workbook (*xlsx arena-owned,
 * *xlsx_len bytes; *count rows) with the columns the import reads. ID
 * numbers and phones in full when full, masked otherwise. The export is
 * audited ("resident.export": the count, the filters, masked or full).
 * JW_E_VALIDATION when more than JW_EXPORT_MAX_ROWS match (narrow the
 * filters); JW_E_NOT_FOUND for a grid filter outside the scope.
 */
enum jw_code jw_community_export(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                 int tz_offset_min, const struct jw_resident_filter *f, int full, const char *tmp_dir,
                                 char **xlsx, size_t *xlsx_len, size_t *count, struct jw_error *err);

#endif
