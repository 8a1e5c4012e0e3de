/* demo.c — two applications of the demo citizen for `jingwu seed --demo`:
 * one waiting at the station, one completed and rated, so that the queue,
 * "my applications" and the disclosure pages have something to show. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "applications/internal.h"
#include "calendar/calendar.h"

#define LOST_AND_FOUND "TZGA-GG-002" /* 失物招领与遗失物品登记: no attachment required */

static const char SQL_HAS[] = "SELECT COUNT(*) FROM applications WHERE applicant_id = ?";
static const char SQL_ITEM[] = "SELECT id, version FROM services WHERE code = ? AND version > 0";
static const char SQL_SEQ[] =
    "INSERT INTO application_seq (day, n) VALUES (?, 1)"
    " ON CONFLICT (day) DO UPDATE SET n = application_seq.n + 1 RETURNING n";
static const char SQL_ADD[] =
    "INSERT INTO applications (tracking_no, service_id, service_version, applicant_id, unit_id, unit_path, status,"
    " form, submitted_at, submitted_month, due_date, result, completed_at, completed_month, on_time, updated_at)"
    " VALUES (?, ?, ?, ?, ?, (SELECT path FROM units WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_EVENT[] =
    "INSERT INTO application_events (application_id, at, event, from_status, to_status,"
    " actor_id, reason) VALUES (?, ?, ?, ?, ?, ?, '')";
static const char SQL_RATE[] =
    "INSERT INTO application_ratings (application_id, grade, comment, created_at) VALUES (?, 5, ?, ?)";
static const char SQL_COUNT[] = "UPDATE counters SET value = value + 1 WHERE name = 'transactions'";

struct demo {
  int64_t citizen, unit, staff, service;
  int version, tz; /* tz: the bureau's UTC offset in minutes */
};

static int64_t one(struct jw_conn *c, const char *sql, const char *text, int64_t n, int *second, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return -1;
  if (text)
    jw_bind_text(s, 1, text);
  else
    jw_bind_int(s, 1, n);
  int64_t v = jw_step(s, err) == JW_STEP_ROW ? jw_col_int(s, 0) : -1;
  if (second && v >= 0) *second = (int)jw_col_int(s, 1);
  jw_conn_release(c);
  return v;
}

static enum jw_code add(struct jw_conn *c, const struct demo *d, int done, struct jw_error *err) {
  int64_t now = time(NULL), at = now - (done ? 12 : 1) * 86400;
  struct jw_date day = jw_date_of_time(at, d->tz), due;
  char date[11], ymd[9], no[40];
  jw_date_format(day, date);
  snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", date, date + 5, date + 8);
  int64_t n = one(c, SQL_SEQ, ymd, 0, NULL, err);
  if (n < 0) return err->code ? err->code : JW_E_DB;
  app_tracking_no(ymd, n, no);
  if (jw_calendar_add_workdays(c, day, 3, &due, err) != JW_OK) return err->code;
  char due_s[11];
  jw_date_format(due, due_s);
  struct jw_stmt *s = jw_prepare(c, SQL_ADD, err);
  if (!s) return err->code;
  const char *form =
      done ? "{\"name\":\"王小明\",\"phone\":\"13800138000\",\"address\":\"台州市椒江区白云街道东山路18号\","
             "\"item\":\"黑色双肩包\",\"lost_date\":\"2026-11-15\",\"lost_place\":\"台州市椒江区市府大道公交站\"}"
           : "{\"name\":\"王小明\",\"phone\":\"13800138000\",\"address\":\"台州市椒江区白云街道东山路18号\","
             "\"item\":\"钱包（内有银行卡）\",\"lost_date\":\"2026-11-27\",\"lost_place\":\"台州市椒江区白云山公园\"}";
  jw_bind_text(s, 1, no);
  jw_bind_int(s, 2, d->service);
  jw_bind_int(s, 3, d->version);
  jw_bind_int(s, 4, d->citizen);
  jw_bind_int(s, 5, d->unit);
  jw_bind_int(s, 6, d->unit);
  jw_bind_text(s, 7, done ? "completed" : "submitted");
  jw_bind_text(s, 8, form);
  jw_bind_int(s, 9, at);
  char month[8], done_month[8], done_date[11];
  snprintf(month, sizeof month, "%.7s", date);
  jw_date_format(jw_date_of_time(at + 2 * 86400, d->tz), done_date);
  snprintf(done_month, sizeof done_month, "%.7s", done_date);
  jw_bind_text(s, 10, month);
  jw_bind_text(s, 11, due_s);
  jw_bind_text(s, 12, done ? "pickup" : NULL);
  if (done) {
    jw_bind_int(s, 13, at + 2 * 86400);
    jw_bind_text(s, 14, done_month);
    jw_bind_int(s, 15, 1);
  } else {
    jw_bind_null(s, 13);
    jw_bind_null(s, 14);
    jw_bind_null(s, 15);
  }
  jw_bind_int(s, 16, now);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  int64_t id = jw_col_int(s, 0);
  jw_conn_release(c);
  static const char *const steps[][3] = {{"submit", NULL, "submitted"},
                                         {"accept", "submitted", "accepted"},
                                         {"start_review", "accepted", "under_review"},
                                         {"approve", "under_review", "approved"},
                                         {"complete", "approved", "completed"}};
  for (int i = 0; i < (done ? 5 : 1); i++) {
    if (!(s = jw_prepare(c, SQL_EVENT, err))) return err->code;
    jw_bind_int(s, 1, id);
    jw_bind_int(s, 2, at + i * 3600);
    jw_bind_text(s, 3, steps[i][0]);
    jw_bind_text(s, 4, steps[i][1]);
    jw_bind_text(s, 5, steps[i][2]);
    jw_bind_int(s, 6, i == 0 ? d->citizen : d->staff);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  if (!done) return JW_OK;
  if (!(s = jw_prepare(c, SQL_RATE, err))) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_text(s, 2, "民警热情耐心，两天就找回来了。");
  jw_bind_int(s, 3, at + 3 * 86400);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_COUNT, err)) || jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

static enum jw_code demo_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  const struct demo *d = arg;
  enum jw_code rc = add(c, d, 1, err);
  return rc == JW_OK ? add(c, d, 0, err) : rc;
}

int jw_apps_seed_demo(struct jw_conn *c, int64_t citizen, int64_t unit, int64_t staff, int tz_offset_min,
                      struct jw_error *err) {
  struct demo d = {citizen, unit, staff, 0, 0, tz_offset_min};
  int64_t have = one(c, SQL_HAS, NULL, citizen, NULL, err);
  if (have != 0) return have < 0 ? -1 : 0;
  if ((d.service = one(c, SQL_ITEM, LOST_AND_FOUND, 0, &d.version, err)) < 0) return -1;
  return jw_tx(c, demo_tx, &d, err) == JW_OK ? 2 : -1;
}
