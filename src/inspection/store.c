/* store.c — every SQL statement of the inspection domain. */
#include "inspection/store.h"

#include <stdio.h>
#include <string.h>

#include "core/mem.h"

/* Runs s (bound) and returns 1 when it changed exactly one row, 0 when none, -1 on error. */
static int changed_one(struct jw_stmt *s, struct jw_error *err) {
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s) == 1;
}

/* ---- templates, exceptions (the slots themselves are calendar/slots.h's) ---- */

static const char SQL_TPL_SEED[] =
    "INSERT INTO inspection_templates (station_id, weekday, open_min, close_min, lunch_start_min, lunch_end_min,"
    " slot_min, capacity) SELECT id, ?, 510, 990, 690, 810, 30, 5 FROM units u WHERE kind = 'inspection_station'"
    " AND NOT EXISTS (SELECT 1 FROM inspection_templates t WHERE t.station_id = u.id AND t.weekday = ?)";
static const char SQL_TEMPLATE[] =
    "SELECT open_min, close_min, lunch_start_min, lunch_end_min, slot_min, capacity FROM inspection_templates"
    " WHERE station_id = ? AND weekday = ?";
static const char SQL_EXCEPTION[] =
    "SELECT closed, capacity FROM inspection_exceptions WHERE station_id = ? AND day = ?";
static const char SQL_EXC_PUT[] =
    "INSERT INTO inspection_exceptions (station_id, day, closed, capacity, note) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (station_id, day) DO UPDATE SET closed = excluded.closed, capacity = excluded.capacity,"
    " note = excluded.note";
/* Reopening without a capacity restores the template's (as it is, not raised
 * to what is booked as jw_slots_set_capacity would; the template's table is
 * this domain's, so this one statement stays here). */
static const char SQL_DAY_REOPEN[] =
    "UPDATE inspection_slots SET capacity = (SELECT t.capacity FROM inspection_templates t"
    " WHERE t.station_id = inspection_slots.station_id AND t.weekday = ?) WHERE station_id = ? AND day = ?"
    " AND EXISTS (SELECT 1 FROM inspection_templates t WHERE t.station_id = inspection_slots.station_id"
    " AND t.weekday = ?)";

enum jw_code jw_insp_store_seed_template(struct jw_conn *c, int weekday, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_TPL_SEED, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, weekday);
  jw_bind_int(s, 2, weekday);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

int jw_insp_store_template(struct jw_conn *c, int64_t station, int weekday, struct jw_slot_template *t,
                           struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_TEMPLATE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, station);
  jw_bind_int(s, 2, weekday);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  t->open_min = jw_col_int(s, 0);
  t->close_min = jw_col_int(s, 1);
  t->break_start_min = jw_col_int(s, 2); /* the lunch break */
  t->break_end_min = jw_col_int(s, 3);
  t->slot_min = jw_col_int(s, 4);
  t->capacity = jw_col_int(s, 5);
  jw_conn_release(c);
  return 1;
}

int jw_insp_store_exception(struct jw_conn *c, int64_t station, const char *day, int *closed, int64_t *capacity,
                            struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EXCEPTION, err);
  if (!s) return -1;
  jw_bind_int(s, 1, station);
  jw_bind_text(s, 2, day);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  *closed = jw_col_int(s, 0) != 0;
  *capacity = jw_col_is_null(s, 1) ? 0 : jw_col_int(s, 1);
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_insp_store_exception_put(struct jw_conn *c, int64_t station, const char *day, int closed, int has_cap,
                                         int64_t capacity, const char *note, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EXC_PUT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, station);
  jw_bind_text(s, 2, day);
  jw_bind_int(s, 3, closed);
  if (has_cap)
    jw_bind_int(s, 4, capacity);
  else
    jw_bind_null(s, 4);
  jw_bind_text(s, 5, note);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_insp_store_day_reopen(struct jw_conn *c, int64_t station, const char *day, int weekday,
                                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DAY_REOPEN, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, weekday);
  jw_bind_int(s, 2, station);
  jw_bind_text(s, 3, day);
  jw_bind_int(s, 4, weekday);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

/* ---- stations ---- */

