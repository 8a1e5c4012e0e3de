/* store.c — the SQL of violations, licences and road conditions (see
 * store.h; the seeds' statements are store_seed.c). */
#include "traffic/store.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/mem.h"

#define VIOLATION_COLS                                                                                           \
  "v.id, v.number, v.occurred_at, v.place, v.act_code, a.text, v.fine_cents, v.points, v.status, v.decision_no," \
  " v.handled_at, a.online_allowed, h.plate_type, h.plate, h.id"

static const char *const SQL_VIOLATIONS[] = {
    [JW_VIOLATIONS_OF_VEHICLE] = "SELECT " VIOLATION_COLS
                                 " FROM violations v JOIN violation_acts a ON a.code = v.act_code"
                                 " JOIN vehicles h ON h.id = v.vehicle_id"
                                 " WHERE v.vehicle_id = ? ORDER BY v.occurred_at DESC, v.id DESC LIMIT ? OFFSET ?",
    [JW_VIOLATIONS_OF_USER] = "SELECT " VIOLATION_COLS
                              " FROM vehicle_bindings b JOIN violations v ON v.vehicle_id = b.vehicle_id"
                              " JOIN violation_acts a ON a.code = v.act_code JOIN vehicles h ON h.id = v.vehicle_id"
                              " WHERE b.user_id = ? AND (CAST(? AS BIGINT) IS NULL OR v.vehicle_id = CAST(? AS BIGINT))"
                              " AND (CAST(? AS TEXT) IS NULL OR v.status = CAST(? AS TEXT))"
                              " ORDER BY v.occurred_at DESC, v.id DESC LIMIT ? OFFSET ?",
    [JW_VIOLATIONS_ONE] = "SELECT " VIOLATION_COLS
                          " FROM violations v JOIN violation_acts a ON a.code = v.act_code"
                          " JOIN vehicles h ON h.id = v.vehicle_id WHERE v.id = ?",
};

static const char SQL_ACTS[] =
    "SELECT code, text, points, fine_min_cents, fine_max_cents, legal_basis, online_allowed FROM violation_acts"
    " ORDER BY code";

static const char SQL_LICENCE_ENSURE[] =
    "INSERT INTO licences (user_id, cycle_start, points) VALUES (?, ?, 0) ON CONFLICT (user_id) DO NOTHING";
static const char SQL_LICENCE_GET[] = "SELECT cycle_start, points FROM licences WHERE user_id = ?";
/* Moves the cycle on once: a second transaction that read the same old
 * cycle finds nothing to update. */
static const char SQL_LICENCE_ROLL[] =
    "UPDATE licences SET cycle_start = ?, points = 0 WHERE user_id = ? AND cycle_start = ?";

static const char SQL_HANDLE_LOAD[] =
    "SELECT v.status, v.points, a.online_allowed, a.text, v.number FROM violations v"
    " JOIN violation_acts a ON a.code = v.act_code"
    " JOIN vehicle_bindings b ON b.vehicle_id = v.vehicle_id AND b.user_id = ? WHERE v.id = ?";
static const char SQL_HANDLE[] =
    "UPDATE violations SET status = 'handled', decision_no = ?, handled_at = ?, handled_by = ?"
    " WHERE id = ? AND status = 'unhandled'";
/* The 12-point rule lives in the UPDATE itself: however many handlings run
 * at once, on however many instances, points never reach the limit online. */
static const char SQL_ADD_POINTS[] = "UPDATE licences SET points = points + ? WHERE user_id = ? AND points + ? < ?";
static const char SQL_VIOLATION_OWNER[] =
    "SELECT o.id, h.plate FROM violations v JOIN vehicles h ON h.id = v.vehicle_id"
    " JOIN users o ON o.id_bidx = h.owner_id_bidx AND o.kind = 'citizen' WHERE v.id = ?";

#define SEG_COLS "id, district, road, section, status, note, updated_at"
#define INC_COLS "id, district, kind, place, starts_at, ends_at, detour, note, created_at"

static const char SQL_DISTRICTS[] =
    "SELECT district FROM road_segments UNION SELECT district FROM road_incidents WHERE ends_at > ? ORDER BY 1";
static const char SQL_SEGMENTS[] = "SELECT " SEG_COLS
                                   " FROM road_segments"
                                   " WHERE CAST(? AS TEXT) IS NULL OR district = CAST(? AS TEXT)"
                                   " ORDER BY district, id LIMIT 500";
