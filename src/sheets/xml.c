/*
 * xml.c — reading one part of an xlsx: the zip entry through libzip under
 * the unzipped-size budget (a zip bomb stops at the budget, whatever sizes
 * the zip claims), and libxml2's xmlReader over it, refusing any DTD before
 * libxml2 sees it (so no entity can be declared, let alone expanded).
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sheets/xml.h"

static enum jw_code damaged(struct xlsx *x, const char *name) {
  return jw_fail(x->b->err, JW_E_VALIDATION, "The .xlsx file is damaged or incomplete (part %s).", name);
}

enum jw_code xlsx_read_entry(struct xlsx *x, const char *name, char **buf, size_t *len, int optional) {
  *buf = NULL;
  *len = 0;
  zip_int64_t idx = zip_name_locate(x->z, name, ZIP_FL_NOCASE);
  if (idx < 0) {
    if (optional) return JW_OK;
    return jw_fail(x->b->err, JW_E_MEDIA_TYPE, "The file is a zip but not an Excel workbook (no %s).", name);
  }
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(x->z, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && st.size > x->budget)
    goto too_large;
  zip_file_t *f = zip_fopen_index(x->z, (zip_uint64_t)idx, 0);
  if (!f) {
    int ze = zip_error_code_zip(zip_get_error(x->z));
    if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_ENCRNOTSUPP || ze == ZIP_ER_WRONGPASSWD)
      return jw_fail(x->b->err, JW_E_MEDIA_TYPE,
                     "The workbook is password-protected; save it without a password and upload it again.");
    return damaged(x, name);
  }
  size_t cap = 0, n = 0;
  char *p = NULL;
  for (;;) {
    if (cap - n < 65536 + 1) {
      size_t want = cap ? cap * 2 : 65536 * 2;
      char *q = realloc(p, want);
      if (!q) {
        free(p);
        zip_fclose(f);
        return jw_fail(x->b->err, JW_E_INTERNAL, "Out of memory reading the workbook.");
      }
      p = q;
      cap = want;
    }
    zip_int64_t got = zip_fread(f, p + n, 65536);
    if (got < 0) { /* a bad CRC, a truncated stream, a bad deflate block */
      free(p);
      zip_fclose(f);
      return damaged(x, name);
    }
    if (got == 0) break;
    n += (size_t)got;
    if (n > x->budget) {
      free(p);
      zip_fclose(f);
      goto too_large;
    }
  }
  zip_fclose(f);
  x->budget -= n;
  p[n] = '\0';
  *buf = p;
  *len = n;
  return JW_OK;
too_large:
  return jw_fail(x->b->err, JW_E_TOO_LARGE, "The workbook unpacks to more than %zu bytes.", x->b->lim->max_unzipped);
}

/* 1 when the XML declaration names an encoding other than UTF-8. */
static int declares_other_encoding(const char *buf, size_t len) {
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) buf += 3, len -= 3;
  if (len < 5 || memcmp(buf, "<?xml", 5) != 0) return 0;
  const char *end = memmem(buf, len < 512 ? len : 512, "?>", 2);
  if (!end) return 1;
  const char *e = memmem(buf, (size_t)(end - buf), "encoding", 8);
  if (!e) return 0;
  e += 8;
  while (e < end && (*e == ' ' || *e == '=' || *e == '\t' || *e == '\r' || *e == '\n')) e++;
  if (e >= end || (*e != '"' && *e != '\'')) return 1;
  const char *q = memchr(e + 1, *e, (size_t)(end - e - 1));
  if (!q) return 1;
  size_t n = (size_t)(q - e - 1);
  return !((n == 5 && strncasecmp(e + 1, "UTF-8", 5) == 0) || (n == 4 && strncasecmp(e + 1, "UTF8", 4) == 0));
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

/* libxml2's messages are not for users; that there was one is enough. */
static void on_xml_error(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr loc) {
  (void)msg;
  (void)loc;
  struct xml_part *p = arg;
  if (severity == XML_PARSER_SEVERITY_ERROR || severity == XML_PARSER_SEVERITY_VALIDITY_ERROR) p->error = 1;
}

