/* services.c — the catalogue of problems a citizen may report (Open311
 * "services"), each with its attributes (the service definition), and the
 * check of one attribute value against its definition. The catalogue is
 * code, not data: a new kind of report comes with its triage and its page. */
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "reports/reports.h"

static const struct jw_report_value NOISE_SOURCES[] = {
    {"construction", "装修施工"},
    {"venue", "娱乐场所"},
    {"square_dance", "广场舞"},
    {"shop", "商铺外放"},
    {"neighbour", "邻里噪音"},
    {"other", "其他"},
    {NULL, NULL},
};
static const struct jw_report_value DAY_NIGHT[] = {
    {"day", "白天（6:00-22:00）"},
    {"night", "夜间（22:00-6:00）"},
    {NULL, NULL},
};
static const struct jw_report_value YES_NO[] = {{"yes", "是"}, {"no", "否"}, {NULL, NULL}};
static const struct jw_report_value YES_NO_UNKNOWN[] = {
    {"yes", "是"}, {"no", "否"}, {"unknown", "不清楚"}, {NULL, NULL}};
static const struct jw_report_value BLOCKING[] = {
    {"fire_lane", "消防通道"}, {"sidewalk", "人行道"}, {"entrance", "出入口"}, {"other", "其他"}, {NULL, NULL},
};
static const struct jw_report_value SUSPICIOUS[] = {
    {"person", "可疑人员"}, {"vehicle", "可疑车辆"}, {"object", "可疑物品"}, {"other", "其他可疑情况"}, {NULL, NULL},
};
static const struct jw_report_value LIGHT_FAULTS[] = {
    {"dark", "不亮"}, {"flicker", "闪烁"}, {"day_on", "白天常亮"}, {"pole", "灯杆损坏"}, {NULL, NULL},
};

static const struct jw_report_attr NOISE[] = {
    {"noise_source", "singlevaluelist", 1, NULL, 1, "噪音来源", NOISE_SOURCES},
    {"noise_time", "singlevaluelist", 0, NULL, 2, "发生时段", DAY_NIGHT},
};
static const struct jw_report_attr GAMBLING[] = {
    {"ongoing", "singlevaluelist", 1, NULL, 1, "现在是否正在进行", YES_NO},
    {"people", "number", 0, "大约人数，整数 1-999", 2, "参与人数", NULL},
};
static const struct jw_report_attr PARKING[] = {
    {"plate", "string", 0, "号牌号码，如 浙J12345", 1, "车牌号", NULL},
    {"blocking", "singlevaluelist", 1, NULL, 2, "占用位置", BLOCKING},
};
static const struct jw_report_attr SUSPECT[] = {
    {"kind", "singlevaluelist", 1, NULL, 1, "可疑对象", SUSPICIOUS},
    {"features", "text", 0, "体貌、衣着、车辆特征等", 2, "特征描述", NULL},
};
static const struct jw_report_attr STREETLIGHT[] = {
    {"light_no", "string", 0, "灯杆上的编号", 1, "路灯编号", NULL},
    {"fault", "singlevaluelist", 1, NULL, 2, "故障情况", LIGHT_FAULTS},
};
static const struct jw_report_attr FIGHTING[] = {
    {"injured", "singlevaluelist", 1, NULL, 1, "是否有人受伤", YES_NO_UNKNOWN},
};

#define N(x) ((int)(sizeof(x) / sizeof(x)[0]))

const struct jw_report_service jw_report_services[] = {
    {"noise", "噪音扰民", "Noise nuisance", "装修、娱乐场所、广场舞等噪音影响休息", "治安秩序", "噪音,扰民,装修,广场舞",
     NOISE, N(NOISE)},
    {"gambling", "聚众赌博", "Gambling", "棋牌室、出租屋等处聚众赌博", "治安秩序", "赌博,赌场,棋牌", GAMBLING,
     N(GAMBLING), 1},
    {"parking", "违法停车", "Illegal parking", "占用消防通道、人行道、出入口停车", "交通秩序", "停车,占道,消防通道",
     PARKING, N(PARKING)},
    {"suspicious", "可疑人员/可疑情况", "Suspicious person or activity", "形迹可疑的人员、车辆、物品", "治安秩序",
     "可疑,陌生人,踩点", SUSPECT, N(SUSPECT), 1},
    {"streetlight", "路灯损坏", "Broken street light", "路灯不亮、闪烁或灯杆损坏，影响夜间治安", "公共设施",
     "路灯,照明,黑灯", STREETLIGHT, N(STREETLIGHT)},
    {"fighting", "打架斗殴", "Fighting", "打架斗殴、寻衅滋事（正在发生请拨打110）", "治安秩序", "打架,斗殴,滋事",
     FIGHTING, N(FIGHTING)},
    {"other", "其他治安问题", "Other public-order problem", "以上没有列出的治安问题", "治安秩序", "其他", NULL, 0},
};
const int jw_report_nservices = N(jw_report_services);

const struct jw_report_service *jw_report_service_find(const char *code) {
  if (!code) return NULL;
  for (int i = 0; i < jw_report_nservices; i++)
    if (strcmp(jw_report_services[i].code, code) == 0) return &jw_report_services[i];
  return NULL;
}

const char *jw_report_attr_problem(const struct jw_report_attr *a, const char *value) {
  size_t n = strlen(value);
  long chars = jw_utf8_len(value, n);
  if (chars < 0) return "is not valid UTF-8";
  if (a->values) {
    for (const struct jw_report_value *v = a->values; v->key; v++)
      if (strcmp(v->key, value) == 0) return NULL;
    return "is not one of the listed keys";
  }
  if (strcmp(a->datatype, "number") == 0) {
    if (n == 0 || n > 3) return "must be a whole number from 1 to 999";
    for (size_t i = 0; i < n; i++)
      if (value[i] < '0' || value[i] > '9') return "must be a whole number from 1 to 999";
    if (atoi(value) < 1) return "must be a whole number from 1 to 999";
    return NULL;
  }
  long max = strcmp(a->datatype, "text") == 0 ? JW_REPORT_DESC_MAX : JW_REPORT_FIELD_MAX;
  if (chars > max) return "is too long";
  if (jw_text_unsafe(value, n, strcmp(a->datatype, "text") == 0)) return "holds control characters";
  return NULL;
}
