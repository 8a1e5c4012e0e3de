/*
 * generate.c — `jingwu seed --residents N`: N more generated residents
 * spread over the demo's grids, for load tests and the search benchmark.
 * Transactions of BATCH rows, one prepared INSERT reused for every row (the
 * connection caches it), the ID number sealed per row as the API does.
 * Person k is deterministic; k continues after the residents already there,
 * so a second run adds N different people.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "community/internal.h"
#include "community/store.h"
#include "core/mem.h"

#define BATCH     20000
#define MAX_GRIDS 4096
#define K_BASE    1000000

static const char *const roads[] = {"白云山南路", "东海大道", "中山西路", "市府大道", "云西路", "学院路",
                                    "枫南路",     "工人路",   "青年路",   "康平路",   "海门路", "解放路"};
static const char *const jobs[] = {"台州市椒江区白云鞋业有限公司",
                                   "浙江杰克缝纫机股份有限公司",
                                   "台州吉利汽车部件有限公司",
                                   "椒江区白云农贸市场",
                                   "个体经营",
                                   "灵活就业",
                                   ""};
#define N(a) (sizeof(a) / sizeof((a)[0]))

struct gen {
  int64_t n, done, base;
  int64_t *grids;
  const char **paths;
  int ngrids;
  int64_t now;
  struct jw_date today;
  int64_t inserted;
};

static uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

static const char *day(struct jw_arena *a, struct jw_date today, int days) {
  char *s = jw_arena_alloc(a, 11);
  jw_date_format(jw_date_add_days(today, days), s);
  return s;
}

/* Resident i of this run into r (strings in a). */
static void make(struct gen *g, struct jw_arena *a, int64_t i, struct jw_resident_row *r) {
  int64_t k = g->base + i;
  uint64_t h = mix((uint64_t)k ^ 0x5bd1e995u);
  int migrant = h % 100 < 55;
  struct jw_gen_person p;
  jw_community_gen_person(k, migrant, &p);
  int grid = (int)(i % g->ngrids);
  *r = (struct jw_resident_row){
      .grid_id = g->grids[grid],
      .unit_path = g->paths[grid],
      .kind = migrant ? "migrant" : "registered",
      .name = jw_arena_strdup(a, p.name),
      .phone = jw_arena_strdup(a, p.phone),
      .address = jw_arena_printf(a, "台州市椒江区%s%u号%u幢%u0%u室", roads[(h >> 8) % N(roads)],
                                 (unsigned)((h >> 12) % 500 + 1), (unsigned)((h >> 22) % 30 + 1),
                                 (unsigned)((h >> 28) % 18 + 1), (unsigned)((h >> 34) % 4 + 1)),
      .employer = jobs[(h >> 40) % N(jobs)],
      .native_place = p.native_place,
      .permit_status = "none",
      .created_at = g->now,
      .updated_at = g->now,
  };
  if (migrant) {
    unsigned roll = (unsigned)((h >> 44) % 100);
    r->registered_on = day(a, g->today, -(int)((h >> 50) % 1000) - 10);
    if (roll < 12) {
      r->permit_status = "none";
    } else if (roll < 25) {
      r->permit_status = "applied";
    } else if (roll < 35) {
      r->permit_status = "expired";
      r->permit_expires = day(a, g->today, -1 - (int)((h >> 20) % 180));
    } else {
      r->permit_status = "valid";
      r->permit_expires = day(a, g->today, roll < 45 ? (int)((h >> 20) % 30) : 31 + (int)((h >> 20) % 330));
    }
  }
  jw_comm_resident_seal(a, p.id_number, r);
}

static enum jw_code batch_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct gen *g = arg;
  struct jw_arena a = {0};
  enum jw_code rc = JW_OK;
  int64_t end = g->done + BATCH < g->n ? g->done + BATCH : g->n, added = 0;
  for (int64_t i = g->done; rc == JW_OK && i < end; i++) {
    struct jw_resident_row r;
    make(g, &a, i, &r);
    int64_t id = 0;
    rc = jw_comm_store_resident_insert(c, &r, 1, &id, err);
    added += id != 0;
    if ((i & 1023) == 1023) jw_arena_free(&a);
  }
  jw_arena_free(&a);
  if (rc == JW_OK) g->inserted += added;
  return rc;
}

enum jw_code jw_community_seed_residents(struct jw_db *db, int64_t n, int tz_offset_min, FILE *out,
                                         struct jw_error *err) {
  struct jw_conn *c = jw_db_conn(db, err);
  if (!c) return err->code;
  struct jw_arena a = {0};
  struct gen g = {.n = n, .now = (int64_t)time(NULL)};
  g.today = jw_date_of_time(g.now, tz_offset_min);
  g.grids = jw_arena_alloc(&a, MAX_GRIDS * sizeof *g.grids);
  g.paths = jw_arena_alloc(&a, MAX_GRIDS * sizeof *g.paths);
  enum jw_code rc = JW_OK;
  g.ngrids = jw_comm_store_all_grids(c, &a, g.grids, g.paths, MAX_GRIDS, err);
  int64_t have = jw_comm_store_resident_count(c, err);
  jw_conn_release(c);
  if (g.ngrids < 0 || have < 0) {
    rc = err->code;
    goto out;
  }
  if (g.ngrids == 0) {
    rc = jw_fail(err, JW_E_NOT_FOUND, "There are no grids to put residents in (run seed --demo first).");
    goto out;
  }
  g.base = K_BASE + have;
  if (jw_db_kind(db) == JW_DB_SQLITE) jw_comm_store_bulk_tune(c, err);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  while (rc == JW_OK && g.done < g.n) {
    rc = jw_tx(c, batch_tx, &g, err);
    if (rc != JW_OK) break;
    g.done = g.done + BATCH < g.n ? g.done + BATCH : g.n;
    if (g.done % 100000 == 0 && g.done < g.n) {
      fprintf(out, "seed: %lld residents\n", (long long)g.done);
      fflush(out);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (rc == JW_OK)
    fprintf(out, "seed: %lld generated residents over %d grids (%lld new) in %.1f s\n", (long long)n, g.ngrids,
            (long long)g.inserted, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
out:
  jw_arena_free(&a);
  return rc;
}
