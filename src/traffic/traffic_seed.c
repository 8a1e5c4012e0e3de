/* traffic_seed.c — demo traffic data: the fixed demo vehicles and their
 * violations, road conditions, and any number of generated violations for
 * load tests (`jingwu seed --violations N`). The rows are made here; their
 * INSERTs are store_seed.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "core/log.h"
#include "core/mem.h"
#include "traffic/store.h"
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

struct bulk {
  int64_t n, have, nveh, unit_id;
  int batch;    /* rows per INSERT */
  int64_t *ids; /* vehicle id by k */
  FILE *out;
};

static void make_vehicle(struct jw_seed_vehicle *v, int64_t k, int64_t now) {
  jw_traffic_bulk_plate(k, v->plate);
  jw_traffic_bulk_engine6(k, v->engine6);
  make_vin(k, v->vin);
  char six[sizeof v->engine6]; /* a copy: GCC cannot tell two fields of one struct do not overlap */
  memcpy(six, v->engine6, sizeof six);
  snprintf(v->engine, sizeof v->engine, "E%03d%s", (int)(k % 1000), six);
  struct jw_date today = jw_date_of_time(now, 480);
  struct jw_date r = jw_date_add_days(today, -(int)(200 + (k * 37) % 3000));
  jw_date_format(r, v->registered_on);
  jw_date_format(jw_date_add_days(today, (int)((k * 53) % 700) - 200), v->inspection_due);
}

/* Records the id of a generated vehicle the INSERT returned. */
static void vehicle_found(void *ctx, int64_t id, const char *plate) {
  struct bulk *b = ctx;
  int64_t k = bulk_index(plate);
  if (k >= 0 && k < b->nveh) b->ids[k] = id;
}

/* Inserts (or finds) generated vehicles 0..nveh-1 and records their ids. */
static enum jw_code bulk_vehicles(struct jw_conn *c, struct bulk *b, int batch, int64_t now, struct jw_error *err) {
  struct jw_seed_vehicle v[JW_SEED_BATCH_MAX];
  for (int64_t k0 = 0; k0 < b->nveh; k0 += batch) {
    for (int i = 0; i < batch; i++) make_vehicle(&v[i], k0 + i, now); /* nveh is a multiple of batch */
    if (jw_traffic_store_bulk_vehicles(c, v, now, vehicle_found, b, err) != JW_OK) return err->code;
  }
  return JW_OK;
}

/* A generated violation's texts, which its row points into. */
struct gen_text {
  char number[16], decision[20], place[96];
};

static void make_violation(struct jw_seed_violation *v, struct gen_text *t, const struct bulk *b, int64_t i,
                           int64_t now) {
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
  snprintf(t->number, sizeof t->number, "B%011lld", (long long)i);
  snprintf(t->decision, sizeof t->decision, "D%011lld", (long long)i);
  snprintf(t->place, sizeof t->place, "%s%s%d号附近", districts[k % 5], roads[rnd(sizeof roads / sizeof roads[0])],
           1 + (int)rnd(800));
  int64_t handled = at + 3600 + rnd(10 * 86400);
  if (handled > now) handled = now;
  int64_t paid = handled + rnd(12 * 86400);
  if (paid > now) paid = now;
  int unhandled = strcmp(status, "unhandled") == 0, is_paid = strcmp(status, "paid") == 0;
  *v = (struct jw_seed_violation){
      .number = t->number,
      .place = t->place,
      .act_code = a->code,
      .status = status,
      .vehicle_id = b->ids[k],
      .occurred_at = at,
      .fine_cents = a->fine,
      .points = a->points,
      .unit_id = b->unit_id,
      .decision_no = unhandled ? NULL : t->decision,
      .handled_at = unhandled ? 0 : handled,
      .paid_at = is_paid ? paid : 0,
  };
}

static enum jw_code bulk_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct bulk *b = arg;
  int64_t now = (int64_t)time(NULL);
  int batch = jw_traffic_store_seed_batch(b->batch);
  rng = 0x9E3779B97F4A7C15ull ^ (uint64_t)b->have;
  if (bulk_vehicles(c, b, batch, now, err) != JW_OK) return err->code;
  fprintf(b->out, "seed: %lld generated vehicles ready\n", (long long)b->nveh);
  struct jw_seed_violation rows[JW_SEED_BATCH_MAX];
  struct gen_text texts[JW_SEED_BATCH_MAX];
  int64_t i = b->have;
  for (; i + batch <= b->n; i += batch) {
    for (int j = 0; j < batch; j++) make_violation(&rows[j], &texts[j], b, i + j, now);
    if (jw_traffic_store_bulk_violations(c, rows, err) != JW_OK) return err->code;
    if ((i / batch) % 10000 == 9999) {
      fprintf(b->out, "seed: %lld violations\n", (long long)(i + batch));
      fflush(b->out);
    }
  }
  /* The remainder of the last batch, row by row. */
  for (; i < b->n; i++) {
    make_violation(&rows[0], &texts[0], b, i, now);
    if (jw_traffic_store_seed_violation(c, &rows[0], err) != JW_OK) return err->code;
  }
  return JW_OK;
}

