/* demo.c — the consultations of `jingwu seed --demo`. */
#include <time.h>

#include "auth/auth.h"
#include "calendar/calendar.h"
#include "consult/consult.h"
#include "core/validate.h"
#include "directory/cache.h"
#include "directory/directory.h"
#include "consult/store.h"
#include "core/mem.h"

struct demo_tx {
  int64_t citizen, chief, unit;
  int tz;
  int added;
};

/* One thread with its messages (the last by staff when answer is not NULL); *out its id. */
static enum jw_code add_thread_id(struct jw_conn *c, const struct jw_consultation *t, const char *question,
                                  int64_t staff, const char *answer, long long at, int64_t *out, struct jw_error *err) {
  int64_t id = 0, q = 0, a = 0;
  if (jw_consult_store_insert(c, t, &id, err) != JW_OK) return err->code;
  *out = id;
  if (jw_consult_store_message(c, id, t->citizen_id, "citizen", question, at, NULL, 0, &q, err) != JW_OK)
    return err->code;
  if (jw_consult_store_move(c, id, "waiting", "waiting", t->due_at, q, 0, at, err) < 0) return err->code;
  if (!answer) return JW_OK;
  if (jw_consult_store_message(c, id, staff, "staff", answer, at + 3600, NULL, 0, &a, err) != JW_OK) return err->code;
  if (jw_consult_store_move(c, id, "waiting", "answered", 0, a, 1, at + 3600, err) < 0) return err->code;
  return JW_OK;
}

