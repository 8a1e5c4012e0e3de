/*
 * directory.h — the police directory: units (a tree from the bureau down to
 * village police offices) and the officers who serve in them.
 */
#ifndef JW_DIRECTORY_H
#define JW_DIRECTORY_H

#include <stdint.h>

#include "http/http.h"

/* Unit kinds as the API spells them; NULL-terminated. */
extern const char *const jw_unit_kinds[];

/* The path ("/1/4/17/") of unit_id into *path (arena-owned);
 * JW_E_NOT_FOUND when there is no such unit. */
enum jw_code jw_unit_path(struct jw_conn *c, struct jw_arena *a, int64_t unit_id, const char **path,
                          struct jw_error *err);

/* Creates a unit below parent_id (0: the root) and sets its path. For the
 * seed and the API; runs inside the caller's transaction. */
struct jw_new_unit {
  int64_t parent_id;
  const char *kind, *name, *address, *phone, *hours;
  int has_coords;
  double lat, lng;
  int64_t sort;
};
enum jw_code jw_unit_insert(struct jw_conn *c, const struct jw_new_unit *u, int64_t *id, struct jw_error *err);

/*
 * Moves the subtree at old_path ("/1/4/17/") to new_path ("/1/6/17/"):
 * rewrites the path of every unit in it and every stored copy of those
 * paths (applications.unit_path, application_followups.unit_path), so that
 * data scope follows the move at once. Call inside the transaction that
 * changes the unit's parent. a: scratch (arena).
 */
enum jw_code jw_unit_move(struct jw_conn *c, struct jw_arena *a, const char *old_path, const char *new_path,
                          struct jw_error *err);

struct jw_new_officer {
  int64_t unit_id;
  const char *name, *kind, *badge_no, *title, *duty_area, *office_hours, *intro;
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

/* The officer in the current row as the API shows it; the row's first
 * eleven columns are OFFICER_COLS (directory.h). New reference. */
#define JW_OFFICER_COLS                                                                         \
  "o.id, o.unit_id, un.name, o.name, o.badge_no, o.title, o.kind, o.duty_area, o.office_hours," \
  " o.accepts_appointments, o.intro"
json_t *jw_officer_json(struct jw_stmt *s);

/* Binds o as parameters 1–10 (unit_id, name, badge_no, title, kind, rank,
 * duty_area, office_hours, accepts_appointments, intro), the order both
 * the insert and the update of an officer use. */
void jw_officer_bind(struct jw_stmt *s, const struct jw_new_officer *o);

/* Inserts an officer inside the caller's transaction. */
enum jw_code jw_officer_insert(struct jw_conn *c, const struct jw_new_officer *o, int64_t *id, struct jw_error *err);

/* Routes. */
enum jw_code jw_units_api_list(struct jw_req *r, struct jw_error *err);
enum jw_code jw_units_api_get(struct jw_req *r, struct jw_error *err);
enum jw_code jw_units_api_create(struct jw_req *r, struct jw_error *err);
enum jw_code jw_units_api_update(struct jw_req *r, struct jw_error *err);
enum jw_code jw_units_api_delete(struct jw_req *r, struct jw_error *err);
enum jw_code jw_officers_api_list(struct jw_req *r, struct jw_error *err);
enum jw_code jw_officers_api_get(struct jw_req *r, struct jw_error *err);
enum jw_code jw_officers_api_create(struct jw_req *r, struct jw_error *err);
enum jw_code jw_officers_api_update(struct jw_req *r, struct jw_error *err);
enum jw_code jw_officers_api_delete(struct jw_req *r, struct jw_error *err);

#endif
