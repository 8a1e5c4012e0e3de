/* demo.c — the demo's citizen reports and the benchmark's bulk reports
 * (jingwu seed --reports N). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/crypto.h"
#include "core/mem.h"
#include "reports/reports.h"
#include "reports/store.h"

/* Around 文化社区警务室 of 白云派出所 (28.6634 N, 121.5054 E in the demo units). */
static const struct demo_report {
  const char *code, *desc, *attrs, *address;
  int64_t lat_e6, lng_e6;
  int days_ago;
} DEMO[] = {
    {"noise", "小区楼下广场舞音响声音很大，晚上十点后还在放。",
     "{\"noise_source\":\"square_dance\",\"noise_time\":\"night\"}", "椒江区白云街道白云山南路", 28663900, 121505900,
     3},
    {"gambling", "四号桥附近出租屋里经常有人聚众打牌赌钱，进出人员复杂。", "{\"ongoing\":\"yes\",\"people\":\"8\"}",
     "椒江区白云街道四号桥", 28661200, 121509800, 12},
    {"streetlight", "东环大道与白云山路口有三盏路灯不亮，晚上很黑。", "{\"fault\":\"dark\"}",
     "椒江区东环大道白云山路口", 28665800, 121502300, 20},
};

/* The street light was answered and closed two days after it was reported. */
static enum jw_code close_demo(struct jw_conn *c, int64_t id, int64_t at, struct jw_error *err) {
  static const char ANSWER[] = "已通知路灯管理所，三盏路灯已于次日修复，夜间巡逻已加密。";
  struct jw_report_change ch = {
      .from = "new", .to = "closed", .status_notes = ANSWER, .closed_at = at + 2 * 86400, .at = at + 2 * 86400};
  int changed = 0;
  if (jw_report_store_change(c, id, &ch, &changed, err) != JW_OK) return err->code;
  if (jw_report_store_event(c, id, 0, "accept", "", 1, at + 3600, err) != JW_OK) return err->code;
  if (jw_report_store_event(c, id, 0, "answer", ANSWER, 1, at + 2 * 86400, err) != JW_OK) return err->code;
  return jw_report_store_event(c, id, 0, "close", ANSWER, 1, at + 2 * 86400, err);
}

int jw_report_seed_demo(struct jw_conn *c, int64_t citizen_id, struct jw_error *err) {
  int64_t have = jw_report_store_seed_count(c, err);
  if (have < 0) return -1;
  if (have > 0) return 0;
  struct jw_arena a = {0};
  int added = 0;
  int64_t now = (int64_t)time(NULL);
  for (size_t i = 0; i < sizeof DEMO / sizeof DEMO[0]; i++) {
    const struct demo_report *d = &DEMO[i];
    struct jw_report_new in = {.service_code = d->code,
                               .description = d->desc,
                               .attributes = d->attrs,
                               .has_location = 1,
                               .lat_e6 = d->lat_e6,
                               .lng_e6 = d->lng_e6,
                               .address = d->address,
                               .user_id = i == 0 ? citizen_id : 0,
                               .source = "seed",
                               .at = now - d->days_ago * 86400};
    int64_t id;
    const char *token;
    if (jw_report_create(c, &a, &in, &id, &token, err) != JW_OK) {
      jw_arena_free(&a);
      return -1;
    }
    added++;
    if (strcmp(d->code, "streetlight") == 0 && close_demo(c, id, in.at, err) != JW_OK) {
      jw_arena_free(&a);
      return -1;
    }
  }
  jw_arena_free(&a);
  return added;
}

struct bulk_tx {
  struct jw_arena *a;
  long long from, count;
  const int64_t *ids;
  const char **paths;
  size_t nunits;
  int64_t now;
  const char *run; /* a random prefix of this run's tokens: runs never collide */
};

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

static enum jw_code bulk_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct bulk_tx *t = arg;
  for (long long i = t->from; i < t->from + t->count; i++) {
    uint64_t h = mix((uint64_t)i + 1);
    const struct jw_report_service *svc = &jw_report_services[h % (uint64_t)jw_report_nservices];
    size_t u = (size_t)((h >> 8) % t->nunits);
    struct jw_report_route route = {t->ids[u], t->paths[u], 0, 0, "nearest"};
    char token[40], addr[64];
    snprintf(token, sizeof token, "b%s-%lld", t->run, i);
    snprintf(addr, sizeof addr, "椒江区白云街道%llu号", (unsigned long long)((h >> 16) % 900 + 1));
    struct jw_report_new in = {.service_code = svc->code,
                               .description = svc->description,
                               .attributes = "{}",
                               .has_location = 1,
                               .lat_e6 = 28600000 + (int64_t)((h >> 20) % 100000),
                               .lng_e6 = 121380000 + (int64_t)((h >> 40) % 100000),
                               .address = addr,
                               .source = "seed"};
    int64_t at = t->now - (int64_t)((h >> 24) % (90 * 86400)), id;
    if (jw_report_store_insert(c, &in, token, &route, at, &id, err) != JW_OK) return err->code;
  }
  return JW_OK;
}

enum jw_code jw_report_seed_bulk(struct jw_conn *c, long long n, struct jw_error *err) {
  struct jw_arena a = {0};
  struct bulk_tx t = {.a = &a, .now = (int64_t)time(NULL), .run = jw_random_token(&a, 6)};
  enum jw_code rc = jw_report_store_units(c, &a, (int64_t **)&t.ids, &t.paths, &t.nunits, err);
  if (rc == JW_OK && t.nunits == 0) rc = jw_fail(err, JW_E_VALIDATION, "Load the demo bureau first.");
  for (long long from = 0; rc == JW_OK && from < n; from += 5000) {
    t.from = from;
    t.count = n - from < 5000 ? n - from : 5000;
    rc = jw_tx(c, bulk_tx, &t, err);
  }
  jw_arena_free(&a);
  return rc;
}
