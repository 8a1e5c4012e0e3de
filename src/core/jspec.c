/* jspec.c — checks a JSON object against a table of field specs. */
#include "core/jspec.h"

#include <math.h>
#include <string.h>

#include "core/validate.h"

static void check_field(json_t *v, const struct jw_field *f, struct jw_error *err) {
  switch (f->type) {
  case JS_STR: {
    if (!json_is_string(v)) {
      jw_field_fail(err, f->name, "must be a string");
      return;
    }
    const char *s = json_string_value(v);
    long len = jw_utf8_len(s, json_string_length(v));
    const char *why = NULL;
    if (len < 0 || strlen(s) != json_string_length(v)) {
      jw_field_fail(err, f->name, "contains invalid characters");
    } else if ((why = jw_text_unsafe(s, json_string_length(v), f->flags & JS_MULTILINE))) {
      jw_field_fail(err, f->name, "%s", why);
    } else if (len < f->min) {
      if (f->min == 1)
        jw_field_fail(err, f->name, "must not be empty");
      else
        jw_field_fail(err, f->name, "must have at least %lld characters", (long long)f->min);
    } else if (f->max > 0 && len > f->max) {
      jw_field_fail(err, f->name, "must have at most %lld characters", (long long)f->max);
    } else {
      *(const char **)f->out = s;
      if (f->seen) *f->seen = 1;
    }
    return;
  }
  case JS_INT: {
    if (!json_is_integer(v)) {
      jw_field_fail(err, f->name, "must be a whole number");
      return;
    }
    json_int_t i = json_integer_value(v);
    /* A bound past two thousand million is the store's, not one a person
     * should read: an id below 1 is one not chosen. */
    int internal = f->max > 2000000000LL;
    if (i < f->min && internal && f->min == 1) {
      jw_field_fail(err, f->name, "must be chosen");
      return;
    }
    if (i < f->min && internal) {
      jw_field_fail(err, f->name, "must be at least %lld", (long long)f->min);
      return;
    }
    if (i > f->max && internal) {
      jw_field_fail(err, f->name, "is too large");
      return;
    }
    if (i < f->min || i > f->max) {
      jw_field_fail(err, f->name, "must be between %lld and %lld", (long long)f->min, (long long)f->max);
      return;
    }
    *(int64_t *)f->out = i;
    if (f->seen) *f->seen = 1;
    return;
  }
  case JS_BOOL:
    if (!json_is_boolean(v)) {
      jw_field_fail(err, f->name, "must be true or false");
      return;
    }
    *(int *)f->out = json_is_true(v);
    if (f->seen) *f->seen = 1;
    return;
  case JS_NUM: {
    if (!json_is_number(v)) {
      jw_field_fail(err, f->name, "must be a number");
      return;
    }
    double d = json_number_value(v);
    if (!isfinite(d) || d < (double)f->min || d > (double)f->max) {
      jw_field_fail(err, f->name, "must be between %lld and %lld", (long long)f->min, (long long)f->max);
      return;
    }
    *(double *)f->out = d;
    if (f->seen) *f->seen = 1;
    return;
  }
  case JS_ENUM: {
    if (json_is_string(v)) {
      const char *s = json_string_value(v);
      for (int i = 0; f->choices[i]; i++) {
        if (strcmp(s, f->choices[i]) == 0) {
          *(int *)f->out = i;
          if (f->seen) *f->seen = 1;
          return;
        }
      }
    }
    char list[160] = "";
    size_t len = 0;
    for (int i = 0; f->choices[i] && len < sizeof list - 40; i++)
      len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", f->choices[i]);
    jw_field_fail(err, f->name, "must be one of: %s", list);
    return;
  }
  }
}

enum jw_code jw_json_fields(json_t *obj, const struct jw_field *fields, size_t n, struct jw_error *err) {
  if (!json_is_object(obj)) return jw_fail(err, JW_E_BAD_JSON, "The request body must be a JSON object.");
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    size_t i;
    for (i = 0; i < n; i++)
      if (strcmp(key, fields[i].name) == 0) break;
    if (i == n) {
      /* Keys are client text: keep them short in the message. */
      char shown[48];
      snprintf(shown, sizeof shown, "%s", key);
      jw_field_fail(err, shown, "is not a known field");
    }
  }
  for (size_t i = 0; i < n; i++) {
    const struct jw_field *f = &fields[i];
    v = json_object_get(obj, f->name);
    if (!v || json_is_null(v)) {
      if (f->flags & JS_REQUIRED)
        jw_field_fail(err, f->name, "is required");
      else if (v && !(f->flags & JS_NULLABLE))
        jw_field_fail(err, f->name, "must not be null");
      continue;
    }
    check_field(v, f, err);
  }
  if (err->nfields > 0) {
    return jw_fail(err, JW_E_VALIDATION, "Some fields are invalid; see errors.");
  }
  return JW_OK;
}
