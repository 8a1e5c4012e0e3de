/* store.c — every SQL statement of the seizures domain (tables stolen_vehicles, seizures). */
#include "seizures/store.h"

#include <stdio.h>
#include <string.h>

#include "core/mem.h"

static const char SQL_UNIT[] = "SELECT path, name FROM units WHERE id = ?";
static const char SQL_INSERT[] =
    "INSERT INTO stolen_vehicles (unit_id, unit_path, case_no, kind, plate_type, plate, vin, engine_no, brand, color,"
    " owner_name, owner_phone, reported_at, reported_place, status, created_by, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reported', ?, ?, ?) RETURNING id";

#define RECORD_SELECT                                                                                              \
  "SELECT w.id, w.unit_id, u.name, w.unit_path, w.case_no, w.kind, w.plate_type, w.plate, w.vin, w.engine_no,"     \
  " w.brand, w.color, w.owner_name, w.owner_phone, w.reported_place, w.status, w.cancel_reason, w.reported_at,"    \
  " w.created_at, w.updated_at, z.id, z.unit_id, zu.name, z.unit_path, z.hotspot_id, h.name, z.place, z.officers," \
  " z.note, z.returned_to, z.seized_at, z.returned_at"                                                             \
  " FROM stolen_vehicles w JOIN units u ON u.id = w.unit_id LEFT JOIN seizures z ON z.stolen_id = w.id"            \
  " LEFT JOIN units zu ON zu.id = z.unit_id LEFT JOIN hotspots h ON h.id = z.hotspot_id"

static const char SQL_GET[] = RECORD_SELECT " WHERE w.id = ?";
static const char SQL_LIST[] = RECORD_SELECT
    " WHERE ((w.unit_path >= ? AND w.unit_path < ?) OR (z.unit_path >= ? AND z.unit_path < ?))"
    " AND (CAST(? AS TEXT) IS NULL OR w.status = CAST(? AS TEXT))"
    " AND (CAST(? AS TEXT) IS NULL OR w.plate LIKE CAST(? AS TEXT) ESCAPE '\\' OR w.vin LIKE CAST(? AS TEXT) ESCAPE "
    "'\\'"
    " OR w.engine_no LIKE CAST(? AS TEXT) ESCAPE '\\' OR w.case_no LIKE CAST(? AS TEXT) ESCAPE '\\')"
    " AND (CAST(? AS BIGINT) = 0 OR z.hotspot_id = CAST(? AS BIGINT))"
    " AND (CAST(? AS BIGINT) = 0 OR w.id < CAST(? AS BIGINT))"
    " ORDER BY w.id DESC LIMIT ?";
static const char SQL_MOVE[] =
    "UPDATE stolen_vehicles SET status = ?, cancel_reason = COALESCE(CAST(? AS TEXT), cancel_reason), updated_at = ?"
    " WHERE id = ? AND status = ?";
static const char SQL_SEIZE[] =
    "INSERT INTO seizures (stolen_id, unit_id, unit_path, hotspot_id, seized_at, place, officers, note, seized_by,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_RETURN[] =
    "UPDATE seizures SET returned_at = ?, returned_to = ?, returned_by = ?, updated_at = ?"
    " WHERE stolen_id = ? AND returned_at IS NULL AND seized_at <= ?";
static const char SQL_CHECK[] =
    "SELECT w.id, w.kind, w.plate_type, w.plate, w.status, u.name, w.reported_at"
    " FROM stolen_vehicles w JOIN units u ON u.id = w.unit_id WHERE w.status IN ('reported', 'seized')"
    " AND ((w.plate <> '' AND w.plate = ? AND w.plate_type = ?) OR (w.vin <> '' AND w.vin = ?)"
    " OR (w.engine_no <> '' AND w.engine_no = ?)) ORDER BY w.id DESC LIMIT 20";
static const char SQL_TOTALS[] =
    "SELECT (SELECT COUNT(*) FROM stolen_vehicles WHERE status = 'reported'),"
    " (SELECT COUNT(*) FROM seizures), (SELECT COUNT(*) FROM seizures WHERE returned_at IS NOT NULL)";
static const char SQL_BY_HOTSPOT[] =
    "SELECT h.id, h.name, COUNT(*), COUNT(z.returned_at) FROM seizures z JOIN hotspots h ON h.id = z.hotspot_id"
    " GROUP BY h.id, h.name ORDER BY COUNT(*) DESC, h.id LIMIT 50";
