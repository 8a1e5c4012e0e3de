/*
 * consent.c — whose vehicle is whose (as in 交管12123): a citizen's own
 * vehicles are those registered to her ID number (vehicles.owner_id_bidx,
 * the blind index users.id_bidx also holds); another person's vehicle is
 * bound only when its owner approves a request in her account, and she may
 * revoke that later. The owner is told of every request, and of every
 * handling of her vehicle's violations by someone else (violations_api.c).
 *
 * A request moves by the transition table below, each move one conditional
 * UPDATE with its row count checked, in the transaction that also adds or
 * removes the binding.
 */
#include <string.h>
#include <time.h>

#include "core/validate.h"
#include "notify/notify.h"
#include "vehicles/vehicles.h"

char *jw_mask_name(struct jw_arena *a, const char *name) {
  size_t n = strlen(name), first = 1;
  if (n == 0) return jw_arena_strdup(a, "");
  while (first < n && ((unsigned char)name[first] & 0xC0) == 0x80) first++; /* one whole UTF-8 character */
  size_t rest = 0;
  for (size_t i = first; i < n; i++) rest += ((unsigned char)name[i] & 0xC0) != 0x80;
  if (rest == 0) rest = 1;
  char *out = jw_arena_alloc(a, first + rest + 1);
  memcpy(out, name, first);
  memset(out + first, '*', rest);
  out[first + rest] = '\0';
  return out;
}

static const char SQL_OWNER[] =
    "SELECT u.id FROM vehicles v JOIN users u ON u.id_bidx = v.owner_id_bidx WHERE v.id = ? AND u.kind = 'citizen'";

int64_t jw_vehicle_owner(struct jw_conn *c, int64_t vehicle_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OWNER, err);
  if (!s) return -1;
  jw_bind_int(s, 1, vehicle_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int64_t id = st == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  jw_conn_release(c);
  return id;
}

/* ---- asking ---- */

static const char SQL_OPEN[] =
    "SELECT id, status FROM vehicle_consents WHERE vehicle_id = ? AND requester_id = ?"
    " AND status IN ('pending', 'approved')";
static const char SQL_ASK[] =
    "INSERT INTO vehicle_consents (vehicle_id, requester_id, status, created_at) VALUES (?, ?, 'pending', ?)"
    " RETURNING id";
static const char SQL_PLATE[] = "SELECT plate FROM vehicles WHERE id = ?";

struct ask {
  struct jw_req *r;
  int64_t vehicle, owner, id;
};

static enum jw_code ask_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct ask *a = arg;
  struct jw_req *r = a->r;
  struct jw_stmt *s = jw_prepare(c, SQL_OPEN, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, a->vehicle);
  jw_bind_int(s, 2, r->user->id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_ROW)
    return jw_fail(err, JW_E_CONFLICT, "You have already asked the owner of this vehicle; wait for the answer.");
  if (!(s = jw_prepare(c, SQL_ASK, err))) return err->code;
  jw_bind_int(s, 1, a->vehicle);
  jw_bind_int(s, 2, r->user->id);
  jw_bind_int(s, 3, (int64_t)time(NULL));
  if (jw_step(s, err) != JW_STEP_ROW) {
    if (err->code == JW_E_CONFLICT)
      jw_fail(err, JW_E_CONFLICT, "You have already asked the owner of this vehicle; wait for the answer.");
    return err->code ? err->code : JW_E_DB;
  }
  a->id = jw_col_int(s, 0);
  jw_conn_release(c);
  if (!(s = jw_prepare(c, SQL_PLATE, err))) return err->code;
  jw_bind_int(s, 1, a->vehicle);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  const char *plate = jw_arena_strdup(r->arena, jw_col_text(s, 0));
  jw_conn_release(c);
  return jw_notify(c, a->owner, "vehicle.consent_request", "有人申请绑定您的车辆",
                   jw_arena_printf(r->arena,
                                   "%s申请绑定您名下的车辆%s（绑定后可查询、处理该车违法，记分记入其本人驾驶证）。"
                                   "请在“我的车辆”中同意或拒绝。",
                                   jw_mask_name(r->arena, r->user->name ? r->user->name : ""), plate),
                   "/traffic/vehicles", 0, err);
}

enum jw_code jw_consent_ask(struct jw_req *r, int64_t vehicle_id, int64_t owner_id, int64_t *consent_id,
                            struct jw_error *err) {
  struct ask a = {r, vehicle_id, owner_id, 0};
  enum jw_code rc = jw_tx(r->db, ask_tx, &a, err);
  *consent_id = a.id;
  return rc;
}

/* ---- one request as JSON ---- */

#define CONSENT_SELECT                                                                                 \
  "SELECT c.id, c.status, c.created_at, c.decided_at, v.id, v.plate_type, v.plate, q.name, q.phone,"   \
  " v.owner_name, c.requester_id, o.id FROM vehicle_consents c JOIN vehicles v ON v.id = c.vehicle_id" \
  " JOIN users q ON q.id = c.requester_id LEFT JOIN users o ON o.id_bidx = v.owner_id_bidx AND o.kind = 'citizen'"

