/*
 * test_directory.c — the directory, the catalogue and the counters called
 * as plain functions on a connection, without a request: what the store
 * shape promises the command line, the tick and other domains. SQLite (a
 * fresh, migrated temporary database); the API suite runs the same code on
 * PostgreSQL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/mem.h"
#include "db/db.h"
#include "directory/cache.h"
#include "directory/directory.h"
#include "services/cache.h"
#include "services/services.h"
#include "stats/stats.h"

static char dir[] = "/tmp/jw-test-dir.XXXXXX";
static struct jw_db *db;
static struct jw_conn *c;

static int setup(void **state) {
  (void)state;
  struct jw_error err = {0};
  char key[96], url[128];
  if (!mkdtemp(dir)) return -1;
  snprintf(key, sizeof key, "%s/master.key", dir);
  snprintf(url, sizeof url, "sqlite:%s/unit.db", dir);
  if (jw_crypto_init(key, JW_PWHASH_MIN, &err) != JW_OK || jw_db_open(url, &db, &err) != JW_OK ||
      jw_db_migrate(db, NULL, &err) != JW_OK || !(c = jw_db_conn(db, &err))) {
    fprintf(stderr, "setup: %s\n", err.detail);
    return -1;
  }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  jw_dir_cache_free();
  jw_svc_cache_free();
  jw_db_close(db);
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static const struct jw_user editor = {.id = 1, .login = "tester", .whole_bureau = 1};
static const struct jw_dir_actor dir_who = {&editor, "127.0.0.1"};

static int64_t unit(int64_t parent, const char *kind, const char *name) {
  struct jw_new_unit u = {
      .parent_id = parent, .kind = kind, .name = name, .has_coords = 1, .lat = 39.9042, .lng = 116.4074};
  struct jw_error err = {0};
  int64_t id = 0;
  assert_int_equal(jw_unit_create(c, &u, &dir_who, &id, &err), JW_OK);
  return id;
}

/* A unit moved below another takes its subtree along; counts, ancestors and
 * the snapshot follow; a unit in use cannot be deleted. */
static void units_and_officers(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_error err = {0};
  int64_t root = unit(0, "bureau", "市公安局"), b1 = unit(root, "branch", "东城分局"),
          b2 = unit(root, "branch", "西城分局");
  int64_t st = unit(b1, "station", "和平派出所"), sub = unit(st, "community_station", "和平社区警务室");

  struct jw_new_officer o = {.unit_id = sub, .name = "张伟", .kind = "police", .badge_no = "012345", .rank = 10};
  int64_t oid;
  assert_int_equal(jw_officer_create(c, &o, &dir_who, &oid, &err), JW_OK);
  int64_t dup;
  assert_int_equal(jw_officer_create(c, &o, &dir_who, &dup, &err), JW_E_CONFLICT);
  jw_error_clear(&err);

  const char *old_path, *path;
  assert_int_equal(jw_unit_path(c, &a, st, &old_path, &err), JW_OK);
  struct jw_unit u;
  assert_int_equal(jw_unit_get(c, &a, st, &u, NULL, NULL, NULL, NULL, &err), JW_OK);
  assert_int_equal(u.lat_e6, 39904200); /* rounded, not truncated */
  struct jw_new_unit moved = {.parent_id = b2, .kind = "station", .name = "和平派出所", .sort = 5};
  assert_int_equal(jw_unit_update(c, &a, st, old_path, &moved,
                                  jw_arena_printf(&a, "/%lld/%lld/", (long long)root, (long long)b2), &dir_who, &err),
                   JW_OK);
  assert_int_equal(jw_unit_path(c, &a, sub, &path, &err), JW_OK);
  assert_string_equal(path, jw_arena_printf(&a, "/%lld/%lld/%lld/%lld/", (long long)root, (long long)b2, (long long)st,
                                            (long long)sub));

  struct jw_unit_ref *anc;
  size_t nanc;
  int64_t children, officers;
  assert_int_equal(jw_unit_get(c, &a, b2, &u, &anc, &nanc, &children, &officers, &err), JW_OK);
  assert_int_equal(nanc, 1);
  assert_int_equal(anc[0].id, root);
  assert_int_equal(children, 1);
  assert_int_equal(officers, 1);

  struct jw_officer got;
  struct jw_officer_unit ou;
  assert_int_equal(jw_officer_get(c, &a, oid, &got, &ou, &err), JW_OK);
  assert_string_equal(got.badge_no, "012345");
  assert_string_equal(ou.path, path);
  jw_conn_release(c);

  struct jw_dir_snapshot *snap = jw_dir_snapshot(c, NULL, &err);
  assert_non_null(snap);
  assert_int_equal(snap->nofficers, 1);
  assert_true(snap->officers[0].police);
  assert_null(snap->officers[0].text);
  assert_string_equal(jw_dir_unit_path(snap, sub), path);
  jw_dir_release(snap);

  assert_int_equal(jw_unit_delete(c, sub, &dir_who, &err), JW_E_CONFLICT);
  jw_error_clear(&err);
  assert_int_equal(jw_officer_delete(c, oid, &dir_who, &err), JW_OK);
  assert_int_equal(jw_unit_delete(c, sub, &dir_who, &err), JW_OK);
  assert_int_equal(jw_unit_get(c, &a, sub, &u, NULL, NULL, NULL, NULL, &err), JW_E_NOT_FOUND);
  jw_error_clear(&err);

  struct jw_stats_public p;
  assert_int_equal(jw_stats_public_read(c, &p, &err), JW_OK);
  assert_int_equal(p.units, 4);
  assert_int_equal(p.police, 0);
  jw_arena_free(&a);
}

