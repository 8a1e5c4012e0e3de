/* vehicles_api.c — plate types, and a citizen's vehicles: list, bind (plate
 * + type + engine six: at once when it is registered to her ID number, where
 * the six may be left out, else a request its owner decides, see
 * consent.c), unbind. */
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "core/jspec.h"
#include "core/validate.h"
#include "http/rows.h"
#include "vehicles/vehicles.h"

enum jw_code jw_vehicles_api_plate_types(struct jw_req *r, struct jw_error *err) {
  (void)err;
  json_t *items = json_array();
  for (int i = 0; jw_plate_types[i].code; i++)
    json_array_append_new(items,
                          json_pack("{s:s, s:s}", "code", jw_plate_types[i].code, "name", jw_plate_types[i].name));
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}

/* Column 10 tells the citizen's own vehicles (registered to her ID number)
 * from those she may use with their owner's consent. */
#define VEHICLE_COLS                                                                                       \
  "v.id, v.plate_type, v.plate, v.vin, v.engine6, v.owner_name, v.inspection_due, v.stolen, b.created_at," \
  " (SELECT COUNT(*) FROM violations x WHERE x.vehicle_id = v.id AND x.status = 'unhandled'),"             \
  " CASE WHEN v.owner_id_bidx IS NOT NULL AND v.owner_id_bidx = (SELECT u.id_bidx FROM users u"            \
  " WHERE u.id = b.user_id) THEN 1 ELSE 0 END"

static const char SQL_LIST[] = "SELECT " VEHICLE_COLS
                               " FROM vehicle_bindings b JOIN vehicles v ON v.id = b.vehicle_id"
                               " WHERE b.user_id = ? ORDER BY b.created_at, v.id LIMIT 100";
static const char SQL_ONE[] = "SELECT " VEHICLE_COLS
                              " FROM vehicle_bindings b JOIN vehicles v ON v.id = b.vehicle_id"
                              " WHERE b.user_id = ? AND v.id = ?";

static json_t *vehicle_json(struct jw_req *r, struct jw_stmt *s, const char *today) {
  const char *vin = jw_col_text(s, 3);
  size_t n = strlen(vin);
  const char *masked = n == 17 ? jw_arena_printf(r->arena, "%.3s**********%s", vin, vin + 13) : "";
  int own = (int)jw_col_int(s, 10);
  /* The owner's name is shown whole to the owner only. */
  const char *owner = own ? jw_col_text(s, 5) : jw_mask_name(r->arena, jw_col_text(s, 5));
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:o, s:s}", "id",
                   (json_int_t)jw_col_int(s, 0), "plate_type", jw_col_text(s, 1), "plate_type_name",
                   jw_plate_type_name(jw_col_text(s, 1)), "plate", jw_col_text(s, 2), "vin_masked", masked, "engine6",
                   jw_col_text(s, 4), "owner_name", owner, "inspection_due", jw_col_text(s, 6), "inspection_state",
                   jw_inspection_state(jw_col_text(s, 6), today), "unhandled_count", (json_int_t)jw_col_int(s, 9),
                   "stolen", (int)jw_col_int(s, 7), "bound_at", jw_time_json(r, jw_col_int(s, 8)), "relation",
                   own ? "own" : "consented");
}

static const char *today_str(struct jw_req *r) {
  char *d = jw_arena_alloc(r->arena, 11);
  jw_date_format(jw_date_of_time((long long)time(NULL), r->app->cfg.tz_offset_min), d);
  return d;
}

static json_t *vehicle_row(struct jw_req *r, struct jw_stmt *s, const void *today) { return vehicle_json(r, s, today); }

enum jw_code jw_vehicles_api_list(struct jw_req *r, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_LIST, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  const char *today = today_str(r);
  return jw_reply_rows(r, s, vehicle_row, today, err);
}

static enum jw_code reply_vehicle(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_ONE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_int(s, 2, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "This vehicle is not bound to your account.");
  jw_reply_json(r, status, vehicle_json(r, s, today_str(r)));
  return JW_OK;
}

