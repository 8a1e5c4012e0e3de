/*
 * worklogs.h — community officers' work logs (工作日志): patrols (巡逻),
 * household and business visits (走访), information collected (信息采集)
 * and the mediation of disputes (矛盾纠纷调解).
 *
 * Every log belongs to its author's officer record (officers.user_id), the
 * officer's unit (a copy of its path, for data scope) and optionally a grid.
 * Who may do what (jw_worklog_access):
 *   - the author reads and changes their own logs, changes only within
 *     JW_WORKLOG_EDIT_DAYS days of writing them (later: 409), every change
 *     with its audit row;
 *   - a station chief or unit administrator reads the logs of the units in
 *     their scope, read-only (a change: 403);
 *   - anyone else gets 404, as for a log that does not exist.
 * A visit may name a resident or a rental house only in a grid the author
 * works (officer/auxiliary: the grid's officer or a member; chief/unit
 * admin: a grid in their scope); any other is 404 like a nonexistent one.
 * The parties' phone and ID numbers are masked everywhere except the one
 * log's view for its author and a station chief in scope (that read is
 * audited).
 *
 * No HTTP and no JSON here; the SQL is in worklogs/store.c.
 */
#ifndef JW_WORKLOGS_H
#define JW_WORKLOGS_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

/* A log may be changed or deleted by its author this many days after it was written. */
#define JW_WORKLOG_EDIT_DAYS 7
/* A mediation names 1..10 parties. */
#define JW_WORKLOG_PARTIES_MAX 10
/* A patrol or visit lasts at most this long. */
#define JW_WORKLOG_MAX_SPAN (24 * 3600)
/* The month view lists at most this many items (counts are always complete). */
#define JW_WORKLOG_MONTH_ITEMS 1000

enum jw_worklog_kind { JW_WL_PATROL, JW_WL_VISIT, JW_WL_INFO, JW_WL_MEDIATION, JW_WL__MAX };

/* The enumerations as the API spells them; NULL-terminated. */
extern const char *const jw_worklog_kinds[];      /* patrol visit info mediation */
extern const char *const jw_worklog_info_kinds[]; /* clue opinion hazard population other */
extern const char *const jw_worklog_disputes[];   /* neighbour family marriage property labour consumer traffic other */
extern const char *const jw_worklog_outcomes[];   /* mediated agreement referred failed */

/* One party of a mediation. On input phone and id_number are as typed
 * ("" when not given); on output they are masked unless the reader may see
 * them (jw_worklog_get with unmask). */
struct jw_worklog_party {
  const char *name;
  const char *phone;
  const char *id_number;
};

/* One log. Strings are borrowed on input and arena-owned on output; the
 * columns of other kinds are "" / 0. Times are unix seconds. */
struct jw_worklog {
  int64_t id;
  enum jw_worklog_kind kind;
  int64_t officer_id; /* output: the author's officer record */
  const char *officer_name;
  int64_t unit_id;
  const char *unit_path;
  int64_t grid_id; /* 0: none */
  char day[11];    /* output: the local date of started_at */
  int64_t started_at;
  int64_t ended_at; /* 0: none */
  /* patrol */
  const char *route, *companions, *findings;
  /* visit */
  int64_t resident_id, house_id; /* 0: none */
  const char *target;            /* output: the resident's name or the house's address */
  const char *business_name, *business_address, *purpose, *result;
  /* info */
  const char *info_kind, *content, *source;
  /* mediation */
  const char *dispute_type, *summary, *outcome;
  char agreement_date[11]; /* "" when none */
  struct jw_worklog_party parties[JW_WORKLOG_PARTIES_MAX];
  int nparties;
  int64_t created_at, updated_at;
};

/* The signed-in user's officer record. */
struct jw_worklog_me {
  int64_t officer_id, unit_id;
  const char *unit_path, *name; /* arena-owned */
};

/* Who acts: the user (borrowed) and their address for the audit row. */
struct jw_worklog_actor {
  const struct jw_user *user;
  const char *ip;
};

