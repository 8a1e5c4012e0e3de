/*
 * seed.c — a demo bureau modelled on Taizhou, Zhejiang: the city bureau, its
 * nine district and county branches, 40 police stations, 28 community police
 * stations and 135 village police offices, the traffic police detachment
 * with its inspection stations; 220 police and 587 auxiliary officers with
 * plausible names; one staff account per role and the demo citizen.
 * Deterministic: the same names every time.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "applications/applications.h"
#include "consult/consult.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "cli/seed.h"
#include "reports/reports.h"
#include "cli/store.h"
#include "community/community.h"
#include "core/mem.h"
#include "core/validate.h"
#include "directory/cache.h"
#include "directory/directory.h"
#include "hotspots/hotspots.h"
#include "inspection/inspection.h"
#include "prevention/prevention.h"
#include "news/news.h"
#include "seizures/seizures.h"
#include "traffic/traffic.h"
#include "worklogs/worklogs.h"
#include "appointments/appointments.h"

#define DEMO_PASSWORD "Demo@2026"
#define N_COMMUNITY   28
#define N_VILLAGE     135
#define N_POLICE      220
#define N_AUXILIARY   587

struct branch {
  const char *name, *district, *phone;
  const char *stations[7];
};

static const struct branch branches[] = {
    {"椒江分局",
     "椒江区",
     "0576-88201110",
     {"白云派出所", "海门派出所", "葭沚派出所", "洪家派出所", "下陈派出所", "章安派出所"}},
    {"黄岩分局",
     "黄岩区",
     "0576-84112110",
     {"东城派出所", "西城派出所", "南城派出所", "北城派出所", "新前派出所", "院桥派出所"}},
    {"路桥分局",
     "路桥区",
     "0576-82412110",
     {"路桥派出所", "路南派出所", "螺洋派出所", "桐屿派出所", "峰江派出所", "金清派出所"}},
    {"临海市公安局", "临海市", "0576-85312110", {"古城派出所", "大洋派出所", "江南派出所", "杜桥派出所"}},
    {"温岭市公安局", "温岭市", "0576-86112110", {"太平派出所", "城东派出所", "城西派出所", "泽国派出所", "大溪派出所"}},
    {"玉环市公安局", "玉环市", "0576-87212110", {"玉城派出所", "坎门派出所", "大麦屿派出所", "楚门派出所"}},
    {"天台县公安局", "天台县", "0576-83812110", {"赤城派出所", "始丰派出所", "福溪派出所"}},
    {"仙居县公安局", "仙居县", "0576-87712110", {"福应派出所", "南峰派出所", "安洲派出所"}},
    {"三门县公安局", "三门县", "0576-83312110", {"海游派出所", "沙柳派出所", "珠岙派出所"}},
};
#define NBRANCHES (sizeof branches / sizeof branches[0])

static const char *const surnames[] = {"王", "陈", "林", "李", "张", "叶", "郑", "徐", "金", "黄", "周", "赵",
                                       "吴", "梁", "杨", "蒋", "潘", "应", "卢", "许", "何", "朱", "洪", "罗",
                                       "项", "牟", "章", "管", "陶", "范", "方", "戴", "鲍", "丁", "胡", "冯"};
static const char *const given[] = {"伟", "杰", "磊", "军", "勇", "斌", "强", "涛", "明", "超", "辉", "鹏", "华", "敏",
                                    "静", "丽", "燕", "芳", "霞", "婷", "晨", "宇", "浩", "凯", "俊", "峰", "建", "国",
                                    "平", "海", "波", "洋", "文", "立", "志", "晓", "雪", "琳", "玲", "洁", "佳", "航",
                                    "一", "振", "春", "秋", "红", "东", "永", "德", "良", "剑", "亮", "欣", "怡", "瑶"};
static const char *const places[] = {"江", "城", "桥", "山", "溪", "湖", "塘", "岙", "洋", "岭",
                                     "头", "坑", "浦", "湾", "前", "后", "上", "下", "新", "南",
                                     "北", "东", "西", "石", "沙", "竹", "梅", "桃"};
static const char *const place_first[] = {"大", "小", "前", "后", "上", "下", "东", "西", "南", "北", "新", "老",
                                          "金", "石", "白", "青", "杨", "李", "王", "陈", "林", "马", "龙", "凤"};
static const char *const communities[] = {
    "文化", "解放", "人民", "东山", "西门", "南门", "北门", "中山", "府前", "兴业",   "康平", "永宁",   "海滨", "江滨",
    "阳光", "锦绣", "和平", "幸福", "新华", "青年", "翠屏", "枫南", "学院", "火车站", "银泰", "开发区", "万达", "商城"};

/* A tiny deterministic generator (xorshift) so every seed has the same names. */
static unsigned rng_state = 20111129u;
static unsigned rnd(unsigned n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state % n;
}
#define PICK(a) (a)[rnd(sizeof(a) / sizeof((a)[0]))]

