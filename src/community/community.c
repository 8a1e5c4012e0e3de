/* community.c — the rules every part of the domain shares: point in polygon,
 * who may see a grid, the grid holding a point, generated identities. */
#include "community/community.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "community/internal.h"
#include "community/store.h"
#include "core/mem.h"
#include "core/validate.h"

/* ---- geometry ---- */

/* 1 when p lies on the segment a-b (collinear and within its box). */
static int on_segment(int64_t px, int64_t py, int64_t ax, int64_t ay, int64_t bx, int64_t by) {
  /* Coordinates are within ±360e6, so the products stay below 2^63. */
  if ((bx - ax) * (py - ay) - (by - ay) * (px - ax) != 0) return 0;
  return px >= (ax < bx ? ax : bx) && px <= (ax > bx ? ax : bx) && py >= (ay < by ? ay : by) &&
         py <= (ay > by ? ay : by);
}

int jw_point_in_polygon(int64_t lat_e6, int64_t lng_e6, const struct jw_geo_point *pts, size_t n) {
  if (n < 3) return 0;
  int inside = 0;
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    int64_t xi = pts[i].lng_e6, yi = pts[i].lat_e6, xj = pts[j].lng_e6, yj = pts[j].lat_e6;
    if (on_segment(lng_e6, lat_e6, xi, yi, xj, yj)) return 1;
    /* Ray casting towards +lng: count the edges that cross the ray, each
     * edge half-open in latitude so a vertex is counted once. */
    if ((yi > lat_e6) != (yj > lat_e6)) {
      /* x of the crossing > lng_e6, compared without division. */
      int64_t lhs = (lng_e6 - xi) * (yj - yi), rhs = (xj - xi) * (lat_e6 - yi);
      if (yj > yi ? lhs < rhs : lhs > rhs) inside = !inside;
    }
  }
  return inside;
}

int jw_polygon_parse(const char *text, struct jw_geo_point *pts, int max) {
  const char *p = text;
  int n = 0;
  while (*p == ' ') p++;
  if (*p++ != '[') return -1;
  while (*p == ' ') p++;
  if (*p == ']') return 0;
  for (;;) {
    while (*p == ' ') p++;
    if (*p++ != '[' || n == max) return -1;
    long long v[2];
    for (int k = 0; k < 2; k++) {
      while (*p == ' ') p++;
      char *end;
      if (!(*p == '-' || (*p >= '0' && *p <= '9'))) return -1;
      v[k] = strtoll(p, &end, 10);
      if (v[k] < -360000000 || v[k] > 360000000) return -1;
      p = end;
      while (*p == ' ') p++;
      if (*p++ != (k ? ']' : ',')) return -1;
    }
    pts[n].lng_e6 = v[0];
    pts[n++].lat_e6 = v[1];
    while (*p == ' ') p++;
    if (*p == ']') break;
    if (*p++ != ',') return -1;
  }
  p++;
  while (*p == ' ') p++;
  return *p ? -1 : n;
}

/* ---- scope ---- */

int64_t jw_community_officer_of(struct jw_conn *c, int64_t user_id, struct jw_error *err) {
  return jw_comm_store_officer_of(c, user_id, err);
}

int64_t jw_community_grid_officer_of_citizen(struct jw_conn *c, int64_t user_id, struct jw_error *err) {
  return jw_comm_store_grid_officer_of_citizen(c, user_id, err);
}

int jw_community_grid_visible(struct jw_conn *c, const struct jw_user *u, int64_t grid_id, struct jw_error *err) {
  if (!u || grid_id <= 0) return 0;
  int local = u->role == JW_ROLE_OFFICER || u->role == JW_ROLE_AUXILIARY;
  int chief = u->role == JW_ROLE_STATION_CHIEF || u->role == JW_ROLE_UNIT_ADMIN;
  if (!local && !chief) return 0;
  int64_t officer = 0;
  if (local && (officer = jw_comm_store_officer_of(c, u->id, err)) < 0) return -1;
  if (local && !officer) return 0;
  struct jw_arena a = {0};
  const char *path = NULL;
  int works = 0;
  enum jw_code rc = jw_comm_store_grid_access(c, &a, grid_id, officer, &path, &works, err);
  int visible = rc == JW_OK && (local ? works : jw_scope_contains(u, path));
  jw_arena_free(&a);
  if (rc == JW_E_NOT_FOUND) {
    err->code = JW_OK;
    return 0;
  }
  return rc == JW_OK ? visible : -1;
}

enum jw_code jw_community_grid_at(struct jw_conn *c, int64_t lat_e6, int64_t lng_e6, int64_t *grid_id, int64_t *unit_id,
                                  struct jw_error *err) {
  *grid_id = *unit_id = 0;
  struct jw_arena a = {0};
  int64_t ids[64], units[64];
  const char *polys[64];
  int n = jw_comm_store_grids_at(c, &a, lat_e6, lng_e6, ids, units, polys, 64, err);
  struct jw_geo_point pts[256];
  for (int i = 0; i < n; i++) {
    int np = jw_polygon_parse(polys[i], pts, 256);
    if (np >= 3 && jw_point_in_polygon(lat_e6, lng_e6, pts, (size_t)np)) {
      *grid_id = ids[i];
      *unit_id = units[i];
      break;
    }
  }
  jw_arena_free(&a);
  return n < 0 ? err->code : JW_OK;
}

/* ---- generated identities ---- */

struct region {
  const char *code, *place;
};
/* 椒江 黄岩 路桥 临海 温岭: registered residents. */
static const struct region home[] = {{"331002", "浙江台州椒江"},
                                     {"331003", "浙江台州黄岩"},
                                     {"331004", "浙江台州路桥"},
                                     {"331082", "浙江临海"},
                                     {"331081", "浙江温岭"}};
