/*
 * applications.h — applications (办件): the form checked against the item's
 * definition, tracking numbers, time limits in working days, the lifecycle
 * as a transition table, the unit's queue, ratings and follow-ups.
 *
 * The domain's header: plain values and operations on a struct jw_conn (in
 * a struct jw_apps_ctx), so the handlers (applications/api.h), the command
 * line and the tests call the same functions. No HTTP and no JSON objects
 * here: a form and its definition travel as JSON text. The SQL is in
 * applications/store.c.
 */
#ifndef JW_APPLICATIONS_H
#define JW_APPLICATIONS_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

/*
 * Checks the values a citizen filled in (values: JSON text, NULL for none)
 * against a form definition (def: JSON text {"fields": [...], ...}) and on
 * success sets *out to the normalised form as compact JSON text allocated
 * in arena a (ID numbers and plates normalised, absent optional fields
 * left out). Every problem becomes a field error "form.<name>" in err;
 * returns JW_OK, or JW_E_VALIDATION with *out untouched.
 */
enum jw_code jw_form_check(const char *def, const char *values, struct jw_arena *a, const char **out,
                           struct jw_error *err);

/* One attachment a citizen names: which of the form's attachments it is,
 * and the upload's stored type and size (type NULL: not the caller's upload). */
struct jw_attachment_in {
  const char *name;
  int64_t upload_id;
  const char *type;
  int64_t size;
};

/*
 * Checks the n attachments a (a may be NULL when n is 0) against the form
 * definition def (JSON text): known names, allowed types, sizes, counts,
 * required ones present, no upload twice. Adds field errors
 * "attachments[i]" or "attachments.<name>" to err; returns JW_OK or
 * JW_E_VALIDATION.
 */
enum jw_code jw_attachments_check(const char *def, const struct jw_attachment_in *a, size_t n, struct jw_error *err);

/* Statuses and events, as the API spells them. */
enum jw_app_status {
  APP_SUBMITTED,
  APP_ACCEPTED,
  APP_NOT_ACCEPTED,
  APP_SUPPLEMENT,
  APP_UNDER_REVIEW,
  APP_APPROVED,
  APP_REFUSED,
  APP_COMPLETED,
  APP_WITHDRAWN,
  APP_STATUS__MAX
};
extern const char *const jw_app_status_names[];  /* "submitted", … NULL-terminated */
extern const char *const jw_app_status_labels[]; /* "已提交", … */

/* Rating grades 1..5 by index (index 0 is ""): 非常不满意 … 非常满意. */
extern const char *const jw_app_grade_names[];

/* The name / Chinese label of status s and the name of grade g (0..5).
 * Static strings. s and g must be in range (asserted: a status or grade
 * outside its table is a bug, the database's CHECKs keep stored ones in). */
const char *jw_app_status_name(enum jw_app_status s);
const char *jw_app_status_label(enum jw_app_status s);
const char *jw_app_grade_name(int g);

/* Who may fire a transition: the applicant, or staff of these roles. */
#define JW_APP_APPLICANT (1u << 30)

struct jw_transition {
  const char *event;
  enum jw_app_status from, to;
  unsigned who; /* JW_APP_APPLICANT or JW_BIT(role)s */
  int needs_reason, needs_result;
};

/* The transition for event from status from (in range, asserted), or NULL
 * when the event does not leave that status. *known (may be NULL) is set
 * to 1 when event exists at all, else 0. The result is static. */
const struct jw_transition *jw_app_transition(const char *event, enum jw_app_status from, int *known);

/* The status named s, or -1. */
int jw_app_status_parse(const char *s);

/* 1 when status s is open (the clock runs: submitted, accepted, under
 * review, approved), else 0. */
int jw_app_status_open(int s);

/*
 * What the applications tell the payable's owner when a case whose fee is
 * unpaid ends (withdrawn; or not accepted, refused, completed, should a
 * decision ever end an unpaid case): the payable ("application", tracking
 * number) is void. It runs inside the transaction that ends the case, so
 * both happen or neither; an error rolls the transition back.
 */
typedef enum jw_code (*jw_app_fee_void_fn)(struct jw_conn *c, const char *purpose, const char *ref, long long now,
                                           struct jw_error *err);
