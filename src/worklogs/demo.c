/* demo.c — a month of work logs for `jingwu seed --demo`: patrols, visits,
 * information and mediations up to today for the demo `officer` (once its
 * account is linked to an officer record) and a few officers of 白云派出所,
 * so that "my month" and the station's workload table have something to
 * show. Idempotent per officer: one who already has logs gets none. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "calendar/calendar.h"
#include "core/mem.h"
#include "worklogs/store.h"

#define DEMO_OFFICERS 6

static const char *const routes[] = {"东山路—白云山南路—市府大道沿线", "白云山公园及周边停车场", "东海大道夜市一带",
                                     "学院路校园周边（上下学时段）",   "白云街道各出租屋集中区", "中山西路商业街"};
static const char *const findings[] = {"未发现异常。", "提醒两家商铺夜间关好门窗。", "劝离一名醉酒男子，已送其回家。",
                                       "发现一处路灯损坏，已报市政。", "三辆电动车未上锁，已提醒车主。"};
static const char *const businesses[][2] = {{"白云便利店", "东山路22号"},
                                            {"鑫达五金店", "市府大道318号"},
                                            {"好运来麻将馆", "中山西路9号"},
                                            {"安居物业服务中心", "白云山南路66号"}};
static const char *const purposes[] = {"消防安全检查", "防诈骗宣传", "出租屋登记核查", "治安情况走访"};
static const char *const infos[][3] = {{"opinion", "居民反映小区门口夜间有车辆乱停，影响通行。", "居民来电"},
                                       {"hazard", "东山路一处废弃厂房有人员出入，存在消防隐患。", "巡逻发现"},
                                       {"clue", "有人在菜市场附近兜售来历不明的电动车电瓶。", "群众举报"},
                                       {"population", "白云山南路28号新搬入租户三人，尚未办理居住登记。", "走访了解"}};
static const char *const disputes[][3] = {{"neighbour", "楼上漏水引发邻里纠纷，双方就维修费用争执。", "agreement"},
                                          {"consumer", "顾客与商家因退货问题发生争吵。", "mediated"},
                                          {"labour", "装修工人讨要拖欠工资。", "referred"},
                                          {"family", "夫妻因家庭琐事争吵，邻居报警。", "mediated"},
                                          {"property", "两户因院墙界址发生争执。", "failed"}};
static const char *const party_names[] = {"陈建国", "林秀英", "郑国强", "徐丽华", "黄志明", "周美玲"};

struct demo {
  int64_t now;
  int tz;
  struct jw_arena *a;
  int added;
  int64_t station;
};

/* The logs of one officer over the past month: about one entry a day. */
static enum jw_code officer_month(struct jw_conn *c, struct demo *d, int64_t officer, int salt, struct jw_error *err) {
  struct jw_worklog_me me = {0};
  const char *name = NULL;
  int found = jw_wl_store_officer(c, officer, d->a, &name, &me.unit_id, &me.unit_path, err);
  if (found <= 0) return found < 0 ? err->code : JW_OK;
  /* Once the residents demo is there: visits to residents of the officer's
   * grids (so the grid dashboards count visits), patrols in the grid. */
  int64_t residents[12], grids[12];
  int nres = jw_wl_store_demo_residents(c, officer, residents, grids, 12, err);
  if (nres < 0) return err->code;
  struct jw_date today = jw_date_of_time(d->now, d->tz);
  for (int back = 29; back >= 0; back--) {
    int n = (back + salt) % 5 == 0 ? 2 : 1;
    for (int k = 0; k < n; k++) {
      struct jw_worklog w = {0};
      int pick = (back * 7 + salt * 3 + k) % 10;
      w.kind = pick < 4 ? JW_WL_PATROL : pick < 7 ? JW_WL_VISIT : pick < 9 ? JW_WL_INFO : JW_WL_MEDIATION;
      struct jw_date day = jw_date_add_days(today, -back);
      int hour = k ? 19 : 9 + (back + salt) % 5;
      w.started_at = jw_date_midnight(day, d->tz) + hour * 3600;
      if (w.started_at > d->now) continue; /* today, later than now */
      jw_local_date(w.started_at, d->tz, w.day);
      w.officer_id = officer;
      w.unit_id = me.unit_id;
      w.unit_path = me.unit_path;
      int r = back + salt + k;
      switch (w.kind) {
      case JW_WL_PATROL:
        w.ended_at = w.started_at + (60 + 30 * (r % 4)) * 60;
        w.route = routes[r % 6];
        w.companions = r % 2 ? "辅警两名" : "";
        w.findings = findings[r % 5];
        w.grid_id = nres ? grids[0] : 0;
        break;
      case JW_WL_VISIT:
        if (nres && r % 3) { /* two visits in three to a resident, once there are some */
          w.resident_id = residents[r % nres];
          w.grid_id = grids[r % nres];
          w.purpose = r % 2 ? "入户走访" : "流动人口信息核查";
          w.result = "人员信息已核实，宣传防诈骗知识。";
          break;
        }
        w.business_name = businesses[r % 4][0];
        w.business_address = businesses[r % 4][1];
        w.purpose = purposes[r % 4];
        w.result = "已完成检查，提出整改建议两条。";
        break;
      case JW_WL_INFO:
        w.info_kind = infos[r % 4][0];
        w.content = infos[r % 4][1];
        w.source = infos[r % 4][2];
        break;
      default:
        w.dispute_type = disputes[r % 5][0];
        w.summary = disputes[r % 5][1];
        w.outcome = disputes[r % 5][2];
        if (strcmp(w.outcome, "agreement") == 0) snprintf(w.agreement_date, sizeof w.agreement_date, "%s", w.day);
        w.nparties = 2;
        w.parties[0] = (struct jw_worklog_party){party_names[r % 6], "", ""};
        w.parties[1] = (struct jw_worklog_party){party_names[(r + 1) % 6], "", ""};
      }
      if (jw_wl_store_insert(c, &w, 0, w.started_at + 3600, err) != JW_OK) return err->code;
      if (w.kind == JW_WL_MEDIATION && jw_wl_store_parties_put(c, w.id, &w, d->a, err) != JW_OK) return err->code;
      d->added++;
    }
  }
  return JW_OK;
}

