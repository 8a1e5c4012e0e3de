/*
 * directory.h — the police directory: units (a tree from the bureau down to
 * village police offices) and the officers who serve in them.
 *
 * The domain's header: plain values and operations on a struct jw_conn, so
 * the handlers (units_api.c, officers_api.c), the seed, the command line and other
 * domains call the same functions. No HTTP and no JSON here; the SQL is in
 * directory/store.c, the in-memory snapshot of the public listing in
 * directory/cache.h.
 */
#ifndef JW_DIRECTORY_H
#define JW_DIRECTORY_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

/* Unit kinds as the API spells them; NULL-terminated. */
extern const char *const jw_unit_kinds[];
/* Officer kinds ("police", "auxiliary"); NULL-terminated. */
extern const char *const jw_officer_kinds[];

/*
 * Who makes a change, for the audit row written in the same transaction:
 * user may be NULL (the command line, the seed), ip may be NULL. Borrowed.
 */
struct jw_dir_actor {
  const struct jw_user *user;
  const char *ip;
};

/* A unit as stored. Strings are arena-owned (or static) where a function returns one. */
struct jw_unit {
  int64_t id;
  int64_t parent_id; /* 0: the root (the bureau) */
  const char *kind, *name, *address, *phone, *hours;
  int has_lat, has_lng;   /* 0: no coordinate stored */
  int64_t lat_e6, lng_e6; /* degrees × 10^6 */
  int64_t sort;
  const char *path; /* "/1/4/17/"; NULL where the read does not give it */
};

/* A unit to create or the new values of one (the API's body, the seed). */
struct jw_new_unit {
  int64_t parent_id;
  const char *kind, *name, *address, *phone, *hours; /* address, phone, hours may be NULL: "" */
  int has_coords;
  double lat, lng; /* degrees, stored rounded to 10^-6 */
  int64_t sort;
};

/* One step of a unit's ancestry (GET /units/{id}). */
struct jw_unit_ref {
  int64_t id;
  const char *name, *kind;
};

/* The filters of the unit list; a 0 / NULL filter is not applied. */
struct jw_unit_filter {
  int64_t parent_id;
  const char *kind;
  const char *q; /* a substring of the name */
};

/* The path ("/1/4/17/") of unit_id into *path (arena-owned);
 * JW_E_NOT_FOUND when there is no such unit (err set, *path untouched). */
enum jw_code jw_unit_path(struct jw_conn *c, struct jw_arena *a, int64_t unit_id, const char **path,
                          struct jw_error *err);

/* Creates a unit below u->parent_id (0: the root) and sets its path, inside
 * the caller's transaction on c (the seed's). *id receives the new id.
 * Returns JW_OK or the code with err set. Writes no audit row and does not
 * bump the directory's version (jw_unit_create() does both). */
enum jw_code jw_unit_insert(struct jw_conn *c, const struct jw_new_unit *u, int64_t *id, struct jw_error *err);

/*
 * Moves the subtree at old_path ("/1/4/17/") to new_path ("/1/6/17/"):
 * rewrites the path of every unit in it and every stored copy of those
 * paths (SQL_PATH_MOVES in store.c: applications.unit_path,
 * application_followups.unit_path), so that data scope follows the move at
 * once. Call inside the transaction that changes the unit's parent.
 * a: scratch (arena). Returns JW_OK or the code with err set.
 */
enum jw_code jw_unit_move(struct jw_conn *c, struct jw_arena *a, const char *old_path, const char *new_path,
                          struct jw_error *err);

/*
 * Every unit, in sibling order (sort, id), into an array allocated in arena
 * a (*out, strings arena-owned; path not read) and its length (*n). Returns
 * JW_OK, or the code with err set and *out, *n untouched.
 */
enum jw_code jw_units_all(struct jw_conn *c, struct jw_arena *a, struct jw_unit **out, size_t *n, struct jw_error *err);

/*
 * The units f selects in sibling order, skipping offset and returning at
 * most limit + 1 (one more than a page, so the caller knows whether another
 * page follows), as jw_units_all() returns them.
 */
enum jw_code jw_units_find(struct jw_conn *c, struct jw_arena *a, const struct jw_unit_filter *f, int64_t limit,
                           int64_t offset, struct jw_unit **out, size_t *n, struct jw_error *err);

/*
 * Unit id with its path into *out (strings arena-owned), its ancestors from
 * the root down into *anc / *nanc (arena array; NULL to skip them and the
 * counts), how many direct sub-units it has (*children) and how many
 * officers serve in its subtree (*officers). JW_E_NOT_FOUND (err set) when
 * there is no such unit; on failure the outputs are undefined.
 */
