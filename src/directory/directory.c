/* directory.c — unit tree and officer rows: the storage rules both the API
 * and the demo seed go through. */
#include "directory/directory.h"

#include <math.h>
#include <string.h>
#include <time.h>

const char *const jw_unit_kinds[] = {
    "bureau", "branch", "station", "community_station", "village_office", "traffic_brigade", "inspection_station",
    NULL};

static const char SQL_UNIT_PATH[] = "SELECT path FROM units WHERE id = ?";

enum jw_code jw_unit_path(struct jw_conn *c, struct jw_arena *a, int64_t unit_id, const char **path,
                          struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_PATH, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, unit_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %lld.", (long long)unit_id);
  *path = jw_arena_strdup(a, jw_col_text(s, 0));
  jw_step(s, err);
  return JW_OK;
}

static const char SQL_UNIT_INSERT[] =
    "INSERT INTO units (parent_id, kind, name, address, phone, hours, lat_e6, lng_e6, sort, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_UNIT_SET_PATH[] =
    "UPDATE units SET path = COALESCE((SELECT p.path FROM units p WHERE p.id = units.parent_id), '/')"
    " || CAST(id AS TEXT) || '/' WHERE id = ?";

enum jw_code jw_unit_insert(struct jw_conn *c, const struct jw_new_unit *u, int64_t *id, struct jw_error *err) {
  int64_t now = (int64_t)time(NULL);
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_INSERT, err);
  if (!s) return err->code;
  jw_bind_id(s, 1, u->parent_id);
  jw_bind_text(s, 2, u->kind);
  jw_bind_text(s, 3, u->name);
  jw_bind_text(s, 4, u->address ? u->address : "");
  jw_bind_text(s, 5, u->phone ? u->phone : "");
  jw_bind_text(s, 6, u->hours ? u->hours : "");
  if (u->has_coords) {
    jw_bind_int(s, 7, (int64_t)llround(u->lat * 1e6));
    jw_bind_int(s, 8, (int64_t)llround(u->lng * 1e6));
  } else {
    jw_bind_null(s, 7);
    jw_bind_null(s, 8);
  }
  jw_bind_int(s, 9, u->sort);
  jw_bind_int(s, 10, now);
  jw_bind_int(s, 11, now);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  s = jw_prepare(c, SQL_UNIT_SET_PATH, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, *id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

/* Every column that stores a unit's path, each rewritten by prefix: the
 * tail after the old prefix is kept. A new table with a copy of a unit path
 * must be added here. */
static const char *const SQL_PATH_MOVES[] = {
    "UPDATE units SET path = ? || substr(path, ?) WHERE path >= ? AND path < ?",
    "UPDATE applications SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    ("UPDATE application_followups SET unit_path = ? || substr(unit_path, ?)"
     " WHERE unit_path >= ? AND unit_path < ?"),
};

enum jw_code jw_unit_move(struct jw_conn *c, struct jw_arena *a, const char *old_path, const char *new_path,
                          struct jw_error *err) {
  const char *old_end = jw_db_prefix_end(a, old_path);
  for (size_t i = 0; i < sizeof SQL_PATH_MOVES / sizeof SQL_PATH_MOVES[0]; i++) {
    struct jw_stmt *s = jw_prepare(c, SQL_PATH_MOVES[i], err);
    if (!s) return err->code;
    jw_bind_text(s, 1, new_path);
    jw_bind_int(s, 2, (int64_t)strlen(old_path) + 1);
    jw_bind_text(s, 3, old_path);
    jw_bind_text(s, 4, old_end);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  return JW_OK;
}

char *jw_officer_search_text(struct jw_arena *a, const struct jw_new_officer *o) {
  return jw_arena_printf(a, "%s %s %s", o->name, o->badge_no ? o->badge_no : "", o->title ? o->title : "");
}

int64_t jw_officer_list_order(const struct jw_new_officer *o) {
  int64_t police = strcmp(o->kind, "police") == 0;
  return (police ? 0 : INT64_C(1) << 52) + o->unit_id * 10000 + o->rank;
}

json_t *jw_officer_json(struct jw_stmt *s) {
  json_t *o =
      json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:b, s:s}", "id", (json_int_t)jw_col_int(s, 0),
                "unit_id", (json_int_t)jw_col_int(s, 1), "unit_name", jw_col_text(s, 2), "name", jw_col_text(s, 3),
                "badge_no", jw_col_is_null(s, 4) ? json_null() : json_string(jw_col_text(s, 4)), "title",
                jw_col_text(s, 5), "kind", jw_col_text(s, 6), "duty_area", jw_col_text(s, 7), "office_hours",
                jw_col_text(s, 8), "accepts_appointments", (int)jw_col_int(s, 9), "intro", jw_col_text(s, 10));
  return o;
}

static const char SQL_OFFICER_INSERT[] =
    "INSERT INTO officers (unit_id, name, badge_no, title, kind, rank, duty_area, office_hours,"
    " accepts_appointments, intro, created_at, updated_at, search, list_order)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

void jw_officer_bind(struct jw_stmt *s, const struct jw_new_officer *o) {
  jw_bind_int(s, 1, o->unit_id);
  jw_bind_text(s, 2, o->name);
  jw_bind_text(s, 3, o->badge_no);
  jw_bind_text(s, 4, o->title ? o->title : "");
  jw_bind_text(s, 5, o->kind);
  jw_bind_int(s, 6, o->rank);
  jw_bind_text(s, 7, o->duty_area ? o->duty_area : "");
  jw_bind_text(s, 8, o->office_hours ? o->office_hours : "");
  jw_bind_int(s, 9, o->accepts_appointments ? 1 : 0);
  jw_bind_text(s, 10, o->intro ? o->intro : "");
}

enum jw_code jw_officer_insert(struct jw_conn *c, const struct jw_new_officer *o, int64_t *id, struct jw_error *err) {
  int64_t now = (int64_t)time(NULL);
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER_INSERT, err);
  if (!s) return err->code;
  jw_officer_bind(s, o);
  jw_bind_int(s, 11, now);
  jw_bind_int(s, 12, now);
  struct jw_arena a = {0};
  jw_bind_text(s, 13, jw_officer_search_text(&a, o));
  jw_arena_free(&a);
  jw_bind_int(s, 14, jw_officer_list_order(o));
  if (jw_step(s, err) != JW_STEP_ROW) {
    if (err->code == JW_E_CONFLICT)
      return jw_fail(err, JW_E_CONFLICT, "Badge number %s belongs to another officer.", o->badge_no ? o->badge_no : "");
    return err->code ? err->code : JW_E_DB;
  }
  *id = jw_col_int(s, 0);
  jw_step(s, err);
  return JW_OK;
}
