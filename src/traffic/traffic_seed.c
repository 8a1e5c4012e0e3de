/* traffic_seed.c — demo traffic data: the fixed demo vehicles and their
 * violations, road conditions, and any number of generated violations for
 * load tests (`jingwu seed --violations N`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "core/log.h"
#include "traffic/traffic.h"
#include "vehicles/vehicles.h"

/* Office letters of generated plates: A–Z less I, O and J (J is the demo's). */
static const char bulk_letters[] = "ABCDEFGHKLMNPQRSTUVWXYZ";
#define BULK_PER_LETTER 100000
#define BULK_MAX        ((int64_t)(sizeof bulk_letters - 1) * BULK_PER_LETTER)

void jw_traffic_bulk_plate(int64_t k, char out[24]) {
  snprintf(out, 24, "浙%c%05d", bulk_letters[(k / BULK_PER_LETTER) % (int64_t)(sizeof bulk_letters - 1)],
           (int)(k % BULK_PER_LETTER));
}

void jw_traffic_bulk_engine6(int64_t k, char out[7]) {
  int64_t v = (k * 7919 + 104729) % 1000000;
  for (int i = 5; i >= 0; i--, v /= 10) out[i] = (char)('0' + v % 10);
  out[6] = '\0';
}

/* The k of a generated plate, or -1. */
static int64_t bulk_index(const char *plate) {
  if (strncmp(plate, "浙", 3) != 0 || strlen(plate) != 9) return -1;
  const char *p = strchr(bulk_letters, plate[3]);
  if (!p || !plate[3]) return -1;
  int64_t n = 0;
  for (int i = 4; i < 9; i++) {
    if (plate[i] < '0' || plate[i] > '9') return -1;
    n = n * 10 + (plate[i] - '0');
  }
  return (int64_t)(p - bulk_letters) * BULK_PER_LETTER + n;
}

/* A deterministic generator, so that every load has the same data. */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)((rng >> 11) % n);
}

static void make_vin(int64_t k, char out[18]) {
  snprintf(out, 18, "LJW%05uX%08u", (unsigned)(k % 100000) % 100000u, (unsigned)(k % 100000000) % 100000000u);
  out[8] = jw_vin_check_char(out);
}

static const char *const roads[] = {"市府大道", "东海大道",   "开发大道", "中心大道", "劳动路", "解放路",   "青年路",
                                    "104国道",  "甬台温高速", "机场路",   "永宁路",   "腾达路", "路桥大道", "靖江路"};
static const char *const districts[] = {"椒江区", "黄岩区", "路桥区", "临海市", "温岭市"};

struct act {
  const char *code;
  int64_t fine;
  int points;
};
static const struct act common_acts[] = {{"1344", 10000, 3}, {"1625", 20000, 6}, {"1352", 20000, 3},
                                         {"1039", 15000, 0}, {"1223", 5000, 1},  {"1363", 5000, 3},
                                         {"1357", 5000, 3},  {"1345", 10000, 1}, {"1301", 20000, 3}};

/* ---- generated violations ---- */

/* Rows per INSERT: 100 on SQLite; the PostgreSQL driver binds at most 32
 * parameters, so two rows there. batch divides 100 in both cases. */
#define BATCH_MAX 100
enum { VCOLS = 9, XCOLS = 12 };
static int batch = BATCH_MAX;
static char sql_vehicles[BATCH_MAX * 40 + 400];
static char sql_violations[BATCH_MAX * 60 + 400];

static void build_sql(int rows) {
  if (sql_vehicles[0] && batch == rows) return;
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
}

struct bulk {
  int64_t n, have, nveh, unit_id;
  int64_t *ids; /* vehicle id by k */
  FILE *out;
};

static const char SQL_BULK_COUNT[] = "SELECT COUNT(*) FROM violations WHERE number >= 'B' AND number < 'C'";
static const char SQL_TRAFFIC_UNIT[] = "SELECT id FROM units WHERE kind = 'traffic_brigade' ORDER BY id LIMIT 1";

