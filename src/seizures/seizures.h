/*
 * seizures.h — the registry of stolen vehicles (涉赃车辆) and their seizures
 * (查获) and returns to the owner (发还).
 *
 * A record is reported (by plate — or none, as for many electric bikes —,
 * VIN and engine number), then seized, then returned; or cancelled while
 * still reported. The transitions are a table (seizures.c) fired as
 * conditional UPDATEs, each with its audit row in one transaction. While a
 * record is reported, the vehicle it matches is stolen: the view
 * vehicle_stolen (migration 0018) is what inspection check-in and the
 * vehicle records read.
 *
 * Scope: a record is seen by staff whose unit path covers the reporting
 * unit or the seizing unit; others get 404. Any community staff may seize a
 * reported record found by jw_stolen_check (vehicles are found far from
 * where they were stolen); the seizure belongs to the seizing unit.
 *
 * Plain values, no HTTP, no JSON; the SQL is in seizures/store.c.
 */
#ifndef JW_SEIZURES_H
#define JW_SEIZURES_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

/* The statuses and kinds as the API spells them; NULL-terminated. */
extern const char *const jw_stolen_statuses[]; /* reported, seized, returned, cancelled */
extern const char *const jw_stolen_kinds[];    /* car, motorcycle, ebike, other */
/* The plate type of a Zhejiang electric-bike plate (not a GA 24.7 code). */
#define JW_EBIKE_PLATE_TYPE "EB"

/* A seizure of a record (strings arena-owned). */
struct jw_seizure {
  int64_t id, unit_id, hotspot_id; /* hotspot_id 0: none */
  const char *unit_name, *unit_path, *hotspot_name, *place, *officers, *note, *returned_to;
  int64_t seized_at, returned_at; /* returned_at 0: not yet */
};

/* A record of the registry (strings arena-owned). */
struct jw_stolen {
  int64_t id, unit_id;
  const char *unit_name, *unit_path, *case_no, *kind, *plate_type, *plate, *vin, *engine_no, *brand, *color;
  const char *owner_name, *owner_phone, *reported_place, *status, *cancel_reason;
  int64_t reported_at, created_at, updated_at;
  int seized; /* 1 when z holds its seizure */
  struct jw_seizure z;
};

/* A new report, as the handler read it (borrowed strings; "" for absent). */
struct jw_stolen_new {
  const char *kind, *plate_type, *plate, *vin, *engine_no, *brand, *color, *case_no;
  const char *owner_name, *owner_phone, *reported_place;
  int64_t reported_at;
  int64_t unit_id; /* 0: the reporter's own unit */
};

/* What a transition needs besides the event (borrowed). */
struct jw_stolen_step {
  /* seize */
  int64_t hotspot_id, seized_at;
  const char *place, *officers, *note;
  /* return */
  int64_t returned_at;
  const char *returned_to;
  /* cancel */
  const char *reason;
};

/* Who acts: the signed-in staff member, the request's address and arena
 * (for the strings read back), and the time. Borrowed. */
struct jw_stolen_actor {
  const struct jw_user *user;
  const char *ip;
  struct jw_arena *a;
  int64_t now;
};

/*
 * Checks and normalises in (plate against its type: GA 36 for motor
 * vehicles, the Zhejiang electric-bike pattern for "EB"; VIN with its check
 * character; engine number 4–30 letters, digits or '-'; at least one of
 * plate, VIN, engine number; the owner's phone a mainland mobile or a
 * fixed line; reported_at not in the future (now)). Normalised strings go
 * to arena a and replace in's. Returns JW_OK or JW_E_VALIDATION with every
 * bad field in err.
 */
enum jw_code jw_stolen_normalise(struct jw_stolen_new *in, struct jw_arena *a, int64_t now, struct jw_error *err);

/* The identifying part of jw_stolen_normalise alone (plate with its type,
 * VIN, engine number, at least one of them), for a look-up by them. */
