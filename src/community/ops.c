/* ops.c — residents and grids as the API and other domains use them: the
 * scope decides what a user sees, every personal read and every change is
 * audited in the same transaction. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "calendar/calendar.h"
#include "community/internal.h"
#include "community/store.h"
#include "community/store_read.h"
#include "core/crypto.h"
#include "core/mem.h"
#include "core/validate.h"

/* today and today + 30 in the bureau's zone, "YYYY-MM-DD". */
static void today_and_30(int tz, char today[11], char in30[11]) {
  struct jw_date d = jw_date_of_time((long long)time(NULL), tz);
  jw_date_format(d, today);
  jw_date_format(jw_date_add_days(d, 30), in30);
}

static enum jw_code audit(struct jw_conn *c, const struct jw_community_actor *who, const char *action, const char *type,
                          int64_t id, const char *detail, struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {
      who->user ? who->user->id : 0, who->user ? who->user->login : "cli", action, type, oid, detail, who->ip};
  return jw_audit_write(c, &e, err);
}

/* ---- residents ---- */

enum jw_code jw_community_residents(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int tz_offset_min,
                                    const struct jw_resident_filter *f, struct jw_resident_row **out, size_t *n,
                                    int64_t *next, struct jw_error *err) {
  *out = NULL;
  *n = 0;
  *next = 0;
  struct jw_comm_scope sc;
  if (jw_comm_scope_of(c, a, u, &sc, err) != JW_OK) return err->code;
  if (f->grid_id && jw_comm_grid_check(c, u, f->grid_id, err) != JW_OK) return err->code;
  if (sc.kind == SCOPE_NONE) return JW_OK;
  char norm[19];
  if (f->q && strlen(f->q) == 18 && !jw_check_id_number(f->q, norm)) {
    /* One person, found by the blind index, shown when in scope and in the filters. */
    unsigned char bidx[JW_HASH_BYTES];
    jw_blind_index(norm, bidx);
    struct jw_resident_row *r = jw_arena_alloc(a, sizeof *r);
    enum jw_code rc = jw_comm_store_resident_by_bidx(c, a, bidx, r, err);
    if (rc == JW_E_NOT_FOUND) {
      jw_error_clear(err);
      return JW_OK;
    }
    if (rc != JW_OK) return rc;
    int v = jw_community_grid_visible(c, u, r->grid_id, err);
    if (v < 0) return err->code;
    if (v && (!f->grid_id || f->grid_id == r->grid_id) && (!f->kind || !strcmp(f->kind, r->kind))) {
      *out = r;
      *n = 1;
    }
    return JW_OK;
  }
  char today[11], in30[11];
  today_and_30(tz_offset_min, today, in30);
  struct jw_comm_query q = {.grid_id = f->grid_id,
                            .kind = f->kind,
                            .q = f->q,
                            .expiring_from = f->expiring ? today : NULL,
                            .expiring_to = f->expiring ? in30 : NULL,
                            .cursor = f->cursor,
                            .limit = f->limit};
  if (jw_comm_store_residents(c, a, &sc, &q, out, n, err) != JW_OK) return err->code;
  if (*n > (size_t)f->limit) {
    *n = (size_t)f->limit;
    *next = (*out)[*n - 1].id;
  }
  return JW_OK;
}

/* What a search for q reveals about one person: an ID number (the blind
 * index finds that person) or a run of 7 or more digits (a phone number).
 * Returns the masked form for the audit row, or NULL for a search by name,
 * address or a shorter fragment. */
static const char *personal_query(struct jw_arena *a, const char *q) {
  if (!q) return NULL;
  char norm[19];
  if (strlen(q) == 18 && !jw_check_id_number(q, norm))
    return jw_arena_printf(a, "ID number %s", jw_mask_id_number(a, norm));
  size_t n = strlen(q), digits = 0;
  for (size_t i = 0; i < n; i++) digits += q[i] >= '0' && q[i] <= '9';
  if (digits >= 7 && digits == n) return jw_arena_printf(a, "phone %s", jw_mask_phone(a, q));
  return NULL;
}

struct search_tx {
  const struct jw_community_actor *who;
  const char *what;
  size_t found;
};

static enum jw_code search_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct search_tx *t = arg;
  struct jw_arena a = {0};
  enum jw_code rc = audit(c, t->who, "resident.search", "resident", 0,
                          jw_arena_printf(&a, "search by %s: %zu found", t->what, t->found), err);
  jw_arena_free(&a);
  return rc;
}

enum jw_code jw_community_search_audit(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                       const char *q, size_t found, struct jw_error *err) {
  struct search_tx t = {who, personal_query(a, q), found};
  if (!t.what) return JW_OK;
  return jw_tx(c, search_in_tx, &t, err);
}

struct read_tx {
  struct jw_arena *a;
  const struct jw_community_actor *who;
  int64_t id;
  struct jw_resident_row *out;
  const char **id_number;
  struct jw_group **groups;
  size_t *ngroups;
};