static const char SQL_STATION[] = "SELECT path FROM units WHERE id = ? AND kind = 'inspection_station'";
static const char SQL_STATIONS[] =
    "SELECT id, name, address, phone, hours, lat_e6, lng_e6 FROM units WHERE kind = 'inspection_station'"
    " ORDER BY sort, id";

int jw_insp_store_station_path(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                               struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_STATION, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  if (path) *path = jw_arena_strdup(a, jw_col_text(s, 0));
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_insp_store_stations(struct jw_conn *c, struct jw_arena *a, struct jw_insp_station **out, size_t *n,
                                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_STATIONS, err);
  if (!s) return err->code;
  struct jw_insp_station *rows = NULL;
  size_t cap = 0, len = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    struct jw_insp_station *x = &rows[len++];
    x->id = jw_col_int(s, 0);
    x->name = jw_arena_strdup(a, jw_col_text(s, 1));
    x->address = jw_arena_strdup(a, jw_col_text(s, 2));
    x->phone = jw_arena_strdup(a, jw_col_text(s, 3));
    x->hours = jw_arena_strdup(a, jw_col_text(s, 4));
    x->has_lat = !jw_col_is_null(s, 5);
    x->has_lng = !jw_col_is_null(s, 6);
    x->lat_e6 = x->has_lat ? jw_col_int(s, 5) : 0;
    x->lng_e6 = x->has_lng ? jw_col_int(s, 6) : 0;
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

/* ---- appointments ---- */

/* An appointment row: the columns appt_row() reads; stolen is what the
 * stolen-vehicle registry says (the view vehicle_stolen, 0018). */
#define APPT_SELECT                                                                                             \
  "SELECT a.id, a.confirmation_no, a.status, a.station_id, u.name, u.address, u.phone, a.slot_id, s.starts_at," \
  " s.ends_at, a.vehicle_id, v.plate_type, v.plate, a.created_at, a.user_id, w.stolen, p.name, p.phone, u.path" \
  " FROM inspection_appointments a JOIN units u ON u.id = a.station_id"                                         \
  " JOIN inspection_slots s ON s.id = a.slot_id JOIN vehicles v ON v.id = a.vehicle_id"                         \
  " JOIN users p ON p.id = a.user_id JOIN vehicle_stolen w ON w.vehicle_id = v.id"

static const char SQL_APPT[] = APPT_SELECT " WHERE a.id = ?";
static const char SQL_APPTS_MINE[] = APPT_SELECT " WHERE a.user_id = ? ORDER BY s.starts_at DESC, a.id DESC LIMIT 50";
static const char SQL_APPTS_DAY[] = APPT_SELECT
    " WHERE a.station_id = ? AND a.starts_at >= ? AND a.starts_at < ? AND a.status <> 'cancelled'"
    " ORDER BY a.starts_at, a.id";
static const char SQL_ACTIVE[] =
    "SELECT confirmation_no FROM inspection_appointments WHERE vehicle_id = ? AND status = 'booked'";
static const char SQL_BOOK[] =
    "INSERT INTO inspection_appointments (confirmation_no, slot_id, station_id, vehicle_id, user_id, status,"
    " starts_at, idem_key, idem_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?, ?)"
    " RETURNING id";
static const char SQL_CONFIRM[] = "UPDATE inspection_appointments SET confirmation_no = ? WHERE id = ?";
static const char SQL_IDEM[] = "SELECT id, idem_hash FROM inspection_appointments WHERE user_id = ? AND idem_key = ?";
static const char SQL_OWN_BOOKED[] =
    "SELECT slot_id, starts_at, vehicle_id FROM inspection_appointments WHERE id = ? AND user_id = ?"
    " AND status = 'booked'";
static const char SQL_MOVE[] =
    "UPDATE inspection_appointments SET slot_id = ?, station_id = ?, starts_at = ?, reminded = 0, updated_at = ?"
    " WHERE id = ? AND status = 'booked' AND slot_id = ?";
static const char SQL_CANCEL[] =
    "UPDATE inspection_appointments SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'booked'"
    " AND slot_id = ?";
static const char SQL_SET_STATUS[] =
    "UPDATE inspection_appointments SET status = ?, updated_at = ? WHERE id = ? AND status = 'booked'";
static const char SQL_APPT_STAFF[] =
    "SELECT a.station_id, a.status, a.starts_at, w.stolen, a.vehicle_id, a.user_id, v.plate, u.path"
    " FROM inspection_appointments a JOIN vehicles v ON v.id = a.vehicle_id JOIN units u ON u.id = a.station_id"
    " JOIN vehicle_stolen w ON w.vehicle_id = v.id" /* stolen: the registry says so (0018) */
    " WHERE a.id = ?";
static const char SQL_NOSHOWS[] =
    "SELECT starts_at FROM inspection_appointments WHERE user_id = ? AND status = 'no_show' AND starts_at > ?"
    " ORDER BY starts_at DESC LIMIT 50";
static const char SQL_DUE[] = "SELECT inspection_due FROM vehicles WHERE id = ?";

/* The current row of an APPT_SELECT statement into *x (strings in a). */
static void appt_row(struct jw_stmt *s, struct jw_arena *a, struct jw_insp_appt *x) {
  x->id = jw_col_int(s, 0);
  x->confirmation_no = jw_arena_strdup(a, jw_col_text(s, 1));
  x->status = jw_arena_strdup(a, jw_col_text(s, 2));
  x->station_id = jw_col_int(s, 3);
  x->station_name = jw_arena_strdup(a, jw_col_text(s, 4));
  x->station_address = jw_arena_strdup(a, jw_col_text(s, 5));
  x->station_phone = jw_arena_strdup(a, jw_col_text(s, 6));
  x->slot_id = jw_col_int(s, 7);
  x->starts_at = jw_col_int(s, 8);
  x->ends_at = jw_col_int(s, 9);
  x->vehicle_id = jw_col_int(s, 10);
  x->plate_type = jw_arena_strdup(a, jw_col_text(s, 11));
  x->plate = jw_arena_strdup(a, jw_col_text(s, 12));
  x->created_at = jw_col_int(s, 13);
  x->user_id = jw_col_int(s, 14);
  x->stolen = jw_col_int(s, 15) != 0;
  x->owner_name = jw_arena_strdup(a, jw_col_text(s, 16));
  x->owner_phone = jw_arena_strdup(a, jw_col_text(s, 17));
  x->station_path = jw_arena_strdup(a, jw_col_text(s, 18));
}

/* Steps s (an APPT_SELECT statement, bound) to its end into an array in a. */
static enum jw_code appt_rows(struct jw_conn *c, struct jw_stmt *s, struct jw_arena *a, struct jw_insp_appt **out,
                              size_t *n, struct jw_error *err) {
  struct jw_insp_appt *rows = NULL;
  size_t cap = 0, len = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    appt_row(s, a, &rows[len++]);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

int jw_insp_store_appt(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_insp_appt *out,
                       struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_APPT, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  appt_row(s, a, out);
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_insp_store_appts_of_user(struct jw_conn *c, struct jw_arena *a, int64_t user_id,
                                         struct jw_insp_appt **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_APPTS_MINE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  return appt_rows(c, s, a, out, n, err);
}

enum jw_code jw_insp_store_appts_between(struct jw_conn *c, struct jw_arena *a, int64_t station, int64_t from,
                                         int64_t to, struct jw_insp_appt **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_APPTS_DAY, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, station);
  jw_bind_int(s, 2, from);
  jw_bind_int(s, 3, to);
  return appt_rows(c, s, a, out, n, err);
}

int jw_insp_store_active_of_vehicle(struct jw_conn *c, struct jw_arena *a, int64_t vehicle, const char **conf,
                                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ACTIVE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, vehicle);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) *conf = jw_arena_strdup(a, jw_col_text(s, 0));
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

enum jw_code jw_insp_store_appt_insert(struct jw_conn *c, const struct jw_insp_new_appt *v, int64_t *id,
                                       struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_BOOK, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, v->confirmation_no);
  jw_bind_int(s, 2, v->slot_id);
  jw_bind_int(s, 3, v->station_id);
  jw_bind_int(s, 4, v->vehicle_id);
  jw_bind_int(s, 5, v->user_id);
  jw_bind_int(s, 6, v->starts_at);
  jw_bind_text(s, 7, v->idem_key);
  jw_bind_text(s, 8, v->idem_hash);
  jw_bind_int(s, 9, v->now);
  jw_bind_int(s, 10, v->now);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_insp_store_appt_confirm(struct jw_conn *c, int64_t id, const char *conf, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CONFIRM, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, conf);
  jw_bind_int(s, 2, id);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

int jw_insp_store_idem(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char *key, int64_t *id,
                       const char **hash, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_IDEM, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  jw_bind_text(s, 2, key);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  *id = jw_col_int(s, 0);
  *hash = jw_arena_strdup(a, jw_col_text(s, 1));
  jw_conn_release(c);
  return 1;
}

int jw_insp_store_own_booked(struct jw_conn *c, int64_t id, int64_t user_id, int64_t *slot, int64_t *starts_at,
                             int64_t *vehicle, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OWN_BOOKED, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, user_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    *slot = jw_col_int(s, 0);
    *starts_at = jw_col_int(s, 1);
    *vehicle = jw_col_int(s, 2);
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

int jw_insp_store_appt_move(struct jw_conn *c, int64_t id, int64_t old_slot, const struct jw_slot *to, int64_t now,
                            struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MOVE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, to->id);
  jw_bind_int(s, 2, to->owner_id);
  jw_bind_int(s, 3, to->starts_at);
  jw_bind_int(s, 4, now);
  jw_bind_int(s, 5, id);
  jw_bind_int(s, 6, old_slot);
  return changed_one(s, err);
}

int jw_insp_store_appt_cancel(struct jw_conn *c, int64_t id, int64_t old_slot, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CANCEL, err);
  if (!s) return -1;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, id);
  jw_bind_int(s, 3, old_slot);
  return changed_one(s, err);
}

