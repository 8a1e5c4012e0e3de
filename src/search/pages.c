/* pages.c — the portal's sections and pages for the site search: a small
 * static table (the paths are the web app's routes, web/src/router/), so
 * that 局长信箱, 信箱 or 写信 lead to the chief's mailbox and 防范 to the
 * prevention bus, whatever the domains hold. */
#include <string.h>

#include "core/validate.h"
#include "search/search.h"

/* Keywords: lowercase, separated by one space; Chinese and English. */
static const struct jw_search_page pages[] = {
    {"/mailbox/chief", "局长信箱", "Chief's mailbox", "信箱 写信 来信 投诉 建议 意见 局长 mailbox letter complaint"},
    {"/qa", "公开问答", "Public Q&A", "问答 答复 回复 来信选登 常见问题 qa faq answers questions"},
    {"/consultations/new", "在线咨询", "Ask online", "咨询 提问 留言 ask question consult"},
    {"/prevention", "防范宣传车", "Crime-prevention bus", "防范 宣传车 宣传 反诈 活动日历 prevention bus campaign"},
    {"/prevention/request", "预约防范宣传车", "Ask for the prevention bus",
     "预约宣传 宣讲 进校园 进社区 进企业 book a talk prevention bus"},
    {"/report", "我要举报", "Report a problem", "举报 报告 线索 隐患 反映 report problem"},
    {"/traffic/violations", "违法查询", "Traffic violation query",
     "违章 交通违法 违法 罚款 扣分 缴款 violations fine traffic"},
    {"/traffic/inspection", "检验预约", "Book a vehicle inspection",
     "年检 检测 机动车检验 验车 预约检验 inspection booking"},
    {"/traffic/roads", "交通路况", "Road conditions", "路况 道路 拥堵 施工 roads traffic conditions"},
    {"/traffic/vehicles", "我的车辆", "My vehicles", "车辆 绑定 机动车 vehicles"},
    {"/services", "办事大厅", "Service hall", "办事 服务 事项 办理 申请 证件 办事指南 services apply guide"},
    {"/progress", "办件查询", "Track an application", "进度 办件 受理 查询进度 progress track application"},
    {"/disclosure", "阳光执法", "Open data", "公示 公开 阳光 办件公示 满意度 disclosure"},
    {"/statistics", "数据公开", "Public statistics", "数据 统计 访问量 statistics figures data"},
    {"/news", "走进警营", "Police news", "新闻 警务动态 通知公告 防范提示 警营文化 news notices"},
    {"/officers", "民警在线", "Find police", "民警 警官 社区民警 查找民警 officers police"},
    {"/units", "单位导航", "Police units", "派出所 分局 警务室 单位 地址 电话 stations units address"},
    {"/hotspots", "治安乱点整治", "Public-order hotspots", "乱点 整治 治安 hotspots"},
    {"/receipts/verify", "电子票据验真", "Verify a receipt", "票据 发票 收据 验真 receipt verify"},
    {"/accessibility", "无障碍声明", "Accessibility statement",
     "无障碍 长辈模式 适老化 读屏 accessibility elder screen reader"},
};

/* s with ASCII letters lowercased, into buf (size n). */
static const char *lower(const char *s, char *buf, size_t n) {
  size_t i = 0;
  for (; s[i] && i + 1 < n; i++) buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
  buf[i] = '\0';
  return buf;
}

/* 1 when some keyword of list (space-separated) of at least two characters occurs in q. */
static int keyword_in(const char *list, const char *q) {
  while (*list) {
    size_t n = strcspn(list, " ");
    char word[64];
    if (n < sizeof word) {
      memcpy(word, list, n);
      word[n] = '\0';
      if (jw_utf8_len(word, n) >= 2 && strstr(q, word)) return 1;
    }
    list += n;
    while (*list == ' ') list++;
  }
  return 0;
}

int jw_search_page_matches(const struct jw_search_page *p, const char *q) {
  char lq[256], name[128];
  if (strlen(q) >= sizeof lq) return 0;
  lower(q, lq, sizeof lq);
  /* One Latin letter or digit finds nothing (every English name has an "a"). */
  if (strlen(lq) == 1) return 0;
  lower(p->name_en, name, sizeof name);
  if (strstr(p->name, lq) || strstr(name, lq) || strstr(p->keywords, lq)) return 1;
  /* The other way: the query holds the page's name or one of its keywords ("我要写信给局长"). */
  return strstr(lq, p->name) || strstr(lq, name) || keyword_in(p->keywords, lq);
}

size_t jw_search_pages(const char *q, const struct jw_search_page **out, size_t max, int *more) {
  size_t n = 0;
  *more = 0;
  for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
    if (!jw_search_page_matches(&pages[i], q)) continue;
    if (n == max) {
      *more = 1;
      break;
    }
    out[n++] = &pages[i];
  }
  return n;
}