static enum jw_code read_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct read_tx *t = arg;
  if (jw_comm_store_resident(c, t->a, t->id, t->out, err) != JW_OK) return err->code;
  int v = jw_community_grid_visible(c, t->who->user, t->out->grid_id, err);
  if (v < 0) return err->code;
  if (!v) return jw_fail(err, JW_E_NOT_FOUND, "There is no such resident.");
  *t->id_number = jw_decrypt(t->a, t->out->id_enc, t->out->id_enc_len);
  if (!*t->id_number)
    return jw_fail(err, JW_E_INTERNAL, "resident %lld: the ID number does not decrypt", (long long)t->id);
  if (jw_comm_store_groups_of(c, t->a, t->id, t->groups, t->ngroups, err) != JW_OK) return err->code;
  return audit(c, t->who, "resident.read", "resident", t->id, "personal record read", err);
}

enum jw_code jw_community_resident_read(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                        int64_t id, struct jw_resident_row *out, const char **id_number,
                                        struct jw_group **groups, size_t *ngroups, struct jw_error *err) {
  struct read_tx t = {a, who, id, out, id_number, groups, ngroups};
  return jw_tx(c, read_in_tx, &t, err);
}

struct write_tx {
  struct jw_arena *a;
  const struct jw_community_actor *who;
  const struct jw_resident_input *in;
  int64_t id;     /* 0: create */
  int64_t dup_id; /* set when the ID number is another resident's (the 409) */
};

/* The row for in, checked against the scope: grid and house. */
static enum jw_code build_row(struct jw_conn *c, struct write_tx *t, struct jw_resident_row *r, struct jw_error *err) {
  const struct jw_resident_input *in = t->in;
  int v = jw_community_grid_visible(c, t->who->user, in->grid_id, err);
  if (v < 0) return err->code;
  if (!v) {
    jw_field_fail(err, "grid_id", "is not a grid you work");
    return JW_E_VALIDATION;
  }
  struct jw_grid g;
  if (jw_comm_store_grid(c, t->a, in->grid_id, &g, err) != JW_OK) return err->code;
  if (in->house_id) {
    struct jw_house h;
    enum jw_code rc = jw_comm_store_house(c, t->a, in->house_id, &h, err);
    if (rc != JW_OK && rc != JW_E_NOT_FOUND) return rc;
    if (rc == JW_E_NOT_FOUND || h.grid_id != in->grid_id) {
      jw_error_clear(err);
      jw_field_fail(err, "house_id", "is not a rental house of this grid");
      return JW_E_VALIDATION;
    }
  }
  int64_t now = (int64_t)time(NULL);
  *r = (struct jw_resident_row){.id = t->id,
                                .grid_id = in->grid_id,
                                .unit_path = g.unit_path,
                                .kind = in->kind,
                                .name = in->name,
                                .phone = in->phone ? in->phone : "",
                                .address = in->address ? in->address : "",
                                .house_id = in->house_id,
                                .employer = in->employer,
                                .native_place = in->native_place,
                                .registered_on = in->registered_on,
                                .permit_status = in->permit_status ? in->permit_status : "none",
                                .permit_expires = in->permit_expires,
                                .note = in->note,
                                .created_at = now,
                                .updated_at = now};
  jw_comm_resident_seal(t->a, in->id_number, r);
  return JW_OK;
}

/* The ID number of r is recorded already (as another resident than t->id)?
 * Then 409, naming that record when the user may see it. Looked up before
 * the write: on PostgreSQL a failed INSERT aborts the transaction, so the
 * UNIQUE index is the guard against a race only (then the answer names no
 * record). */
static enum jw_code duplicate(struct jw_conn *c, struct write_tx *t, const struct jw_resident_row *r,
                              struct jw_error *err) {
  struct jw_resident_row old;
  enum jw_code rc = jw_comm_store_resident_by_bidx(c, t->a, r->id_bidx, &old, err);
  if (rc == JW_E_NOT_FOUND) {
    jw_error_clear(err);
    return JW_OK;
  }
  if (rc != JW_OK) return rc;
  if (old.id == t->id) return JW_OK;
  t->dup_id = old.id;
  int v = jw_community_grid_visible(c, t->who->user, old.grid_id, err);
  if (v < 0) return err->code;
  if (v)
    return jw_fail(err, JW_E_CONFLICT, "This ID number is recorded already: resident %lld (%s).", (long long)old.id,
                   old.name);
  return jw_fail(err, JW_E_CONFLICT, "This ID number is recorded already, in a grid you do not work.");
}

static enum jw_code race(enum jw_code rc, struct jw_error *err) {
  if (rc == JW_E_CONFLICT)
    return jw_fail(err, JW_E_CONFLICT, "This ID number is recorded already, in a grid you do not work.");
  return rc;
}

