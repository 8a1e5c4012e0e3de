/* demo.c — the demo bureau's police news (seed --demo): thirteen articles
 * by the demo officer, published by the station chief over the last two
 * months — the prevention bus's visits, the hotspot campaign that delisted
 * 四号桥 and seized 321 stolen vehicles, the online bureau's online payment
 * (first in China, 2011) — one pinned notice, one scheduled for next week,
 * one waiting in review. Added once (the first article's slug marks it). */
#include <string.h>

#include "core/mem.h"
#include "news/markdown.h"
#include "news/news.h"
#include "news/store.h"

struct demo_article {
  const char *slug, *category, *title, *summary, *body;
  int days_ago; /* < 0: scheduled that many days ahead */
  int pinned, in_review;
};

static const struct demo_article articles[] = {
    {"portal-relaunch", "notice", "关于网上公安局门户改版上线的公告",
     "新版门户把常用业务放在首页：违法查询、机动车检验预约、居住证办理和办件进度一键可达。",
     "为方便群众办事，网上公安局门户于近日完成改版。\n\n"
     "## 主要变化\n\n"
     "- 首页直达常用业务：**交通违法查询**、**机动车检验预约**、**居住证办理**、**办件进度查询**；\n"
     "- 新增“长辈模式”，字号更大、对比度更高；\n"
     "- 手机上也能完整办理每一项业务。\n\n"
     "使用中遇到问题，请拨打 12345 或到[办事大厅](/services)留言。",
     2, 1, 0},
    {"bus-dongshan-village", "police_news", "防范宣传车开进东山村 三百村民现场学反诈",
     "白云派出所防范宣传车来到东山村文化礼堂前广场，民警用真实案例讲解电信网络诈骗的常见套路。",
     "11月的一个上午，白云派出所的防范宣传车停在了东山村文化礼堂前广场。\n\n"
     "社区民警陈建华用村里发生过的真实案例，讲解了“冒充客服退款”“刷单返利”等诈骗套路，"
     "辅警林晓东帮助村民在手机上安装国家反诈中心 App。\n\n"
     "> 不听、不信、不转账，遇到可疑电话先问民警。\n\n"
     "当天共有三百余名村民参加。村、校、企业如需宣传车上门，可在网上[预约防范宣传车](/prevention)。",
     6, 0, 0},
    {"bus-baiyun-school", "police_news", "一堂特别的开学安全课：宣传车走进白云小学",
     "民警为白云小学的孩子们讲解校园安全、防拐骗和交通安全知识。",
     "防范宣传车开进了台州市白云小学操场。民警以问答的方式讲解了校园防欺凌、防拐骗和上下学交通安全。\n\n"
     "1. 陌生人给的东西不吃、不拿；\n"
     "2. 过马路走斑马线，看清红绿灯；\n"
     "3. 遇到危险记住拨打 **110**。\n\n"
     "孩子们还登上宣传车，参观了车载的反诈展板和警用装备。",
     13, 0, 0},
    {"sihaoqiao-delisted", "police_news", "治安重点地区整治见成效 四号桥地区摘帽",
     "经过三个月集中整治，四号桥地区治安秩序明显好转，经评估验收正式摘除治安重点地区帽子。",
     "今年以来，分局对四号桥地区开展治安重点地区集中整治。整治期间，派出所联合街道、市场监管等部门，"
     "清理整顿出租房和无证经营点，增设视频监控和路灯，组织巡逻队每晚巡防。\n\n"
     "## 整治成果\n\n"
     "- 查获被盗车辆 **321** 辆，其中大部分已发还失主；\n"
     "- 整改出租房安全隐患一百余处；\n"
     "- 地区可防性案件同比明显下降。\n\n"
     "经评估验收，四号桥地区已达到摘帽标准，正式摘除治安重点地区帽子。"
     "派出所将建立长效管理机制，防止问题反弹。",
     20, 0, 0},
    {"stolen-vehicles-321", "police_news", "集中整治行动查获被盗车辆321辆 失主认领请带好证件",
     "在四号桥地区集中整治中查获的被盗电动车、摩托车，请失主带身份证件和购车凭证到派出所认领。",
     "在四号桥地区集中整治中，民警共查获被盗车辆 321 辆。\n\n"
     "失主可在工作日 8:30—17:00 携带**本人身份证**和**购车发票或行驶证**，到白云派出所认领。"
     "认领前可先拨打派出所电话核对车辆信息。",
     24, 0, 0},
    {"online-bureau-since-2011", "culture", "从网上缴款说起：我们的网上公安局",
     "2011年，网上公安局在全国率先开通网上缴款，群众缴纳交通违法罚款不用再跑银行。",
     "2011年，网上公安局在全国率先开通了网上缴款：交通违法罚款可以在网上直接缴纳，"
     "群众不用再专门跑一趟银行网点。\n\n"
     "两年间，网站累计访问量超过一百万人次，网上办理业务一万余件。"
     "从“办事大厅”“网上服务”“阳光执法”“民警在线”到“走进警营”，"
     "每一个栏目背后都是民警们“让数据多跑路、群众少跑腿”的心愿。",
     30, 0, 0},
    {"refund-scam-warning", "prevention", "警惕“客服退款”诈骗：对方要你转账，一定是骗子",
     "接到自称电商客服、说要给你退款的电话，千万不要按对方要求操作转账或开通“备用金”。",
     "近期，冒充电商或快递客服的诈骗案件多发。骗子通常这样说：\n\n"
     "- “您购买的商品有质量问题，我们给您三倍退款”；\n"
     "- “您误开通了会员，不取消每月要扣费”。\n\n"
     "随后诱导你下载会议软件共享屏幕，或在借贷平台“开通备用金”后转账。\n\n"
     "**记住：正规客服退款不需要你转账**。遇到此类电话，请挂断后通过官方渠道核实，或拨打 96110 咨询。",
     9, 0, 0},
    {"ebike-theft-tips", "prevention", "电动车防盗四招", "停车入棚、加装防盗锁、登记上牌、安装定位器，让小偷无从下手。",
     "1. **停车入棚**：尽量停在有监控、有人看管的车棚；\n"
     "2. **一车多锁**：除车辆自带锁外，加装一把U形锁或碟刹锁；\n"
     "3. **登记上牌**：按规定上牌，被盗后便于查找和发还；\n"
     "4. **加装定位器**：丢车后第一时间报警并提供定位信息。\n\n"
     "车辆被盗请立即拨打 110。",
     16, 0, 0},
    {"winter-fire-safety", "prevention", "冬季用火用电安全提示",
     "天冷取暖用电多，电动车不进楼道、不私拉电线充电，离家记得断电关气。",
     "冬季是火灾多发季节，请注意：\n\n"
     "- 电动车**不进楼道、不进家门**，不私拉电线“飞线”充电；\n"
     "- 电取暖器远离窗帘、被褥等可燃物，人走断电；\n"
     "- 使用燃气后及时关闭阀门，保持通风。\n\n"
     "发现火情请立即拨打 119。",
     3, 0, 0},
    {"community-officer-day", "culture", "社区民警的一天",
     "清晨走访、午间调解、傍晚巡逻，星明社区民警王志强的一天从早上七点开始。",
     "早上七点，社区民警王志强已经到了星明社区居委会。走访独居老人、核对出租房登记、"
     "调解一起邻里纠纷，是他再平常不过的一个上午。\n\n"
     "“社区的事没有小事。”王志强说。他的手机里存着网格里三百多户居民的联系方式，"
     "谁家老人行动不便，谁家孩子在外地上学，他都记得。",
     40, 0, 0},
    {"inspection-booking-online", "notice", "机动车检验可以网上预约了",
     "在网上公安局选择检测站和时段即可预约机动车检验，到站后凭预约号办理，无需排队取号。",
     "即日起，机动车检验实行网上预约。请在网上公安局“网上服务”中选择**机动车检验预约**，"
     "选好检测站和时段后提交即可。\n\n"
     "到站后凭预约号办理，无需现场排队取号。预约后如不能按时到站，请提前取消，以便把时段留给其他车主。",
     50, 0, 0},
    {"new-year-hours", "notice", "元旦假期户籍窗口办公时间安排",
     "元旦假期期间，各派出所户籍窗口安排值班，办理急需的身份证、户口业务。",
     "元旦假期期间，各派出所户籍窗口每天 9:00—12:00 安排值班，办理急需的居民身份证、户口业务。\n\n"
     "非急需业务请在假期后办理，或通过网上公安局在线申请。",
     -7, 0, 0},
    {"grid-rental-visits", "police_news", "网格民警走访出租房 宣传居住证办理",
     "白云派出所社区民警逐户走访辖区出租房，提醒房东及时登记租客信息。",
     "本周，白云派出所社区民警对辖区出租房开展走访，向房东和租客宣传居住证办理流程，"
     "提醒房东及时登记租客信息，并检查消防器材配备情况。",
     0, 0, 1},
};

