/*
 * vehicles.h — motor vehicles (机动车): plate types and the GA 36 plate
 * patterns, VINs, engine numbers, the vehicles table and citizens' bindings
 * of vehicles: their own (registered to their ID number) at once, another
 * person's only with that owner's consent (consent.c). Look-ups by plate +
 * engine six go through the guard (guard.c). The validators need no
 * database and are unit-tested on their own (tests/unit/test_vehicles.c).
 *
 * The domain's header: plain values and operations on a struct jw_conn. No
 * HTTP and no JSON here: the handlers are declared in vehicles/api.h, the
 * SQL is in vehicles/store.c.
 */
#ifndef JW_VEHICLES_H
#define JW_VEHICLES_H

#include <stdint.h>

#include <stddef.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

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
/* Inserts v inside the caller's transaction (its engine six is the last six
 * characters of engine_no); *id receives its id. Returns JW_OK, or the code
 * with err set (a taken plate is JW_E_CONFLICT) and *id untouched. */
enum jw_code jw_vehicle_insert(struct jw_conn *c, const struct jw_new_vehicle *v, int64_t *id, struct jw_error *err);

/* The vehicle with this plate: *id and the last six of its engine number
 * (engine6, 7 bytes). Returns JW_OK, JW_E_NOT_FOUND (err set, "No vehicle
 * matches …") when there is none, or a database error's code with err set. */
enum jw_code jw_vehicle_find(struct jw_conn *c, const char *plate_type, const char *plate, int64_t *id, char engine6[7],
                             struct jw_error *err);

/* 1 when user_id has bound vehicle_id, 0 when not, -1 on a database error (err set). */
int jw_vehicle_bound(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err);

/* Binds in the caller's transaction (the seed, and a citizen binding a
 * vehicle registered to her own ID number); an existing binding is kept.
 * Returns JW_OK or the database error's code with err set. */
enum jw_code jw_vehicle_bind(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err);

/* A vehicle as the citizen who bound it sees it. Strings arena-owned. */
struct jw_bound_vehicle {
  int64_t id;
  const char *plate_type, *plate, *vin, *engine6;
  const char *owner_name;     /* whole: the caller masks it unless own */
  const char *inspection_due; /* "YYYY-MM-DD" */
  int stolen;
  int64_t bound_at;  /* Unix seconds */
  int64_t unhandled; /* its unhandled violations */
  int own;           /* 1: registered to the binder's ID number; 0: bound with the owner's consent */
};

/* The vehicles user_id has bound (at most 100, in binding order) into an
 * array allocated in arena a (*out, strings arena-owned) of *n. Returns
 * JW_OK, or the code with err set and *out, *n untouched. */
enum jw_code jw_vehicles_of_user(struct jw_conn *c, int64_t user_id, struct jw_arena *a, struct jw_bound_vehicle **out,
                                 size_t *n, struct jw_error *err);

/* The vehicle vehicle_id as bound by user_id into *out (strings in arena a).
 * Returns JW_OK, JW_E_NOT_FOUND ("This vehicle is not bound to your
 * account.") or a database error's code, err set on failure. */
enum jw_code jw_vehicle_of_user(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_arena *a,
                                struct jw_bound_vehicle *out, struct jw_error *err);

/*
 * user_id unbinds vehicle_id: JW_E_NOT_FOUND when it is not bound,
 * JW_E_CONFLICT while she has an inspection booked for it; else, in one
 * transaction, the binding goes and her approved consent request with it
 * (withdrawn). Returns JW_OK or the code with err set (nothing changed).
 */
enum jw_code jw_vehicle_unbind(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err);

/*
 * The anti-enumeration guard of every look-up by plate + engine six
 * (guard.c). Call jw_plate_guard_check() before the look-up (the handler
 * side, vehicles/api.h jw_plate_guard(), adds the proof-of-work challenge)
 * and jw_plate_guard_wrong() when the plate is unknown or the six is wrong.
 */
#define JW_PLATE_WRONG_LIMIT 5  /* wrong tries per plate and hour, whatever the address, before a challenge */
#define JW_PLATE_LOCK_LIMIT  30 /* wrong tries per plate and hour before the plate's hard lock */
#define JW_PLATE_FAIL_LIMIT  20 /* wrong tries per address and hour before a challenge */

/* What jw_plate_guard_check() found. */
struct jw_plate_verdict {
  int need_pow;       /* 1: go on only with a valid proof-of-work solution */
  int for_plate;      /* 1: because of the plate's wrong tries (else the address's) */
  int retry_after;    /* seconds to the end of the hour window (>= 1) */
  int64_t window_end; /* Unix seconds when the window ends */
};