static void bind_vehicle(struct jw_stmt *s, int base, int64_t k, int64_t now) {
  char plate[24], e6[7], vin[18], engine[24], reg[11], due[11];
  jw_traffic_bulk_plate(k, plate);
  jw_traffic_bulk_engine6(k, e6);
  make_vin(k, vin);
  snprintf(engine, sizeof engine, "E%03d%s", (int)(k % 1000), e6);
  struct jw_date today = jw_date_of_time(now, 480);
  struct jw_date r = jw_date_add_days(today, -(int)(200 + (k * 37) % 3000));
  jw_date_format(r, reg);
  jw_date_format(jw_date_add_days(today, (int)((k * 53) % 700) - 200), due);
  const char *vals[] = {"02", plate, vin, engine, e6, "", reg, due};
  for (int i = 0; i < 8; i++) jw_bind_text(s, base + i + 1, vals[i]);
  jw_bind_int(s, base + 9, now);
}

/* Inserts (or finds) generated vehicles 0..nveh-1 and records their ids. */
static enum jw_code bulk_vehicles(struct jw_conn *c, struct bulk *b, int64_t now, struct jw_error *err) {
  for (int64_t k0 = 0; k0 < b->nveh; k0 += batch) {
    struct jw_stmt *s = jw_prepare(c, sql_vehicles, err);
    if (!s) return err->code;
    for (int i = 0; i < batch; i++) bind_vehicle(s, i * VCOLS, k0 + i, now); /* nveh is a multiple of batch */
    enum jw_step st;
    while ((st = jw_step(s, err)) == JW_STEP_ROW) {
      int64_t k = bulk_index(jw_col_text(s, 1));
      if (k >= 0 && k < b->nveh) b->ids[k] = jw_col_int(s, 0);
    }
    if (st == JW_STEP_ERROR) return err->code;
  }
  return JW_OK;
}

static void bind_violation(struct jw_stmt *s, int base, const struct bulk *b, int64_t i, int64_t now) {
  int64_t k = i * b->nveh / b->n;
  const struct act *a = &common_acts[rnd(sizeof common_acts / sizeof common_acts[0])];
  int64_t at = now - 3600 - (int64_t)rnd(3 * 365 * 86400);
  int old = now - at > 60 * 86400;
  uint32_t roll = rnd(100);
  const char *status = old ? (roll < 85   ? "paid"
                              : roll < 90 ? "handled"
                                          : "unhandled")
                           : (roll < 50   ? "unhandled"
                              : roll < 80 ? "handled"
                                          : "paid");
  char number[16], decision[20], place[96];
  snprintf(number, sizeof number, "B%011lld", (long long)i);
  snprintf(decision, sizeof decision, "D%011lld", (long long)i);
  snprintf(place, sizeof place, "%s%s%d号附近", districts[k % 5], roads[rnd(sizeof roads / sizeof roads[0])],
           1 + (int)rnd(800));
  int64_t handled = at + 3600 + rnd(10 * 86400);
  if (handled > now) handled = now;
  int64_t paid = handled + rnd(12 * 86400);
  if (paid > now) paid = now;
  int unhandled = strcmp(status, "unhandled") == 0, is_paid = strcmp(status, "paid") == 0;
  jw_bind_text(s, base + 1, number);
  jw_bind_int(s, base + 2, b->ids[k]);
  jw_bind_int(s, base + 3, at);
  jw_bind_text(s, base + 4, place);
  jw_bind_text(s, base + 5, a->code);
  jw_bind_int(s, base + 6, a->fine);
  jw_bind_int(s, base + 7, a->points);
  if (b->unit_id)
    jw_bind_int(s, base + 8, b->unit_id);
  else
    jw_bind_null(s, base + 8);
  jw_bind_text(s, base + 9, status);
  jw_bind_text(s, base + 10, unhandled ? NULL : decision);
  if (unhandled)
    jw_bind_null(s, base + 11);
  else
    jw_bind_int(s, base + 11, handled);
  if (is_paid)
    jw_bind_int(s, base + 12, paid);
  else
    jw_bind_null(s, base + 12);
}

