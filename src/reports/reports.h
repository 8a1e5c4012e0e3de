/*
 * reports.h — citizen reports of public-order problems (群众举报): the
 * service catalogue Open311 GeoReport v2 lists, filing a report (from an
 * Open311 client or the portal's form), triage to a unit, the staff
 * workflow (accept, assign, notes, answer, close, reopen, link a hotspot)
 * as a transition table, and the queries behind the public list.
 *
 * Plain values only: no HTTP and no JSON here (reports/api.c renders them
 * as Open311 JSON and XML); the SQL is in reports/store.c.
 */
#ifndef JW_REPORTS_H
#define JW_REPORTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

/* The one jurisdiction this endpoint serves (Open311 jurisdiction_id). */
#define JW_REPORT_JURISDICTION "jingwu"

/* Limits a report must keep (checked at the edge, enforced again by the domain). */
#define JW_REPORT_DESC_MAX    1000 /* characters of description */
#define JW_REPORT_FIELD_MAX   200  /* characters of address_string, names, email, media_url … */
#define JW_REPORT_LIST_MAX    1000 /* the most a GET requests answers, as the specification says */
#define JW_REPORT_WINDOW_DAYS 90   /* the default window and the widest start_date..end_date */
#define JW_REPORT_IDS_MAX     100  /* service_request_id values in one query */
#define JW_REPORT_IP_LIMIT    10   /* reports per client address per hour */
#define JW_REPORT_USER_LIMIT  20   /* reports per account per day */

/* One possible value of a list attribute (Open311 values[]: key, name). */
struct jw_report_value {
  const char *key;
  const char *name;
};

/* An attribute of a service definition (GET /services/{code}). */
struct jw_report_attr {
  const char *code;
  const char *datatype; /* string, number, datetime, text, singlevaluelist, multivaluelist */
  int required;
  const char *datatype_description; /* NULL: none */
  int order;
  const char *description;
  const struct jw_report_value *values; /* NULL-key terminated; NULL for non-lists */
};

/* A service (a kind of problem) of the catalogue. */
struct jw_report_service {
  const char *code;    /* noise, gambling, … */
  const char *name;    /* Chinese name (service_name) */
  const char *name_en; /* English, for the docs and the English UI */
  const char *description;
  const char *group;    /* 治安秩序, 交通秩序, 公共设施 */
  const char *keywords; /* comma-separated */
  const struct jw_report_attr *attrs;
  int nattrs;
  int confidential; /* a tip-off (gambling, suspicious people): the public list shows that it was
                       made and how it stands, never what it says or where */
};

extern const struct jw_report_service jw_report_services[];
extern const int jw_report_nservices;

/* The service with code, or NULL. Static. */
const struct jw_report_service *jw_report_service_find(const char *code);

/* Why value (NUL-terminated) does not fit attribute a, or NULL when it
 * does: a listed key for lists, 1..999 for numbers, length and control
 * characters for text. Static string. */
const char *jw_report_attr_problem(const struct jw_report_attr *a, const char *value);

/* The workflow states (reports.state) and Open311's view of them. */
enum jw_report_state { JW_RS_NEW, JW_RS_ACCEPTED, JW_RS_ASSIGNED, JW_RS_ANSWERED, JW_RS_CLOSED, JW_RS__MAX };
extern const char *const jw_report_state_names[JW_RS__MAX + 1];
/* The state named s, or -1. */
int jw_report_state_parse(const char *s);

/* What staff do to a report. */
enum jw_report_action {
  JW_RA_ACCEPT,
  JW_RA_ASSIGN,
  JW_RA_NOTE,
  JW_RA_ANSWER,
  JW_RA_CLOSE,
  JW_RA_REOPEN,
  JW_RA_LINK,
  JW_RA__MAX
};
extern const char *const jw_report_action_names[JW_RA__MAX + 1];

/* A new report, as validated by the handler. Strings borrowed, "" for absent. */
struct jw_report_new {
  const char *service_code; /* a code of the catalogue */
  const char *description;
  const char *attributes; /* JSON object text {code: value} or "{}" */
  int has_location;
  int64_t lat_e6, lng_e6;
  const char *address, *address_id, *zipcode, *media_url;
  const char *email, *first_name, *last_name, *phone, *device_id, *account_id;
  int64_t user_id;    /* the signed-in citizen (portal), 0 for Open311 */
  int64_t client_id;  /* open311_clients.id, 0 for the portal */
  int64_t upload_id;  /* a photo the citizen uploaded (their own JPEG or PNG), 0 for none */
  const char *source; /* "open311", "portal" or "seed" */
  const char *ip;     /* the client's address, for the spam limit */
  int64_t at;         /* requested time (unix seconds); 0: now */
};

