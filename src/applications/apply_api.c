/* apply_api.c — POST /api/v1/applications: the body checked against the
 * item's published definition, Idempotency-Key, and the domain's
 * jw_app_apply(). */
#include <sodium.h>
#include <string.h>

#include "applications/api.h"
#include "auth/auth.h"
#include "core/mem.h"
#include "services/document.h"
#include "services/services.h"

/* The key and a hash of the body, for Idempotency-Key. */
static enum jw_code idem_input(struct jw_req *r, struct jw_app_new *p, struct jw_error *err) {
  const char *key = jw_header(r, "Idempotency-Key");
  if (!key) return JW_OK;
  size_t n = strlen(key);
  if (n == 0 || n > 64 || strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:") != n)
    return jw_fail(err, JW_E_BAD_REQUEST, "Idempotency-Key must be 1-64 letters, digits or -_.:");
  char *text = json_dumps(r->body, JSON_COMPACT | JSON_SORT_KEYS);
  if (!text) return jw_fail(err, JW_E_INTERNAL, "Out of memory.");
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
  free(text);
  char hex[sizeof h * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  p->idem_key = jw_arena_strdup(r->arena, key);
  p->idem_hash = jw_arena_strdup(r->arena, hex);
  return JW_OK;
}

/* A repeat of an earlier request with the same key: its first answer (the
 * same body) or 422 (a different body), *rc set. 0 when the key is new. */
static int idem_repeat(struct jw_req *r, const char *key, const char *hash, enum jw_code *rc, struct jw_error *err) {
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  struct jw_app_made made;
  int found = jw_app_idem_find(&x, key, hash, &made, err);
  if (found == 0) return 0;
  if (found < 0) return (*rc = err->code), 1;
  jw_reply_json(r, 201,
                json_pack("{s:s, s:s, s:s, s:I}", "tracking_no", made.tracking_no, "status", made.status, "due_date",
                          made.due_date, "service_version", (json_int_t)made.service_version));
  *rc = JW_OK;
  return 1;
}

/* The JSON text of v (compact; "{}" for NULL), arena-owned, or NULL when out of memory. */
static const char *json_text(struct jw_req *r, json_t *v) {
  if (!v) return "{}";
  char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
  const char *out = text ? jw_arena_strdup(r->arena, text) : NULL;
  free(text);
  return out;
}

/*
 * A real-name citizen does not type their ID number again: when the item's
 * form has the applicant's "id_number" field and the body leaves it out, the
 * number on the account is used (the form shows it masked). given is the
 * body's form object (changed in place), def the item's form definition.
 */
static enum jw_code fill_own_id(struct jw_req *r, json_t *def, json_t *given, struct jw_error *err) {
  size_t i;
  json_t *f;
  int asks = 0;
  json_array_foreach(json_object_get(def, "fields"), i, f) {
    const char *name = json_string_value(json_object_get(f, "name"));
    const char *type = json_string_value(json_object_get(f, "type"));
    asks |= name && type && strcmp(name, "id_number") == 0 && strcmp(type, "id_number") == 0;
  }
  if (!asks || !json_is_object(given) || json_object_get(given, "id_number")) return JW_OK;
  struct jw_account acc;
  if (jw_account_get(r->db, r->arena, r->user->id, 1, &acc, err) != JW_OK) return err->code;
  jw_conn_release(r->db);
  if (acc.id_number) json_object_set_new(given, "id_number", json_string(acc.id_number));
  return JW_OK;
}

/* Checks the body against the item and fills p. */
static enum jw_code apply_input(struct jw_req *r, struct jw_app_new *p, struct jw_error *err) {
  json_t *b = r->body;
  if (!json_is_object(b)) return jw_fail(err, JW_E_BAD_JSON, "Send the application as a JSON object.");
  const char *k;
  json_t *v;
  json_object_foreach(b, k, v) if (strcmp(k, "service_id") && strcmp(k, "unit_id") && strcmp(k, "form") &&
                                   strcmp(k, "attachments")) jw_field_fail(err, k, "is not a known field");
  json_t *sid = json_object_get(b, "service_id");
  if (!json_is_integer(sid) || json_integer_value(sid) < 1) jw_field_fail(err, "service_id", "must be an item id");
  if (err->nfields) return JW_E_VALIDATION;
  json_t *doc;
  p->service_id = json_integer_value(sid);
  if (jw_service_doc(r->db, p->service_id, 0, &doc, &p->version, err) != JW_OK) {
    jw_error_clear(err);
    jw_field_fail(err, "service_id", "there is no published item %lld", (long long)p->service_id);
    return err->code;
  }
  jw_conn_release(r->db);
  jw_arena_defer(r->arena, (void (*)(void *))json_decref, doc);
  p->promised_days = (int)json_integer_value(json_object_get(doc, "promised_days"));
  p->fee_cents = json_integer_value(json_object_get(doc, "fee_cents"));
  /* No "form" checks as an empty one (every required field is named). */
  json_t *given = json_object_get(b, "form");
  if (fill_own_id(r, json_object_get(doc, "form"), given, err) != JW_OK) return err->code;
  const char *def = json_text(r, json_object_get(doc, "form"));
  const char *values = given ? json_text(r, given) : NULL;
  if (!def || (given && !values)) return jw_fail(err, JW_E_INTERNAL, "Out of memory.");
  if (jw_form_check(def, values, r->arena, &p->form, err) != JW_OK && err->code != JW_E_VALIDATION) return err->code;
  struct jw_attachment_in *att;
  if (jw_apps_api_attachments(r, json_object_get(b, "attachments"), &att, &p->natt, err) == JW_OK)
    jw_attachments_check(def, att, p->natt, err);
  else if (err->code != JW_E_VALIDATION)
    return err->code;
  p->att = att;
  json_t *unit = json_object_get(b, "unit_id");
  if (unit && !json_is_null(unit) && (!json_is_integer(unit) || json_integer_value(unit) < 1)) {
    jw_field_fail(err, "unit_id", "must be a unit id");
  } else {
    struct jw_apps_ctx x = jw_apps_api_ctx(r);
    const char *const *kinds = jw_service_accepting_kinds(json_string_value(json_object_get(doc, "category")));
    jw_app_accepting_unit(&x, json_is_integer(unit) ? json_integer_value(unit) : 0, kinds, &p->unit_id, &p->unit_path,
                          err);
  }
  return err->nfields ? JW_E_VALIDATION : err->code;
}

enum jw_code jw_apps_api_create(struct jw_req *r, struct jw_error *err) {
  if (r->user->role != JW_ROLE_CITIZEN) return jw_fail(err, JW_E_FORBIDDEN, "Only citizens apply.");
  struct jw_app_new p = {.daily_limit = r->app->cfg.app_daily, .open_per_item = r->app->cfg.app_open_per_item};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the application as JSON.");
  if (idem_input(r, &p, err) != JW_OK) return err->code;
  enum jw_code rc;
  if (p.idem_key && idem_repeat(r, p.idem_key, p.idem_hash, &rc, err)) return rc;
  jw_conn_release(r->db);
  if (apply_input(r, &p, err) != JW_OK) return err->code;
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  struct jw_app_made made;
  rc = jw_app_apply(&x, &p, &made, err);
  /* Two requests with the same key at once: the second meets the UNIQUE
   * constraint and answers what the first made. */
  if (rc == JW_E_CONFLICT && p.idem_key) {
    struct jw_error again = {0}; /* err keeps the conflict when the key was not used before */
    enum jw_code rc2;
    if (idem_repeat(r, p.idem_key, p.idem_hash, &rc2, &again)) {
      if (rc2 != JW_OK) *err = again;
      return rc2;
    }
  }
  if (rc != JW_OK) return rc;
  jw_reply_json(r, 201,
                json_pack("{s:s, s:s, s:s, s:i, s:I, s:s}", "tracking_no", made.tracking_no, "status", "submitted",
                          "due_date", made.due_date, "service_version", made.service_version, "fee_cents",
                          (json_int_t)p.fee_cents, "payment_status", jw_apps_payment_status(p.fee_cents, 0)));
  return JW_OK;
}
