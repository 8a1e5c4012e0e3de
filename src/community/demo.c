/*
 * demo.c — the demo's community policing (`jingwu seed --demo`): grids under
 * 白云派出所's community station and village offices (and one each at 海门
 * and 葭沚), each drawn as a hexagon around its unit; their responsible
 * officers and auxiliaries; about 3,200 residents (registered and migrant,
 * valid ID numbers, permits some of which run out within 30 days), rental
 * houses with landlords and tenants, and self-managed groups with leaders.
 * The demo `officer` account becomes the 社区民警 of 白云's community
 * station, responsible for its first two grids; the `auxiliary` account an
 * auxiliary of its first village office's grid. Deterministic, idempotent.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "calendar/calendar.h"
#include "community/internal.h"
#include "community/store.h"
#include "core/mem.h"

#define FIRST_CODE "BY-C1-01"

/* Hexagon around a grid's centre, in millionths of a degree. */
static const int hex_dx[6] = {1400, 700, -700, -1400, -700, 700};
static const int hex_dy[6] = {0, 1040, 1040, 0, -1040, -1040};

static const char *const streets[] = {"白云山南路", "白云山西路", "东海大道", "中山西路", "市府大道", "云西路",
                                      "学院路",     "枫南路",     "工人西路", "青年路",   "康平路",   "葭沚路"};
static const char *const employers[] = {"台州市椒江区白云鞋业有限公司",
                                        "浙江海正药业股份有限公司",
                                        "台州吉利汽车部件有限公司",
                                        "椒江区白云农贸市场",
                                        "台州市椒江永安缝纫机配件厂",
                                        "浙江杰克缝纫机股份有限公司",
                                        "椒江区云西路快递站",
                                        "台州市椒江区白云街道顺达物流",
                                        "台州银泰城",
                                        "个体经营（餐饮）",
                                        "个体经营（五金）",
                                        "灵活就业",
                                        ""};
#define N(a) (sizeof(a) / sizeof((a)[0]))

struct demo {
  struct jw_arena *a;
  int64_t now;
  struct jw_date today;
  int64_t k_reg, k_mig; /* the next generated person of each kind */
  uint32_t rng;
  int grids, residents, houses, groups;
};

static uint32_t rnd(struct demo *d, uint32_t n) {
  d->rng ^= d->rng << 13;
  d->rng ^= d->rng >> 17;
  d->rng ^= d->rng << 5;
  return d->rng % n;
}

/* today + days as "YYYY-MM-DD" (arena). */
static char *day(struct demo *d, int days) {
  char *s = jw_arena_alloc(d->a, 11);
  jw_date_format(jw_date_add_days(d->today, days), s);
  return s;
}

/* One grid to make: its unit, code, name, officer and auxiliaries. */
struct grid_plan {
  const struct jw_comm_unit *unit;
  const char *code, *name, *area;
  int slot; /* its place beside its unit's other grids: -1, 0, 1 */
  int64_t officer, aux[3];
  int naux, residents, houses, migrant_pct;
  const char *street;
};

static enum jw_code make_grid(struct jw_conn *c, struct demo *d, const struct grid_plan *p, struct jw_grid *g,
                              struct jw_error *err) {
  int64_t lat = p->unit->lat_e6 ? p->unit->lat_e6 : 28656000, lng = p->unit->lng_e6 ? p->unit->lng_e6 : 121420000;
  lng += p->slot * 2800;
  struct jw_buf b = {d->a, NULL, 0, 0};
  jw_buf_puts(&b, "[");
  for (int i = 0; i < 6; i++)
    jw_buf_printf(&b, "%s[%lld,%lld]", i ? "," : "", (long long)(lng + hex_dx[i]), (long long)(lat + hex_dy[i]));
  jw_buf_puts(&b, "]");
  *g = (struct jw_grid){.unit_id = p->unit->id,
                        .unit_path = p->unit->path,
                        .code = p->code,
                        .name = p->name,
                        .area = p->area,
                        .officer_id = p->officer,
                        .polygon = b.p,
                        .has_box = 1,
                        .min_lat_e6 = lat - 1040,
                        .max_lat_e6 = lat + 1040,
                        .min_lng_e6 = lng - 1400,
                        .max_lng_e6 = lng + 1400};
  enum jw_code rc = jw_comm_store_grid_insert(c, g, d->now, err);
  for (int i = 0; rc == JW_OK && i < p->naux; i++) rc = jw_comm_store_member_add(c, g->id, p->aux[i], err);
  d->grids++;
  return rc;
}

