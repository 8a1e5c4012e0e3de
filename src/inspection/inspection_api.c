/* inspection_api.c — stations and slots (public), and a citizen's
 * appointments: book, look, calendar file, reschedule, cancel. */
#include <string.h>
#include <time.h>

#include "audit/api.h"
#include "auth/auth.h"
#include "core/crypto.h"
#include "core/jspec.h"
#include "http/rows.h"
#include "inspection/internal.h"
#include "stats/stats.h"
#include "vehicles/vehicles.h"

static const char SQL_STATIONS[] =
    "SELECT id, name, address, phone, hours, lat_e6, lng_e6 FROM units WHERE kind = 'inspection_station'"
    " ORDER BY sort, id";

static json_t *station_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)jw_col_int(s, 0), "name", jw_col_text(s, 1),
                   "address", jw_col_text(s, 2), "phone", jw_col_text(s, 3), "hours", jw_col_text(s, 4), "lat",
                   jw_col_is_null(s, 5) ? json_null() : json_real((double)jw_col_int(s, 5) / 1e6), "lng",
                   jw_col_is_null(s, 6) ? json_null() : json_real((double)jw_col_int(s, 6) / 1e6));
}

enum jw_code jw_inspection_api_stations(struct jw_req *r, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_STATIONS, err);
  if (!s) return err->code;
  return jw_reply_rows(r, s, station_json, NULL, err);
}

static const char SQL_SLOTS[] =
    "SELECT id, starts_at, ends_at, capacity, booked FROM inspection_slots"
    " WHERE station_id = ? AND day = ? ORDER BY starts_at";

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
    struct jw_stmt *s = jw_prepare(r->db, SQL_SLOTS, err);
    if (!s) {
      json_decref(items);
      return err->code;
    }
    jw_bind_int(s, 1, station);
    jw_bind_text(s, 2, date);
    enum jw_step st;
    while ((st = jw_step(s, err)) == JW_STEP_ROW) {
      int64_t starts = jw_col_int(s, 1), cap = jw_col_int(s, 3), booked = jw_col_int(s, 4);
      int bookable = ahead <= JW_INSPECT_OPEN_DAYS && starts - now >= JW_INSPECT_CLOSE_SECS && booked < cap;
      json_array_append_new(
          items,
          json_pack("{s:I, s:o, s:o, s:I, s:I, s:I, s:b}", "id", (json_int_t)jw_col_int(s, 0), "starts_at",
                    jw_time_json(r, starts), "ends_at", jw_time_json(r, jw_col_int(s, 2)), "capacity", (json_int_t)cap,
                    "booked", (json_int_t)booked, "free", (json_int_t)(cap - booked), "bookable", bookable));
    }
    if (st == JW_STEP_ERROR) {
      json_decref(items);
      return err->code;
    }
  }
  jw_reply_json(
      r, 200,
      json_pack("{s:I, s:s, s:b, s:o, s:s, s:o}", "station_id", (json_int_t)station, "date", date, "open", open,
                "closed_reason", reason ? json_string(reason) : json_null(), "bookable_from", from, "items", items));
  return JW_OK;
}

/* ---- one appointment as JSON ---- */

static const char SQL_APPT[] = JW_INSP_APPT_SELECT " WHERE a.id = ?";
static const char SQL_APPTS_MINE[] =
    JW_INSP_APPT_SELECT " WHERE a.user_id = ? ORDER BY s.starts_at DESC, a.id DESC LIMIT 50";

json_t *jw_insp_appt_row(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  return jw_insp_appt_json(r, s, *(const int *)ctx);
}

json_t *jw_insp_appt_json(struct jw_req *r, struct jw_stmt *s, int staff) {
  int64_t id = jw_col_int(s, 0);
  json_t *o = json_pack("{s:I, s:s, s:s, s:{s:I, s:s, s:s, s:s}, s:I, s:o, s:o, s:{s:I, s:s, s:s}, s:o, s:s}", "id",
                        (json_int_t)id, "confirmation_no", jw_col_text(s, 1), "status", jw_col_text(s, 2), "station",
                        "id", (json_int_t)jw_col_int(s, 3), "name", jw_col_text(s, 4), "address", jw_col_text(s, 5),
                        "phone", jw_col_text(s, 6), "slot_id", (json_int_t)jw_col_int(s, 7), "starts_at",
                        jw_time_json(r, jw_col_int(s, 8)), "ends_at", jw_time_json(r, jw_col_int(s, 9)), "vehicle",
                        "id", (json_int_t)jw_col_int(s, 10), "plate_type", jw_col_text(s, 11), "plate",
                        jw_col_text(s, 12), "created_at", jw_time_json(r, jw_col_int(s, 13)), "ics_url",
                        jw_arena_printf(r->arena, "/api/v1/inspection/appointments/%lld/ics", (long long)id));
  if (staff) {
    json_object_set_new(o, "owner_name", json_string(jw_col_text(s, 16)));
    json_object_set_new(o, "owner_phone", json_string(jw_col_text(s, 17)));
    json_object_set_new(o, "stolen", json_boolean(jw_col_int(s, 15)));
  }
  return o;
}

