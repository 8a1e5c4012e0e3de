/* store.c — every SQL statement of the directory domain: units, officers,
 * and the copies of unit paths that a move rewrites. */
#include "directory/store.h"

#include <math.h>
#include <string.h>

#include "core/mem.h"

/* ---- units ---- */

#define UNIT_COLS "u.id, u.parent_id, u.kind, u.name, u.address, u.phone, u.hours, u.lat_e6, u.lng_e6, u.sort"

static const char SQL_UNIT_PATH[] = "SELECT path FROM units WHERE id = ?";
static const char SQL_UNIT_INSERT[] =
    "INSERT INTO units (parent_id, kind, name, address, phone, hours, lat_e6, lng_e6, sort, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_UNIT_SET_PATH[] =
    "UPDATE units SET path = COALESCE((SELECT p.path FROM units p WHERE p.id = units.parent_id), '/')"
    " || CAST(id AS TEXT) || '/' WHERE id = ?";
static const char SQL_UNIT_UPDATE[] =
    "UPDATE units SET parent_id = ?, kind = ?, name = ?, address = ?, phone = ?, hours = ?, lat_e6 = ?,"
    " lng_e6 = ?, sort = ?, updated_at = ? WHERE id = ?";
static const char SQL_UNIT_USED[] =
    "SELECT (SELECT COUNT(*) FROM units WHERE parent_id = ?) + (SELECT COUNT(*) FROM officers WHERE unit_id = ?)"
    " + (SELECT COUNT(*) FROM users WHERE unit_id = ?)";
static const char SQL_UNIT_DELETE[] = "DELETE FROM units WHERE id = ?";
static const char SQL_UNITS_ALL[] = "SELECT " UNIT_COLS " FROM units u ORDER BY u.sort, u.id";
static const char SQL_UNITS_PAGE[] = "SELECT " UNIT_COLS
                                     " FROM units u"
                                     " WHERE (CAST(? AS BIGINT) IS NULL OR u.parent_id = CAST(? AS BIGINT))"
                                     " AND (CAST(? AS TEXT) IS NULL OR u.kind = CAST(? AS TEXT))"
                                     " AND u.name LIKE ? ESCAPE '\\'"
                                     " ORDER BY u.sort, u.id LIMIT ? OFFSET ?";
static const char SQL_UNIT_GET[] = "SELECT " UNIT_COLS ", u.path FROM units u WHERE u.id = ?";
static const char SQL_UNIT_ANCESTORS[] =
    "SELECT id, name, kind FROM units WHERE ? LIKE path || '%' AND id <> ? ORDER BY length(path)";
static const char SQL_UNIT_COUNTS[] =
    "SELECT (SELECT COUNT(*) FROM units WHERE parent_id = ?),"
    " (SELECT COUNT(*) FROM officers o JOIN units x ON x.id = o.unit_id WHERE x.path >= ? AND x.path < ?)";
static const char SQL_UNIT_PATHS[] = "SELECT id, path FROM units ORDER BY id";

/* Every column that stores a unit's path, each rewritten by prefix: the
 * tail after the old prefix is kept. A new table with a copy of a unit path
 * must be added here (and be COLLATE "C" on PostgreSQL, so that the prefix
 * range of jw_db_prefix_end() holds on a cluster with a real locale). */
static const char *const SQL_PATH_MOVES[] = {
    "UPDATE units SET path = ? || substr(path, ?) WHERE path >= ? AND path < ?",
    "UPDATE applications SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    ("UPDATE application_followups SET unit_path = ? || substr(unit_path, ?)"
     " WHERE unit_path >= ? AND unit_path < ?"),
    "UPDATE grids SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    "UPDATE rental_houses SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    "UPDATE residents SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    "UPDATE resident_groups SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    "UPDATE hotspots SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    "UPDATE worklogs SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    "UPDATE reports SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    "UPDATE stolen_vehicles SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    "UPDATE seizures SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    "UPDATE prevention_requests SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    "UPDATE prevention_events SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
    "UPDATE consultations SET unit_path = ? || substr(unit_path, ?) WHERE unit_path >= ? AND unit_path < ?",
};

enum jw_code jw_dir_store_unit_path(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_PATH, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %lld.", (long long)id);
  *path = jw_arena_strdup(a, jw_col_text(s, 0));
  jw_step(s, err);
  return JW_OK;
}

/* Binds u as parameters 1–9 (parent_id … sort), the order of both the insert and the update. */
static void bind_unit(struct jw_stmt *s, const struct jw_new_unit *u) {
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
}