enum jw_code jw_unit_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_unit *out,
                         struct jw_unit_ref **anc, size_t *nanc, int64_t *children, int64_t *officers,
                         struct jw_error *err);

/* Creates u (jw_unit_insert()), bumps the directory's version and writes the
 * "unit.create" audit row for who, in one transaction on c. *id receives the
 * new id. Returns JW_OK or the code with err set and nothing written. */
enum jw_code jw_unit_create(struct jw_conn *c, const struct jw_new_unit *u, const struct jw_dir_actor *who, int64_t *id,
                            struct jw_error *err);

/*
 * Gives unit id (now at old_path) the values u, whose parent is at
 * parent_path: when that moves the unit, its subtree and every copy of its
 * paths move with it (jw_unit_move()). Bumps the version and writes the
 * "unit.update" audit row for who, in one transaction on c. The caller has
 * checked that parent_path is not inside old_path. a: scratch. Returns
 * JW_OK or the code with err set and nothing written.
 */
enum jw_code jw_unit_update(struct jw_conn *c, struct jw_arena *a, int64_t id, const char *old_path,
                            const struct jw_new_unit *u, const char *parent_path, const struct jw_dir_actor *who,
                            struct jw_error *err);

/* Deletes unit id, bumps the version and writes the "unit.delete" audit row
 * for who, in one transaction on c. JW_E_CONFLICT (err set, nothing written)
 * while sub-units, officers or staff accounts belong to it. */
enum jw_code jw_unit_delete(struct jw_conn *c, int64_t id, const struct jw_dir_actor *who, struct jw_error *err);

/* An officer as the directory shows it. Strings arena-owned (or the snapshot's). */
struct jw_officer {
  int64_t id, unit_id;
  const char *unit_name, *name;
  const char *badge_no; /* NULL for auxiliaries */
  const char *title, *kind, *duty_area, *office_hours, *intro;
  int accepts_appointments;
};

/* The unit of an officer, as GET /officers/{id} shows it. */
struct jw_officer_unit {
  int64_t id;
  const char *name, *kind, *address, *phone, *hours, *path;
};

/* An officer to create or the new values of one. */
struct jw_new_officer {
  int64_t unit_id;
  const char *name, *kind, *badge_no, *title, *duty_area, *office_hours, *intro; /* badge_no .. intro may be NULL */
  int accepts_appointments;
  int64_t rank;
};

/* What the directory search matches against: name, badge number and
 * title in one string. Arena-owned. */
char *jw_officer_search_text(struct jw_arena *a, const struct jw_new_officer *o);
/* The officer's place in directory listings: police before auxiliaries,
 * then by unit, then by rank (a single indexed key, so that a page of the
 * listing is read in order without sorting). */
int64_t jw_officer_list_order(const struct jw_new_officer *o);

/* Inserts an officer inside the caller's transaction on c (the seed's);
 * *id receives the new id. JW_E_CONFLICT (err set) when the badge number
 * is taken. No audit row, no version bump (jw_officer_create() does both). */
enum jw_code jw_officer_insert(struct jw_conn *c, const struct jw_new_officer *o, int64_t *id, struct jw_error *err);

/* Officer id into *o and its unit into *unit (may be NULL), strings
 * arena-owned. JW_E_NOT_FOUND (err set) when there is none. */
enum jw_code jw_officer_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_officer *o,
                            struct jw_officer_unit *unit, struct jw_error *err);

/* Creates o, bumps the version and writes the "officer.create" audit row
 * for who, in one transaction on c; *id receives the new id. Returns JW_OK
 * or the code (JW_E_CONFLICT: the badge number is taken) with err set. */
enum jw_code jw_officer_create(struct jw_conn *c, const struct jw_new_officer *o, const struct jw_dir_actor *who,
                               int64_t *id, struct jw_error *err);

/* Gives officer id the values o, bumps the version and writes the
 * "officer.update" audit row, in one transaction on c. a: scratch. Returns
 * JW_OK or the code (JW_E_CONFLICT: the badge number is taken) with err set. */
enum jw_code jw_officer_update(struct jw_conn *c, struct jw_arena *a, int64_t id, const struct jw_new_officer *o,
                               const struct jw_dir_actor *who, struct jw_error *err);

/* Deletes officer id, bumps the version and writes the "officer.delete"
 * audit row, in one transaction on c. Returns JW_OK or the code with err set. */
enum jw_code jw_officer_delete(struct jw_conn *c, int64_t id, const struct jw_dir_actor *who, struct jw_error *err);

#endif
