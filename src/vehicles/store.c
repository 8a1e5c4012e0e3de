/* store.c — every SQL statement of the vehicles domain (see store.h). */
#include "vehicles/store.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/mem.h"

/* The owner's ID number is registered as its blind index, taken from her account. */
static const char SQL_INSERT[] =
    "INSERT INTO vehicles (plate_type, plate, vin, engine_no, engine6, owner_user_id, owner_name, registered_on,"
    " inspection_due, stolen, created_at, owner_id_bidx)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT u.id_bidx FROM users u WHERE u.id = ?)) RETURNING id";
static const char SQL_FIND[] = "SELECT id, engine6 FROM vehicles WHERE plate = ? AND plate_type = ?";
static const char SQL_BOUND[] = "SELECT 1 FROM vehicle_bindings WHERE user_id = ? AND vehicle_id = ?";
static const char SQL_BIND[] =
    "INSERT INTO vehicle_bindings (user_id, vehicle_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
static const char SQL_UNBIND[] = "DELETE FROM vehicle_bindings WHERE user_id = ? AND vehicle_id = ?";
static const char SQL_ACTIVE[] =
    "SELECT COUNT(*) FROM inspection_appointments WHERE user_id = ? AND vehicle_id = ? AND status = 'booked'";
/* A revoked binder's booked inspection goes too (its slot place comes back). */
static const char SQL_APPT_SLOTS[] =
    "SELECT id, slot_id FROM inspection_appointments WHERE user_id = ? AND vehicle_id = ? AND status = 'booked'";
static const char SQL_APPT_CANCEL[] =
    "UPDATE inspection_appointments SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'booked'";
static const char SQL_SLOT_BACK[] = "UPDATE inspection_slots SET booked = booked - 1 WHERE id = ? AND booked > 0";

/* w.stolen: what the stolen-vehicle registry says (view vehicle_stolen, 0018).
 * Column 10 tells the citizen's own vehicles (registered to her ID number)
 * from those she may use with their owner's consent. */
#define VEHICLE_COLS                                                                                       \
  "v.id, v.plate_type, v.plate, v.vin, v.engine6, v.owner_name, v.inspection_due, w.stolen, b.created_at," \
  " (SELECT COUNT(*) FROM violations x WHERE x.vehicle_id = v.id AND x.status = 'unhandled'),"             \
  " CASE WHEN v.owner_id_bidx IS NOT NULL AND v.owner_id_bidx = (SELECT u.id_bidx FROM users u"            \
  " WHERE u.id = b.user_id) THEN 1 ELSE 0 END"

static const char SQL_LIST[] = "SELECT " VEHICLE_COLS
                               " FROM vehicle_bindings b JOIN vehicles v ON v.id = b.vehicle_id"
                               " JOIN vehicle_stolen w ON w.vehicle_id = v.id"
                               " WHERE b.user_id = ? ORDER BY b.created_at, v.id LIMIT 100";
static const char SQL_ONE[] = "SELECT " VEHICLE_COLS
                              " FROM vehicle_bindings b JOIN vehicles v ON v.id = b.vehicle_id"
                              " JOIN vehicle_stolen w ON w.vehicle_id = v.id"
                              " WHERE b.user_id = ? AND v.id = ?";

/* Both counters in one look-up (the public query is hot: bench/traffic.lua). */
static const char SQL_PEEK[] = "SELECT key, count FROM rate_limits WHERE key IN (?, ?) AND window_start = ?";

static const char SQL_OWNER[] =
    "SELECT u.id FROM vehicles v JOIN users u ON u.id_bidx = v.owner_id_bidx WHERE v.id = ? AND u.kind = 'citizen'";
static const char SQL_OPEN[] =
    "SELECT id, status FROM vehicle_consents WHERE vehicle_id = ? AND requester_id = ?"
    " AND status IN ('pending', 'approved')";
static const char SQL_ASK[] =
    "INSERT INTO vehicle_consents (vehicle_id, requester_id, status, created_at) VALUES (?, ?, 'pending', ?)"
    " RETURNING id";
static const char SQL_PLATE[] = "SELECT plate FROM vehicles WHERE id = ?";

