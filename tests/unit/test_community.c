/* test_community.c — the community domain's rules: point in polygon (convex,
 * concave, edges, vertices), the stored polygon's parser, generated people
 * (valid and distinct ID numbers), and, on a real SQLite database, who may
 * see a grid and which grid holds a point. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "community/community.h"
#include "community/store.h"
#include "core/validate.h"
#include "directory/directory.h"

static void square_and_edges(void **state) {
  (void)state;
  const struct jw_geo_point sq[] = {{0, 0}, {10, 0}, {10, 10}, {0, 10}}; /* {lng, lat} */
  assert_int_equal(jw_point_in_polygon(5, 5, sq, 4), 1);
  assert_int_equal(jw_point_in_polygon(11, 5, sq, 4), 0);
  assert_int_equal(jw_point_in_polygon(5, -1, sq, 4), 0);
  assert_int_equal(jw_point_in_polygon(0, 5, sq, 4), 1);   /* on the left edge (lat 0 … lng 5: bottom edge) */
  assert_int_equal(jw_point_in_polygon(10, 10, sq, 4), 1); /* a vertex */
  assert_int_equal(jw_point_in_polygon(5, 10, sq, 4), 1);  /* on the right edge */
  assert_int_equal(jw_point_in_polygon(5, 5, sq, 2), 0);   /* not a polygon */
  /* The other winding gives the same answers. */
  const struct jw_geo_point rev[] = {{0, 10}, {10, 10}, {10, 0}, {0, 0}};
  assert_int_equal(jw_point_in_polygon(5, 5, rev, 4), 1);
  assert_int_equal(jw_point_in_polygon(15, 5, rev, 4), 0);
}

static void concave_and_large(void **state) {
  (void)state;
  /* An L: the notch (lng 6..10, lat 6..10) is outside. */
  const struct jw_geo_point l[] = {{0, 0}, {10, 0}, {10, 5}, {5, 5}, {5, 10}, {0, 10}};
  assert_int_equal(jw_point_in_polygon(2, 2, l, 6), 1);
  assert_int_equal(jw_point_in_polygon(8, 8, l, 6), 0);
  assert_int_equal(jw_point_in_polygon(8, 2, l, 6), 1);
  assert_int_equal(jw_point_in_polygon(5, 2, l, 6), 1); /* level with a vertex: counted once */
  /* Real coordinates (Taizhou, millionths of a degree): no overflow. */
  const struct jw_geo_point hex[] = {{121421400, 28656000}, {121420700, 28657040}, {121419300, 28657040},
                                     {121418600, 28656000}, {121419300, 28654960}, {121420700, 28654960}};
  assert_int_equal(jw_point_in_polygon(28656000, 121420000, hex, 6), 1);
  assert_int_equal(jw_point_in_polygon(28657100, 121420000, hex, 6), 0);
  assert_int_equal(jw_point_in_polygon(-90000000, -180000000, hex, 6), 0);
}

static void polygon_parse(void **state) {
  (void)state;
  struct jw_geo_point p[8];
  assert_int_equal(jw_polygon_parse("[[1,2],[3,4],[5,6]]", p, 8), 3);
  assert_int_equal(p[2].lng_e6, 5);
  assert_int_equal(p[2].lat_e6, 6);
  assert_int_equal(jw_polygon_parse(" [ [ -1 , 2 ] ] ", p, 8), 1);
  assert_int_equal(p[0].lng_e6, -1);
  assert_int_equal(jw_polygon_parse("[]", p, 8), 0);
  assert_int_equal(jw_polygon_parse("[[1,2],[3,4]", p, 8), -1);
  assert_int_equal(jw_polygon_parse("[[1,2,3]]", p, 8), -1);
  assert_int_equal(jw_polygon_parse("[[1,2]] x", p, 8), -1);
  assert_int_equal(jw_polygon_parse("[[\"1\",2]]", p, 8), -1);
  assert_int_equal(jw_polygon_parse("[[999999999999,2]]", p, 8), -1);
  assert_int_equal(jw_polygon_parse("[[1,2],[1,2],[1,2]]", p, 2), -1); /* more than max */
  assert_int_equal(jw_polygon_parse("", p, 8), -1);
}

static int cmp64(const void *a, const void *b) { return memcmp(a, b, 18); }

static void generated_people(void **state) {
  (void)state;
  enum { N = 60000 };
  char(*ids)[18] = malloc(sizeof *ids * 2 * N);
  for (int m = 0; m < 2; m++)
    for (int64_t k = 0; k < N; k++) {
      struct jw_gen_person p;
      jw_community_gen_person(k * 37 + (m ? 1000000 : 0), m, &p);
      char norm[19];
      assert_null(jw_check_id_number(p.id_number, norm));
      assert_int_equal(p.gender, (p.id_number[16] - '0') % 2 ? 'M' : 'F');
      assert_memory_equal(p.birth_date, p.id_number + 6, 4);
      assert_null(jw_check_phone(p.phone));
      memcpy(ids[m * N + k], p.id_number, 18);
    }
  qsort(ids, 2 * N, 18, cmp64);
  for (int i = 1; i < 2 * N; i++) assert_true(memcmp(ids[i - 1], ids[i], 18) != 0);
  free(ids);
}

