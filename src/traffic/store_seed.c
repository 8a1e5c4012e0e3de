/* store_seed.c — the SQL of the demo traffic data and of the generated
 * violations for load tests (see store.h). The multi-row INSERTs are built
 * once from constant text (never from input) for the batch size the
 * database allows. */
#include <assert.h>
#include <stdio.h>

#include "traffic/store.h"

static const char SQL_DEMO_THERE[] = "SELECT 1 FROM vehicles WHERE plate = '浙J12345' AND plate_type = '02'";
static const char SQL_VIOLATION[] =
    "INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points, unit_id, status,"
    " decision_no, handled_at, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_SEGMENT[] =
    "INSERT INTO road_segments (district, road, section, status, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_INCIDENT[] =
    "INSERT INTO road_incidents (district, kind, place, starts_at, ends_at, detour, note, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_BULK_COUNT[] = "SELECT COUNT(*) FROM violations WHERE number >= 'B' AND number < 'C'";
static const char SQL_TRAFFIC_UNIT[] = "SELECT id FROM units WHERE kind = 'traffic_brigade' ORDER BY id LIMIT 1";

int jw_traffic_store_demo_there(struct jw_conn *c, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DEMO_THERE, err);
  if (!s) return -1;
  enum jw_step st = jw_step(s, err);
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? -1 : st == JW_STEP_ROW;
}

static void bind_id_or_null(struct jw_stmt *s, int idx, int64_t v) {
  if (v)
    jw_bind_int(s, idx, v);
  else
    jw_bind_null(s, idx);
}

/* Binds v's twelve columns from base + 1 on. */
static void bind_violation(struct jw_stmt *s, int base, const struct jw_seed_violation *v) {
  jw_bind_text(s, base + 1, v->number);
  jw_bind_int(s, base + 2, v->vehicle_id);
  jw_bind_int(s, base + 3, v->occurred_at);
  jw_bind_text(s, base + 4, v->place);
  jw_bind_text(s, base + 5, v->act_code);
  jw_bind_int(s, base + 6, v->fine_cents);
  jw_bind_int(s, base + 7, v->points);
  bind_id_or_null(s, base + 8, v->unit_id);
  jw_bind_text(s, base + 9, v->status);
  jw_bind_text(s, base + 10, v->decision_no);
  bind_id_or_null(s, base + 11, v->handled_at);
  bind_id_or_null(s, base + 12, v->paid_at);
}

enum jw_code jw_traffic_store_seed_violation(struct jw_conn *c, const struct jw_seed_violation *v,
                                             struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_VIOLATION, err);
  if (!s) return err->code;
  bind_violation(s, 0, v);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_traffic_store_seed_segment(struct jw_conn *c, const char *const cols[5], int64_t updated_at,
                                           struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SEGMENT, err);
  if (!s) return err->code;
  for (int k = 0; k < 5; k++) jw_bind_text(s, k + 1, cols[k]);
  jw_bind_int(s, 6, updated_at);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_traffic_store_seed_incident(struct jw_conn *c, const struct jw_road_incident *in,
                                            struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INCIDENT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, in->district);
  jw_bind_text(s, 2, in->kind);
  jw_bind_text(s, 3, in->place);
  jw_bind_int(s, 4, in->starts_at);
  jw_bind_int(s, 5, in->ends_at);
  jw_bind_text(s, 6, in->detour);
  jw_bind_text(s, 7, in->note);
  jw_bind_int(s, 8, in->created_at);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_traffic_store_bulk_count(struct jw_conn *c, int64_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_BULK_COUNT, err);
  if (!s || jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *n = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_traffic_store_traffic_unit(struct jw_conn *c, int64_t *id, struct jw_error *err) {
  *id = 0;
  struct jw_stmt *s = jw_prepare(c, SQL_TRAFFIC_UNIT, err);
  if (!s) return err->code;
  if (jw_step(s, err) == JW_STEP_ROW) *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

/* ---- generated data: multi-row INSERTs ---- */

enum { VCOLS = 9, XCOLS = 12 };
static int batch = JW_SEED_BATCH_MAX;
static char sql_vehicles[JW_SEED_BATCH_MAX * 40 + 400];
static char sql_violations[JW_SEED_BATCH_MAX * 60 + 400];

int jw_traffic_store_seed_batch(int rows) {
  assert(rows > 0 && rows <= JW_SEED_BATCH_MAX);
  if (sql_vehicles[0] && batch == rows) return batch;
  batch = rows;
  size_t n = (size_t)snprintf(sql_vehicles, sizeof sql_vehicles,
                              "INSERT INTO vehicles (plate_type, plate, vin, engine_no, engine6, owner_name,"
                              " registered_on, inspection_due, created_at) VALUES ");
  for (int i = 0; i < batch; i++)
    n += (size_t)snprintf(sql_vehicles + n, sizeof sql_vehicles - n, "%s(?,?,?,?,?,?,?,?,?)", i ? "," : "");
  snprintf(sql_vehicles + n, sizeof sql_vehicles - n,
           " ON CONFLICT (plate, plate_type) DO UPDATE SET owner_name = excluded.owner_name RETURNING id, plate");
  n = (size_t)snprintf(sql_violations, sizeof sql_violations,
                       "INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points,"
                       " unit_id, status, decision_no, handled_at, paid_at) VALUES ");
  for (int i = 0; i < batch; i++)
    n += (size_t)snprintf(sql_violations + n, sizeof sql_violations - n, "%s(?,?,?,?,?,?,?,?,?,?,?,?)", i ? "," : "");
  return batch;
}

enum jw_code jw_traffic_store_bulk_vehicles(struct jw_conn *c, const struct jw_seed_vehicle *v, int64_t now,
                                            void (*found)(void *ctx, int64_t id, const char *plate), void *ctx,
                                            struct jw_error *err) {
  assert(sql_vehicles[0]);
  struct jw_stmt *s = jw_prepare(c, sql_vehicles, err);
  if (!s) return err->code;
  for (int i = 0; i < batch; i++) {
    const char *vals[] = {"02",         v[i].plate, v[i].vin,           v[i].engine,
                          v[i].engine6, "",         v[i].registered_on, v[i].inspection_due};
    for (int k = 0; k < 8; k++) jw_bind_text(s, i * VCOLS + k + 1, vals[k]);
    jw_bind_int(s, i * VCOLS + 9, now);
  }
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) found(ctx, jw_col_int(s, 0), jw_col_text(s, 1));
  return st == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_traffic_store_bulk_violations(struct jw_conn *c, const struct jw_seed_violation *v,
                                              struct jw_error *err) {
  assert(sql_violations[0]);
  struct jw_stmt *s = jw_prepare(c, sql_violations, err);
  if (!s) return err->code;
  for (int j = 0; j < batch; j++) bind_violation(s, j * XCOLS, &v[j]);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

void jw_traffic_store_bulk_tune(struct jw_conn *c, enum jw_db_kind kind, struct jw_error *err) {
  if (kind == JW_DB_SQLITE) jw_exec(c, "PRAGMA cache_size = -262144", err);
}
