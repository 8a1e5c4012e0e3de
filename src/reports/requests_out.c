/* requests_out.c — Open311 service requests as JSON or XML text (requests_out.h). */
#include "reports/requests_out.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>

#include "core/mem.h"
#include "core/validate.h"
#include "reports/xml.h"

enum kind { TEXT, NUMBER, NUL };

struct field {
  const char *name;
  enum kind kind;
  const char *text;
};

enum { NFIELDS = 17 };

/* "28.6512" from 28651200: six decimals without trailing zeros. */
static const char *degrees(struct jw_arena *a, int64_t e6) {
  char *s = jw_arena_printf(a, "%s%lld.%06lld", e6 < 0 ? "-" : "", (long long)(e6 < 0 ? -e6 : e6) / 1000000,
                            (long long)(e6 < 0 ? -e6 : e6) % 1000000);
  size_t n = strlen(s);
  while (s[n - 1] == '0') s[--n] = '\0';
  if (s[n - 1] == '.') s[n - 1] = '\0';
  return s;
}

/* The public view of report p: the citizen's text with personal data
 * masked (phone and ID numbers typed into it), and of a tip-off only that
 * it was made and how it stands (what it says and where would warn the
 * people it names). */
static void fields_of(struct jw_req *r, const struct jw_report *p, struct field f[NFIELDS]) {
  const struct jw_report_service *s = jw_report_service_find(p->service_code);
  const int hide = s && s->confidential;
  int k = 0;
  f[k++] = (struct field){"service_request_id", TEXT, jw_arena_printf(r->arena, "%lld", (long long)p->id)};
  f[k++] = (struct field){"status", TEXT, p->state == JW_RS_CLOSED ? "closed" : "open"};
  f[k++] = (struct field){"status_notes", TEXT, p->status_notes};
  f[k++] = (struct field){"service_name", TEXT, s ? s->name : p->service_code};
  f[k++] = (struct field){"service_code", TEXT, p->service_code};
  f[k++] = (struct field){"description", TEXT, hide ? "" : jw_mask_personal(r->arena, p->description, NULL, 0, NULL)};
  f[k++] = (struct field){"agency_responsible", TEXT, p->agency};
  f[k++] = (struct field){"service_notice", TEXT, ""};
  f[k++] = (struct field){"requested_datetime", TEXT, jw_time_str(r, p->requested_at)};
  f[k++] = (struct field){"updated_datetime", TEXT, jw_time_str(r, p->updated_at)};
  f[k++] = p->expected_at ? (struct field){"expected_datetime", TEXT, jw_time_str(r, p->expected_at)}
                          : (struct field){"expected_datetime", NUL, NULL};
  f[k++] = (struct field){"address", TEXT, hide ? "" : p->address};
  f[k++] = (struct field){"address_id", TEXT, hide ? "" : p->address_id};
  f[k++] = (struct field){"zipcode", TEXT, hide ? "" : p->zipcode};
  const int where = p->has_location && !hide;
  f[k++] = where ? (struct field){"lat", NUMBER, degrees(r->arena, p->lat_e6)} : (struct field){"lat", NUL, NULL};
  f[k++] = where ? (struct field){"long", NUMBER, degrees(r->arena, p->lng_e6)} : (struct field){"long", NUL, NULL};
  f[k++] = (struct field){"media_url", TEXT, hide ? "" : p->media_url};
}

/* s as a JSON string (RFC 8259: quote, backslash and controls escaped; the
 * text is valid UTF-8, checked when it was stored). */
static void put_json_string(struct jw_buf *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  jw_buf_put(b, "\"", 1);
  const char *run = s;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    jw_buf_put(b, run, (size_t)(s - run));
    char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
    if (c == '"' || c == '\\')
      jw_buf_put(b, c == '"' ? "\\\"" : "\\\\", 2);
    else if (c == '\n')
      jw_buf_put(b, "\\n", 2);
    else if (c == '\r')
      jw_buf_put(b, "\\r", 2);
    else if (c == '\t')
      jw_buf_put(b, "\\t", 2);
    else
      jw_buf_put(b, esc, 6);
    run = s + 1;
  }
  jw_buf_put(b, run, (size_t)(s - run));
  jw_buf_put(b, "\"", 1);
}

static char *as_json(struct jw_req *r, const struct jw_report *rows, size_t n) {
  struct jw_buf b = {r->arena, NULL, 0, 0};
  jw_buf_put(&b, "[", 1);
  struct field f[NFIELDS];
  for (size_t i = 0; i < n; i++) {
    fields_of(r, &rows[i], f);
    jw_buf_put(&b, i ? ",{" : "{", i ? 2 : 1);
    for (int k = 0; k < NFIELDS; k++) {
      if (k) jw_buf_put(&b, ",", 1);
      put_json_string(&b, f[k].name);
      jw_buf_put(&b, ":", 1);
      if (f[k].kind == TEXT)
        put_json_string(&b, f[k].text);
      else
        jw_buf_puts(&b, f[k].kind == NUMBER ? f[k].text : "null");
    }
    jw_buf_put(&b, "}", 1);
  }
  jw_buf_put(&b, "]", 1);
  return b.p;
}

static char *as_xml(struct jw_req *r, const struct jw_report *rows, size_t n) {
  xmlBufferPtr buf = xmlBufferCreate();
  if (!buf) return NULL;
  xmlBufferSetAllocationScheme(buf, XML_BUFFER_ALLOC_DOUBLEIT); /* a list is ~0.5 MB: grow by doubling */
  char *out = NULL;
  xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
  if (!w || xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
      xmlTextWriterStartElement(w, BAD_CAST "service_requests") < 0)
    goto done;
  struct field f[NFIELDS];
  for (size_t i = 0; i < n; i++) {
    fields_of(r, &rows[i], f);
    if (xmlTextWriterStartElement(w, BAD_CAST "request") < 0) goto done;
    for (int k = 0; k < NFIELDS; k++)
      if (jw_report_xml_element(w, f[k].name, f[k].kind == NUL ? "" : f[k].text) < 0) goto done;
    if (xmlTextWriterEndElement(w) < 0) goto done;
  }
  if (xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndDocument(w) < 0) goto done;
  xmlFreeTextWriter(w);
  w = NULL;
  out = jw_arena_strndup(r->arena, (const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
done:
  if (w) xmlFreeTextWriter(w);
  xmlBufferFree(buf);
  return out;
}

char *jw_o311_requests_text(struct jw_req *r, const struct jw_report *rows, size_t n, int xml) {
  return xml ? as_xml(r, rows, n) : as_json(r, rows, n);
}