/* Sets it, once at start (the composition root, app/, hands payments' jw_pay_payable_void); NULL: nobody is told. */
void jw_apps_set_fee_void(jw_app_fee_void_fn fn);

/*
 * Who acts and where: every operation below runs on db, allocates in arena
 * (what it returns is arena-owned) and writes audit rows for user (never
 * NULL) from ip (may be NULL). tz_offset_min is the bureau's zone, for
 * "today". All borrowed.
 */
struct jw_apps_ctx {
  struct jw_conn *db;
  struct jw_arena *arena;
  const struct jw_user *user;
  const char *ip;
  int tz_offset_min;
};

/* Today in the bureau's time zone, "YYYY-MM-DD" into out. */
void jw_apps_today(const struct jw_apps_ctx *x, char out[11]);

/* An application as stored (strings arena-owned). */
struct jw_application {
  int64_t id, service_id, applicant_id, unit_id, assignee_id; /* assignee_id 0: none */
  int service_version;
  enum jw_app_status status;
  const char *tracking_no, *unit_path, *due_date;
  const char *paused_on; /* "YYYY-MM-DD" while waiting for a supplement, else NULL */
  const char *form;      /* JSON text */
  int64_t fee_cents;     /* the item's fee when applied for (0: none) */
  int fee_paid;          /* 1 once that fee is paid */
};

/*
 * Loads the application with this tracking number into *a when the caller
 * may see it: its applicant, or staff who work cases and whose scope holds
 * the handling unit. Anyone else gets JW_E_NOT_FOUND (err set), as if it did
 * not exist; a database error's code otherwise. *a is only valid on JW_OK.
 */
enum jw_code jw_app_load(const struct jw_apps_ctx *x, const char *tracking_no, struct jw_application *a,
                         struct jw_error *err);

/* 1 when the caller is staff (not the applicant) who may work a. */
int jw_app_staff_view(const struct jw_apps_ctx *x, const struct jw_application *a);

/* One entry of a case's history. */
struct jw_app_event {
  int64_t at;
  const char *event, *from, *to; /* from NULL for the first event */
  const char *actor_name, *actor_role, *reason;
};

/* One attachment of a case. */
struct jw_app_file {
  const char *name; /* the form's attachment name */
  int64_t upload_id, size;
  const char *content_type, *file_name; /* file_name as uploaded */
};

/* The case as the detail page shows it (strings and arrays arena-owned). */
struct jw_app_detail {
  struct jw_application app;
  const char *service_name, *unit_name, *applicant_name, *applicant_phone;
  int64_t submitted_at;
  const char *result; /* NULL: none yet */
  const char *reason;
  int64_t completed_at; /* 0: not completed */
  const char *assignee_name;
  int grade; /* 0: not rated */
  const char *comment;
  int overdue, due_soon, paused;
  struct jw_app_event *history;
  size_t nhistory;
  struct jw_app_file *files;
  size_t nfiles;
  const char *actions[12]; /* the events the caller may fire now, NULL-terminated */
};

/*
 * Fills *d with a (loaded by jw_app_load), its names, rating, history,
 * attachments and the events the caller may fire. Returns JW_OK or the
 * code with err set (*d then partly filled: do not use it).
 */
enum jw_code jw_app_detail(const struct jw_apps_ctx *x, const struct jw_application *a, struct jw_app_detail *d,
                           struct jw_error *err);

/* Records a staff read of a's personal data (action "application.view",
 * "application.attachment"; detail appended to the tracking number) in an
 * audit row, in a transaction of its own. Returns JW_OK or the code with err set. */
enum jw_code jw_app_audit_read(const struct jw_apps_ctx *x, const char *action, const struct jw_application *a,
                               const char *detail, struct jw_error *err);

/*
 * Looks up the caller's uploads named by the n attachments a (name and
 * upload_id set): sets each one's type and size, or leaves type NULL when
 * the upload is not the caller's. Returns JW_OK or the database error's code.
 */
enum jw_code jw_app_attachments_lookup(const struct jw_apps_ctx *x, struct jw_attachment_in *a, size_t n,
                                       struct jw_error *err);

