/* staff_api.c — the inspection station's side: the day's list, check-in,
 * no-show, stolen-vehicle alerts, and per-date exceptions to the template.
 * Staff act only on stations inside their data scope (else 404). */
#include <string.h>
#include <time.h>

#include "audit/api.h"
#include "auth/auth.h"
#include "core/jspec.h"
#include "http/rows.h"
#include "inspection/internal.h"
#include "notify/notify.h"

/* The station in path parameter 0 if it lies in the user's scope. */
static enum jw_code station_in_scope(struct jw_req *r, int64_t id, struct jw_error *err) {
  const char *path;
  if (jw_insp_station(r->db, r->arena, id, &path, err) != JW_OK || !jw_scope_contains(r->user, path)) {
    jw_error_clear(err);
    return jw_fail(err, JW_E_NOT_FOUND, "There is no inspection station %lld among the units you serve.",
                   (long long)id);
  }
  return JW_OK;
}

static const char SQL_DAY[] = JW_INSP_APPT_SELECT
    " WHERE a.station_id = ? AND a.starts_at >= ? AND a.starts_at < ? AND a.status <> 'cancelled'"
    " ORDER BY a.starts_at, a.id";

struct day_read {
  struct jw_req *r;
  int64_t station;
  const char *date;
};

static enum jw_code day_audit_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  (void)c;
  struct day_read *d = arg;
  return jw_audit(d->r, "inspection.day_list", "unit", d->station, err, "%s", d->date);
}

enum jw_code jw_inspection_api_day(struct jw_req *r, struct jw_error *err) {
  int64_t station = jw_param_id(r, 0);
  const char *date = jw_query(r, "date");
  struct jw_date day;
  if (!date) {
    char *d = jw_arena_alloc(r->arena, 11);
    jw_date_format(jw_date_of_time((long long)time(NULL), r->app->cfg.tz_offset_min), d);
    date = d;
  }
  if (jw_date_parse(date, &day) != 0) {
    jw_field_fail(err, "date", "must be a date YYYY-MM-DD");
    return JW_E_VALIDATION;
  }
  if (station_in_scope(r, station, err) != JW_OK) return err->code;
  /* Owners' phone numbers are shown unmasked: the read is audited. */
  struct day_read dr = {r, station, date};
  if (jw_tx(r->db, day_audit_tx, &dr, err) != JW_OK) return err->code;
  int64_t midnight = (int64_t)jw_date_midnight(day, r->app->cfg.tz_offset_min);
  struct jw_stmt *s = jw_prepare(r->db, SQL_DAY, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, station);
  jw_bind_int(s, 2, midnight);
  jw_bind_int(s, 3, midnight + 86400);
  json_t *items = jw_rows_json(r, s, jw_insp_appt_row, &(int){1}, err);
  if (!items) return err->code;
  jw_reply_json(r, 200, json_pack("{s:I, s:s, s:o}", "station_id", (json_int_t)station, "date", date, "items", items));
  return JW_OK;
}

static const char SQL_APPT_STAFF[] =
    "SELECT a.station_id, a.status, a.starts_at, v.stolen, a.vehicle_id, a.user_id, v.plate, u.path"
    " FROM inspection_appointments a JOIN vehicles v ON v.id = a.vehicle_id JOIN units u ON u.id = a.station_id"
    " WHERE a.id = ?";
static const char SQL_SET_STATUS[] =
    "UPDATE inspection_appointments SET status = ?, updated_at = ? WHERE id = ? AND status = 'booked'";
static const char SQL_ALERT[] =
    "INSERT INTO inspection_alerts (station_id, appointment_id, vehicle_id, raised_at, raised_by)"
    " VALUES (?, ?, ?, ?, ?) RETURNING id";

struct staff_act {
  struct jw_req *r;
  int64_t id, station, starts_at, vehicle, user;
  int stolen, no_show, alert;
  const char *plate;
};