/* Loads appointment id into a row of SQL_APPT that r's user may see:
 * the owner, or staff whose scope holds the station. 404 otherwise. */
static enum jw_code appt_visible(struct jw_req *r, int64_t id, struct jw_stmt **out, int *staff, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_APPT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  *staff = r->user->role != JW_ROLE_CITIZEN;
  if (st == JW_STEP_ROW &&
      (*staff ? jw_scope_contains(r->user, jw_col_text(s, 18)) : jw_col_int(s, 14) == r->user->id)) {
    *out = s;
    return JW_OK;
  }
  return jw_fail(err, JW_E_NOT_FOUND, "There is no appointment %lld of yours.", (long long)id);
}

enum jw_code jw_insp_reply(struct jw_req *r, int64_t id, int status, int staff, struct jw_error *err) {
  struct jw_stmt *s;
  int is_staff;
  if (appt_visible(r, id, &s, &is_staff, err) != JW_OK) return err->code;
  jw_reply_json(r, status, jw_insp_appt_json(r, s, staff && is_staff));
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
  struct jw_stmt *s;
  int staff;
  if (appt_visible(r, jw_param_id(r, 0), &s, &staff, err) != JW_OK) return err->code;
  jw_conn_release(r->db);
  if (staff && jw_tx(r->db, appt_view_audit_tx, r, err) != JW_OK) return err->code;
  return jw_insp_reply(r, jw_param_id(r, 0), 200, 1, err);
}

enum jw_code jw_inspection_api_mine(struct jw_req *r, struct jw_error *err) {
  int64_t now = (int64_t)time(NULL);
  int64_t until = jw_insp_barred_until(r->db, r->user->id, now, err);
  if (until < 0) return err->code;
  struct jw_stmt *s = jw_prepare(r->db, SQL_APPTS_MINE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  json_t *items = jw_rows_json(r, s, jw_insp_appt_row, &(int){0}, err);
  if (!items) return err->code;
  char day[11];
  jw_date_format(jw_date_of_time(until, r->app->cfg.tz_offset_min), day);
  jw_reply_json(
      r, 200,
      json_pack("{s:o, s:o, s:o}", "items", items, "booking_barred_until", until ? json_string(day) : json_null(),
                "barred_reason", until ? json_string("3 no-shows within 90 days") : json_null()));
  return JW_OK;
}

enum jw_code jw_inspection_api_ics(struct jw_req *r, struct jw_error *err) {
  struct jw_stmt *s;
  int staff;
  if (appt_visible(r, jw_param_id(r, 0), &s, &staff, err) != JW_OK) return err->code;
  const char *conf = jw_arena_strdup(r->arena, jw_col_text(s, 1));
  struct jw_ics_event e = {
      .uid = jw_arena_printf(r->arena, "%s@jingwu.tzga", conf),
      .summary = jw_arena_printf(r->arena, "机动车检验预约 %s", jw_col_text(s, 12)),
      .location = jw_arena_printf(r->arena, "%s，%s", jw_col_text(s, 4), jw_col_text(s, 5)),
      .description = jw_arena_printf(r->arena, "确认号 %s\n车辆 %s\n请携带行驶证、交强险保单准时到场。电话 %s", conf,
                                     jw_col_text(s, 12), jw_col_text(s, 6)),
      .starts_at = jw_col_int(s, 8),
      .ends_at = jw_col_int(s, 9),
      .stamp = jw_col_int(s, 13),
      .tz_offset_min = r->app->cfg.tz_offset_min,
  };
  jw_reply_text(r, 200, "text/calendar; charset=utf-8", jw_ics_render(r->arena, &e));
  jw_reply_header(r, "Content-Disposition", jw_arena_printf(r->arena, "attachment; filename=\"jingwu-%s.ics\"", conf));
  return JW_OK;
}

/* ---- booking ---- */

struct book {
  struct jw_req *r;
  struct jw_insp_slot slot;
  int64_t vehicle, id, old_slot;
  const char *idem, *hash;
};

static const char SQL_ACTIVE[] =
    "SELECT confirmation_no FROM inspection_appointments WHERE vehicle_id = ? AND status = 'booked'";
static const char SQL_TAKE[] = "UPDATE inspection_slots SET booked = booked + 1 WHERE id = ? AND booked < capacity";
static const char SQL_GIVE_BACK[] = "UPDATE inspection_slots SET booked = booked - 1 WHERE id = ? AND booked > 0";
static const char SQL_BOOK[] =
    "INSERT INTO inspection_appointments (confirmation_no, slot_id, station_id, vehicle_id, user_id, status,"
    " starts_at, idem_key, idem_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?, ?)"
    " RETURNING id";

static const char SQL_CONFIRM[] = "UPDATE inspection_appointments SET confirmation_no = ? WHERE id = ?";

static enum jw_code take_slot(struct jw_conn *c, int64_t slot, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_TAKE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, slot);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_CONFLICT, "This slot is full; please choose another time.");
  return JW_OK;
}