/* An item is created, saved, published and found again, all without a request. */
static void catalogue(void **state) {
  (void)state;
  struct jw_arena a = {0};
  struct jw_error err = {0};
  const struct jw_svc_actor who = {&editor, NULL};

  int64_t *ids;
  size_t n;
  const struct jw_service_query all = {NULL, NULL, NULL};
  assert_int_equal(jw_services_search(c, JW_DB_SQLITE, &a, &all, 100, 0, &ids, &n, &err), JW_OK);
  assert_true(n >= 38);
  const char *text;
  int version;
  assert_int_equal(jw_service_doc_text(c, &a, ids[0], 0, &text, &version, &err), JW_OK);

  /* The shipped document under a new code is a complete draft. */
  const char *code = strstr(text, "\"code\":\"");
  assert_non_null(code);
  const char *end = strchr(code + 8, '"');
  char *copy = jw_arena_printf(&a, "%.*s\"code\":\"T-001\"%s", (int)(code - text), text, end + 1);
  const struct jw_service_new s = {"T-001", "测试事项", "household", "online", copy};
  int64_t id;
  assert_int_equal(jw_service_create(c, &s, &who, &id, &err), JW_OK);
  assert_int_equal(jw_service_create(c, &s, &who, &id, &err), JW_E_CONFLICT);
  jw_error_clear(&err);
  assert_int_equal(jw_service_draft_save(c, id, copy, &who, &err), JW_OK);
  int published;
  assert_int_equal(jw_service_publish(c, JW_DB_SQLITE, &a, id, &who, &published, &err), JW_OK);
  assert_int_equal(published, 1);
  assert_int_equal(jw_service_publish(c, JW_DB_SQLITE, &a, id, &who, &published, &err), JW_E_CONFLICT);
  jw_error_clear(&err);

  struct jw_service_version *v;
  assert_int_equal(jw_service_versions(c, &a, id, &v, &n, &err), JW_OK);
  assert_int_equal(n, 1);
  assert_string_equal(v[0].published_by, "tester");
  int has;
  assert_int_equal(jw_service_draft(c, &a, id, &text, &has, &version, &err), JW_OK);
  assert_int_equal(has, 0);
  assert_int_equal(version, 1);

  struct jw_svc_snapshot *snap = jw_svc_snapshot(c, NULL, &err);
  assert_non_null(snap);
  const struct jw_svc_item *it = jw_svc_item(snap, id);
  assert_non_null(it);
  assert_int_equal(it->version, 1);
  assert_non_null(strstr(it->summary, "\"code\":\"T-001\""));
  jw_svc_release(snap);

  struct jw_disclosure_totals t;
  assert_int_equal(jw_disclosure_totals(c, &a, id, &t, &err), JW_OK);
  assert_int_equal(t.all.received, 0);
  assert_int_equal(t.nmonths, 0);
  jw_arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(units_and_officers),
      cmocka_unit_test(catalogue),
  };
  return cmocka_run_group_tests_name("domains_without_a_request", tests, setup, teardown);
}
