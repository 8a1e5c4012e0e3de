/* form.c — the strict application/x-www-form-urlencoded decoder (form.h). */
#include "reports/form.h"

#include <string.h>

#include "core/mem.h"
#include "core/validate.h"

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes s[0..n) into a new arena string; NULL with *why set when malformed. */
static char *decode(struct jw_arena *a, const char *s, size_t n, const char **why) {
  char *out = jw_arena_alloc(a, n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (ch == '+') {
      out[k++] = ' ';
    } else if (ch == '%') {
      int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
      int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        *why = "The form is malformed: a % is not followed by two hexadecimal digits.";
        return NULL;
      }
      out[k++] = (char)(hi * 16 + lo);
      i += 2;
    } else {
      out[k++] = ch;
    }
    if (out[k - 1] == '\0') {
      *why = "The form is malformed: it holds a NUL character.";
      return NULL;
    }
  }
  out[k] = '\0';
  if (jw_utf8_len(out, k) < 0) {
    *why = "The form is malformed: a value is not valid UTF-8 after decoding.";
    return NULL;
  }
  return out;
}

const char *jw_form_parse(struct jw_arena *a, const char *body, size_t n, struct jw_form_field **out, int *nout) {
  struct jw_form_field *f = jw_arena_zalloc(a, sizeof *f * JW_FORM_MAX_FIELDS);
  int nf = 0;
  size_t i = 0;
  while (i < n) {
    const char *amp = memchr(body + i, '&', n - i);
    size_t end = amp ? (size_t)(amp - body) : n;
    if (end > i) {
      const char *eq = memchr(body + i, '=', end - i);
      size_t name_end = eq ? (size_t)(eq - body) : end;
      const char *why = NULL;
      if (nf == JW_FORM_MAX_FIELDS) return "The form has too many fields.";
      char *name = decode(a, body + i, name_end - i, &why);
      if (!name) return why;
      char *value = eq ? decode(a, eq + 1, end - name_end - 1, &why) : jw_arena_strdup(a, "");
      if (!value) return why;
      if (name[0] == '\0') return "The form is malformed: a field has no name.";
      if (jw_form_get(f, nf, name)) return "The form is malformed: a field is given twice.";
      f[nf].name = name;
      f[nf].value = value;
      nf++;
    }
    i = end + 1;
  }
  *out = f;
  *nout = nf;
  return NULL;
}

const char *jw_form_get(const struct jw_form_field *f, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(f[i].name, name) == 0) return f[i].value;
  return NULL;
}