static const char SQL_CASE_PREFIX[] = "SELECT COUNT(*) FROM stolen_vehicles WHERE case_no LIKE ?";
static const char SQL_HOTSPOT[] = "SELECT id, unit_id, unit_path FROM hotspots WHERE name = ? ORDER BY id LIMIT 1";
static const char SQL_UNITS_OF_KIND[] = "SELECT id, path FROM units WHERE kind = ? ORDER BY id LIMIT ?";
static const char SQL_DEMO_SEIZE[] =
    "INSERT INTO seizures (stolen_id, unit_id, unit_path, hotspot_id, seized_at, place, officers, returned_at,"
    " returned_to, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_DEMO_LINK[] =
    "UPDATE seizures SET hotspot_id = ? WHERE hotspot_id IS NULL AND place = ? AND stolen_id IN"
    " (SELECT id FROM stolen_vehicles WHERE case_no LIKE ?)";
static const char SQL_DEMO_STATUS[] = "UPDATE stolen_vehicles SET status = ? WHERE id = ? AND status = 'reported'";

int jw_seiz_store_unit(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path, const char **name,
                       struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  *path = jw_arena_strdup(a, jw_col_text(s, 0));
  if (name) *name = jw_arena_strdup(a, jw_col_text(s, 1));
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_seiz_store_insert(struct jw_conn *c, const struct jw_stolen_new *in, int64_t unit_id, const char *path,
                                  int64_t user_id, int64_t now, int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, unit_id);
  jw_bind_text(s, 2, path);
  jw_bind_text(s, 3, in->case_no);
  jw_bind_text(s, 4, in->kind);
  jw_bind_text(s, 5, in->plate_type);
  jw_bind_text(s, 6, in->plate);
  jw_bind_text(s, 7, in->vin);
  jw_bind_text(s, 8, in->engine_no);
  jw_bind_text(s, 9, in->brand);
  jw_bind_text(s, 10, in->color);
  jw_bind_text(s, 11, in->owner_name);
  jw_bind_text(s, 12, in->owner_phone);
  jw_bind_int(s, 13, in->reported_at);
  jw_bind_text(s, 14, in->reported_place);
  jw_bind_id(s, 15, user_id);
  jw_bind_int(s, 16, now);
  jw_bind_int(s, 17, now);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) {
    if (err->code == JW_E_CONFLICT)
      return jw_fail(err, JW_E_CONFLICT,
                     "This vehicle (plate or VIN) is already registered as stolen and not yet returned.");
    return err->code ? err->code : JW_E_DB;
  }
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

/* The current row of a RECORD_SELECT statement into *w (strings in a). */
static void record_row(struct jw_stmt *s, struct jw_arena *a, struct jw_stolen *w) {
  w->id = jw_col_int(s, 0);
  w->unit_id = jw_col_int(s, 1);
  const char **text[] = {&w->unit_name,  &w->unit_path,   &w->case_no,        &w->kind,   &w->plate_type,
                         &w->plate,      &w->vin,         &w->engine_no,      &w->brand,  &w->color,
                         &w->owner_name, &w->owner_phone, &w->reported_place, &w->status, &w->cancel_reason};
  for (int i = 0; i < 15; i++) *text[i] = jw_arena_strdup(a, jw_col_text(s, 2 + i));
  w->reported_at = jw_col_int(s, 17);
  w->created_at = jw_col_int(s, 18);
  w->updated_at = jw_col_int(s, 19);
  w->seized = !jw_col_is_null(s, 20);
  w->z = (struct jw_seizure){0};
  if (!w->seized) return;
  struct jw_seizure *z = &w->z;
  z->id = jw_col_int(s, 20);
  z->unit_id = jw_col_int(s, 21);
  z->unit_name = jw_arena_strdup(a, jw_col_text(s, 22));
  z->unit_path = jw_arena_strdup(a, jw_col_text(s, 23));
  z->hotspot_id = jw_col_is_null(s, 24) ? 0 : jw_col_int(s, 24);
  z->hotspot_name = jw_arena_strdup(a, jw_col_text(s, 25));
  z->place = jw_arena_strdup(a, jw_col_text(s, 26));
  z->officers = jw_arena_strdup(a, jw_col_text(s, 27));
  z->note = jw_arena_strdup(a, jw_col_text(s, 28));
  z->returned_to = jw_arena_strdup(a, jw_col_text(s, 29));
  z->seized_at = jw_col_int(s, 30);
  z->returned_at = jw_col_is_null(s, 31) ? 0 : jw_col_int(s, 31);
}

