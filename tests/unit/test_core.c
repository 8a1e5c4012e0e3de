/* test_core.c — unit tests of the pure parts: validators, masks, arena,
 * JSON field specs and the router. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/jspec.h"
#include "core/mem.h"
#include "core/validate.h"
#include "app/app.h"
#include "http/router.h"

/* Runs fn in a child process; returns its wait status. */
static int in_child(void (*fn)(void)) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    fclose(stderr); /* the abort message is expected */
    fn();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

static void arena_huge(void) {
  struct jw_arena a = {0};
  (void)jw_arena_alloc(&a, 64);                /* a block exists */
  char *p = jw_arena_alloc(&a, SIZE_MAX - 20); /* rounds up to SIZE_MAX - 15; + the header wraps */
  p[0] = 1;                                    /* the size wrapped: a tiny block posing as a huge one */
}

static void buf_huge(void) {
  struct jw_arena a = {0};
  struct jw_buf b = {&a, NULL, 0, 0};
  jw_buf_puts(&b, "0123456789");
  jw_buf_put(&b, "x", SIZE_MAX - 5); /* n + len + 1 wraps */
}

/* Sizes that wrap a size_t abort cleanly (SIGABRT with a message) instead of
 * handing out a block smaller than asked for. */
static void size_overflow(void **state) {
  (void)state;
  int st = in_child(arena_huge);
  assert_true(WIFSIGNALED(st));
  assert_int_equal(WTERMSIG(st), SIGABRT);
  st = in_child(buf_huge);
  assert_true(WIFSIGNALED(st));
  assert_int_equal(WTERMSIG(st), SIGABRT);
}

static void id_number_valid(void **state) {
  (void)state;
  char norm[19];
  assert_null(jw_check_id_number("11010519491231002X", norm));
  assert_string_equal(norm, "11010519491231002X");
  assert_null(jw_check_id_number("11010519491231002x", norm)); /* lower-case x is normalised */
  assert_string_equal(norm, "11010519491231002X");
  assert_int_equal(jw_id_check_char("11010519491231002"), 'X');
}

static void id_number_invalid(void **state) {
  (void)state;
  assert_non_null(jw_check_id_number("110105194912310021", NULL));  /* wrong check character */
  assert_non_null(jw_check_id_number("11010519491231002", NULL));   /* 17 characters */
  assert_non_null(jw_check_id_number("11010519491231002X1", NULL)); /* 19 characters */
  assert_non_null(jw_check_id_number("", NULL));
  assert_non_null(jw_check_id_number("1101051949123100AX", NULL)); /* letter inside */
  /* 1999-02-30 does not exist; build a number with a correct check char. */
  char s[19] = "33010219990230123";
  s[17] = jw_id_check_char(s);
  s[18] = '\0';
  assert_string_equal(jw_check_id_number(s, NULL), "The ID number's date of birth is not a real date.");
  /* 2000-02-29 exists (leap year), 1900-02-29 does not. */
  char leap[19] = "33010220000229123";
  leap[17] = jw_id_check_char(leap);
  leap[18] = '\0';
  assert_null(jw_check_id_number(leap, NULL));
  char noleap[19] = "33010219000229123";
  noleap[17] = jw_id_check_char(noleap);
  noleap[18] = '\0';
  assert_non_null(jw_check_id_number(noleap, NULL));
  /* A future birth date and an unknown province code. */
  char future[19] = "33010221000101123";
  future[17] = jw_id_check_char(future);
  future[18] = '\0';
  assert_non_null(jw_check_id_number(future, NULL));
  char region[19] = "99010219900101123";
  region[17] = jw_id_check_char(region);
  region[18] = '\0';
  assert_string_equal(jw_check_id_number(region, NULL), "The ID number's region code is unknown.");
}

static void phone(void **state) {
  (void)state;
  assert_null(jw_check_phone("13800138000"));
  assert_null(jw_check_phone("19912345678"));
  assert_non_null(jw_check_phone("12800138000")); /* 12x is no mobile prefix */
  assert_non_null(jw_check_phone("1380013800"));  /* 10 digits */
  assert_non_null(jw_check_phone("138001380001"));
  assert_non_null(jw_check_phone("1380013800a"));
  assert_non_null(jw_check_phone("+8613800138000"));
}