/* A stored report. Strings arena-owned. */
struct jw_report {
  int64_t id;
  const char *token;
  const char *service_code;
  const char *description;
  const char *attributes;
  int has_location;
  int64_t lat_e6, lng_e6;
  const char *address, *address_id, *zipcode, *media_url;
  enum jw_report_state state;
  const char *status_notes;
  const char *agency;                                       /* the name of the unit that works it */
  int64_t requested_at, updated_at, expected_at, closed_at; /* 0: none */
  /* staff and owner view only */
  int64_t user_id, unit_id, grid_id, officer_id, hotspot_id, upload_id;
  const char *unit_path, *routed_by, *source;
  const char *email, *first_name, *last_name, *phone, *device_id, *account_id;
  const char *officer_name, *hotspot_name; /* "" when none */
};

/* An entry of a report's history. */
struct jw_report_event {
  int64_t id;
  const char *action;
  const char *body;
  int public_;
  const char *actor; /* the staff member's name, "" for the reporter */
  int64_t at;
};

/*
 * Files a report: the spam limits (JW_REPORT_IP_LIMIT per address and hour;
 * JW_REPORT_USER_LIMIT per account and day for portal reports), triage (the
 * grid whose polygon holds lat/long, else the nearest community station or
 * village office, else the grid or unit whose name or area's roads
 * address_string names (jw_report_place_score), else the station whose
 * address shares the longest beginning with address_string, else the
 * bureau), the row, its "filed"
 * event and the audit row, in one transaction on c. *id and *token
 * (arena-owned) receive the new report. Returns JW_OK, JW_E_RATE_LIMITED
 * (err->retry_after set), JW_E_VALIDATION, or a database error; nothing is
 * written on failure.
 */
enum jw_code jw_report_create(struct jw_conn *c, struct jw_arena *a, const struct jw_report_new *in, int64_t *id,
                              const char **token, struct jw_error *err);

/* The report id into *out (arena-owned strings). JW_E_NOT_FOUND when none. */
enum jw_code jw_report_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_report *out,
                           struct jw_error *err);
/* The id of the report filed with token into *id; JW_E_NOT_FOUND when none. */
enum jw_code jw_report_by_token(struct jw_conn *c, const char *token, int64_t *id, struct jw_error *err);

/* A public query (GET /requests): either ids, or the other filters. */
struct jw_report_filter {
  const int64_t *ids;
  int nids;
  const char *codes[16]; /* service codes; ncodes 0: any */
  int ncodes;
  int want_open, want_closed; /* both 0 or both 1: any status */
  int64_t start, end;         /* requested_at range, inclusive (unix seconds) */
  int limit;                  /* 1..JW_REPORT_LIST_MAX */
};

/* The reports that match f, newest first, at most f->limit. *out arena-owned. */
enum jw_code jw_report_list(struct jw_conn *c, struct jw_arena *a, const struct jw_report_filter *f,
                            struct jw_report **out, size_t *n, struct jw_error *err);

/* The signed-in citizen's own reports, newest first, keyset paged by id
 * (cursor 0: the first page); *next is the next cursor or 0. */
enum jw_code jw_report_mine(struct jw_conn *c, struct jw_arena *a, int64_t user_id, int64_t limit, int64_t cursor,
                            struct jw_report **out, size_t *n, int64_t *next, struct jw_error *err);

/* The staff queue: reports in u's scope, state filter (-1: every state but
 * closed; JW_RS__MAX: all), newest first, keyset paged by id. */
enum jw_code jw_report_queue(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int state, int64_t limit,
                             int64_t cursor, struct jw_report **out, size_t *n, int64_t *next, struct jw_error *err);

/* 1 when u may see and work report r (a community role whose scope holds
 * its unit), else 0. */
int jw_report_in_scope(const struct jw_user *u, const struct jw_report *r);

/* Writes the "report.read" audit row of u reading report id's contact data
 * (staff view), in its own transaction. */
enum jw_code jw_report_audit_read(struct jw_conn *c, const struct jw_user *u, int64_t id, const char *ip,
                                  struct jw_error *err);

/* The history of report id, oldest first; public_only leaves out internal notes. */
enum jw_code jw_report_events(struct jw_conn *c, struct jw_arena *a, int64_t id, int public_only,
                              struct jw_report_event **out, size_t *n, struct jw_error *err);