enum jw_code jw_traffic_seed_violations(struct jw_db *db, int64_t n, FILE *out, struct jw_error *err) {
  struct jw_conn *c = jw_db_conn(db, err);
  if (!c) return err->code;
  struct bulk b = {.n = n, .out = out};
  if (jw_traffic_store_bulk_count(c, &b.have, err) != JW_OK) return err->code;
  if (b.have >= n) {
    fprintf(out, "seed: %lld generated violations are there already\n", (long long)b.have);
    return JW_OK;
  }
  if (jw_traffic_store_traffic_unit(c, &b.unit_id, err) != JW_OK) return err->code;
  /* Rows per INSERT: 100 on SQLite; the PostgreSQL driver binds at most 32
   * parameters, so two rows there. The batch divides 100 in both cases. */
  b.batch = jw_db_kind(db) == JW_DB_SQLITE ? JW_SEED_BATCH_MAX : 2;
  b.nveh = (n / 10 + JW_SEED_BATCH_MAX - 1) / JW_SEED_BATCH_MAX * JW_SEED_BATCH_MAX;
  if (b.nveh < JW_SEED_BATCH_MAX) b.nveh = JW_SEED_BATCH_MAX;
  if (b.nveh > BULK_MAX) b.nveh = BULK_MAX;
  b.ids = jw_xcalloc((size_t)b.nveh, sizeof *b.ids);
  jw_traffic_store_bulk_tune(c, jw_db_kind(db), err);
  time_t t0 = time(NULL);
  enum jw_code rc = jw_tx(c, bulk_tx, &b, err);
  free(b.ids);
  if (rc == JW_OK)
    fprintf(out, "seed: %lld generated violations over %lld vehicles (%lld new, %lds)\n", (long long)n,
            (long long)b.nveh, (long long)(n - b.have), (long)(time(NULL) - t0));
  return rc;
}

/* ---- the fixed demo ---- */

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
    int64_t at = now - (int64_t)d->days_ago * 86400 - 3 * 3600, handled = at + 2 * 86400;
    int unhandled = strcmp(d->status, "unhandled") == 0;
    char decision[24];
    snprintf(decision, sizeof decision, "331002%012d", (int)i + 1);
    const struct jw_seed_violation v = {
        .number = d->number,
        .place = d->place,
        .act_code = d->code,
        .status = d->status,
        .vehicle_id = vid[d->vehicle],
        .occurred_at = at,
        .fine_cents = d->fine,
        .points = d->points,
        .unit_id = unit_id,
        .decision_no = unhandled ? NULL : decision,
        .handled_at = unhandled ? 0 : handled,
        .paid_at = strcmp(d->status, "paid") == 0 ? handled + 86400 : 0,
    };
    if (jw_traffic_store_seed_violation(c, &v, err) != JW_OK) return err->code;
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
  for (size_t i = 0; i < sizeof segs / sizeof segs[0]; i++)
    if (jw_traffic_store_seed_segment(c, segs[i], now - (int64_t)(i * 7 + 3) * 60, err) != JW_OK) return err->code;
  static const char *const inc[][5] = {
      {"椒江区", "roadworks", "开发大道（中心大道—东海大道）东向西车道", "请经中心大道、市府大道绕行", "雨污管道施工"},
      {"路桥区", "accident", "路桥大道与腾达路交叉口", "请提前从银座街绕行", "两车追尾，正在处理"},
  };
  for (size_t i = 0; i < 2; i++) {
    const struct jw_road_incident k = {
        .district = inc[i][0],
        .kind = inc[i][1],
        .place = inc[i][2],
        .starts_at = now - 3600,
        .ends_at = now + (i == 0 ? 30 * 86400 : 3 * 3600),
        .detour = inc[i][3],
        .note = inc[i][4],
        .created_at = now - 3600,
    };
    if (jw_traffic_store_seed_incident(c, &k, err) != JW_OK) return err->code;
  }
  return JW_OK;
}

enum jw_code jw_traffic_seed_demo(struct jw_conn *c, int64_t citizen_id, int64_t unit_id, int tz_offset_min,
                                  int *created, struct jw_error *err) {
  *created = 0;
  int there = jw_traffic_store_demo_there(c, err);
  if (there < 0) return err->code;
  if (there) return JW_OK;
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
  if (jw_traffic_store_licence_ensure(c, citizen_id, start, err) != JW_OK) return err->code;
  if (demo_roads(c, now, err) != JW_OK) return err->code;
  *created = 1;
  return JW_OK;
}
