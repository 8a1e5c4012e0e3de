/* route.c — routing a report that gives an address but no point: which
 * grid or unit an address written by a citizen ("白云山南路 18 号",
 * "椒江区白云街道…") belongs to, by the places the grids and units name
 * (the roads of a grid's area, a grid's or unit's own name). No geocoder:
 * words only. The SQL that lists the candidates is in store.c. */
#include "reports/reports.h"

#include <string.h>

/* Bytes of the UTF-8 sequence that starts with b (1 for a stray byte). */
static size_t seq_len(unsigned char b) {
  if (b >= 0xF0) return 4;
  if (b >= 0xE0) return 3;
  if (b >= 0xC0) return 2;
  return 1;
}

/* Code points in s[0..len). */
static long chars_in(const char *s, size_t len) {
  long n = 0;
  for (size_t i = 0; i < len; i += seq_len((unsigned char)s[i])) n++;
  return n;
}

/* s without spaces (ASCII and the ideographic U+3000) into out (size cap). */
static void squeeze(const char *s, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; s[i] && o + 4 < cap;) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
      i++;
      continue;
    }
    if (strncmp(s + i, "\xE3\x80\x80", 3) == 0) {
      i += 3;
      continue;
    }
    size_t l = seq_len((unsigned char)s[i]);
    for (size_t k = 0; k < l && s[i]; k++) out[o++] = s[i++];
  }
  out[o] = '\0';
}

/* The characters of key[0..len) when address holds them and they are at
 * least two characters long, else 0. */
static long held(const char *address, const char *key, size_t len) {
  if (len == 0) return 0;
  long n = chars_in(key, len);
  if (n < 2) return 0;
  char buf[256];
  if (len >= sizeof buf) return 0;
  memcpy(buf, key, len);
  buf[len] = '\0';
  return strstr(address, buf) ? n : 0;
}

/* The suffixes that end a road's name, longest first. */
static const char *const ROAD_ENDS[] = {"大道", "大街", "路", "街", "巷", "弄", "道"};
/* What separates the places of a grid's area ("白云山南路沿线及周边小区、店铺"). */
static const char *const SEPARATORS[] = {"、", "，", ",", "；", ";", "/", "及", "和", " "};

/* The length of the road name at the start of part[0..len): up to the end
 * of the first road suffix, 0 when there is none. */
static size_t road_at(const char *part, size_t len) {
  for (size_t i = 0; i < len; i += seq_len((unsigned char)part[i]))
    for (size_t k = 0; k < sizeof ROAD_ENDS / sizeof ROAD_ENDS[0]; k++) {
      size_t l = strlen(ROAD_ENDS[k]);
      if (i > 0 && i + l <= len && strncmp(part + i, ROAD_ENDS[k], l) == 0) return i + l;
    }
  return 0;
}

/* The best road of area held by address (in characters), 0 for none. */
static long area_roads(const char *address, const char *area) {
  long best = 0;
  const char *p = area;
  while (*p) {
    const char *end = p + strlen(p);
    size_t skip = 0;
    for (size_t k = 0; k < sizeof SEPARATORS / sizeof SEPARATORS[0]; k++) {
      const char *q = strstr(p, SEPARATORS[k]);
      if (q && q < end) end = q, skip = strlen(SEPARATORS[k]);
    }
    long n = held(address, p, road_at(p, (size_t)(end - p)));
    if (n > best) best = n;
    p = *end ? end + skip : end;
  }
  return best;
}

/* The length of name without the endings that name what it is rather than
 * where ("第3网格", "警务室", "派出所"). */
static size_t name_stem(const char *name) {
  static const char *const ENDS[] = {"警务室", "派出所", "网格"};
  size_t len = strlen(name);
  for (size_t k = 0; k < sizeof ENDS / sizeof ENDS[0]; k++) {
    size_t l = strlen(ENDS[k]);
    if (len > l && strcmp(name + len - l, ENDS[k]) == 0) {
      len -= l;
      break;
    }
  }
  /* "文化社区第1" → "文化社区" */
  size_t d = len;
  while (d > 0 && name[d - 1] >= '0' && name[d - 1] <= '9') d--;
  if (d < len && d >= 3 && strncmp(name + d - 3, "第", 3) == 0) len = d - 3;
  return len;
}

long jw_report_place_score(const char *address, const char *name, const char *area) {
  char a[4 * JW_REPORT_FIELD_MAX + 8];
  squeeze(address ? address : "", a, sizeof a);
  if (!a[0]) return 0;
  long best = area ? area_roads(a, area) : 0;
  if (name) {
    long n = held(a, name, name_stem(name));
    if (n > best) best = n;
  }
  return best;
}
