/* xml.c — JSON value → Open311 XML through xmlTextWriter (xml.h). */
#include "reports/xml.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>

#include "core/mem.h"

/* The element of each entry of a nested array, by the array's name. */
static const char *child_name(const char *array) {
  if (strcmp(array, "attributes") == 0) return "attribute";
  if (strcmp(array, "values") == 0) return "value";
  if (strcmp(array, "errors") == 0) return "error";
  return "item";
}

static int write_value(xmlTextWriterPtr w, const char *name, json_t *v);

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
    if (xmlTextWriterWriteString(w, BAD_CAST json_string_value(v)) < 0) return -1;
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
