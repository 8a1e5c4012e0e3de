/* store_read.c — the community domain's list and read queries (see
 * store_read.h). Every list comes in three forms chosen by the scope: one
 * grid (the index on (grid_id, id) gives the order), the grids an officer
 * works, or a unit path range; each binds its scope as parameters 1 and 2. */
#include <string.h>

#include "community/store_read.h"
#include "core/mem.h"

/* ---- residents ---- */

#define RCOLS                                                                                                \
  "SELECT r.id, r.grid_id, g.name, r.kind, r.name, r.gender, r.birth_date, r.id_masked, r.phone, r.address," \
  " r.house_id, r.employer, r.native_place, r.registered_on, r.permit_status, r.permit_expires, r.note,"     \
  " r.created_at, r.updated_at, h.address, r.unit_path, r.id_enc"                                            \
  " FROM residents r JOIN grids g ON g.id = r.grid_id LEFT JOIN rental_houses h ON h.id = r.house_id"
#define RFILTERS                                                                                     \
  " AND (? = '' OR r.kind = ?) AND (? = '' OR r.search LIKE ? ESCAPE '\\')"                          \
  " AND (? = '' OR (r.permit_status = 'valid' AND r.permit_expires >= ? AND r.permit_expires <= ?))" \
  " AND (? = 0 OR r.id < ?) ORDER BY r.id DESC LIMIT ?"
#define IN_GRIDS(t)                                                                                                   \
  t ".grid_id IN (SELECT id FROM grids WHERE officer_id = ? UNION SELECT grid_id FROM grid_members WHERE officer_id " \
    "= ?)"

/* The scope as a unary-plus term (+r.grid_id: no index on it), so the
 * planner walks residents newest first by primary key and stops at the
 * page's end, instead of collecting a whole grid or station and sorting it
 * (measured at 1M residents: 1.2-3.5 s the other way). Portable: unary plus
 * on an integer is valid on both databases. */
static const char SQL_RES_GRID[] = RCOLS " WHERE r.grid_id = ? AND r.grid_id = ?" RFILTERS;
static const char SQL_RES_OFFICER[] = RCOLS " WHERE +" IN_GRIDS("r") RFILTERS;
static const char SQL_RES_PATH[] =
    RCOLS " WHERE +r.grid_id IN (SELECT id FROM grids WHERE unit_path >= ? AND unit_path < ?)" RFILTERS;
static const char SQL_RES_ONE[] = RCOLS " WHERE r.id = ?";
static const char SQL_RES_BIDX[] = RCOLS " WHERE r.id_bidx = ?";
/* A house's tenants and a group's members, only those in the reader's grids
 * (parameters 1, 2 as in bind_scope; the house or group is parameter 3): a
 * tenant or member who lives in another grid is not shown. */
#define RES_GROUP_WHERE                                                                                  \
  " AND r.id IN (SELECT m.resident_id FROM resident_group_members m WHERE m.group_id = ?) ORDER BY r.id" \
  " LIMIT 500"
static const char SQL_RES_HOUSE_OFFICER[] = RCOLS " WHERE " IN_GRIDS("r") " AND r.house_id = ? ORDER BY r.id LIMIT 200";
static const char SQL_RES_HOUSE_PATH[] = RCOLS
    " WHERE r.grid_id IN (SELECT id FROM grids WHERE unit_path >= ? AND unit_path < ?) AND r.house_id = ?"
    " ORDER BY r.id LIMIT 200";
static const char SQL_RES_GROUP_OFFICER[] = RCOLS " WHERE " IN_GRIDS("r") RES_GROUP_WHERE;
static const char SQL_RES_GROUP_PATH[] =
    RCOLS " WHERE r.grid_id IN (SELECT id FROM grids WHERE unit_path >= ? AND unit_path < ?)" RES_GROUP_WHERE;
static const char SQL_RES_GROUPS_OF[] =
    "SELECT gr.id, gr.name, gr.kind FROM resident_group_members m JOIN resident_groups gr ON gr.id = m.group_id"
    " WHERE m.resident_id = ? ORDER BY gr.id";

/* Binds the scope (1, 2) of sc, or of grid when grid is not 0. Returns the statement's SQL. */
static const char *pick(const struct jw_comm_scope *sc, int64_t grid, const char *by_grid, const char *by_officer,
                        const char *by_path) {
  if (grid) return by_grid;
  return sc->kind == SCOPE_GRIDS ? by_officer : by_path;
}