/* ---- the rules (pure, unit-tested) ---- */

enum jw_worklog_right { JW_WL_NONE, JW_WL_READ, JW_WL_WRITE };

/*
 * What u (whose officer record is my_officer, 0 when none) may do with a
 * log written by log_officer in the unit log_unit_path: JW_WL_WRITE for the
 * author, JW_WL_READ for a station chief or unit administrator whose scope
 * holds the unit, JW_WL_NONE otherwise (answered 404).
 */
enum jw_worklog_right jw_worklog_access(const struct jw_user *u, int64_t my_officer, int64_t log_officer,
                                        const char *log_unit_path);

/* 1 when a log written at created_at may still be changed at now. */
int jw_worklog_editable(int64_t created_at, int64_t now);

/* 1 when u may see the parties' phone and ID numbers of a log it may read:
 * its author, or a station chief. */
int jw_worklog_may_unmask(const struct jw_user *u, int64_t my_officer, int64_t log_officer);

/* Parses RFC 3339 ("2026-11-29T10:00:00+08:00", seconds optional, "Z" or an
 * offset) into unix seconds; 0 on success, -1 when s is not one. */
int jw_worklog_parse_time(const char *s, int64_t *out);

/*
 * Checks w (as filled from a request) against the rules of its kind: times
 * (started no earlier than 2000, no later than the end of tomorrow in the
 * bureau's zone; ended after started and within JW_WORKLOG_MAX_SPAN; a
 * patrol has both and a route), a visit's target (a resident, a house, or a
 * business name), a mediation's parties (1..10, phone and ID number valid
 * when given, normalised in place into arena a) and its agreement date (only
 * with outcome "agreement", required then, not in the future beyond
 * tomorrow, not before started_at's day). Fills w->day. Returns JW_OK, or
 * JW_E_VALIDATION with every bad field named in err.
 */
enum jw_code jw_worklog_check(struct jw_worklog *w, int64_t now, int tz_offset_min, struct jw_arena *a,
                              struct jw_error *err);

/* ---- operations ---- */

/*
 * The officer record of user u (officers.user_id), into *me (arena a).
 * Returns JW_OK; JW_E_FORBIDDEN with a sentence when the account has no
 * officer record; or a database error's code.
 */
enum jw_code jw_worklogs_me(struct jw_conn *c, const struct jw_user *u, struct jw_arena *a, struct jw_worklog_me *me,
                            struct jw_error *err);

/*
 * Writes w (checked with jw_worklog_check) as a log of who's officer record,
 * with its "worklog.create" audit row, in one transaction. The grid, the
 * resident and the house must be ones who may work (404 otherwise); a visit
 * to a resident or house takes their grid (a different grid_id given: 422).
 * Sets w->id and the output fields. Returns JW_OK or the code with err set
 * and nothing written.
 */
enum jw_code jw_worklogs_create(struct jw_conn *c, const struct jw_worklog_actor *who, struct jw_worklog *w,
                                int64_t now, struct jw_arena *a, struct jw_error *err);

/*
 * The log id as who may see it, into *out (arena a), parties included; with
 * unmask (and jw_worklog_may_unmask) their phone and ID numbers in full and
 * a "worklog.read_parties" audit row, otherwise masked. *right receives
 * who's right on it. JW_E_NOT_FOUND when there is none or who may not read it.
 */
enum jw_code jw_worklogs_get(struct jw_conn *c, const struct jw_worklog_actor *who, int64_t id, int unmask,
                             struct jw_arena *a, struct jw_worklog *out, enum jw_worklog_right *right,
                             struct jw_error *err);

/*
 * Replaces log id by w (checked; of the same kind) for its author, with a
 * "worklog.update" audit row, in one transaction. 404 when who may not read
 * it, 403 when only read, 409 when older than JW_WORKLOG_EDIT_DAYS, 422 for
 * another kind. Sets w's output fields.
 */
enum jw_code jw_worklogs_update(struct jw_conn *c, const struct jw_worklog_actor *who, int64_t id, struct jw_worklog *w,
                                int64_t now, struct jw_arena *a, struct jw_error *err);

