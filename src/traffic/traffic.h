/*
 * traffic.h — traffic violations (交通违法) and road conditions (交通路况).
 *
 * Violations belong to vehicles (vehicles.h); a citizen who has bound a
 * vehicle lists its violations and handles (处理) one online when the act
 * allows it and her licence stays under 12 points: a decision number is
 * issued once and the fine becomes payable ("to pay" until the payment
 * platform exists). Late fees are computed here, never stored.
 *
 * The domain's header: plain values and operations on a struct jw_conn. No
 * HTTP and no JSON here: the handlers are declared in traffic/api.h, the
 * SQL is in traffic/store.c and store_seed.c.
 */
#ifndef JW_TRAFFIC_H
#define JW_TRAFFIC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "calendar/calendar.h"
#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

/* The licence point limit of one cycle (记分周期). */
#define JW_POINTS_LIMIT 12

/*
 * The late fee (滞纳金) of a fine decided at handled_at, as of now: 3 % of
 * the fine for every day past the 15th, days being calendar days in the
 * bureau's zone (UTC + tz_offset_min), never more than the fine itself.
 * 0 before that, and 0 when handled_at is 0 (not decided).
 */
int64_t jw_late_fee_cents(int64_t fine_cents, int64_t handled_at, int64_t now, int tz_offset_min);

/* A violation with its act and its vehicle. Strings arena-owned. */
struct jw_violation {
  int64_t id;
  const char *number;
  int64_t occurred_at; /* Unix seconds */
  const char *place, *act_code, *act;
  int64_t fine_cents, points;
  const char *status;      /* one of jw_violation_statuses */
  const char *decision_no; /* NULL until handled */
  int64_t handled_at;      /* 0 until handled */
  int online_allowed;      /* the act may be handled online */
  const char *plate_type, *plate;
  int64_t vehicle_id;
};

/* The statuses of a violation: "unhandled", "handled" (to pay), "paid"; NULL-terminated. */
extern const char *const jw_violation_statuses[];

/* What a violation costs as of now (see jw_late_fee_cents()). */
struct jw_violation_dues {
  int64_t late_fee_cents;     /* only while handled and not paid */
  int64_t amount_due_cents;   /* fine + late fee unless paid */
  const char *payment_status; /* "none" (unhandled), "to_pay" or "paid"; static */
};

/* The dues of v as of now in the bureau's zone (tz_offset_min). */
struct jw_violation_dues jw_violation_dues_of(const struct jw_violation *v, int64_t now, int tz_offset_min);

/* Why v must be handled at a traffic police counter, not online: NULL when
 * it may be handled online or is handled already; "points_12" when its act
 * scores 12 points (the driver also has to attend the course and the test);
 * "on_site" when the act is otherwise one the law decides at a counter (a
 * fine set case by case, a licence to inspect). Static. */
const char *jw_violation_counter_reason(const struct jw_violation *v);

/*
 * The violations of vehicle_id, newest first, skipping offset and at most
 * max of them, into an array allocated in arena a (*out, strings
 * arena-owned) of *n. Returns JW_OK, or the code with err set and *out, *n
 * untouched.
 */
enum jw_code jw_violations_of_vehicle(struct jw_conn *c, int64_t vehicle_id, int64_t max, int64_t offset,
                                      struct jw_arena *a, struct jw_violation **out, size_t *n, struct jw_error *err);

/*
 * The violations of the vehicles user_id has bound, newest first, only of
 * vehicle_id unless 0, only in status unless NULL; offset and max as in
 * jw_violations_of_vehicle(), and so are *out, *n and failure.
 */
enum jw_code jw_violations_of_user(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, const char *status,
                                   int64_t max, int64_t offset, struct jw_arena *a, struct jw_violation **out,
                                   size_t *n, struct jw_error *err);

/* The violation id into *out (strings in arena a). Returns JW_OK,
 * JW_E_NOT_FOUND or a database error's code, err set on failure. */
