/* staff_api.c — the inspection station's side: the day's list, check-in,
 * no-show, stolen-vehicle alerts, and per-date exceptions to the template.
 * Staff act only on stations inside their data scope (else 404). */
#include <string.h>
#include <time.h>

#include "audit/api.h"
#include "auth/auth.h"
#include "core/jspec.h"
#include "inspection/internal.h"

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
  struct jw_insp_appt *rows = NULL;
  size_t n = 0;
  if (jw_insp_appts_of_day(r->db, r->arena, station, day, r->app->cfg.tz_offset_min, &rows, &n, err) != JW_OK)
    return err->code;
  json_t *items = jw_insp_appts_json(r, rows, n, 1);
  jw_reply_json(r, 200, json_pack("{s:I, s:s, s:o}", "station_id", (json_int_t)station, "date", date, "items", items));
  return JW_OK;
}

static enum jw_code staff_act(struct jw_req *r, int no_show, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  int alert = 0;
  const struct jw_insp_actor who = {r->user, r->ip};
  enum jw_code rc = jw_insp_staff_act(r->db, r->arena, id, no_show, r->app->cfg.tz_offset_min, &who, &alert, err);
  if (rc == JW_E_NOT_FOUND)
    return jw_fail(err, JW_E_NOT_FOUND, "There is no appointment %s at your station.", r->params[0]);
  if (rc != JW_OK) return rc;
  rc = jw_insp_reply(r, id, 200, 1, err);
  if (rc == JW_OK && !no_show) json_object_set_new(r->resp_json, "alert", json_boolean(alert));
  return rc;
}

enum jw_code jw_inspection_api_check_in(struct jw_req *r, struct jw_error *err) { return staff_act(r, 0, err); }
enum jw_code jw_inspection_api_no_show(struct jw_req *r, struct jw_error *err) { return staff_act(r, 1, err); }

static enum jw_code alerts_audit_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  (void)c;
  return jw_audit(arg, "inspection.alerts_read", "inspection_alert", 0, err, "%s", "list");
}

static json_t *alert_json(struct jw_req *r, const struct jw_insp_alert *x) {
  return json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:o, s:s}", "id", (json_int_t)x->id, "station_id",
                   (json_int_t)x->station_id, "station_name", x->station_name, "appointment_id",
                   (json_int_t)x->appointment_id, "plate_type", x->plate_type, "plate", x->plate, "raised_at",
                   jw_time_json(r, x->raised_at), "raised_by", x->raised_by);
}

enum jw_code jw_inspection_api_alerts(struct jw_req *r, struct jw_error *err) {
  if (jw_tx(r->db, alerts_audit_tx, r, err) != JW_OK) return err->code;
  struct jw_insp_alert *rows = NULL;
  size_t n = 0;
  if (jw_insp_alerts(r->db, r->arena, &rows, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) /* only the alerts of stations in the user's data scope */
    if (jw_scope_contains(r->user, rows[i].station_path)) json_array_append_new(items, alert_json(r, &rows[i]));
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}

/* ---- exceptions ---- */

enum jw_code jw_inspection_api_exception(struct jw_req *r, struct jw_error *err) {
  struct jw_insp_exception e = {.station = jw_param_id(r, 0), .day = r->params[1]};
  struct jw_date d;
  const struct jw_field f[] = {
      {"closed", JS_BOOL, JS_REQUIRED, 0, 0, &e.closed, NULL, NULL},
      {"capacity", JS_INT, JS_NULLABLE, 1, 1000, &e.capacity, NULL, &e.has_cap},
      {"note", JS_STR, JS_NULLABLE, 0, 100, &e.note, NULL, NULL},
  };
  if (station_in_scope(r, e.station, err) != JW_OK) return err->code;
  if (jw_date_parse(e.day, &d) != 0) return jw_fail(err, JW_E_NOT_FOUND, "%s is not a date.", e.day);
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the exception as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  const struct jw_insp_actor who = {r->user, r->ip};
  if (jw_insp_set_exception(r->db, &e, &who, err) != JW_OK) return err->code;
  jw_reply_json(
      r, 200,
      json_pack("{s:I, s:s, s:b, s:o, s:s}", "station_id", (json_int_t)e.station, "day", e.day, "closed", e.closed,
                "capacity", e.has_cap ? json_integer(e.capacity) : json_null(), "note", e.note ? e.note : ""));
  return JW_OK;
}