/* A migrant's registration and permit, relative to today. */
static void permit(struct demo *d, struct jw_resident_row *r) {
  r->registered_on = day(d, -(int)rnd(d, 3 * 365) - 10);
  uint32_t roll = rnd(d, 100);
  if (roll < 12) {
    r->permit_status = "none";
  } else if (roll < 25) {
    r->permit_status = "applied";
  } else if (roll < 35) {
    r->permit_status = "expired";
    r->permit_expires = day(d, -1 - (int)rnd(d, 180));
  } else {
    r->permit_status = "valid";
    r->permit_expires = roll < 47 ? day(d, (int)rnd(d, 30)) : day(d, 31 + (int)rnd(d, 330));
  }
}

/* Inserts one generated resident of grid g; *id receives its id. */
static enum jw_code resident(struct jw_conn *c, struct demo *d, const struct jw_grid *g, int migrant,
                             const char *address, int64_t house, int64_t *id, struct jw_error *err) {
  struct jw_gen_person p;
  jw_community_gen_person(migrant ? d->k_mig++ : d->k_reg++, migrant, &p);
  struct jw_resident_row r = {
      .grid_id = g->id,
      .unit_path = g->unit_path,
      .kind = migrant ? "migrant" : "registered",
      .name = jw_arena_strdup(d->a, p.name),
      .phone = rnd(d, 20) ? jw_arena_strdup(d->a, p.phone) : "",
      .address = address,
      .house_id = house,
      .employer = employers[rnd(d, N(employers))],
      .native_place = p.native_place,
      .permit_status = "none",
      .created_at = d->now,
      .updated_at = d->now,
  };
  if (migrant) permit(d, &r);
  jw_comm_resident_seal(d->a, p.id_number, &r);
  d->residents++;
  return jw_comm_store_resident_insert(c, &r, 1, id, err);
}

/* The houses, residents and groups of one grid. */
static enum jw_code fill_grid(struct jw_conn *c, struct demo *d, const struct grid_plan *p, const struct jw_grid *g,
                              struct jw_error *err) {
  enum jw_code rc = JW_OK;
  int64_t houses[16] = {0}, members[2][12];
  const char *haddr[16];
  int nm[2] = {0, 0};
  int nh = p->houses < 16 ? p->houses : 16;
  for (int i = 0; rc == JW_OK && i < p->residents; i++) {
    int migrant = (int)rnd(d, 100) < p->migrant_pct && i >= nh; /* the first nh are the landlords */
    int64_t house = 0;
    const char *address;
    if (migrant && nh && rnd(d, 10) < 6) {
      int h = (int)rnd(d, (uint32_t)nh);
      house = houses[h];
      address = jw_arena_printf(d->a, "%s%u0%u室", haddr[h], 1 + rnd(d, 6), 1 + rnd(d, 4));
    } else {
      address = jw_arena_printf(d->a, "台州市椒江区%s%u号%u幢%u0%u室", p->street, 1 + rnd(d, 400), 1 + rnd(d, 20),
                                1 + rnd(d, 18), 1 + rnd(d, 4));
    }
    int64_t id = 0;
    rc = resident(c, d, g, migrant, address, house, &id, err);
    if (rc != JW_OK || !id) continue;
    if (i < nh) { /* a landlord: registered, owns house i */
      struct jw_house h = {
          .grid_id = g->id,
          .unit_path = g->unit_path,
          .address = jw_arena_printf(d->a, "台州市椒江区%s%d弄%u号", p->street, 10 + i * 3, 1 + rnd(d, 60)),
          .rooms = 2 + rnd(d, 11),
          .note = i % 4 == 0 ? "已签订治安责任书" : ""};
      struct jw_gen_person lp;
      jw_community_gen_person(d->k_reg - 1, 0, &lp);
      h.landlord_name = jw_arena_strdup(d->a, lp.name);
      h.landlord_phone = jw_arena_strdup(d->a, lp.phone);
      if ((rc = jw_comm_store_house_insert(c, &h, d->now, err)) != JW_OK) break;
      houses[i] = h.id;
      haddr[i] = h.address;
      d->houses++;
    }
    if (nm[migrant] < 12 && rnd(d, 4) == 0) members[migrant][nm[migrant]++] = id;
  }
  static const char *const kinds[2] = {"pianzu", "xinmin"};
  for (int k = 0; rc == JW_OK && k < 2; k++) {
    if (nm[k] == 0) continue;
    struct jw_group grp = {
        .grid_id = g->id,
        .unit_path = g->unit_path,
        .name = k ? jw_arena_printf(d->a, "%s新民小组", p->name) : jw_arena_printf(d->a, "%s片组", p->name),
        .kind = kinds[k],
        .leader_id = members[k][0],
        .note = k ? "外来务工人员自我管理、互帮互助" : "楼道长、热心居民参与群防群治"};
    rc = jw_comm_store_group_insert(c, &grp, d->now, err);
    for (int i = 0; rc == JW_OK && i < nm[k]; i++)
      rc = jw_comm_store_group_member_add(c, grp.id, members[k][i], day(d, -30 - 7 * i), err);
    d->groups++;
  }
  return rc;
}

