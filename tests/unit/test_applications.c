/* test_applications.c — the applications domain called as the command
 * line, the tick or another domain would: a struct jw_apps_ctx on a real
 * (SQLite) database, no request. The demo seed's two cases, the citizen's
 * and the station's lists, visibility, a transition and a second rating. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "applications/applications.h"
#include "core/mem.h"

struct fixture {
  char path[64];
  struct jw_db *db;
  struct jw_conn *c;
  struct jw_arena arena;
};

/* A bureau (1) with a station (2), a citizen (1), the station's chief (2)
 * and another citizen (3). */
static const char SQL_PEOPLE[] =
    "INSERT INTO units (id, parent_id, path, kind, name, created_at, updated_at) VALUES"
    " (1, NULL, '/1/', 'bureau', '台州市公安局', 0, 0), (2, 1, '/1/2/', 'station', '白云派出所', 0, 0);"
    "INSERT INTO users (id, kind, role, login, name, phone, unit_id, pw_hash, created_at) VALUES"
    " (1, 'citizen', 'citizen', '13800138000', '王小明', '13800138000', NULL, 'x', 0),"
    " (2, 'staff', 'station_chief', 'chief', '李所长', '13900139000', 2, 'x', 0),"
    " (3, 'citizen', 'citizen', '13700137000', '赵六', '13700137000', NULL, 'x', 0);";

static int setup(void **state) {
  struct fixture *f = calloc(1, sizeof *f);
  snprintf(f->path, sizeof f->path, "/tmp/jw-apps-%d.db", (int)getpid());
  char url[80];
  snprintf(url, sizeof url, "sqlite:%s", f->path);
  struct jw_error err = {0};
  if (jw_db_open(url, &f->db, &err) != JW_OK || jw_db_migrate(f->db, NULL, &err) != JW_OK ||
      !(f->c = jw_db_conn(f->db, &err)) || jw_exec(f->c, SQL_PEOPLE, &err) != JW_OK) {
    fprintf(stderr, "setup: %s\n", err.detail);
    return -1;
  }
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fixture *f = *state;
  jw_arena_free(&f->arena);
  jw_db_close(f->db);
  char p[80];
  unlink(f->path);
  snprintf(p, sizeof p, "%s-wal", f->path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", f->path);
  unlink(p);
  free(f);
  return 0;
}

static void without_a_request(void **state) {
  struct fixture *f = *state;
  struct jw_error err = {0};
  assert_int_equal(jw_apps_seed_demo(f->c, 1, 2, 2, 480, &err), 2);
  assert_int_equal(jw_apps_seed_demo(f->c, 1, 2, 2, 480, &err), 0); /* once */

  struct jw_user citizen = {.id = 1, .role = JW_ROLE_CITIZEN, .login = "13800138000", .name = "王小明"};
  struct jw_user chief = {.id = 2, .role = JW_ROLE_STATION_CHIEF, .login = "chief", .unit_id = 2, .unit_path = "/1/2/"};
  struct jw_user other = {.id = 3, .role = JW_ROLE_CITIZEN, .login = "13700137000"};
  struct jw_apps_ctx cx = {f->c, &f->arena, &citizen, "127.0.0.1", 480};
  struct jw_apps_ctx sx = {f->c, &f->arena, &chief, "127.0.0.1", 480};
  struct jw_apps_ctx ox = {f->c, &f->arena, &other, NULL, 480};

  struct jw_app_summary *v;
  size_t n;
  assert_int_equal(jw_apps_mine(&cx, NULL, 20, 0, &v, &n, &err), JW_OK);
  assert_int_equal(n, 2);
  const char *waiting = strcmp(v[0].status, "submitted") == 0 ? v[0].tracking_no : v[1].tracking_no;
  const char *done = strcmp(v[0].status, "completed") == 0 ? v[0].tracking_no : v[1].tracking_no;
  assert_int_equal(jw_apps_mine(&cx, "completed", 20, 0, &v, &n, &err), JW_OK);
  assert_int_equal(n, 1);
  assert_true(v[0].rated);

  struct jw_apps_queue_filter q = {.status = "submitted"};
  assert_int_equal(jw_apps_queue(&sx, &q, 20, 0, &v, &n, &err), JW_OK);
  assert_int_equal(n, 1);
  assert_string_equal(v[0].tracking_no, waiting);
  assert_string_equal(v[0].applicant_name, "王小明");
  struct jw_apps_queue_filter outside = {.has_unit = 1, .unit_id = 1};
  assert_int_equal(jw_apps_queue(&sx, &outside, 20, 0, &v, &n, &err), JW_E_NOT_FOUND);
  jw_error_clear(&err);

  /* Nobody else sees a case, and is told it does not exist. */
  struct jw_application a;
  assert_int_equal(jw_app_load(&ox, waiting, &a, &err), JW_E_NOT_FOUND);
  jw_error_clear(&err);
  assert_int_equal(jw_app_load(&sx, waiting, &a, &err), JW_OK);
  assert_true(jw_app_staff_view(&sx, &a));
  assert_false(jw_app_staff_view(&cx, &a));

  struct jw_app_detail d;
  assert_int_equal(jw_app_detail(&sx, &a, &d, &err), JW_OK);
  assert_int_equal(d.nhistory, 1);
  assert_null(d.history[0].from);
  assert_string_equal(d.actions[0], "accept");

  struct jw_app_move m = {.t = jw_app_transition("accept", a.status, NULL)};
  assert_non_null(m.t);
  assert_int_equal(jw_app_fire(&sx, &a, &m, &err), JW_OK);
  /* The same event again from the old state: someone else moved it. */
  assert_int_equal(jw_app_fire(&sx, &a, &m, &err), JW_E_CONFLICT);
  jw_error_clear(&err);
  assert_int_equal(jw_app_load(&cx, waiting, &a, &err), JW_OK);
  assert_int_equal(a.status, APP_ACCEPTED);
  assert_int_equal(jw_app_detail(&cx, &a, &d, &err), JW_OK);
  assert_int_equal(d.nhistory, 2);
  assert_string_equal(d.history[1].from, "submitted");
  assert_null(d.actions[0]); /* the applicant can do nothing with an accepted case */

  /* The demo's completed case is rated already. */
  assert_int_equal(jw_app_load(&cx, done, &a, &err), JW_OK);
  assert_int_equal(jw_app_rate(&cx, &a, 1, "", &err), JW_E_CONFLICT);
  jw_error_clear(&err);

  struct jw_apps_unit_load *u;
  assert_int_equal(jw_apps_overdue(&sx, &u, &n, &err), JW_OK);
  assert_int_equal(n, 1);
  assert_int_equal(u[0].unit_id, 2);
  assert_int_equal(u[0].open, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(without_a_request, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