enum jw_code jw_violation_get(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_violation *out,
                              struct jw_error *err);

/* An act of the dictionary (违法行为代码). Strings arena-owned. */
struct jw_violation_act {
  const char *code, *text, *legal_basis;
  int64_t points, fine_min_cents, fine_max_cents;
  int online_allowed;
};

/* Every act in code order into an arena array *out of *n. JW_OK, or the
 * code with err set and *out, *n untouched. */
enum jw_code jw_violation_acts(struct jw_conn *c, struct jw_arena *a, struct jw_violation_act **out, size_t *n,
                               struct jw_error *err);

/* A driving licence's points in its current cycle. */
struct jw_licence {
  struct jw_date start, last; /* the cycle's first and last day */
  int64_t points;
};

/*
 * user_id's licence as of today (her cycle moved on, and the points
 * cleared, when twelve months have passed; created on first use), in one
 * transaction, into *out. Returns JW_OK or the code with err set.
 */
enum jw_code jw_licence_get(struct jw_conn *c, int64_t user_id, struct jw_date today, struct jw_licence *out,
                            struct jw_error *err);

/*
 * user handles violation id online, in one transaction: it must be a
 * violation of a vehicle she has bound (else JW_E_NOT_FOUND), unhandled
 * (else JW_E_CONFLICT), of an act handled online (else JW_E_VALIDATION),
 * and its points must keep her licence below JW_POINTS_LIMIT this cycle
 * (else JW_E_CONFLICT: a conditional UPDATE, so the cap holds across
 * threads and instances). Then the decision number is issued, the
 * "transactions" counter moves, the vehicle's owner is told when she is
 * someone else, and user is told to pay. today is the date in the bureau's
 * zone; notification texts are built in arena a. Returns JW_OK or the code
 * with err set and nothing written.
 */
enum jw_code jw_violation_handle(struct jw_conn *c, const struct jw_user *user, int64_t id, struct jw_date today,
                                 struct jw_arena *a, struct jw_error *err);

/* ---- road conditions ---- */

/* Segment statuses ("smooth", "slow", "congested") and incident kinds
 * ("accident", "roadworks", "closure", "weather"); NULL-terminated. */
extern const char *const jw_road_statuses[];
extern const char *const jw_incident_kinds[];

/* A road segment's state. Strings arena-owned. */
struct jw_road_segment {
  int64_t id;
  const char *district, *road, *section, *status, *note;
  int64_t updated_at;
};

/* An incident (accident, works …) with its time span. Strings arena-owned. */
struct jw_road_incident {
  int64_t id;
  const char *district, *kind, *place;
  int64_t starts_at, ends_at;
  const char *detour, *note;
  int64_t created_at;
};

/* The public board. Arrays and strings arena-owned. */
struct jw_road_board {
  const char **districts; /* with a segment or a current incident, in order */
  size_t ndistricts;
  struct jw_road_segment *segments; /* by district, at most 500 */
  size_t nsegments;
  struct jw_road_incident *incidents; /* current ones (ending after now), newest first, at most 200 */
  size_t nincidents;
  int64_t latest; /* the newest updated_at / created_at shown, 0 when nothing */
};

/* The board as of now, of district only unless NULL, into *out (arena a).
 * Returns JW_OK or the code with err set. */
enum jw_code jw_road_board_get(struct jw_conn *c, const char *district, int64_t now, struct jw_arena *a,
                               struct jw_road_board *out, struct jw_error *err);

/* Who changes road conditions, for the audit row written in the same
 * transaction: user (not NULL) and ip (may be NULL). Borrowed. */
struct jw_traffic_actor {
  const struct jw_user *user;
  const char *ip;
};

/* JW_OK when user may post road conditions (bureau-wide staff, or staff of
 * a traffic detachment or a unit below one); JW_E_FORBIDDEN or a database
 * error's code with err set otherwise. */
enum jw_code jw_traffic_staff(struct jw_conn *c, const struct jw_user *user, struct jw_error *err);