enum jw_code xml_open(struct xlsx *x, const char *name, int optional, struct xml_part *p) {
  memset(p, 0, sizeof *p);
  p->name = name;
  enum jw_code rc = xlsx_read_entry(x, name, &p->buf, &p->len, optional);
  if (rc != JW_OK || !p->buf) return rc;
  /* Spreadsheet XML has no DTD; one can only be there to declare entities. */
  if (memmem(p->buf, p->len, "<!DOCTYPE", 9) || memmem(p->buf, p->len, "<!ENTITY", 8))
    return jw_fail(x->b->err, JW_E_VALIDATION, "The workbook's XML declares a DTD, which Excel never writes (part %s).",
                   name);
  /* Checked here, whatever the part declares, so the DTD check above and
   * the text libxml2 hands out are about the same UTF-8 bytes. */
  if (!sheets_utf8_ok(p->buf, p->len) || declares_other_encoding(p->buf, p->len))
    return jw_fail(x->b->err, JW_E_VALIDATION, "The workbook's XML is not UTF-8 (part %s).", name);
  if (p->len > INT_MAX) return damaged(x, name);
  pthread_once(&xml_once, xml_init);
  /* No XML_PARSE_NOENT, DTDLOAD, DTDATTR or HUGE; the encoding is forced so
   * the DTD check above saw the bytes libxml2 parses. */
  p->r = xmlReaderForMemory(p->buf, (int)p->len, name, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOXINCNODE);
  if (!p->r) return jw_fail(x->b->err, JW_E_INTERNAL, "The XML reader could not start.");
  xmlTextReaderSetErrorHandler(p->r, on_xml_error, p);
  return JW_OK;
}

void xml_close(struct xml_part *p) {
  if (p->r) xmlFreeTextReader(p->r);
  free(p->buf);
  memset(p, 0, sizeof *p);
}

int xml_next(struct xlsx *x, struct xml_part *p) {
  if (p->pend) {
    p->pend = 0;
    p->synth_end = 1;
    return 1;
  }
  p->synth_end = 0;
  int r = xmlTextReaderRead(p->r);
  if (r == 1 && !p->error) {
    int t = xmlTextReaderNodeType(p->r);
    if (t == XML_READER_TYPE_DOCUMENT_TYPE || t == XML_READER_TYPE_ENTITY_REFERENCE || t == XML_READER_TYPE_ENTITY) {
      jw_fail(x->b->err, JW_E_VALIDATION, "The workbook's XML declares a DTD, which Excel never writes (part %s).",
              p->name);
      return -1;
    }
    if (t == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(p->r)) p->pend = 1;
    return 1;
  }
  if (r == 0 && !p->error) return 0;
  jw_fail(x->b->err, JW_E_VALIDATION, "The .xlsx file is damaged: its XML is malformed (part %s).", p->name);
  return -1;
}

int xml_kind(struct xml_part *p) {
  if (p->synth_end) return 2;
  switch (xmlTextReaderNodeType(p->r)) {
  case XML_READER_TYPE_ELEMENT:
    return 1;
  case XML_READER_TYPE_END_ELEMENT:
    return 2;
  case XML_READER_TYPE_TEXT:
  case XML_READER_TYPE_CDATA:
  case XML_READER_TYPE_WHITESPACE:
  case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
    return 3;
  default:
    return 0;
  }
}

int xml_is(struct xml_part *p, const char *name) {
  const xmlChar *n = xmlTextReaderConstLocalName(p->r);
  return n && strcmp((const char *)n, name) == 0;
}

char *xml_attr(struct xml_part *p, const char *name, int prefixed) {
  char *v = NULL;
  if (xmlTextReaderMoveToFirstAttribute(p->r) != 1) return NULL;
  do {
    const xmlChar *n = xmlTextReaderConstLocalName(p->r);
    const xmlChar *pre = xmlTextReaderConstPrefix(p->r);
    if (n && strcmp((const char *)n, name) == 0 && (prefixed ? pre != NULL : pre == NULL)) {
      v = (char *)xmlTextReaderValue(p->r);
      break;
    }
  } while (xmlTextReaderMoveToNextAttribute(p->r) == 1);
  xmlTextReaderMoveToElement(p->r);
  return v;
}

void xml_text_reset(struct xlsx *x) {
  x->tlen = 0;
  x->toolong = 0;
  if (x->text) x->text[0] = '\0';
}

void xml_text_add(struct xlsx *x, struct xml_part *p) {
  const char *v = (const char *)xmlTextReaderConstValue(p->r);
  if (!v || x->toolong) return;
  size_t n = strlen(v), max = x->b->lim->max_cell_bytes;
  if (n > max - x->tlen) {
    x->toolong = 1;
    return;
  }
  if (x->tlen + n + 1 > x->tcap) {
    size_t want = x->tcap ? x->tcap : 256;
    while (want < x->tlen + n + 1) want *= 2;
    char *q = realloc(x->text, want);
    if (!q) {
      x->toolong = 1;
      return;
    }
    x->text = q;
    x->tcap = want;
  }
  memcpy(x->text + x->tlen, v, n);
  x->tlen += n;
  x->text[x->tlen] = '\0';
}
