/*
 * community.h — community policing (社区警务): grids (网格) with their
 * responsible officer and auxiliaries, residents (registered and migrant),
 * rental houses (出租屋) and self-managed groups (新民小组 / 片组).
 *
 * The domain's header: plain values and operations on a struct jw_conn, so
 * the handlers (community/api*.c), other domains (work logs, citizen-report
 * triage), the command line and the tests call the same functions. No HTTP
 * and no JSON here; every SQL statement is in community/store*.c.
 *
 * Data scope: an officer or auxiliary sees the grids they work (the grid's
 * responsible officer, or a member); a station chief or unit admin every
 * grid under their unit path; nobody else sees residents (whole-bureau
 * roles and the finance office are not community police: 403 at the
 * route). Out-of-scope objects are "not found", like missing ones.
 */
#ifndef JW_COMMUNITY_H
#define JW_COMMUNITY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

/* The roles that do community work (the routes' role set). */
#define JW_COMMUNITY_ROLES \
  (JW_BIT(JW_ROLE_AUXILIARY) | JW_BIT(JW_ROLE_OFFICER) | JW_BIT(JW_ROLE_STATION_CHIEF) | JW_BIT(JW_ROLE_UNIT_ADMIN))

/* ---- the records ---- */

/* A grid (网格). Strings arena-owned or borrowed. */
struct jw_grid {
  int64_t id, unit_id;
  const char *unit_path, *unit_name;
  const char *code, *name, *area;
  int64_t officer_id; /* 责任区民警; 0: none */
  const char *officer_name;
  const char *polygon; /* JSON [[lng_e6, lat_e6], ...] */
  int has_box;         /* 0: no polygon, the box columns are NULL */
  int64_t min_lat_e6, max_lat_e6, min_lng_e6, max_lng_e6;
  int64_t created_at, updated_at;
};

/* A resident as stored (the ID number encrypted, its blind index, its mask). */
struct jw_resident_row {
  int64_t id, grid_id;
  const char *unit_path;
  const char *kind; /* "registered" / "migrant" */
  const char *name;
  const char *gender; /* "M" / "F", from the ID number */
  const char *birth_date;
  const void *id_enc;
  size_t id_enc_len;
  unsigned char id_bidx[32];
  const char *id_masked, *phone, *address;
  int64_t house_id; /* 0: none */
  const char *employer, *native_place;
  const char *registered_on, *permit_status, *permit_expires; /* NULL dates: none */
  const char *note, *search;
  int64_t created_at, updated_at;
  const char *grid_name, *house_address; /* read only */
};

/* A rental house (出租屋). */
struct jw_house {
  int64_t id, grid_id;
  const char *unit_path, *address, *landlord_name, *landlord_phone, *note;
  int64_t rooms;
  int64_t tenants; /* read only: residents whose house_id is this house */
  int64_t created_at, updated_at;
};

/* A self-managed group (新民小组 xinmin / 片组 pianzu). */
struct jw_group {
  int64_t id, grid_id;
  const char *unit_path, *name, *kind, *note;
  int64_t leader_id; /* a resident of the grid; 0: none */
  const char *leader_name;
  int64_t members; /* read only */
  int64_t created_at, updated_at;
};

/* A grid's or a station's dashboard figures. */
struct jw_community_stats {
  int64_t residents, registered, migrants;
  int64_t permits_expiring; /* valid permits that end within 30 days from today */
  int64_t permits_expired;
  int64_t houses, groups;
  int64_t visits_month; /* household visits this month (work logs); 0 until they exist */
};

/*
 * The work-log domain counts a grid's visits of a month through this hook
 * (set once at start-up, e.g. in app.c): visits to residents and rental
 * houses of grid_id on or after month_first ("YYYY-MM-01"). NULL (the
 * default): visits_month is 0.
 */
extern int64_t (*jw_community_visits_hook)(struct jw_conn *c, int64_t grid_id, const char *month_first,
                                           struct jw_error *err);

/* Who acts, for the audit row written with the change or the read. Borrowed. */
struct jw_community_actor {
  const struct jw_user *user;
  const char *ip;
};

/* ---- geometry (pure) ---- */

/* A polygon point: millionths of a degree. */
struct jw_geo_point {
  int64_t lng_e6, lat_e6;
};

