/* store.c — the community domain's SQL for the scope, the grids and the
 * writes (see store.h); the list and read queries are in store_read.c. */
#include "community/store.h"

#include <string.h>

#include "core/mem.h"

static const char SQL_OFFICER_OF[] = "SELECT MIN(id) FROM officers WHERE user_id = ?";
/* The responsible officer of the grid of the resident whose ID number is the citizen's (the blind index). */
static const char SQL_GRID_OFFICER_OF_CITIZEN[] =
    "SELECT MIN(g.officer_id) FROM users u JOIN residents r ON r.id_bidx = u.id_bidx JOIN grids g ON g.id = r.grid_id"
    " WHERE u.id = ? AND u.id_bidx IS NOT NULL AND g.officer_id IS NOT NULL";
static const char SQL_GRID_ACCESS[] =
    "SELECT g.unit_path, CASE WHEN g.officer_id = ? OR EXISTS (SELECT 1 FROM grid_members m"
    " WHERE m.grid_id = g.id AND m.officer_id = ?) THEN 1 ELSE 0 END FROM grids g WHERE g.id = ?";
static const char SQL_GRIDS_AT[] =
    "SELECT id, unit_id, polygon FROM grids WHERE min_lat_e6 <= ? AND max_lat_e6 >= ? AND min_lng_e6 <= ?"
    " AND max_lng_e6 >= ? ORDER BY id LIMIT 64";
static const char SQL_CHILDREN[] =
    "SELECT id, path, name, COALESCE(lat_e6, 0), COALESCE(lng_e6, 0) FROM units WHERE parent_id = ? AND kind = ?"
    " ORDER BY id";
static const char SQL_UNIT_NAMED[] =
    "SELECT id, path, name, COALESCE(lat_e6, 0), COALESCE(lng_e6, 0) FROM units WHERE name = ? AND kind = ?"
    " ORDER BY id LIMIT 1";
static const char SQL_UNIT_OFFICERS[] =
    "SELECT id FROM officers WHERE unit_id = ? AND kind = ? AND (CAST(? AS TEXT) IS NULL OR title = ?) ORDER BY id";
static const char SQL_USER_ID[] = "SELECT id FROM users WHERE login = ?";
static const char SQL_LINK[] = "UPDATE officers SET user_id = ? WHERE id = ? AND user_id IS NULL";
static const char SQL_GRID_BY_CODE[] = "SELECT id FROM grids WHERE code = ?";
static const char SQL_ALL_GRIDS[] = "SELECT id, unit_path FROM grids ORDER BY id";
static const char SQL_RESIDENT_COUNT[] = "SELECT COUNT(*) FROM residents";
static const char SQL_UNIT_OF[] = "SELECT path, kind FROM units WHERE id = ?";
static const char SQL_OFFICER_PLACE[] =
    "SELECT u.path, o.kind FROM officers o JOIN units u ON u.id = o.unit_id WHERE o.id = ?";

static const char SQL_GRID_INSERT[] =
    "INSERT INTO grids (unit_id, unit_path, code, name, officer_id, area, polygon, min_lat_e6, max_lat_e6,"
    " min_lng_e6, max_lng_e6, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_GRID_UPDATE[] =
    "UPDATE grids SET name = ?, officer_id = ?, area = ?, polygon = ?, min_lat_e6 = ?, max_lat_e6 = ?,"
    " min_lng_e6 = ?, max_lng_e6 = ?, updated_at = ? WHERE id = ?";
static const char SQL_MEMBER_ADD[] =
    "INSERT INTO grid_members (grid_id, officer_id) VALUES (?, ?) ON CONFLICT (grid_id, officer_id) DO NOTHING";
static const char SQL_MEMBERS_CLEAR[] = "DELETE FROM grid_members WHERE grid_id = ?";

#define RESIDENT_COLS                                                                                         \
  "grid_id, unit_path, kind, name, gender, birth_date, id_enc, id_bidx, id_masked, phone, address, house_id," \
  " employer, native_place, registered_on, permit_status, permit_expires, note, search, updated_at"