static enum jw_code book_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct book *b = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_ACTIVE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, b->vehicle);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_ROW)
    return jw_fail(err, JW_E_CONFLICT, "This vehicle already has an inspection appointment (%s).", jw_col_text(s, 0));
  jw_conn_release(c);
  if (take_slot(c, b->slot.id, err) != JW_OK) return err->code;
  /* The confirmation number comes from the new row's id, so two bookings
   * can never draw the same one (random digits did, at 20,000 a day): the
   * row goes in with a random placeholder and gets its number at once. */
  int64_t now = (int64_t)time(NULL);
  if (!(s = jw_prepare(c, SQL_BOOK, err))) return err->code;
  jw_bind_text(s, 1, jw_random_token(b->r->arena, 18));
  jw_bind_int(s, 2, b->slot.id);
  jw_bind_int(s, 3, b->slot.station_id);
  jw_bind_int(s, 4, b->vehicle);
  jw_bind_int(s, 5, b->r->user->id);
  jw_bind_int(s, 6, b->slot.starts_at);
  jw_bind_text(s, 7, b->idem);
  jw_bind_text(s, 8, b->hash);
  jw_bind_int(s, 9, now);
  jw_bind_int(s, 10, now);
  if (jw_step(s, err) != JW_STEP_ROW) {
    if (err->code == JW_E_CONFLICT) jw_fail(err, JW_E_CONFLICT, "This vehicle already has an inspection appointment.");
    return err->code ? err->code : JW_E_DB;
  }
  b->id = jw_col_int(s, 0);
  jw_conn_release(c);
  char conf[24];
  snprintf(conf, sizeof conf, "JY%.4s%.2s%.2s%08lld", b->slot.day, b->slot.day + 5, b->slot.day + 8,
           (long long)(b->id % 100000000));
  if (!(s = jw_prepare(c, SQL_CONFIRM, err))) return err->code;
  jw_bind_text(s, 1, conf);
  jw_bind_int(s, 2, b->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return jw_counter_add(c, "transactions", 1, err);
}

static const char SQL_IDEM[] = "SELECT id, idem_hash FROM inspection_appointments WHERE user_id = ? AND idem_key = ?";

/* A repeated Idempotency-Key: the first answer again (1), a different body
 * (422), or not seen (0). */
static int idem_replay(struct jw_req *r, const struct book *b, struct jw_error *err) {
  if (!b->idem) return 0;
  struct jw_stmt *s = jw_prepare(r->db, SQL_IDEM, err);
  if (!s) return -1;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_text(s, 2, b->idem);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) return st == JW_STEP_ERROR ? -1 : 0;
  int64_t id = jw_col_int(s, 0);
  int same = strcmp(jw_col_text(s, 1), b->hash) == 0;
  jw_conn_release(r->db);
  if (!same) {
    jw_fail(err, JW_E_VALIDATION, "This Idempotency-Key was used for a different booking.");
    return -1;
  }
  return jw_insp_reply(r, id, 201, 0, err) == JW_OK ? 1 : -1;
}

static const char SQL_DUE[] = "SELECT inspection_due FROM vehicles WHERE id = ?";

/* The vehicle must be due within 90 days (or overdue). */
static enum jw_code check_due(struct jw_req *r, int64_t vehicle, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_DUE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, vehicle);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  struct jw_date due, today = jw_date_of_time(now, r->app->cfg.tz_offset_min);
  int bad = jw_date_parse(jw_col_text(s, 0), &due) != 0;
  jw_conn_release(r->db);
  if (bad || jw_date_serial(due) - jw_date_serial(today) <= JW_INSPECT_DUE_DAYS) return JW_OK;
  char from[11], d[11];
  jw_date_format(jw_date_add_days(due, -JW_INSPECT_DUE_DAYS), from);
  jw_date_format(due, d);
  jw_field_fail(err, "plate", "inspection is valid until %s; booking opens on %s", d, from);
  return jw_fail(err, JW_E_VALIDATION, "Not due yet: the inspection is valid until %s; you can book from %s.", d, from);
}

