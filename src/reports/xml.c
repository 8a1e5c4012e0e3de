/* xml.c — JSON value → Open311 XML through xmlTextWriter (xml.h). */
#include "reports/xml.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "core/validate.h"

/* The element of each entry of a nested array, by the array's name. */
static const char *child_name(const char *array) {
  if (strcmp(array, "attributes") == 0) return "attribute";
  if (strcmp(array, "values") == 0) return "value";
  if (strcmp(array, "errors") == 0) return "error";
  return "item";
}

static int write_value(xmlTextWriterPtr w, const char *name, json_t *v);

/* The length of the UTF-8 sequence at p (n bytes left) and its code point
 * in *cp; 0 when the bytes are no valid sequence. */
static size_t utf8_next(const unsigned char *p, size_t n, unsigned *cp) {
  size_t len;
  unsigned min, v;
  if (p[0] < 0x80) {
    *cp = p[0];
    return 1;
  } else if ((p[0] & 0xE0) == 0xC0) {
    len = 2, min = 0x80, v = p[0] & 0x1F;
  } else if ((p[0] & 0xF0) == 0xE0) {
    len = 3, min = 0x800, v = p[0] & 0x0F;
  } else if ((p[0] & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, v = p[0] & 0x07;
  } else {
    return 0;
  }
  if (len > n) return 0;
  for (size_t k = 1; k < len; k++) {
    if ((p[k] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (p[k] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

/* s itself when every code point of it is an XML 1.0 character (the usual
 * case), else a malloc'd copy (*copy set, to free) with each byte sequence
 * that is not (U+FFFE, U+FFFF, C0 controls, invalid UTF-8: stored before
 * the edge refused them, or from elsewhere) replaced by U+FFFD, so that one
 * bad record can never make a whole feed ill-formed; NULL when out of
 * memory. */
static const char *xml_clean(const char *s, char **copy) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s), i = 0;
  unsigned cp;
  size_t len;
  *copy = NULL;
  while (i < n && (len = utf8_next(p + i, n - i, &cp)) && jw_xml_char_ok(cp)) i += len;
  if (i == n) return s;
  char *clean = malloc(n * 3 + 1); /* each bad byte becomes at most 3 */
  if (!clean) return NULL;
  size_t o = 0;
  for (i = 0; i < n;) {
    len = utf8_next(p + i, n - i, &cp);
    if (len && jw_xml_char_ok(cp)) {
      memcpy(clean + o, p + i, len);
      o += len;
      i += len;
    } else {
      memcpy(clean + o, "\xEF\xBF\xBD", 3);
      o += 3;
      i += len ? len : 1;
    }
  }
  clean[o] = '\0';
  return *copy = clean;
}

static int write_text(xmlTextWriterPtr w, const char *s) {
  char *copy;
  const char *t = xml_clean(s, &copy);
  int rc = t ? xmlTextWriterWriteString(w, BAD_CAST t) : -1;
  free(copy);
  return rc;
}

int jw_report_xml_element(xmlTextWriterPtr w, const char *name, const char *text) {
  char *copy;
  const char *t = xml_clean(text, &copy);
  int rc = t ? xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST t) : -1;
  free(copy);
  return rc;
}

static int write_members(xmlTextWriterPtr w, json_t *obj) {
  const char *k;
  json_t *m;
  json_object_foreach(obj, k, m) {
    if (write_value(w, k, m) < 0) return -1;
  }
  return 0;
}

static int write_value(xmlTextWriterPtr w, const char *name, json_t *v) {
  if (xmlTextWriterStartElement(w, BAD_CAST name) < 0) return -1;
  char buf[64];
  switch (json_typeof(v)) {
  case JSON_OBJECT:
    if (write_members(w, v) < 0) return -1;
    break;
  case JSON_ARRAY: {
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
      if (write_value(w, child_name(name), e) < 0) return -1;
    }
    break;
  }
  case JSON_STRING:
    if (write_text(w, json_string_value(v)) < 0) return -1;
    break;
  case JSON_INTEGER:
    snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    if (xmlTextWriterWriteString(w, BAD_CAST buf) < 0) return -1;
    break;
  case JSON_REAL:
    snprintf(buf, sizeof buf, "%.6f", json_real_value(v));
    if (xmlTextWriterWriteString(w, BAD_CAST buf) < 0) return -1;
    break;
  case JSON_TRUE:
  case JSON_FALSE:
    if (xmlTextWriterWriteString(w, BAD_CAST(json_is_true(v) ? "true" : "false")) < 0) return -1;
    break;
  case JSON_NULL:
    break;
  }
  return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

char *jw_report_xml(struct jw_arena *a, json_t *v, const char *root, const char *item) {
  xmlBufferPtr buf = xmlBufferCreate();
  if (!buf) return NULL;
  xmlBufferSetAllocationScheme(buf, XML_BUFFER_ALLOC_DOUBLEIT); /* a list is ~0.5 MB: grow by doubling */
  char *out = NULL;
  xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
  if (!w) goto done;
  if (xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0) goto done;
  if (xmlTextWriterStartElement(w, BAD_CAST root) < 0) goto done;
  if (json_is_array(v)) {
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
      if (write_value(w, item, e) < 0) goto done;
    }
  } else if (json_is_object(v)) {
    if (write_members(w, v) < 0) goto done;
  }
  if (xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndDocument(w) < 0) goto done;
  xmlFreeTextWriter(w);
  w = NULL;
  out = jw_arena_strndup(a, (const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
done:
  if (w) xmlFreeTextWriter(w);
  xmlBufferFree(buf);
  return out;
}
