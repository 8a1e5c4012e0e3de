/*
 * xml.h — the xlsx reader's parts (private to src/sheets/): a zip entry
 * read under the unzipped-size budget, and libxml2's xmlReader set up for
 * hostile XML (no DTD at all, no network, no entity substitution, input
 * taken as UTF-8 whatever it declares).
 */
#ifndef JW_SHEETS_XML_H
#define JW_SHEETS_XML_H

#include <libxml/xmlreader.h>
#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#include "sheets/internal.h"

/* One xlsx being read. */
struct xlsx {
  struct sheet_builder *b;
  zip_t *z;
  size_t budget; /* unzipped bytes still allowed */
  int date1904;
  uint8_t *xf_fmt; /* cellXfs index → FMT_* */
  size_t nxf;
  const char **sst; /* shared strings (arena); NULL = longer than a cell may be */
  uint32_t *sst_len;
  size_t nsst, sst_cap;
  char *text; /* the text being gathered (malloc'd), capped at max_cell_bytes */
  size_t tlen, tcap;
  int toolong;
};

/* A part opened for reading: its bytes (malloc'd) and the reader over them. */
struct xml_part {
  const char *name;
  char *buf;
  size_t len;
  xmlTextReaderPtr r;
  int error;     /* libxml2 reported an error */
  int pend;      /* the current node is an empty element: report its end next */
  int synth_end; /* the current node is that end */
};

/* Reads zip entry name (case-insensitive) into a malloc'd, NUL-terminated
 * *buf. A missing entry is *buf = NULL and JW_OK when optional. */
enum jw_code xlsx_read_entry(struct xlsx *x, const char *name, char **buf, size_t *len, int optional);

/* Opens part name: read, checked for a DTD, and a reader set up. *p is
 * zeroed first; p->buf is NULL (and JW_OK) for a missing optional part.
 * Close with xml_close whatever the result. */
enum jw_code xml_open(struct xlsx *x, const char *name, int optional, struct xml_part *p);
void xml_close(struct xml_part *p);

/* The next node: 1, 0 at the end, or -1 after failing (err set). */
int xml_next(struct xlsx *x, struct xml_part *p);

/* The current node: an element start (1), an element end (2: an end tag, or
 * a start tag that is empty, reported once more by xml_next), text (3) or
 * something else (0). */
int xml_kind(struct xml_part *p);
/* 1 when the current node's local name is name. */
int xml_is(struct xml_part *p, const char *name);
/* The value of the current element's attribute whose local name is name
 * (prefixed: 1 only when it has a namespace prefix, as r:id). Malloc'd by
 * libxml2: xmlFree it. NULL when absent. */
char *xml_attr(struct xml_part *p, const char *name, int prefixed);

/* Text gathering into x->text, capped at the cell limit (x->toolong). */
void xml_text_reset(struct xlsx *x);
void xml_text_add(struct xlsx *x, struct xml_part *p);

/* The workbook's parts and the first sheet's cells. */
enum jw_code xlsx_read_styles(struct xlsx *x, const char *name);
enum jw_code xlsx_read_sst(struct xlsx *x, const char *name);
enum jw_code xlsx_read_sheet(struct xlsx *x, const char *name);

#endif
