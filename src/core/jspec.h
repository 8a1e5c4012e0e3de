/*
 * jspec.h — JSON input by declarative field specs.
 *
 * A handler describes the object it accepts as a table of fields; one call
 * checks types, lengths, ranges and choices, rejects fields nobody declared,
 * and fills a typed C struct. Every problem is reported per field in the
 * jw_error (code JW_E_VALIDATION), so a client can show it next to its input.
 *
 *   const char *phone = NULL; int64_t age = 0;
 *   const struct jw_field f[] = {
 *     {"phone", JS_STR, JS_REQUIRED, 11, 11, &phone},
 *     {"age", JS_INT, 0, 0, 150, &age},
 *   };
 *   if (jw_json_fields(body, f, 2, err) != JW_OK) return err->code;
 */
#ifndef JW_JSPEC_H
#define JW_JSPEC_H

#include <jansson.h>
#include <stdint.h>

#include "core/errors.h"

enum jw_json_type {
  JS_STR,  /* out: const char ** (borrowed from the JSON value); min/max in characters */
  JS_INT,  /* out: int64_t *; min/max inclusive */
  JS_BOOL, /* out: int * (0/1) */
  JS_NUM,  /* out: double * (coordinates only; money is never a double); min/max inclusive */
  JS_ENUM, /* out: int * (index into choices); choices is NULL-terminated */
};

/* JS_MULTILINE: a JS_STR that may hold line breaks (LF, CR); every JS_STR
 * refuses other control characters and bidirectional overrides/isolates
 * (jw_text_unsafe). */
enum { JS_REQUIRED = 1, JS_NULLABLE = 2, JS_MULTILINE = 4 };

struct jw_field {
  const char *name;
  enum jw_json_type type;
  int flags; /* JS_REQUIRED, JS_NULLABLE, JS_MULTILINE */
  int64_t min, max;
  void *out;
  const char *const *choices; /* JS_ENUM */
  int *seen;                  /* optional: set to 1 when present and not null */
};

/*
 * Checks obj against the n fields and fills their outputs. Fields absent (or
 * null, where JS_NULLABLE) keep their outputs untouched. Returns JW_OK, or
 * JW_E_BAD_JSON when obj is not an object, or JW_E_VALIDATION with every bad
 * field listed in err.
 */
enum jw_code jw_json_fields(json_t *obj, const struct jw_field *fields, size_t n, struct jw_error *err);

#endif