enum jw_code jw_vehicles_api_bind(struct jw_req *r, struct jw_error *err) {
  const char *type = NULL, *plate = NULL, *engine6 = NULL;
  const struct jw_field f[] = {
      {"plate_type", JS_STR, JS_REQUIRED, 2, 2, &type, NULL, NULL},
      {"plate", JS_STR, JS_REQUIRED, 7, 20, &plate, NULL, NULL},
      {"engine6", JS_STR, 0, 6, 6, &engine6, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the vehicle as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  char nplate[JW_PLATE_MAX], neng[7], stored[7];
  /* Without the six only her own car (registered to her ID number) binds. */
  jw_plate_input(type, plate, engine6 ? engine6 : "000000", nplate, neng, err);
  if (err->nfields) return JW_E_VALIDATION;
  int64_t id = 0, owner = 0;
  enum jw_code rc = jw_vehicle_find(r->db, type, nplate, &id, stored, err);
  if (rc != JW_OK && rc != JW_E_NOT_FOUND) return rc;
  if (rc == JW_OK && (owner = jw_vehicle_owner(r->db, id, err)) < 0) return err->code;
  if (!engine6 && (rc != JW_OK || owner != r->user->id)) {
    jw_error_clear(err);
    jw_field_fail(err, "engine6",
                  "is required: only a vehicle registered to your own ID number binds without the engine number");
    return JW_E_VALIDATION;
  }
  if (!engine6) memcpy(neng, stored, sizeof neng);
  /* The owner, known by her account's ID number, is not held up by a plate
   * lock that others' wrong guesses set; everyone else passes the guard
   * first (the answer is the same whether the plate exists or not). */
  int answered = 0;
  if ((rc != JW_OK || owner != r->user->id) && jw_plate_guard(r, type, nplate, &answered, err) != JW_OK)
    return answered ? JW_OK : err->code;
  if (rc == JW_E_NOT_FOUND || !jw_engine6_equal(stored, neng)) {
    jw_error_clear(err);
    return jw_plate_guard_wrong(r, type, nplate, err);
  }
  int bound = jw_vehicle_bound(r->db, r->user->id, id, err);
  if (bound < 0) return err->code;
  if (bound) return jw_fail(err, JW_E_CONFLICT, "This vehicle is already bound to your account.");
  if (owner == r->user->id) { /* registered to her own ID number */
    if (jw_vehicle_bind(r->db, r->user->id, id, err) != JW_OK) return err->code;
    jw_conn_release(r->db);
    return reply_vehicle(r, id, 201, err);
  }
  if (owner == 0)
    return jw_fail(err, JW_E_CONFLICT,
                   "This vehicle is not registered to your ID number and its owner has no account here to consent; "
                   "please bind it at a traffic police service window.");
  /* Another person's vehicle: only with the owner's consent, asked now. */
  int64_t consent = 0;
  if (jw_consent_ask(r, id, owner, &consent, err) != JW_OK) return err->code;
  json_t *body = json_pack("{s:I, s:s, s:{s:s, s:s}}", "consent_id", (json_int_t)consent, "status", "pending",
                           "vehicle", "plate_type", type, "plate", nplate);
  if (!body) return jw_fail(err, JW_E_INTERNAL, "The consent request could not be written.");
  jw_reply_json(r, 202, body);
  return JW_OK;
}

static const char SQL_ACTIVE[] =
    "SELECT COUNT(*) FROM inspection_appointments WHERE user_id = ? AND vehicle_id = ? AND status = 'booked'";
static const char SQL_UNBIND[] = "DELETE FROM vehicle_bindings WHERE user_id = ? AND vehicle_id = ?";

struct unbind {
  int64_t user, vehicle;
};

/* The binding goes, and with it an approved consent request (withdrawn). */
static enum jw_code unbind_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct unbind *u = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_UNBIND, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, u->user);
  jw_bind_int(s, 2, u->vehicle);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return jw_consent_unbound(c, u->user, u->vehicle, err);
}

enum jw_code jw_vehicles_api_unbind(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  int bound = jw_vehicle_bound(r->db, r->user->id, id, err);
  if (bound < 0) return err->code;
  if (!bound) return jw_fail(err, JW_E_NOT_FOUND, "This vehicle is not bound to your account.");
  struct jw_stmt *s = jw_prepare(r->db, SQL_ACTIVE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_int(s, 2, id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  if (jw_col_int(s, 0) > 0)
    return jw_fail(err, JW_E_CONFLICT, "Cancel the vehicle's inspection appointment before unbinding it.");
  jw_conn_release(r->db);
  struct unbind u = {r->user->id, id};
  if (jw_tx(r->db, unbind_tx, &u, err) != JW_OK) return err->code;
  jw_reply_empty(r, 204);
  return JW_OK;
}
