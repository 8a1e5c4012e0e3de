/* jtext.c — see jtext.h. */
#include "traffic/jtext.h"

#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"

void jw_jt_raw(struct jw_jtext *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 4096;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = jw_arena_alloc(b->a, cap);
    if (b->n) memcpy(p, b->p, b->n);
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

void jw_jt_lit(struct jw_jtext *b, const char *s) { jw_jt_raw(b, s, strlen(s)); }

void jw_jt_str(struct jw_jtext *b, const char *s) {
  jw_jt_raw(b, "\"", 1);
  const char *run = s;
  for (const char *p = s; *p; p++) {
    unsigned char ch = (unsigned char)*p;
    if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
    jw_jt_raw(b, run, (size_t)(p - run));
    char esc[8];
    if (ch == '"' || ch == '\\')
      snprintf(esc, sizeof esc, "\\%c", ch);
    else
      snprintf(esc, sizeof esc, "\\u%04x", ch);
    jw_jt_lit(b, esc);
    run = p + 1;
  }
  jw_jt_raw(b, run, strlen(run));
  jw_jt_raw(b, "\"", 1);
}

void jw_jt_int(struct jw_jtext *b, int64_t v) {
  char num[24];
  size_t k = sizeof num;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    num[--k] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) num[--k] = '-';
  jw_jt_raw(b, num + k, sizeof num - k);
}

static void two(char *p, int v) {
  p[0] = (char)('0' + v / 10 % 10);
  p[1] = (char)('0' + v % 10);
}

void jw_jt_time(struct jw_jtext *b, int64_t t, int tz_offset_min) {
  struct jw_date d = jw_date_of_time((long long)t, tz_offset_min);
  int64_t local = t + (int64_t)tz_offset_min * 60;
  int64_t sod = ((local % 86400) + 86400) % 86400;
  int off = tz_offset_min < 0 ? -tz_offset_min : tz_offset_min;
  char out[28] = "\"0000-00-00T00:00:00+00:00\"";
  two(out + 1, d.y / 100);
  two(out + 3, d.y % 100);
  two(out + 6, d.m);
  two(out + 9, d.d);
  two(out + 12, (int)(sod / 3600));
  two(out + 15, (int)(sod / 60 % 60));
  two(out + 18, (int)(sod % 60));
  out[20] = tz_offset_min < 0 ? '-' : '+';
  two(out + 21, off / 60);
  two(out + 24, off % 60);
  jw_jt_raw(b, out, 27);
}

void jw_jt_key(struct jw_jtext *b, const char *key, int first) {
  if (!first) jw_jt_raw(b, ",", 1);
  jw_jt_raw(b, "\"", 1);
  jw_jt_lit(b, key);
  jw_jt_raw(b, "\":", 2);
}