static const char SQL_RESIDENT_INSERT[] = "INSERT INTO residents (" RESIDENT_COLS
                                          ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                          " ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_RESIDENT_INSERT_SKIP[] = "INSERT INTO residents (" RESIDENT_COLS
                                               ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                               " ?, ?, ?, ?, ?) ON CONFLICT (id_bidx) DO NOTHING RETURNING id";
static const char SQL_RESIDENT_UPDATE[] =
    "UPDATE residents SET grid_id = ?, unit_path = ?, kind = ?, name = ?, gender = ?, birth_date = ?, id_enc = ?,"
    " id_bidx = ?, id_masked = ?, phone = ?, address = ?, house_id = ?, employer = ?, native_place = ?,"
    " registered_on = ?, permit_status = ?, permit_expires = ?, note = ?, search = ?, updated_at = ? WHERE id = ?";

static const char SQL_HOUSE_INSERT[] =
    "INSERT INTO rental_houses (grid_id, unit_path, address, landlord_name, landlord_phone, rooms, note, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_HOUSE_UPDATE[] =
    "UPDATE rental_houses SET grid_id = ?, unit_path = ?, address = ?, landlord_name = ?, landlord_phone = ?,"
    " rooms = ?, note = ?, updated_at = ? WHERE id = ?";
static const char SQL_GROUP_INSERT[] =
    "INSERT INTO resident_groups (grid_id, unit_path, name, kind, leader_id, note, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_GROUP_UPDATE[] =
    "UPDATE resident_groups SET name = ?, kind = ?, leader_id = ?, note = ?, updated_at = ? WHERE id = ?";
static const char SQL_GROUP_MEMBER_ADD[] =
    "INSERT INTO resident_group_members (group_id, resident_id, joined_on) VALUES (?, ?, ?)"
    " ON CONFLICT (group_id, resident_id) DO NOTHING";
static const char SQL_GROUP_MEMBERS_CLEAR[] = "DELETE FROM resident_group_members WHERE group_id = ?";

/* Runs s, which returns no rows; JW_OK or err's code. */
static enum jw_code run(struct jw_stmt *s, struct jw_error *err) {
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

/* Runs s (an UPDATE of one row); JW_E_NOT_FOUND when it changed none. */
static enum jw_code run_one(struct jw_stmt *s, const char *what, struct jw_error *err) {
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return jw_changes(s) == 1 ? JW_OK : jw_fail(err, JW_E_NOT_FOUND, "There is no such %s.", what);
}

/* Runs s (an INSERT … RETURNING id) into *id (0 when no row came back). */
static enum jw_code run_id(struct jw_stmt *s, int64_t *id, struct jw_error *err) {
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  *id = st == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  while (st == JW_STEP_ROW) st = jw_step(s, err);
  return st == JW_STEP_ERROR ? err->code : JW_OK;
}

/* One integer from a one-column query; def when there is no row, -1 on error. */
static int64_t one_int(struct jw_stmt *s, int64_t def, struct jw_error *err) {
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int64_t v = st == JW_STEP_ROW && !jw_col_is_null(s, 0) ? jw_col_int(s, 0) : def;
  jw_step(s, err);
  return v;
}

int64_t jw_comm_store_officer_of(struct jw_conn *c, int64_t user_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER_OF, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  return one_int(s, 0, err);
}

int64_t jw_comm_store_grid_officer_of_citizen(struct jw_conn *c, int64_t user_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GRID_OFFICER_OF_CITIZEN, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  return one_int(s, 0, err);
}

enum jw_code jw_comm_store_grid_access(struct jw_conn *c, struct jw_arena *a, int64_t grid_id, int64_t officer_id,
                                       const char **unit_path, int *works, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GRID_ACCESS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, officer_id ? officer_id : -1);
  jw_bind_int(s, 2, officer_id ? officer_id : -1);
  jw_bind_int(s, 3, grid_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no such grid.");
  *unit_path = jw_arena_strdup(a, jw_col_text(s, 0));
  *works = jw_col_int(s, 1) != 0;
  jw_step(s, err);
  return JW_OK;
}

int jw_comm_store_grids_at(struct jw_conn *c, struct jw_arena *a, int64_t lat_e6, int64_t lng_e6, int64_t *ids,
                           int64_t *unit_ids, const char **polygons, int max, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GRIDS_AT, err);
  if (!s) return -1;
  jw_bind_int(s, 1, lat_e6);
  jw_bind_int(s, 2, lat_e6);
  jw_bind_int(s, 3, lng_e6);
  jw_bind_int(s, 4, lng_e6);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (n == max) continue;
    ids[n] = jw_col_int(s, 0);
    unit_ids[n] = jw_col_int(s, 1);
    polygons[n++] = jw_arena_strdup(a, jw_col_text(s, 2));
  }
  return st == JW_STEP_ERROR ? -1 : n;
}