enum jw_code jw_stolen_normalise_keys(struct jw_stolen_new *in, struct jw_arena *a, struct jw_error *err);

/*
 * Registers a report (in normalised) for who, with its audit row, in one
 * transaction; *id receives the new id. The unit is in->unit_id (in who's
 * scope, else 404) or who's own. A vehicle with an open record (reported or
 * seized) of the same plate or VIN is JW_E_CONFLICT. Nothing is written on
 * failure.
 */
enum jw_code jw_stolen_report(struct jw_conn *c, const struct jw_stolen_actor *who, const struct jw_stolen_new *in,
                              int64_t *id, struct jw_error *err);

/* Record id into *out when who may see it, else JW_E_NOT_FOUND (also when
 * there is none). Strings in who->a. */
enum jw_code jw_stolen_get(struct jw_conn *c, const struct jw_stolen_actor *who, int64_t id, struct jw_stolen *out,
                           struct jw_error *err);

/* A filter of the list: status NULL for all; q matches plate, VIN, engine
 * number or case number (substring); hotspot_id 0 for any. */
struct jw_stolen_filter {
  const char *status, *q;
  int64_t hotspot_id;
};

/* A page (newest first, keyset on id: cursor 0 for the first) of the
 * records in who's scope: up to limit + 1 rows into *out (arena array),
 * *n their count. */
enum jw_code jw_stolen_list(struct jw_conn *c, const struct jw_stolen_actor *who, const struct jw_stolen_filter *f,
                            int64_t limit, int64_t cursor, struct jw_stolen **out, size_t *n, struct jw_error *err);

/*
 * Fires event ("seize", "return", "cancel") on record id for who with the
 * step's data, and writes its audit row, in one transaction. JW_E_NOT_FOUND
 * when who may not see the record (seize: any reported record), 403 when
 * who's role may not fire it, JW_E_CONFLICT when the record is not in the
 * status the event needs (also when another request moved it first),
 * JW_E_VALIDATION for an unknown event or a return before the seizure.
 */
enum jw_code jw_stolen_fire(struct jw_conn *c, const struct jw_stolen_actor *who, int64_t id, const char *event,
                            const struct jw_stolen_step *step, struct jw_error *err);

/* One match of jw_stolen_check (no personal data; strings arena-owned). */
struct jw_stolen_match {
  int64_t id;
  const char *kind, *plate_type, *plate, *status, *unit_name;
  int64_t reported_at;
};

/* The open (reported or seized) records that match plate (with its type),
 * VIN or engine number (each NULL or "" to leave out; already normalised),
 * at most 20, into *out (arena array) and *n. */
enum jw_code jw_stolen_check(struct jw_conn *c, struct jw_arena *a, const char *plate_type, const char *plate,
                             const char *vin, const char *engine_no, struct jw_stolen_match **out, size_t *n,
                             struct jw_error *err);

/* Public totals: records reported (open), seized, returned; seizures by
 * hotspot (names and counts). */
struct jw_seizure_hotspot_total {
  int64_t hotspot_id;
  const char *name;
  int64_t seized, returned;
};
struct jw_seizure_totals {
  int64_t reported, seized, returned; /* seized counts every seizure, returned or not */
  struct jw_seizure_hotspot_total *hotspots;
  size_t nhotspots;
};
enum jw_code jw_seizure_totals(struct jw_conn *c, struct jw_arena *a, struct jw_seizure_totals *out,
                               struct jw_error *err);

/*
 * The demo (seed --demo): stolen-vehicle reports across the demo stations,
 * 321 of them seized at the hotspot named 四号桥 (linked when that hotspot
 * exists, else seized without a hotspot and linked by a later run once it
 * exists), most returned to their owners,
 * a few still reported and a few cancelled. Idempotent: nothing is added when
 * the demo records are there. *added (may be NULL) receives how many
 * records were added. now is the current time.
 */
enum jw_code jw_seizures_seed_demo(struct jw_conn *c, int64_t now, int *added, struct jw_error *err);

#endif