int jw_insp_store_appt_status(struct jw_conn *c, int64_t id, const char *status, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SET_STATUS, err);
  if (!s) return -1;
  jw_bind_text(s, 1, status);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, id);
  return changed_one(s, err);
}

int jw_insp_store_staff_appt(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_insp_staff_appt *out,
                             struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_APPT_STAFF, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  out->station_id = jw_col_int(s, 0);
  out->booked = strcmp(jw_col_text(s, 1), "booked") == 0;
  out->starts_at = jw_col_int(s, 2);
  out->stolen = (int)jw_col_int(s, 3);
  out->vehicle_id = jw_col_int(s, 4);
  out->user_id = jw_col_int(s, 5);
  out->plate = jw_arena_strdup(a, jw_col_text(s, 6));
  out->station_path = jw_arena_strdup(a, jw_col_text(s, 7));
  jw_conn_release(c);
  return 1;
}

int jw_insp_store_noshows(struct jw_conn *c, int64_t user_id, int64_t since, int64_t *t, int max,
                          struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_NOSHOWS, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, since);
  int n = 0;
  enum jw_step st = JW_STEP_DONE;
  while (n < max && (st = jw_step(s, err)) == JW_STEP_ROW) t[n++] = jw_col_int(s, 0);
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? -1 : n;
}

