/* demo.c — the consultations of `jingwu seed --demo`. */
#include <time.h>

#include "calendar/calendar.h"
#include "consult/consult.h"
#include "consult/store.h"
#include "core/mem.h"

struct demo_tx {
  int64_t citizen, chief, unit;
  int tz;
  int added;
};

/* One thread with its messages (the last by staff when answer is not NULL). */
static enum jw_code add_thread(struct jw_conn *c, const struct jw_consultation *t, const char *question, int64_t staff,
                               const char *answer, long long at, struct jw_error *err) {
  int64_t id = 0, q = 0, a = 0;
  if (jw_consult_store_insert(c, t, &id, err) != JW_OK) return err->code;
  if (jw_consult_store_message(c, id, t->citizen_id, "citizen", question, at, NULL, 0, &q, err) != JW_OK)
    return err->code;
  if (jw_consult_store_move(c, id, "waiting", "waiting", t->due_at, q, 0, at, err) < 0) return err->code;
  if (!answer) return JW_OK;
  if (jw_consult_store_message(c, id, staff, "staff", answer, at + 3600, NULL, 0, &a, err) != JW_OK) return err->code;
  if (jw_consult_store_move(c, id, "waiting", "answered", 0, a, 1, at + 3600, err) < 0) return err->code;
  return JW_OK;
}

static enum jw_code demo_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct demo_tx *x = arg;
  struct jw_arena a = {0};
  enum jw_code rc = JW_OK;
  int64_t n = jw_consult_store_count_of(c, x->citizen, err);
  if (n != 0) {
    rc = n < 0 ? err->code : JW_OK;
    goto out;
  }
  long long now = (long long)time(NULL);
  struct jw_consultation t = {0};
  t.citizen_id = x->citizen;
  /* To an officer of the station who takes consultations: answered. */
  int64_t officer = 0, unit = 0, user = 0;
  const char *path = NULL;
  if (jw_consult_store_demo_officer(c, x->unit, &a, &officer, &unit, &path, &user, err) < 0) goto fail;
  if (officer) {
    t.officer_id = officer;
    t.unit_id = unit;
    t.unit_path = path;
    t.assignee_id = user;
    t.subject = "居住证办理需要哪些材料？";
    t.created_at = now - 2 * 86400;
    t.due_at = 0;
    if ((rc = add_thread(c, &t, "您好，我在白云街道租房居住，想办理居住证，请问需要准备哪些材料？",
                         user ? user : x->chief,
                         "您好！请携带居民身份证、租房合同（或房屋权属证明）和近期一寸白底照片，到白云派出所户籍窗口"
                         "或在网上办事大厅申请。",
                         t.created_at, err)) != JW_OK)
      goto out;
    x->added++;
  }
  /* To the station itself: waiting in its inbox, unassigned. */
  const char *station_path = NULL;
  if (jw_consult_store_unit(c, x->unit, &a, &station_path, err) <= 0) goto fail;
  struct jw_consultation u = {0};
  u.citizen_id = x->citizen;
  u.unit_id = x->unit;
  u.unit_path = station_path;
  u.subject = "小区门口夜间经常有人聚集喧哗";
  u.created_at = now - 3600;
  struct jw_date d;
  if (jw_calendar_add_workdays(c, jw_date_of_time(u.created_at, x->tz), 1, &d, err) != JW_OK) goto fail;
  u.due_at = jw_date_midnight(jw_date_add_days(d, 1), x->tz);
  if ((rc = add_thread(c, &u, "最近一周小区南门晚上十一点后常有人聚集喧哗，影响休息，能否加强巡逻？", 0, NULL,
                       u.created_at, err)) != JW_OK)
    goto out;
  x->added++;
  goto out;
fail:
  rc = err->code ? err->code : JW_E_DB;
out:
  jw_arena_free(&a);
  return rc;
}

int jw_consult_seed_demo(struct jw_conn *c, int64_t citizen, int64_t unit, int64_t chief, int tz_offset_min,
                         struct jw_error *err) {
  if (!citizen || !unit) return 0;
  struct demo_tx x = {citizen, chief, unit, tz_offset_min, 0};
  if (jw_tx(c, demo_fn, &x, err) != JW_OK) return -1;
  return x.added;
}