static char *person_name(struct jw_arena *a) {
  if (rnd(3) == 0) return jw_arena_printf(a, "%s%s", PICK(surnames), PICK(given));
  return jw_arena_printf(a, "%s%s%s", PICK(surnames), PICK(given), PICK(given));
}

struct seed_ctx {
  struct jw_arena *a;
  int64_t bureau, jiaojiang, baiyun, first_community, first_village;
  int64_t stations[48];
  int nstations;
  int64_t community[N_COMMUNITY], village[N_VILLAGE];
  int badge;
};

static enum jw_code unit(struct jw_conn *c, struct seed_ctx *s, int64_t parent, const char *kind, const char *name,
                         const char *address, const char *phone, int64_t *id, struct jw_error *err) {
  struct jw_new_unit u = {parent, kind, name, address, phone,
                          /* Inspection stations open as their slot template does (src/inspection). */
                          strcmp(kind, "inspection_station") == 0
                              ? "周一至周六 8:30-11:30 13:30-16:30（法定节假日休息）"
                              : "周一至周五 8:30-12:00 14:00-17:30",
                          1, 28.60 + (double)rnd(2000) / 10000.0, 121.30 + (double)rnd(3000) / 10000.0, 0};
  (void)s;
  return jw_unit_insert(c, &u, id, err);
}

static enum jw_code units(struct jw_conn *c, struct seed_ctx *s, struct jw_error *err) {
  struct jw_arena *a = s->a;
  enum jw_code rc;
  if ((rc = unit(c, s, 0, "bureau", "台州市公安局", "台州市椒江区市府大道518号", "0576-88585110", &s->bureau, err)))
    return rc;
  int64_t traffic, id;
  if ((rc = unit(c, s, s->bureau, "traffic_brigade", "台州市公安局交通警察支队", "台州市椒江区东海大道688号",
                 "0576-88122122", &traffic, err)))
    return rc;
  static const char *const inspections[] = {"台州市机动车检测站（椒江）", "台州市机动车检测站（黄岩）",
                                            "台州市机动车检测站（路桥）"};
  for (int i = 0; i < 3; i++)
    if ((rc = unit(c, s, traffic, "inspection_station", inspections[i],
                   jw_arena_printf(a, "台州市%s检测路%d号", branches[i].district, 10 + i * 7), "0576-88122199", &id,
                   err)))
      return rc;
  for (size_t b = 0; b < NBRANCHES; b++) {
    int64_t branch;
    if ((rc = unit(c, s, s->bureau, "branch", branches[b].name,
                   jw_arena_printf(a, "台州市%s%s大道%d号", branches[b].district, PICK(places), 100 + (int)b * 11),
                   branches[b].phone, &branch, err)))
      return rc;
    if (b == 0) s->jiaojiang = branch;
    for (int k = 0; branches[b].stations[k]; k++) {
      int64_t st;
      if ((rc = unit(c, s, branch, "station", branches[b].stations[k],
                     jw_arena_printf(a, "台州市%s%s路%d号", branches[b].district, PICK(places), 1 + (int)rnd(300)),
                     jw_arena_printf(a, "0576-8%07u", 1000000 + rnd(8999999)), &st, err)))
        return rc;
      s->stations[s->nstations++] = st;
    }
  }
  s->baiyun = s->stations[0];
  /* Community stations and village offices go round the stations in turn,
   * starting at 白云派出所, so that the demo station has both kinds. */
  for (int i = 0; i < N_COMMUNITY; i++) {
    int64_t parent = s->stations[i % s->nstations];
    if ((rc = unit(c, s, parent, "community_station", jw_arena_printf(a, "%s社区警务室", communities[i]),
                   jw_arena_printf(a, "%s社区服务中心一楼", communities[i]), "", &s->community[i], err)))
      return rc;
  }
  for (int i = 0; i < N_VILLAGE; i++) {
    int64_t parent = s->stations[i % s->nstations];
    const char *village = jw_arena_printf(a, "%s%s", PICK(place_first), PICK(places));
    if ((rc = unit(c, s, parent, "village_office", jw_arena_printf(a, "%s村警务室", village),
                   jw_arena_printf(a, "%s村村民委员会", village), "", &s->village[i], err)))
      return rc;
  }
  s->first_community = s->community[0];
  s->first_village = s->village[0];
  return JW_OK;
}