static enum jw_code create_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct write_tx *t = arg;
  struct jw_resident_row r;
  if (build_row(c, t, &r, err) != JW_OK) return err->code;
  int64_t id = 0;
  if (duplicate(c, t, &r, err) != JW_OK) return err->code;
  enum jw_code rc = race(jw_comm_store_resident_insert(c, &r, 0, &id, err), err);
  if (rc != JW_OK) return rc;
  t->id = id;
  return audit(c, t->who, "resident.create", "resident", id, r.kind, err);
}

/* The 409 tells whether an ID number is on record anywhere, in grids the
 * user does not work too: each such answer leaves an audit row
 * ("resident.duplicate" on the record found), written after the refused
 * change rolled back. */
static enum jw_code probe_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct write_tx *t = arg;
  return audit(c, t->who, "resident.duplicate", "resident", t->dup_id,
               t->id ? "ID number already recorded (update refused)" : "ID number already recorded (create refused)",
               err);
}

static enum jw_code audit_probe(struct jw_conn *c, struct write_tx *t, enum jw_code rc, struct jw_error *err) {
  if (rc != JW_E_CONFLICT || !t->dup_id) return rc;
  struct jw_error e2 = {0};
  if (jw_tx(c, probe_in_tx, t, &e2) != JW_OK) {
    *err = e2; /* no answer without its audit row */
    return err->code;
  }
  return rc;
}

enum jw_code jw_community_resident_create(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                          const struct jw_resident_input *in, int64_t *id, struct jw_error *err) {
  struct write_tx t = {a, who, in, 0, 0};
  enum jw_code rc = audit_probe(c, &t, jw_tx(c, create_in_tx, &t, err), err);
  if (rc == JW_OK) *id = t.id;
  return rc;
}

enum jw_code jw_community_resident_add(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                       const struct jw_resident_input *in, int64_t *id, struct jw_error *err) {
  struct write_tx t = {a, who, in, 0, 0};
  enum jw_code rc = create_in_tx(c, &t, err);
  if (rc == JW_OK) *id = t.id;
  return rc;
}

static enum jw_code update_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct write_tx *t = arg;
  struct jw_resident_row old, r;
  if (jw_comm_store_resident(c, t->a, t->id, &old, err) != JW_OK) return err->code;
  int v = jw_community_grid_visible(c, t->who->user, old.grid_id, err);
  if (v < 0) return err->code;
  if (!v) return jw_fail(err, JW_E_NOT_FOUND, "There is no such resident.");
  if (build_row(c, t, &r, err) != JW_OK) return err->code;
  r.created_at = old.created_at;
  if (duplicate(c, t, &r, err) != JW_OK) return err->code;
  enum jw_code rc = race(jw_comm_store_resident_update(c, &r, err), err);
  if (rc != JW_OK) return rc;
  return audit(c, t->who, "resident.update", "resident", t->id, r.kind, err);
}

enum jw_code jw_community_resident_update(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                          int64_t id, const struct jw_resident_input *in, struct jw_error *err) {
  struct write_tx t = {a, who, in, id, 0};
  return audit_probe(c, &t, jw_tx(c, update_in_tx, &t, err), err);
}

enum jw_code jw_community_resident_replace(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                           int64_t id, const struct jw_resident_input *in, struct jw_error *err) {
  struct write_tx t = {a, who, in, id, 0};
  return update_in_tx(c, &t, err);
}

/* ---- grids ---- */

enum jw_code jw_community_grids(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, struct jw_grid **out,
                                size_t *n, struct jw_error *err) {
  *out = NULL;
  *n = 0;
  struct jw_comm_scope sc;
  if (jw_comm_scope_of(c, a, u, &sc, err) != JW_OK) return err->code;
  if (sc.kind == SCOPE_NONE) return JW_OK;
  return jw_comm_store_grids(c, a, &sc, out, n, err);
}

enum jw_code jw_community_grid(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int64_t id,
                               struct jw_grid *out, struct jw_error *err) {
  if (jw_comm_grid_check(c, u, id, err) != JW_OK) return err->code;
  return jw_comm_store_grid(c, a, id, out, err);
}

enum jw_code jw_community_grid_stats(struct jw_conn *c, const struct jw_user *u, int64_t id, int tz_offset_min,
                                     struct jw_community_stats *out, struct jw_error *err) {
  if (jw_comm_grid_check(c, u, id, err) != JW_OK) return err->code;
  char today[11], in30[11];
  today_and_30(tz_offset_min, today, in30);
  if (jw_comm_store_grid_stats(c, id, today, in30, out, err) != JW_OK) return err->code;
  if (jw_community_visits_hook) {
    char first[11];
    memcpy(first, today, 8);
    memcpy(first + 8, "01", 3);
    int64_t v = jw_community_visits_hook(c, id, first, err);
    if (v < 0) return err->code;
    out->visits_month = v;
  }
  return JW_OK;
}

enum jw_code jw_community_grid_members(struct jw_conn *c, struct jw_arena *a, int64_t grid_id,
                                       struct jw_community_member **out, size_t *n, struct jw_error *err) {
  return jw_comm_store_grid_members(c, a, grid_id, out, n, err);
}
