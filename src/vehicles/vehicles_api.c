/* vehicles_api.c — plate types, the plate guard's challenge, and a
 * citizen's vehicles: list, bind (plate + type + engine six: at once when it
 * is registered to her ID number, where the six may be left out, else a
 * request its owner decides, see consent.c), unbind. */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "auth/api.h"
#include "calendar/calendar.h"
#include "core/jspec.h"
#include "vehicles/api.h"

/* Writes the 429 problem that carries a fresh challenge (the dispatcher's
 * problem writer knows no extra members, so it is written here, in the same
 * shape and language). */
static void reply_challenge(struct jw_req *r, const struct jw_plate_verdict *v, const char *why, struct jw_error *err) {
  err->retry_after = v->retry_after;
  if (v->for_plate)
    jw_fail(err, JW_E_RATE_LIMITED,
            "Many wrong engine numbers were tried for this plate: solve the attached challenge to go on (your browser "
            "does it by itself).");
  else
    jw_fail(err, JW_E_RATE_LIMITED,
            "Too many wrong plate or engine numbers from your address: solve the attached challenge to go on, or try "
            "again in %d minutes.",
            (v->retry_after + 59) / 60);
  jw_pow_reply(r, err, v->window_end, why);
}

enum jw_code jw_plate_guard(struct jw_req *r, const char *type, const char *plate, int *answered,
                            struct jw_error *err) {
  *answered = 0;
  struct jw_plate_verdict v;
  if (jw_plate_guard_check(r->db, type, plate, r->ip, (int64_t)time(NULL), &v, err) != JW_OK) return err->code;
  if (!v.need_pow) return JW_OK;
  const char *pow = jw_header(r, "X-PoW"), *why = NULL;
  if (pow) {
    int ok = jw_pow_accept(r, pow, JW_POW_BITS, &why, err);
    if (ok < 0) return err->code;
    if (ok) return JW_OK;
  }
  reply_challenge(r, &v, why, err);
  *answered = 1;
  return JW_E_RATE_LIMITED;
}

enum jw_code jw_vehicles_api_plate_types(struct jw_req *r, struct jw_error *err) {
  (void)err;
  json_t *items = json_array();
  for (int i = 0; jw_plate_types[i].code; i++)
    json_array_append_new(items,
                          json_pack("{s:s, s:s}", "code", jw_plate_types[i].code, "name", jw_plate_types[i].name));
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}

static json_t *vehicle_json(struct jw_req *r, const struct jw_bound_vehicle *v, const char *today) {
  size_t n = strlen(v->vin);
  const char *masked = n == 17 ? jw_arena_printf(r->arena, "%.3s**********%s", v->vin, v->vin + 13) : "";
  /* The owner's name is shown whole to the owner only. */
  const char *owner = v->own ? v->owner_name : jw_mask_name(r->arena, v->owner_name);
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:o, s:s}", "id", (json_int_t)v->id,
                   "plate_type", v->plate_type, "plate_type_name", jw_plate_type_name(v->plate_type), "plate", v->plate,
                   "vin_masked", masked, "engine6", v->engine6, "owner_name", owner, "inspection_due",
                   v->inspection_due, "inspection_state", jw_inspection_state(v->inspection_due, today),
                   "unhandled_count", (json_int_t)v->unhandled, "stolen", v->stolen, "bound_at",
                   jw_time_json(r, v->bound_at), "relation", v->own ? "own" : "consented");
}

static const char *today_str(struct jw_req *r) {
  char *d = jw_arena_alloc(r->arena, 11);
  jw_date_format(jw_date_of_time((long long)time(NULL), r->app->cfg.tz_offset_min), d);
  return d;
}

enum jw_code jw_vehicles_api_list(struct jw_req *r, struct jw_error *err) {
  struct jw_bound_vehicle *v = NULL;
  size_t n = 0;
  if (jw_vehicles_of_user(r->db, r->user->id, r->arena, &v, &n, err) != JW_OK) return err->code;
  const char *today = today_str(r);
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *o = vehicle_json(r, &v[i], today);
    if (o) json_array_append_new(items, o);
  }
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}

static enum jw_code reply_vehicle(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_bound_vehicle v;
  if (jw_vehicle_of_user(r->db, r->user->id, id, r->arena, &v, err) != JW_OK) return err->code;
  jw_reply_json(r, status, vehicle_json(r, &v, today_str(r)));
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
    return jw_plate_guard_wrong(r->db, type, nplate, r->ip, err);
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
  if (jw_consent_ask(r->db, r->user, id, owner, r->arena, &consent, err) != JW_OK) return err->code;
  json_t *body = json_pack("{s:I, s:s, s:{s:s, s:s}}", "consent_id", (json_int_t)consent, "status", "pending",
                           "vehicle", "plate_type", type, "plate", nplate);
  if (!body) return jw_fail(err, JW_E_INTERNAL, "The consent request could not be written.");
  jw_reply_json(r, 202, body);
  return JW_OK;
}

enum jw_code jw_vehicles_api_unbind(struct jw_req *r, struct jw_error *err) {
  if (jw_vehicle_unbind(r->db, r->user->id, jw_param_id(r, 0), err) != JW_OK) return err->code;
  jw_reply_empty(r, 204);
  return JW_OK;
}
