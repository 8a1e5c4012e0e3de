/* ics.c — one appointment as an iCalendar file (RFC 5545). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "inspection/inspection.h"

/* Writes "NAME:value" as content lines of at most 75 octets, continuation
 * lines starting with a space, never splitting a UTF-8 sequence; text
 * values (escape = 1) get their \ ; , and newlines escaped. */
static void line(struct jw_buf *b, const char *name, const char *value, int escape) {
  char tmp[2048];
  size_t k = (size_t)snprintf(tmp, sizeof tmp, "%s:", name);
  for (const char *p = value; *p && k < sizeof tmp - 3; p++) {
    if (escape && (*p == '\\' || *p == ';' || *p == ',')) tmp[k++] = '\\';
    if (escape && *p == '\n') {
      tmp[k++] = '\\';
      tmp[k++] = 'n';
      continue;
    }
    if (*p == '\r') continue;
    tmp[k++] = *p;
  }
  tmp[k] = '\0';
  size_t pos = 0, width = 75;
  while (pos < k) {
    size_t n = k - pos > width ? width : k - pos;
    while (n > 0 && pos + n < k && ((unsigned char)tmp[pos + n] & 0xC0) == 0x80) n--;
    if (pos) jw_buf_put(b, " ", 1);
    jw_buf_put(b, tmp + pos, n);
    jw_buf_put(b, "\r\n", 2);
    pos += n;
    width = 74; /* the leading space counts */
  }
}

static void stamp_local(char out[16], int64_t t, int off_min) {
  time_t local = (time_t)(t + off_min * 60);
  struct tm tm;
  gmtime_r(&local, &tm);
  strftime(out, 16, "%Y%m%dT%H%M%S", &tm);
}

char *jw_ics_render(struct jw_arena *a, const struct jw_ics_event *e) {
  struct jw_buf b = {a, NULL, 0, 0};
  char start[16], end[16], stamp[16], off[8];
  stamp_local(start, e->starts_at, e->tz_offset_min);
  stamp_local(end, e->ends_at, e->tz_offset_min);
  stamp_local(stamp, e->stamp, 0);
  int m = e->tz_offset_min < 0 ? -e->tz_offset_min : e->tz_offset_min;
  snprintf(off, sizeof off, "%c%02d%02d", e->tz_offset_min < 0 ? '-' : '+', m / 60 % 100, m % 60);
  line(&b, "BEGIN", "VCALENDAR", 0);
  line(&b, "VERSION", "2.0", 0);
  line(&b, "PRODID", "-//Taizhou Public Security Bureau//jingwu//ZH", 0);
  line(&b, "CALSCALE", "GREGORIAN", 0);
  line(&b, "METHOD", "PUBLISH", 0);
  line(&b, "BEGIN", "VTIMEZONE", 0);
  line(&b, "TZID", "Asia/Shanghai", 0);
  line(&b, "BEGIN", "STANDARD", 0);
  line(&b, "DTSTART", "19700101T000000", 0);
  line(&b, "TZOFFSETFROM", off, 0);
  line(&b, "TZOFFSETTO", off, 0);
  line(&b, "TZNAME", "CST", 0);
  line(&b, "END", "STANDARD", 0);
  line(&b, "END", "VTIMEZONE", 0);
  line(&b, "BEGIN", "VEVENT", 0);
  line(&b, "UID", e->uid, 0);
  line(&b, "DTSTAMP", jw_arena_printf(a, "%sZ", stamp), 0);
  line(&b, "DTSTART;TZID=Asia/Shanghai", start, 0);
  line(&b, "DTEND;TZID=Asia/Shanghai", end, 0);
  line(&b, "SUMMARY", e->summary, 1);
  line(&b, "LOCATION", e->location, 1);
  line(&b, "DESCRIPTION", e->description, 1);
  line(&b, "STATUS", "CONFIRMED", 0);
  line(&b, "BEGIN", "VALARM", 0);
  line(&b, "ACTION", "DISPLAY", 0);
  line(&b, "DESCRIPTION", e->summary, 1);
  line(&b, "TRIGGER", "-PT2H", 0);
  line(&b, "END", "VALARM", 0);
  line(&b, "END", "VEVENT", 0);
  line(&b, "END", "VCALENDAR", 0);
  return b.p;
}