static void unit_row(struct jw_stmt *s, struct jw_arena *a, struct jw_comm_unit *u) {
  u->id = jw_col_int(s, 0);
  u->path = jw_arena_strdup(a, jw_col_text(s, 1));
  u->name = jw_arena_strdup(a, jw_col_text(s, 2));
  u->lat_e6 = jw_col_int(s, 3);
  u->lng_e6 = jw_col_int(s, 4);
}

int jw_comm_store_children(struct jw_conn *c, struct jw_arena *a, int64_t parent, const char *kind,
                           struct jw_comm_unit *out, int max, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CHILDREN, err);
  if (!s) return -1;
  jw_bind_int(s, 1, parent);
  jw_bind_text(s, 2, kind);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW)
    if (n < max) unit_row(s, a, &out[n++]);
  return st == JW_STEP_ERROR ? -1 : n;
}

enum jw_code jw_comm_store_unit_named(struct jw_conn *c, struct jw_arena *a, const char *name, const char *kind,
                                      struct jw_comm_unit *out, struct jw_error *err) {
  memset(out, 0, sizeof *out);
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_NAMED, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, name);
  jw_bind_text(s, 2, kind);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_ROW) unit_row(s, a, out);
  jw_step(s, err);
  return JW_OK;
}

int jw_comm_store_unit_officers(struct jw_conn *c, int64_t unit_id, const char *kind, const char *title, int64_t *ids,
                                int max, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_OFFICERS, err);
  if (!s) return -1;
  jw_bind_int(s, 1, unit_id);
  jw_bind_text(s, 2, kind);
  jw_bind_text(s, 3, title);
  jw_bind_text(s, 4, title);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW)
    if (n < max) ids[n++] = jw_col_int(s, 0);
  return st == JW_STEP_ERROR ? -1 : n;
}

int64_t jw_comm_store_user_id(struct jw_conn *c, const char *login, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_USER_ID, err);
  if (!s) return -1;
  jw_bind_text(s, 1, login);
  return one_int(s, 0, err);
}

enum jw_code jw_comm_store_link_officer(struct jw_conn *c, int64_t officer_id, int64_t user_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LINK, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, officer_id);
  return run(s, err);
}

int64_t jw_comm_store_grid_by_code(struct jw_conn *c, const char *code, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GRID_BY_CODE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, code);
  return one_int(s, 0, err);
}

int jw_comm_store_all_grids(struct jw_conn *c, struct jw_arena *a, int64_t *ids, const char **paths, int max,
                            struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ALL_GRIDS, err);
  if (!s) return -1;
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (n == max) continue;
    ids[n] = jw_col_int(s, 0);
    paths[n++] = jw_arena_strdup(a, jw_col_text(s, 1));
  }
  return st == JW_STEP_ERROR ? -1 : n;
}

int64_t jw_comm_store_resident_count(struct jw_conn *c, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RESIDENT_COUNT, err);
  return s ? one_int(s, 0, err) : -1;
}

void jw_comm_store_bulk_tune(struct jw_conn *c, struct jw_error *err) {
  if (jw_exec(c, "PRAGMA cache_size = -262144", err) != JW_OK) jw_error_clear(err); /* only a speed-up */
}