/* Everything the slot must satisfy for r's user and this vehicle, shared by
 * booking and rescheduling so that neither can skip a rule: the no-show bar,
 * the due date, public holidays and the booking window. */
static enum jw_code slot_checks(struct jw_req *r, int64_t vehicle, const struct jw_insp_slot *slot,
                                struct jw_error *err) {
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
  return jw_insp_window(r, slot, now, err);
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
  struct book b = {.r = r};
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
  enum jw_code rc = jw_tx(r->db, book_tx, &b, err);
  if (rc == JW_E_CONFLICT && b.idem) { /* the same key raced us: answer as the first did */
    struct jw_error e2 = {0};
    replay = idem_replay(r, &b, &e2);
    if (replay) return replay > 0 ? JW_OK : (*err = e2, err->code);
  }
  if (rc != JW_OK) return rc;
  return jw_insp_reply(r, b.id, 201, 0, err);
}

/* ---- reschedule and cancel ---- */

static const char SQL_OWN_BOOKED[] =
    "SELECT slot_id, starts_at, vehicle_id FROM inspection_appointments WHERE id = ? AND user_id = ?"
    " AND status = 'booked'";
static const char SQL_MOVE[] =
    "UPDATE inspection_appointments SET slot_id = ?, station_id = ?, starts_at = ?, reminded = 0, updated_at = ?"
    " WHERE id = ? AND status = 'booked' AND slot_id = ?";
static const char SQL_CANCEL[] =
    "UPDATE inspection_appointments SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'booked'"
    " AND slot_id = ?";

/* The citizen's own booked appointment, changeable until 2 hours before. */
static enum jw_code own_booked(struct jw_req *r, int64_t id, struct book *b, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_OWN_BOOKED, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, r->user->id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) {
    jw_conn_release(r->db);
    int staff;
    struct jw_stmt *x;
    if (appt_visible(r, id, &x, &staff, err) != JW_OK) return err->code;
    return jw_fail(err, JW_E_CONFLICT, "Only a booked appointment can be changed; this one is %s.", jw_col_text(x, 2));
  }
  b->id = id;
  b->old_slot = jw_col_int(s, 0);
  int64_t starts = jw_col_int(s, 1);
  b->vehicle = jw_col_int(s, 2);
  jw_conn_release(r->db);
  if (starts - (int64_t)time(NULL) < JW_INSPECT_CLOSE_SECS)
    return jw_fail(err, JW_E_CONFLICT, "Appointments can be changed or cancelled until 2 hours before they start.");
  return JW_OK;
}

static enum jw_code move_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct book *b = arg;
  int cancel = b->slot.id == 0;
  if (!cancel && take_slot(c, b->slot.id, err) != JW_OK) return err->code;
  struct jw_stmt *s = jw_prepare(c, cancel ? SQL_CANCEL : SQL_MOVE, err);
  if (!s) return err->code;
  int64_t now = (int64_t)time(NULL);
  if (cancel) {
    jw_bind_int(s, 1, now);
    jw_bind_int(s, 2, b->id);
    jw_bind_int(s, 3, b->old_slot);
  } else {
    jw_bind_int(s, 1, b->slot.id);
    jw_bind_int(s, 2, b->slot.station_id);
    jw_bind_int(s, 3, b->slot.starts_at);
    jw_bind_int(s, 4, now);
    jw_bind_int(s, 5, b->id);
    jw_bind_int(s, 6, b->old_slot);
  }
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_CONFLICT, "The appointment changed meanwhile; reload it.");
  if (!(s = jw_prepare(c, SQL_GIVE_BACK, err))) return err->code;
  jw_bind_int(s, 1, b->old_slot);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_inspection_api_move(struct jw_req *r, struct jw_error *err) {
  struct book b = {.r = r};
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
  enum jw_code rc = jw_tx(r->db, move_tx, &b, err);
  return rc != JW_OK ? rc : jw_insp_reply(r, b.id, 200, 0, err);
}

enum jw_code jw_inspection_api_cancel(struct jw_req *r, struct jw_error *err) {
  struct book b = {.r = r};
  if (own_booked(r, jw_param_id(r, 0), &b, err) != JW_OK) return err->code;
  enum jw_code rc = jw_tx(r->db, move_tx, &b, err);
  return rc != JW_OK ? rc : jw_insp_reply(r, b.id, 200, 0, err);
}