/* The officers of unit u of kind and title (NULL: any), at most max. */
static int officers(struct jw_conn *c, int64_t unit, const char *kind, const char *title, int64_t *ids, int max,
                    struct jw_error *err) {
  int n = jw_comm_store_unit_officers(c, unit, kind, title, ids, max, err);
  return n < 0 ? 0 : n;
}

/* Plans and makes the grids of one community station or village office. */
static enum jw_code unit_grids(struct jw_conn *c, struct demo *d, const struct jw_comm_unit *u, const char *prefix,
                               int ngrids, int64_t fallback, int size, struct jw_error *err) {
  int64_t police[2] = {0}, aux[8] = {0};
  int np = officers(c, u->id, "police", NULL, police, 2, err);
  int na = officers(c, u->id, "auxiliary", NULL, aux, 8, err);
  enum jw_code rc = JW_OK;
  const char *base = u->name;
  size_t bl = strlen(base);
  if (bl > strlen("警务室") && strcmp(base + bl - strlen("警务室"), "警务室") == 0) bl -= strlen("警务室");
  for (int k = 0; rc == JW_OK && k < ngrids; k++) {
    struct grid_plan p = {
        .unit = u,
        .code = jw_arena_printf(d->a, "%s-%02d", prefix, k + 1),
        .name = jw_arena_printf(d->a, "%.*s第%d网格", (int)bl, base, k + 1),
        .slot = ngrids == 1 ? 0 : k - 1,
        /* The last of three grids goes to a police officer of the station. */
        .officer = np && (k < 2 || !fallback) ? police[0] : fallback,
        .residents = size,
        .houses = size > 400 ? 14 : 8,
        .migrant_pct = 55 + 5 * k,
        .street = streets[(d->grids * 5 + k) % N(streets)],
    };
    p.area = jw_arena_printf(d->a, "%s沿线及周边小区、店铺", p.street);
    for (int i = 0; i < na && p.naux < 3; i++)
      if (ngrids == 1 || i % ngrids == k) p.aux[p.naux++] = aux[i];
    struct jw_grid g;
    if ((rc = make_grid(c, d, &p, &g, err)) == JW_OK) rc = fill_grid(c, d, &p, &g, err);
  }
  return rc;
}

/* Links the demo account login to officer_id (no change when linked). */
static enum jw_code link(struct jw_conn *c, const char *login, int64_t officer_id, struct jw_error *err) {
  int64_t user = jw_comm_store_user_id(c, login, err);
  if (user < 0) return err->code;
  if (!user || !officer_id) return JW_OK;
  return jw_comm_store_link_officer(c, officer_id, user, err);
}

