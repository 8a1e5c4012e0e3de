/* inspection.c — slot templates and the slots made from them, the no-show
 * bar, the booking window, and the reminders run from the server's tick. */
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "inspection/internal.h"
#include "notify/notify.h"

static const char SQL_TPL_SEED[] =
    "INSERT INTO inspection_templates (station_id, weekday, open_min, close_min, lunch_start_min, lunch_end_min,"
    " slot_min, capacity) SELECT id, ?, 510, 990, 690, 810, 30, 5 FROM units u WHERE kind = 'inspection_station'"
    " AND NOT EXISTS (SELECT 1 FROM inspection_templates t WHERE t.station_id = u.id AND t.weekday = ?)";

enum jw_code jw_inspection_seed_templates(struct jw_conn *c, struct jw_error *err) {
  for (int wd = 0; wd < 6; wd++) { /* Monday … Saturday */
    struct jw_stmt *s = jw_prepare(c, SQL_TPL_SEED, err);
    if (!s) return err->code;
    jw_bind_int(s, 1, wd);
    jw_bind_int(s, 2, wd);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  return JW_OK;
}

static const char SQL_SLOT[] =
    "SELECT id, station_id, day, starts_at, ends_at, capacity, booked FROM inspection_slots WHERE id = ?";

enum jw_code jw_insp_slot_load(struct jw_conn *c, int64_t id, struct jw_insp_slot *s, struct jw_error *err) {
  struct jw_stmt *st = jw_prepare(c, SQL_SLOT, err);
  if (!st) return err->code;
  jw_bind_int(st, 1, id);
  enum jw_step r = jw_step(st, err);
  if (r == JW_STEP_ERROR) return err->code;
  if (r == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no inspection slot %lld.", (long long)id);
  s->id = jw_col_int(st, 0);
  s->station_id = jw_col_int(st, 1);
  snprintf(s->day, sizeof s->day, "%s", jw_col_text(st, 2));
  s->starts_at = jw_col_int(st, 3);
  s->ends_at = jw_col_int(st, 4);
  s->capacity = jw_col_int(st, 5);
  s->booked = jw_col_int(st, 6);
  jw_conn_release(c);
  return JW_OK;
}

static const char SQL_STATION[] = "SELECT path FROM units WHERE id = ? AND kind = 'inspection_station'";

enum jw_code jw_insp_station(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                             struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_STATION, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step r = jw_step(s, err);
  if (r == JW_STEP_ERROR) return err->code;
  if (r == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no inspection station %lld.", (long long)id);
  if (path) *path = jw_arena_strdup(a, jw_col_text(s, 0));
  jw_conn_release(c);
  return JW_OK;
}

static const char SQL_EXCEPTION[] =
    "SELECT closed, capacity FROM inspection_exceptions WHERE station_id = ? AND day = ?";
static const char SQL_TEMPLATE[] =
    "SELECT open_min, close_min, lunch_start_min, lunch_end_min, slot_min, capacity FROM inspection_templates"
    " WHERE station_id = ? AND weekday = ?";
static const char SQL_SLOT_MAKE[] =
    "INSERT INTO inspection_slots (station_id, day, starts_at, ends_at, capacity, booked) VALUES (?, ?, ?, ?, ?, 0)"
    " ON CONFLICT (station_id, starts_at) DO NOTHING";

struct ensure {
  int64_t station;
  struct jw_date day;
  int tz;
  int open;
  const char *reason;
};

static enum jw_code ensure_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct ensure *e = arg;
  char day[11];
  jw_date_format(e->day, day);
  e->open = 0;
  int holiday = jw_calendar_is_holiday(c, e->day, err);
  if (holiday < 0) return err->code;
  if (holiday) {
    e->reason = "public holiday";
    return JW_OK;
  }
  struct jw_stmt *s = jw_prepare(c, SQL_EXCEPTION, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, e->station);
  jw_bind_text(s, 2, day);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  int64_t cap_override = 0;
  if (st == JW_STEP_ROW) {
    if (jw_col_int(s, 0)) {
      e->reason = "closed";
      return JW_OK;
    }
    cap_override = jw_col_is_null(s, 1) ? 0 : jw_col_int(s, 1);
  }
  jw_conn_release(c);
  if (!(s = jw_prepare(c, SQL_TEMPLATE, err))) return err->code;
  jw_bind_int(s, 1, e->station);
  jw_bind_int(s, 2, jw_date_weekday(e->day));
  if ((st = jw_step(s, err)) == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) {
    e->reason = "closed";
    return JW_OK;
  }
  int64_t open = jw_col_int(s, 0), close = jw_col_int(s, 1), l0 = jw_col_int(s, 2), l1 = jw_col_int(s, 3);
  int64_t len = jw_col_int(s, 4), cap = cap_override ? cap_override : jw_col_int(s, 5);
  jw_conn_release(c);
  int64_t midnight = (int64_t)jw_date_midnight(e->day, e->tz);
  for (int64_t m = open; m + len <= close; m += len) {
    if (l1 > l0 && m < l1 && m + len > l0) continue; /* overlaps the lunch break */
    if (!(s = jw_prepare(c, SQL_SLOT_MAKE, err))) return err->code;
    jw_bind_int(s, 1, e->station);
    jw_bind_text(s, 2, day);
    jw_bind_int(s, 3, midnight + m * 60);
    jw_bind_int(s, 4, midnight + (m + len) * 60);
    jw_bind_int(s, 5, cap);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  e->open = 1;
  return JW_OK;
}

static const char SQL_HAS_SLOTS[] = "SELECT COUNT(*) FROM inspection_slots WHERE station_id = ? AND day = ?";

enum jw_code jw_insp_slots_ensure(struct jw_conn *c, int64_t station, struct jw_date day, int tz_offset_min, int *open,
                                  const char **reason, struct jw_error *err) {
  struct ensure e = {station, day, tz_offset_min, 0, NULL};
  char d[11];
  jw_date_format(day, d);
  int holiday = jw_calendar_is_holiday(c, day, err);
  if (holiday < 0) return err->code;
  struct jw_stmt *s = jw_prepare(c, SQL_HAS_SLOTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, station);
  jw_bind_text(s, 2, d);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  int64_t have = jw_col_int(s, 0);
  jw_conn_release(c);
  if (!(s = jw_prepare(c, SQL_EXCEPTION, err))) return err->code;
  jw_bind_int(s, 1, station);
  jw_bind_text(s, 2, d);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  int closed = st == JW_STEP_ROW && jw_col_int(s, 0);
  jw_conn_release(c);
  if (closed) {
    *open = 0;
    *reason = "closed";
    return JW_OK;
  }
  if (have > 0 && !holiday) {
    *open = 1;
    *reason = NULL;
    return JW_OK;
  }
  if (jw_tx(c, ensure_tx, &e, err) != JW_OK) return err->code;
  *open = e.open;
  *reason = e.reason;
  return JW_OK;
}

static const char SQL_NOSHOWS[] =
    "SELECT starts_at FROM inspection_appointments WHERE user_id = ? AND status = 'no_show' AND starts_at > ?"
    " ORDER BY starts_at DESC LIMIT 50";

int64_t jw_insp_barred_until(struct jw_conn *c, int64_t user_id, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_NOSHOWS, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, now - (int64_t)(JW_INSPECT_NOSHOW_WINDOW + JW_INSPECT_BAR_DAYS) * 86400);
  int64_t t[50];
  int n = 0;
  enum jw_step st = JW_STEP_DONE;
  while (n < 50 && (st = jw_step(s, err)) == JW_STEP_ROW) t[n++] = jw_col_int(s, 0);
  jw_conn_release(c);
  if (st == JW_STEP_ERROR) return -1;
  int64_t until = 0;
  for (int i = 0; i + JW_INSPECT_NOSHOW_MAX - 1 < n; i++) {
    if (t[i] - t[i + JW_INSPECT_NOSHOW_MAX - 1] > (int64_t)JW_INSPECT_NOSHOW_WINDOW * 86400) continue;
    int64_t u = t[i] + (int64_t)JW_INSPECT_BAR_DAYS * 86400;
    if (u > until) until = u;
  }
  return until > now ? until : 0;
}

enum jw_code jw_insp_window(struct jw_req *r, const struct jw_insp_slot *s, int64_t now, struct jw_error *err) {
  struct jw_date today = jw_date_of_time(now, r->app->cfg.tz_offset_min), day;
  if (jw_date_parse(s->day, &day) != 0) return jw_fail(err, JW_E_INTERNAL, "A slot has no valid date.");
  long ahead = jw_date_serial(day) - jw_date_serial(today);
  if (ahead > JW_INSPECT_OPEN_DAYS) {
    char from[11];
    jw_date_format(jw_date_add_days(day, -JW_INSPECT_OPEN_DAYS), from);
    jw_field_fail(err, "slot_id", "booking for %s opens on %s (%d days ahead)", s->day, from, JW_INSPECT_OPEN_DAYS);
    return jw_fail(err, JW_E_VALIDATION, "Too early: booking for %s opens on %s.", s->day, from);
  }
  if (s->starts_at - now < JW_INSPECT_CLOSE_SECS) {
    jw_field_fail(err, "slot_id", "booking closes 2 hours before the slot starts");
    return jw_fail(err, JW_E_VALIDATION, "Too late: booking closes 2 hours before the slot starts.");
  }
  return JW_OK;
}

/* ---- reminders ---- */

static const char SQL_DUE_APPTS[] =
    "SELECT a.id, a.user_id, a.starts_at, u.name, v.plate, a.confirmation_no FROM inspection_appointments a"
    " JOIN units u ON u.id = a.station_id JOIN vehicles v ON v.id = a.vehicle_id"
    " WHERE a.status = 'booked' AND a.reminded = 0 AND a.starts_at < ? AND a.starts_at > ? LIMIT 50";
static const char SQL_MARK_APPT[] = "UPDATE inspection_appointments SET reminded = 1 WHERE id = ? AND reminded = 0";
static const char SQL_DUE_VEHICLES[] =
    "SELECT v.id, v.plate, v.inspection_due FROM vehicle_bindings b CROSS JOIN vehicles v"
    " WHERE v.id = b.vehicle_id AND v.inspection_due <= ? AND v.inspection_due >= ?"
    " AND v.due_reminded <> v.inspection_due LIMIT 50";
static const char SQL_MARK_VEHICLE[] =
    "UPDATE vehicles SET due_reminded = inspection_due WHERE id = ? AND due_reminded <> inspection_due";
static const char SQL_BOUND_USERS[] = "SELECT user_id FROM vehicle_bindings WHERE vehicle_id = ?";

struct remind {
  int64_t id, user, at;
  char text[400];
  char title[120];
  int vehicle;
};

static enum jw_code remind_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct remind *m = arg;
  struct jw_stmt *s = jw_prepare(c, m->vehicle ? SQL_MARK_VEHICLE : SQL_MARK_APPT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, m->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return JW_OK; /* another instance sent it */
  if (!m->vehicle)
    return jw_notify(c, m->user, "inspection.reminder", m->title, m->text, "/me/appointments", JW_NOTIFY_SMS, err);
  if (!(s = jw_prepare(c, SQL_BOUND_USERS, err))) return err->code;
  jw_bind_int(s, 1, m->id);
  int64_t users[16];
  int n = 0;
  enum jw_step st;
  while (n < 16 && (st = jw_step(s, err)) == JW_STEP_ROW) users[n++] = jw_col_int(s, 0);
  jw_conn_release(c);
  for (int i = 0; i < n; i++)
    if (jw_notify(c, users[i], "inspection.due", m->title, m->text, "/inspection", 0, err) != JW_OK) return err->code;
  return JW_OK;
}

/* One batch of up to 50; returns how many it found. */
static int remind_appointments(struct jw_conn *c, int64_t now, int tz) {
  struct jw_error err = {0};
  struct jw_date today = jw_date_of_time(now, tz);
  int64_t horizon = (int64_t)jw_date_midnight(jw_date_add_days(today, 2), tz);
  struct jw_stmt *s = jw_prepare(c, SQL_DUE_APPTS, &err);
  if (!s) return 0;
  jw_bind_int(s, 1, horizon);
  jw_bind_int(s, 2, now);
  struct remind list[50];
  int n = 0;
  while (n < 50 && jw_step(s, &err) == JW_STEP_ROW) {
    struct remind *m = &list[n++];
    memset(m, 0, sizeof *m);
    m->id = jw_col_int(s, 0);
    m->user = jw_col_int(s, 1);
    int64_t starts = jw_col_int(s, 2);
    time_t local = (time_t)(starts + tz * 60);
    struct tm tm;
    gmtime_r(&local, &tm);
    /* Booked today for today (or reminded late): the slot is today, not tomorrow. */
    int same_day = jw_date_serial(jw_date_of_time(starts, tz)) == jw_date_serial(today);
    snprintf(m->title, sizeof m->title, "%s机动车检验预约提醒", same_day ? "今日" : "明日");
    snprintf(m->text, sizeof m->text,
             "您的车辆%s已预约%s（%04d-%02d-%02d）%02d:%02d在%s检验（确认号%s），请携带行驶证准时到场。",
             jw_col_text(s, 4), same_day ? "今天" : "明天", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, jw_col_text(s, 3), jw_col_text(s, 5));
  }
  jw_conn_release(c);
  for (int i = 0; i < n; i++)
    if (jw_tx(c, remind_tx, &list[i], &err) != JW_OK) jw_warn("inspection: reminder failed: %s", err.detail);
  return n;
}

static int remind_due(struct jw_conn *c, int64_t now, int tz) {
  struct jw_error err = {0};
  struct jw_date today = jw_date_of_time(now, tz);
  char a[11], b[11];
  jw_date_format(jw_date_add_days(today, 30), a);
  jw_date_format(today, b);
  struct jw_stmt *s = jw_prepare(c, SQL_DUE_VEHICLES, &err);
  if (!s) return 0;
  jw_bind_text(s, 1, a);
  jw_bind_text(s, 2, b);
  struct remind list[50];
  int n = 0;
  while (n < 50 && jw_step(s, &err) == JW_STEP_ROW) {
    struct remind *m = &list[n++];
    memset(m, 0, sizeof *m);
    m->vehicle = 1;
    m->id = jw_col_int(s, 0);
    snprintf(m->title, sizeof m->title, "机动车检验即将到期");
    snprintf(m->text, sizeof m->text, "您的车辆%s检验有效期至%s，请在到期前完成检验，可在线预约检测站。",
             jw_col_text(s, 1), jw_col_text(s, 2));
  }
  jw_conn_release(c);
  for (int i = 0; i < n; i++)
    if (jw_tx(c, remind_tx, &list[i], &err) != JW_OK) jw_warn("inspection: due reminder failed: %s", err.detail);
  return n;
}

void jw_inspection_tick(struct jw_conn *c, int tz_offset_min) {
  static int64_t last;
  int64_t now = (int64_t)time(NULL);
  if (now - last < 5) return; /* two indexed look-ups every few seconds */
  last = now;
  /* Up to 1,000 of each per round; a backlog drains over the next rounds. */
  for (int i = 0; i < 20 && remind_appointments(c, now, tz_offset_min) == 50; i++) continue;
  for (int i = 0; i < 20 && remind_due(c, now, tz_offset_min) == 50; i++) continue;
}
