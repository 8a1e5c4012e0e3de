/* jtext.c — see jtext.h. */
#include "traffic/jtext.h"

#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"

void jw_jt_str(struct jw_buf *b, const char *s) {
  jw_buf_put(b, "\"", 1);
  const char *run = s;
  for (const char *p = s; *p; p++) {
    unsigned char ch = (unsigned char)*p;
    if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
    jw_buf_put(b, run, (size_t)(p - run));
    char esc[8];
    if (ch == '"' || ch == '\\')
      snprintf(esc, sizeof esc, "\\%c", ch);
    else
      snprintf(esc, sizeof esc, "\\u%04x", ch);
    jw_buf_puts(b, esc);
    run = p + 1;
  }
  jw_buf_put(b, run, strlen(run));
  jw_buf_put(b, "\"", 1);
}

void jw_jt_int(struct jw_buf *b, int64_t v) {
  char num[24];
  size_t k = sizeof num;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    num[--k] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) num[--k] = '-';
  jw_buf_put(b, num + k, sizeof num - k);
}

static void two(char *p, int v) {
  p[0] = (char)('0' + v / 10 % 10);
  p[1] = (char)('0' + v % 10);
}

void jw_jt_time(struct jw_buf *b, int64_t t, int tz_offset_min) {
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
  jw_buf_put(b, out, 27);
}

void jw_jt_key(struct jw_buf *b, const char *key, int first) {
  if (!first) jw_buf_put(b, ",", 1);
  jw_buf_put(b, "\"", 1);
  jw_buf_puts(b, key);
  jw_buf_put(b, "\":", 2);
}