/*
 * The unit that accepts an application: unit_id, or when unit_id is 0 the
 * citizen's home unit (the unit of kinds at or above the grid they live in).
 * kinds (NULL-terminated) are the unit kinds that accept the item
 * (jw_service_accepting_kinds). Sets *id and *path (arena-owned). Returns
 * JW_OK; JW_E_VALIDATION with a field error "unit_id" when the unit does not
 * exist, is not of kinds, or none was given and the home is unknown (never
 * a silent default); or a database error's code.
 */
enum jw_code jw_app_accepting_unit(const struct jw_apps_ctx *x, int64_t unit_id, const char *const *kinds, int64_t *id,
                                   const char **path, struct jw_error *err);

struct jw_apps_unit;
/*
 * The units that accept an item whose unit kinds are kinds, in tree order
 * (arena array *units of *n), and *home, the signed-in citizen's home unit
 * among them (0: not a citizen, not a resident, or none of kinds above
 * their grid). x->user may be NULL. JW_OK or the code with err set.
 */
enum jw_code jw_app_units_for(const struct jw_apps_ctx *x, const char *const *kinds, struct jw_apps_unit **units,
                              size_t *n, int64_t *home, struct jw_error *err);

/* A new application, checked by the caller (form, attachments, unit). */
struct jw_app_new {
  int64_t service_id, unit_id;
  int version, promised_days;
  const char *unit_path, *form;     /* form: normalised JSON text */
  const char *idem_key, *idem_hash; /* NULL: no Idempotency-Key */
  const struct jw_attachment_in *att;
  size_t natt;
  int daily_limit, open_per_item; /* the citizen's limits (configuration) */
  int64_t fee_cents;              /* the item's fee (0: none): the case waits for it before the queue */
};

/* What an application was answered with. */
struct jw_app_made {
  char tracking_no[40];
  char status[24];
  char due_date[11];
  int service_version;
};

/*
 * The answer given to an earlier application of the caller with the same
 * Idempotency-Key: 1 with *out filled when there is one with the same body
 * hash; 0 when the key is new; -1 with err set when the key was used for a
 * different body (JW_E_VALIDATION) or the database failed.
 */
int jw_app_idem_find(const struct jw_apps_ctx *x, const char *key, const char *hash, struct jw_app_made *out,
                     struct jw_error *err);

/*
 * Adds the citizen's application p in one transaction: the daily limit and
 * the open applications per item (JW_E_RATE_LIMITED with err->retry_after,
 * JW_E_CONFLICT), a tracking number from the day's sequence, the due date in
 * working days, the attachments, the "submit" event, its audit row and the
 * applicant's notification. Fills *out on JW_OK; otherwise returns the code
 * with err set and nothing written (JW_E_CONFLICT also when the same
 * Idempotency-Key was used at the same time).
 */
enum jw_code jw_app_apply(const struct jw_apps_ctx *x, const struct jw_app_new *p, struct jw_app_made *out,
                          struct jw_error *err);

/* A transition asked for (checked by the caller against t). */
struct jw_app_move {
  const struct jw_transition *t;
  const char *reason, *result; /* NULL: none */
  const char *form;            /* the resubmitted form (JSON text), NULL: unchanged */
  const struct jw_attachment_in *att;
  size_t natt;
  int replace_files; /* 1: att replaces the attachments */
};

/*
 * Fires m->t on a (which must be in t->from) in one transaction: the new
 * status, reason/result, a resumed due date after a supplement, the
 * completion facts and the transactions counter, the event, its audit row
 * and the applicant's notification. Returns JW_OK, JW_E_CONFLICT when the
 * application changed meanwhile, or another code; err set on failure.
 */
enum jw_code jw_app_fire(const struct jw_apps_ctx *x, const struct jw_application *a, const struct jw_app_move *m,
                         struct jw_error *err);

/*
 * Assigns a to staff member user_id, who must be active staff of a's unit
 * (or above it) within the caller's scope (else JW_E_VALIDATION with a field
 * error "user_id"), and writes the audit row, in one transaction. Returns
 * JW_OK or the code with err set.
 */
enum jw_code jw_app_assign(const struct jw_apps_ctx *x, const struct jw_application *a, int64_t user_id,
                           struct jw_error *err);

/*
 * Records the applicant's rating of a completed application (grade 1..5,
 * comment checked by the caller, "" for none), a follow-up for the unit
 * when the grade is 2 or less, and the audit row, in one transaction.
 * Returns JW_OK, JW_E_CONFLICT when it was rated already, or another code;
 * err set on failure.
 */
