/* store_houses.c — list and read queries of rental houses and groups (see
 * store_read.h), in the three scope forms of store_read.c. */
#include <string.h>

#include "community/store_read.h"
#include "core/mem.h"

/* The grids the reader sees (parameters 1 and 2: an officer record twice,
 * or a unit path range), as the CTE vis: embedded tenants, members, their
 * counts and a group's leader are read through it, so a house or group
 * shows nobody who lives outside the reader's grids (a resident moved to
 * another grid, a house moved away from its tenants). */
#define VIS_GRIDS                                                                                     \
  "WITH vis(id) AS (SELECT id FROM grids WHERE officer_id = ? UNION SELECT grid_id FROM grid_members" \
  " WHERE officer_id = ?) "
#define VIS_PATH "WITH vis(id) AS (SELECT id FROM grids WHERE unit_path >= ? AND unit_path < ?) "

#define HCOLS_OF(count_scope)                                                                           \
  "SELECT h.id, h.grid_id, h.unit_path, h.address, h.landlord_name, h.landlord_phone, h.rooms, h.note," \
  " (SELECT COUNT(*) FROM residents t WHERE t.house_id = h.id" count_scope                              \
  "), h.created_at, h.updated_at"                                                                       \
  " FROM rental_houses h"
#define IN_VIS(col) " AND " col " IN (SELECT id FROM vis)"
#define HFILTERS                                                                        \
  " AND (? = 0 OR h.grid_id = ?)"                                                       \
  " AND (? = '' OR h.address LIKE ? ESCAPE '\\' OR h.landlord_name LIKE ? ESCAPE '\\')" \
  " AND (? = 0 OR h.id < ?) ORDER BY h.id DESC LIMIT ?"
static const char SQL_HOUSES_OFFICER[] =
    VIS_GRIDS HCOLS_OF(IN_VIS("t.grid_id")) " WHERE 1 = 1" IN_VIS("h.grid_id") HFILTERS;
static const char SQL_HOUSES_PATH[] =
    VIS_PATH HCOLS_OF(IN_VIS("t.grid_id")) " WHERE 1 = 1" IN_VIS("h.grid_id") HFILTERS;
static const char SQL_HOUSE_ONE[] = HCOLS_OF("") " WHERE h.id = ?";
static const char SQL_HOUSE_ONE_OFFICER[] = VIS_GRIDS HCOLS_OF(IN_VIS("t.grid_id")) " WHERE h.id = ?";
static const char SQL_HOUSE_ONE_PATH[] = VIS_PATH HCOLS_OF(IN_VIS("t.grid_id")) " WHERE h.id = ?";

#define GRCOLS_OF(scope) \
  "SELECT gr.id, gr.grid_id, gr.unit_path, gr.name, gr.kind, gr.note, l.id, l.name,"                        \
  " (SELECT COUNT(*) FROM resident_group_members m JOIN residents mr ON mr.id = m.resident_id"                \
  " WHERE m.group_id = gr.id" scope("mr.grid_id") "), gr.created_at, gr.updated_at"                           \
  " FROM resident_groups gr LEFT JOIN residents l ON l.id = gr.leader_id" scope("l.grid_id")
#define NO_SCOPE(col) ""
#define GRFILTERS     " AND (? = 0 OR gr.grid_id = ?) AND (? = 0 OR gr.id < ?) ORDER BY gr.id DESC LIMIT ?"
static const char SQL_GROUPS_OFFICER[] = VIS_GRIDS GRCOLS_OF(IN_VIS) " WHERE 1 = 1" IN_VIS("gr.grid_id") GRFILTERS;
static const char SQL_GROUPS_PATH[] = VIS_PATH GRCOLS_OF(IN_VIS) " WHERE 1 = 1" IN_VIS("gr.grid_id") GRFILTERS;
static const char SQL_GROUP_ONE[] = GRCOLS_OF(NO_SCOPE) " WHERE gr.id = ?";
static const char SQL_GROUP_ONE_OFFICER[] = VIS_GRIDS GRCOLS_OF(IN_VIS) " WHERE gr.id = ?";
static const char SQL_GROUP_ONE_PATH[] = VIS_PATH GRCOLS_OF(IN_VIS) " WHERE gr.id = ?";

/* Binds sc as parameters 1 and 2 (the CTE vis). */
static void bind_scope(struct jw_stmt *s, const struct jw_comm_scope *sc) {
  if (sc->kind == SCOPE_GRIDS) {
    jw_bind_int(s, 1, sc->officer);
    jw_bind_int(s, 2, sc->officer);
  } else {
    jw_bind_text(s, 1, sc->path ? sc->path : "");
    jw_bind_text(s, 2, sc->path_end ? sc->path_end : "");
  }
}

