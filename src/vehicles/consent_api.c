/* consent_api.c — the handlers of binding requests: the signed-in
 * citizen's incoming and outgoing requests, and the owner's or requester's
 * moves (the rules are consent.c). */
#include <jansson.h>

#include "core/validate.h"
#include "vehicles/api.h"

/* A request as seen by the owner (incoming: who asks, masked) or by the
 * requester (the owner's name, masked). New reference, NULL on failure. */
static json_t *consent_json(struct jw_req *r, const struct jw_consent *k, int incoming) {
  json_t *o = json_pack("{s:I, s:s, s:o, s:o, s:{s:I, s:s, s:s}}", "id", (json_int_t)k->id, "status", k->status,
                        "created_at", jw_time_json(r, k->created_at), "decided_at", jw_time_json(r, k->decided_at),
                        "vehicle", "id", (json_int_t)k->vehicle_id, "plate_type", k->plate_type, "plate", k->plate);
  if (!o) return NULL;
  if (incoming) {
    const char *phone = k->requester_phone;
    json_object_set_new(o, "requester",
                        json_pack("{s:s, s:s}", "name_masked", jw_mask_name(r->arena, k->requester_name),
                                  "phone_masked", phone[0] ? jw_mask_phone(r->arena, phone) : ""));
  } else {
    json_object_set_new(o, "owner_name_masked", json_string(jw_mask_name(r->arena, k->owner_name)));
  }
  return o;
}

static enum jw_code list_into(struct jw_req *r, int incoming, json_t *items, struct jw_error *err) {
  struct jw_consent *k = NULL;
  size_t n = 0;
  if (jw_consents_of_user(r->db, r->user->id, incoming, r->arena, &k, &n, err) != JW_OK) return err->code;
  for (size_t i = 0; i < n; i++) {
    json_t *o = consent_json(r, &k[i], incoming);
    if (!o) return jw_fail(err, JW_E_INTERNAL, "A consent request could not be written.");
    json_array_append_new(items, o);
  }
  return JW_OK;
}

enum jw_code jw_consents_api_list(struct jw_req *r, struct jw_error *err) {
  json_t *in = json_array(), *out = json_array();
  if (list_into(r, 1, in, err) != JW_OK || list_into(r, 0, out, err) != JW_OK) {
    json_decref(in);
    json_decref(out);
    return err->code;
  }
  json_t *body = json_pack("{s:o, s:o}", "incoming", in, "outgoing", out);
  if (!body) return jw_fail(err, JW_E_INTERNAL, "The consent requests could not be written.");
  jw_reply_json(r, 200, body);
  return JW_OK;
}

static enum jw_code decide(struct jw_req *r, enum jw_consent_action act, struct jw_error *err) {
  if (r->body && !(json_is_object(r->body) && json_object_size(r->body) == 0))
    return jw_fail(err, JW_E_BAD_REQUEST, "This action takes no body.");
  struct jw_consent k;
  if (jw_consent_decide(r->db, r->user, jw_param_id(r, 0), act, r->arena, &k, err) != JW_OK) return err->code;
  json_t *o = consent_json(r, &k, jw_consent_by_owner(act));
  if (!o) return jw_fail(err, JW_E_INTERNAL, "A consent request could not be written.");
  jw_reply_json(r, 200, o);
  return JW_OK;
}

enum jw_code jw_consents_api_approve(struct jw_req *r, struct jw_error *err) {
  return decide(r, JW_CONSENT_APPROVE, err);
}
enum jw_code jw_consents_api_decline(struct jw_req *r, struct jw_error *err) {
  return decide(r, JW_CONSENT_DECLINE, err);
}
enum jw_code jw_consents_api_revoke(struct jw_req *r, struct jw_error *err) {
  return decide(r, JW_CONSENT_REVOKE, err);
}
enum jw_code jw_consents_api_withdraw(struct jw_req *r, struct jw_error *err) {
  return decide(r, JW_CONSENT_WITHDRAW, err);
}
