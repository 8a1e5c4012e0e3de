/* inspection.c — slot templates and the slots made from them, the no-show
 * bar, the booking window, the reads the handlers show, and the reminders
 * run from the server's tick. The SQL is in store.c. */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/crypto.h"
#include "core/log.h"
#include "inspection/store.h"
#include "notify/notify.h"
#include "stats/stats.h"

enum jw_code jw_inspection_seed_templates(struct jw_conn *c, struct jw_error *err) {
  for (int wd = 0; wd < 6; wd++) /* Monday … Saturday */
    if (jw_insp_store_seed_template(c, wd, err) != JW_OK) return err->code;
  return JW_OK;
}

enum jw_code jw_insp_slot_load(struct jw_conn *c, int64_t id, struct jw_slot *s, struct jw_error *err) {
  int found = jw_slots_get(c, JW_SLOTS_INSPECTION, id, s, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no inspection slot %lld.", (long long)id);
  return JW_OK;
}

enum jw_code jw_insp_station(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                             struct jw_error *err) {
  int found = jw_insp_store_station_path(c, a, id, path, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no inspection station %lld.", (long long)id);
  return JW_OK;
}

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
  int closed = 0;
  int64_t cap_override = 0;
  int exc = jw_insp_store_exception(c, e->station, day, &closed, &cap_override, err);
  if (exc < 0) return err->code;
  if (exc && closed) {
    e->reason = "closed";
    return JW_OK;
  }
  struct jw_slot_template t;
  int found = jw_insp_store_template(c, e->station, jw_date_weekday(e->day), &t, err);
  if (found < 0) return err->code;
  if (!found) {
    e->reason = "closed";
    return JW_OK;
  }
  if (cap_override) t.capacity = cap_override;
  if (jw_slots_generate(c, JW_SLOTS_INSPECTION, e->station, e->day, e->tz, &t, err) != JW_OK) return err->code;
  e->open = 1;
  return JW_OK;
}

enum jw_code jw_insp_slots_ensure(struct jw_conn *c, int64_t station, struct jw_date day, int tz_offset_min, int *open,
                                  const char **reason, struct jw_error *err) {
  struct ensure e = {station, day, tz_offset_min, 0, NULL};
  char d[11];
  jw_date_format(day, d);
  int holiday = jw_calendar_is_holiday(c, day, err);
  if (holiday < 0) return err->code;
  int64_t have = 0;
  if (jw_slots_count(c, JW_SLOTS_INSPECTION, station, d, &have, err) != JW_OK) return err->code;
  int closed = 0;
  int64_t cap = 0;
  int exc = jw_insp_store_exception(c, station, d, &closed, &cap, err);
  if (exc < 0) return err->code;
  if (exc && closed) {
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

int64_t jw_insp_barred_until(struct jw_conn *c, int64_t user_id, int64_t now, struct jw_error *err) {
  int64_t t[50];
  int n = jw_insp_store_noshows(c, user_id, now - (int64_t)(JW_INSPECT_NOSHOW_WINDOW + JW_INSPECT_BAR_DAYS) * 86400, t,
                                50, err);
  if (n < 0) return -1;
  assert(n <= 50);
  return jw_noshow_bar(t, n, JW_INSPECT_NOSHOW_MAX, JW_INSPECT_NOSHOW_WINDOW, JW_INSPECT_BAR_DAYS, now);
}

enum jw_code jw_insp_window(int tz_offset_min, const struct jw_slot *s, int64_t now, struct jw_error *err) {
  struct jw_date today = jw_date_of_time(now, tz_offset_min), day;
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

/* ---- booking, rescheduling, cancelling ---- */

struct book {
  struct jw_arena *a;
  const struct jw_insp_booking *b;
  int64_t id;
};

static enum jw_code take_slot(struct jw_conn *c, int64_t slot, struct jw_error *err) {
  int took = jw_slots_take(c, JW_SLOTS_INSPECTION, slot, err);
  if (took < 0) return err->code;
  if (!took) return jw_fail(err, JW_E_CONFLICT, "This slot is full; please choose another time.");
  return JW_OK;
}

static enum jw_code book_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct book *k = arg;
  const struct jw_insp_booking *b = k->b;
  const char *active = NULL;
  int has = jw_insp_store_active_of_vehicle(c, k->a, b->vehicle_id, &active, err);
  if (has < 0) return err->code;
  if (has) return jw_fail(err, JW_E_CONFLICT, "This vehicle already has an inspection appointment (%s).", active);
  if (take_slot(c, b->slot->id, err) != JW_OK) return err->code;
  /* The confirmation number comes from the new row's id, so two bookings
   * can never draw the same one (random digits did, at 20,000 a day): the
   * row goes in with a random placeholder and gets its number at once. */
  const struct jw_insp_new_appt v = {
      .confirmation_no = jw_random_token(k->a, 18),
      .slot_id = b->slot->id,
      .station_id = b->slot->owner_id,
      .vehicle_id = b->vehicle_id,
      .user_id = b->user_id,
      .starts_at = b->slot->starts_at,
      .now = (int64_t)time(NULL),
      .idem_key = b->idem_key,
      .idem_hash = b->idem_hash,
  };
  enum jw_code rc = jw_insp_store_appt_insert(c, &v, &k->id, err);
  if (rc == JW_E_CONFLICT) return jw_fail(err, JW_E_CONFLICT, "This vehicle already has an inspection appointment.");
  if (rc != JW_OK) return rc;
  const char *day = b->slot->day;
  char conf[24];
  snprintf(conf, sizeof conf, "JY%.4s%.2s%.2s%08lld", day, day + 5, day + 8, (long long)(k->id % 100000000));
  if (jw_insp_store_appt_confirm(c, k->id, conf, err) != JW_OK) return err->code;
  return jw_counter_add(c, "transactions", 1, err);
}

enum jw_code jw_insp_book(struct jw_conn *c, struct jw_arena *a, const struct jw_insp_booking *b, int64_t *id,
                          struct jw_error *err) {
  struct book k = {a, b, 0};
  enum jw_code rc = jw_tx(c, book_tx, &k, err);
  if (rc == JW_OK) *id = k.id;
  return rc;
}

struct move {
  int64_t id, old_slot;
  const struct jw_slot *to; /* NULL: cancel */
};

static enum jw_code move_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct move *m = arg;
  int64_t now = (int64_t)time(NULL);
  if (m->to && take_slot(c, m->to->id, err) != JW_OK) return err->code;
  int changed = m->to ? jw_insp_store_appt_move(c, m->id, m->old_slot, m->to, now, err)
                      : jw_insp_store_appt_cancel(c, m->id, m->old_slot, now, err);
  if (changed < 0) return err->code;
  if (!changed) return jw_fail(err, JW_E_CONFLICT, "The appointment changed meanwhile; reload it.");
  return jw_slots_give_back(c, JW_SLOTS_INSPECTION, m->old_slot, err);
}

enum jw_code jw_insp_move(struct jw_conn *c, int64_t id, int64_t old_slot, const struct jw_slot *to,
                          struct jw_error *err) {
  assert(to);
  struct move m = {id, old_slot, to};
  return jw_tx(c, move_tx, &m, err);
}

enum jw_code jw_insp_cancel(struct jw_conn *c, int64_t id, int64_t old_slot, struct jw_error *err) {
  struct move m = {id, old_slot, NULL};
  return jw_tx(c, move_tx, &m, err);
}

/* ---- reads ---- */

int jw_insp_idem_find(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char *key, int64_t *id,
                      const char **hash, struct jw_error *err) {
  return jw_insp_store_idem(c, a, user_id, key, id, hash, err);
}

int jw_insp_own_booked(struct jw_conn *c, int64_t id, int64_t user_id, int64_t *slot, int64_t *starts_at,
                       int64_t *vehicle, struct jw_error *err) {
  return jw_insp_store_own_booked(c, id, user_id, slot, starts_at, vehicle, err);
}

enum jw_code jw_insp_vehicle_due(struct jw_conn *c, int64_t vehicle, char due[16], struct jw_error *err) {
  return jw_insp_store_vehicle_due(c, vehicle, due, err);
}

enum jw_code jw_insp_stations(struct jw_conn *c, struct jw_arena *a, struct jw_insp_station **out, size_t *n,
                              struct jw_error *err) {
  return jw_insp_store_stations(c, a, out, n, err);
}

enum jw_code jw_insp_day_slots(struct jw_conn *c, struct jw_arena *a, int64_t station, const char *day,
                               struct jw_slot **out, size_t *n, struct jw_error *err) {
  return jw_slots_of_day(c, a, JW_SLOTS_INSPECTION, station, day, out, n, err);
}

enum jw_code jw_insp_appt_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_insp_appt *out,
                              struct jw_error *err) {
  int found = jw_insp_store_appt(c, a, id, out, err);
  if (found < 0) return err->code;
  return found ? JW_OK : JW_E_NOT_FOUND;
}

enum jw_code jw_insp_appts_of_user(struct jw_conn *c, struct jw_arena *a, int64_t user_id, struct jw_insp_appt **out,
                                   size_t *n, struct jw_error *err) {
  return jw_insp_store_appts_of_user(c, a, user_id, out, n, err);
}

enum jw_code jw_insp_appts_of_day(struct jw_conn *c, struct jw_arena *a, int64_t station, struct jw_date day,
                                  int tz_offset_min, struct jw_insp_appt **out, size_t *n, struct jw_error *err) {
  int64_t midnight = (int64_t)jw_date_midnight(day, tz_offset_min);
  int64_t next = (int64_t)jw_date_midnight(jw_date_add_days(day, 1), tz_offset_min);
  return jw_insp_store_appts_between(c, a, station, midnight, next, out, n, err);
}

enum jw_code jw_insp_alerts(struct jw_conn *c, struct jw_arena *a, struct jw_insp_alert **out, size_t *n,
                            struct jw_error *err) {
  return jw_insp_store_alerts(c, a, out, n, err);
}

/* ---- reminders ---- */

struct remind {
  int64_t id, user;
  char text[400];
  char title[120];
  int vehicle;
};

static enum jw_code remind_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct remind *m = arg;
  int changed = m->vehicle ? jw_insp_store_vehicle_reminded(c, m->id, err) : jw_insp_store_appt_reminded(c, m->id, err);
  if (changed < 0) return err->code;
  if (!changed) return JW_OK; /* another instance sent it */
  if (!m->vehicle)
    return jw_notify(c, m->user, "inspection.reminder", m->title, m->text, "/me/appointments", JW_NOTIFY_SMS, err);
  int64_t users[16];
  int n = jw_insp_store_bound_users(c, m->id, users, 16, err);
  if (n < 0) return err->code;
  for (int i = 0; i < n; i++)
    if (jw_notify(c, users[i], "inspection.due", m->title, m->text, "/inspection", 0, err) != JW_OK) return err->code;
  return JW_OK;
}