enum jw_code jw_dir_store_unit_insert(struct jw_conn *c, const struct jw_new_unit *u, int64_t now, int64_t *id,
                                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_INSERT, err);
  if (!s) return err->code;
  bind_unit(s, u);
  jw_bind_int(s, 10, now);
  jw_bind_int(s, 11, now);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_UNIT_SET_PATH, err))) return err->code;
  jw_bind_int(s, 1, *id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_dir_store_unit_update(struct jw_conn *c, int64_t id, const struct jw_new_unit *u, int64_t now,
                                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_UPDATE, err);
  if (!s) return err->code;
  bind_unit(s, u);
  jw_bind_int(s, 10, now);
  jw_bind_int(s, 11, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_dir_store_paths_move(struct jw_conn *c, struct jw_arena *a, const char *old_path, const char *new_path,
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

enum jw_code jw_dir_store_unit_users(struct jw_conn *c, int64_t id, int64_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_USED, err);
  if (!s) return err->code;
  for (int i = 1; i <= 3; i++) jw_bind_int(s, i, id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *n = jw_col_int(s, 0);
  return JW_OK;
}

enum jw_code jw_dir_store_unit_delete(struct jw_conn *c, int64_t id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_DELETE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

/* The unit in the current row (UNIT_COLS), path not set. */
static void read_unit(struct jw_stmt *s, struct jw_arena *a, struct jw_unit *u) {
  u->id = jw_col_int(s, 0);
  u->parent_id = jw_col_is_null(s, 1) ? 0 : jw_col_int(s, 1);
  u->kind = jw_arena_strdup(a, jw_col_text(s, 2));
  u->name = jw_arena_strdup(a, jw_col_text(s, 3));
  u->address = jw_arena_strdup(a, jw_col_text(s, 4));
  u->phone = jw_arena_strdup(a, jw_col_text(s, 5));
  u->hours = jw_arena_strdup(a, jw_col_text(s, 6));
  u->has_lat = !jw_col_is_null(s, 7);
  u->lat_e6 = jw_col_int(s, 7);
  u->has_lng = !jw_col_is_null(s, 8);
  u->lng_e6 = jw_col_int(s, 8);
  u->sort = jw_col_int(s, 9);
  u->path = NULL;
}

enum jw_code jw_dir_store_units(struct jw_conn *c, struct jw_arena *a, const struct jw_unit_filter *f, int64_t max,
                                int64_t offset, struct jw_unit **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, f ? SQL_UNITS_PAGE : SQL_UNITS_ALL, err);
  if (!s) return err->code;
  if (f) {
    jw_bind_id(s, 1, f->parent_id);
    jw_bind_id(s, 2, f->parent_id);
    jw_bind_text(s, 3, f->kind);
    jw_bind_text(s, 4, f->kind);
    jw_bind_text(s, 5, jw_db_like(a, f->q));
    jw_bind_int(s, 6, max);
    jw_bind_int(s, 7, offset);
  }
  size_t cap = 0, len = 0;
  struct jw_unit *units = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    units = jw_arena_grow(a, units, len, &cap, sizeof *units);
    read_unit(s, a, &units[len++]);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = units;
  *n = len;
  return JW_OK;
}

enum jw_code jw_dir_store_unit_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_unit *out,
                                   struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %lld.", (long long)id);
  read_unit(s, a, out);
  out->path = jw_arena_strdup(a, jw_col_text(s, 10));
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_dir_store_ancestors(struct jw_conn *c, struct jw_arena *a, const char *path, int64_t id,
                                    struct jw_unit_ref **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_ANCESTORS, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, path);
  jw_bind_int(s, 2, id);
  size_t cap = 0, len = 0;
  struct jw_unit_ref *refs = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    refs = jw_arena_grow(a, refs, len, &cap, sizeof *refs);
    struct jw_unit_ref *r = &refs[len++];
    r->id = jw_col_int(s, 0);
    r->name = jw_arena_strdup(a, jw_col_text(s, 1));
    r->kind = jw_arena_strdup(a, jw_col_text(s, 2));
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = refs;
  *n = len;
  return JW_OK;
}

enum jw_code jw_dir_store_unit_counts(struct jw_conn *c, struct jw_arena *a, int64_t id, const char *path,
                                      int64_t *children, int64_t *officers, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_COUNTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_text(s, 2, path);
  jw_bind_text(s, 3, jw_db_prefix_end(a, path));
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *children = jw_col_int(s, 0);
  *officers = jw_col_int(s, 1);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_dir_store_unit_paths(struct jw_conn *c, struct jw_arena *a, struct jw_dir_unit **out, size_t *n,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_PATHS, err);
  if (!s) return err->code;
  size_t cap = 0, len = 0;
  struct jw_dir_unit *units = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    units = jw_arena_grow(a, units, len, &cap, sizeof *units);
    units[len].id = jw_col_int(s, 0);
    units[len++].path = jw_arena_strdup(a, jw_col_text(s, 1));
  }
  if (st == JW_STEP_ERROR) return err->code;
  *out = units;
  *n = len;
  return JW_OK;
}

/* ---- officers ---- */

#define OFFICER_COLS                                                                            \
  "o.id, o.unit_id, un.name, o.name, o.badge_no, o.title, o.kind, o.duty_area, o.office_hours," \
  " o.accepts_appointments, o.intro"

static const char SQL_OFFICER_INSERT[] =
    "INSERT INTO officers (unit_id, name, badge_no, title, kind, rank, duty_area, office_hours,"
    " accepts_appointments, intro, created_at, updated_at, search, list_order)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_OFFICER_UPDATE[] =
    "UPDATE officers SET unit_id = ?, name = ?, badge_no = ?, title = ?, kind = ?, rank = ?, duty_area = ?,"
    " office_hours = ?, accepts_appointments = ?, intro = ?, updated_at = ?, search = ?, list_order = ? WHERE id = ?";
static const char SQL_OFFICER_DELETE[] = "DELETE FROM officers WHERE id = ?";
static const char SQL_OFFICER_GET[] = "SELECT " OFFICER_COLS
                                      ", un.id, un.kind, un.address, un.phone, un.hours, un.path"
                                      " FROM officers o JOIN units un ON un.id = o.unit_id WHERE o.id = ?";
static const char SQL_LISTING[] = "SELECT " OFFICER_COLS
                                  ", un.path, o.search"
                                  " FROM officers o JOIN units un ON un.id = o.unit_id ORDER BY o.list_order, o.id";

/* Binds o as parameters 1–10 (unit_id, name, badge_no, title, kind, rank,
 * duty_area, office_hours, accepts_appointments, intro), the order both
 * the insert and the update of an officer use. */
static void bind_officer(struct jw_stmt *s, const struct jw_new_officer *o) {
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

/* The officer in the current row (OFFICER_COLS). */
static void read_officer(struct jw_stmt *s, struct jw_arena *a, struct jw_officer *o) {
  o->id = jw_col_int(s, 0);
  o->unit_id = jw_col_int(s, 1);
  o->unit_name = jw_arena_strdup(a, jw_col_text(s, 2));
  o->name = jw_arena_strdup(a, jw_col_text(s, 3));
  o->badge_no = jw_col_is_null(s, 4) ? NULL : jw_arena_strdup(a, jw_col_text(s, 4));
  o->title = jw_arena_strdup(a, jw_col_text(s, 5));
  o->kind = jw_arena_strdup(a, jw_col_text(s, 6));
  o->duty_area = jw_arena_strdup(a, jw_col_text(s, 7));
  o->office_hours = jw_arena_strdup(a, jw_col_text(s, 8));
  o->accepts_appointments = jw_col_int(s, 9) != 0;
  o->intro = jw_arena_strdup(a, jw_col_text(s, 10));
}

static enum jw_code badge_taken(struct jw_error *err, const struct jw_new_officer *o) {
  return jw_fail(err, JW_E_CONFLICT, "Badge number %s belongs to another officer.", o->badge_no ? o->badge_no : "");
}

enum jw_code jw_dir_store_officer_insert(struct jw_conn *c, const struct jw_new_officer *o, const char *search,
                                         int64_t order, int64_t now, int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER_INSERT, err);
  if (!s) return err->code;
  bind_officer(s, o);
  jw_bind_int(s, 11, now);
  jw_bind_int(s, 12, now);
  jw_bind_text(s, 13, search);
  jw_bind_int(s, 14, order);
  if (jw_step(s, err) != JW_STEP_ROW) {
    if (err->code == JW_E_CONFLICT) return badge_taken(err, o);
    return err->code ? err->code : JW_E_DB;
  }
  *id = jw_col_int(s, 0);
  jw_step(s, err);
  return JW_OK;
}

enum jw_code jw_dir_store_officer_update(struct jw_conn *c, int64_t id, const struct jw_new_officer *o,
                                         const char *search, int64_t order, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER_UPDATE, err);
  if (!s) return err->code;
  bind_officer(s, o);
  jw_bind_int(s, 11, now);
  jw_bind_text(s, 12, search);
  jw_bind_int(s, 13, order);
  jw_bind_int(s, 14, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code == JW_E_CONFLICT ? badge_taken(err, o) : err->code;
  return JW_OK;
}

enum jw_code jw_dir_store_officer_delete(struct jw_conn *c, int64_t id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER_DELETE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_dir_store_officer_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_officer *o,
                                      struct jw_officer_unit *unit, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no officer %lld.", (long long)id);
  read_officer(s, a, o);
  if (unit) {
    unit->id = jw_col_int(s, 11);
    unit->name = o->unit_name;
    unit->kind = jw_arena_strdup(a, jw_col_text(s, 12));
    unit->address = jw_arena_strdup(a, jw_col_text(s, 13));
    unit->phone = jw_arena_strdup(a, jw_col_text(s, 14));
    unit->hours = jw_arena_strdup(a, jw_col_text(s, 15));
    unit->path = jw_arena_strdup(a, jw_col_text(s, 16));
  }
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_dir_store_listing(struct jw_conn *c, struct jw_arena *a, struct jw_dir_officer **out, size_t *n,
                                  struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LISTING, err);
  if (!s) return err->code;
  size_t cap = 0, len = 0;
  struct jw_dir_officer *list = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    list = jw_arena_grow(a, list, len, &cap, sizeof *list);
    struct jw_dir_officer *e = &list[len++];
    read_officer(s, a, &e->o);
    e->police = strcmp(e->o.kind, "police") == 0;
    e->unit_path = jw_arena_strdup(a, jw_col_text(s, 11));
    e->search = jw_arena_strdup(a, jw_col_text(s, 12));
    e->text = NULL;
    e->text_len = 0;
  }
  if (st == JW_STEP_ERROR) return err->code;
  *out = list;
  *n = len;
  return JW_OK;
}