static void masks(void **state) {
  (void)state;
  struct jw_arena a = {0};
  assert_string_equal(jw_mask_phone(&a, "13812345678"), "138****5678");
  assert_string_equal(jw_mask_id_number(&a, "330102199001011234"), "330102********1234");
  assert_string_equal(jw_mask_phone(&a, "123"), "***");
  jw_arena_free(&a);
}

static void utf8(void **state) {
  (void)state;
  assert_int_equal(jw_utf8_len("台州abc", strlen("台州abc")), 5);
  assert_int_equal(jw_utf8_len("\xe5\x8f", 2), -1);         /* truncated */
  assert_int_equal(jw_utf8_len("\xc0\xaf", 2), -1);         /* overlong "/" */
  assert_int_equal(jw_utf8_len("\xed\xa0\x80", 3), -1);     /* surrogate */
  assert_int_equal(jw_utf8_len("\xf4\x90\x80\x80", 4), -1); /* above U+10FFFF */
}

static int deferred_calls;
static void count_call(void *p) {
  (void)p;
  deferred_calls++;
}

/* jw_arena_grow keeps what was put, doubles from 16, and leaves a roomy array alone. */
static void arena_grow(void **state) {
  (void)state;
  struct jw_arena a = {0};
  size_t cap = 0, len = 0;
  int *v = NULL;
  for (int i = 0; i < 1000; i++) {
    int *before = v;
    v = jw_arena_grow(&a, v, len, &cap, sizeof *v);
    if (len && len < 16) assert_ptr_equal(v, before);
    v[len++] = i * 7;
  }
  assert_int_equal(cap, 1024);
  for (int i = 0; i < 1000; i++) assert_int_equal(v[i], i * 7);
  jw_arena_free(&a);
}

static void arena(void **state) {
  (void)state;
  struct jw_arena a = {0};
  char *s = jw_arena_strdup(&a, "hello");
  assert_string_equal(s, "hello");
  assert_string_equal(jw_arena_printf(&a, "%d-%s", 42, "x"), "42-x");
  /* Alignment and large allocations. */
  for (int i = 1; i < 100; i++) {
    void *p = jw_arena_alloc(&a, (size_t)i * 7);
    assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
    memset(p, 0xab, (size_t)i * 7);
  }
  char *big = jw_arena_alloc(&a, 1 << 20);
  memset(big, 1, 1 << 20);
  char *z = jw_arena_zalloc(&a, 64);
  for (int i = 0; i < 64; i++) assert_int_equal(z[i], 0);
  deferred_calls = 0;
  jw_arena_defer(&a, count_call, NULL);
  jw_arena_defer(&a, count_call, NULL);
  jw_arena_free(&a);
  assert_int_equal(deferred_calls, 2);
  assert_null(a.head);
  /* Usable again after free. */
  assert_string_equal(jw_arena_strdup(&a, "again"), "again");
  jw_arena_free(&a);
}

static json_t *parse(const char *s) {
  json_t *j = json_loads(s, 0, NULL);
  assert_non_null(j);
  return j;
}

static const char *const colours[] = {"red", "green", NULL};

static void jspec_ok(void **state) {
  (void)state;
  const char *name = NULL;
  int64_t age = 0;
  int ok = 0, colour = -1, seen = 0;
  double lat = 0;
  const struct jw_field f[] = {
      {"name", JS_STR, JS_REQUIRED, 2, 4, &name, NULL, NULL},
      {"age", JS_INT, 0, 0, 150, &age, NULL, &seen},
      {"ok", JS_BOOL, 0, 0, 0, &ok, NULL, NULL},
      {"colour", JS_ENUM, 0, 0, 0, &colour, colours, NULL},
      {"lat", JS_NUM, JS_NULLABLE, -90, 90, &lat, NULL, NULL},
  };
  json_t *j = parse("{\"name\":\"台州公安\",\"age\":30,\"ok\":true,\"colour\":\"green\",\"lat\":null}");
  struct jw_error err = {0};
  assert_int_equal(jw_json_fields(j, f, 5, &err), JW_OK);
  assert_string_equal(name, "台州公安"); /* 4 characters, 12 bytes */
  assert_int_equal(age, 30);
  assert_int_equal(seen, 1);
  assert_int_equal(ok, 1);
  assert_int_equal(colour, 1);
  json_decref(j);
}