enum jw_code jw_insp_store_vehicle_due(struct jw_conn *c, int64_t vehicle, char due[16], struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DUE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, vehicle);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  snprintf(due, 16, "%s", jw_col_text(s, 0));
  jw_conn_release(c);
  return JW_OK;
}

/* ---- alerts ---- */

static const char SQL_ALERT[] =
    "INSERT INTO inspection_alerts (station_id, appointment_id, vehicle_id, raised_at, raised_by)"
    " VALUES (?, ?, ?, ?, ?) RETURNING id";
static const char SQL_ALERTS[] =
    "SELECT al.id, al.station_id, u.name, al.appointment_id, v.plate_type, v.plate, al.raised_at,"
    " COALESCE(x.login, ''), u.path FROM inspection_alerts al JOIN units u ON u.id = al.station_id"
    " JOIN vehicles v ON v.id = al.vehicle_id LEFT JOIN users x ON x.id = al.raised_by"
    " ORDER BY al.id DESC LIMIT 500";

enum jw_code jw_insp_store_alert_insert(struct jw_conn *c, int64_t station, int64_t appointment, int64_t vehicle,
                                        int64_t now, int64_t raised_by, int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ALERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, station);
  jw_bind_int(s, 2, appointment);
  jw_bind_int(s, 3, vehicle);
  jw_bind_int(s, 4, now);
  jw_bind_int(s, 5, raised_by);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_insp_store_alerts(struct jw_conn *c, struct jw_arena *a, struct jw_insp_alert **out, size_t *n,
                                  struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ALERTS, err);
  if (!s) return err->code;
  struct jw_insp_alert *rows = NULL;
  size_t cap = 0, len = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    struct jw_insp_alert *x = &rows[len++];
    x->id = jw_col_int(s, 0);
    x->station_id = jw_col_int(s, 1);
    x->station_name = jw_arena_strdup(a, jw_col_text(s, 2));
    x->appointment_id = jw_col_int(s, 3);
    x->plate_type = jw_arena_strdup(a, jw_col_text(s, 4));
    x->plate = jw_arena_strdup(a, jw_col_text(s, 5));
    x->raised_at = jw_col_int(s, 6);
    x->raised_by = jw_arena_strdup(a, jw_col_text(s, 7));
    x->station_path = jw_arena_strdup(a, jw_col_text(s, 8));
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
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

