/* demo.c — two applications of the demo citizen for `jingwu seed --demo`:
 * one waiting at the station, one completed and rated, so that the queue,
 * "my applications" and the disclosure pages have something to show. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "applications/internal.h"
#include "applications/store.h"
#include "core/mem.h"
#include "stats/stats.h"
#include "calendar/calendar.h"

#define LOST_AND_FOUND "TZGA-GG-002" /* 失物招领与遗失物品登记: no attachment required */

struct demo {
  int64_t citizen, unit, staff, service;
  int version, tz;       /* tz: the bureau's UTC offset in minutes */
  const char *unit_path; /* the unit's */
};

static enum jw_code add(struct jw_conn *c, const struct demo *d, int done, struct jw_error *err) {
  int64_t now = time(NULL), at = now - (done ? 12 : 1) * 86400;
  struct jw_date day = jw_date_of_time(at, d->tz), due;
  char date[11], ymd[9], no[40];
  jw_date_format(day, date);
  snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", date, date + 5, date + 8);
  int64_t n = jw_apps_store_seq_next(c, ymd, err);
  if (n < 0) return err->code ? err->code : JW_E_DB;
  app_tracking_no(ymd, n, no);
  if (jw_calendar_add_workdays(c, day, 3, &due, err) != JW_OK) return err->code;
  char due_s[11];
  jw_date_format(due, due_s);
  const char *form =
      done ? "{\"name\":\"王小明\",\"phone\":\"13800138000\",\"address\":\"台州市椒江区白云街道东山路18号\","
             "\"item\":\"黑色双肩包\",\"lost_date\":\"2026-11-15\",\"lost_place\":\"台州市椒江区市府大道公交站\"}"
           : "{\"name\":\"王小明\",\"phone\":\"13800138000\",\"address\":\"台州市椒江区白云街道东山路18号\","
             "\"item\":\"钱包（内有银行卡）\",\"lost_date\":\"2026-11-27\",\"lost_place\":\"台州市椒江区白云山公园\"}";
  char month[8], done_month[8], done_date[11];
  snprintf(month, sizeof month, "%.7s", date);
  jw_date_format(jw_date_of_time(at + 2 * 86400, d->tz), done_date);
  snprintf(done_month, sizeof done_month, "%.7s", done_date);
  struct jw_apps_store_row row = {
      .tracking_no = no,
      .service_id = d->service,
      .service_version = d->version,
      .applicant_id = d->citizen,
      .unit_id = d->unit,
      .unit_path = d->unit_path,
      .status = done ? "completed" : "submitted",
      .form = form,
      .submitted_at = at,
      .submitted_month = month,
      .due_date = due_s,
      .result = done ? "pickup" : NULL,
      .completed_at = done ? at + 2 * 86400 : 0,
      .completed_month = done_month,
      .on_time = 1,
      .updated_at = now,
  };
  int64_t id;
  if (jw_apps_store_insert(c, &row, &id, err) != JW_OK) return err->code;
  static const char *const steps[][3] = {{"submit", NULL, "submitted"},
                                         {"accept", "submitted", "accepted"},
                                         {"start_review", "accepted", "under_review"},
                                         {"approve", "under_review", "approved"},
                                         {"complete", "approved", "completed"}};
  for (int i = 0; i < (done ? 5 : 1); i++)
    if (jw_apps_store_event_add(c, id, at + i * 3600, steps[i][0], steps[i][1], steps[i][2],
                                i == 0 ? d->citizen : d->staff, "", err) != JW_OK)
      return err->code;
  if (!done) return JW_OK;
  if (jw_apps_store_rate(c, id, 5, "民警热情耐心，两天就找回来了。", at + 3 * 86400, err) != JW_OK) return err->code;
  return jw_counter_add(c, "transactions", 1, err);
}

static enum jw_code demo_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  const struct demo *d = arg;
  enum jw_code rc = add(c, d, 1, err);
  return rc == JW_OK ? add(c, d, 0, err) : rc;
}

int jw_apps_seed_demo(struct jw_conn *c, int64_t citizen, int64_t unit, int64_t staff, int tz_offset_min,
                      struct jw_error *err) {
  struct demo d = {citizen, unit, staff, 0, 0, tz_offset_min, NULL};
  int64_t have = jw_apps_store_count_by(c, citizen, err);
  if (have != 0) return have < 0 ? -1 : 0;
  if ((d.service = jw_apps_store_item(c, LOST_AND_FOUND, &d.version, err)) < 0) return -1;
  struct jw_arena a = {0};
  int found = jw_apps_store_unit_path(c, &a, unit, &d.unit_path, err);
  int added = found > 0 && jw_tx(c, demo_tx, &d, err) == JW_OK ? 2 : -1;
  if (!found) jw_fail(err, JW_E_NOT_FOUND, "There is no unit %lld for the demo applications.", (long long)unit);
  jw_arena_free(&a);
  return added;
}
