/* vehicles.c — the vehicles table and citizens' bindings as operations on a
 * connection (the guard against guessing engine numbers is guard.c, the
 * consent of another vehicle's owner consent.c, the SQL store.c). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vehicles/store.h"

enum jw_code jw_vehicle_insert(struct jw_conn *c, const struct jw_new_vehicle *v, int64_t *id, struct jw_error *err) {
  size_t n = strlen(v->engine_no);
  char e6[7];
  snprintf(e6, sizeof e6, "%s", n >= 6 ? v->engine_no + n - 6 : v->engine_no);
  return jw_vehicles_store_insert(c, v, e6, (int64_t)time(NULL), id, err);
}

enum jw_code jw_vehicle_find(struct jw_conn *c, const char *plate_type, const char *plate, int64_t *id, char engine6[7],
                             struct jw_error *err) {
  return jw_vehicles_store_find(c, plate_type, plate, id, engine6, err);
}

int jw_vehicle_bound(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err) {
  return jw_vehicles_store_bound(c, user_id, vehicle_id, err);
}

enum jw_code jw_vehicle_bind(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err) {
  return jw_vehicles_store_bind(c, user_id, vehicle_id, (int64_t)time(NULL), err);
}

enum jw_code jw_vehicles_of_user(struct jw_conn *c, int64_t user_id, struct jw_arena *a, struct jw_bound_vehicle **out,
                                 size_t *n, struct jw_error *err) {
  return jw_vehicles_store_list(c, user_id, 0, a, out, n, err);
}

enum jw_code jw_vehicle_of_user(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_arena *a,
                                struct jw_bound_vehicle *out, struct jw_error *err) {
  struct jw_bound_vehicle *v = NULL;
  size_t n = 0;
  if (jw_vehicles_store_list(c, user_id, vehicle_id, a, &v, &n, err) != JW_OK) return err->code;
  if (n == 0) return jw_fail(err, JW_E_NOT_FOUND, "This vehicle is not bound to your account.");
  *out = v[0];
  return JW_OK;
}

struct unbind {
  int64_t user, vehicle;
};

/* The binding goes, and with it an approved consent request (withdrawn). */
static enum jw_code unbind_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct unbind *u = arg;
  if (jw_vehicles_store_unbind(c, u->user, u->vehicle, err) != JW_OK) return err->code;
  return jw_consent_unbound(c, u->user, u->vehicle, err);
}

enum jw_code jw_vehicle_unbind(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err) {
  int bound = jw_vehicles_store_bound(c, user_id, vehicle_id, err);
  if (bound < 0) return err->code;
  if (!bound) return jw_fail(err, JW_E_NOT_FOUND, "This vehicle is not bound to your account.");
  int64_t booked = 0;
  if (jw_vehicles_store_booked(c, user_id, vehicle_id, &booked, err) != JW_OK) return err->code;
  if (booked > 0)
    return jw_fail(err, JW_E_CONFLICT, "Cancel the vehicle's inspection appointment before unbinding it.");
  struct unbind u = {user_id, vehicle_id};
  return jw_tx(c, unbind_tx, &u, err);
}

void jw_plate_input(const char *type, const char *plate, const char *engine6, char nplate[JW_PLATE_MAX], char neng[7],
                    struct jw_error *err) {
  const char *why;
  if (!type || !jw_plate_type_name(type))
    jw_field_fail(err, "plate_type", "is not a plate type code (02 小型汽车 …)");
  else if ((why = jw_check_plate(type, plate, nplate)))
    jw_field_fail(err, "plate", "%s", why);
  if ((why = jw_check_engine6(engine6, neng))) jw_field_fail(err, "engine6", "%s", why);
}

/* Constant-time: the time taken says nothing about how many characters matched. */
int jw_engine6_equal(const char a[7], const char b[7]) { return sodium_memcmp(a, b, 6) == 0; }
