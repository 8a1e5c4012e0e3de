/* inspection_api.c — stations and slots (public), and a citizen's
 * appointments: book, look, calendar file, reschedule, cancel. */
#include <string.h>
#include <time.h>

#include "audit/api.h"
#include "auth/auth.h"
#include "core/crypto.h"
#include "core/jspec.h"
#include "inspection/internal.h"
#include "vehicles/vehicles.h"

static json_t *station_json(const struct jw_insp_station *x) {
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)x->id, "name", x->name, "address",
                   x->address, "phone", x->phone, "hours", x->hours, "lat",
                   x->has_lat ? json_real((double)x->lat_e6 / 1e6) : json_null(), "lng",
                   x->has_lng ? json_real((double)x->lng_e6 / 1e6) : json_null());
}

enum jw_code jw_inspection_api_stations(struct jw_req *r, struct jw_error *err) {
  struct jw_insp_station *rows = NULL;
  size_t n = 0;
  if (jw_insp_stations(r->db, r->arena, &rows, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(items, station_json(&rows[i]));
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}

/* Reads a positive id query parameter, or adds a field error. */
static int64_t query_id(struct jw_req *r, const char *name, struct jw_error *err) {
  const char *v = jw_query(r, name);
  r->nparams = 1;
  r->params[0] = v ? v : "";
  int64_t id = jw_param_id(r, 0);
  if (!id) jw_field_fail(err, name, "must be an id");
  return id;
}

enum jw_code jw_inspection_api_slots(struct jw_req *r, struct jw_error *err) {
  int64_t station = query_id(r, "station_id", err);
  struct jw_date day;
  const char *date = jw_query(r, "date");
  if (!date || jw_date_parse(date, &day) != 0) jw_field_fail(err, "date", "must be a date YYYY-MM-DD");
  if (err->nfields) return JW_E_VALIDATION;
  int64_t now = (int64_t)time(NULL);
  int tz = r->app->cfg.tz_offset_min;
  struct jw_date today = jw_date_of_time(now, tz);
  long ahead = jw_date_serial(day) - jw_date_serial(today);
  if (ahead < 0 || ahead > 60) {
    jw_field_fail(err, "date", "must be between today and 60 days ahead");
    return JW_E_VALIDATION;
  }
  if (jw_insp_station(r->db, r->arena, station, NULL, err) != JW_OK) return err->code;
  int open = 0;
  const char *reason = NULL;
  if (jw_insp_slots_ensure(r->db, station, day, tz, &open, &reason, err) != JW_OK) return err->code;
  char from[11];
  jw_date_format(jw_date_add_days(day, -JW_INSPECT_OPEN_DAYS), from);
  json_t *items = json_array();
  if (open) {
    struct jw_slot *slots = NULL;
    size_t n = 0;
    if (jw_insp_day_slots(r->db, r->arena, station, date, &slots, &n, err) != JW_OK) {
      json_decref(items);
      return err->code;
    }
    for (size_t i = 0; i < n; i++) {
      const struct jw_slot *x = &slots[i];
      int bookable =
          ahead <= JW_INSPECT_OPEN_DAYS && x->starts_at - now >= JW_INSPECT_CLOSE_SECS && x->booked < x->capacity;
      json_array_append_new(items,
                            json_pack("{s:I, s:o, s:o, s:I, s:I, s:I, s:b}", "id", (json_int_t)x->id, "starts_at",
                                      jw_time_json(r, x->starts_at), "ends_at", jw_time_json(r, x->ends_at), "capacity",
                                      (json_int_t)x->capacity, "booked", (json_int_t)x->booked, "free",
                                      (json_int_t)(x->capacity - x->booked), "bookable", bookable));
    }
  }
  jw_reply_json(
      r, 200,
      json_pack("{s:I, s:s, s:b, s:o, s:s, s:o}", "station_id", (json_int_t)station, "date", date, "open", open,
                "closed_reason", reason ? json_string(reason) : json_null(), "bookable_from", from, "items", items));
  return JW_OK;
}

/* ---- one appointment as JSON ---- */

json_t *jw_insp_appt_json(struct jw_req *r, const struct jw_insp_appt *a, int staff) {
  json_t *o =
      json_pack("{s:I, s:s, s:s, s:{s:I, s:s, s:s, s:s}, s:I, s:o, s:o, s:{s:I, s:s, s:s}, s:o, s:s}", "id",
                (json_int_t)a->id, "confirmation_no", a->confirmation_no, "status", a->status, "station", "id",
                (json_int_t)a->station_id, "name", a->station_name, "address", a->station_address, "phone",
                a->station_phone, "slot_id", (json_int_t)a->slot_id, "starts_at", jw_time_json(r, a->starts_at),
                "ends_at", jw_time_json(r, a->ends_at), "vehicle", "id", (json_int_t)a->vehicle_id, "plate_type",
                a->plate_type, "plate", a->plate, "created_at", jw_time_json(r, a->created_at), "ics_url",
                jw_arena_printf(r->arena, "/api/v1/inspection/appointments/%lld/ics", (long long)a->id));
  if (staff) {
    json_object_set_new(o, "owner_name", json_string(a->owner_name));
    json_object_set_new(o, "owner_phone", json_string(a->owner_phone));
    json_object_set_new(o, "stolen", json_boolean(a->stolen));
  }
  return o;
}

json_t *jw_insp_appts_json(struct jw_req *r, const struct jw_insp_appt *rows, size_t n, int staff) {
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(items, jw_insp_appt_json(r, &rows[i], staff));
  return items;
}

/* Loads appointment id into *out when r's user may see it: the owner, or
 * staff whose scope holds the station. 404 otherwise. */
static enum jw_code appt_visible(struct jw_req *r, int64_t id, struct jw_insp_appt *out, int *staff,
                                 struct jw_error *err) {
  enum jw_code rc = jw_insp_appt_get(r->db, r->arena, id, out, err);
  if (rc != JW_OK && rc != JW_E_NOT_FOUND) return rc;
  *staff = r->user->role != JW_ROLE_CITIZEN;
  if (rc == JW_OK && (*staff ? jw_scope_contains(r->user, out->station_path) : out->user_id == r->user->id))
    return JW_OK;
  return jw_fail(err, JW_E_NOT_FOUND, "There is no appointment %lld of yours.", (long long)id);
}

enum jw_code jw_insp_reply(struct jw_req *r, int64_t id, int status, int staff, struct jw_error *err) {
  struct jw_insp_appt a;
  int is_staff;
  if (appt_visible(r, id, &a, &is_staff, err) != JW_OK) return err->code;
  jw_reply_json(r, status, jw_insp_appt_json(r, &a, staff && is_staff));
  return JW_OK;
}

static enum jw_code appt_view_audit_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  (void)c;
  struct jw_req *r = arg;
  return jw_audit(r, "inspection.appointment_view", "appointment", jw_param_id(r, 0), err, "%s",
                  "owner name and phone");
}

enum jw_code jw_inspection_api_get(struct jw_req *r, struct jw_error *err) {
  /* Staff see the owner's name and phone unmasked: like every unmasked
   * read, it is audited (after the scope check, so a 404 leaves no row). */
  struct jw_insp_appt a;
  int staff;
  if (appt_visible(r, jw_param_id(r, 0), &a, &staff, err) != JW_OK) return err->code;
  if (staff && jw_tx(r->db, appt_view_audit_tx, r, err) != JW_OK) return err->code;
  return jw_insp_reply(r, jw_param_id(r, 0), 200, 1, err);
}

enum jw_code jw_inspection_api_mine(struct jw_req *r, struct jw_error *err) {
  int64_t now = (int64_t)time(NULL);
  int64_t until = jw_insp_barred_until(r->db, r->user->id, now, err);
  if (until < 0) return err->code;
  struct jw_insp_appt *rows = NULL;
  size_t n = 0;
  if (jw_insp_appts_of_user(r->db, r->arena, r->user->id, &rows, &n, err) != JW_OK) return err->code;
  json_t *items = jw_insp_appts_json(r, rows, n, 0);
  char day[11];
  jw_date_format(jw_date_of_time(until, r->app->cfg.tz_offset_min), day);
  jw_reply_json(
      r, 200,
      json_pack("{s:o, s:o, s:o}", "items", items, "booking_barred_until", until ? json_string(day) : json_null(),
                "barred_reason", until ? json_string("3 no-shows within 90 days") : json_null()));
  return JW_OK;
}

enum jw_code jw_inspection_api_ics(struct jw_req *r, struct jw_error *err) {
  struct jw_insp_appt a;
  int staff;
  if (appt_visible(r, jw_param_id(r, 0), &a, &staff, err) != JW_OK) return err->code;
  const char *conf = a.confirmation_no;
  struct jw_ics_event e = {
      .uid = jw_arena_printf(r->arena, "%s@jingwu.tzga", conf),
      .summary = jw_arena_printf(r->arena, "机动车检验预约 %s", a.plate),
      .location = jw_arena_printf(r->arena, "%s，%s", a.station_name, a.station_address),
      .description = jw_arena_printf(r->arena, "预约号 %s\n车辆 %s\n请携带行驶证、交强险保单准时到场。电话 %s", conf,
                                     a.plate, a.station_phone),
      .starts_at = a.starts_at,
      .ends_at = a.ends_at,
      .stamp = a.created_at,
      .tz_offset_min = r->app->cfg.tz_offset_min,
  };
  jw_reply_text(r, 200, "text/calendar; charset=utf-8", jw_ics_render(r->arena, &e));
  jw_reply_header(r, "Content-Disposition", jw_arena_printf(r->arena, "attachment; filename=\"jingwu-%s.ics\"", conf));
  return JW_OK;
}

/* ---- booking ---- */

struct book {
  struct jw_slot slot;
  int64_t vehicle, id, old_slot;
  const char *idem, *hash;
};

/* A repeated Idempotency-Key: the first answer again (1), a different body
 * (422), or not seen (0). */
static int idem_replay(struct jw_req *r, const struct book *b, struct jw_error *err) {
  if (!b->idem) return 0;
  int64_t id = 0;
  const char *hash = NULL;
  int found = jw_insp_idem_find(r->db, r->arena, r->user->id, b->idem, &id, &hash, err);
  if (found <= 0) return found;
  if (strcmp(hash, b->hash) != 0) {
    jw_fail(err, JW_E_VALIDATION, "This Idempotency-Key was used for a different booking.");
    return -1;
  }
  return jw_insp_reply(r, id, 201, 0, err) == JW_OK ? 1 : -1;
}

/* The vehicle must be due within 90 days (or overdue). */
static enum jw_code check_due(struct jw_req *r, int64_t vehicle, int64_t now, struct jw_error *err) {
  char text[16];
  if (jw_insp_vehicle_due(r->db, vehicle, text, err) != JW_OK) return err->code;
  struct jw_date due, today = jw_date_of_time(now, r->app->cfg.tz_offset_min);
  if (jw_date_parse(text, &due) != 0 || jw_date_serial(due) - jw_date_serial(today) <= JW_INSPECT_DUE_DAYS)
    return JW_OK;
  char from[11], d[11];
  jw_date_format(jw_date_add_days(due, -JW_INSPECT_DUE_DAYS), from);
  jw_date_format(due, d);
  jw_field_fail(err, "plate", "inspection is valid until %s; booking opens on %s", d, from);
  return jw_fail(err, JW_E_VALIDATION, "Not due yet: the inspection is valid until %s; you can book from %s.", d, from);
}

/* Everything the slot must satisfy for r's user and this vehicle, shared by
 * booking and rescheduling so that neither can skip a rule: the no-show bar,
 * the due date, public holidays and the booking window. */
static enum jw_code slot_checks(struct jw_req *r, int64_t vehicle, const struct jw_slot *slot, struct jw_error *err) {
  int64_t now = (int64_t)time(NULL);
  int64_t until = jw_insp_barred_until(r->db, r->user->id, now, err);
  if (until < 0) return err->code;
  if (until) {
    char day[11];
    jw_date_format(jw_date_of_time(until, r->app->cfg.tz_offset_min), day);
    return jw_fail(err, JW_E_FORBIDDEN,
                   "Online booking is barred until %s: you missed 3 appointments within 90 days. Please call the "
                   "station to book.",
                   day);
  }
  if (check_due(r, vehicle, now, err) != JW_OK) return err->code;
  struct jw_date d;
  if (jw_date_parse(slot->day, &d) != 0) return jw_fail(err, JW_E_INTERNAL, "A slot has no valid date.");
  int holiday = jw_calendar_is_holiday(r->db, d, err);
  if (holiday < 0) return err->code;
  if (holiday) return jw_fail(err, JW_E_CONFLICT, "The station is closed on %s (public holiday).", slot->day);
  return jw_insp_window(r->app->cfg.tz_offset_min, slot, now, err);
}

/* Everything a booking must satisfy before its transaction. */
static enum jw_code book_checks(struct jw_req *r, struct book *b, const char *type, const char *plate, int64_t slot,
                                struct jw_error *err) {
  char nplate[JW_PLATE_MAX], e6[7];
  const char *why = jw_plate_type_name(type) ? jw_check_plate(type, plate, nplate) : "has an unknown plate type";
  if (why) {
    jw_field_fail(err, "plate", "%s", why);
    return JW_E_VALIDATION;
  }
  if (jw_vehicle_find(r->db, type, nplate, &b->vehicle, e6, err) != JW_OK ||
      jw_vehicle_bound(r->db, r->user->id, b->vehicle, err) != 1) {
    jw_error_clear(err);
    return jw_fail(err, JW_E_NOT_FOUND, "Vehicle %s is not bound to your account; bind it first.", nplate);
  }
  if (jw_insp_slot_load(r->db, slot, &b->slot, err) != JW_OK) return err->code;
  return slot_checks(r, b->vehicle, &b->slot, err);
}

enum jw_code jw_inspection_api_book(struct jw_req *r, struct jw_error *err) {
  struct book b = {0};
  int64_t slot = 0;
  const char *type = NULL, *plate = NULL;
  const struct jw_field f[] = {
      {"slot_id", JS_INT, JS_REQUIRED, 1, INT64_MAX, &slot, NULL, NULL},
      {"plate_type", JS_STR, JS_REQUIRED, 2, 2, &type, NULL, NULL},
      {"plate", JS_STR, JS_REQUIRED, 7, 12, &plate, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the booking as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  b.idem = jw_header(r, "Idempotency-Key");
  if (b.idem && (strlen(b.idem) < 1 || strlen(b.idem) > 100)) {
    jw_field_fail(err, "Idempotency-Key", "must have 1 to 100 characters");
    return JW_E_VALIDATION;
  }
  const char *canon = jw_arena_printf(r->arena, "%lld|%s|%s", (long long)slot, type, plate);
  unsigned char h[JW_HASH_BYTES];
  jw_hash(canon, strlen(canon), h);
  b.hash = jw_hex(r->arena, h, sizeof h);
  int replay = idem_replay(r, &b, err);
  if (replay) return replay > 0 ? JW_OK : err->code;
  if (book_checks(r, &b, type, plate, slot, err) != JW_OK) return err->code;
  const struct jw_insp_booking bk = {r->user->id, b.vehicle, &b.slot, b.idem, b.hash};
  enum jw_code rc = jw_insp_book(r->db, r->arena, &bk, &b.id, err);
  if (rc == JW_E_CONFLICT && b.idem) { /* the same key raced us: answer as the first did */
    struct jw_error e2 = {0};
    replay = idem_replay(r, &b, &e2);
    if (replay) return replay > 0 ? JW_OK : (*err = e2, err->code);
  }
  if (rc != JW_OK) return rc;
  return jw_insp_reply(r, b.id, 201, 0, err);
}

/* ---- reschedule and cancel ---- */

/* The citizen's own booked appointment, changeable until 2 hours before. */
static enum jw_code own_booked(struct jw_req *r, int64_t id, struct book *b, struct jw_error *err) {
  int64_t starts = 0;
  int found = jw_insp_own_booked(r->db, id, r->user->id, &b->old_slot, &starts, &b->vehicle, err);
  if (found < 0) return err->code;
  if (!found) {
    int staff;
    struct jw_insp_appt a;
    if (appt_visible(r, id, &a, &staff, err) != JW_OK) return err->code;
    return jw_fail(err, JW_E_CONFLICT, "Only a booked appointment can be changed; this one is %s.", a.status);
  }
  b->id = id;
  if (starts - (int64_t)time(NULL) < JW_INSPECT_CLOSE_SECS)
    return jw_fail(err, JW_E_CONFLICT, "Appointments can be changed or cancelled until 2 hours before they start.");
  return JW_OK;
}

enum jw_code jw_inspection_api_move(struct jw_req *r, struct jw_error *err) {
  struct book b = {0};
  int64_t slot = 0;
  const struct jw_field f[] = {{"slot_id", JS_INT, JS_REQUIRED, 1, INT64_MAX, &slot, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the new slot as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  if (own_booked(r, jw_param_id(r, 0), &b, err) != JW_OK) return err->code;
  if (slot == b.old_slot) {
    jw_field_fail(err, "slot_id", "is the slot already booked");
    return JW_E_VALIDATION;
  }
  if (jw_insp_slot_load(r->db, slot, &b.slot, err) != JW_OK) return err->code;
  if (slot_checks(r, b.vehicle, &b.slot, err) != JW_OK) return err->code;
  enum jw_code rc = jw_insp_move(r->db, b.id, b.old_slot, &b.slot, err);
  return rc != JW_OK ? rc : jw_insp_reply(r, b.id, 200, 0, err);
}

enum jw_code jw_inspection_api_cancel(struct jw_req *r, struct jw_error *err) {
  struct book b = {0};
  if (own_booked(r, jw_param_id(r, 0), &b, err) != JW_OK) return err->code;
  enum jw_code rc = jw_insp_cancel(r->db, b.id, b.old_slot, err);
  return rc != JW_OK ? rc : jw_insp_reply(r, b.id, 200, 0, err);
}