static enum jw_code staff_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct staff_act *t = arg;
  struct jw_req *r = t->r;
  int64_t now = (int64_t)time(NULL);
  struct jw_stmt *s = jw_prepare(c, SQL_SET_STATUS, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, t->no_show ? "no_show" : "checked_in");
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, t->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_CONFLICT, "This appointment is no longer booked.");
  if (jw_audit(r, t->no_show ? "inspection.no_show" : "inspection.check_in", "appointment", t->id, err, "%s",
               t->plate) != JW_OK)
    return err->code;
  if (t->no_show) {
    int64_t until = jw_insp_barred_until(c, t->user, now, err);
    if (until < 0) return err->code;
    if (!until) return JW_OK;
    char day[11];
    jw_date_format(jw_date_of_time(until, r->app->cfg.tz_offset_min), day);
    return jw_notify(
        c, t->user, "inspection.barred", "在线预约已暂停",
        jw_arena_printf(r->arena, "您在90天内3次预约未到场，%s前不能在线预约机动车检验，请致电检测站预约。", day),
        "/me/appointments", 0, err);
  }
  if (!t->stolen) return JW_OK;
  if (!(s = jw_prepare(c, SQL_ALERT, err))) return err->code;
  jw_bind_int(s, 1, t->station);
  jw_bind_int(s, 2, t->id);
  jw_bind_int(s, 3, t->vehicle);
  jw_bind_int(s, 4, now);
  jw_bind_int(s, 5, r->user->id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  int64_t alert = jw_col_int(s, 0);
  jw_conn_release(c);
  t->alert = 1;
  return jw_audit(r, "inspection.stolen_alert", "inspection_alert", alert, err, "stolen vehicle %s checked in",
                  t->plate);
}

static enum jw_code staff_act(struct jw_req *r, int no_show, struct jw_error *err) {
  struct staff_act t = {.r = r, .id = jw_param_id(r, 0), .no_show = no_show};
  struct jw_stmt *s = jw_prepare(r->db, SQL_APPT_STAFF, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, t.id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE || !jw_scope_contains(r->user, jw_col_text(s, 7)))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no appointment %s at your station.", r->params[0]);
  t.station = jw_col_int(s, 0);
  int booked = strcmp(jw_col_text(s, 1), "booked") == 0;
  t.starts_at = jw_col_int(s, 2);
  t.stolen = (int)jw_col_int(s, 3);
  t.vehicle = jw_col_int(s, 4);
  t.user = jw_col_int(s, 5);
  t.plate = jw_arena_strdup(r->arena, jw_col_text(s, 6));
  jw_conn_release(r->db);
  if (!booked) return jw_fail(err, JW_E_CONFLICT, "This appointment is no longer booked.");
  int64_t now = (int64_t)time(NULL);
  int tz = r->app->cfg.tz_offset_min;
  if (no_show && now < t.starts_at)
    return jw_fail(err, JW_E_CONFLICT, "A no-show can only be recorded once the slot has started.");
  if (!no_show && jw_date_serial(jw_date_of_time(t.starts_at, tz)) != jw_date_serial(jw_date_of_time(now, tz)))
    return jw_fail(err, JW_E_CONFLICT, "Vehicles are checked in on the day of their appointment.");
  enum jw_code rc = jw_tx(r->db, staff_tx, &t, err);
  if (rc != JW_OK) return rc;
  rc = jw_insp_reply(r, t.id, 200, 1, err);
  if (rc == JW_OK && !no_show) json_object_set_new(r->resp_json, "alert", json_boolean(t.alert));
  return rc;
}

enum jw_code jw_inspection_api_check_in(struct jw_req *r, struct jw_error *err) { return staff_act(r, 0, err); }
enum jw_code jw_inspection_api_no_show(struct jw_req *r, struct jw_error *err) { return staff_act(r, 1, err); }

static const char SQL_ALERTS[] =
    "SELECT al.id, al.station_id, u.name, al.appointment_id, v.plate_type, v.plate, al.raised_at,"
    " COALESCE(x.login, ''), u.path FROM inspection_alerts al JOIN units u ON u.id = al.station_id"
    " JOIN vehicles v ON v.id = al.vehicle_id LEFT JOIN users x ON x.id = al.raised_by"
    " ORDER BY al.id DESC LIMIT 500";

static enum jw_code alerts_audit_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  (void)c;
  return jw_audit(arg, "inspection.alerts_read", "inspection_alert", 0, err, "%s", "list");
}

/* An alert row, or NULL (skipped) outside the user's data scope. */
static json_t *alert_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  if (!jw_scope_contains(r->user, jw_col_text(s, 8))) return NULL;
  return json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:o, s:s}", "id", (json_int_t)jw_col_int(s, 0), "station_id",
                   (json_int_t)jw_col_int(s, 1), "station_name", jw_col_text(s, 2), "appointment_id",
                   (json_int_t)jw_col_int(s, 3), "plate_type", jw_col_text(s, 4), "plate", jw_col_text(s, 5),
                   "raised_at", jw_time_json(r, jw_col_int(s, 6)), "raised_by", jw_col_text(s, 7));
}

enum jw_code jw_inspection_api_alerts(struct jw_req *r, struct jw_error *err) {
  if (jw_tx(r->db, alerts_audit_tx, r, err) != JW_OK) return err->code;
  struct jw_stmt *s = jw_prepare(r->db, SQL_ALERTS, err);
  if (!s) return err->code;
  return jw_reply_rows(r, s, alert_json, NULL, err);
}

