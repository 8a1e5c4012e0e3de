/* fuzz_open311_form.c — libFuzzer target for the Open311 POST's edge before
 * anything is stored: the strict form decoder (reports/form.c), then every
 * decoded value through the parsers the handler applies (decimal degrees,
 * W3C date-times, a polygon, the attribute checks of every service). A
 * decoded name or value must be NUL-free valid UTF-8; a form the decoder
 * refuses must say why. Input: the body as sent. `make fuzz` runs it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "core/validate.h"
#include "community/community.h"
#include "reports/form.h"
#include "reports/reports.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* The body in a buffer of its own size, so that a read past it is caught. */
  char *body = malloc(size ? size : 1);
  memcpy(body, data, size);
  struct jw_arena a = {0};
  struct jw_form_field *f = NULL;
  int n = 0;
  const char *why = jw_form_parse(&a, body, size, &f, &n);
  if (!why) {
    if (n < 0 || n > JW_FORM_MAX_FIELDS) abort();
    for (int i = 0; i < n; i++) {
      if (!f[i].name[0] || jw_utf8_len(f[i].name, strlen(f[i].name)) < 0) abort();
      if (jw_utf8_len(f[i].value, strlen(f[i].value)) < 0) abort();
      if (jw_form_get(f, n, f[i].name) != f[i].value) abort(); /* names are unique */
      int64_t v;
      if (jw_report_parse_degrees(f[i].value, 180, &v) == 0 && (v < -180000000 || v > 180000000)) abort();
      jw_report_parse_time(f[i].value, 480, &v);
      struct jw_geo_point pts[16];
      if (jw_polygon_parse(f[i].value, pts, 16) > 16) abort();
      for (int s = 0; s < jw_report_nservices; s++)
        for (int k = 0; k < jw_report_services[s].nattrs; k++)
          jw_report_attr_problem(&jw_report_services[s].attrs[k], f[i].value);
    }
  } else if (!why[0]) {
    abort();
  }
  jw_arena_free(&a);
  free(body);
  return 0;
}