static enum jw_code officer(struct jw_conn *c, struct seed_ctx *s, int64_t unit_id, int police, const char *title,
                            int rank, int appointments, const char *duty, struct jw_error *err) {
  char badge[16];
  if (police) snprintf(badge, sizeof badge, "%06d", 331001 + s->badge++);
  const char *name = person_name(s->a);
  struct jw_new_officer o = {
      .unit_id = unit_id,
      .name = name,
      .kind = police ? "police" : "auxiliary",
      .badge_no = police ? badge : NULL,
      .title = title,
      .duty_area = duty,
      .office_hours = "工作日 8:30-17:30",
      .intro = police ? jw_arena_printf(s->a, "%s，%s，从警%u年，热心为群众办实事。", name, title, 3 + rnd(25))
                      : jw_arena_printf(s->a, "%s，辅警，协助民警开展巡逻防控和群众服务工作。", name),
      .accepts_appointments = appointments,
      .rank = rank};
  int64_t id;
  return jw_officer_insert(c, &o, &id, err);
}

static enum jw_code officers(struct jw_conn *c, struct seed_ctx *s, struct jw_error *err) {
  enum jw_code rc;
  int police = 0, aux = 0;
  static const char *const leaders[] = {"所长", "教导员", "副所长"};
  for (int i = 0; i < s->nstations; i++)
    for (int k = 0; k < 3; k++, police++)
      if ((rc = officer(c, s, s->stations[i], 1, leaders[k], k + 1, 1, "全所工作", err))) return rc;
  for (int i = 0; i < N_COMMUNITY; i++, police++)
    if ((rc = officer(c, s, s->community[i], 1, "社区民警", 10, 1, "社区警务", err))) return rc;
  for (int i = 0; police < N_POLICE; i++, police++)
    if ((rc = officer(c, s, i % 2 ? s->stations[i % s->nstations] : s->village[i % N_VILLAGE], 1,
                      i % 2 ? "民警" : "驻村民警", 20, i % 2 == 0, i % 2 ? "案件办理" : "驻村警务", err)))
      return rc;
  for (int i = 0; i < N_VILLAGE; i++)
    for (int k = 0; k < 3; k++, aux++)
      if ((rc = officer(c, s, s->village[i], 0, "辅警", 50, 0, "巡逻防控", err))) return rc;
  for (int i = 0; i < N_COMMUNITY; i++)
    for (int k = 0; k < 5; k++, aux++)
      if ((rc = officer(c, s, s->community[i], 0, "辅警", 50, 0, "社区巡防", err))) return rc;
  for (int i = 0; aux < N_AUXILIARY; i++, aux++)
    if ((rc = officer(c, s, s->stations[i % s->nstations], 0, "辅警", 60, 0, "窗口服务", err))) return rc;
  return JW_OK;
}

static enum jw_code seed_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct seed_ctx *s = arg;
  enum jw_code rc = units(c, s, err);
  if (rc == JW_OK) rc = officers(c, s, err);
  if (rc == JW_OK) rc = jw_dir_bump(c, err);
  if (rc != JW_OK) return rc;
  struct jw_audit_entry e = {0, "cli", "seed.demo", "unit", "", "demo bureau loaded", ""};
  return jw_audit_write(c, &e, err);
}

struct traffic_seed {
  int64_t citizen, traffic;
  int tz, created;
};

static enum jw_code traffic_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct traffic_seed *t = arg;
  if (jw_inspection_seed_templates(c, err) != JW_OK) return err->code;
  return jw_traffic_seed_demo(c, t->citizen, t->traffic, t->tz, &t->created, err);
}