static void jspec_errors(void **state) {
  (void)state;
  const char *name = NULL;
  int64_t age = 0;
  int colour = -1;
  const struct jw_field f[] = {
      {"name", JS_STR, JS_REQUIRED, 2, 4, &name, NULL, NULL},
      {"age", JS_INT, JS_REQUIRED, 0, 150, &age, NULL, NULL},
      {"colour", JS_ENUM, 0, 0, 0, &colour, colours, NULL},
  };
  json_t *j = parse("{\"name\":\"abcde\",\"age\":\"30\",\"colour\":\"blue\",\"extra\":1}");
  struct jw_error err = {0};
  assert_int_equal(jw_json_fields(j, f, 3, &err), JW_E_VALIDATION);
  assert_int_equal(err.nfields, 4);
  const char *fields[] = {"extra", "name", "age", "colour"};
  for (int i = 0; i < 4; i++) assert_string_equal(err.fields[i].field, fields[i]);
  assert_null(name); /* nothing half-filled */
  json_decref(j);

  /* Missing required, null where not nullable, out of range. */
  j = parse("{\"age\":151,\"colour\":null}");
  jw_error_clear(&err);
  assert_int_equal(jw_json_fields(j, f, 3, &err), JW_E_VALIDATION);
  assert_int_equal(err.nfields, 3);
  json_decref(j);

  /* Not an object at all. */
  j = parse("[1,2]");
  jw_error_clear(&err);
  assert_int_equal(jw_json_fields(j, f, 3, &err), JW_E_BAD_JSON);
  json_decref(j);
}

static enum jw_code nop(struct jw_req *r, struct jw_error *err) {
  (void)r;
  (void)err;
  return JW_OK;
}

static const struct jw_route table[] = {
    {JW_GET, "/api/v1/units", nop, 0, 0},      {JW_GET, "/api/v1/units/{id}", nop, 0, 0},
    {JW_PUT, "/api/v1/units/{id}", nop, 0, 0}, {JW_PUT, "/api/v1/staff/{id}/role", nop, 0, 0},
    {JW_GET, "/healthz", nop, 0, 0},
};

static enum jw_match match(enum jw_method m, const char *path, int *idx, const char **p0) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", path);
  const char *params[JW_MAX_PATH_PARAMS];
  int n = 0;
  unsigned allowed = 0;
  enum jw_match r = jw_route_match(table, 5, m, buf, idx, params, &n, &allowed);
  if (r == JW_MATCH_METHOD) assert_true(allowed != 0);
  if (r == JW_MATCH_METHOD && strcmp(path, "/api/v1/units/12") == 0)
    assert_int_equal(allowed, (1u << JW_GET) | (1u << JW_HEAD) | (1u << JW_PUT));
  if (r == JW_MATCH_OK && n > 0 && p0) *p0 = params[0] == NULL ? NULL : "set";
  return r;
}

