/* form.c — a citizen's form and attachments checked against the item's definition. */
#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "applications/applications.h"
#include "calendar/calendar.h"
#include "core/mem.h"
#include "core/validate.h"
#include "services/document.h"
#include "services/services.h"
#include "vehicles/vehicles.h"

/* A limit of field f: its own or its type's default (services/document.h). */
static int64_t limit(json_t *f, const char *key) {
  int found;
  int64_t v = jw_form_field_limit(f, key, &found);
  assert(found); /* every type checked below has its limits in the table */
  return v;
}

/* Checks one value v of field f (named at); adds the normalised value to out. */
static void check_value(json_t *f, json_t *v, const char *at, json_t *out, struct jw_error *err) {
  const char *type = json_string_value(json_object_get(f, "type"));
  const char *name = json_string_value(json_object_get(f, "name"));
  if (strcmp(type, "number") == 0) {
    int64_t min = limit(f, "min"), max = limit(f, "max");
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
      jw_field_fail(err, at, "must be a whole number from %lld to %lld", (long long)min, (long long)max);
      return;
    }
    json_object_set(out, name, v);
    return;
  }
  if (!json_is_string(v)) {
    jw_field_fail(err, at, "must be text");
    return;
  }
  const char *s = json_string_value(v);
  long len = jw_utf8_len(s, json_string_length(v));
  if (len <= 0) {
    jw_field_fail(err, at, "must not be empty");
    return;
  }
  const char *why = NULL;
  char norm[JW_PLATE_MAX > 19 ? JW_PLATE_MAX : 19];
  if (strcmp(type, "text") == 0 || strcmp(type, "textarea") == 0 || strcmp(type, "address") == 0) {
    int64_t max = limit(f, "max_length");
    if (len > max) {
      jw_field_fail(err, at, "must have at most %lld characters", (long long)max);
      return;
    }
    if (strcmp(type, "textarea") != 0 && strpbrk(s, "\r\n\t")) {
      jw_field_fail(err, at, "must be one line");
      return;
    }
    const char *bad = jw_text_unsafe(s, json_string_length(v), strcmp(type, "textarea") == 0);
    if (bad) {
      jw_field_fail(err, at, "%s", bad);
      return;
    }
    if (strcmp(type, "address") == 0 && len < 5) {
      jw_field_fail(err, at, "is too short to be an address");
      return;
    }
  } else if (strcmp(type, "date") == 0) {
    struct jw_date d;
    if (jw_date_parse(s, &d) != 0) why = "must be a date YYYY-MM-DD";
  } else if (strcmp(type, "choice") == 0) {
    size_t i;
    json_t *o;
    int ok = 0;
    json_array_foreach(json_object_get(f, "options"), i, o) ok |= json_equal(o, v);
    if (!ok) why = "is not one of the options";
  } else if (strcmp(type, "id_number") == 0) {
    if ((why = jw_check_id_number(s, norm)) == NULL) v = json_string(norm);
  } else if (strcmp(type, "phone") == 0) {
    why = jw_check_phone(s);
  } else if (strcmp(type, "plate") == 0) {
    /* The vehicles module's GA 36 check, for whichever plate type fits. */
    if ((why = jw_check_plate_any(s, norm)) == NULL) v = json_string(norm);
  }
  if (why) {
    jw_field_fail(err, at, "%s", why);
    return;
  }
  if (strcmp(type, "id_number") == 0 || strcmp(type, "plate") == 0)
    json_object_set_new(out, name, v);
  else
    json_object_set(out, name, v);
}

/* The checks of jw_form_check() on parsed values; *out a new reference. */
static enum jw_code form_check(json_t *def, json_t *values, json_t **out, struct jw_error *err) {
  json_t *fields = json_object_get(def, "fields");
  if (!json_is_object(values)) {
    jw_field_fail(err, "form", "must be an object of field values");
    return err->code;
  }
  json_t *res = json_object();
  const char *k;
  json_t *v;
  json_object_foreach(values, k, v) {
    size_t i;
    json_t *f;
    int known = 0;
    json_array_foreach(fields, i, f) known |= strcmp(json_string_value(json_object_get(f, "name")), k) == 0;
    char at[64];
    snprintf(at, sizeof at, "form.%.40s", k);
    if (!known) jw_field_fail(err, at, "is not a field of this form");
  }
  size_t i;
  json_t *f;
  json_array_foreach(fields, i, f) {
    const char *name = json_string_value(json_object_get(f, "name"));
    char at[64];
    snprintf(at, sizeof at, "form.%s", name);
    v = json_object_get(values, name);
    int empty = !v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0);
    if (empty) {
      if (json_is_true(json_object_get(f, "required"))) jw_field_fail(err, at, "is required");
      continue;
    }
    check_value(f, v, at, res, err);
  }
  if (err->nfields) {
    json_decref(res);
    return JW_E_VALIDATION;
  }
  *out = res;
  return JW_OK;
}