static const char SQL_SEG_GET[] = "SELECT " SEG_COLS " FROM road_segments WHERE id = ?";
static const char SQL_INCIDENTS[] = "SELECT " INC_COLS
                                    " FROM road_incidents"
                                    " WHERE ends_at > ? AND (CAST(? AS TEXT) IS NULL OR district = CAST(? AS TEXT))"
                                    " ORDER BY starts_at DESC, id DESC LIMIT 200";
static const char SQL_INC_GET[] = "SELECT " INC_COLS " FROM road_incidents WHERE id = ?";
static const char SQL_IN_TRAFFIC[] =
    "SELECT 1 FROM units WHERE kind = 'traffic_brigade' AND ? >= path AND substr(?, 1, length(path)) = path";
static const char SQL_SEG_INSERT[] =
    "INSERT INTO road_segments (district, road, section, status, note, updated_at, updated_by)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_SEG_UPDATE[] =
    "UPDATE road_segments SET status = ?, note = COALESCE(CAST(? AS TEXT), note), updated_at = ?, updated_by = ?"
    " WHERE id = ?";
static const char SQL_SEG_DELETE[] = "DELETE FROM road_segments WHERE id = ?";
static const char SQL_INC_INSERT[] =
    "INSERT INTO road_incidents (district, kind, place, starts_at, ends_at, detour, note, created_at, created_by)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
/* Ending one that has not started yet (planned works called off) moves its
 * start back too, so that start < end still holds. */
static const char SQL_INC_END[] =
    "UPDATE road_incidents SET starts_at = CASE WHEN starts_at < ? THEN starts_at ELSE ? END, ends_at = ?"
    " WHERE id = ? AND ends_at > ?";

static const char *dup(struct jw_arena *a, struct jw_stmt *s, int col) {
  return jw_col_is_null(s, col) ? NULL : jw_arena_strdup(a, jw_col_text(s, col));
}

static void violation_row(struct jw_arena *a, struct jw_stmt *s, struct jw_violation *v) {
  v->id = jw_col_int(s, 0);
  v->number = dup(a, s, 1);
  v->occurred_at = jw_col_int(s, 2);
  v->place = dup(a, s, 3);
  v->act_code = dup(a, s, 4);
  v->act = dup(a, s, 5);
  v->fine_cents = jw_col_int(s, 6);
  v->points = jw_col_int(s, 7);
  v->status = dup(a, s, 8);
  v->decision_no = dup(a, s, 9);
  v->handled_at = jw_col_is_null(s, 10) ? 0 : jw_col_int(s, 10);
  v->online_allowed = jw_col_int(s, 11) != 0;
  v->plate_type = dup(a, s, 12);
  v->plate = dup(a, s, 13);
  v->vehicle_id = jw_col_int(s, 14);
}

enum jw_code jw_traffic_store_violations(struct jw_conn *c, const struct jw_violation_filter *f, struct jw_arena *a,
                                         struct jw_violation **out, size_t *n, struct jw_error *err) {
  assert(f->which >= JW_VIOLATIONS_OF_VEHICLE && f->which <= JW_VIOLATIONS_ONE);
  struct jw_stmt *s = jw_prepare(c, SQL_VIOLATIONS[f->which], err);
  if (!s) return err->code;
  jw_bind_int(s, 1, f->key);
  int page = 2;
  if (f->which == JW_VIOLATIONS_OF_USER) {
    jw_bind_id(s, 2, f->vehicle_id);
    jw_bind_id(s, 3, f->vehicle_id);
    jw_bind_text(s, 4, f->status);
    jw_bind_text(s, 5, f->status);
    page = 6;
  }
  if (f->which != JW_VIOLATIONS_ONE) {
    jw_bind_int(s, page, f->max);
    jw_bind_int(s, page + 1, f->offset);
  }
  struct jw_violation *items = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    items = jw_arena_grow(a, items, len, &cap, sizeof *items);
    violation_row(a, s, &items[len++]);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = items;
  *n = len;
  return JW_OK;
}