/*
 * 1 when (lat_e6, lng_e6) lies inside the polygon pts[0..n-1] (closed
 * implicitly; either winding), 0 outside or when n < 3. A point exactly on
 * an edge or a vertex counts as inside. Pure; no overflow for coordinates
 * within ±180e6.
 */
int jw_point_in_polygon(int64_t lat_e6, int64_t lng_e6, const struct jw_geo_point *pts, size_t n);

/*
 * Parses a polygon as stored in grids.polygon, JSON [[lng_e6, lat_e6], ...]
 * (integers, at most max points), into pts. Returns the number of points,
 * or -1 when text is not such an array. Pure (no JSON library needed).
 */
int jw_polygon_parse(const char *text, struct jw_geo_point *pts, int max);

/* ---- who may see what (request-free, for other domains) ---- */

/*
 * The officer record linked to staff user user_id (officers.user_id), or 0
 * when there is none; -1 on a database error (err set).
 */
int64_t jw_community_officer_of(struct jw_conn *c, int64_t user_id, struct jw_error *err);

/*
 * The responsible officer (grids.officer_id) of the grid where citizen
 * user_id is registered as a resident (residents.id_bidx = users.id_bidx), or
 * 0 when the citizen is no resident of a grid with an officer; -1 on a
 * database error (err set). For "your community officer" offers.
 */
int64_t jw_community_grid_officer_of_citizen(struct jw_conn *c, int64_t user_id, struct jw_error *err);

/*
 * 1 when u may see grid grid_id (and so its residents, houses and groups):
 * officer/auxiliary when they work it (responsible officer or member),
 * station chief / unit admin when the grid's unit lies in their unit path;
 * 0 otherwise (also for a grid that does not exist, citizens, whole-bureau
 * and finance roles); -1 on a database error (err set).
 */
int jw_community_grid_visible(struct jw_conn *c, const struct jw_user *u, int64_t grid_id, struct jw_error *err);

/*
 * The grid holding the point (lat_e6, lng_e6): grids whose bounding box
 * contains it (by index), then the first (lowest id) whose polygon contains
 * it. *grid_id and *unit_id receive it, both 0 when no grid holds the
 * point. Returns JW_OK or a database error's code (err set). For
 * citizen-report triage; no data scope (the caller acts for the system).
 */
enum jw_code jw_community_grid_at(struct jw_conn *c, int64_t lat_e6, int64_t lng_e6, int64_t *grid_id, int64_t *unit_id,
                                  struct jw_error *err);

/* ---- residents (community/ops.c) ---- */

/* A resident list's filters; 0 / NULL: not applied. */
struct jw_resident_filter {
  int64_t grid_id;       /* one grid: JW_E_NOT_FOUND when u may not see it */
  const char *kind;      /* "registered" / "migrant" */
  const char *q;         /* a valid 18-character ID number: that person exactly (blind index); else a substring of
                            name, phone or address */
  int expiring;          /* 1: valid permits that end within 30 days of today */
  int64_t cursor, limit; /* ids below cursor (0: from the newest); 1..100 rows */
};

/*
 * The residents u may see that match f, newest first: *out (arena array)
 * and *n; *next the cursor of the next page or 0. Lists are not audited
 * (they carry masked ID numbers and phones only). tz: the bureau's offset.
 */
enum jw_code jw_community_residents(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int tz_offset_min,
                                    const struct jw_resident_filter *f, struct jw_resident_row **out, size_t *n,
                                    int64_t *next, struct jw_error *err);

/*
 * Audits a resident search that finds a person by who they are: q a valid
 * ID number or 7 or more digits (a phone number) writes "resident.search"
 * with q masked and how many were found (found: the rows answered); other
 * searches (names, addresses, short fragments) write nothing. Call it after
 * jw_community_residents() and send nothing when it fails. Returns JW_OK or
 * the database error's code.
 */
enum jw_code jw_community_search_audit(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                       const char *q, size_t found, struct jw_error *err);

/*
 * Resident id's full record for who->user, with the decrypted ID number
 * (*id_number, arena) and its groups (*groups, *ngroups), and the
 * "resident.read" audit row, in one transaction. JW_E_NOT_FOUND when there
 * is no such resident or it lies outside the user's grids (nothing audited).
 */
