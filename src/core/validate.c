/* validate.c — ID number and phone checks, masks, UTF-8 length. */
#include "core/validate.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

/* Province-level codes of GB/T 2260 (the first two digits). */
static int known_province(int p) {
  static const unsigned char codes[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
                                        44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
  for (size_t i = 0; i < sizeof codes; i++)
    if (codes[i] == p) return 1;
  return 0;
}

char jw_id_check_char(const char *first17) {
  static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char map[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; i++) sum += (first17[i] - '0') * weights[i];
  return map[sum % 11];
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int valid_date(int y, int m, int d) {
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return 0;
  int max = mdays[m - 1] + (m == 2 && is_leap(y));
  return d <= max;
}

const char *jw_check_id_number(const char *s, char norm[19]) {
  if (strlen(s) != 18) return "An ID number has 18 characters.";
  for (int i = 0; i < 17; i++)
    if (s[i] < '0' || s[i] > '9') return "The first 17 characters of an ID number are digits.";
  char last = s[17] == 'x' ? 'X' : s[17];
  if (!(last == 'X' || (last >= '0' && last <= '9'))) return "The last character of an ID number is a digit or X.";
  if (!known_province((s[0] - '0') * 10 + (s[1] - '0'))) return "The ID number's region code is unknown.";
  int y = 0, m = 0, d = 0;
  for (int i = 6; i < 10; i++) y = y * 10 + (s[i] - '0');
  for (int i = 10; i < 12; i++) m = m * 10 + (s[i] - '0');
  for (int i = 12; i < 14; i++) d = d * 10 + (s[i] - '0');
  /* Not born after today where the day starts first (UTC+14): a child born
   * today in the bureau's zone is accepted whatever the zone, and no date
   * that has not begun anywhere yet is. */
  time_t now = time(NULL) + 14 * 3600;
  struct tm tm;
  gmtime_r(&now, &tm);
  int today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
  if (y < 1900 || !valid_date(y, m, d) || y * 10000 + m * 100 + d > today)
    return "The ID number's date of birth is not a real date.";
  if (jw_id_check_char(s) != last) return "The ID number's check character is wrong.";
  if (norm) {
    memcpy(norm, s, 17);
    norm[17] = last;
    norm[18] = '\0';
  }
  return NULL;
}

const char *jw_check_phone(const char *s) {
  if (strlen(s) != 11) return "A mobile number has 11 digits.";
  for (int i = 0; i < 11; i++)
    if (s[i] < '0' || s[i] > '9') return "A mobile number has only digits.";
  if (s[0] != '1' || s[1] < '3') return "A mainland mobile number starts with 13 to 19.";
  return NULL;
}

static char *mask(struct jw_arena *a, const char *s, size_t keep_head, size_t keep_tail) {
  size_t n = strlen(s);
  char *out = jw_arena_strdup(a, s);
  if (n <= keep_head + keep_tail) {
    memset(out, '*', n);
    return out;
  }
  memset(out + keep_head, '*', n - keep_head - keep_tail);
  return out;
}

char *jw_mask_phone(struct jw_arena *a, const char *phone) { return mask(a, phone, 3, 4); }
char *jw_mask_id_number(struct jw_arena *a, const char *id) { return mask(a, id, 6, 4); }

long jw_utf8_len(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  long count = 0;
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    size_t len;
    unsigned min;
    unsigned cp;
    if (c < 0x80) {
      i++;
      count++;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return -1;
    }
    if (i + len > n) return -1;
    for (size_t k = 1; k < len; k++) {
      if ((p[i + k] & 0xC0) != 0x80) return -1;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    i += len;
    count++;
  }
  return count;
}

const char *jw_text_unsafe(const char *s, size_t n, int multiline) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = p[i];
    if (c == '\t') continue;
    if (c == '\n' || c == '\r') {
      if (multiline) continue;
      return "must be one line";
    }
    if (c < 0x20 || c == 0x7F) return "must not contain control characters";
    /* C1 controls: U+0080..U+009F are C2 80..C2 9F. */
    if (c == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) return "must not contain control characters";
    /* U+202A..U+202E are E2 80 AA..AE; U+2066..U+2069 are E2 81 A6..A9. */
    if (c == 0xE2 && i + 2 < n &&
        ((p[i + 1] == 0x80 && p[i + 2] >= 0xAA && p[i + 2] <= 0xAE) ||
         (p[i + 1] == 0x81 && p[i + 2] >= 0xA6 && p[i + 2] <= 0xA9)))
      return "must not contain bidirectional text controls";
    if (c >= 0xEF && jw_noncharacter_at(p + i, n - i)) return "must not contain Unicode noncharacters (such as U+FFFE)";
  }
  return NULL;
}

