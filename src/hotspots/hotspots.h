/*
 * hotspots.h — public-order hotspots (治安乱点) and their rectification
 * (挂牌整治): the registry, the workflow identified → listed (挂牌, with a
 * deadline) → rectifying (monthly progress reports) → checking (验收) →
 * delisted (摘牌) or back to rectifying, as a transition table, the
 * progress reports and the acceptance checks, and the public view (numbers
 * only, no personal data).
 *
 * Who may do what (data scope by unit path; out of scope is 404):
 *   - officers, station chiefs and unit admins whose unit contains the
 *     responsible unit register hotspots, edit them, start the
 *     rectification, file the monthly reports and ask for the check;
 *   - listing, and the acceptance check that delists a hotspot or sends it
 *     back, are for a station chief or unit admin whose unit is at the
 *     hotspot's listed level or above (a station chief lists station-level
 *     hotspots; a branch-level one needs the branch; a bureau-level one the
 *     bureau) and contains the responsible unit;
 *   - auxiliaries read; whole-bureau and finance roles are not community
 *     police and get 403 from the route table.
 *
 * The domain's header: plain values and operations, no HTTP and no JSON.
 * The SQL is in hotspots/store.c.
 */
#ifndef JW_HOTSPOTS_H
#define JW_HOTSPOTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

enum jw_hotspot_status { HOT_IDENTIFIED, HOT_LISTED, HOT_RECTIFYING, HOT_CHECKING, HOT_DELISTED, HOT_STATUS__MAX };

/* "identified", … and 已排查, 已挂牌, 整治中, 验收中, 已摘牌; NULL-terminated. */
extern const char *const jw_hotspot_status_names[];
extern const char *const jw_hotspot_status_labels[];
/* The kinds (theft, robbery, …) and the listing levels ("station",
 * "branch", "bureau": index + 1 is the level's rank) as the API spells
 * them; NULL-terminated. */
extern const char *const jw_hotspot_kinds[];
extern const char *const jw_hotspot_levels[];

/* The status named s, or -1. */
int jw_hotspot_status_parse(const char *s);
/* The rank of a level name (1 station … 3 bureau), 0 when unknown; and
 * the rank of a unit kind (bureau 3, branch 2, any other unit 1). */
int jw_hotspot_level_rank(const char *level);
int jw_hotspot_unit_rank(const char *unit_kind);

/*
 * The rule for changing a hotspot's listed level (the one place it is
 * decided): the level belongs to the units at that level and above, so an
 * actor whose unit has rank actor_rank may change it only when rank(from)
 * <= actor_rank — whatever the new level. Nobody lowers a level they could
 * not list at (a station chief cannot make a bureau-level hotspot a
 * station one and then list it); raising one's own level is referring the
 * hotspot upwards, as registering it at that level is, and then only the
 * higher level may bring it back down. Returns 1 when allowed (always when
 * from and to are the same), 0 when not. Pure.
 */
int jw_hotspot_level_change_ok(int actor_rank, const char *from, const char *to);

/* The events (list, start, request_check, pass, fail) as the API spells them; NULL-terminated. */
extern const char *const jw_hotspot_events[];

struct jw_hotspot_transition {
  const char *event;
  enum jw_hotspot_status from, to;
  unsigned roles;   /* JW_BIT(role)s that may fire it */
  int at_level;     /* 1: the actor's unit must be at the hotspot's listed level or above */
  int is_check;     /* 1: an acceptance check (findings required, a hotspot_checks row written) */
  int sets_listing; /* 1: the listing (deadline required, listed_on set) */
};

/* The transition for event from status from (in range, asserted), or NULL
 * when the event does not leave that status. *known (may be NULL) is set to
 * 1 when event is an event at all. The result is static. */
const struct jw_hotspot_transition *jw_hotspot_transition(const char *event, enum jw_hotspot_status from, int *known);

/* The whole table, for tests and documentation: *n receives its length. */
const struct jw_hotspot_transition *jw_hotspot_transitions(size_t *n);

/*
 * Whole months from listed_on to until (both "YYYY-MM-DD"): 0 in the month
 * of listing before the same day of the next month, and so on; 0 when
 * either is not a date or until is earlier.
 */
int jw_hotspot_months_between(const char *listed_on, const char *until);

/* Who acts and where: db, arena (what is returned is arena-owned), the
 * signed-in user (never NULL), ip (may be NULL), the bureau's zone. Borrowed. */
struct jw_hotspot_ctx {
  struct jw_conn *db;
  struct jw_arena *arena;
  const struct jw_user *user;
  const char *ip;
  int tz_offset_min;
};

/* The sums of a hotspot's monthly reports. */
struct jw_hotspot_totals {
  int64_t cases, arrests, seizures, measures;
  int reports;
};

/* A hotspot as stored (strings arena-owned; dates "" when not set). */
struct jw_hotspot {
  int64_t id, unit_id;
  const char *unit_path, *unit_name, *name, *place, *kind, *problems, *listed_level, *campaign;
  enum jw_hotspot_status status;
  char listed_on[11], deadline[11], delisted_on[11];
  int has_location;
  int64_t lat_e6, lng_e6;
  int64_t created_at, updated_at;
  struct jw_hotspot_totals totals;
};

/* What staff send to register or edit a hotspot (checked by the caller:
 * kind and listed_level from the tables above, lengths, coordinates). */
struct jw_hotspot_in {
  int64_t unit_id; /* 0: the caller's own unit (create); ignored by update */
  const char *name, *place, *kind, *problems, *listed_level, *campaign;
  int has_location;
  int64_t lat_e6, lng_e6;
};

/* A monthly progress report. */
struct jw_hotspot_report {
  int64_t id;
  char month[8]; /* YYYY-MM */
  int64_t cases, arrests, seizures, measures;
  const char *summary, *reporter_name;
  int64_t created_at;
};

