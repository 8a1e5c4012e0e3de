/* fuzz_request.c — libFuzzer target for what a request brings in from the
 * outside before any handler runs: the path through the router, the query
 * value parsers, the JSON body through the field specs, and the identifier
 * validators. Input: a path line, then a JSON body. `make fuzz` runs it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/jspec.h"
#include "core/mem.h"
#include "core/validate.h"
#include "db/db.h"
#include "app/app.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kinds[] = {"police", "auxiliary", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *nl = memchr(data, '\n', size);
  size_t plen = nl ? (size_t)(nl - data) : size;
  if (plen > 4096) return 0;
  char *path = malloc(plen + 1);
  memcpy(path, data, plen);
  path[plen] = '\0';
  int idx;
  const char *params[JW_MAX_PATH_PARAMS];
  int np;
  unsigned allowed;
  for (int m = 0; m < JW_METHOD__MAX; m++) {
    char *copy = strdup(path);
    jw_route_match(jw_app_routes, jw_app_routes_count, (enum jw_method)m, copy, &idx, params, &np, &allowed);
    free(copy);
  }
  jw_check_id_number(path, NULL);
  jw_check_phone(path);
  jw_utf8_len(path, plen);
  struct jw_arena a = {0};
  jw_db_like(&a, path);
  jw_mask_phone(&a, path);
  jw_arena_free(&a);
  free(path);

  if (!nl) return 0;
  json_t *body = json_loadb((const char *)nl + 1, size - plen - 1, JSON_REJECT_DUPLICATES, NULL);
  if (!body) return 0;
  const char *name = NULL, *badge = NULL;
  int64_t unit = 0;
  int kind = -1, flag = 0;
  double lat = 0;
  const struct jw_field f[] = {
      {"name", JS_STR, JS_REQUIRED, 2, 30, &name, NULL, NULL},
      {"badge_no", JS_STR, JS_NULLABLE, 6, 6, &badge, NULL, NULL},
      {"unit_id", JS_INT, JS_REQUIRED, 1, INT64_MAX, &unit, NULL, NULL},
      {"kind", JS_ENUM, JS_REQUIRED, 0, 0, &kind, kinds, NULL},
      {"accepts_appointments", JS_BOOL, 0, 0, 0, &flag, NULL, NULL},
      {"lat", JS_NUM, JS_NULLABLE, -90, 90, &lat, NULL, NULL},
  };
  struct jw_error err = {0};
  jw_json_fields(body, f, sizeof f / sizeof f[0], &err);
  json_decref(body);
  return 0;
}