static void bind_scope(struct jw_stmt *s, const struct jw_comm_scope *sc, int64_t grid) {
  if (grid) {
    jw_bind_int(s, 1, grid);
    jw_bind_int(s, 2, grid);
  } else if (sc->kind == SCOPE_GRIDS) {
    jw_bind_int(s, 1, sc->officer);
    jw_bind_int(s, 2, sc->officer);
  } else {
    jw_bind_text(s, 1, sc->path);
    jw_bind_text(s, 2, sc->path_end);
  }
}

static const char *dup_or_null(struct jw_arena *a, struct jw_stmt *s, int col) {
  return jw_col_is_null(s, col) ? NULL : jw_arena_strdup(a, jw_col_text(s, col));
}

static void resident_row(struct jw_stmt *s, struct jw_arena *a, struct jw_resident_row *r, int with_enc) {
  memset(r, 0, sizeof *r);
  r->id = jw_col_int(s, 0);
  r->grid_id = jw_col_int(s, 1);
  r->grid_name = jw_arena_strdup(a, jw_col_text(s, 2));
  r->kind = jw_arena_strdup(a, jw_col_text(s, 3));
  r->name = jw_arena_strdup(a, jw_col_text(s, 4));
  r->gender = jw_arena_strdup(a, jw_col_text(s, 5));
  r->birth_date = jw_arena_strdup(a, jw_col_text(s, 6));
  r->id_masked = jw_arena_strdup(a, jw_col_text(s, 7));
  r->phone = jw_arena_strdup(a, jw_col_text(s, 8));
  r->address = jw_arena_strdup(a, jw_col_text(s, 9));
  r->house_id = jw_col_is_null(s, 10) ? 0 : jw_col_int(s, 10);
  r->employer = jw_arena_strdup(a, jw_col_text(s, 11));
  r->native_place = jw_arena_strdup(a, jw_col_text(s, 12));
  r->registered_on = dup_or_null(a, s, 13);
  r->permit_status = jw_arena_strdup(a, jw_col_text(s, 14));
  r->permit_expires = dup_or_null(a, s, 15);
  r->note = jw_arena_strdup(a, jw_col_text(s, 16));
  r->created_at = jw_col_int(s, 17);
  r->updated_at = jw_col_int(s, 18);
  r->house_address = dup_or_null(a, s, 19);
  r->unit_path = jw_arena_strdup(a, jw_col_text(s, 20));
  if (with_enc) {
    size_t n = 0;
    const void *b = jw_col_blob(s, 21, &n);
    void *copy = jw_arena_alloc(a, n ? n : 1);
    if (n) memcpy(copy, b, n);
    r->id_enc = copy;
    r->id_enc_len = n;
  }
}

/* Steps s into a growing array of rows; at most max. */
static enum jw_code resident_rows(struct jw_stmt *s, struct jw_arena *a, size_t max, struct jw_resident_row **out,
                                  size_t *n, struct jw_error *err) {
  size_t cap = 0, len = 0;
  struct jw_resident_row *rows = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (len == max) continue;
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    resident_row(s, a, &rows[len++], 0);
  }
  if (st == JW_STEP_ERROR) return err->code;
  *out = rows;
  *n = len;
  return JW_OK;
}

enum jw_code jw_comm_store_residents(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc,
                                     const struct jw_comm_query *q, struct jw_resident_row **out, size_t *n,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, pick(sc, q->grid_id, SQL_RES_GRID, SQL_RES_OFFICER, SQL_RES_PATH), err);
  if (!s) return err->code;
  bind_scope(s, sc, q->grid_id);
  const char *kind = q->kind ? q->kind : "", *like = q->q && *q->q ? jw_db_like(a, q->q) : "";
  jw_bind_text(s, 3, kind);
  jw_bind_text(s, 4, kind);
  jw_bind_text(s, 5, like);
  jw_bind_text(s, 6, like);
  jw_bind_text(s, 7, q->expiring_from ? "1" : "");
  jw_bind_text(s, 8, q->expiring_from ? q->expiring_from : "");
  jw_bind_text(s, 9, q->expiring_to ? q->expiring_to : "");
  jw_bind_int(s, 10, q->cursor);
  jw_bind_int(s, 11, q->cursor);
  jw_bind_int(s, 12, q->limit + 1);
  return resident_rows(s, a, (size_t)q->limit + 1, out, n, err);
}

/* One resident by a key bound at 1 (int or blob). */
static enum jw_code resident_one(struct jw_stmt *s, struct jw_arena *a, struct jw_resident_row *out,
                                 struct jw_error *err) {
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no such resident.");
  resident_row(s, a, out, 1);
  jw_step(s, err);
  return JW_OK;
}