static const char SQL_INCOMING[] =
    CONSENT_SELECT " WHERE o.id = ? AND c.status IN ('pending', 'approved') ORDER BY c.id DESC LIMIT 100";
static const char SQL_OUTGOING[] = CONSENT_SELECT " WHERE c.requester_id = ? ORDER BY c.id DESC LIMIT 100";
static const char SQL_CONSENT_ONE[] = CONSENT_SELECT " WHERE c.id = ?";

/* The row of a CONSENT_SELECT statement as seen by the owner (incoming: who
 * asks, masked) or by the requester (the owner's name, masked). */
static json_t *consent_json(struct jw_req *r, struct jw_stmt *s, int incoming) {
  json_t *o = json_pack("{s:I, s:s, s:o, s:o, s:{s:I, s:s, s:s}}", "id", (json_int_t)jw_col_int(s, 0), "status",
                        jw_col_text(s, 1), "created_at", jw_time_json(r, jw_col_int(s, 2)), "decided_at",
                        jw_time_json(r, jw_col_is_null(s, 3) ? 0 : jw_col_int(s, 3)), "vehicle", "id",
                        (json_int_t)jw_col_int(s, 4), "plate_type", jw_col_text(s, 5), "plate", jw_col_text(s, 6));
  if (!o) return NULL;
  if (incoming) {
    const char *phone = jw_col_is_null(s, 8) ? "" : jw_col_text(s, 8);
    json_object_set_new(o, "requester",
                        json_pack("{s:s, s:s}", "name_masked", jw_mask_name(r->arena, jw_col_text(s, 7)),
                                  "phone_masked", phone[0] ? jw_mask_phone(r->arena, phone) : ""));
  } else {
    json_object_set_new(o, "owner_name_masked", json_string(jw_mask_name(r->arena, jw_col_text(s, 9))));
  }
  return o;
}

static enum jw_code list_into(struct jw_req *r, const char *sql, int incoming, json_t *items, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, sql, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    json_t *o = consent_json(r, s, incoming);
    if (!o) return jw_fail(err, JW_E_INTERNAL, "A consent request could not be written.");
    json_array_append_new(items, o);
  }
  return st == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_consents_api_list(struct jw_req *r, struct jw_error *err) {
  json_t *in = json_array(), *out = json_array();
  if (list_into(r, SQL_INCOMING, 1, in, err) != JW_OK || list_into(r, SQL_OUTGOING, 0, out, err) != JW_OK) {
    json_decref(in);
    json_decref(out);
    return err->code;
  }
  json_t *body = json_pack("{s:o, s:o}", "incoming", in, "outgoing", out);
  if (!body) return jw_fail(err, JW_E_INTERNAL, "The consent requests could not be written.");
  jw_reply_json(r, 200, body);
  return JW_OK;
}

/* ---- deciding ---- */

enum consent_action { ACT_APPROVE, ACT_DECLINE, ACT_REVOKE, ACT_WITHDRAW, ACT__MAX };

/* Who may move a request from where to where, and what happens to the binding. */
static const struct transition {
  const char *name;
  const char *from, *to;
  int by_owner;       /* 1: the vehicle's owner; 0: the requester */
  int binding;        /* +1 add the requester's binding, -1 remove it, 0 leave it */
  const char *notify; /* the title the other side receives, or NULL */
} transitions[ACT__MAX] = {
    [ACT_APPROVE] = {"approve", "pending", "approved", 1, +1, "车主已同意您绑定车辆"},
    [ACT_DECLINE] = {"decline", "pending", "declined", 1, 0, "车主未同意您绑定车辆"},
    [ACT_REVOKE] = {"revoke", "approved", "revoked", 1, -1, "车主已撤销您对车辆的绑定"},
    [ACT_WITHDRAW] = {"withdraw", "pending", "withdrawn", 0, 0, NULL},
};

static const char SQL_MOVE[] =
    "UPDATE vehicle_consents SET status = ?, decided_at = ?, decided_by = ? WHERE id = ? AND status = ?";
static const char SQL_BIND[] =
    "INSERT INTO vehicle_bindings (user_id, vehicle_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
static const char SQL_UNBIND[] = "DELETE FROM vehicle_bindings WHERE user_id = ? AND vehicle_id = ?";
/* A revoked binder's booked inspection goes too (its slot place comes back). */
static const char SQL_APPT_SLOTS[] =
    "SELECT id, slot_id FROM inspection_appointments WHERE user_id = ? AND vehicle_id = ? AND status = 'booked'";
static const char SQL_APPT_CANCEL[] =
    "UPDATE inspection_appointments SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'booked'";
static const char SQL_SLOT_BACK[] = "UPDATE inspection_slots SET booked = booked - 1 WHERE id = ? AND booked > 0";