/* The demo vehicles, their violations, road conditions, inspection slot
 * templates, and the default 10,000 generated violations. */
static enum jw_code seed_traffic(struct jw_db *db, struct jw_conn *c, int64_t traffic, int tz, FILE *out,
                                 struct jw_error *err) {
  struct traffic_seed t = {jw_cli_store_user_id(c, "13800138000", err), traffic, tz, 0};
  if (!t.citizen) return jw_fail(err, JW_E_INTERNAL, "the demo citizen is missing");
  enum jw_code rc = jw_tx(c, traffic_tx, &t, err);
  if (rc != JW_OK) return rc;
  if (t.created)
    fprintf(out,
            "seed: demo vehicle 02 浙J12345 (engine6 123456) and 52 浙JD12345 (engine6 654321), road conditions\n");
  int past = jw_inspection_seed_demo(c, t.citizen, tz, err);
  if (past < 0) return err->code;
  if (past) fprintf(out, "seed: %d past inspection bookings of the demo citizen\n", past);
  return jw_traffic_seed_violations(db, JW_SEED_DEMO_VIOLATIONS, out, err);
}

/* The stolen-vehicle registry with the seizures at 四号桥, and the prevention bus's events and requests. */
static enum jw_code seed_seizures_and_bus(struct jw_conn *c, int tz_offset_min, FILE *out, struct jw_error *err) {
  int64_t now = (int64_t)time(NULL);
  int added = 0;
  if (jw_seizures_seed_demo(c, now, &added, err) != JW_OK) return err->code;
  if (added) fprintf(out, "seed: %d stolen-vehicle records, 321 of them seized at 四号桥\n", added);
  if (jw_prevention_seed_demo(c, now, tz_offset_min, &added, err) != JW_OK) return err->code;
  if (added) fprintf(out, "seed: %d prevention-bus events and 4 visit requests\n", added);
  if (jw_news_seed_demo(c, now, &added, err) != JW_OK) return err->code;
  if (added) fprintf(out, "seed: %d police news articles (走进警营)\n", added);
  return JW_OK;
}