/* ---- exceptions ---- */

static const char SQL_EXC_PUT[] =
    "INSERT INTO inspection_exceptions (station_id, day, closed, capacity, note) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (station_id, day) DO UPDATE SET closed = excluded.closed, capacity = excluded.capacity,"
    " note = excluded.note";
static const char SQL_DAY_BOOKED[] =
    "SELECT COALESCE(SUM(booked), 0) FROM inspection_slots WHERE station_id = ? AND day = ?";
/* Reopening without a capacity restores the template's. */
static const char SQL_DAY_REOPEN[] =
    "UPDATE inspection_slots SET capacity = (SELECT t.capacity FROM inspection_templates t"
    " WHERE t.station_id = inspection_slots.station_id AND t.weekday = ?) WHERE station_id = ? AND day = ?"
    " AND EXISTS (SELECT 1 FROM inspection_templates t WHERE t.station_id = inspection_slots.station_id"
    " AND t.weekday = ?)";
static const char SQL_DAY_CAP[] =
    "UPDATE inspection_slots SET capacity = CASE WHEN booked > ? THEN booked ELSE ? END WHERE station_id = ? AND day = "
    "?";

struct exc {
  struct jw_req *r;
  int64_t station, capacity;
  int closed, has_cap, weekday;
  const char *day, *note;
};

static enum jw_code exc_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct exc *e = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_DAY_BOOKED, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, e->station);
  jw_bind_text(s, 2, e->day);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  int64_t booked = jw_col_int(s, 0);
  jw_conn_release(c);
  if (e->closed && booked > 0)
    return jw_fail(err, JW_E_CONFLICT, "%lld appointments are booked on %s; cancel or move them first.",
                   (long long)booked, e->day);
  if (!(s = jw_prepare(c, SQL_EXC_PUT, err))) return err->code;
  jw_bind_int(s, 1, e->station);
  jw_bind_text(s, 2, e->day);
  jw_bind_int(s, 3, e->closed);
  if (e->has_cap)
    jw_bind_int(s, 4, e->capacity);
  else
    jw_bind_null(s, 4);
  jw_bind_text(s, 5, e->note ? e->note : "");
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  /* Slots already made follow: a closed day keeps them at capacity 0 (the
   * cancelled appointments still point at them). */
  int64_t cap = e->closed ? 0 : e->capacity;
  if (e->closed || e->has_cap) {
    if (!(s = jw_prepare(c, SQL_DAY_CAP, err))) return err->code;
    jw_bind_int(s, 1, cap);
    jw_bind_int(s, 2, cap);
    jw_bind_int(s, 3, e->station);
    jw_bind_text(s, 4, e->day);
  } else {
    if (!(s = jw_prepare(c, SQL_DAY_REOPEN, err))) return err->code;
    jw_bind_int(s, 1, e->weekday);
    jw_bind_int(s, 2, e->station);
    jw_bind_text(s, 3, e->day);
    jw_bind_int(s, 4, e->weekday);
  }
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return jw_audit(e->r, "inspection.exception", "unit", e->station, err, "%s closed=%d", e->day, e->closed);
}

enum jw_code jw_inspection_api_exception(struct jw_req *r, struct jw_error *err) {
  struct exc e = {.r = r, .station = jw_param_id(r, 0), .day = r->params[1]};
  struct jw_date d;
  const struct jw_field f[] = {
      {"closed", JS_BOOL, JS_REQUIRED, 0, 0, &e.closed, NULL, NULL},
      {"capacity", JS_INT, JS_NULLABLE, 1, 1000, &e.capacity, NULL, &e.has_cap},
      {"note", JS_STR, JS_NULLABLE, 0, 100, &e.note, NULL, NULL},
  };
  if (station_in_scope(r, e.station, err) != JW_OK) return err->code;
  if (jw_date_parse(e.day, &d) != 0) return jw_fail(err, JW_E_NOT_FOUND, "%s is not a date.", e.day);
  e.weekday = jw_date_weekday(d);
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the exception as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  enum jw_code rc = jw_tx(r->db, exc_tx, &e, err);
  if (rc != JW_OK) return rc;
  jw_reply_json(
      r, 200,
      json_pack("{s:I, s:s, s:b, s:o, s:s}", "station_id", (json_int_t)e.station, "day", e.day, "closed", e.closed,
                "capacity", e.has_cap ? json_integer(e.capacity) : json_null(), "note", e.note ? e.note : ""));
  return JW_OK;
}