int jw_noncharacter_at(const unsigned char *p, size_t n) {
  /* U+FDD0..U+FDEF: EF B7 90..AF; U+FFFE, U+FFFF: EF BF BE..BF. */
  if (p[0] == 0xEF && n >= 3)
    return (p[1] == 0xB7 && p[2] >= 0x90 && p[2] <= 0xAF) || (p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF));
  /* U+nFFFE, U+nFFFF of planes 1-16: F0..F4, then xx BF BE..BF with the
   * low four bits of the plane in the second byte's low nibble all set. */
  if (p[0] >= 0xF0 && p[0] <= 0xF4 && n >= 4)
    return (p[1] & 0x0F) == 0x0F && p[2] == 0xBF && (p[3] == 0xBE || p[3] == 0xBF);
  return 0;
}

int jw_xml_char_ok(unsigned cp) {
  if (cp == 0x9 || cp == 0xA || cp == 0xD) return 1;
  if (cp < 0x20) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  if (cp == 0xFFFE || cp == 0xFFFF) return 0;
  return cp <= 0x10FFFF;
}

/* ---- personal data in free text ---- */

/* Bytes of the UTF-8 character that starts with byte b (1 for a stray byte). */
static size_t mask_char_len(unsigned char b) {
  if (b >= 0xF0) return 4;
  if (b >= 0xE0) return 3;
  if (b >= 0xC0) return 2;
  return 1;
}

static int local_char(unsigned char ch) { return isalnum(ch) || strchr("._%+-", ch); }

/* Length of a name at s (0 when none of names starts there). */
static size_t name_at(const char *s, const char *const *names, int nnames) {
  for (int k = 0; k < nnames; k++) {
    size_t n = strlen(names[k]);
    /* A one-character name would mask every use of a common character. */
    if (n > mask_char_len((unsigned char)names[k][0]) && strncmp(s, names[k], n) == 0) return n;
  }
  return 0;
}

char *jw_mask_personal(struct jw_arena *a, const char *text, const char *const *names, int nnames, int *hits) {
  size_t len = strlen(text);
  char *out = jw_arena_alloc(a, len + 1), *o = out;
  int n = 0;
  size_t no_mail_until = 0; /* the local-part run at i is known not to be an e-mail address */
  for (size_t i = 0; i < len;) {
    const unsigned char ch = (unsigned char)text[i];
    size_t nl = name_at(text + i, names, nnames);
    if (nl) { /* 王小明 → 王某 */
      size_t first = mask_char_len((unsigned char)text[i]);
      memcpy(o, text + i, first);
      o += first;
      memcpy(o, "某", strlen("某"));
      o += strlen("某");
      i += nl, n++;
      continue;
    }
    if (i >= no_mail_until && local_char(ch)) {
      size_t j = i;
      while (j < len && local_char((unsigned char)text[j])) j++;
      if (j < len && text[j] == '@' && isalnum((unsigned char)text[j + 1])) {
        memset(o, '*', j - i);
        o += j - i;
        i = j, n++;
        continue;
      }
      no_mail_until = j;
    }
    if (isdigit(ch)) {
      size_t j = i;
      while (j < len && isdigit((unsigned char)text[j])) j++;
      if (j - i == 17 && (text[j] == 'X' || text[j] == 'x')) j++; /* an ID number's check character */
      if (j - i >= 7) {                                           /* phone, ID, bank card, plate-free long numbers */
        memset(o, '*', j - i);
        n++;
      } else {
        memcpy(o, text + i, j - i);
      }
      o += j - i;
      i = j;
      continue;
    }
    *o++ = (char)ch;
    i++;
  }
  *o = '\0';
  if (hits) *hits = n;
  return out;
}
