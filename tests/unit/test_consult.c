/* test_consult.c — the overdue mark of a consultation, and the event rows
 * with their in-process bus: rows read back in order after an id, the
 * waker told each user once per flush (also after a rolled-back
 * transaction: a wake is only a hint), and the retention clean-up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "db_fixture.h"
#include "consult/consult.h"
#include "core/validate.h"
#include "core/mem.h"
#include "events/events.h"

static int setup(void **state) { return db_fixture_setup(state, "consult"); }

static void overdue_only_while_waiting(void **state) {
  (void)state;
  struct jw_consultation t = {0};
  t.status = "waiting";
  t.due_at = 1000;
  assert_int_equal(jw_consult_overdue(&t, 999), 0);
  assert_int_equal(jw_consult_overdue(&t, 1000), 1);
  t.status = "answered";
  assert_int_equal(jw_consult_overdue(&t, 5000), 0);
  t.status = "closed";
  assert_int_equal(jw_consult_overdue(&t, 5000), 0);
  t.status = "waiting";
  t.due_at = 0;
  assert_int_equal(jw_consult_overdue(&t, 5000), 0);
}

static int64_t woken[32];
static int nwoken;
static void waker(int64_t user) {
  if (nwoken < 32) woken[nwoken++] = user;
}

struct add_arg {
  int fail;
};

static enum jw_code add_three(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct add_arg *a = arg;
  if (jw_events_add(c, 7, "message", "{\"consultation_id\":1}", err) != JW_OK ||
      jw_events_add(c, 8, "message", "{\"consultation_id\":1}", err) != JW_OK ||
      jw_events_add(c, 7, "read", "{\"consultation_id\":1}", err) != JW_OK)
    return err->code;
  return a->fail ? jw_fail(err, JW_E_CONFLICT, "rolled back") : JW_OK;
}

static void events_in_order_and_woken_once(void **state) {
  struct fixture *f = *state;
  struct jw_error err = {0};
  jw_events_set_waker(waker);
  nwoken = 0;
  struct add_arg ok = {0};
  assert_int_equal(jw_tx(f->c, add_three, &ok, &err), JW_OK);
  jw_events_flush();
  assert_int_equal(nwoken, 2); /* users 7 and 8, each once */
  assert_true((woken[0] == 7 && woken[1] == 8) || (woken[0] == 8 && woken[1] == 7));
  jw_events_flush();
  assert_int_equal(nwoken, 2); /* nothing pending any more */

  struct jw_arena a = {0};
  struct jw_event *ev = NULL;
  size_t n = 0;
  assert_int_equal(jw_events_after(f->c, 7, 0, 10, &a, &ev, &n, &err), JW_OK);
  assert_int_equal(n, 2);
  assert_string_equal(ev[0].kind, "message");
  assert_string_equal(ev[1].kind, "read");
  assert_true(ev[1].id > ev[0].id);
  int64_t after = ev[0].id;
  assert_int_equal(jw_events_after(f->c, 7, after, 10, &a, &ev, &n, &err), JW_OK);
  assert_int_equal(n, 1);
  assert_string_equal(ev[0].kind, "read");
  int64_t last = 0;
  assert_int_equal(jw_events_last_id(f->c, 7, &last, &err), JW_OK);
  assert_int_equal(last, ev[0].id);

  /* A rolled-back transaction leaves no rows; its wake is harmless. */
  struct add_arg bad = {1};
  assert_int_equal(jw_tx(f->c, add_three, &bad, &err), JW_E_CONFLICT);
  jw_events_flush();
  assert_int_equal(jw_events_after(f->c, 8, 0, 10, &a, &ev, &n, &err), JW_OK);
  assert_int_equal(n, 1);

  /* Past the retention window the rows go. */
  long long later = (long long)time(NULL) + JW_EVENTS_KEEP_SECS + 10;
  assert_int_equal(jw_events_prune(f->c, later), 3);
  assert_int_equal(jw_events_after(f->c, 7, 0, 10, &a, &ev, &n, &err), JW_OK);
  assert_int_equal(n, 0);
  jw_arena_free(&a);
  jw_events_set_waker(NULL);
}

/* The public copy's masking: phone, ID (with its X), long digit runs and
 * e-mail local parts become asterisks of the same length, the citizen's
 * name becomes surname + 某; short numbers, dates and one-character names
 * stay; the count is right; bad UTF-8 around passes through unharmed. */
static void masking(void **state) {
  (void)state;
  struct jw_arena a = {0};
  const char *names[] = {"王小明", "李"};
  int hits = -1;
  char *m = jw_mask_personal(&a, "我是王小明，电话13800138000，身份证33010219900307182X，邮箱wxm.1@example.com。",
                             names, 2, &hits);
  assert_string_equal(m, "我是王某，电话***********，身份证******************，邮箱*****@example.com。");
  assert_int_equal(hits, 4);
  m = jw_mask_personal(&a, "2026年12月1日李先生到3号窗口办理，座机0576-88585110", names, 2, &hits);
  assert_string_equal(m, "2026年12月1日李先生到3号窗口办理，座机0576-********");
  assert_int_equal(hits, 1);
  m = jw_mask_personal(&a, "", names, 2, &hits);
  assert_string_equal(m, "");
  assert_int_equal(hits, 0);
  m = jw_mask_personal(&a, "王小明王小明 123456 1234567", names, 1, NULL);
  assert_string_equal(m, "王某王某 123456 *******");
  m = jw_mask_personal(&a, "a@b", NULL, 0, &hits);
  assert_string_equal(m, "*@b");
  assert_int_equal(hits, 1);
  m = jw_mask_personal(&a, "\xff\xfe 12345678 \xe4", NULL, 0, &hits);
  assert_string_equal(m, "\xff\xfe ******** \xe4");
  jw_arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(overdue_only_while_waiting),
      cmocka_unit_test(masking),
      cmocka_unit_test_setup_teardown(events_in_order_and_woken_once, setup, db_fixture_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