/* A segment to create (section and note may be NULL: empty) or the new
 * state of one (status; note NULL keeps the old note). */
struct jw_road_segment_input {
  const char *district, *road, *section, *note;
  int status; /* index into jw_road_statuses */
};

/* Creates a segment and its "road.segment.create" audit row in one
 * transaction; *id receives its id. JW_OK or the code with err set. */
enum jw_code jw_road_segment_create(struct jw_conn *c, const struct jw_traffic_actor *who,
                                    const struct jw_road_segment_input *in, int64_t *id, struct jw_error *err);
/* Sets segment id's status and note ("road.segment.update" audited).
 * JW_OK, JW_E_NOT_FOUND, or another code; err set on failure. */
enum jw_code jw_road_segment_update(struct jw_conn *c, const struct jw_traffic_actor *who, int64_t id,
                                    const struct jw_road_segment_input *in, struct jw_error *err);
/* Deletes segment id ("road.segment.delete" audited). JW_OK,
 * JW_E_NOT_FOUND, or another code; err set on failure. */
enum jw_code jw_road_segment_delete(struct jw_conn *c, const struct jw_traffic_actor *who, int64_t id,
                                    struct jw_error *err);
/* Segment id into *out (arena a). JW_OK, JW_E_NOT_FOUND (err not set, as
 * before: the detail stays generic) or a database error's code. */
enum jw_code jw_road_segment_get(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_road_segment *out,
                                 struct jw_error *err);

/* An incident to create: ends_at after starts_at and in the future (the
 * caller checks); detour and note may be NULL (empty). */
struct jw_road_incident_input {
  const char *district, *place, *detour, *note;
  int kind; /* index into jw_incident_kinds */
  int64_t starts_at, ends_at;
};

/* Creates an incident ("road.incident.create" audited); *id receives its
 * id. JW_OK or the code with err set. */
enum jw_code jw_road_incident_create(struct jw_conn *c, const struct jw_traffic_actor *who,
                                     const struct jw_road_incident_input *in, int64_t *id, struct jw_error *err);
/* Ends current incident id now ("road.incident.end" audited; one not yet
 * started has its start moved back too). JW_OK, JW_E_NOT_FOUND when there
 * is no current incident id, or another code; err set on failure. */
enum jw_code jw_road_incident_end(struct jw_conn *c, const struct jw_traffic_actor *who, int64_t id,
                                  struct jw_error *err);
/* Incident id into *out (arena a); as jw_road_segment_get(). */
enum jw_code jw_road_incident_get(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_road_incident *out,
                                  struct jw_error *err);

/* ---- demo and load-test data (traffic_seed.c) ---- */

/*
 * Loads the demo traffic data inside the caller's transaction unless it is
 * there: the demo vehicles (浙J12345 bound to citizen_id, 浙JD12345 not
 * bound) with their violations, the citizen's licence, road segments and
 * incidents. unit_id is the discovering unit (the traffic detachment).
 * Returns JW_OK with *created 1 when it loaded something (0 when it was
 * there), or the code with err set.
 */
enum jw_code jw_traffic_seed_demo(struct jw_conn *c, int64_t citizen_id, int64_t unit_id, int tz_offset_min,
                                  int *created, struct jw_error *err);

/*
 * Makes sure there are n generated violations over generated vehicles (one
 * vehicle per ten violations, plates 浙A00000 … as in bench/traffic.lua):
 * tops up to n, so running it twice changes nothing. One transaction,
 * prepared multi-row INSERTs. Progress goes to out. Returns JW_OK or the
 * code with err set (the transaction rolled back).
 */
enum jw_code jw_traffic_seed_violations(struct jw_db *db, int64_t n, FILE *out, struct jw_error *err);

/* The k-th generated vehicle's plate (into out, no allocation). */
void jw_traffic_bulk_plate(int64_t k, char out[24]);
/* The k-th generated vehicle's engine six (into out). */
void jw_traffic_bulk_engine6(int64_t k, char out[7]);

#endif