int jw_seiz_store_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_stolen *out, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GET, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  record_row(s, a, out);
  jw_conn_release(c);
  return 1;
}

/* q as a LIKE pattern (substring, with % _ \ escaped), in a; NULL for NULL. */
static const char *like(struct jw_arena *a, const char *q) {
  if (!q) return NULL;
  char *out = jw_arena_alloc(a, 2 * strlen(q) + 3), *o = out;
  *o++ = '%';
  for (const char *p = q; *p; p++) {
    if (*p == '%' || *p == '_' || *p == '\\') *o++ = '\\';
    *o++ = *p;
  }
  *o++ = '%';
  *o = '\0';
  return out;
}

enum jw_code jw_seiz_store_list(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi,
                                const struct jw_stolen_filter *f, int64_t limit, int64_t cursor, struct jw_stolen **out,
                                size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LIST, err);
  if (!s) return err->code;
  const char *pat = like(a, f->q);
  int i = 1;
  jw_bind_text(s, i++, lo);
  jw_bind_text(s, i++, hi);
  jw_bind_text(s, i++, lo);
  jw_bind_text(s, i++, hi);
  jw_bind_text(s, i++, f->status);
  jw_bind_text(s, i++, f->status);
  for (int k = 0; k < 5; k++) jw_bind_text(s, i++, pat);
  jw_bind_int(s, i++, f->hotspot_id);
  jw_bind_int(s, i++, f->hotspot_id);
  jw_bind_int(s, i++, cursor);
  jw_bind_int(s, i++, cursor);
  jw_bind_int(s, i++, limit);
  struct jw_stolen *rows = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    record_row(s, a, &rows[len++]);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

int jw_seiz_store_move(struct jw_conn *c, int64_t id, const char *from, const char *to, const char *reason, int64_t now,
                       struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MOVE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, to);
  jw_bind_text(s, 2, reason);
  jw_bind_int(s, 3, now);
  jw_bind_int(s, 4, id);
  jw_bind_text(s, 5, from);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s) == 1;
}

enum jw_code jw_seiz_store_seize(struct jw_conn *c, int64_t id, int64_t unit_id, const char *path,
                                 const struct jw_stolen_step *x, int64_t user_id, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SEIZE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, unit_id);
  jw_bind_text(s, 3, path);
  jw_bind_id(s, 4, x->hotspot_id);
  jw_bind_int(s, 5, x->seized_at);
  jw_bind_text(s, 6, x->place);
  jw_bind_text(s, 7, x->officers);
  jw_bind_text(s, 8, x->note ? x->note : "");
  jw_bind_id(s, 9, user_id);
  jw_bind_int(s, 10, now);
  jw_bind_int(s, 11, now);
  if (jw_step(s, err) == JW_STEP_ERROR) {
    if (err->code == JW_E_BAD_REFERENCE)
      return jw_fail(err, JW_E_BAD_REFERENCE, "There is no hotspot %lld.", (long long)x->hotspot_id);
    return err->code;
  }
  return JW_OK;
}

int jw_seiz_store_return(struct jw_conn *c, int64_t id, const struct jw_stolen_step *x, int64_t user_id, int64_t now,
                         struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RETURN, err);
  if (!s) return -1;
  jw_bind_int(s, 1, x->returned_at);
  jw_bind_text(s, 2, x->returned_to);
  jw_bind_id(s, 3, user_id);
  jw_bind_int(s, 4, now);
  jw_bind_int(s, 5, id);
  jw_bind_int(s, 6, x->returned_at);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s) == 1;
}

enum jw_code jw_seiz_store_check(struct jw_conn *c, struct jw_arena *a, const char *plate_type, const char *plate,
                                 const char *vin, const char *engine_no, struct jw_stolen_match **out, size_t *n,
                                 struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CHECK, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, plate ? plate : "");
  jw_bind_text(s, 2, plate_type ? plate_type : "");
  jw_bind_text(s, 3, vin ? vin : "");
  jw_bind_text(s, 4, engine_no ? engine_no : "");
  struct jw_stolen_match *rows = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    struct jw_stolen_match *m = &rows[len++];
    m->id = jw_col_int(s, 0);
    m->kind = jw_arena_strdup(a, jw_col_text(s, 1));
    m->plate_type = jw_arena_strdup(a, jw_col_text(s, 2));
    m->plate = jw_arena_strdup(a, jw_col_text(s, 3));
    m->status = jw_arena_strdup(a, jw_col_text(s, 4));
    m->unit_name = jw_arena_strdup(a, jw_col_text(s, 5));
    m->reported_at = jw_col_int(s, 6);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