static enum jw_code demo_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct demo *d = arg;
  d->added = 0; /* a retried transaction starts over */
  int64_t ids[DEMO_OFFICERS + 1];
  int n = 0;
  int64_t mine = jw_wl_store_login_officer(c, "officer", err);
  if (mine < 0) return err->code;
  if (mine) ids[n++] = mine;
  const char *lo = NULL;
  int found = jw_wl_store_unit(c, d->station, d->a, &lo, err);
  if (found <= 0) return found < 0 ? err->code : JW_OK;
  int more = jw_wl_store_demo_officers(c, lo, jw_db_prefix_end(d->a, lo), ids + n, DEMO_OFFICERS, err);
  if (more < 0) return err->code;
  n += more;
  for (int i = 0; i < n; i++) {
    if (i > 0 && ids[i] == mine) continue;
    int64_t has = jw_wl_store_officer_logs(c, ids[i], err);
    if (has < 0) return err->code;
    if (has == 0 && officer_month(c, d, ids[i], i, err) != JW_OK) return err->code;
  }
  if (!d->added) return JW_OK;
  char detail[64];
  snprintf(detail, sizeof detail, "%d demo work logs", d->added);
  struct jw_audit_entry e = {0, "cli", "seed.worklogs", "worklog", "", detail, ""};
  return jw_audit_write(c, &e, err);
}

enum jw_code jw_worklogs_seed_demo(struct jw_conn *c, int64_t station_id, int tz_offset_min, int *added,
                                   struct jw_error *err) {
  struct jw_arena a = {0};
  struct demo d = {(int64_t)time(NULL), tz_offset_min, &a, 0, station_id};
  enum jw_code rc = jw_tx(c, demo_tx, &d, err);
  jw_arena_free(&a);
  *added = rc == JW_OK ? d.added : 0;
  return rc;
}