enum jw_code jw_traffic_store_acts(struct jw_conn *c, struct jw_arena *a, struct jw_violation_act **out, size_t *n,
                                   struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ACTS, err);
  if (!s) return err->code;
  struct jw_violation_act *items = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    items = jw_arena_grow(a, items, len, &cap, sizeof *items);
    struct jw_violation_act *k = &items[len++];
    k->code = dup(a, s, 0);
    k->text = dup(a, s, 1);
    k->points = jw_col_int(s, 2);
    k->fine_min_cents = jw_col_int(s, 3);
    k->fine_max_cents = jw_col_int(s, 4);
    k->legal_basis = dup(a, s, 5);
    k->online_allowed = (int)jw_col_int(s, 6);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = items;
  *n = len;
  return JW_OK;
}

enum jw_code jw_traffic_store_licence_ensure(struct jw_conn *c, int64_t user_id, const char *day,
                                             struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LICENCE_ENSURE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_text(s, 2, day);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_traffic_store_licence_get(struct jw_conn *c, int64_t user_id, char start[11], int64_t *points,
                                          struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LICENCE_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  snprintf(start, 11, "%s", jw_col_text(s, 0));
  *points = jw_col_int(s, 1);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_traffic_store_licence_roll(struct jw_conn *c, int64_t user_id, const char *old_start,
                                           const char *new_start, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LICENCE_ROLL, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, new_start);
  jw_bind_int(s, 2, user_id);
  jw_bind_text(s, 3, old_start);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_traffic_store_add_points(struct jw_conn *c, int64_t user_id, int64_t points, int limit, int *added,
                                         struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ADD_POINTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, points);
  jw_bind_int(s, 2, user_id);
  jw_bind_int(s, 3, points);
  jw_bind_int(s, 4, limit);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *added = jw_changes(s) == 1;
  return JW_OK;
}

enum jw_code jw_traffic_store_handle_load(struct jw_conn *c, int64_t user_id, int64_t id, struct jw_arena *a,
                                          struct jw_handle_row *out, struct jw_error *err) {
  memset(out, 0, sizeof *out);
  struct jw_stmt *s = jw_prepare(c, SQL_HANDLE_LOAD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return JW_OK;
  out->found = 1;
  out->unhandled = strcmp(jw_col_text(s, 0), "unhandled") == 0;
  out->points = jw_col_int(s, 1);
  out->online = (int)jw_col_int(s, 2);
  out->act = jw_arena_strdup(a, jw_col_text(s, 3));
  out->number = jw_arena_strdup(a, jw_col_text(s, 4));
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_traffic_store_handle_set(struct jw_conn *c, int64_t id, const char *decision_no, int64_t now,
                                         int64_t user_id, int *done, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HANDLE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, decision_no);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, user_id);
  jw_bind_int(s, 4, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *done = jw_changes(s) == 1;
  return JW_OK;
}

enum jw_code jw_traffic_store_violation_owner(struct jw_conn *c, int64_t id, struct jw_arena *a, int64_t *owner,
                                              const char **plate, struct jw_error *err) {
  *owner = 0;
  struct jw_stmt *s = jw_prepare(c, SQL_VIOLATION_OWNER, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return JW_OK;
  *owner = jw_col_int(s, 0);
  *plate = jw_arena_strdup(a, jw_col_text(s, 1));
  jw_conn_release(c);
  return JW_OK;
}

/* ---- road conditions ---- */

enum jw_code jw_traffic_store_districts(struct jw_conn *c, int64_t now, struct jw_arena *a, const char ***out,
                                        size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DISTRICTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  const char **items = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    items = jw_arena_grow(a, items, len, &cap, sizeof *items);
    items[len++] = jw_arena_strdup(a, jw_col_text(s, 0));
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = items;
  *n = len;
  return JW_OK;
}

enum jw_code jw_traffic_store_segments(struct jw_conn *c, const char *district, int64_t id, struct jw_arena *a,
                                       struct jw_road_segment **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, id ? SQL_SEG_GET : SQL_SEGMENTS, err);
  if (!s) return err->code;
  if (id) {
    jw_bind_int(s, 1, id);
  } else {
    jw_bind_text(s, 1, district);
    jw_bind_text(s, 2, district);
  }
  struct jw_road_segment *items = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    items = jw_arena_grow(a, items, len, &cap, sizeof *items);
    struct jw_road_segment *g = &items[len++];
    g->id = jw_col_int(s, 0);
    g->district = dup(a, s, 1);
    g->road = dup(a, s, 2);
    g->section = dup(a, s, 3);
    g->status = dup(a, s, 4);
    g->note = dup(a, s, 5);
    g->updated_at = jw_col_int(s, 6);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = items;
  *n = len;
  return JW_OK;
}

enum jw_code jw_traffic_store_incidents(struct jw_conn *c, const char *district, int64_t now, int64_t id,
                                        struct jw_arena *a, struct jw_road_incident **out, size_t *n,
                                        struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, id ? SQL_INC_GET : SQL_INCIDENTS, err);
  if (!s) return err->code;
  if (id) {
    jw_bind_int(s, 1, id);
  } else {
    jw_bind_int(s, 1, now);
    jw_bind_text(s, 2, district);
    jw_bind_text(s, 3, district);
  }
  struct jw_road_incident *items = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    items = jw_arena_grow(a, items, len, &cap, sizeof *items);
    struct jw_road_incident *k = &items[len++];
    k->id = jw_col_int(s, 0);
    k->district = dup(a, s, 1);
    k->kind = dup(a, s, 2);
    k->place = dup(a, s, 3);
    k->starts_at = jw_col_int(s, 4);
    k->ends_at = jw_col_int(s, 5);
    k->detour = dup(a, s, 6);
    k->note = dup(a, s, 7);
    k->created_at = jw_col_int(s, 8);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = items;
  *n = len;
  return JW_OK;
}

int jw_traffic_store_in_traffic(struct jw_conn *c, const char *unit_path, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_IN_TRAFFIC, err);
  if (!s) return -1;
  jw_bind_text(s, 1, unit_path);
  jw_bind_text(s, 2, unit_path);
  enum jw_step st = jw_step(s, err);
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? -1 : st == JW_STEP_ROW;
}

