/*
 * vehicles.h — motor vehicles (机动车): plate types and the GA 36 plate
 * patterns, VINs, engine numbers, the vehicles table and citizens' bindings
 * of vehicles: their own (registered to their ID number) at once, another
 * person's only with that owner's consent (consent.c). Look-ups by plate +
 * engine six go through the guard (guard.c). The validators need no
 * database and are unit-tested on their own (tests/unit/test_vehicles.c).
 */
#ifndef JW_VEHICLES_H
#define JW_VEHICLES_H

#include <stdint.h>

#include "http/http.h"

/* A plate type (号牌种类, GA 24.7 code) and its name. */
struct jw_plate_type {
  const char *code; /* "02" */
  const char *name; /* "小型汽车" */
};
/* Every plate type the bureau handles; terminated by {NULL, NULL}. */
extern const struct jw_plate_type jw_plate_types[];
/* The name of a plate type code, or NULL when there is no such code. */
const char *jw_plate_type_name(const char *code);

/* Plates are at most 9 UTF-8 characters of up to 3 bytes: 32 bytes is ample. */
#define JW_PLATE_MAX 32

/*
 * Checks plate against the GA 36 pattern of plate type code: a province
 * abbreviation (浙, 京 …), the issuing office's letter, then the serial —
 * five characters for ordinary plates (at most two letters), six for new
 * energy (小型: D/F + a letter or digit + four digits; 大型: five digits +
 * D/F), four + 挂/学/警 for trailers, coaches and police. The letters I and
 * O never appear. Lower-case and full-width letters and digits, spaces
 * (also U+3000) and the middle dot are accepted and normalised, and so is
 * the province written twice ("浙浙J12345", a plate typed whole beside a
 * province picker). Returns NULL when valid (norm, may be
 * NULL, receives the normalised plate), else a static English sentence.
 */
const char *jw_check_plate(const char *type_code, const char *plate, char norm[JW_PLATE_MAX]);
/* The same check when the plate type is not asked (a form's plate field):
 * NULL when plate is valid for some plate type (norm as above), else a
 * static English sentence. */
const char *jw_check_plate_any(const char *plate, char norm[JW_PLATE_MAX]);

/* Checks a VIN (GB 16735 / ISO 3779): 17 characters from 0-9 and A-Z less
 * I, O and Q, with the check character (0-9 or X) in position 9. NULL when
 * valid; norm (18 bytes, may be NULL) receives it in upper case. */
const char *jw_check_vin(const char *vin, char norm[18]);
/* The check character of a 17-character VIN (position 9 ignored); '?' when
 * a character is not allowed. */
char jw_vin_check_char(const char *vin);

/* Checks the last six characters of an engine number (letters and digits);
 * NULL when valid; norm (7 bytes) receives them in upper case. */
const char *jw_check_engine6(const char *s, char norm[7]);

/* Inspection state of a vehicle due on due_day (YYYY-MM-DD) as seen on
 * today: "overdue", "due" (within 90 days) or "ok". */
const char *jw_inspection_state(const char *due_day, const char *today);

/* A vehicle to insert (the seed, and later the vehicle-registration side). */
struct jw_new_vehicle {
  const char *plate_type, *plate, *vin, *engine_no, *owner_name, *registered_on, *inspection_due;
  int64_t owner_user_id; /* 0: none */
  int stolen;
};
/* Inserts v inside the caller's transaction; *id receives its id. A taken
 * plate is JW_E_CONFLICT. */
enum jw_code jw_vehicle_insert(struct jw_conn *c, const struct jw_new_vehicle *v, int64_t *id, struct jw_error *err);

/* The vehicle with this plate: its id and the last six of its engine number
 * (7 bytes); JW_E_NOT_FOUND when there is none. */
enum jw_code jw_vehicle_find(struct jw_conn *c, const char *plate_type, const char *plate, int64_t *id, char engine6[7],
                             struct jw_error *err);

/* 1 when user_id has bound vehicle_id, 0 when not, -1 on a database error. */
int jw_vehicle_bound(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err);

