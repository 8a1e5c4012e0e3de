/* residents.c — the rules of a resident record: its sealed ID number and
 * its search text. */
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "community/internal.h"
#include "core/crypto.h"
#include "core/mem.h"
#include "core/validate.h"

char *jw_comm_search_text(struct jw_arena *a, const char *name, const char *phone, const char *address) {
  char *s = jw_arena_printf(a, "%s %s %s", name ? name : "", phone ? phone : "", address ? address : "");
  for (char *p = s; *p; p++)
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
  return s;
}

void jw_comm_resident_seal(struct jw_arena *a, const char *idn, struct jw_resident_row *r) {
  r->id_enc = jw_encrypt(a, idn, &r->id_enc_len);
  jw_blind_index(idn, r->id_bidx);
  r->id_masked = jw_mask_id_number(a, idn);
  r->gender = (idn[16] - '0') % 2 ? "M" : "F";
  r->birth_date = jw_arena_printf(a, "%.4s-%.2s-%.2s", idn + 6, idn + 10, idn + 12);
  r->search = jw_comm_search_text(a, r->name, r->phone, r->address);
}

/* 1 when s is one of the NULL-terminated choices. */
static int one_of(const char *s, const char *const *choices) {
  for (; s && *choices; choices++)
    if (!strcmp(s, *choices)) return 1;
  return 0;
}

/* Adds "field: is longer than max characters / not valid text" for s. */
static void text_field(const char *field, const char *s, long min, long max, struct jw_error *err) {
  if (!s) return;
  long n = jw_utf8_len(s, strlen(s));
  if (n < 0 || jw_text_unsafe(s, strlen(s), !strcmp(field, "note")))
    jw_field_fail(err, field, "is not valid text");
  else if (n > max)
    jw_field_fail(err, field, "is longer than %ld characters", max);
  else if (n < min)
    jw_field_fail(err, field, "is shorter than %ld characters", min);
}

enum jw_code jw_community_resident_check(struct jw_resident_input *in, char norm[19], struct jw_error *err) {
  static const char *const kinds[] = {"registered", "migrant", NULL};
  static const char *const permits[] = {"none", "applied", "valid", "expired", NULL};
  const char *why = NULL;
  if (in->grid_id <= 0) jw_field_fail(err, "grid_id", "must be a positive whole number");
  if (!one_of(in->kind, kinds)) jw_field_fail(err, "kind", "must be registered or migrant");
  if (!in->name) jw_field_fail(err, "name", "is required");
  text_field("name", in->name, 2, 30, err);
  if (!in->id_number || (why = jw_check_id_number(in->id_number, norm)))
    jw_field_fail(err, "id_number", "%s", in->id_number ? why : "is required");
  else
    in->id_number = norm;
  if (in->phone && *in->phone && (why = jw_check_phone(in->phone))) jw_field_fail(err, "phone", "%s", why);
  text_field("address", in->address, 0, 120, err);
  text_field("employer", in->employer, 0, 100, err);
  text_field("native_place", in->native_place, 0, 50, err);
  text_field("note", in->note, 0, 500, err);
  struct jw_date d;
  /* Dates against today, whatever the bureau's zone: a registration may
   * not lie after today where the day starts first (UTC+14), and a permit
   * called valid may not have ended before today where it starts last
   * (UTC-12) — so nothing lawful anywhere is refused. */
  char latest[11], earliest[11];
  long long now = (long long)time(NULL);
  jw_local_date(now, 14 * 60, latest);
  jw_local_date(now, -12 * 60, earliest);
  if (in->registered_on && jw_date_parse(in->registered_on, &d))
    jw_field_fail(err, "registered_on", "must be a date YYYY-MM-DD");
  else if (in->registered_on && strcmp(in->registered_on, latest) > 0)
    jw_field_fail(err, "registered_on", "must not be in the future");
  if (in->permit_expires && jw_date_parse(in->permit_expires, &d))
    jw_field_fail(err, "permit_expires", "must be a date YYYY-MM-DD");
  else if (in->permit_expires && in->permit_status && !strcmp(in->permit_status, "valid") &&
           strcmp(in->permit_expires, earliest) < 0)
    jw_field_fail(err, "permit_expires", "is past: a permit that has ended is not valid (permit_status expired)");
  if (in->permit_status && !one_of(in->permit_status, permits))
    jw_field_fail(err, "permit_status", "is not one of the known values");
  int none = !in->permit_status || !strcmp(in->permit_status, "none");
  if (in->kind && !strcmp(in->kind, "registered") && (in->registered_on || in->permit_expires || !none))
    jw_field_fail(err, "kind", "a registered resident has no residence registration or permit");
  if (in->permit_status && !strcmp(in->permit_status, "valid") && !in->permit_expires)
    jw_field_fail(err, "permit_expires", "a valid permit needs its expiry date");
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}