enum jw_code jw_seiz_store_totals(struct jw_conn *c, struct jw_arena *a, struct jw_seizure_totals *out,
                                  struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_TOTALS, err);
  if (!s) return err->code;
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *out = (struct jw_seizure_totals){jw_col_int(s, 0), jw_col_int(s, 1), jw_col_int(s, 2), NULL, 0};
  jw_conn_release(c);
  s = jw_prepare(c, SQL_BY_HOTSPOT, err);
  if (!s) return err->code;
  size_t cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    out->hotspots = jw_arena_grow(a, out->hotspots, out->nhotspots, &cap, sizeof *out->hotspots);
    struct jw_seizure_hotspot_total *h = &out->hotspots[out->nhotspots++];
    h->hotspot_id = jw_col_int(s, 0);
    h->name = jw_arena_strdup(a, jw_col_text(s, 1));
    h->seized = jw_col_int(s, 2);
    h->returned = jw_col_int(s, 3);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  return JW_OK;
}

/* ---- the demo ---- */

int64_t jw_seiz_store_count_case_prefix(struct jw_conn *c, const char *prefix, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CASE_PREFIX, err);
  if (!s) return -1;
  char pat[64];
  snprintf(pat, sizeof pat, "%s%%", prefix);
  jw_bind_text(s, 1, pat);
  if (jw_step(s, err) != JW_STEP_ROW) return -1;
  int64_t n = jw_col_int(s, 0);
  jw_conn_release(c);
  return n;
}

int jw_seiz_store_hotspot_by_name(struct jw_conn *c, struct jw_arena *a, const char *name, int64_t *id,
                                  int64_t *unit_id, const char **path, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HOTSPOT, err);
  if (!s) return -1;
  jw_bind_text(s, 1, name);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  *id = jw_col_int(s, 0);
  *unit_id = jw_col_int(s, 1);
  *path = jw_arena_strdup(a, jw_col_text(s, 2));
  jw_conn_release(c);
  return 1;
}

int jw_seiz_store_units_of_kind(struct jw_conn *c, struct jw_arena *a, const char *kind, int64_t *ids,
                                const char **paths, int max, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNITS_OF_KIND, err);
  if (!s) return -1;
  jw_bind_text(s, 1, kind);
  jw_bind_int(s, 2, max);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && n < max) {
    ids[n] = jw_col_int(s, 0);
    paths[n++] = jw_arena_strdup(a, jw_col_text(s, 1));
  }
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return n;
}

enum jw_code jw_seiz_store_demo_seizure(struct jw_conn *c, int64_t id, int64_t unit_id, const char *path,
                                        int64_t hotspot_id, int64_t seized_at, const char *place, const char *officers,
                                        int64_t returned_at, const char *returned_to, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DEMO_SEIZE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, unit_id);
  jw_bind_text(s, 3, path);
  jw_bind_id(s, 4, hotspot_id);
  jw_bind_int(s, 5, seized_at);
  jw_bind_text(s, 6, place);
  jw_bind_text(s, 7, officers);
  jw_bind_id(s, 8, returned_at);
  jw_bind_text(s, 9, returned_at ? returned_to : "");
  jw_bind_int(s, 10, seized_at);
  jw_bind_int(s, 11, returned_at ? returned_at : seized_at);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  s = jw_prepare(c, SQL_DEMO_STATUS, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, returned_at ? "returned" : "seized");
  jw_bind_int(s, 2, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

int64_t jw_seiz_store_demo_link(struct jw_conn *c, int64_t hotspot_id, const char *place, const char *case_prefix,
                                struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DEMO_LINK, err);
  if (!s) return -1;
  char pat[64];
  snprintf(pat, sizeof pat, "%s%%", case_prefix);
  jw_bind_int(s, 1, hotspot_id);
  jw_bind_text(s, 2, place);
  jw_bind_text(s, 3, pat);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s);
}
