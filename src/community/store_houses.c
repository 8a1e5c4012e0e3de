/* store_houses.c — list and read queries of rental houses and groups (see
 * store_read.h), in the three scope forms of store_read.c. */
#include <string.h>

#include "community/store_read.h"
#include "core/mem.h"

#define HCOLS                                                                                           \
  "SELECT h.id, h.grid_id, h.unit_path, h.address, h.landlord_name, h.landlord_phone, h.rooms, h.note," \
  " (SELECT COUNT(*) FROM residents t WHERE t.house_id = h.id), h.created_at, h.updated_at FROM rental_houses h"
#define HFILTERS                                                                        \
  " AND (? = '' OR h.address LIKE ? ESCAPE '\\' OR h.landlord_name LIKE ? ESCAPE '\\')" \
  " AND (? = 0 OR h.id < ?) ORDER BY h.id DESC LIMIT ?"
static const char SQL_HOUSES_GRID[] = HCOLS " WHERE h.grid_id = ? AND h.grid_id = ?" HFILTERS;
static const char SQL_HOUSES_OFFICER[] = HCOLS
    " WHERE h.grid_id IN (SELECT id FROM grids WHERE officer_id = ? UNION SELECT grid_id FROM grid_members"
    " WHERE officer_id = ?)" HFILTERS;
static const char SQL_HOUSES_PATH[] = HCOLS " WHERE h.unit_path >= ? AND h.unit_path < ?" HFILTERS;
static const char SQL_HOUSE_ONE[] = HCOLS " WHERE h.id = ?";

#define GRCOLS                                                                                              \
  "SELECT gr.id, gr.grid_id, gr.unit_path, gr.name, gr.kind, gr.note, gr.leader_id, l.name,"                \
  " (SELECT COUNT(*) FROM resident_group_members m WHERE m.group_id = gr.id), gr.created_at, gr.updated_at" \
  " FROM resident_groups gr LEFT JOIN residents l ON l.id = gr.leader_id"
#define GRFILTERS " AND (? = 0 OR gr.id < ?) ORDER BY gr.id DESC LIMIT ?"
static const char SQL_GROUPS_GRID[] = GRCOLS " WHERE gr.grid_id = ? AND gr.grid_id = ?" GRFILTERS;
static const char SQL_GROUPS_OFFICER[] = GRCOLS
    " WHERE gr.grid_id IN (SELECT id FROM grids WHERE officer_id = ? UNION SELECT grid_id FROM grid_members"
    " WHERE officer_id = ?)" GRFILTERS;
static const char SQL_GROUPS_PATH[] = GRCOLS " WHERE gr.unit_path >= ? AND gr.unit_path < ?" GRFILTERS;
static const char SQL_GROUP_ONE[] = GRCOLS " WHERE gr.id = ?";

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
  const char *sql = grid_id ? SQL_HOUSES_GRID : sc->kind == SCOPE_GRIDS ? SQL_HOUSES_OFFICER : SQL_HOUSES_PATH;
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return err->code;
  bind_scope(s, sc, grid_id);
  const char *like = q && *q ? jw_db_like(a, q) : "";
  jw_bind_text(s, 3, like);
  jw_bind_text(s, 4, like);
  jw_bind_text(s, 5, like);
  jw_bind_int(s, 6, cursor);
  jw_bind_int(s, 7, cursor);
  jw_bind_int(s, 8, limit + 1);
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
  struct jw_stmt *s = jw_prepare(c, SQL_HOUSE_ONE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
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
  const char *sql = grid_id ? SQL_GROUPS_GRID : sc->kind == SCOPE_GRIDS ? SQL_GROUPS_OFFICER : SQL_GROUPS_PATH;
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return err->code;
  bind_scope(s, sc, grid_id);
  jw_bind_int(s, 3, cursor);
  jw_bind_int(s, 4, cursor);
  jw_bind_int(s, 5, limit + 1);
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
  struct jw_stmt *s = jw_prepare(c, SQL_GROUP_ONE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no such group.");
  group_row(s, a, out);
  jw_step(s, err);
  return JW_OK;
}