static void house_row(struct jw_stmt *s, struct jw_arena *a, struct jw_house *h) {
  memset(h, 0, sizeof *h);
  h->id = jw_col_int(s, 0);
  h->grid_id = jw_col_int(s, 1);
  h->unit_path = jw_arena_strdup(a, jw_col_text(s, 2));
  h->address = jw_arena_strdup(a, jw_col_text(s, 3));
  h->landlord_name = jw_arena_strdup(a, jw_col_text(s, 4));
  h->landlord_phone = jw_arena_strdup(a, jw_col_text(s, 5));
  h->rooms = jw_col_int(s, 6);
  h->note = jw_arena_strdup(a, jw_col_text(s, 7));
  h->tenants = jw_col_int(s, 8);
  h->created_at = jw_col_int(s, 9);
  h->updated_at = jw_col_int(s, 10);
}

static void group_row(struct jw_stmt *s, struct jw_arena *a, struct jw_group *g) {
  memset(g, 0, sizeof *g);
  g->id = jw_col_int(s, 0);
  g->grid_id = jw_col_int(s, 1);
  g->unit_path = jw_arena_strdup(a, jw_col_text(s, 2));
  g->name = jw_arena_strdup(a, jw_col_text(s, 3));
  g->kind = jw_arena_strdup(a, jw_col_text(s, 4));
  g->note = jw_arena_strdup(a, jw_col_text(s, 5));
  g->leader_id = jw_col_is_null(s, 6) ? 0 : jw_col_int(s, 6);
  g->leader_name = jw_col_is_null(s, 7) ? NULL : jw_arena_strdup(a, jw_col_text(s, 7));
  g->members = jw_col_int(s, 8);
  g->created_at = jw_col_int(s, 9);
  g->updated_at = jw_col_int(s, 10);
}

enum jw_code jw_comm_store_houses(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc,
                                  int64_t grid_id, const char *q, int64_t cursor, int64_t limit, struct jw_house **out,
                                  size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sc->kind == SCOPE_GRIDS ? SQL_HOUSES_OFFICER : SQL_HOUSES_PATH, err);
  if (!s) return err->code;
  bind_scope(s, sc);
  jw_bind_int(s, 3, grid_id);
  jw_bind_int(s, 4, grid_id);
  const char *like = q && *q ? jw_db_like(a, q) : "";
  jw_bind_text(s, 5, like);
  jw_bind_text(s, 6, like);
  jw_bind_text(s, 7, like);
  jw_bind_int(s, 8, cursor);
  jw_bind_int(s, 9, cursor);
  jw_bind_int(s, 10, limit + 1);
  size_t cap = 0, len = 0;
  struct jw_house *h = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    h = jw_arena_grow(a, h, len, &cap, sizeof *h);
    house_row(s, a, &h[len++]);
  }
  *out = h;
  *n = len;
  return st == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_comm_store_house(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_house *out,
                                 struct jw_error *err) {
  return jw_comm_store_house_in(c, a, NULL, id, out, err);
}

enum jw_code jw_comm_store_house_in(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc, int64_t id,
                                    struct jw_house *out, struct jw_error *err) {
  const char *sql = !sc ? SQL_HOUSE_ONE : sc->kind == SCOPE_GRIDS ? SQL_HOUSE_ONE_OFFICER : SQL_HOUSE_ONE_PATH;
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return err->code;
  if (sc) bind_scope(s, sc);
  jw_bind_int(s, sc ? 3 : 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no such rental house.");
  house_row(s, a, out);
  jw_step(s, err);
  return JW_OK;
}

enum jw_code jw_comm_store_groups(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc,
                                  int64_t grid_id, int64_t cursor, int64_t limit, struct jw_group **out, size_t *n,
                                  struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sc->kind == SCOPE_GRIDS ? SQL_GROUPS_OFFICER : SQL_GROUPS_PATH, err);
  if (!s) return err->code;
  bind_scope(s, sc);
  jw_bind_int(s, 3, grid_id);
  jw_bind_int(s, 4, grid_id);
  jw_bind_int(s, 5, cursor);
  jw_bind_int(s, 6, cursor);
  jw_bind_int(s, 7, limit + 1);
  size_t cap = 0, len = 0;
  struct jw_group *g = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    g = jw_arena_grow(a, g, len, &cap, sizeof *g);
    group_row(s, a, &g[len++]);
  }
  *out = g;
  *n = len;
  return st == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_comm_store_group(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_group *out,
                                 struct jw_error *err) {
  return jw_comm_store_group_in(c, a, NULL, id, out, err);
}

enum jw_code jw_comm_store_group_in(struct jw_conn *c, struct jw_arena *a, const struct jw_comm_scope *sc, int64_t id,
                                    struct jw_group *out, struct jw_error *err) {
  const char *sql = !sc ? SQL_GROUP_ONE : sc->kind == SCOPE_GRIDS ? SQL_GROUP_ONE_OFFICER : SQL_GROUP_ONE_PATH;
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return err->code;
  if (sc) bind_scope(s, sc);
  jw_bind_int(s, sc ? 3 : 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no such group.");
  group_row(s, a, out);
  jw_step(s, err);
  return JW_OK;
}
