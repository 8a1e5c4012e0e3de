/* internal.h — what the community domain's files share and nobody else
 * needs: building a resident row from its plain values. */
#ifndef JW_COMMUNITY_INTERNAL_H
#define JW_COMMUNITY_INTERNAL_H

#include "community/community.h"

/*
 * Fills the ID-number columns of r from the valid, normalised ID number
 * idn (jw_check_id_number): id_enc (encrypted), id_bidx, id_masked, gender
 * and birth_date; and r->search from r->name, r->phone and r->address
 * (set those first). Strings arena-owned.
 */
void jw_comm_resident_seal(struct jw_arena *a, const char *idn, struct jw_resident_row *r);

/* The search text of name, phone and address: ASCII lower-cased, joined by
 * a space. Arena-owned. */
char *jw_comm_search_text(struct jw_arena *a, const char *name, const char *phone, const char *address);

#endif