/* Binds in the caller's transaction (the seed, and a citizen binding a
 * vehicle registered to her own ID number); an existing binding is kept. */
enum jw_code jw_vehicle_bind(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err);

/*
 * The anti-enumeration guard of every look-up by plate + engine six
 * (guard.c). Call jw_plate_guard() before the look-up and
 * jw_plate_guard_wrong() when the plate is unknown or the six is wrong.
 */
#define JW_PLATE_WRONG_LIMIT 5  /* wrong tries per plate and hour, whatever the address, before a challenge */
#define JW_PLATE_LOCK_LIMIT  30 /* wrong tries per plate and hour before the plate's hard lock */
#define JW_PLATE_FAIL_LIMIT  20 /* wrong tries per address and hour before a challenge */

/*
 * JW_OK: go on. A plate past JW_PLATE_LOCK_LIMIT: JW_E_RATE_LIMITED (429,
 * Retry-After in err) for that plate only. A plate past JW_PLATE_WRONG_LIMIT
 * or an address past JW_PLATE_FAIL_LIMIT without a valid X-PoW solution: the
 * 429 problem carrying a fresh challenge is already the reply, *answered is
 * 1 and the handler returns JW_OK.
 */
enum jw_code jw_plate_guard(struct jw_req *r, const char *type, const char *plate, int *answered, struct jw_error *err);
/* Counts a wrong try for the plate and the address; returns JW_E_NOT_FOUND
 * (the same words whether the plate or the six was wrong). */
enum jw_code jw_plate_guard_wrong(struct jw_req *r, const char *type, const char *plate, struct jw_error *err);

/* 1 when two engine sixes are equal; constant time (sodium_memcmp). */
int jw_engine6_equal(const char a[7], const char b[7]);

/* Checks plate_type/plate/engine6 query or body values, adds field errors to
 * err, and on success fills the normalised plate and engine6. */
void jw_plate_input(const char *type, const char *plate, const char *engine6, char nplate[JW_PLATE_MAX], char neng[7],
                    struct jw_error *err);

/* ---- owners and consent (consent.c) ---- */

/* The citizen account registered to the vehicle's owner ID number, 0 when
 * there is none, -1 on a database error. */
int64_t jw_vehicle_owner(struct jw_conn *c, int64_t vehicle_id, struct jw_error *err);

/* Asks owner_id to let r's user bind vehicle_id (one transaction: the
 * request and the owner's notification). *consent_id receives its id; an
 * open request already there is JW_E_CONFLICT. */
enum jw_code jw_consent_ask(struct jw_req *r, int64_t vehicle_id, int64_t owner_id, int64_t *consent_id,
                            struct jw_error *err);

/* The requester unbound the vehicle herself: her approved request ends
 * (withdrawn). Inside the caller's transaction or alone. */
enum jw_code jw_consent_unbound(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err);

/* A name shown to someone else: its first character, then one * for each
 * other character ("王小明" → "王**"). Arena-owned. */
char *jw_mask_name(struct jw_arena *a, const char *name);

/* Routes: the consent requests of the signed-in citizen (incoming for her
 * vehicles, outgoing of her own), and the owner's or requester's moves. */
enum jw_code jw_consents_api_list(struct jw_req *r, struct jw_error *err);
enum jw_code jw_consents_api_approve(struct jw_req *r, struct jw_error *err);
enum jw_code jw_consents_api_decline(struct jw_req *r, struct jw_error *err);
enum jw_code jw_consents_api_revoke(struct jw_req *r, struct jw_error *err);
enum jw_code jw_consents_api_withdraw(struct jw_req *r, struct jw_error *err);

/* Routes: GET /api/v1/plate-types; the citizen's own vehicles. */
enum jw_code jw_vehicles_api_plate_types(struct jw_req *r, struct jw_error *err);
enum jw_code jw_vehicles_api_list(struct jw_req *r, struct jw_error *err);
enum jw_code jw_vehicles_api_bind(struct jw_req *r, struct jw_error *err);
enum jw_code jw_vehicles_api_unbind(struct jw_req *r, struct jw_error *err);

#endif