/* One batch of up to 50; returns how many it found. */
static int remind_appointments(struct jw_conn *c, int64_t now, int tz) {
  struct jw_error err = {0};
  struct jw_date today = jw_date_of_time(now, tz);
  int64_t horizon = (int64_t)jw_date_midnight(jw_date_add_days(today, 2), tz);
  struct jw_insp_due_appt due[50];
  int n = jw_insp_store_due_appts(c, horizon, now, due, 50, &err);
  if (n < 0) return 0;
  struct remind list[50];
  for (int i = 0; i < n; i++) {
    struct remind *m = &list[i];
    memset(m, 0, sizeof *m);
    m->id = due[i].id;
    m->user = due[i].user_id;
    int64_t starts = due[i].starts_at;
    struct jw_date day = jw_date_of_time(starts, tz);
    int64_t secs = starts - (int64_t)jw_date_midnight(day, tz); /* since the day's local midnight */
    char date[11];
    jw_date_format(day, date);
    /* Booked today for today (or reminded late): the slot is today, not tomorrow. */
    int same_day = jw_date_serial(day) == jw_date_serial(today);
    snprintf(m->title, sizeof m->title, "%s机动车检验预约提醒", same_day ? "今日" : "明日");
    snprintf(m->text, sizeof m->text, "您的车辆%s已预约%s（%s）%02d:%02d在%s检验（预约号%s），请携带行驶证准时到场。",
             due[i].plate, same_day ? "今天" : "明天", date, (int)(secs / 3600), (int)(secs / 60 % 60), due[i].station,
             due[i].confirmation_no);
  }
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
  struct jw_insp_due_vehicle due[50];
  int n = jw_insp_store_due_vehicles(c, a, b, due, 50, &err);
  if (n < 0) return 0;
  struct remind list[50];
  for (int i = 0; i < n; i++) {
    struct remind *m = &list[i];
    memset(m, 0, sizeof *m);
    m->vehicle = 1;
    m->id = due[i].id;
    snprintf(m->title, sizeof m->title, "机动车检验即将到期");
    snprintf(m->text, sizeof m->text, "您的车辆%s检验有效期至%s，请在到期前完成检验，可在线预约检测站。", due[i].plate,
             due[i].due);
  }
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