enum jw_code jw_app_rate(const struct jw_apps_ctx *x, const struct jw_application *a, int grade, const char *comment,
                         struct jw_error *err);

/* The stored file of one attachment (strings arena-owned). */
struct jw_app_stored_file {
  const char *sha256, *content_type, *name;
  int64_t size;
};

/* The file of upload upload_id attached to a into *f. Returns JW_OK,
 * JW_E_NOT_FOUND when a has no such attachment, or a database error's code;
 * err set on failure. */
enum jw_code jw_app_file(const struct jw_apps_ctx *x, const struct jw_application *a, int64_t upload_id,
                         struct jw_app_stored_file *f, struct jw_error *err);

/* One line of a list of applications (strings arena-owned). */
struct jw_app_summary {
  const char *tracking_no, *service_name, *status, *due_date, *unit_name, *applicant_name, *assignee_name;
  int64_t service_id, submitted_at, unit_id;
  int64_t fee_cents; /* the item's fee (0: none) */
  int fee_paid;      /* 1 once the fee is paid */
  int rated;
  int overdue, due_soon; /* open and past / within three days of the due date */
};

/* Today and the last day that counts as "due soon" (three calendar days on). */
void jw_apps_due_window(const struct jw_apps_ctx *x, char today[11], char soon[11]);

/*
 * The caller's own applications (status NULL: any), newest first, at most
 * limit + 1 of them from offset: *out receives an arena array, *n its
 * length. Returns JW_OK or the code with err set (*out, *n untouched).
 */
enum jw_code jw_apps_mine(const struct jw_apps_ctx *x, const char *status, int64_t limit, int64_t offset,
                          struct jw_app_summary **out, size_t *n, struct jw_error *err);

/* The queue's filters (NULL / has_* 0: not filtered). */
struct jw_apps_queue_filter {
  const char *status;
  int64_t unit_id; /* 0: every unit of the caller's scope */
  int has_unit;
  int64_t service_id;
  int has_service;
  int due;          /* 0: any, 1: overdue, 2: due soon */
  int64_t assignee; /* with has_assignee: 0 unassigned, else the user */
  int has_assignee;
  int state; /* 0 every case, 1 waiting (not finished), 2 finished */
};

/*
 * The applications of the caller's scope matching f: those still waiting
 * first, the nearest deadline first; finished ones after them, the most
 * recently changed first. At most
 * limit + 1 from offset, into an arena array *out of *n. Returns JW_OK,
 * JW_E_NOT_FOUND when f names a unit outside the scope, or another code;
 * err set on failure.
 */
enum jw_code jw_apps_queue(const struct jw_apps_ctx *x, const struct jw_apps_queue_filter *f, int64_t limit,
                           int64_t offset, struct jw_app_summary **out, size_t *n, struct jw_error *err);

/* One unit's open applications. */
struct jw_apps_unit_load {
  int64_t unit_id, overdue, due_soon, open;
  const char *unit_name;
};

/* The open applications of the caller's scope by unit, most overdue first,
 * into an arena array *out of *n. Returns JW_OK or the code with err set. */
enum jw_code jw_apps_overdue(const struct jw_apps_ctx *x, struct jw_apps_unit_load **out, size_t *n,
                             struct jw_error *err);

/* A follow-up a bad rating made. */
struct jw_app_followup {
  int64_t id, created_at;
  int grade;
  const char *tracking_no, *service_name, *unit_name, *comment;
};

/* The follow-ups of the caller's scope, newest first, at most limit + 1
 * from offset, into an arena array *out of *n. Returns JW_OK or the code
 * with err set. */
enum jw_code jw_apps_followups(const struct jw_apps_ctx *x, int64_t limit, int64_t offset, struct jw_app_followup **out,
                               size_t *n, struct jw_error *err);

/* For `jingwu seed --demo`: when the citizen has no application yet, adds
 * a completed and rated one and a waiting one at unit, handled by staff,
 * dated in the bureau's zone (tz_offset_min). Returns how many were added
 * (0 or 2), or -1 on error (err set). */
int jw_apps_seed_demo(struct jw_conn *c, int64_t citizen, int64_t unit, int64_t staff, int tz_offset_min,
                      struct jw_error *err);

#endif