/* An acceptance check. */
struct jw_hotspot_check {
  int64_t id;
  char checked_on[11];
  int passed;
  const char *findings, *checker_name;
  int64_t created_at;
};

/* One line of the timeline. */
struct jw_hotspot_event {
  int64_t at;
  const char *event, *from, *to, *actor_name, *note;
};

/* A move: the event and what it needs. */
struct jw_hotspot_move {
  const char *event;
  const char *note;       /* may be NULL */
  const char *deadline;   /* list: "YYYY-MM-DD", after listed_on */
  const char *listed_on;  /* list: NULL for today; not after today */
  const char *campaign;   /* list: NULL keeps the stored one */
  const char *findings;   /* pass, fail: required */
  const char *checked_on; /* pass, fail: NULL for today; not after today, not before listed_on */
};

/* The public list: listed (listed, rectifying, checking) when delisted is
 * 0, else the delisted ones; campaign NULL for all. offset/limit page it
 * (limit rows at most). *out (arena) and *n receive the page. */
enum jw_code jw_hotspots_public(struct jw_conn *c, struct jw_arena *a, int delisted, const char *campaign,
                                int64_t offset, int limit, struct jw_hotspot **out, size_t *n, struct jw_error *err);

/* A hotspot the public may see (not identified) into *h, and its reports
 * (numbers only are to be shown) into *reports / *nreports. JW_E_NOT_FOUND
 * for an identified or nonexistent one. */
enum jw_code jw_hotspot_public_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_hotspot *h,
                                   struct jw_hotspot_report **reports, size_t *nreports, struct jw_error *err);

/* Staff filters; NULL fields do not filter. */
struct jw_hotspot_filter {
  const char *status, *kind, *campaign, *q;
};

/* The hotspots in x->user's scope matching f, newest first, paged. */
enum jw_code jw_hotspots_search(const struct jw_hotspot_ctx *x, const struct jw_hotspot_filter *f, int64_t offset,
                                int limit, struct jw_hotspot **out, size_t *n, struct jw_error *err);

/* The hotspot id in x->user's scope into *h; JW_E_NOT_FOUND otherwise. */
enum jw_code jw_hotspot_load(const struct jw_hotspot_ctx *x, int64_t id, struct jw_hotspot *h, struct jw_error *err);

/* Everything a staff detail page shows: timeline, reports, checks, and the
 * events x->user may fire now (NULL-terminated). */
struct jw_hotspot_detail {
  struct jw_hotspot_event *events;
  size_t nevents;
  struct jw_hotspot_report *reports;
  size_t nreports;
  struct jw_hotspot_check *checks;
  size_t nchecks;
  const char *actions[8];
};
enum jw_code jw_hotspot_detail(const struct jw_hotspot_ctx *x, const struct jw_hotspot *h, struct jw_hotspot_detail *d,
                               struct jw_error *err);

/* Registers a hotspot (status identified) for the unit in->unit_id (in
 * x->user's scope, else JW_E_BAD_REFERENCE on "unit_id"), with its create
 * event and audit row in one transaction; *id receives it. */
enum jw_code jw_hotspot_create(const struct jw_hotspot_ctx *x, const struct jw_hotspot_in *in, int64_t *id,
                               struct jw_error *err);

/* Edits hotspot id (in scope, else 404): name, place, kind, problems,
 * campaign, location; listed_level only while identified (JW_E_CONFLICT
 * otherwise when it changes); a delisted hotspot is closed (JW_E_CONFLICT). */
enum jw_code jw_hotspot_update(const struct jw_hotspot_ctx *x, int64_t id, const struct jw_hotspot_in *in,
                               struct jw_error *err);

/* Fires m->event on hotspot id: JW_E_NOT_FOUND out of scope, JW_E_VALIDATION
 * (field "event") for an unknown event, JW_E_CONFLICT when the event does
 * not leave the current status or another request moved it first,
 * JW_E_FORBIDDEN for a role or level that may not, JW_E_VALIDATION for a
 * missing or bad field. The status change (a conditional UPDATE), the
 * event row, the check row and the audit row are one transaction. */
enum jw_code jw_hotspot_fire(const struct jw_hotspot_ctx *x, int64_t id, const struct jw_hotspot_move *m,
                             struct jw_error *err);

/* Files the monthly report r (month YYYY-MM, not before the month of
 * listing, not after this month) on hotspot id, which must be rectifying
 * (JW_E_CONFLICT otherwise, or when that month has a report already). *rid
 * receives the report's id. One transaction with its audit row. */
enum jw_code jw_hotspot_report_add(const struct jw_hotspot_ctx *x, int64_t id, const struct jw_hotspot_report *r,
                                   int64_t *rid, struct jw_error *err);

/*
 * The hook for other domains (citizen reports, seizures): 1 when hotspot id
 * exists (in any status) and its responsible unit lies in u's scope
 * (whole-bureau users see every unit), so a row of theirs may hold
 * hotspot_id = id; 0 when not (answer it as a bad reference); -1 on a
 * database error (err set). Their tables keep hotspot_id BIGINT REFERENCES
 * hotspots(id); this domain never reads them.
 */
int jw_hotspot_linkable(struct jw_conn *c, const struct jw_user *u, int64_t id, struct jw_error *err);

/* The demo (jingwu seed --demo): two campaigns, a score of hotspots over
 * the branches, 四号桥 (椒江) delisted with monthly reports whose seizures
 * add up to 321. Idempotent: returns how many hotspots it added (0 the
 * second time), or -1 with err set. */
int jw_hotspots_seed_demo(struct jw_conn *c, int tz_offset_min, struct jw_error *err);

#endif