/* A staff action on a report. */
struct jw_report_act {
  enum jw_report_action action;
  const char *body;    /* the note or answer ("" for none) */
  int64_t officer_id;  /* assign */
  int64_t hotspot_id;  /* link: 0 unlinks */
  int64_t expected_at; /* accept/assign: when it should be dealt with (0: unchanged) */
  const char *ip;
};

/*
 * Applies act to report id for u through the transition table: the report
 * must be in u's scope (else JW_E_NOT_FOUND), the action allowed from its
 * state (else JW_E_CONFLICT) and to u's role (else JW_E_FORBIDDEN); an
 * officer to assign and a hotspot to link must be in u's scope
 * (JW_E_BAD_REFERENCE); closing needs an answer (given now or before,
 * JW_E_VALIDATION). The change, its event and the audit row in one
 * transaction; the state change is a conditional UPDATE.
 */
enum jw_code jw_report_apply(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int64_t id,
                             const struct jw_report_act *act, struct jw_error *err);

/* The photo of report r (r->upload_id set): its stored digest, type and size. */
struct jw_report_photo {
  char sha256[65];
  const char *type; /* arena-owned */
  int64_t size;
};
enum jw_code jw_report_photo(struct jw_conn *c, struct jw_arena *a, const struct jw_report *r,
                             struct jw_report_photo *out, struct jw_error *err);

/* Checks an Open311 api_key: *client_id receives its client.
 * JW_E_FORBIDDEN when no live client has it. */
enum jw_code jw_report_client_check(struct jw_conn *c, const char *api_key, int64_t *client_id, struct jw_error *err);

/* Issues a new api_key for a client called name (audited for u). *key
 * (arena-owned) is shown once; only its hash is kept. */
enum jw_code jw_report_client_add(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, const char *name,
                                  const char *ip, int64_t *id, const char **key, struct jw_error *err);

/* The demo's reports (idempotent): a few at 白云派出所, one answered and
 * closed. Returns how many were added, or -1 with err set. */
int jw_report_seed_demo(struct jw_conn *c, int64_t citizen_id, struct jw_error *err);

/* Generates n reports spread over the demo units and the last 90 days, for
 * the benchmark (jingwu seed --reports N). */
enum jw_code jw_report_seed_bulk(struct jw_conn *c, long long n, struct jw_error *err);

/* How well address (as a citizen wrote it: spaces ignored) names a place
 * called name (a grid's or unit's name: "第3网格", "警务室", "派出所"
 * left off) or lying on the roads of area (a grid's area in words, e.g.
 * "白云山南路沿线及周边小区、店铺"; NULL for none): the characters of the
 * longest such road or name that address holds, at least 2, else 0. */
long jw_report_place_score(const char *address, const char *name, const char *area);

/* Where an address belongs, as the routing of a report without a point
 * finds it (the directory's "find by address"). */
struct jw_report_place {
  int64_t unit_id;        /* the station, community station or village office; 0: none */
  int64_t grid_id;        /* the grid whose name or area's roads address names, 0: none */
  int64_t officer_id;     /* that grid's 责任区民警, 0: none */
  const char *grid_name;  /* arena-owned, NULL without a grid */
  const char *grid_area;  /* arena-owned, NULL without a grid */
  const char *matched_by; /* "place" (a grid's or unit's name or roads), "address" (begins like a unit's
                           * address) or "unit_address" (a unit's address holds it) */
};

/* The place address (a citizen's street, community or whole address; the
 * caller has checked it is short, clean UTF-8) names, by the rules of
 * triage without a point: the grid or unit whose name or area's roads it
 * names (jw_report_place_score), else the unit whose address begins like
 * it, else (a road's name alone, "溪路") the station whose address holds it.
 * *found is 0 (and *out zeroed) when nothing matches: the bureau
 * itself is never a guess. Reads only. */
enum jw_code jw_report_locate(struct jw_conn *c, struct jw_arena *a, const char *address, struct jw_report_place *out,
                              int *found, struct jw_error *err);

/* Parses a W3C date-time (YYYY-MM-DD, or with Thh:mm[:ss[.fff]] and Z or
 * ±hh:mm; a date or a time without a zone is in the bureau's zone, offset
 * tz_min minutes) into *t. 0 on success, -1 when malformed. */
int jw_report_parse_time(const char *s, int tz_min, int64_t *t);

/* Parses a decimal degree ("28.6512", "-121.5") within ±limit into
 * millionths, rounding; -1 for anything else (NaN, inf, hex, exponents,
 * more than 12 decimals, out of range). */
int jw_report_parse_degrees(const char *s, int limit, int64_t *e6);

#endif
