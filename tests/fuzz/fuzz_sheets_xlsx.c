/* fuzz_sheets_xlsx.c — libFuzzer target for the .xlsx side of
 * jw_sheet_read: libzip from memory, the relationships, workbook, styles,
 * shared strings and sheet XML through libxml2's xmlReader, dates and
 * numbers, sparse references and the limits. A mutated zip mostly fails
 * its CRC, so the input is the XML: four parts separated by "\n----\n"
 * (the first sheet, sharedStrings.xml, styles.xml, workbook.xml; missing
 * ones are left out or take a default), stored uncompressed in a zip made
 * here with libzip. An input starting with "RAW\n" is instead the file's
 * own bytes. What comes out is checked by sheets_check.h. `make fuzz` runs
 * it. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "sheets_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";
static const char WB_RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://x/styles\" Target=\"styles.xml\"/></Relationships>";
static const char WORKBOOK[] =
    "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"><sheets><sheet name=\"a\" r:id=\"rId1\"/></sheets></workbook>";

/* A zip of the parts in memory (malloc'd), or NULL. */
static char *make_zip(const char *names[], const char *texts[], size_t lens[], size_t n, size_t *out_len) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  char *out = NULL;
  if (!src) goto done;
  zip_source_keep(src);
  zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  if (!z) goto done;
  for (size_t i = 0; i < n; i++) {
    zip_source_t *s = zip_source_buffer(z, texts[i], lens[i], 0);
    zip_int64_t idx = s ? zip_file_add(z, names[i], s, ZIP_FL_OVERWRITE) : -1;
    if (idx < 0) {
      if (s) zip_source_free(s);
      zip_discard(z);
      goto done;
    }
    zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
    goto done;
  }
  zip_stat_t st;
  if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0) goto done;
  out = malloc(st.size ? st.size : 1);
  if (zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
    free(out);
    out = NULL;
  }
  zip_source_close(src);
  *out_len = st.size;
done:
  if (src) zip_source_free(src);
  zip_error_fini(&ze);
  return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct jw_sheet_limits lim = {1u << 20, 50, 40, 400, 64, 1u << 20, NULL};
  char *file = NULL;
  size_t flen = 0;
  if (size >= 4 && memcmp(data, "RAW\n", 4) == 0) {
    flen = size - 4;
    file = malloc(flen ? flen : 1);
    memcpy(file, data + 4, flen);
  } else {
    const char *parts[4] = {NULL, NULL, NULL, WORKBOOK};
    size_t lens[4] = {0, 0, 0, sizeof WORKBOOK - 1};
    const char *p = (const char *)data, *end = p + size;
    for (int i = 0; i < 4 && p <= end; i++) {
      const char *sep = memmem(p, (size_t)(end - p), "\n----\n", 6);
      parts[i] = p;
      lens[i] = sep ? (size_t)(sep - p) : (size_t)(end - p);
      if (!sep) break;
      p = sep + 6;
    }
    const char *names[7] = {"_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"};
    const char *texts[7] = {RELS, WB_RELS, parts[0]};
    size_t tl[7] = {sizeof RELS - 1, sizeof WB_RELS - 1, lens[0]};
    size_t n = 3;
    if (parts[1]) names[n] = "xl/sharedStrings.xml", texts[n] = parts[1], tl[n++] = lens[1];
    if (parts[2]) names[n] = "xl/styles.xml", texts[n] = parts[2], tl[n++] = lens[2];
    names[n] = "xl/workbook.xml", texts[n] = parts[3], tl[n++] = lens[3];
    file = make_zip(names, texts, tl, n, &flen);
    if (!file) return 0;
  }
  struct jw_arena a = {0};
  struct jw_sheet s;
  struct jw_error err = {0};
  enum jw_code rc = jw_sheet_read(file, flen, &lim, &a, &s, &err);
  sheets_check(rc, &s, &lim);
  if (rc != JW_OK && err.detail[0] == '\0') abort();
  jw_arena_free(&a);
  free(file);
  return 0;
}