enum jw_code jw_community_resident_read(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                        int64_t id, struct jw_resident_row *out, const char **id_number,
                                        struct jw_group **groups, size_t *ngroups, struct jw_error *err);

/* A resident as a client sends it (checked by the caller for shape: lengths,
 * enums, dates, the ID number's check digit normalised). */
struct jw_resident_input {
  int64_t grid_id;
  const char *kind, *name, *id_number, *phone, *address;
  int64_t house_id; /* 0: none */
  const char *employer, *native_place;
  const char *registered_on, *permit_status, *permit_expires; /* NULL: none */
  const char *note;
};

/*
 * Records a new resident (and its "resident.create" audit row) in one
 * transaction. JW_E_VALIDATION (field grid_id / house_id) when the grid is
 * not one who may see or the house not in that grid; JW_E_CONFLICT when the
 * ID number is recorded already (the detail names that record when who may
 * see it; the answer tells that the number is on record somewhere, so it is
 * audited: "resident.duplicate" on that record, after the rollback). *id
 * receives the new id. Nothing else is written on failure.
 */
enum jw_code jw_community_resident_create(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                          const struct jw_resident_input *in, int64_t *id, struct jw_error *err);

/*
 * Checks in's content, as the API and the spreadsheet import's preview do:
 * grid_id positive, kind, name (2-30 characters), the ID number (GB 11643
 * with its check character; normalised into norm, and in->id_number then
 * points there), phone (a mainland mobile or empty), text lengths, dates,
 * permit status, and that a registered resident has no registration or
 * permit and a valid permit its expiry, one not past; a registration date
 * not in the future (dates against today's clock in the earliest / latest
 * zone, so nothing is refused for the bureau's zone). Every bad field is added to err
 * (JW_E_VALIDATION); JW_OK otherwise. Pure (no database).
 */
enum jw_code jw_community_resident_check(struct jw_resident_input *in, char norm[19], struct jw_error *err);

/* The same inside the caller's transaction (jw_tx on c), for an import that
 * writes many residents in one transaction (the spreadsheet import): checks,
 * insert and audit row as jw_community_resident_create(); on failure the
 * caller rolls the whole transaction back. */
enum jw_code jw_community_resident_add(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                       const struct jw_resident_input *in, int64_t *id, struct jw_error *err);

/* Replaces resident id's values with in (audit "resident.update"); as create,
 * plus JW_E_NOT_FOUND when id is not one who may see. */
enum jw_code jw_community_resident_update(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                          int64_t id, const struct jw_resident_input *in, struct jw_error *err);

/* The same inside the caller's transaction (the spreadsheet import's confirm). */
enum jw_code jw_community_resident_replace(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                           int64_t id, const struct jw_resident_input *in, struct jw_error *err);

/* ---- grids and dashboards (community/ops.c) ---- */

/* The grids u may see (arena array), by unit and code. */
enum jw_code jw_community_grids(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, struct jw_grid **out,
                                size_t *n, struct jw_error *err);
/* Grid id when u may see it (JW_E_NOT_FOUND otherwise). */
enum jw_code jw_community_grid(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int64_t id,
                               struct jw_grid *out, struct jw_error *err);
/* An officer working a grid (an auxiliary or police member). */
struct jw_community_member {
  int64_t id;
  const char *name, *kind, *title;
};
/* The members of grid grid_id (the caller checked the scope), arena array. */
enum jw_code jw_community_grid_members(struct jw_conn *c, struct jw_arena *a, int64_t grid_id,
                                       struct jw_community_member **out, size_t *n, struct jw_error *err);
/*
 * Creates (g->id 0: unit_id, code required; g->id set) or updates grid g
 * (name, area, officer, polygon; its unit and code stay), and makes its
 * members exactly members[0..nmembers-1]; audit row; one transaction. Only
 * a station chief or unit admin, within their unit path: the unit must be a
 * station, community station or village office there (JW_E_VALIDATION on
 * unit_id), the officer police and the members officers of units there
 * (officer_id / member_ids); the polygon (g->polygon, JSON as stored) gives
 * the bounding box. JW_E_NOT_FOUND for a grid outside the scope,
 * JW_E_CONFLICT for a code taken.
 */