static enum jw_code bulk_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct bulk *b = arg;
  int64_t now = (int64_t)time(NULL);
  rng = 0x9E3779B97F4A7C15ull ^ (uint64_t)b->have;
  if (bulk_vehicles(c, b, now, err) != JW_OK) return err->code;
  fprintf(b->out, "seed: %lld generated vehicles ready\n", (long long)b->nveh);
  int64_t i = b->have;
  for (; i + batch <= b->n; i += batch) {
    struct jw_stmt *s = jw_prepare(c, sql_violations, err);
    if (!s) return err->code;
    for (int j = 0; j < batch; j++) bind_violation(s, j * XCOLS, b, i + j, now);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
    if ((i / batch) % 10000 == 9999) {
      fprintf(b->out, "seed: %lld violations\n", (long long)(i + batch));
      fflush(b->out);
    }
  }
  /* The remainder of the last batch, row by row. */
  static const char SQL_ONE_ROW[] =
      "INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points, unit_id, status,"
      " decision_no, handled_at, paid_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
  for (; i < b->n; i++) {
    struct jw_stmt *s = jw_prepare(c, SQL_ONE_ROW, err);
    if (!s) return err->code;
    bind_violation(s, 0, b, i, now);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  return JW_OK;
}

enum jw_code jw_traffic_seed_violations(struct jw_db *db, int64_t n, FILE *out, struct jw_error *err) {
  struct jw_conn *c = jw_db_conn(db, err);
  if (!c) return err->code;
  struct bulk b = {.n = n, .out = out};
  struct jw_stmt *s = jw_prepare(c, SQL_BULK_COUNT, err);
  if (!s || jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  b.have = jw_col_int(s, 0);
  jw_conn_release(c);
  if (b.have >= n) {
    fprintf(out, "seed: %lld generated violations are there already\n", (long long)b.have);
    return JW_OK;
  }
  if (!(s = jw_prepare(c, SQL_TRAFFIC_UNIT, err))) return err->code;
  if (jw_step(s, err) == JW_STEP_ROW) b.unit_id = jw_col_int(s, 0);
  jw_conn_release(c);
  build_sql(jw_db_kind(db) == JW_DB_SQLITE ? BATCH_MAX : 2);
  b.nveh = (n / 10 + BATCH_MAX - 1) / BATCH_MAX * BATCH_MAX;
  if (b.nveh < BATCH_MAX) b.nveh = BATCH_MAX;
  if (b.nveh > BULK_MAX) b.nveh = BULK_MAX;
  b.ids = jw_xcalloc((size_t)b.nveh, sizeof *b.ids);
  if (jw_db_kind(db) == JW_DB_SQLITE) jw_exec(c, "PRAGMA cache_size = -262144", err);
  time_t t0 = time(NULL);
  enum jw_code rc = jw_tx(c, bulk_tx, &b, err);
  free(b.ids);
  if (rc == JW_OK)
    fprintf(out, "seed: %lld generated violations over %lld vehicles (%lld new, %lds)\n", (long long)n,
            (long long)b.nveh, (long long)(n - b.have), (long)(time(NULL) - t0));
  return rc;
}

/* ---- the fixed demo ---- */

static const char SQL_DEMO_THERE[] = "SELECT 1 FROM vehicles WHERE plate = '浙J12345' AND plate_type = '02'";
static const char SQL_DEMO_VIOLATION[] =
    "INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points, unit_id, status,"
    " decision_no, handled_at, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_DEMO_LICENCE[] =
    "INSERT INTO licences (user_id, cycle_start, points) VALUES (?, ?, 0) ON CONFLICT (user_id) DO NOTHING";
static const char SQL_DEMO_SEGMENT[] =
    "INSERT INTO road_segments (district, road, section, status, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_DEMO_INCIDENT[] =
    "INSERT INTO road_incidents (district, kind, place, starts_at, ends_at, detour, note, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

struct demo_violation {
  int vehicle; /* 0 or 1 */
  const char *number, *place, *code;
  int64_t fine;
  int points;
  int days_ago;
  const char *status; /* decision issued days_ago - 2 days ago when not unhandled */
};

static const struct demo_violation demo_violations[] = {
    {0, "3310020000000001", "台州市椒江区市府大道与东海大道交叉口", "1344", 10000, 3, 12, "unhandled"},
    {0, "3310020000000002", "甬台温高速公路台州段K1520处", "1603", 200000, 12, 30, "unhandled"},
    {0, "3310020000000003", "台州市椒江区解放路128号", "1039", 15000, 0, 40, "handled"},
    {0, "3310020000000004", "台州市黄岩区劳动北路与青年路交叉口", "1625", 20000, 6, 200, "paid"},
    {1, "3310020000000005", "台州市路桥区路桥大道与腾达路交叉口", "1223", 5000, 1, 8, "unhandled"},
    {1, "3310020000000006", "台州市椒江区开发大道", "1352", 20000, 3, 20, "unhandled"},
};

static enum jw_code demo_violations_insert(struct jw_conn *c, const int64_t vid[2], int64_t unit_id, int64_t now,
                                           struct jw_error *err) {
  for (size_t i = 0; i < sizeof demo_violations / sizeof demo_violations[0]; i++) {
    const struct demo_violation *d = &demo_violations[i];
    struct jw_stmt *s = jw_prepare(c, SQL_DEMO_VIOLATION, err);
    if (!s) return err->code;
    int64_t at = now - (int64_t)d->days_ago * 86400 - 3 * 3600, handled = at + 2 * 86400;
    int unhandled = strcmp(d->status, "unhandled") == 0;
    char decision[24];
    snprintf(decision, sizeof decision, "331002%012d", (int)i + 1);
    jw_bind_text(s, 1, d->number);
    jw_bind_int(s, 2, vid[d->vehicle]);
    jw_bind_int(s, 3, at);
    jw_bind_text(s, 4, d->place);
    jw_bind_text(s, 5, d->code);
    jw_bind_int(s, 6, d->fine);
    jw_bind_int(s, 7, d->points);
    jw_bind_int(s, 8, unit_id);
    jw_bind_text(s, 9, d->status);
    jw_bind_text(s, 10, unhandled ? NULL : decision);
    if (unhandled)
      jw_bind_null(s, 11);
    else
      jw_bind_int(s, 11, handled);
    if (strcmp(d->status, "paid") == 0)
      jw_bind_int(s, 12, handled + 86400);
    else
      jw_bind_null(s, 12);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  return JW_OK;
}

static enum jw_code demo_roads(struct jw_conn *c, int64_t now, struct jw_error *err) {
  static const char *const segs[][5] = {
      {"椒江区", "市府大道", "东海大道—开发大道", "congested", "早高峰车多，请绕行"},
      {"椒江区", "东海大道", "市府大道—中心大道", "slow", ""},
      {"椒江区", "解放路", "全段", "smooth", ""},
      {"黄岩区", "劳动路", "青年路—环城东路", "slow", "施工路段，车速较慢"},
      {"黄岩区", "青年路", "全段", "smooth", ""},
      {"路桥区", "路桥大道", "腾达路—银座街", "congested", ""},
      {"路桥区", "腾达路", "全段", "smooth", ""},
      {"临海市", "靖江路", "全段", "smooth", ""},
      {"温岭市", "万昌路", "全段", "slow", ""},
      {"椒江区", "机场路", "全段", "smooth", ""},
      {"黄岩区", "104国道", "黄岩段", "smooth", ""},
      {"路桥区", "甬台温高速", "路桥互通", "slow", "车流量大"},
  };
  for (size_t i = 0; i < sizeof segs / sizeof segs[0]; i++) {
    struct jw_stmt *s = jw_prepare(c, SQL_DEMO_SEGMENT, err);
    if (!s) return err->code;
    for (int k = 0; k < 5; k++) jw_bind_text(s, k + 1, segs[i][k]);
    jw_bind_int(s, 6, now - (int64_t)(i * 7 + 3) * 60);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  static const char *const inc[][5] = {
      {"椒江区", "roadworks", "开发大道（中心大道—东海大道）东向西车道", "请经中心大道、市府大道绕行", "雨污管道施工"},
      {"路桥区", "accident", "路桥大道与腾达路交叉口", "请提前从银座街绕行", "两车追尾，正在处理"},
  };
  for (size_t i = 0; i < 2; i++) {
    struct jw_stmt *s = jw_prepare(c, SQL_DEMO_INCIDENT, err);
    if (!s) return err->code;
    jw_bind_text(s, 1, inc[i][0]);
    jw_bind_text(s, 2, inc[i][1]);
    jw_bind_text(s, 3, inc[i][2]);
    jw_bind_int(s, 4, now - 3600);
    jw_bind_int(s, 5, now + (i == 0 ? 30 * 86400 : 3 * 3600));
    jw_bind_text(s, 6, inc[i][3]);
    jw_bind_text(s, 7, inc[i][4]);
    jw_bind_int(s, 8, now - 3600);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  return JW_OK;
}

enum jw_code jw_traffic_seed_demo(struct jw_conn *c, int64_t citizen_id, int64_t unit_id, int tz_offset_min,
                                  int *created, struct jw_error *err) {
  *created = 0;
  struct jw_stmt *s = jw_prepare(c, SQL_DEMO_THERE, err);
  if (!s) return err->code;
  enum jw_step st = jw_step(s, err);
  jw_conn_release(c);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_ROW) return JW_OK;
  int64_t now = (int64_t)time(NULL);
  struct jw_date today = jw_date_of_time(now, tz_offset_min);
  char due0[11], due1[11], reg[11], start[11], vin0[18], vin1[18];
  jw_date_format(jw_date_add_days(today, 45), due0);
  jw_date_format(jw_date_add_days(today, 20), due1);
  jw_date_format(jw_date_add_days(today, -6 * 365 + 45), reg);
  jw_date_format(jw_date_add_days(today, -100), start);
  memcpy(vin0, "LSVAU2180N2123456", 18);
  vin0[8] = jw_vin_check_char(vin0);
  memcpy(vin1, "LGXCE4CB5P0654321", 18);
  vin1[8] = jw_vin_check_char(vin1);
  const struct jw_new_vehicle v[2] = {
      {"02", "浙J12345", vin0, "LJ8A123456", "王小明", reg, due0, citizen_id, 0},
      {"52", "浙JD12345", vin1, "EV20654321", "王小明", reg, due1, citizen_id, 0},
  };
  int64_t vid[2];
  for (int i = 0; i < 2; i++)
    if (jw_vehicle_insert(c, &v[i], &vid[i], err) != JW_OK) return err->code;
  if (jw_vehicle_bind(c, citizen_id, vid[0], err) != JW_OK) return err->code;
  if (demo_violations_insert(c, vid, unit_id, now, err) != JW_OK) return err->code;
  if (!(s = jw_prepare(c, SQL_DEMO_LICENCE, err))) return err->code;
  jw_bind_int(s, 1, citizen_id);
  jw_bind_text(s, 2, start);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (demo_roads(c, now, err) != JW_OK) return err->code;
  *created = 1;
  return JW_OK;
}