static enum jw_code demo_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct demo *d = arg;
  struct jw_comm_unit st, cs[4], vo[8], other[2];
  if (jw_comm_store_unit_named(c, d->a, "白云派出所", "station", &st, err) != JW_OK) return err->code;
  if (!st.id) return JW_OK; /* not the demo bureau */
  int ncs = jw_comm_store_children(c, d->a, st.id, "community_station", cs, 4, err);
  int nvo = jw_comm_store_children(c, d->a, st.id, "village_office", vo, 8, err);
  if (ncs < 1 || nvo < 1) return ncs < 0 || nvo < 0 ? err->code : JW_OK;
  int64_t chief_police[4] = {0}, sheqq = 0, village_aux = 0;
  /* The station's own police (所长, 教导员, 副所长): the 副所长 takes the
   * community station's third grid, the 教导员 a village office without a
   * 驻村民警 of its own. */
  int nsp = officers(c, st.id, "police", NULL, chief_police, 4, err);
  officers(c, cs[0].id, "police", "社区民警", &sheqq, 1, err);
  officers(c, vo[0].id, "auxiliary", NULL, &village_aux, 1, err);
  enum jw_code rc = link(c, "officer", sheqq, err);
  if (rc == JW_OK) rc = link(c, "auxiliary", village_aux, err);
  for (int i = 0; rc == JW_OK && i < ncs; i++)
    rc = unit_grids(c, d, &cs[i], jw_arena_printf(d->a, "BY-C%d", i + 1), 3, chief_police[nsp > 2 ? 2 : 0], 700, err);
  for (int i = 0; rc == JW_OK && i < nvo; i++)
    rc = unit_grids(c, d, &vo[i], jw_arena_printf(d->a, "BY-V%d", i + 1), 1, chief_police[nsp > 1 ? 1 : 0], 250, err);
  /* One grid each at two other stations' community stations. */
  static const char *const elsewhere[][2] = {{"海门派出所", "HM-C1"}, {"葭沚派出所", "JZ-C1"}};
  for (size_t i = 0; rc == JW_OK && i < N(elsewhere); i++) {
    struct jw_comm_unit o;
    if ((rc = jw_comm_store_unit_named(c, d->a, elsewhere[i][0], "station", &o, err)) != JW_OK || !o.id) continue;
    if (jw_comm_store_children(c, d->a, o.id, "community_station", &other[i], 1, err) == 1)
      rc = unit_grids(c, d, &other[i], elsewhere[i][1], 1, 0, 150, err);
  }
  if (rc != JW_OK) return rc;
  char detail[160];
  snprintf(detail, sizeof detail, "demo community: %d grids, %d residents, %d rental houses, %d groups", d->grids,
           d->residents, d->houses, d->groups);
  struct jw_audit_entry e = {0, "cli", "community.seed", "grid", "", detail, ""};
  return jw_audit_write(c, &e, err);
}

enum jw_code jw_community_seed_demo(struct jw_db *db, int tz_offset_min, FILE *out, struct jw_error *err) {
  struct jw_conn *c = jw_db_conn(db, err);
  if (!c) return err->code;
  int64_t there = jw_comm_store_grid_by_code(c, FIRST_CODE, err);
  jw_conn_release(c);
  if (there < 0) return err->code;
  if (there) {
    fprintf(out, "seed: the demo grids and residents are already there\n");
    return JW_OK;
  }
  struct jw_arena a = {0};
  struct demo d = {.a = &a, .now = (int64_t)time(NULL), .rng = 20261130u};
  d.today = jw_date_of_time(d.now, tz_offset_min);
  enum jw_code rc = jw_tx(c, demo_tx, &d, err);
  jw_arena_free(&a);
  if (rc == JW_OK && d.grids)
    fprintf(out, "seed: %d grids, %d residents, %d rental houses, %d self-managed groups\n", d.grids, d.residents,
            d.houses, d.groups);
  return rc;
}
