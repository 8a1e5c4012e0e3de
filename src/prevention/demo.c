/* demo.c — the prevention bus of the demo bureau (seed --demo): 20 events
 * of 白云派出所 over the last two months, each held with the visitors it
 * reached, three scheduled ahead, and four requests waiting for an answer.
 * Deterministic dates relative to today; added once. */
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/mem.h"
#include "prevention/prevention.h"
#include "prevention/store.h"

struct place {
  const char *org_kind, *org_name, *place;
};

static const struct place places[] = {
    {"village", "白云街道东山村", "东山村文化礼堂前广场"},
    {"school", "台州市白云小学", "白云小学操场"},
    {"company", "台州市椒江永达机械有限公司", "永达机械厂区食堂门口"},
    {"community", "白云街道星明社区", "星明社区居委会门口"},
    {"village", "白云街道下洋村", "下洋村老年活动中心"},
    {"school", "椒江区第二职业技术学校", "职校教学楼前"},
    {"company", "浙江海正药业员工宿舍区", "宿舍区篮球场"},
    {"community", "白云街道云西社区", "云西社区文化家园"},
};
static const char *const topics[] = {"防范电信网络诈骗", "电动车防盗与上牌",   "校园安全与防欺凌",
                                     "反诈宣传进企业",   "消防安全与燃气使用", "禁毒宣传"};
static const char *const officers[] = {"陈建华、林晓东（辅警）", "王志强、叶秀英（辅警）", "郑海波、徐丽华（辅警）"};

static enum jw_code demo_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  int64_t *ctx = arg; /* [0] now, [1] tz offset, [2] added */
  int64_t now = ctx[0];
  int tz = (int)ctx[1];
  ctx[2] = 0;
  int64_t have = jw_prev_store_demo_events(c, err);
  if (have < 0) return err->code;
  if (have > 0) return JW_OK;
  int64_t unit = jw_prev_store_unit_by_name(c, "白云派出所", err);
  if (unit < 0) return err->code;
  if (!unit) return JW_OK;
  struct jw_arena a = {0};
  enum jw_code rc = JW_OK;
  const char *path = NULL;
  if (jw_prev_store_unit(c, &a, unit, &path, NULL, err) != 1) {
    rc = err->code ? err->code : JW_E_INTERNAL;
    goto out;
  }
  struct jw_date today = jw_date_of_time(now, tz);
  for (int i = 0; i < 23; i++) {
    const struct place *p = &places[i % 8];
    /* 20 held over the last two months, then three ahead */
    struct jw_date d = i < 20 ? jw_date_add_days(today, -58 + i * 3) : jw_date_add_days(today, 4 + (i - 20) * 7);
    char day[11];
    jw_date_format(d, day);
    const struct jw_prev_new_event ev = {unit,
                                         day,
                                         i % 2 ? "14:30" : "09:00",
                                         i % 2 ? "16:30" : "11:00",
                                         p->place,
                                         p->org_kind,
                                         p->org_name,
                                         topics[i % 6],
                                         officers[i % 3]};
    int64_t id;
    if ((rc = jw_prev_store_ev_insert(c, unit, path, 0, &ev, 0, now, &id, err)) != JW_OK) goto out;
    if (i < 20 && jw_prev_store_ev_move(c, id, "scheduled", "held", 120 + (i * 53) % 480, NULL, now, err) < 0) {
      rc = err->code;
      goto out;
    }
    ctx[2]++;
  }
  static const struct {
    const char *kind, *org, *contact, *phone, *topic;
    int audience, from, span;
  } asks[] = {
      {"school", "台州市白云中学", "李老师", "13905761234", "校园反诈与网络安全", 600, 10, 14},
      {"company", "椒江区云商电子商务园", "周经理", "13857612345", "企业员工反诈宣传", 200, 7, 21},
      {"village", "白云街道上洋村", "吴主任", "13736512345", "老年人防诈骗", 150, 14, 30},
      {"school", "白云幼儿园", "张园长", "13967612345", "家长安全教育", 120, 20, 10},
  };
  for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
    char from[11], to[11];
    jw_date_format(jw_date_add_days(today, asks[i].from), from);
    jw_date_format(jw_date_add_days(today, asks[i].from + asks[i].span), to);
    const struct jw_prev_new_request q = {
        unit, asks[i].audience, asks[i].kind, asks[i].org, asks[i].contact, asks[i].phone, from, to, asks[i].topic, ""};
    int64_t id;
    if ((rc = jw_prev_store_req_insert(c, &q, path, "seed", now, &id, err)) != JW_OK) goto out;
  }
out:
  jw_arena_free(&a);
  return rc;
}

enum jw_code jw_prevention_seed_demo(struct jw_conn *c, int64_t now, int tz_offset_min, int *added,
                                     struct jw_error *err) {
  int64_t ctx[3] = {now, tz_offset_min, 0};
  enum jw_code rc = jw_tx(c, demo_tx, ctx, err);
  if (added) *added = rc == JW_OK ? (int)ctx[2] : 0;
  return rc;
}
