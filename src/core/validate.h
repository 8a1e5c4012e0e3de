/*
 * validate.h — checks and masks for the personal identifiers citizens give.
 */
#ifndef JW_VALIDATE_H
#define JW_VALIDATE_H

#include <stddef.h>

#include "core/mem.h"

/*
 * Checks a mainland resident ID number (GB 11643-1999): 18 characters, the
 * first 17 digits, a known province code, a real birth date between 1900
 * and today, and the ISO 7064 MOD 11-2 check character (digit or 'X'; a
 * lower-case 'x' is accepted and normalised). Returns NULL when valid, else
 * a static English sentence saying what is wrong. norm (19 bytes, may be
 * NULL) receives the normalised number.
 */
const char *jw_check_id_number(const char *s, char norm[19]);

/* The check character for the first 17 digits of an ID number. */
char jw_id_check_char(const char *first17);

/* Checks a mainland mobile number: 11 digits, 1[3-9]…. NULL when valid. */
const char *jw_check_phone(const char *s);

/* Masks for display: "138****5678", "330102********1234". Arena-owned. */
char *jw_mask_phone(struct jw_arena *a, const char *phone);
char *jw_mask_id_number(struct jw_arena *a, const char *id);

/*
 * Personal data removed from free text a citizen wrote: mobile and ID
 * numbers and other digit runs of 7 or more (phone, bank card, ID) become
 * asterisks, e-mail addresses' local parts too, and each of names (the
 * citizen's name; may be NULL with nnames 0) its surname and 某. *hits (may
 * be NULL) receives how many items were masked. Returns an arena-owned copy.
 */
char *jw_mask_personal(struct jw_arena *a, const char *text, const char *const *names, int nnames, int *hits);

/* Number of code points in s, or -1 if s is not valid UTF-8. */
long jw_utf8_len(const char *s, size_t n);

/* Why the valid UTF-8 text s (n bytes) may not be stored as typed, or NULL
 * when it may: C0 controls (TAB allowed; LF and CR only when multiline),
 * DEL, C1 controls, and the bidirectional overrides and isolates
 * U+202A..U+202E and U+2066..U+2069, which let text display other than it
 * reads (Trojan Source) or paint a terminal. */
const char *jw_text_unsafe(const char *s, size_t n, int multiline);
/* (jw_text_unsafe also refuses the Unicode noncharacters U+FDD0..U+FDEF and
 * U+nFFFE/U+nFFFF of every plane: U+FFFE and U+FFFF are not XML 1.0
 * characters and would break the Open311 XML, and none of them is text.) */

/* 1 when the valid UTF-8 sequence starting at p (n bytes left) encodes a
 * Unicode noncharacter (U+FDD0..U+FDEF, U+nFFFE, U+nFFFF), else 0. */
int jw_noncharacter_at(const unsigned char *p, size_t n);

/* 1 when code point cp is a character of XML 1.0 (Char: TAB, LF, CR,
 * U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF), else 0. */
int jw_xml_char_ok(unsigned cp);

#endif
