/* residents.c — the rules of a resident record: its sealed ID number and
 * its search text. */
#include <string.h>

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
