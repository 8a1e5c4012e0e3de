/* demo.c — the demo's hotspots (jingwu seed --demo): two campaigns of
 * listing (the real ones listed 143 and 79 hotspots; the demo has a score
 * of them over the branches), 四号桥 in 椒江 delisted after six months of
 * rectification whose reports seized 321 stolen vehicles, others listed,
 * rectifying, in their acceptance check or just identified. Dates are
 * counted back from the day of the seed; a hotspot already there is left
 * alone, so a second seed changes nothing. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "calendar/calendar.h"
#include "core/mem.h"
#include "hotspots/hotspots.h"
#include "hotspots/store.h"

static const char *const campaigns[] = {"", "2026年春季治安乱点挂牌整治", "2026年秋季治安乱点挂牌整治"};

struct demo_hotspot {
  const char *name, *station, *place, *kind, *problems, *level;
  int campaign;                  /* 0 none, 1 spring (8 months ago), 2 autumn (2 months ago) */
  enum jw_hotspot_status status; /* where it ends */
  int failed_once;               /* a failed acceptance check before */
};

static const struct demo_hotspot demo[] = {
    {"四号桥", "海门派出所", "椒江区四号桥及桥下停车场一带", "theft",
     "电动自行车、摩托车被盗多发，被盗车辆在桥下集中停放、转运销赃。", "branch", 1, HOT_DELISTED, 0},
    {"白云农贸市场", "白云派出所", "椒江区白云农贸市场及周边街巷", "theft", "早市时段扒窃、电动车电瓶被盗多发。",
     "station", 2, HOT_RECTIFYING, 0},
    {"解放路夜宵排档", "白云派出所", "椒江区解放路夜宵排档集中区", "fighting", "深夜酒后滋事、打架斗殴警情集中。",
     "station", 2, HOT_CHECKING, 0},
    {"东山公园北门", "白云派出所", "椒江区东山公园北门广场", "gambling", "群众反映有人聚众赌博、放贷。", "station", 0,
     HOT_LISTED, 0},
    {"文化路网吧一条街", "白云派出所", "椒江区文化路", "disorder", "未成年人夜间聚集，偶有滋事。", "station", 0,
     HOT_IDENTIFIED, 0},
    {"葭沚老街出租屋片区", "葭沚派出所", "椒江区葭沚老街东侧出租屋片区", "fraud", "电信网络诈骗窝点线索较多。",
     "branch", 1, HOT_RECTIFYING, 0},
    {"黄岩汽车站周边", "东城派出所", "黄岩区汽车站及周边路段", "theft", "扒窃、拉客和黑车问题突出。", "branch", 1,
     HOT_RECTIFYING, 0},
    {"西城棋牌室集中区", "西城派出所", "黄岩区西城街道棋牌室集中区域", "gambling", "棋牌室变相赌博。", "station", 2,
     HOT_CHECKING, 0},
    {"路桥小商品市场", "路桥派出所", "路桥区小商品市场", "theft", "商铺夜间被盗、扒窃。", "station", 0, HOT_LISTED, 0},
    {"螺洋工业区宿舍", "螺洋派出所", "路桥区螺洋工业区员工宿舍区", "fighting", "外来务工人员纠纷易激化。", "station", 1,
     HOT_RECTIFYING, 0},
    {"金清渔港码头", "金清派出所", "路桥区金清渔港码头", "disorder", "码头装卸秩序混乱，强揽生意。", "branch", 1,
     HOT_DELISTED, 0},
    {"紫阳街夜市", "古城派出所", "临海市紫阳街及周边夜市", "theft", "节假日游客财物被盗多发。", "bureau", 1,
     HOT_RECTIFYING, 0},
    {"杜桥眼镜市场", "杜桥派出所", "临海市杜桥眼镜市场", "fraud", "以次充好、诈骗外地客商。", "station", 2,
     HOT_RECTIFYING, 0},
    {"温岭火车站广场", "太平派出所", "温岭市火车站站前广场", "traffic", "非法营运、强行拉客，交通秩序混乱。", "branch",
     1, HOT_RECTIFYING, 1},
    {"牧屿工业区", "泽国派出所", "温岭市泽国镇牧屿工业区", "gambling", "工业区出租房内聚赌。", "branch", 1,
     HOT_DELISTED, 0},
    {"坎门渔港", "坎门派出所", "玉环市坎门渔港", "fighting", "渔船靠港期间酒后斗殴。", "station", 1, HOT_CHECKING, 0},
    {"赤城路KTV一条街", "赤城派出所", "天台县赤城路娱乐场所集中区", "fighting", "娱乐场所周边深夜滋事。", "station", 2,
     HOT_RECTIFYING, 0},
    {"仙居汽车南站", "福应派出所", "仙居县汽车南站", "theft", "旅客行李被盗。", "station", 0, HOT_IDENTIFIED, 0},
    {"海游城中村", "海游派出所", "三门县海游街道城中村", "prostitution", "出租房内卖淫嫖娼线索。", "station", 2,
     HOT_RECTIFYING, 0},
};
#define NDEMO (sizeof demo / sizeof demo[0])