int jw_insp_store_due_appts(struct jw_conn *c, int64_t before, int64_t after, struct jw_insp_due_appt *out, int max,
                            struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DUE_APPTS, err);
  if (!s) return -1;
  jw_bind_int(s, 1, before);
  jw_bind_int(s, 2, after);
  int n = 0;
  enum jw_step st = JW_STEP_DONE;
  while (n < max && (st = jw_step(s, err)) == JW_STEP_ROW) {
    struct jw_insp_due_appt *x = &out[n++];
    x->id = jw_col_int(s, 0);
    x->user_id = jw_col_int(s, 1);
    x->starts_at = jw_col_int(s, 2);
    snprintf(x->station, sizeof x->station, "%s", jw_col_text(s, 3));
    snprintf(x->plate, sizeof x->plate, "%s", jw_col_text(s, 4));
    snprintf(x->confirmation_no, sizeof x->confirmation_no, "%s", jw_col_text(s, 5));
  }
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? -1 : n;
}

/* Runs sql (one id) and returns 1 when it changed one row, 0 or -1. */
static int mark_one(struct jw_conn *c, const char *sql, int64_t id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  return changed_one(s, err);
}

int jw_insp_store_appt_reminded(struct jw_conn *c, int64_t id, struct jw_error *err) {
  return mark_one(c, SQL_MARK_APPT, id, err);
}

int jw_insp_store_vehicle_reminded(struct jw_conn *c, int64_t id, struct jw_error *err) {
  return mark_one(c, SQL_MARK_VEHICLE, id, err);
}

int jw_insp_store_due_vehicles(struct jw_conn *c, const char *hi, const char *lo, struct jw_insp_due_vehicle *out,
                               int max, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DUE_VEHICLES, err);
  if (!s) return -1;
  jw_bind_text(s, 1, hi);
  jw_bind_text(s, 2, lo);
  int n = 0;
  enum jw_step st = JW_STEP_DONE;
  while (n < max && (st = jw_step(s, err)) == JW_STEP_ROW) {
    struct jw_insp_due_vehicle *x = &out[n++];
    x->id = jw_col_int(s, 0);
    snprintf(x->plate, sizeof x->plate, "%s", jw_col_text(s, 1));
    snprintf(x->due, sizeof x->due, "%s", jw_col_text(s, 2));
  }
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? -1 : n;
}

int jw_insp_store_bound_users(struct jw_conn *c, int64_t vehicle, int64_t *users, int max, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_BOUND_USERS, err);
  if (!s) return -1;
  jw_bind_int(s, 1, vehicle);
  int n = 0;
  enum jw_step st = JW_STEP_DONE;
  while (n < max && (st = jw_step(s, err)) == JW_STEP_ROW) users[n++] = jw_col_int(s, 0);
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? -1 : n;
}