enum jw_code jw_traffic_store_segment_insert(struct jw_conn *c, const struct jw_road_segment_input *in, int64_t now,
                                             int64_t user_id, int64_t *id, struct jw_error *err) {
  assert(in->status >= 0);
  struct jw_stmt *s = jw_prepare(c, SQL_SEG_INSERT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, in->district);
  jw_bind_text(s, 2, in->road);
  jw_bind_text(s, 3, in->section ? in->section : "");
  jw_bind_text(s, 4, jw_road_statuses[in->status]);
  jw_bind_text(s, 5, in->note ? in->note : "");
  jw_bind_int(s, 6, now);
  jw_bind_int(s, 7, user_id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  return JW_OK;
}

enum jw_code jw_traffic_store_segment_update(struct jw_conn *c, int64_t id, const struct jw_road_segment_input *in,
                                             int64_t now, int64_t user_id, int *changed, struct jw_error *err) {
  assert(in->status >= 0);
  struct jw_stmt *s = jw_prepare(c, SQL_SEG_UPDATE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, jw_road_statuses[in->status]);
  jw_bind_text(s, 2, in->note);
  jw_bind_int(s, 3, now);
  jw_bind_int(s, 4, user_id);
  jw_bind_int(s, 5, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *changed = jw_changes(s) == 1;
  return JW_OK;
}

enum jw_code jw_traffic_store_segment_delete(struct jw_conn *c, int64_t id, int *changed, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SEG_DELETE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *changed = jw_changes(s) == 1;
  return JW_OK;
}

enum jw_code jw_traffic_store_incident_insert(struct jw_conn *c, const struct jw_road_incident_input *in, int64_t now,
                                              int64_t user_id, int64_t *id, struct jw_error *err) {
  assert(in->kind >= 0);
  struct jw_stmt *s = jw_prepare(c, SQL_INC_INSERT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, in->district);
  jw_bind_text(s, 2, jw_incident_kinds[in->kind]);
  jw_bind_text(s, 3, in->place);
  jw_bind_int(s, 4, in->starts_at);
  jw_bind_int(s, 5, in->ends_at);
  jw_bind_text(s, 6, in->detour ? in->detour : "");
  jw_bind_text(s, 7, in->note ? in->note : "");
  jw_bind_int(s, 8, now);
  jw_bind_int(s, 9, user_id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  return JW_OK;
}

enum jw_code jw_traffic_store_incident_end(struct jw_conn *c, int64_t id, int64_t now, int *changed,
                                           struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INC_END, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, now - 1);
  jw_bind_int(s, 3, now);
  jw_bind_int(s, 4, id);
  jw_bind_int(s, 5, now);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *changed = jw_changes(s) == 1;
  return JW_OK;
}