/* 四号桥's six months: the seizures add up to 321. */
static const int bridge[6][4] = {{23, 9, 86, 12}, {19, 8, 74, 8}, {15, 6, 61, 6},
                                 {11, 4, 48, 5},  {8, 3, 32, 3},  {5, 2, 20, 2}};

struct seed {
  struct jw_arena *a;
  int tz, added;
  int month0; /* this month as y * 12 + (m - 1) */
  int64_t chief, officer;
};

/* Day d of the month index mi (y * 12 + m - 1) as a date. */
static struct jw_date day_of(int mi, int d) { return (struct jw_date){mi / 12, mi % 12 + 1, d}; }

static const char *fmt_day(struct seed *s, struct jw_date d) {
  char *out = jw_arena_printf(s->a, "%04d-%02d-%02d", d.y, d.m, d.d);
  return out;
}

static long long at(struct seed *s, struct jw_date d) { return jw_date_midnight(d, s->tz) + 10 * 3600; }

static enum jw_code event(struct jw_conn *c, struct seed *s, int64_t id, struct jw_date d, const char *ev,
                          enum jw_hotspot_status from, enum jw_hotspot_status to, int64_t who, const char *note,
                          struct jw_error *err) {
  return jw_hot_store_event_add(c, id, at(s, d), ev, jw_hotspot_status_names[from], jw_hotspot_status_names[to], who,
                                note, err);
}

/* The monthly reports of hotspot k from month first to last (indexes). */
static enum jw_code reports(struct jw_conn *c, struct seed *s, size_t k, int64_t id, int first, int last,
                            struct jw_error *err) {
  for (int mi = first, i = 0; mi <= last; mi++, i++) {
    struct jw_hotspot_report r = {0};
    snprintf(r.month, sizeof r.month, "%04u-%02u", (unsigned)(mi / 12) % 10000u, (unsigned)(mi % 12 + 1) % 100u);
    if (k == 0 && i < 6) {
      r.cases = bridge[i][0], r.arrests = bridge[i][1], r.seizures = bridge[i][2], r.measures = bridge[i][3];
      r.summary = "联合交警、城管开展桥下停车场清理，新增高清监控8路，设立电动车防盗登记点，打掉盗销团伙。";
    } else {
      unsigned v = (unsigned)(k * 7 + (size_t)i * 3);
      r.cases = 2 + v % 9, r.arrests = 1 + v % 5, r.seizures = v % 4, r.measures = 1 + v % 6;
      r.summary = "加强巡逻防控，开展集中清查，走访周边商户和群众。";
    }
    int64_t rid;
    if (jw_hot_store_report_add(c, id, &r, s->officer, at(s, day_of(mi, 28)), &rid, err) != JW_OK) return err->code;
  }
  return JW_OK;
}

