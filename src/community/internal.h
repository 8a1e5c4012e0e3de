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

/* What a user's data scope is, decided once per request. */
struct jw_comm_scope {
  enum { SCOPE_NONE, SCOPE_GRIDS, SCOPE_PATH } kind;
  int64_t officer;      /* SCOPE_GRIDS: the officer record whose grids these are */
  const char *path;     /* SCOPE_PATH: the unit path prefix … */
  const char *path_end; /* … and jw_db_prefix_end(path) */
};

/* u's scope into *s (strings in a). JW_OK or a database error's code. */
enum jw_code jw_comm_scope_of(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, struct jw_comm_scope *s,
                              struct jw_error *err);

/* JW_OK when u may see grid_id, JW_E_NOT_FOUND ("There is no such grid.") when not or missing. */
enum jw_code jw_comm_grid_check(struct jw_conn *c, const struct jw_user *u, int64_t grid_id, struct jw_error *err);

#endif