/* Deletes log id for its author, with a "worklog.delete" audit row: the same
 * 404/403/409 as jw_worklogs_update. */
enum jw_code jw_worklogs_delete(struct jw_conn *c, const struct jw_worklog_actor *who, int64_t id, int64_t now,
                                struct jw_arena *a, struct jw_error *err);

/* A page of logs, newest first. */
struct jw_worklog_filter {
  int64_t officer_id;    /* 0: any who may see */
  const char *kind;      /* NULL: any */
  const char *from, *to; /* "YYYY-MM-DD" inclusive, NULL: open */
  int64_t resident_id;   /* the visits to one resident; 0: any */
  int64_t before;        /* keyset cursor: ids below it; 0: from the newest */
  int64_t limit;
};

/* The logs who may read matching f, into *out (arena a; parties not
 * loaded), *n their count (at most f->limit + 1, the caller pages). */
enum jw_code jw_worklogs_list(struct jw_conn *c, const struct jw_worklog_actor *who, const struct jw_worklog_filter *f,
                              struct jw_arena *a, struct jw_worklog **out, size_t *n, struct jw_error *err);

/* One officer's month. */
struct jw_worklog_month {
  char month[8]; /* "YYYY-MM" */
  int ndays;
  int64_t officer_id;
  const char *officer_name;
  int counts[31][JW_WL__MAX]; /* per day (0 = the 1st) and kind */
  int totals[JW_WL__MAX];
  int64_t patrol_seconds;
  struct jw_worklog *items; /* in time order, at most JW_WORKLOG_MONTH_ITEMS */
  size_t nitems;
  int truncated; /* 1 when more logs than items */
};

/*
 * The month ("YYYY-MM") of officer_id (0: who's own) as who may see it:
 * officers and auxiliaries only their own (another's: 404), a chief or
 * unit administrator any officer of a unit in scope (else 404). Fills *out
 * (items arena-owned). JW_E_FORBIDDEN when who has no officer record and
 * asks for their own.
 */
enum jw_code jw_worklogs_month(struct jw_conn *c, const struct jw_worklog_actor *who, const char *month,
                               int64_t officer_id, struct jw_arena *a, struct jw_worklog_month *out,
                               struct jw_error *err);

/* One officer's row of a station's workload table. */
struct jw_worklog_load {
  int64_t officer_id;
  const char *officer_name, *officer_kind, *unit_name;
  int64_t patrols, patrol_seconds, visits, infos, mediations, mediations_ok; /* ok: mediated or agreement */
};

/*
 * The workload table of month for the officers of unit_id and the units
 * below it (unit_id 0: who's own unit), every officer listed, in unit and
 * rank order: *rows (arena a), *n. A unit outside who's scope: 404.
 */
enum jw_code jw_worklogs_workload(struct jw_conn *c, const struct jw_worklog_actor *who, const char *month,
                                  int64_t unit_id, struct jw_arena *a, struct jw_worklog_load **rows, size_t *n,
                                  struct jw_error *err);

/*
 * For the grid dashboard (request-free; app.c sets it as the community
 * domain's visits hook): how many visits were logged in grid_id in the month
 * that starts at month_first ("YYYY-MM-01", a date in the bureau's zone).
 * Returns the count, or -1 on a database error or a bad date (err set).
 */
int64_t jw_worklogs_grid_visits_month(struct jw_conn *c, int64_t grid_id, const char *month_first,
                                      struct jw_error *err);

/*
 * The demo (`jingwu seed --demo`): a month of patrols, visits, information
 * and mediations up to today for the demo `officer` (when linked to an
 * officer record) and a few officers of station_id (白云派出所) and its
 * community and village units. Idempotent: does nothing when the demo logs
 * are there. *added receives how many logs it wrote.
 */
enum jw_code jw_worklogs_seed_demo(struct jw_conn *c, int64_t station_id, int tz_offset_min, int *added,
                                   struct jw_error *err);

#endif