enum jw_code jw_seed_demo(struct jw_db *db, int tz_offset_min, FILE *out, struct jw_error *err) {
  struct jw_conn *c = jw_db_conn(db, err);
  if (!c) return err->code;
  struct jw_arena a = {0};
  struct seed_ctx s = {.a = &a};
  enum jw_code rc = JW_OK;
  if (!jw_cli_store_root_unit(c, "台州市公安局", err)) {
    rc = jw_tx(c, seed_tx, &s, err);
    if (rc != JW_OK) goto out;
    fprintf(out,
            "seed: loaded the demo bureau: %d stations, %d community stations, %d village offices, "
            "%d police and %d auxiliary officers\n",
            s.nstations, N_COMMUNITY, N_VILLAGE, N_POLICE, N_AUXILIARY);
  } else {
    fprintf(out, "seed: the demo bureau is already there\n");
  }
  int64_t bureau = jw_cli_store_root_unit(c, "台州市公安局", err);
  int64_t jiaojiang = jw_cli_store_unit_by_name(c, "椒江分局", "branch", err);
  int64_t baiyun = jw_cli_store_unit_by_name(c, "白云派出所", "station", err);
  int64_t community = jw_cli_store_first_child(c, baiyun, "community_station", err);
  int64_t village = jw_cli_store_first_child(c, baiyun, "village_office", err);
  int64_t traffic = jw_cli_store_first_child(c, bureau, "traffic_brigade", err);
  int64_t inspection = jw_cli_store_first_child(c, traffic, "inspection_station", err);
  char idn[19] = "33100219900307182";
  idn[17] = jw_id_check_char(idn);
  idn[18] = '\0';
  const struct jw_new_user users[] = {
      {"citizen", "citizen", "13800138000", "王小明", DEMO_PASSWORD, "13800138000", idn, 0, 1, 0, NULL, NULL},
      {"staff", "sysadmin", "sysadmin", "系统管理员", DEMO_PASSWORD, NULL, NULL, bureau, 1, 0, NULL, NULL},
      {"staff", "secadmin", "secadmin", "安全管理员", DEMO_PASSWORD, NULL, NULL, bureau, 1, 0, NULL, NULL},
      {"staff", "auditor", "auditor", "审计管理员", DEMO_PASSWORD, NULL, NULL, bureau, 1, 0, NULL, NULL},
      {"staff", "cashier", "cashier", "财务室收费员", DEMO_PASSWORD, NULL, NULL, bureau, 1, 0, NULL, NULL},
      {"staff", "finance_approver", "finance_approver", "财务室审核员", DEMO_PASSWORD, NULL, NULL, bureau, 1, 0, NULL,
       NULL},
      {"staff", "unit_admin", "unit_admin", "椒江分局管理员", DEMO_PASSWORD, NULL, NULL, jiaojiang, 1, 0, NULL, NULL},
      {"staff", "station_chief", "station_chief", "白云所所长", DEMO_PASSWORD, NULL, NULL, baiyun, 1, 0, NULL, NULL},
      {"staff", "officer", "officer", "社区民警", DEMO_PASSWORD, NULL, NULL, community, 1, 0, NULL, NULL},
      {"staff", "auxiliary", "auxiliary", "驻村辅警", DEMO_PASSWORD, NULL, NULL, village, 1, 0, NULL, NULL},
      /* The traffic police (road conditions) and an inspection station (day list, check-in). */
      {"staff", "officer", "traffic", "交警支队民警", DEMO_PASSWORD, NULL, NULL, traffic, 1, 0, NULL, NULL},
      {"staff", "officer", "inspector", "椒江检测站工作人员", DEMO_PASSWORD, NULL, NULL, inspection, 1, 0, NULL, NULL},
  };
  for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
    if (jw_cli_store_user_id(c, users[i].login, err)) continue;
    int64_t id;
    if ((rc = jw_user_create(c, &a, &users[i], &id, err)) != JW_OK) goto out;
    fprintf(out, "seed: %-14s login %-13s password %s\n", users[i].role, users[i].login, DEMO_PASSWORD);
  }
  int64_t citizen = jw_cli_store_user_id(c, "13800138000", err);
  int64_t chief = jw_cli_store_user_id(c, "station_chief", err);
  int added = jw_apps_seed_demo(c, citizen, baiyun, chief, tz_offset_min, err);
  if (added < 0) {
    rc = err->code;
    goto out;
  }
  if (added) fprintf(out, "seed: %d demo applications of the demo citizen at 白云派出所\n", added);
  /* The grids and residents first: the work logs visit residents of the
   * officers' grids, and the demo officer's account is linked there. */
  if ((rc = jw_community_seed_demo(db, tz_offset_min, out, err)) != JW_OK) goto out;
  if ((rc = jw_appointments_seed_demo(db, tz_offset_min, out, err)) != JW_OK) goto out;
  if ((rc = jw_worklogs_seed_demo(c, baiyun, tz_offset_min, &added, err)) != JW_OK) goto out;
  if (added) fprintf(out, "seed: %d demo work logs of officers of 白云派出所\n", added);
  if ((added = jw_hotspots_seed_demo(c, tz_offset_min, err)) < 0) {
    rc = err->code;
    goto out;
  }
  if (added) fprintf(out, "seed: %d demo hotspots in two campaigns; 四号桥 delisted with 321 vehicles seized\n", added);
  int reports = jw_report_seed_demo(c, citizen, err);
  if (reports < 0) {
    rc = err->code;
    goto out;
  }
  if (reports) fprintf(out, "seed: %d demo citizen reports (Open311) at 白云派出所\n", reports);
  if ((added = jw_consult_seed_demo(c, citizen, baiyun, chief, tz_offset_min, err)) < 0) {
    rc = err->code;
    goto out;
  }
  if (added) fprintf(out, "seed: %d demo consultations of the demo citizen with 白云派出所\n", added);
  if ((added = jw_consult_seed_mailbox(c, citizen, bureau, DEMO_PASSWORD, tz_offset_min, err)) < 0) {
    rc = err->code;
    goto out;
  }
  if (added)
    fprintf(out,
            "seed: the chief's mailbox (局长信箱): office logins mailbox_office, mailbox_lead; a letter published as "
            "Q&A\n");
  rc = seed_traffic(db, c, traffic, tz_offset_min, out, err);
  if (rc == JW_OK) rc = seed_seizures_and_bus(c, tz_offset_min, out, err);
out:
  jw_arena_free(&a);
  return rc;
}
