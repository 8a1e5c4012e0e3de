/*
 * form.h — application/x-www-form-urlencoded bodies (the Open311 POST), as
 * the WHATWG URL standard defines them: pairs split at '&', name and value
 * at the first '=', '+' is a space, %XX a byte. Stricter than browsers on
 * purpose: a '%' not followed by two hex digits, a NUL, or bytes that do not
 * decode to UTF-8 make the whole body malformed instead of passing through.
 */
#ifndef JW_REPORTS_FORM_H
#define JW_REPORTS_FORM_H

#include <stddef.h>

struct jw_arena;

#define JW_FORM_MAX_FIELDS 64

struct jw_form_field {
  const char *name;  /* decoded, NUL-terminated, arena-owned */
  const char *value; /* decoded, NUL-terminated, arena-owned */
};

/*
 * Decodes body (n bytes, not NUL-terminated) into *out (arena-owned array)
 * and *nout. Returns NULL, or a sentence saying what is wrong (static): bad
 * percent-encoding, NUL, invalid UTF-8, an empty name, a name given twice,
 * more than JW_FORM_MAX_FIELDS pairs. Empty pairs ("a=1&&b=2") are skipped.
 */
const char *jw_form_parse(struct jw_arena *a, const char *body, size_t n, struct jw_form_field **out, int *nout);

/* The value of name, or NULL. */
const char *jw_form_get(const struct jw_form_field *f, int n, const char *name);

#endif
