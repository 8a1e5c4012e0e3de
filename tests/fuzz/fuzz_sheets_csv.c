/* fuzz_sheets_csv.c — libFuzzer target for the CSV side of jw_sheet_read:
 * the encoding decision (UTF-8, UTF-8 with BOM, GB18030 through iconv),
 * libcsv's splitting and the table builder's limits. Input: the file's
 * bytes (zip and OLE2 inputs are left to fuzz_sheets_xlsx). What comes out
 * is checked by sheets_check.h. `make fuzz` runs it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sheets_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (jw_sheet_detect(data, size) != JW_SHEET_CSV) return 0;
  /* Small limits, so that the limit paths are reached too. */
  struct jw_sheet_limits lim = {1u << 20, 50, 12, 300, 64, 1u << 20, NULL};
  /* The bytes in a buffer of their own size, so that a read past it is caught. */
  char *copy = malloc(size ? size : 1);
  memcpy(copy, data, size);
  struct jw_arena a = {0};
  struct jw_sheet s;
  struct jw_error err = {0};
  enum jw_code rc = jw_sheet_read(copy, size, &lim, &a, &s, &err);
  sheets_check(rc, &s, &lim);
  if (rc != JW_OK && err.detail[0] == '\0') abort(); /* every failure says why */
  jw_arena_free(&a);
  free(copy);
  return 0;
}