enum jw_code jw_community_grid_save(struct jw_conn *c, const struct jw_community_actor *who, struct jw_grid *g,
                                    const int64_t *members, size_t nmembers, struct jw_error *err);
/* Grid id's dashboard when u may see it; visits through jw_community_visits_hook. */
enum jw_code jw_community_grid_stats(struct jw_conn *c, const struct jw_user *u, int64_t id, int tz_offset_min,
                                     struct jw_community_stats *out, struct jw_error *err);

/* ---- rental houses and groups (community/ops_houses.c) ---- */

/* Houses u may see, in one grid when grid_id, q a substring of address or landlord; newest first. */
enum jw_code jw_community_houses(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int64_t grid_id,
                                 const char *q, int64_t cursor, int64_t limit, struct jw_house **out, size_t *n,
                                 int64_t *next, struct jw_error *err);
/* House id (the landlord's phone in full) and its tenants (masked rows) when
 * who->user may see it, with the "house.read" audit row in the same
 * transaction (JW_E_NOT_FOUND, nothing audited, otherwise): only tenants who
 * live in grids u sees, and out->tenants counts those (a tenant registered
 * in another grid, or a house moved away from its tenants, shows nobody
 * outside u's scope). Houses' counts in lists are scoped the same way. */
enum jw_code jw_community_house(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who, int64_t id,
                                struct jw_house *out, struct jw_resident_row **tenants, size_t *ntenants,
                                struct jw_error *err);
/* Creates h (h->id set) / updates house id with h's values, with the audit row. */
enum jw_code jw_community_house_save(struct jw_conn *c, const struct jw_community_actor *who, struct jw_house *h,
                                     struct jw_error *err);

/* Groups u may see, in one grid when grid_id; newest first. */
enum jw_code jw_community_groups(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int64_t grid_id,
                                 int64_t cursor, int64_t limit, struct jw_group **out, size_t *n, int64_t *next,
                                 struct jw_error *err);
/* Group id and its members (masked rows) when who->user may see it, with the
 * "group.read" audit row in the same transaction: only members who
 * live in grids u sees (counted in out->members); a leader outside them is
 * not shown (leader_id 0, no name). */
enum jw_code jw_community_group(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who, int64_t id,
                                struct jw_group *out, struct jw_resident_row **members, size_t *nmembers,
                                struct jw_error *err);
/* Creates (g->id 0; g->id set) or updates group g; when members is not NULL
 * the members become exactly those nmembers residents (all of g's grid;
 * JW_E_VALIDATION otherwise, as for the leader); audit row; one transaction. */
enum jw_code jw_community_group_save(struct jw_conn *c, const struct jw_community_actor *who, struct jw_group *g,
                                     const int64_t *members, size_t nmembers, const char *today, struct jw_error *err);

/* ---- demo and generated data (community/demo.c, community/generate.c) ---- */

/*
 * Loads the demo's grids, residents, rental houses and groups under
 * 白云派出所 (and a few elsewhere), links the demo `officer` and `auxiliary`
 * accounts to their officer records, unless already there (a second run
 * changes nothing). Dates relative to today in the bureau's zone. Prints
 * what it did to out. Returns JW_OK or the code with err set.
 */
enum jw_code jw_community_seed_demo(struct jw_db *db, int tz_offset_min, FILE *out, struct jw_error *err);

/*
 * Adds n generated residents spread over the demo grids (after the demo),
 * in transactions of 20,000 rows with one reused prepared statement; prints
 * progress and the time taken to out. Returns JW_OK or the code with err
 * set (rows of committed batches stay).
 */
enum jw_code jw_community_seed_residents(struct jw_db *db, int64_t n, int tz_offset_min, FILE *out,
                                         struct jw_error *err);

/* ---- generated identities (pure; demo, tests) ---- */

/* A generated person: deterministic from k. Strings point into the struct
 * or static tables. */
struct jw_gen_person {
  char id_number[19];
  char name[16];
  char phone[12];
  char birth_date[11];
  char gender; /* 'M' or 'F' */
  int migrant; /* 1: ID number from outside Taizhou */
  const char *native_place;
};

/* The k-th generated person (k >= 0; distinct k give distinct ID numbers up
 * to k < 200,000,000), with a valid GB 11643 check digit. */
void jw_community_gen_person(int64_t k, int migrant, struct jw_gen_person *p);

#endif
