/* plate.c — plate types, GA 36 plate patterns, VINs and engine numbers.
 * No database: these run at the edge of every vehicle request. */
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "vehicles/vehicles.h"

const struct jw_plate_type jw_plate_types[] = {
    {"01", "大型汽车"}, {"02", "小型汽车"},       {"07", "普通摩托车"},     {"15", "挂车"}, {"16", "教练汽车"},
    {"23", "警用汽车"}, {"51", "大型新能源汽车"}, {"52", "小型新能源汽车"}, {NULL, NULL},
};

const char *jw_plate_type_name(const char *code) {
  for (int i = 0; code && jw_plate_types[i].code; i++)
    if (strcmp(code, jw_plate_types[i].code) == 0) return jw_plate_types[i].name;
  return NULL;
}

/* The 31 provincial abbreviations (省、自治区、直辖市简称). */
static const char *const provinces[] = {"京", "津", "沪", "渝", "冀", "豫", "云", "辽", "黑", "湘", "皖",
                                        "鲁", "新", "苏", "浙", "赣", "鄂", "桂", "甘", "晋", "蒙", "陕",
                                        "吉", "闽", "贵", "粤", "青", "藏", "川", "宁", "琼"};

/* Serial patterns: one character class per position.
 *   A any allowed letter or digit   L letter   D digit   E D or F (new energy)
 *   G 挂  X 学  J 警 */
struct pattern {
  const char *types; /* codes it applies to, space-separated */
  const char *serial;
  int max_letters; /* among the 'A' positions; -1: no limit */
};
static const struct pattern patterns[] = {
    {"01 02 07", "AAAAA", 2}, {"52", "EADDDD", -1}, {"51", "DDDDDE", -1},
    {"15", "AAAAG", 2},       {"16", "AAAAX", 2},   {"23", "AAAAJ", 2},
};

static int is_letter(char ch) { return ch >= 'A' && ch <= 'Z' && ch != 'I' && ch != 'O'; }
static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* Copies plate into out as printed on it: without spaces (also the
 * ideographic space U+3000), tabs and middle dots, full-width letters and
 * digits (U+FF01-U+FF5E, what a Chinese IME types) made ASCII, letters
 * upper-cased. -1 when it does not fit. */
static int normalise(const char *plate, char out[JW_PLATE_MAX]) {
  size_t k = 0;
  for (const unsigned char *p = (const unsigned char *)plate; *p; p++) {
    if (*p == ' ' || *p == '\t') continue;
    if (p[0] == 0xC2 && p[1] == 0xB7) { /* U+00B7 middle dot */
      p += 1;
      continue;
    }
    if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xA2) { /* U+2022 bullet */
      p += 2;
      continue;
    }
    if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 ideographic space */
      p += 2;
      continue;
    }
    char ch = (char)*p;
    if (p[0] == 0xEF &&
        ((p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF) || (p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9E))) {
      /* U+FF01..U+FF5E is U+0021..U+007E in full width */
      ch = (char)(0x21 + ((p[1] - 0xBC) * 64 + p[2] - 0x81));
      p += 2;
    }
    if (ch >= 'a' && ch <= 'z') ch = (char)(ch - 'a' + 'A');
    if (k + 1 >= JW_PLATE_MAX) return -1;
    out[k++] = ch;
  }
  out[k] = '\0';
  return 0;
}

/* Matches serial (after province and office letter) against a pattern. */
static const char *match_serial(const char *s, const struct pattern *pt) {
  int letters = 0;
  for (size_t i = 0; pt->serial[i]; i++) {
    static const struct {
      char cls;
      const char *word;
    } words[] = {{'G', "挂"}, {'X', "学"}, {'J', "警"}};
    char cls = pt->serial[i];
    int matched = 0;
    for (size_t w = 0; w < 3; w++)
      if (cls == words[w].cls) {
        size_t n = strlen(words[w].word);
        if (strncmp(s, words[w].word, n) != 0) return "does not end with the character this plate type requires";
        s += n;
        matched = 1;
      }
    if (matched) continue;
    char ch = *s;
    if (ch == 'I' || ch == 'O') return "must not contain the letters I or O";
    if (!ch) return "is too short for its plate type";
    if (cls == 'A' && !is_letter(ch) && !is_digit(ch)) return "may only contain letters and digits after the province";
    if (cls == 'D' && !is_digit(ch)) return "has a letter where this plate type needs a digit";
    if (cls == 'L' && !is_letter(ch)) return "has a digit where this plate type needs a letter";
    if (cls == 'E' && ch != 'D' && ch != 'F') return "is not a new-energy plate (D or F expected)";
    if (cls == 'A' && is_letter(ch)) letters++;
    s++;
  }
  if (*s) return "is too long for its plate type";
  if (pt->max_letters >= 0 && letters > pt->max_letters) return "has more than two letters in its serial";
  return NULL;
}