/* Where migrants to Taizhou come from. */
static const struct region away[] = {{"340121", "安徽长丰"}, {"341221", "安徽临泉"}, {"411421", "河南民权"},
                                     {"412725", "河南鹿邑"}, {"511602", "四川广安"}, {"513021", "四川达县"},
                                     {"522401", "贵州毕节"}, {"522422", "贵州大方"}, {"362321", "江西上饶"},
                                     {"430524", "湖南隆回"}, {"422826", "湖北咸丰"}, {"530381", "云南宣威"},
                                     {"500235", "重庆云阳"}, {"330521", "浙江德清"}, {"330723", "浙江武义"}};

static const char *const surnames[] = {"王", "陈", "林", "李", "张", "叶", "郑", "徐", "金", "黄", "周", "赵",
                                       "吴", "梁", "杨", "蒋", "潘", "应", "卢", "许", "何", "朱", "刘", "罗",
                                       "孙", "马", "胡", "郭", "高", "谢", "邓", "曾", "彭", "田", "袁", "冯"};
static const char *const given[] = {"伟", "杰", "磊", "军", "勇", "斌", "强", "涛", "明", "超", "辉", "鹏", "华", "敏",
                                    "静", "丽", "燕", "芳", "霞", "婷", "晨", "宇", "浩", "凯", "俊", "峰", "建", "国",
                                    "平", "海", "波", "洋", "文", "立", "志", "晓", "雪", "琳", "玲", "洁", "佳", "航",
                                    "春", "秋", "红", "东", "永", "德", "良", "剑", "亮", "欣", "怡", "瑶", "桂", "兰"};
static const char *const mobile[] = {"130", "131", "133", "135", "136", "137", "138", "139", "150", "151",
                                     "152", "153", "155", "157", "158", "159", "177", "180", "181", "185",
                                     "186", "187", "188", "189", "191", "198", "199", "176", "166", "173"};
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A 64-bit mix (splitmix64's finaliser): the same k, the same person. */
static uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

enum { BIRTH_DAYS = 20000 }; /* 1953-01-01 … 2007-10-04 */

void jw_community_gen_person(int64_t k, int migrant, struct jw_gen_person *p) {
  uint64_t h = mix((uint64_t)k * 2 + (migrant != 0));
  size_t nr = migrant ? N(away) : N(home);
  const struct region *rg = migrant ? &away[(uint64_t)k % nr] : &home[(uint64_t)k % nr];
  /* rest → (day, seq/2) is one-to-one: 7919 is prime to BIRTH_DAYS. */
  uint64_t rest = (uint64_t)k / nr;
  long day = (long)((rest % BIRTH_DAYS) * 7919 % BIRTH_DAYS);
  unsigned seq = (unsigned)((rest / BIRTH_DAYS) % 500) * 2 + (unsigned)(h & 1);
  /* Civil date from days since 1953-01-01 (Howard Hinnant's algorithm). */
  long z = day - 6209 + 719468; /* 1953-01-01 is day -6209 from 1970-01-01 */
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) y++;
  char first17[64];
  snprintf(first17, sizeof first17, "%s%04ld%02ld%02ld%03u", rg->code, y, m, d, seq % 1000);
  memcpy(p->id_number, first17, 17);
  p->id_number[17] = jw_id_check_char(first17);
  p->id_number[18] = '\0';
  snprintf(p->birth_date, sizeof p->birth_date, "%.4s-%.2s-%.2s", first17 + 6, first17 + 10, first17 + 12);
  p->gender = seq % 2 ? 'M' : 'F';
  p->migrant = migrant != 0;
  p->native_place = rg->place;
  if ((h >> 8) % 3 == 0)
    snprintf(p->name, sizeof p->name, "%s%s", surnames[(h >> 12) % N(surnames)], given[(h >> 20) % N(given)]);
  else
    snprintf(p->name, sizeof p->name, "%s%s%s", surnames[(h >> 12) % N(surnames)], given[(h >> 20) % N(given)],
             given[(h >> 28) % N(given)]);
  snprintf(p->phone, sizeof p->phone, "%s%08u", mobile[(h >> 36) % N(mobile)], (unsigned)((h >> 40) % 100000000u));
}

/* ---- the scope of one request ---- */

int64_t (*jw_community_visits_hook)(struct jw_conn *c, int64_t grid_id, const char *month_first,
                                    struct jw_error *err) = NULL;

enum jw_code jw_comm_scope_of(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, struct jw_comm_scope *s,
                              struct jw_error *err) {
  memset(s, 0, sizeof *s);
  s->kind = SCOPE_NONE;
  if (!u) return JW_OK;
  if (u->role == JW_ROLE_OFFICER || u->role == JW_ROLE_AUXILIARY) {
    int64_t o = jw_comm_store_officer_of(c, u->id, err);
    if (o < 0) return err->code;
    if (o) {
      s->kind = SCOPE_GRIDS;
      s->officer = o;
    }
  } else if ((u->role == JW_ROLE_STATION_CHIEF || u->role == JW_ROLE_UNIT_ADMIN) && u->unit_path) {
    s->kind = SCOPE_PATH;
    s->path = u->unit_path;
    s->path_end = jw_db_prefix_end(a, u->unit_path);
  }
  return JW_OK;
}

enum jw_code jw_comm_grid_check(struct jw_conn *c, const struct jw_user *u, int64_t grid_id, struct jw_error *err) {
  int v = jw_community_grid_visible(c, u, grid_id, err);
  if (v < 0) return err->code;
  return v ? JW_OK : jw_fail(err, JW_E_NOT_FOUND, "There is no such grid.");
}
