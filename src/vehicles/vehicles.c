/* vehicles.c — the vehicles table and citizens' bindings (the guard against
 * guessing engine numbers is guard.c). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "vehicles/vehicles.h"

/* The owner's ID number is registered as its blind index, taken from her account. */
static const char SQL_INSERT[] =
    "INSERT INTO vehicles (plate_type, plate, vin, engine_no, engine6, owner_user_id, owner_name, registered_on,"
    " inspection_due, stolen, created_at, owner_id_bidx)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT u.id_bidx FROM users u WHERE u.id = ?)) RETURNING id";

enum jw_code jw_vehicle_insert(struct jw_conn *c, const struct jw_new_vehicle *v, int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  size_t n = strlen(v->engine_no);
  char e6[7];
  snprintf(e6, sizeof e6, "%s", n >= 6 ? v->engine_no + n - 6 : v->engine_no);
  jw_bind_text(s, 1, v->plate_type);
  jw_bind_text(s, 2, v->plate);
  jw_bind_text(s, 3, v->vin ? v->vin : "");
  jw_bind_text(s, 4, v->engine_no);
  jw_bind_text(s, 5, e6);
  if (v->owner_user_id)
    jw_bind_int(s, 6, v->owner_user_id);
  else
    jw_bind_null(s, 6);
  jw_bind_text(s, 7, v->owner_name ? v->owner_name : "");
  jw_bind_text(s, 8, v->registered_on ? v->registered_on : "");
  jw_bind_text(s, 9, v->inspection_due);
  jw_bind_int(s, 10, v->stolen ? 1 : 0);
  jw_bind_int(s, 11, (int64_t)time(NULL));
  if (v->owner_user_id)
    jw_bind_int(s, 12, v->owner_user_id);
  else
    jw_bind_null(s, 12);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  return JW_OK;
}

static const char SQL_FIND[] = "SELECT id, engine6 FROM vehicles WHERE plate = ? AND plate_type = ?";

enum jw_code jw_vehicle_find(struct jw_conn *c, const char *plate_type, const char *plate, int64_t *id, char engine6[7],
                             struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FIND, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, plate);
  jw_bind_text(s, 2, plate_type);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "No vehicle matches this plate and engine number.");
  *id = jw_col_int(s, 0);
  snprintf(engine6, 7, "%s", jw_col_text(s, 1));
  jw_conn_release(c);
  return JW_OK;
}

static const char SQL_BOUND[] = "SELECT 1 FROM vehicle_bindings WHERE user_id = ? AND vehicle_id = ?";

int jw_vehicle_bound(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_BOUND, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, vehicle_id);
  enum jw_step st = jw_step(s, err);
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? -1 : st == JW_STEP_ROW;
}

static const char SQL_BIND[] =
    "INSERT INTO vehicle_bindings (user_id, vehicle_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";

enum jw_code jw_vehicle_bind(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_BIND, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, vehicle_id);
  jw_bind_int(s, 3, (int64_t)time(NULL));
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
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