/* One thread with its messages (the last by staff when answer is not NULL). */
static enum jw_code add_thread(struct jw_conn *c, const struct jw_consultation *t, const char *question, int64_t staff,
                               const char *answer, long long at, struct jw_error *err) {
  int64_t id = 0;
  return add_thread_id(c, t, question, staff, answer, at, &id, err);
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

/* ---- the chief's mailbox ---- */

#define CHIEF_BADGE "330001"

struct mailbox_tx {
  int64_t citizen, bureau, office, lead;
  int tz;
  int added;
};

static enum jw_code chief_officer(struct jw_conn *c, int64_t bureau, int64_t *id, struct jw_error *err) {
  *id = jw_consult_store_officer_by_badge(c, CHIEF_BADGE, err);
  if (*id < 0) return err->code;
  if (*id) return JW_OK;
  const struct jw_new_officer o = {
      .unit_id = bureau,
      .name = "陈建国",
      .kind = "police",
      .badge_no = CHIEF_BADGE,
      .title = "局长",
      .duty_area = "全局工作",
      .office_hours = "",
      .intro = "陈建国，台州市公安局局长。群众来信请写“局长信箱”，由局长信箱办公室办理并答复。",
      .accepts_appointments = 0,
      .rank = 1};
  if (jw_officer_insert(c, &o, id, err) != JW_OK) return err->code;
  return jw_dir_bump(c, err);
}

/* The demo letter and its public copy, masked as the server pre-fills it,
 * started by the office and published by its lead. */
static enum jw_code demo_letter(struct jw_conn *c, struct mailbox_tx *x, int64_t chief, const char *path,
                                struct jw_error *err) {
  struct jw_arena a = {0};
  long long now = (long long)time(NULL);
  struct jw_consultation t = {0};
  t.citizen_id = x->citizen;
  t.unit_id = x->bureau;
  t.unit_path = path;
  t.officer_id = chief;
  t.mailbox = "chief";
  t.subject = "小区电动车被盗后如何查询案件进展？";
  t.created_at = now - 5 * 86400;
  const char *question =
      "局长您好！我是王小明，电话13800138000。上周我的电动车在白云街道小区楼下被盗，已经报案，"
      "请问怎样查询案件进展？小区夜间能否加强巡逻？";
  const char *answer =
      "王小明您好！您报案后可在本平台“我的办件”中查看受理回执和办理进度，也可以到白云派出所值班"
      "窗口查询。我局已要求白云派出所在该小区周边增加夜间巡逻，并提醒您为电动车加装防盗锁。感谢您"
      "对公安工作的支持。";
  int64_t id = 0;
  enum jw_code rc = add_thread_id(c, &t, question, x->office, answer, t.created_at, &id, err);
  if (rc != JW_OK) goto out;
  const char *names[] = {"王小明"};
  struct jw_consult_qa q = {0};
  q.consultation_id = id;
  q.title = t.subject;
  q.question = jw_mask_personal(&a, question, names, 1, NULL);
  q.answer = jw_mask_personal(&a, answer, names, 1, NULL);
  q.created_by = q.editor_id = x->office;
  q.created_at = now - 4 * 86400;
  if ((rc = jw_consult_store_qa_insert(c, &q, err)) != JW_OK) goto out;
  if (jw_consult_store_qa_publish(c, id, x->lead, now - 4 * 86400 + 3600, err) != 1) {
    rc = err->code ? err->code : jw_fail(err, JW_E_DB, "the demo Q&A was not published");
    goto out;
  }
  x->added += 2;
  /* A second letter, waiting unassigned in the office's inbox. */
  struct jw_consultation w = {0};
  w.citizen_id = x->citizen;
  w.unit_id = x->bureau;
  w.unit_path = path;
  w.officer_id = chief;
  w.mailbox = "chief";
  w.subject = "建议在学校门口上下学时段增派警力";
  w.created_at = now - 7200;
  struct jw_date d;
  if ((rc = jw_calendar_add_workdays(c, jw_date_of_time(w.created_at, x->tz), 1, &d, err)) != JW_OK) goto out;
  w.due_at = jw_date_midnight(jw_date_add_days(d, 1), x->tz);
  if ((rc = add_thread(c, &w, "白云小学门口上下学时段车辆和行人很多，建议增派警力维持交通秩序。", 0, NULL, w.created_at,
                       err)) != JW_OK)
    goto out;
  x->added++;
out:
  jw_arena_free(&a);
  return rc;
}

static enum jw_code mailbox_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct mailbox_tx *x = arg;
  struct jw_arena a = {0};
  struct jw_mailbox m;
  enum jw_code rc = JW_OK;
  int found = jw_consult_store_mailbox(c, "chief", &a, &m, NULL, err);
  if (found != 0) {
    rc = found < 0 ? err->code : JW_OK;
    goto out;
  }
  int64_t chief = 0;
  const char *path = NULL;
  if ((rc = chief_officer(c, x->bureau, &chief, err)) != JW_OK) goto out;
  if ((rc = jw_consult_store_mailbox_insert(c, "chief", x->bureau, chief, "局长信箱办公室", (long long)time(NULL),
                                            err)) != JW_OK)
    goto out;
  x->added++;
  if (jw_consult_store_unit(c, x->bureau, &a, &path, err) <= 0) {
    rc = err->code ? err->code : JW_E_DB;
    goto out;
  }
  if (x->citizen) rc = demo_letter(c, x, chief, path, err);
out:
  jw_arena_free(&a);
  return rc;
}

int jw_consult_seed_mailbox(struct jw_conn *c, int64_t citizen, int64_t bureau, const char *password, int tz_offset_min,
                            struct jw_error *err) {
  if (!bureau) return 0;
  struct jw_arena a = {0};
  /* The office: a clerk who drafts and its lead who checks and publishes. */
  const struct jw_new_user staff[] = {
      {"staff", "officer", "mailbox_office", "局长信箱办公室民警", password, NULL, NULL, bureau, 1, 0, NULL, NULL},
      {"staff", "station_chief", "mailbox_lead", "局长信箱办公室主任", password, NULL, NULL, bureau, 1, 0, NULL, NULL},
  };
  int64_t ids[2] = {0, 0};
  int added = 0;
  for (int i = 0; i < 2; i++) {
    ids[i] = jw_consult_store_user_by_login(c, staff[i].login, err);
    if (ids[i] < 0) goto fail;
    if (ids[i]) continue;
    if (jw_user_create(c, &a, &staff[i], &ids[i], err) != JW_OK) goto fail;
    added++;
  }
  jw_arena_free(&a);
  struct mailbox_tx x = {citizen, bureau, ids[0], ids[1], tz_offset_min, added};
  if (jw_tx(c, mailbox_fn, &x, err) != JW_OK) return -1;
  return x.added;
fail:
  jw_arena_free(&a);
  return -1;
}
