/*
 * consent.c — whose vehicle is whose (as in 交管12123): a citizen's own
 * vehicles are those registered to her ID number (vehicles.owner_id_bidx,
 * the blind index users.id_bidx also holds); another person's vehicle is
 * bound only when its owner approves a request in her account, and she may
 * revoke that later. The owner is told of every request, and of every
 * handling of her vehicle's violations by someone else (traffic.c).
 *
 * A request moves by the transition table below, each move one conditional
 * UPDATE with its row count checked, in the transaction that also adds or
 * removes the binding. The handlers are consent_api.c.
 */
#include <assert.h>
#include <string.h>
#include <time.h>

#include "notify/notify.h"
#include "vehicles/store.h"

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

int64_t jw_vehicle_owner(struct jw_conn *c, int64_t vehicle_id, struct jw_error *err) {
  return jw_vehicles_store_owner(c, vehicle_id, err);
}

/* ---- asking ---- */

struct ask {
  const struct jw_user *user;
  struct jw_arena *a;
  int64_t vehicle, owner, id;
};

static enum jw_code ask_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct ask *a = arg;
  int open = jw_vehicles_store_consent_open(c, a->vehicle, a->user->id, err);
  if (open < 0) return err->code;
  if (open)
    return jw_fail(err, JW_E_CONFLICT, "You have already asked the owner of this vehicle; wait for the answer.");
  if (jw_vehicles_store_consent_insert(c, a->vehicle, a->user->id, (int64_t)time(NULL), &a->id, err) != JW_OK) {
    if (err->code == JW_E_CONFLICT)
      jw_fail(err, JW_E_CONFLICT, "You have already asked the owner of this vehicle; wait for the answer.");
    return err->code;
  }
  const char *plate = NULL;
  if (jw_vehicles_store_plate(c, a->vehicle, a->a, &plate, err) != JW_OK) return err->code;
  return jw_notify(c, a->owner, "vehicle.consent_request", "有人申请绑定您的车辆",
                   jw_arena_printf(a->a,
                                   "%s申请绑定您名下的车辆%s（绑定后可查询、处理该车违法，记分记入其本人驾驶证）。"
                                   "请在“我的车辆”中同意或拒绝。",
                                   jw_mask_name(a->a, a->user->name ? a->user->name : ""), plate),
                   "/traffic/vehicles", 0, err);
}

enum jw_code jw_consent_ask(struct jw_conn *c, const struct jw_user *user, int64_t vehicle_id, int64_t owner_id,
                            struct jw_arena *a, int64_t *consent_id, struct jw_error *err) {
  struct ask k = {user, a, vehicle_id, owner_id, 0};
  enum jw_code rc = jw_tx(c, ask_tx, &k, err);
  *consent_id = k.id;
  return rc;
}

enum jw_code jw_consents_of_user(struct jw_conn *c, int64_t user_id, int incoming, struct jw_arena *a,
                                 struct jw_consent **out, size_t *n, struct jw_error *err) {
  return jw_vehicles_store_consents(c, incoming ? JW_CONSENTS_INCOMING : JW_CONSENTS_OUTGOING, user_id, a, out, n, err);
}

/* ---- deciding ---- */

/* Who may move a request from where to where, and what happens to the binding. */
static const struct transition {
  const char *name;
  const char *from, *to;
  int by_owner;       /* 1: the vehicle's owner; 0: the requester */
  int binding;        /* +1 add the requester's binding, -1 remove it, 0 leave it */
  const char *notify; /* the title the other side receives, or NULL */
} transitions[JW_CONSENT__MAX] = {
    [JW_CONSENT_APPROVE] = {"approve", "pending", "approved", 1, +1, "车主已同意您绑定车辆"},
    [JW_CONSENT_DECLINE] = {"decline", "pending", "declined", 1, 0, "车主未同意您绑定车辆"},
    [JW_CONSENT_REVOKE] = {"revoke", "approved", "revoked", 1, -1, "车主已撤销您对车辆的绑定"},
    [JW_CONSENT_WITHDRAW] = {"withdraw", "pending", "withdrawn", 0, 0, NULL},
};

int jw_consent_by_owner(enum jw_consent_action act) {
  assert(act >= 0 && act < JW_CONSENT__MAX);
  return transitions[act].by_owner;
}

struct decide {
  const struct jw_user *user;
  struct jw_arena *a;
  const struct transition *t;
  int64_t id, vehicle, requester;
  const char *plate;
};

static enum jw_code decide_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct decide *d = arg;
  int64_t now = (int64_t)time(NULL);
  int moved = 0;
  if (jw_vehicles_store_consent_move(c, d->id, d->t->from, d->t->to, now, d->user->id, &moved, err) != JW_OK)
    return err->code;
  if (!moved) return jw_fail(err, JW_E_CONFLICT, "This request is no longer %s; reload it.", d->t->from);
  if (d->t->binding > 0 && jw_vehicles_store_bind(c, d->requester, d->vehicle, now, err) != JW_OK) return err->code;
  if (d->t->binding < 0) {
    if (jw_vehicles_store_unbind(c, d->requester, d->vehicle, err) != JW_OK) return err->code;
    if (jw_vehicles_store_cancel_appointments(c, d->requester, d->vehicle, now, err) != JW_OK) return err->code;
  }
  if (!d->t->notify) return JW_OK;
  return jw_notify(c, d->requester, "vehicle.consent", d->t->notify,
                   jw_arena_printf(d->a, "车辆%s：%s。", d->plate, d->t->notify), "/traffic/vehicles", 0, err);
}

/* The request consent_id into *out; JW_E_NOT_FOUND when there is none. */
static enum jw_code consent_one(struct jw_conn *c, int64_t consent_id, struct jw_arena *a, struct jw_consent *out,
                                struct jw_error *err) {
  struct jw_consent *k = NULL;
  size_t n = 0;
  if (jw_vehicles_store_consents(c, JW_CONSENTS_ONE, consent_id, a, &k, &n, err) != JW_OK) return err->code;
  if (n == 0) return jw_fail(err, JW_E_NOT_FOUND, "There is no such vehicle consent request of yours.");
  *out = k[0];
  return JW_OK;
}

enum jw_code jw_consent_decide(struct jw_conn *c, const struct jw_user *user, int64_t consent_id,
                               enum jw_consent_action act, struct jw_arena *a, struct jw_consent *out,
                               struct jw_error *err) {
  assert(act >= 0 && act < JW_CONSENT__MAX);
  struct decide d = {user, a, &transitions[act], consent_id, 0, 0, NULL};
  struct jw_consent k;
  enum jw_code rc = consent_id ? consent_one(c, consent_id, a, &k, err) : JW_E_NOT_FOUND;
  if (rc != JW_OK && rc != JW_E_NOT_FOUND) return rc;
  int64_t who = rc == JW_OK ? (d.t->by_owner ? k.owner_id : k.requester_id) : 0;
  if (rc != JW_OK || who != user->id) {
    jw_error_clear(err);
    return jw_fail(err, JW_E_NOT_FOUND, "There is no such vehicle consent request of yours.");
  }
  d.vehicle = k.vehicle_id;
  d.plate = k.plate;
  d.requester = k.requester_id;
  if ((rc = jw_tx(c, decide_tx, &d, err)) != JW_OK) return rc;
  return consent_one(c, consent_id, a, out, err);
}

enum jw_code jw_consent_unbound(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err) {
  return jw_vehicles_store_consent_unbound(c, user_id, vehicle_id, (int64_t)time(NULL), err);
}
