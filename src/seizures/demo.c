/* demo.c — the stolen-vehicle registry of the demo bureau (seed --demo):
 * the 321 vehicles seized at the hotspot 四号桥 during its rectification,
 * most of them already returned to their owners, and a few reports still
 * open or cancelled. Deterministic; added once. */
#include <stdio.h>
#include <string.h>

#include "core/mem.h"
#include "seizures/seizures.h"
#include "seizures/store.h"

#define CASE_PREFIX "A3310025"
#define N_SEIZED    321 /* at 四号桥 */
#define N_RETURNED  296 /* of them, returned to the owner */
#define N_OPEN      12  /* still reported */
#define N_CANCELLED 3
#define N_STATIONS  12
#define SEIZED_AT   "椒江区四号桥桥下车辆交易点"

static const char *const surnames[] = {"王", "陈", "林", "李", "张", "叶", "郑", "徐", "金", "黄", "周", "赵"};
static const char *const given[] = {"建国", "丽华", "小芳", "海波", "志强", "秀英", "伟", "敏", "晓东", "春燕"};
static const char *const places[] = {"椒江区四号桥菜市场门口",     "椒江区市府大道与东环大道路口",
                                     "椒江区白云街道居民小区车棚", "椒江区海门街道商业街",
                                     "黄岩区东城街道学校门口",     "路桥区路桥街道工业区宿舍"};
static const char *const brands[] = {"雅迪", "爱玛", "新日", "台铃", "绿源"};
static const char *const colors[] = {"白色", "黑色", "红色", "蓝色", "灰色"};
static const char letters[] = "ABCDEFGH";

struct demo {
  struct jw_arena *a;
  int64_t now;
  int added;
};

/* Record i of the demo into *in (strings in a). */
static void record(struct jw_arena *a, int i, int64_t now, struct jw_stolen_new *in) {
  int kind = i % 10;
  *in = (struct jw_stolen_new){0};
  in->case_no = jw_arena_printf(a, CASE_PREFIX "%04d%04d", 2026 - (i % 2), 1000 + i);
  in->owner_name = jw_arena_printf(a, "%s%s", surnames[i % 12], given[(i / 12) % 10]);
  in->owner_phone = jw_arena_printf(a, "139%08d", 57610000 + i * 37);
  in->reported_place = places[i % 6];
  in->reported_at = now - (int64_t)(300 - i % 290) * 86400 - (i % 17) * 3600;
  in->brand = kind < 7 ? brands[i % 5] : kind < 9 ? "五羊本田" : "大众";
  in->color = colors[(i / 5) % 5];
  in->vin = "";
  if (kind < 7) { /* an electric bike, plated in Taizhou */
    in->kind = "ebike";
    in->plate_type = JW_EBIKE_PLATE_TYPE;
    in->plate = jw_arena_printf(a, "台州%c%05d", letters[i % 8], 10000 + i * 7);
    in->engine_no = jw_arena_printf(a, "TZ%010d", 480000000 + i * 13);
  } else if (kind < 9) {
    in->kind = "motorcycle";
    in->plate_type = "07";
    in->plate = jw_arena_printf(a, "浙J%c%04d", letters[i % 8], 1000 + i);
    in->engine_no = jw_arena_printf(a, "WY%08d", 21000000 + i * 11);
  } else {
    in->kind = "car";
    in->plate_type = "02";
    in->plate = jw_arena_printf(a, "浙JQ%04d", 2000 + i);
    in->engine_no = jw_arena_printf(a, "EA%07d", 3000000 + i * 19);
  }
}

static enum jw_code demo_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct demo *d = arg;
  d->added = 0;
  int64_t ids[N_STATIONS];
  const char *paths[N_STATIONS];
  int nst = jw_seiz_store_units_of_kind(c, d->a, "station", ids, paths, N_STATIONS, err);
  if (nst < 0) return err->code;
  if (nst == 0) return JW_OK; /* no bureau yet */
  /* The hotspot, when the hotspots' demo made it; else the first station seizes. */
  int64_t hotspot = 0, seizer = ids[0];
  const char *seizer_path = paths[0];
  if (jw_seiz_store_hotspot_by_name(c, d->a, "四号桥", &hotspot, &seizer, &seizer_path, err) < 0) return err->code;
  int64_t have = jw_seiz_store_count_case_prefix(c, CASE_PREFIX, err);
  if (have < 0) return err->code;
  if (have > 0) {
    /* Seeded before the hotspot was there: link the seizures now (once). */
    if (hotspot && jw_seiz_store_demo_link(c, hotspot, SEIZED_AT, CASE_PREFIX, err) < 0) return err->code;
    return JW_OK;
  }
  for (int i = 0; i < N_SEIZED + N_OPEN + N_CANCELLED; i++) {
    struct jw_stolen_new in;
    record(d->a, i, d->now, &in);
    int st = i % nst;
    int64_t id;
    if (jw_seiz_store_insert(c, &in, ids[st], paths[st], 0, in.reported_at, &id, err) != JW_OK) return err->code;
    d->added++;
    if (i < N_SEIZED) {
      int64_t seized_at = in.reported_at + (int64_t)(3 + i % 40) * 86400 + 20 * 3600;
      if (seized_at > d->now - 86400) seized_at = d->now - 86400 - i * 60;
      int64_t returned_at = i < N_RETURNED ? seized_at + (int64_t)(1 + i % 9) * 86400 : 0;
      if (returned_at > d->now) returned_at = d->now - 3600;
      if (jw_seiz_store_demo_seizure(c, id, seizer, seizer_path, hotspot, seized_at, SEIZED_AT, "四号桥整治专班",
                                     returned_at, returned_at ? in.owner_name : "", err) != JW_OK)
        return err->code;
    } else if (i >= N_SEIZED + N_OPEN) {
      if (jw_seiz_store_move(c, id, "reported", "cancelled", "车主自行找回", in.reported_at + 86400, err) < 0)
        return err->code;
    }
  }
  return JW_OK;
}

enum jw_code jw_seizures_seed_demo(struct jw_conn *c, int64_t now, int *added, struct jw_error *err) {
  struct jw_arena a = {0};
  struct demo d = {&a, now, 0};
  enum jw_code rc = jw_tx(c, demo_tx, &d, err);
  jw_arena_free(&a);
  if (added) *added = rc == JW_OK ? d.added : 0;
  return rc;
}