static void router(void **state) {
  (void)state;
  int idx = -1;
  const char *p = NULL;
  assert_int_equal(match(JW_GET, "/api/v1/units", &idx, NULL), JW_MATCH_OK);
  assert_int_equal(idx, 0);
  assert_int_equal(match(JW_GET, "/api/v1/units/12", &idx, &p), JW_MATCH_OK);
  assert_int_equal(idx, 1);
  assert_non_null(p);
  assert_int_equal(match(JW_PUT, "/api/v1/units/12", &idx, NULL), JW_MATCH_OK);
  assert_int_equal(idx, 2);
  assert_int_equal(match(JW_HEAD, "/healthz", &idx, NULL), JW_MATCH_OK); /* HEAD is GET */
  assert_int_equal(match(JW_DELETE, "/api/v1/units/12", &idx, NULL), JW_MATCH_METHOD);
  assert_int_equal(match(JW_PUT, "/api/v1/staff/3/role", &idx, NULL), JW_MATCH_OK);
  assert_int_equal(idx, 3);
  assert_int_equal(match(JW_GET, "/api/v1/units/", &idx, NULL), JW_MATCH_NONE);
  assert_int_equal(match(JW_GET, "/api/v1/units/12/extra", &idx, NULL), JW_MATCH_NONE);
  assert_int_equal(match(JW_GET, "/api/v1//units", &idx, NULL), JW_MATCH_NONE);
  assert_int_equal(match(JW_GET, "/api/v1", &idx, NULL), JW_MATCH_NONE);
  assert_int_equal(match(JW_GET, "", &idx, NULL), JW_MATCH_NONE);
  assert_int_equal(match(JW_GET, "/", &idx, NULL), JW_MATCH_NONE);
  assert_int_equal(jw_method_parse("PATCH"), JW_PATCH);
  assert_int_equal(jw_method_parse("BREW"), JW_METHOD__MAX);
}

/* The conversions of a printf format, e.g. "%d%s" → "ds" (with %% skipped). */
static void conversions(const char *fmt, char *out, size_t n) {
  size_t k = 0;
  for (const char *p = fmt; *p && k + 8 < n; p++) {
    if (*p != '%') continue;
    p++;
    if (*p == '%') continue;
    while (*p && strchr("0123456789.-+ #", *p)) p++;
    while (*p && strchr("hlzjt", *p)) out[k++] = *p++;
    if (*p) out[k++] = *p;
  }
  out[k] = '\0';
}

/* Each Chinese message takes the same arguments as its English one, or
 * formatting it would read the wrong types. */
static void messages_zh(void **state) {
  (void)state;
  assert_true(jw_messages_zh_count() > 50);
  for (size_t i = 0; i < jw_messages_zh_count(); i++) {
    const char *en, *zh;
    char a[32], b[32];
    jw_messages_zh_pair(i, &en, &zh);
    conversions(en, a, sizeof a);
    conversions(zh, b, sizeof b);
    if (strcmp(a, b) != 0) fail_msg("\"%s\" and \"%s\" take different arguments", en, zh);
  }
  struct jw_error err = {0};
  jw_fail(&err, JW_E_NOT_FOUND, "There is no unit %lld.", 12LL);
  assert_string_equal(err.detail, "There is no unit 12.");
  assert_string_equal(err.detail_zh, "单位 12 不存在。");
  jw_field_fail(&err, "phone", "%s", jw_check_phone("123"));
  assert_string_equal(err.fields[0].message_zh, "手机号码应为 11 位数字。");
  jw_field_fail(&err, "x", "an untranslated %s", "message");
  assert_string_equal(err.fields[1].message_zh, "an untranslated message");
}

/* Every route in the real table has a unique method + pattern. */
static void route_table_unique(void **state) {
  (void)state;
  for (int i = 0; i < jw_app_routes_count; i++)
    for (int k = i + 1; k < jw_app_routes_count; k++)
      assert_false(jw_app_routes[i].method == jw_app_routes[k].method &&
                   strcmp(jw_app_routes[i].pattern, jw_app_routes[k].pattern) == 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(size_overflow),
      cmocka_unit_test(arena_grow),
      cmocka_unit_test(id_number_valid),
      cmocka_unit_test(id_number_invalid),
      cmocka_unit_test(phone),
      cmocka_unit_test(masks),
      cmocka_unit_test(utf8),
      cmocka_unit_test(arena),
      cmocka_unit_test(jspec_ok),
      cmocka_unit_test(jspec_errors),
      cmocka_unit_test(router),
      cmocka_unit_test(route_table_unique),
      cmocka_unit_test(messages_zh),
  };
  return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