/* Binds the polygon box (or NULLs) at idx..idx+3. */
static void bind_box(struct jw_stmt *s, int idx, const struct jw_grid *g) {
  const int64_t v[4] = {g->min_lat_e6, g->max_lat_e6, g->min_lng_e6, g->max_lng_e6};
  for (int i = 0; i < 4; i++)
    if (g->has_box)
      jw_bind_int(s, idx + i, v[i]);
    else
      jw_bind_null(s, idx + i);
}

enum jw_code jw_comm_store_grid_insert(struct jw_conn *c, struct jw_grid *g, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GRID_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, g->unit_id);
  jw_bind_text(s, 2, g->unit_path);
  jw_bind_text(s, 3, g->code);
  jw_bind_text(s, 4, g->name);
  jw_bind_id(s, 5, g->officer_id);
  jw_bind_text(s, 6, g->area ? g->area : "");
  jw_bind_text(s, 7, g->polygon ? g->polygon : "[]");
  bind_box(s, 8, g);
  jw_bind_int(s, 12, now);
  jw_bind_int(s, 13, now);
  return run_id(s, &g->id, err);
}

enum jw_code jw_comm_store_grid_update(struct jw_conn *c, const struct jw_grid *g, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GRID_UPDATE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, g->name);
  jw_bind_id(s, 2, g->officer_id);
  jw_bind_text(s, 3, g->area ? g->area : "");
  jw_bind_text(s, 4, g->polygon ? g->polygon : "[]");
  bind_box(s, 5, g);
  jw_bind_int(s, 9, now);
  jw_bind_int(s, 10, g->id);
  return run_one(s, "grid", err);
}

enum jw_code jw_comm_store_member_add(struct jw_conn *c, int64_t grid_id, int64_t officer_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MEMBER_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, grid_id);
  jw_bind_int(s, 2, officer_id);
  return run(s, err);
}

enum jw_code jw_comm_store_members_clear(struct jw_conn *c, int64_t grid_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MEMBERS_CLEAR, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, grid_id);
  return run(s, err);
}

/* Binds r's twenty columns (RESIDENT_COLS order) from 1. */
static void bind_resident(struct jw_stmt *s, const struct jw_resident_row *r) {
  jw_bind_int(s, 1, r->grid_id);
  jw_bind_text(s, 2, r->unit_path);
  jw_bind_text(s, 3, r->kind);
  jw_bind_text(s, 4, r->name);
  jw_bind_text(s, 5, r->gender);
  jw_bind_text(s, 6, r->birth_date);
  jw_bind_blob(s, 7, r->id_enc, r->id_enc_len);
  jw_bind_blob(s, 8, r->id_bidx, sizeof r->id_bidx);
  jw_bind_text(s, 9, r->id_masked);
  jw_bind_text(s, 10, r->phone ? r->phone : "");
  jw_bind_text(s, 11, r->address ? r->address : "");
  jw_bind_id(s, 12, r->house_id);
  jw_bind_text(s, 13, r->employer ? r->employer : "");
  jw_bind_text(s, 14, r->native_place ? r->native_place : "");
  jw_bind_text(s, 15, r->registered_on);
  jw_bind_text(s, 16, r->permit_status ? r->permit_status : "none");
  jw_bind_text(s, 17, r->permit_expires);
  jw_bind_text(s, 18, r->note ? r->note : "");
  jw_bind_text(s, 19, r->search ? r->search : "");
  jw_bind_int(s, 20, r->updated_at);
}

enum jw_code jw_comm_store_resident_insert(struct jw_conn *c, const struct jw_resident_row *r, int skip_dup,
                                           int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, skip_dup ? SQL_RESIDENT_INSERT_SKIP : SQL_RESIDENT_INSERT, err);
  if (!s) return err->code;
  bind_resident(s, r);
  jw_bind_int(s, 21, r->created_at);
  return run_id(s, id, err);
}