/* A form definition's JSON text, parsed (a new reference), or NULL with err
 * set: the definition comes from the item's stored document, so text that
 * does not parse is a bug. */
static json_t *definition(const char *def, struct jw_error *err) {
  json_t *d = def ? json_loads(def, JSON_DECODE_ANY, NULL) : NULL;
  if (!d) {
    jw_fail(err, JW_E_INTERNAL, "The item's form definition cannot be read.");
    return NULL;
  }
  return d;
}

enum jw_code jw_form_check(const char *def, const char *values, struct jw_arena *a, const char **out,
                           struct jw_error *err) {
  json_t *d = definition(def, err);
  if (!d) return err->code;
  json_t *v = values ? json_loads(values, JSON_DECODE_ANY, NULL) : json_object(), *res = NULL;
  enum jw_code rc = form_check(d, v, &res, err);
  json_decref(v);
  json_decref(d);
  if (rc != JW_OK) return rc;
  char *text = json_dumps(res, JSON_COMPACT);
  json_decref(res);
  if (!text) return jw_fail(err, JW_E_INTERNAL, "Out of memory.");
  *out = jw_arena_strdup(a, text);
  free(text);
  return JW_OK;
}

/* The checks of jw_attachments_check() on a parsed definition. */
static enum jw_code attachments_check(json_t *def, const struct jw_attachment_in *a, size_t n, struct jw_error *err) {
  json_t *atts = json_object_get(def, "attachments");
  for (size_t i = 0; i < n; i++) {
    char at[48];
    snprintf(at, sizeof at, "attachments[%zu]", i);
    json_t *d = NULL, *x;
    size_t k;
    json_array_foreach(atts, k, x) if (strcmp(json_string_value(json_object_get(x, "name")), a[i].name) == 0) d = x;
    if (!d) {
      jw_field_fail(err, at, "\"%.40s\" is not an attachment of this form", a[i].name);
      continue;
    }
    if (!a[i].type) {
      jw_field_fail(err, at, "upload %lld is not one of your uploads", (long long)a[i].upload_id);
      continue;
    }
    int ok = 0;
    json_array_foreach(json_object_get(d, "types"), k, x) ok |= strcmp(json_string_value(x), a[i].type) == 0;
    if (!ok) jw_field_fail(err, at, "a %s file is not accepted here", a[i].type);
    if (a[i].size > json_integer_value(json_object_get(d, "max_bytes")))
      jw_field_fail(err, at, "the file is larger than %lld bytes",
                    (long long)json_integer_value(json_object_get(d, "max_bytes")));
    for (size_t j = 0; j < i; j++)
      if (a[j].upload_id == a[i].upload_id) jw_field_fail(err, at, "the same upload is attached twice");
  }
  size_t k;
  json_t *d;
  json_array_foreach(atts, k, d) {
    const char *name = json_string_value(json_object_get(d, "name"));
    int64_t count = 0, max = json_integer_value(json_object_get(d, "max_count"));
    for (size_t i = 0; i < n; i++) count += strcmp(a[i].name, name) == 0;
    char at[64];
    snprintf(at, sizeof at, "attachments.%s", name);
    if (count > max) jw_field_fail(err, at, "at most %lld files", (long long)max);
    if (count == 0 && json_is_true(json_object_get(d, "required"))) jw_field_fail(err, at, "is required");
  }
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

enum jw_code jw_attachments_check(const char *def, const struct jw_attachment_in *a, size_t n, struct jw_error *err) {
  json_t *d = definition(def, err);
  if (!d) return err->code;
  enum jw_code rc = attachments_check(d, a, n, err);
  json_decref(d);
  return rc;
}