/* Walks hotspot k from identified to where the demo wants it. */
static enum jw_code walk(struct jw_conn *c, struct seed *s, size_t k, int64_t id, struct jw_error *err) {
  const struct demo_hotspot *h = &demo[k];
  if (h->status == HOT_IDENTIFIED) return JW_OK;
  int listed_mi = h->campaign == 1 ? s->month0 - 8 : h->campaign == 2 ? s->month0 - 2 : s->month0;
  struct jw_date listed = day_of(listed_mi, h->campaign == 1 ? 10 : h->campaign == 2 ? 15 : 1);
  struct jw_date deadline = day_of(listed_mi + (h->campaign == 2 ? 4 : 9), 28);
  struct jw_date delisted = day_of(listed_mi + 6, k == 0 ? 25 : 20); /* 四号桥 the latest */
  const char *listed_on = fmt_day(s, listed), *dl = fmt_day(s, deadline);
  long long now = at(s, listed);
  if (jw_hot_store_move(c, id, "identified", "listed", listed_on, dl, campaigns[h->campaign], NULL, now, err) != 1)
    return err->code ? err->code : jw_fail(err, JW_E_INTERNAL, "demo hotspot %s did not move", h->name);
  enum jw_code rc = event(c, s, id, listed, "list", HOT_IDENTIFIED, HOT_LISTED, s->chief, "", err);
  if (rc != JW_OK || h->status == HOT_LISTED) return rc;
  struct jw_date start = jw_date_add_days(listed, 2);
  if ((rc = event(c, s, id, start, "start", HOT_LISTED, HOT_RECTIFYING, s->officer, "成立整治专班", err))) return rc;
  int last = h->status == HOT_DELISTED ? listed_mi + 5 : s->month0 - 1;
  if ((rc = reports(c, s, k, id, listed_mi, last, err))) return rc;
  const char *final = jw_hotspot_status_names[h->status];
  if (h->failed_once) {
    struct jw_date d = day_of(s->month0 - 2, 3), chk = day_of(s->month0 - 2, 8);
    if ((rc = event(c, s, id, d, "request_check", HOT_RECTIFYING, HOT_CHECKING, s->officer, "", err))) return rc;
    const char *f = "站前广场仍有拉客现象，需继续整治。";
    if ((rc = event(c, s, id, chk, "fail", HOT_CHECKING, HOT_RECTIFYING, s->chief, f, err))) return rc;
    if ((rc = jw_hot_store_check_add(c, id, fmt_day(s, chk), s->chief, 0, f, at(s, chk), err))) return rc;
  }
  if (h->status == HOT_CHECKING || h->status == HOT_DELISTED) {
    struct jw_date d = h->status == HOT_DELISTED ? day_of(listed_mi + 6, 5) : day_of(s->month0 - 1, 26);
    if ((rc = event(c, s, id, d, "request_check", HOT_RECTIFYING, HOT_CHECKING, s->officer, "", err))) return rc;
  }
  if (h->status == HOT_DELISTED) {
    const char *f = "连续三个月无同类警情，群众满意度调查合格，同意摘牌。";
    if ((rc = event(c, s, id, delisted, "pass", HOT_CHECKING, HOT_DELISTED, s->chief, f, err))) return rc;
    if ((rc = jw_hot_store_check_add(c, id, fmt_day(s, delisted), s->chief, 1, f, at(s, delisted), err))) return rc;
  }
  int n = jw_hot_store_move(c, id, "listed", final, NULL, NULL, NULL,
                            h->status == HOT_DELISTED ? fmt_day(s, delisted) : NULL, now, err);
  if (n < 0) return err->code;
  return JW_OK;
}

static enum jw_code seed_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct seed *s = arg;
  s->added = 0;
  for (size_t k = 0; k < NDEMO; k++) {
    const struct demo_hotspot *h = &demo[k];
    int64_t unit = jw_hot_store_unit_by_name(c, h->station, "station", err);
    if (unit < 0) return err->code;
    if (!unit) continue; /* a trimmed demo bureau */
    int64_t had = jw_hot_store_find(c, h->name, unit, err);
    if (had < 0) return err->code;
    if (had) continue;
    const char *path;
    if (jw_hot_store_unit(c, s->a, unit, &path, NULL, err) != 1) return err->code ? err->code : JW_E_INTERNAL;
    struct jw_hotspot_in in = {unit, h->name, h->place, h->kind, h->problems, h->level, "", 0, 0, 0};
    int64_t id;
    int listed_mi = h->campaign == 1 ? s->month0 - 8 : h->campaign == 2 ? s->month0 - 2 : s->month0;
    long long created = at(s, day_of(listed_mi - 1, 20));
    if (jw_hot_store_insert(c, &in, path, created, &id, err) != JW_OK) return err->code;
    if (jw_hot_store_event_add(c, id, created, "create", NULL, "identified", s->officer, "", err) != JW_OK)
      return err->code;
    if (walk(c, s, k, id, err) != JW_OK) return err->code;
    s->added++;
  }
  if (!s->added) return JW_OK;
  char detail[64];
  snprintf(detail, sizeof detail, "%d demo hotspots", s->added);
  struct jw_audit_entry e = {0, "cli", "seed.hotspots", "hotspot", "", detail, ""};
  return jw_audit_write(c, &e, err);
}

int jw_hotspots_seed_demo(struct jw_conn *c, int tz_offset_min, struct jw_error *err) {
  struct jw_arena a = {0};
  struct jw_date today = jw_date_of_time((long long)time(NULL), tz_offset_min);
  struct seed s = {&a, tz_offset_min, 0, today.y * 12 + today.m - 1, 0, 0};
  s.chief = jw_hot_store_user_of_role(c, "station_chief", err);
  s.officer = jw_hot_store_user_of_role(c, "officer", err);
  int rc = -1;
  if (s.chief <= 0 || s.officer <= 0) {
    if (s.chief == 0 || s.officer == 0) jw_fail(err, JW_E_INTERNAL, "the demo staff accounts are missing");
    goto out;
  }
  if (jw_tx(c, seed_tx, &s, err) != JW_OK) goto out;
  rc = s.added;
out:
  jw_arena_free(&a);
  return rc;
}
