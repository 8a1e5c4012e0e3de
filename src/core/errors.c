/* errors.c — the error registry's look-up table and helpers. */
#include "core/errors.h"

#include <stdio.h>
#include <string.h>

static const struct {
  int status;
  const char *slug;
  const char *title;
} registry[JW_E__MAX] = {
#define X(name, st, sl, ti) [JW_E_##name] = {st, sl, ti},
#include "core/errors.def"
#undef X
};

int jw_error_status(enum jw_code code) { return (unsigned)code < JW_E__MAX ? registry[code].status : 500; }

const char *jw_error_slug(enum jw_code code) { return (unsigned)code < JW_E__MAX ? registry[code].slug : "internal"; }

const char *jw_error_title(enum jw_code code) {
  return (unsigned)code < JW_E__MAX ? registry[code].title : "Internal error";
}

/* Formats fmt into en and its Chinese form into zh (messages_zh.c); a
 * message passed through "%s" is looked up by its text. */
/* The formats are the callers' literals and their Chinese twins from the
 * table in messages_zh.c (same conversions, in the same order), so they are
 * not literals here: clang's -Wformat-nonliteral is silenced for this one
 * function. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void format2(char *en, size_t en_size, char *zh, size_t zh_size, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  vsnprintf(en, en_size, fmt, ap);
  const char *zfmt = jw_message_zh(fmt);
  if (zfmt) {
    vsnprintf(zh, zh_size, zfmt, ap2);
  } else {
    const char *whole = jw_message_zh(en);
    snprintf(zh, zh_size, "%s", whole ? whole : en);
  }
  va_end(ap2);
}
#pragma GCC diagnostic pop

enum jw_code jw_fail(struct jw_error *err, enum jw_code code, const char *fmt, ...) {
  if (!err) return code;
  err->code = code;
  va_list ap;
  va_start(ap, fmt);
  format2(err->detail, sizeof err->detail, err->detail_zh, sizeof err->detail_zh, fmt, ap);
  va_end(ap);
  return code;
}

void jw_field_fail(struct jw_error *err, const char *field, const char *fmt, ...) {
  if (!err) return;
  if (err->code == JW_OK) err->code = JW_E_VALIDATION;
  if (err->detail[0] == '\0') jw_fail(err, err->code, "Some fields are invalid; see errors.");
  if (err->nfields >= JW_ERROR_FIELDS_MAX) return;
  struct jw_field_error *f = &err->fields[err->nfields++];
  snprintf(f->field, sizeof f->field, "%s", field);
  va_list ap;
  va_start(ap, fmt);
  format2(f->message, sizeof f->message, f->message_zh, sizeof f->message_zh, fmt, ap);
  va_end(ap);
}

void jw_error_clear(struct jw_error *err) { memset(err, 0, sizeof *err); }