static void resident_rules(void **state) {
  (void)state;
  struct jw_gen_person p;
  jw_community_gen_person(7, 1, &p);
  char lower[19], norm[19];
  memcpy(lower, p.id_number, 19);
  if (lower[17] == 'X') lower[17] = 'x';
  struct jw_resident_input ok = {.grid_id = 1,
                                 .kind = "migrant",
                                 .name = "张三",
                                 .id_number = lower,
                                 .phone = "13800138000",
                                 .registered_on = "2026-01-02",
                                 .permit_status = "valid",
                                 .permit_expires = "2027-01-02"};
  struct jw_error err = {0};
  assert_int_equal(jw_community_resident_check(&ok, norm, &err), JW_OK);
  assert_string_equal(ok.id_number, p.id_number); /* normalised */
  /* Each rule: one bad field, named. */
  struct {
    struct jw_resident_input in;
    const char *field;
  } bad[] = {
      {{.grid_id = 1, .kind = "registered", .name = "张三", .id_number = p.id_number, .registered_on = "2026-01-02"},
       "kind"},
      {{.grid_id = 1, .kind = "migrant", .name = "张三", .id_number = p.id_number, .permit_status = "valid"},
       "permit_expires"},
      {{.grid_id = 1, .kind = "alien", .name = "张三", .id_number = p.id_number}, "kind"},
      {{.grid_id = 0, .kind = "migrant", .name = "张三", .id_number = p.id_number}, "grid_id"},
      {{.grid_id = 1, .kind = "migrant", .name = "张", .id_number = p.id_number}, "name"},
      {{.grid_id = 1, .kind = "migrant", .name = "张三", .id_number = "110101199001011230"}, "id_number"},
      {{.grid_id = 1, .kind = "migrant", .name = "张三", .id_number = p.id_number, .phone = "12345"}, "phone"},
      {{.grid_id = 1, .kind = "migrant", .name = "张三", .id_number = p.id_number, .registered_on = "2026-02-30"},
       "registered_on"},
      {{.grid_id = 1, .kind = "migrant", .name = "张三", .id_number = p.id_number, .permit_status = "lost"},
       "permit_status"},
      {{.grid_id = 1, .kind = "migrant", .name = "张\xff三", .id_number = p.id_number}, "name"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct jw_error e = {0};
    if (!strcmp(bad[i].field, "id_number")) {
      /* make sure the check character is wrong */
      static char wrong[19];
      memcpy(wrong, p.id_number, 19);
      wrong[17] = wrong[17] == '0' ? '1' : '0';
      bad[i].in.id_number = wrong;
    }
    assert_int_equal(jw_community_resident_check(&bad[i].in, norm, &e), JW_E_VALIDATION);
    assert_string_equal(e.fields[0].field, bad[i].field);
  }
}

/* ---- on a database ---- */

struct fixture {
  char path[64];
  struct jw_db *db;
  struct jw_conn *c;
  int64_t station, other, grid, officer, stranger;
  const char *station_path, *other_path;
  struct jw_arena a;
};

static int setup(void **state) {
  struct fixture *f = calloc(1, sizeof *f);
  snprintf(f->path, sizeof f->path, "/tmp/jw-comm-%d.db", (int)getpid());
  char url[80];
  snprintf(url, sizeof url, "sqlite:%s", f->path);
  struct jw_error err = {0};
  if (jw_db_open(url, &f->db, &err) != JW_OK || jw_db_migrate(f->db, NULL, &err) != JW_OK) return -1;
  f->c = jw_db_conn(f->db, &err);
  struct jw_new_unit st = {0, "station", "白云派出所", NULL, NULL, NULL, 0, 0, 0, 0};
  struct jw_new_unit ot = {0, "station", "海门派出所", NULL, NULL, NULL, 0, 0, 0, 0};
  if (jw_unit_insert(f->c, &st, &f->station, &err) || jw_unit_insert(f->c, &ot, &f->other, &err)) return -1;
  struct jw_comm_unit u;
  jw_comm_store_unit_named(f->c, &f->a, "白云派出所", "station", &u, &err);
  f->station_path = u.path;
  jw_comm_store_unit_named(f->c, &f->a, "海门派出所", "station", &u, &err);
  f->other_path = u.path;
  struct jw_new_officer o = {
      .unit_id = f->station, .name = "李勇", .kind = "police", .badge_no = "331001", .title = "社区民警"};
  struct jw_new_officer s = {
      .unit_id = f->station, .name = "王强", .kind = "police", .badge_no = "331002", .title = "民警"};
  if (jw_officer_insert(f->c, &o, &f->officer, &err) || jw_officer_insert(f->c, &s, &f->stranger, &err)) return -1;
  struct jw_grid g = {.unit_id = f->station,
                      .unit_path = f->station_path,
                      .code = "T-01",
                      .name = "测试网格",
                      .officer_id = f->officer,
                      .polygon = "[[0,0],[10,0],[10,10],[0,10]]",
                      .has_box = 1,
                      .min_lat_e6 = 0,
                      .max_lat_e6 = 10,
                      .min_lng_e6 = 0,
                      .max_lng_e6 = 10};
  if (jw_comm_store_grid_insert(f->c, &g, 1, &err)) return -1;
  f->grid = g.id;
  /* A second grid whose box overlaps but whose polygon (a triangle) does not hold (8, 2). */
  struct jw_grid t = g;
  t.code = "T-02", t.name = "三角网格", t.polygon = "[[0,0],[0,10],[5,10]]";
  if (jw_comm_store_grid_insert(f->c, &t, 1, &err)) return -1;
  /* Users 1 and 2 as officers (linked), 3 unlinked. */
  if (jw_exec(f->c,
              "INSERT INTO users (id, kind, role, login, name, pw_hash, created_at) VALUES"
              " (1, 'staff', 'officer', 'o1', 'o1', 'x', 0), (2, 'staff', 'officer', 'o2', 'o2', 'x', 0)",
              &err))
    fprintf(stderr, "users: %s\n", err.detail);
  char sql[160];
  snprintf(sql, sizeof sql, "UPDATE officers SET user_id = 1 WHERE id = %lld", (long long)f->officer);
  jw_exec(f->c, sql, &err);
  snprintf(sql, sizeof sql, "UPDATE officers SET user_id = 2 WHERE id = %lld", (long long)f->stranger);
  jw_exec(f->c, sql, &err);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fixture *f = *state;
  jw_arena_free(&f->a);
  jw_db_close(f->db);
  unlink(f->path);
  free(f);
  return 0;
}

static void grid_visible(void **state) {
  struct fixture *f = *state;
  struct jw_error err = {0};
  struct jw_user own = {.id = 1, .role = JW_ROLE_OFFICER, .unit_path = f->station_path};
  struct jw_user stranger = {.id = 2, .role = JW_ROLE_OFFICER, .unit_path = f->station_path};
  struct jw_user unlinked = {.id = 3, .role = JW_ROLE_OFFICER, .unit_path = f->station_path};
  struct jw_user chief = {.id = 4, .role = JW_ROLE_STATION_CHIEF, .unit_path = f->station_path};
  struct jw_user far = {.id = 5, .role = JW_ROLE_STATION_CHIEF, .unit_path = f->other_path};
  struct jw_user sys = {.id = 6, .role = JW_ROLE_SYSADMIN, .unit_path = "/", .whole_bureau = 1};
  assert_int_equal(jw_community_grid_visible(f->c, &own, f->grid, &err), 1);
  assert_int_equal(jw_community_grid_visible(f->c, &stranger, f->grid, &err), 0);
  assert_int_equal(jw_community_grid_visible(f->c, &unlinked, f->grid, &err), 0);
  assert_int_equal(jw_community_grid_visible(f->c, &chief, f->grid, &err), 1);
  assert_int_equal(jw_community_grid_visible(f->c, &far, f->grid, &err), 0);
  assert_int_equal(jw_community_grid_visible(f->c, &sys, f->grid, &err), 0);
  assert_int_equal(jw_community_grid_visible(f->c, NULL, f->grid, &err), 0);
  assert_int_equal(jw_community_grid_visible(f->c, &chief, 999999, &err), 0);
  /* A member (auxiliary) works the grid too. */
  assert_int_equal(jw_comm_store_member_add(f->c, f->grid, f->stranger, &err), JW_OK);
  assert_int_equal(jw_community_grid_visible(f->c, &stranger, f->grid, &err), 1);
  assert_int_equal(jw_community_officer_of(f->c, 1, &err), f->officer);
  assert_int_equal(jw_community_officer_of(f->c, 3, &err), 0);
}

static void grid_at(void **state) {
  struct fixture *f = *state;
  struct jw_error err = {0};
  int64_t grid, unit;
  assert_int_equal(jw_community_grid_at(f->c, 2, 8, &grid, &unit, &err), JW_OK); /* lat 2, lng 8 */
  assert_int_equal(grid, f->grid);
  assert_int_equal(unit, f->station);
  assert_int_equal(jw_community_grid_at(f->c, 50, 50, &grid, &unit, &err), JW_OK);
  assert_int_equal(grid, 0);
  assert_int_equal(unit, 0);
}

int main(void) {
  const struct CMUnitTest pure[] = {
      cmocka_unit_test(square_and_edges), cmocka_unit_test(concave_and_large), cmocka_unit_test(polygon_parse),
      cmocka_unit_test(generated_people), cmocka_unit_test(resident_rules),
  };
  const struct CMUnitTest db[] = {
      cmocka_unit_test(grid_visible),
      cmocka_unit_test(grid_at),
  };
  int rc = cmocka_run_group_tests(pure, NULL, NULL);
  return rc | cmocka_run_group_tests(db, setup, teardown);
}