static enum jw_code demo_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  int64_t *ctx = arg; /* [0] now, [1] added */
  int64_t now = ctx[0];
  ctx[1] = 0;
  int have = jw_news_store_slug_taken(c, articles[0].slug, 0, err);
  if (have < 0) return err->code;
  if (have) return JW_OK;
  int64_t author = jw_news_store_user(c, "officer", err), reviewer = jw_news_store_user(c, "station_chief", err);
  if (author < 0 || reviewer < 0) return err->code;
  if (!author || !reviewer) return JW_OK;
  struct jw_arena a = {0};
  enum jw_code rc = JW_OK;
  for (size_t i = 0; i < sizeof articles / sizeof articles[0]; i++) {
    const struct demo_article *d = &articles[i];
    struct jw_news_render r;
    if (jw_news_render_md(&a, d->body, strlen(d->body), &r) != 0) {
      rc = jw_fail(err, JW_E_INTERNAL, "demo article %s does not render", d->slug);
      break;
    }
    const struct jw_news_input in = {d->category, d->title, d->summary, d->body, d->slug, 0};
    int64_t at = now - (int64_t)d->days_ago * 86400, id;
    if ((rc = jw_news_store_insert(c, &in, r.html, author, d->in_review ? "in_review" : "published",
                                   d->in_review ? 0 : reviewer, d->in_review ? 0 : at, d->pinned, at < now ? at : now,
                                   &id, err)) != JW_OK)
      break;
    ctx[1]++;
  }
  jw_arena_free(&a);
  return rc;
}

enum jw_code jw_news_seed_demo(struct jw_conn *c, int64_t now, int *added, struct jw_error *err) {
  int64_t ctx[2] = {now, 0};
  enum jw_code rc = jw_tx(c, demo_tx, ctx, err);
  if (added) *added = rc == JW_OK ? (int)ctx[1] : 0;
  return rc;
}