enum jw_code jw_comm_store_resident(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_resident_row *out,
                                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RES_ONE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  return resident_one(s, a, out, err);
}

enum jw_code jw_comm_store_resident_by_bidx(struct jw_conn *c, struct jw_arena *a, const unsigned char bidx[32],
                                            struct jw_resident_row *out, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RES_BIDX, err);
  if (!s) return err->code;
  jw_bind_blob(s, 1, bidx, 32);
  return resident_one(s, a, out, err);
}

enum jw_code jw_comm_store_house_tenants(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc,
                                         int64_t house_id, struct jw_resident_row **out, size_t *n,
                                         struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, pick(sc, 0, NULL, SQL_RES_HOUSE_OFFICER, SQL_RES_HOUSE_PATH), err);
  if (!s) return err->code;
  bind_scope(s, sc, 0);
  jw_bind_int(s, 3, house_id);
  return resident_rows(s, a, 200, out, n, err);
}

enum jw_code jw_comm_store_group_residents(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc,
                                           int64_t group_id, struct jw_resident_row **out, size_t *n,
                                           struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, pick(sc, 0, NULL, SQL_RES_GROUP_OFFICER, SQL_RES_GROUP_PATH), err);
  if (!s) return err->code;
  bind_scope(s, sc, 0);
  jw_bind_int(s, 3, group_id);
  return resident_rows(s, a, 500, out, n, err);
}

enum jw_code jw_comm_store_groups_of(struct jw_conn *c, struct jw_arena *a, int64_t resident_id, struct jw_group **out,
                                     size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RES_GROUPS_OF, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, resident_id);
  size_t cap = 0, len = 0;
  struct jw_group *g = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    g = jw_arena_grow(a, g, len, &cap, sizeof *g);
    memset(&g[len], 0, sizeof *g);
    g[len].id = jw_col_int(s, 0);
    g[len].name = jw_arena_strdup(a, jw_col_text(s, 1));
    g[len++].kind = jw_arena_strdup(a, jw_col_text(s, 2));
  }
  *out = g;
  *n = len;
  return st == JW_STEP_ERROR ? err->code : JW_OK;
}

/* ---- grids ---- */

#define GCOLS                                                                                             \
  "SELECT g.id, g.unit_id, g.unit_path, u.name, g.code, g.name, g.area, g.officer_id, o.name, g.polygon," \
  " g.min_lat_e6, g.max_lat_e6, g.min_lng_e6, g.max_lng_e6, g.created_at, g.updated_at"                   \
  " FROM grids g JOIN units u ON u.id = g.unit_id LEFT JOIN officers o ON o.id = g.officer_id"
static const char SQL_GRIDS_OFFICER[] = GCOLS
    " WHERE g.id IN (SELECT id FROM grids WHERE officer_id = ? UNION SELECT grid_id FROM grid_members"
    " WHERE officer_id = ?) ORDER BY g.unit_path, g.code LIMIT 1000";
static const char SQL_GRIDS_PATH[] = GCOLS
    " WHERE g.unit_path >= ? AND g.unit_path < ? ORDER BY g.unit_path, g.code"
    " LIMIT 1000";
static const char SQL_GRID_ONE[] = GCOLS " WHERE g.id = ?";
static const char SQL_GRID_MEMBERS[] =
    "SELECT o.id, o.name, o.kind, o.title FROM grid_members m JOIN officers o ON o.id = m.officer_id"
    " WHERE m.grid_id = ? ORDER BY o.id";

static void grid_row(struct jw_stmt *s, struct jw_arena *a, struct jw_grid *g) {
  memset(g, 0, sizeof *g);
  g->id = jw_col_int(s, 0);
  g->unit_id = jw_col_int(s, 1);
  g->unit_path = jw_arena_strdup(a, jw_col_text(s, 2));
  g->unit_name = jw_arena_strdup(a, jw_col_text(s, 3));
  g->code = jw_arena_strdup(a, jw_col_text(s, 4));
  g->name = jw_arena_strdup(a, jw_col_text(s, 5));
  g->area = jw_arena_strdup(a, jw_col_text(s, 6));
  g->officer_id = jw_col_is_null(s, 7) ? 0 : jw_col_int(s, 7);
  g->officer_name = dup_or_null(a, s, 8);
  g->polygon = jw_arena_strdup(a, jw_col_text(s, 9));
  g->has_box = !jw_col_is_null(s, 10);
  g->min_lat_e6 = jw_col_int(s, 10);
  g->max_lat_e6 = jw_col_int(s, 11);
  g->min_lng_e6 = jw_col_int(s, 12);
  g->max_lng_e6 = jw_col_int(s, 13);
  g->created_at = jw_col_int(s, 14);
  g->updated_at = jw_col_int(s, 15);
}