const char *jw_check_plate(const char *type_code, const char *plate, char norm[JW_PLATE_MAX]) {
  char buf[JW_PLATE_MAX];
  if (!plate || !*plate) return "is required";
  if (normalise(plate, buf) != 0) return "is too long";
  const struct pattern *pt = NULL;
  for (size_t i = 0; type_code && i < sizeof patterns / sizeof patterns[0] && !pt; i++) {
    for (const char *t = patterns[i].types; *t; t += t[2] ? 3 : 2)
      if (strlen(type_code) == 2 && strncmp(t, type_code, 2) == 0) pt = &patterns[i];
  }
  if (!pt) return "has a plate type this service does not know";
  const char *p = buf;
  size_t i;
  for (i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
    if (strncmp(p, provinces[i], strlen(provinces[i])) == 0) break;
  if (i == sizeof provinces / sizeof provinces[0]) return "must start with a province abbreviation such as 浙";
  p += strlen(provinces[i]);
  /* The province typed again in the box beside a province picker
   * ("浙" + "浙J12345"): the same plate. */
  if (strncmp(p, provinces[i], strlen(provinces[i])) == 0) {
    memmove(buf + (p - buf), p + strlen(provinces[i]), strlen(p + strlen(provinces[i])) + 1);
  }
  if (*p == 'I' || *p == 'O') return "must not contain the letters I or O";
  if (!is_letter(*p)) return "needs the issuing office's letter after the province (浙J…)";
  const char *why = match_serial(p + 1, pt);
  if (why) return why;
  if (norm) snprintf(norm, JW_PLATE_MAX, "%s", buf);
  return NULL;
}

const char *jw_check_plate_any(const char *plate, char norm[JW_PLATE_MAX]) {
  for (size_t i = 0; jw_plate_types[i].code; i++)
    if (jw_check_plate(jw_plate_types[i].code, plate, norm) == NULL) return NULL;
  return "must be a plate number such as 浙J12345";
}

/* GB 16735 transliteration and weights. */
static int vin_value(char ch) {
  if (is_digit(ch)) return ch - '0';
  static const char letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";
  static const int values[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
  const char *p = ch ? strchr(letters, ch) : NULL;
  return p ? values[p - letters] : -1;
}

char jw_vin_check_char(const char *vin) {
  static const int weights[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (int i = 0; i < 17; i++) {
    if (i == 8) continue;
    int v = vin_value(vin[i]);
    if (v < 0) return '?';
    sum += v * weights[i];
  }
  int r = sum % 11;
  return r == 10 ? 'X' : (char)('0' + r);
}

const char *jw_check_vin(const char *vin, char norm[18]) {
  char buf[18];
  if (!vin || strlen(vin) != 17) return "must have exactly 17 characters";
  for (int i = 0; i < 17; i++) {
    char ch = vin[i];
    if (ch >= 'a' && ch <= 'z') ch = (char)(ch - 'a' + 'A');
    if (ch == 'I' || ch == 'O' || ch == 'Q') return "must not contain the letters I, O or Q";
    if (vin_value(ch) < 0) return "may only contain letters and digits";
    buf[i] = ch;
  }
  buf[17] = '\0';
  if (jw_vin_check_char(buf) != buf[8]) return "has a wrong check character (position 9)";
  if (norm) memcpy(norm, buf, 18);
  return NULL;
}

const char *jw_check_engine6(const char *s, char norm[7]) {
  if (!s || strlen(s) != 6) return "must be the last six characters of the engine number";
  for (int i = 0; i < 6; i++) {
    char ch = s[i];
    if (ch >= 'a' && ch <= 'z') ch = (char)(ch - 'a' + 'A');
    if (!is_digit(ch) && !(ch >= 'A' && ch <= 'Z')) return "may only contain letters and digits";
    if (norm) norm[i] = ch;
  }
  if (norm) norm[6] = '\0';
  return NULL;
}

const char *jw_inspection_state(const char *due_day, const char *today) {
  struct jw_date due, now;
  if (jw_date_parse(due_day, &due) != 0 || jw_date_parse(today, &now) != 0) return "ok";
  long days = jw_date_serial(due) - jw_date_serial(now);
  return days < 0 ? "overdue" : days <= 90 ? "due" : "ok";
}