#define CONSENT_SELECT                                                                                 \
  "SELECT c.id, c.status, c.created_at, c.decided_at, v.id, v.plate_type, v.plate, q.name, q.phone,"   \
  " v.owner_name, c.requester_id, o.id FROM vehicle_consents c JOIN vehicles v ON v.id = c.vehicle_id" \
  " JOIN users q ON q.id = c.requester_id LEFT JOIN users o ON o.id_bidx = v.owner_id_bidx AND o.kind = 'citizen'"

static const char *const SQL_CONSENTS[] = {
    [JW_CONSENTS_INCOMING] =
        CONSENT_SELECT " WHERE o.id = ? AND c.status IN ('pending', 'approved') ORDER BY c.id DESC LIMIT 100",
    [JW_CONSENTS_OUTGOING] = CONSENT_SELECT " WHERE c.requester_id = ? ORDER BY c.id DESC LIMIT 100",
    [JW_CONSENTS_ONE] = CONSENT_SELECT " WHERE c.id = ?",
};

static const char SQL_MOVE[] =
    "UPDATE vehicle_consents SET status = ?, decided_at = ?, decided_by = ? WHERE id = ? AND status = ?";
static const char SQL_UNBOUND_BY_REQUESTER[] =
    "UPDATE vehicle_consents SET status = 'withdrawn', decided_at = ?, decided_by = ? WHERE vehicle_id = ?"
    " AND requester_id = ? AND status = 'approved'";

enum jw_code jw_vehicles_store_insert(struct jw_conn *c, const struct jw_new_vehicle *v, const char e6[7], int64_t now,
                                      int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
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
  jw_bind_int(s, 11, now);
  if (v->owner_user_id)
    jw_bind_int(s, 12, v->owner_user_id);
  else
    jw_bind_null(s, 12);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  return JW_OK;
}

enum jw_code jw_vehicles_store_find(struct jw_conn *c, const char *plate_type, const char *plate, int64_t *id,
                                    char engine6[7], struct jw_error *err) {
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

int jw_vehicles_store_bound(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_BOUND, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, vehicle_id);
  enum jw_step st = jw_step(s, err);
  jw_conn_release(c);
  return st == JW_STEP_ERROR ? -1 : st == JW_STEP_ROW;
}