enum jw_code jw_comm_store_resident_update(struct jw_conn *c, const struct jw_resident_row *r, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RESIDENT_UPDATE, err);
  if (!s) return err->code;
  bind_resident(s, r);
  jw_bind_int(s, 21, r->id);
  return run_one(s, "resident", err);
}

static void bind_house(struct jw_stmt *s, const struct jw_house *h, int64_t now) {
  jw_bind_int(s, 1, h->grid_id);
  jw_bind_text(s, 2, h->unit_path);
  jw_bind_text(s, 3, h->address);
  jw_bind_text(s, 4, h->landlord_name);
  jw_bind_text(s, 5, h->landlord_phone ? h->landlord_phone : "");
  jw_bind_int(s, 6, h->rooms);
  jw_bind_text(s, 7, h->note ? h->note : "");
  jw_bind_int(s, 8, now);
}

enum jw_code jw_comm_store_house_insert(struct jw_conn *c, struct jw_house *h, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HOUSE_INSERT, err);
  if (!s) return err->code;
  bind_house(s, h, now);
  jw_bind_int(s, 9, now);
  return run_id(s, &h->id, err);
}

enum jw_code jw_comm_store_house_update(struct jw_conn *c, const struct jw_house *h, int64_t now,
                                        struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HOUSE_UPDATE, err);
  if (!s) return err->code;
  bind_house(s, h, now);
  jw_bind_int(s, 9, h->id);
  return run_one(s, "rental house", err);
}

enum jw_code jw_comm_store_group_insert(struct jw_conn *c, struct jw_group *g, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GROUP_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, g->grid_id);
  jw_bind_text(s, 2, g->unit_path);
  jw_bind_text(s, 3, g->name);
  jw_bind_text(s, 4, g->kind);
  jw_bind_id(s, 5, g->leader_id);
  jw_bind_text(s, 6, g->note ? g->note : "");
  jw_bind_int(s, 7, now);
  jw_bind_int(s, 8, now);
  return run_id(s, &g->id, err);
}

enum jw_code jw_comm_store_group_update(struct jw_conn *c, const struct jw_group *g, int64_t now,
                                        struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GROUP_UPDATE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, g->name);
  jw_bind_text(s, 2, g->kind);
  jw_bind_id(s, 3, g->leader_id);
  jw_bind_text(s, 4, g->note ? g->note : "");
  jw_bind_int(s, 5, now);
  jw_bind_int(s, 6, g->id);
  return run_one(s, "group", err);
}

enum jw_code jw_comm_store_group_member_add(struct jw_conn *c, int64_t group_id, int64_t resident_id,
                                            const char *joined_on, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GROUP_MEMBER_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, group_id);
  jw_bind_int(s, 2, resident_id);
  jw_bind_text(s, 3, joined_on);
  return run(s, err);
}

enum jw_code jw_comm_store_group_members_clear(struct jw_conn *c, int64_t group_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GROUP_MEMBERS_CLEAR, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, group_id);
  return run(s, err);
}

/* Two text columns of the row keyed by id into *x and *y; JW_E_NOT_FOUND when none. */
static enum jw_code two_texts(struct jw_conn *c, struct jw_arena *a, const char *sql, int64_t id, const char **x,
                              const char **y, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no such unit or officer.");
  *x = jw_arena_strdup(a, jw_col_text(s, 0));
  *y = jw_arena_strdup(a, jw_col_text(s, 1));
  jw_step(s, err);
  return JW_OK;
}

enum jw_code jw_comm_store_unit_of(struct jw_conn *c, struct jw_arena *a, int64_t unit_id, const char **path,
                                   const char **kind, struct jw_error *err) {
  return two_texts(c, a, SQL_UNIT_OF, unit_id, path, kind, err);
}

enum jw_code jw_comm_store_officer_place(struct jw_conn *c, struct jw_arena *a, int64_t officer_id, const char **path,
                                         const char **kind, struct jw_error *err) {
  return two_texts(c, a, SQL_OFFICER_PLACE, officer_id, path, kind, err);
}