/*
 * Reads the wrong tries counted in this hour's window (now: Unix seconds)
 * for the plate and for ip (may be NULL). Returns JW_OK with *v filled
 * (need_pow 0: go on); JW_E_RATE_LIMITED with err set (its retry_after
 * too) when the plate is past JW_PLATE_LOCK_LIMIT (the hard lock, for that
 * plate only); or a database error's code with err set.
 */
enum jw_code jw_plate_guard_check(struct jw_conn *c, const char *type, const char *plate, const char *ip, int64_t now,
                                  struct jw_plate_verdict *v, struct jw_error *err);

/* Counts a wrong try for the plate and for ip (may be NULL); returns
 * JW_E_NOT_FOUND with err set (the same words whether the plate or the six
 * was wrong), or a database error's code. */
enum jw_code jw_plate_guard_wrong(struct jw_conn *c, const char *type, const char *plate, const char *ip,
                                  struct jw_error *err);

/* 1 when two engine sixes are equal; constant time (sodium_memcmp). */
int jw_engine6_equal(const char a[7], const char b[7]);

/* Checks plate_type/plate/engine6 query or body values, adds field errors to
 * err (plate_type, plate, engine6), and on success fills the normalised
 * plate and engine6. */
void jw_plate_input(const char *type, const char *plate, const char *engine6, char nplate[JW_PLATE_MAX], char neng[7],
                    struct jw_error *err);

/* ---- owners and consent (consent.c) ---- */

/* The citizen account registered to the vehicle's owner ID number, 0 when
 * there is none, -1 on a database error (err set). */
int64_t jw_vehicle_owner(struct jw_conn *c, int64_t vehicle_id, struct jw_error *err);

/*
 * Asks owner_id to let user bind vehicle_id (one transaction: the request
 * and the owner's notification, whose text is built in arena a).
 * *consent_id receives its id. Returns JW_OK; JW_E_CONFLICT when an open
 * request is already there; or a database error's code; err set on failure.
 */
enum jw_code jw_consent_ask(struct jw_conn *c, const struct jw_user *user, int64_t vehicle_id, int64_t owner_id,
                            struct jw_arena *a, int64_t *consent_id, struct jw_error *err);

/* The requester unbound the vehicle herself: her approved request ends
 * (withdrawn). Inside the caller's transaction or alone. JW_OK or the code with err set. */
enum jw_code jw_consent_unbound(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, struct jw_error *err);

/* A binding request (vehicle_consents row). Strings arena-owned. */
struct jw_consent {
  int64_t id;
  const char *status;             /* pending, approved, declined, revoked, withdrawn */
  int64_t created_at, decided_at; /* decided_at 0: not decided */
  int64_t vehicle_id;
  const char *plate_type, *plate;
  const char *requester_name, *requester_phone; /* whole ("" when no phone): the caller masks them */
  const char *owner_name;                       /* whole: the caller masks it */
  int64_t requester_id, owner_id;               /* owner_id 0: the owner has no account */
};

/* The requests user_id sees: incoming (pending or approved ones for her
 * vehicles) or not (her own), newest first, at most 100, into an arena
 * array *out of *n. Returns JW_OK, or the code with err set and *out, *n untouched. */
enum jw_code jw_consents_of_user(struct jw_conn *c, int64_t user_id, int incoming, struct jw_arena *a,
                                 struct jw_consent **out, size_t *n, struct jw_error *err);

/* The moves of a request (the transition table is in consent.c). */
enum jw_consent_action {
  JW_CONSENT_APPROVE,
  JW_CONSENT_DECLINE,
  JW_CONSENT_REVOKE,
  JW_CONSENT_WITHDRAW,
  JW_CONSENT__MAX
};

/* 1 when the vehicle's owner makes move act, 0 when the requester does. */
int jw_consent_by_owner(enum jw_consent_action act);

/*
 * user makes move act on request consent_id: in one transaction the request
 * moves (only from the state the table allows), the requester's binding is
 * added or removed (a removed one takes her booked inspection along) and
 * the other side is told. *out receives the request as it is afterwards
 * (strings in arena a). Returns JW_OK; JW_E_NOT_FOUND when it is not a
 * request user may move this way; JW_E_CONFLICT when it is no longer in the
 * state the move starts from; or a database error's code; err set on failure.
 */
enum jw_code jw_consent_decide(struct jw_conn *c, const struct jw_user *user, int64_t consent_id,
                               enum jw_consent_action act, struct jw_arena *a, struct jw_consent *out,
                               struct jw_error *err);

/* A name shown to someone else: its first character, then one * for each
 * other character ("王小明" → "王**"). Arena-owned. */
char *jw_mask_name(struct jw_arena *a, const char *name);

#endif