enum jw_code jw_comm_store_grids(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc,
                                 struct jw_grid **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sc->kind == SCOPE_GRIDS ? SQL_GRIDS_OFFICER : SQL_GRIDS_PATH, err);
  if (!s) return err->code;
  bind_scope(s, sc, 0);
  size_t cap = 0, len = 0;
  struct jw_grid *g = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    g = jw_arena_grow(a, g, len, &cap, sizeof *g);
    grid_row(s, a, &g[len++]);
  }
  *out = g;
  *n = len;
  return st == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_comm_store_grid(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_grid *out,
                                struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GRID_ONE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no such grid.");
  grid_row(s, a, out);
  jw_step(s, err);
  return JW_OK;
}

enum jw_code jw_comm_store_grid_members(struct jw_conn *c, struct jw_arena *a, int64_t grid_id,
                                        struct jw_community_member **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GRID_MEMBERS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, grid_id);
  size_t cap = 0, len = 0;
  struct jw_community_member *m = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    m = jw_arena_grow(a, m, len, &cap, sizeof *m);
    m[len].id = jw_col_int(s, 0);
    m[len].name = jw_arena_strdup(a, jw_col_text(s, 1));
    m[len].kind = jw_arena_strdup(a, jw_col_text(s, 2));
    m[len++].title = jw_arena_strdup(a, jw_col_text(s, 3));
  }
  *out = m;
  *n = len;
  return st == JW_STEP_ERROR ? err->code : JW_OK;
}

/* ---- dashboards ---- */

/* residents, registered, migrants, expiring, expired of the rows matching the scope prefix. */
#define STATS_COLS                                                                                              \
  "SELECT COUNT(*), COALESCE(SUM(CASE WHEN r.kind = 'registered' THEN 1 ELSE 0 END), 0),"                       \
  " COALESCE(SUM(CASE WHEN r.kind = 'migrant' THEN 1 ELSE 0 END), 0),"                                          \
  " COALESCE(SUM(CASE WHEN r.permit_status = 'valid' AND r.permit_expires >= ? AND r.permit_expires <= ?"       \
  " THEN 1 ELSE 0 END), 0),"                                                                                    \
  " COALESCE(SUM(CASE WHEN r.permit_status = 'expired' OR (r.permit_status = 'valid' AND r.permit_expires < ?)" \
  " THEN 1 ELSE 0 END), 0) FROM residents r WHERE r.grid_id = ?"
static const char SQL_STATS_RES[] = STATS_COLS;
static const char SQL_STATS_HOUSES[] = "SELECT COUNT(*) FROM rental_houses WHERE grid_id = ?";
static const char SQL_STATS_GROUPS[] = "SELECT COUNT(*) FROM resident_groups WHERE grid_id = ?";

static int64_t count_by_grid(struct jw_conn *c, const char *sql, int64_t grid, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return -1;
  jw_bind_int(s, 1, grid);
  if (jw_step(s, err) != JW_STEP_ROW) return -1;
  int64_t v = jw_col_int(s, 0);
  jw_step(s, err);
  return v;
}

enum jw_code jw_comm_store_grid_stats(struct jw_conn *c, int64_t grid_id, const char *today, const char *in30,
                                      struct jw_community_stats *out, struct jw_error *err) {
  memset(out, 0, sizeof *out);
  struct jw_stmt *s = jw_prepare(c, SQL_STATS_RES, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, today);
  jw_bind_text(s, 2, in30);
  jw_bind_text(s, 3, today);
  jw_bind_int(s, 4, grid_id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : jw_fail(err, JW_E_DB, "no stats row");
  out->residents = jw_col_int(s, 0);
  out->registered = jw_col_int(s, 1);
  out->migrants = jw_col_int(s, 2);
  out->permits_expiring = jw_col_int(s, 3);
  out->permits_expired = jw_col_int(s, 4);
  jw_step(s, err);
  if ((out->houses = count_by_grid(c, SQL_STATS_HOUSES, grid_id, err)) < 0) return err->code;
  if ((out->groups = count_by_grid(c, SQL_STATS_GROUPS, grid_id, err)) < 0) return err->code;
  return JW_OK;
}