enum jw_code jw_vehicles_store_bind(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, int64_t now,
                                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_BIND, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, vehicle_id);
  jw_bind_int(s, 3, now);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_vehicles_store_unbind(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNBIND, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, vehicle_id);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_vehicles_store_booked(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, int64_t *n,
                                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ACTIVE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, vehicle_id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *n = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_vehicles_store_cancel_appointments(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, int64_t now,
                                                   struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_APPT_SLOTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, vehicle_id);
  int64_t rows[4][2];
  int n = 0;
  enum jw_step st = JW_STEP_DONE;
  while (n < 4 && (st = jw_step(s, err)) == JW_STEP_ROW) {
    rows[n][0] = jw_col_int(s, 0);
    rows[n][1] = jw_col_int(s, 1);
    n++;
  }
  if (n < 4 && st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  for (int i = 0; i < n; i++) {
    if (!(s = jw_prepare(c, SQL_APPT_CANCEL, err))) return err->code;
    jw_bind_int(s, 1, now);
    jw_bind_int(s, 2, rows[i][0]);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
    if (jw_changes(s) != 1) continue;
    if (!(s = jw_prepare(c, SQL_SLOT_BACK, err))) return err->code;
    jw_bind_int(s, 1, rows[i][1]);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  return JW_OK;
}

enum jw_code jw_vehicles_store_list(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_arena *a,
                                    struct jw_bound_vehicle **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, vehicle_id ? SQL_ONE : SQL_LIST, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  if (vehicle_id) jw_bind_int(s, 2, vehicle_id);
  struct jw_bound_vehicle *items = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    items = jw_arena_grow(a, items, len, &cap, sizeof *items);
    struct jw_bound_vehicle *v = &items[len++];
    v->id = jw_col_int(s, 0);
    v->plate_type = jw_arena_strdup(a, jw_col_text(s, 1));
    v->plate = jw_arena_strdup(a, jw_col_text(s, 2));
    v->vin = jw_arena_strdup(a, jw_col_text(s, 3));
    v->engine6 = jw_arena_strdup(a, jw_col_text(s, 4));
    v->owner_name = jw_arena_strdup(a, jw_col_text(s, 5));
    v->inspection_due = jw_arena_strdup(a, jw_col_text(s, 6));
    v->stolen = (int)jw_col_int(s, 7);
    v->bound_at = jw_col_int(s, 8);
    v->unhandled = jw_col_int(s, 9);
    v->own = (int)jw_col_int(s, 10);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = items;
  *n = len;
  return JW_OK;
}

enum jw_code jw_vehicles_store_guard_peek(struct jw_conn *c, const char *const keys[2], int64_t start, int64_t n[2],
                                          struct jw_error *err) {
  n[0] = n[1] = 0;
  struct jw_stmt *s = jw_prepare(c, SQL_PEEK, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, keys[0]);
  jw_bind_text(s, 2, keys[1]);
  jw_bind_int(s, 3, start);
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW)
    for (int i = 0; i < 2; i++)
      if (strcmp(jw_col_text(s, 0), keys[i]) == 0) n[i] = jw_col_int(s, 1);
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  return JW_OK;
}

int64_t jw_vehicles_store_owner(struct jw_conn *c, int64_t vehicle_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OWNER, err);
  if (!s) return -1;
  jw_bind_int(s, 1, vehicle_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int64_t id = st == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  jw_conn_release(c);
  return id;
}

int jw_vehicles_store_consent_open(struct jw_conn *c, int64_t vehicle_id, int64_t requester_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OPEN, err);
  if (!s) return -1;
  jw_bind_int(s, 1, vehicle_id);
  jw_bind_int(s, 2, requester_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

enum jw_code jw_vehicles_store_consent_insert(struct jw_conn *c, int64_t vehicle_id, int64_t requester_id, int64_t now,
                                              int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ASK, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, vehicle_id);
  jw_bind_int(s, 2, requester_id);
  jw_bind_int(s, 3, now);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_vehicles_store_plate(struct jw_conn *c, int64_t vehicle_id, struct jw_arena *a, const char **plate,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PLATE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, vehicle_id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *plate = jw_arena_strdup(a, jw_col_text(s, 0));
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_vehicles_store_consents(struct jw_conn *c, enum jw_consent_list which, int64_t key, struct jw_arena *a,
                                        struct jw_consent **out, size_t *n, struct jw_error *err) {
  assert(which >= JW_CONSENTS_INCOMING && which <= JW_CONSENTS_ONE);
  struct jw_stmt *s = jw_prepare(c, SQL_CONSENTS[which], err);
  if (!s) return err->code;
  jw_bind_int(s, 1, key);
  struct jw_consent *items = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    items = jw_arena_grow(a, items, len, &cap, sizeof *items);
    struct jw_consent *k = &items[len++];
    k->id = jw_col_int(s, 0);
    k->status = jw_arena_strdup(a, jw_col_text(s, 1));
    k->created_at = jw_col_int(s, 2);
    k->decided_at = jw_col_is_null(s, 3) ? 0 : jw_col_int(s, 3);
    k->vehicle_id = jw_col_int(s, 4);
    k->plate_type = jw_arena_strdup(a, jw_col_text(s, 5));
    k->plate = jw_arena_strdup(a, jw_col_text(s, 6));
    k->requester_name = jw_arena_strdup(a, jw_col_text(s, 7));
    k->requester_phone = jw_arena_strdup(a, jw_col_is_null(s, 8) ? "" : jw_col_text(s, 8));
    k->owner_name = jw_arena_strdup(a, jw_col_text(s, 9));
    k->requester_id = jw_col_int(s, 10);
    k->owner_id = jw_col_is_null(s, 11) ? 0 : jw_col_int(s, 11);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = items;
  *n = len;
  return JW_OK;
}

enum jw_code jw_vehicles_store_consent_move(struct jw_conn *c, int64_t id, const char *from, const char *to,
                                            int64_t now, int64_t decided_by, int *moved, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MOVE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, to);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, decided_by);
  jw_bind_int(s, 4, id);
  jw_bind_text(s, 5, from);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *moved = jw_changes(s) == 1;
  return JW_OK;
}

enum jw_code jw_vehicles_store_consent_unbound(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, int64_t now,
                                               struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNBOUND_BY_REQUESTER, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, user_id);
  jw_bind_int(s, 3, vehicle_id);
  jw_bind_int(s, 4, user_id);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}