struct decide {
  struct jw_req *r;
  const struct transition *t;
  int64_t id, vehicle, requester;
  const char *plate;
};

static enum jw_code cancel_appointments(struct jw_conn *c, int64_t user, int64_t vehicle, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_APPT_SLOTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user);
  jw_bind_int(s, 2, vehicle);
  int64_t rows[4][2];
  int n = 0;
  enum jw_step st;
  while (n < 4 && (st = jw_step(s, err)) == JW_STEP_ROW) {
    rows[n][0] = jw_col_int(s, 0);
    rows[n][1] = jw_col_int(s, 1);
    n++;
  }
  if (n < 4 && st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  for (int i = 0; i < n; i++) {
    if (!(s = jw_prepare(c, SQL_APPT_CANCEL, err))) return err->code;
    jw_bind_int(s, 1, (int64_t)time(NULL));
    jw_bind_int(s, 2, rows[i][0]);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
    if (jw_changes(s) != 1) continue;
    if (!(s = jw_prepare(c, SQL_SLOT_BACK, err))) return err->code;
    jw_bind_int(s, 1, rows[i][1]);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  return JW_OK;
}

static enum jw_code decide_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct decide *d = arg;
  struct jw_req *r = d->r;
  int64_t now = (int64_t)time(NULL);
  struct jw_stmt *s = jw_prepare(c, SQL_MOVE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, d->t->to);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, r->user->id);
  jw_bind_int(s, 4, d->id);
  jw_bind_text(s, 5, d->t->from);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_CONFLICT, "This request is no longer %s; reload it.", d->t->from);
  if (d->t->binding) {
    if (!(s = jw_prepare(c, d->t->binding > 0 ? SQL_BIND : SQL_UNBIND, err))) return err->code;
    jw_bind_int(s, 1, d->requester);
    jw_bind_int(s, 2, d->vehicle);
    if (d->t->binding > 0) jw_bind_int(s, 3, now);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
    if (d->t->binding < 0 && cancel_appointments(c, d->requester, d->vehicle, err) != JW_OK) return err->code;
  }
  if (!d->t->notify) return JW_OK;
  return jw_notify(c, d->requester, "vehicle.consent", d->t->notify,
                   jw_arena_printf(r->arena, "车辆%s：%s。", d->plate, d->t->notify), "/traffic/vehicles", 0, err);
}

static enum jw_code decide(struct jw_req *r, enum consent_action act, struct jw_error *err) {
  struct decide d = {r, &transitions[act], jw_param_id(r, 0), 0, 0, NULL};
  if (r->body && !(json_is_object(r->body) && json_object_size(r->body) == 0))
    return jw_fail(err, JW_E_BAD_REQUEST, "This action takes no body.");
  struct jw_stmt *s = jw_prepare(r->db, SQL_CONSENT_ONE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, d.id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  int64_t who =
      st == JW_STEP_ROW ? (d.t->by_owner ? (jw_col_is_null(s, 11) ? 0 : jw_col_int(s, 11)) : jw_col_int(s, 10)) : 0;
  if (!d.id || who != r->user->id)
    return jw_fail(err, JW_E_NOT_FOUND, "There is no such vehicle consent request of yours.");
  d.vehicle = jw_col_int(s, 4);
  d.plate = jw_arena_strdup(r->arena, jw_col_text(s, 6));
  d.requester = jw_col_int(s, 10);
  jw_conn_release(r->db);
  enum jw_code rc = jw_tx(r->db, decide_tx, &d, err);
  if (rc != JW_OK) return rc;
  if (!(s = jw_prepare(r->db, SQL_CONSENT_ONE, err))) return err->code;
  jw_bind_int(s, 1, d.id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  json_t *o = consent_json(r, s, d.t->by_owner);
  if (!o) return jw_fail(err, JW_E_INTERNAL, "A consent request could not be written.");
  jw_reply_json(r, 200, o);
  return JW_OK;
}

enum jw_code jw_consents_api_approve(struct jw_req *r, struct jw_error *err) { return decide(r, ACT_APPROVE, err); }
enum jw_code jw_consents_api_decline(struct jw_req *r, struct jw_error *err) { return decide(r, ACT_DECLINE, err); }
enum jw_code jw_consents_api_revoke(struct jw_req *r, struct jw_error *err) { return decide(r, ACT_REVOKE, err); }
enum jw_code jw_consents_api_withdraw(struct jw_req *r, struct jw_error *err) { return decide(r, ACT_WITHDRAW, err); }

static const char SQL_UNBOUND_BY_REQUESTER[] =
    "UPDATE vehicle_consents SET status = 'withdrawn', decided_at = ?, decided_by = ? WHERE vehicle_id = ?"
    " AND requester_id = ? AND status = 'approved'";

enum jw_code jw_consent_unbound(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNBOUND_BY_REQUESTER, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, (int64_t)time(NULL));
  jw_bind_int(s, 2, user_id);
  jw_bind_int(s, 3, vehicle_id);
  jw_bind_int(s, 4, user_id);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}
