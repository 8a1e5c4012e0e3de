/*
 * errors.h — error codes as values.
 *
 * Every function that can fail returns an enum jw_code; details go into a
 * struct jw_error the caller provides. Only src/http/ turns an error into a
 * response (problem+json).
 */
#ifndef JW_ERRORS_H
#define JW_ERRORS_H

#include <stdarg.h>
#include <stddef.h>

enum jw_code {
#define X(name, status, slug, title) JW_E_##name,
#include "core/errors.def"
#undef X
  JW_E__MAX
};
#define JW_OK JW_E_OK

/* Up to this many per-field validation messages are kept. */
#define JW_ERROR_FIELDS_MAX 16

struct jw_field_error {
  char field[64];
  char message[160];
  char message_zh[200]; /* the same in Chinese (messages_zh.c), or a copy */
};

struct jw_error {
  enum jw_code code;
  char detail[256];    /* a sentence a person can act on */
  char detail_zh[320]; /* the same in Chinese (messages_zh.c), or a copy */
  int retry_after;     /* seconds, for 429/503; 0 = none */
  int nfields;
  struct jw_field_error fields[JW_ERROR_FIELDS_MAX];
};

/* HTTP status, slug and English title of code. Borrowed static strings. */
int jw_error_status(enum jw_code code);
const char *jw_error_slug(enum jw_code code);
const char *jw_error_title(enum jw_code code);

/* Sets err->code and a printf-formatted detail; returns code, so that
 * `return jw_fail(err, JW_E_NOT_FOUND, "no unit %d", id);` reads well.
 * err may be NULL. */
enum jw_code jw_fail(struct jw_error *err, enum jw_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Adds a field message (code becomes JW_E_VALIDATION). */
void jw_field_fail(struct jw_error *err, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void jw_error_clear(struct jw_error *err);

/* The Chinese format of an English message format (or of a whole English
 * message), or NULL when the table has none. Borrowed static string. */
const char *jw_message_zh(const char *en);
/* The Chinese title of code. */
const char *jw_error_title_zh(enum jw_code code);
/* The table, for its tests. */
size_t jw_messages_zh_count(void);
void jw_messages_zh_pair(size_t i, const char **en, const char **zh);

#endif
