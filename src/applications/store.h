/*
 * store.h — the applications domain's SQL, one function per operation.
 * Private to src/applications/: only the domain's logic files call it.
 * Every function takes the connection it runs on (inside the caller's jw_tx
 * when it writes) and sets err on failure; strings and arrays it returns
 * are allocated in the arena a it is given.
 */
#ifndef JW_APPLICATIONS_STORE_H
#define JW_APPLICATIONS_STORE_H

#include "applications/applications.h"

/* --- one case (store.c) --- */

/* The application with this tracking number into *out: 1 when found, 0
 * when not, -1 on a database error (err set). */
int jw_apps_store_load(struct jw_conn *c, struct jw_arena *a, const char *tracking_no, struct jw_application *out,
                       struct jw_error *err);

/* The names, dates, result, assignee and rating of application d->app.id
 * into *d (the other fields untouched). Returns JW_OK or the code with err
 * set (JW_E_DB when the row is gone). */
enum jw_code jw_apps_store_detail(struct jw_conn *c, struct jw_arena *a, struct jw_app_detail *d, struct jw_error *err);

/* The history of application id, oldest first, into an arena array *out of
 * *n. Returns JW_OK or the code with err set. */
enum jw_code jw_apps_store_history(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_app_event **out,
                                   size_t *n, struct jw_error *err);

/* The attachments of application id (by name, then upload) into an arena
 * array *out of *n; file_name is the upload's stored name. Returns JW_OK or
 * the code with err set. */
enum jw_code jw_apps_store_files(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_app_file **out, size_t *n,
                                 struct jw_error *err);

/* Appends an event of application id (from NULL for the first; reason ""
 * for none). Returns JW_OK or the code with err set. */
enum jw_code jw_apps_store_event_add(struct jw_conn *c, int64_t id, int64_t at, const char *event, const char *from,
                                     const char *to, int64_t actor_id, const char *reason, struct jw_error *err);

/* The name of item service_id into *name (arena-owned). Returns JW_OK or
 * the code with err set (JW_E_DB when there is no such item). */
enum jw_code jw_apps_store_service_name(struct jw_conn *c, struct jw_arena *a, int64_t service_id, const char **name,
                                        struct jw_error *err);

/* The content type and size of upload id when it belongs to user_id: 1
 * (*type arena-owned, *size set), 0 when not, -1 on a database error. */
int jw_apps_store_upload(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t user_id, const char **type,
                         int64_t *size, struct jw_error *err);

/* Replaces the attachments of application id by the n of att. Returns
 * JW_OK or the code with err set. */
enum jw_code jw_apps_store_files_put(struct jw_conn *c, int64_t id, const struct jw_attachment_in *att, size_t n,
                                     struct jw_error *err);

/* Counts one more application of user_id on day ("YYYY-MM-DD") unless the
 * count would pass max: 1 when counted, 0 when the limit is reached, -1 on
 * a database error (err set). The day's row stays locked until the commit. */
int jw_apps_store_usage_bump(struct jw_conn *c, int64_t user_id, const char *day, int max, struct jw_error *err);

/* The open applications of user_id for item service_id, or -1 (err set). */
int64_t jw_apps_store_open_count(struct jw_conn *c, int64_t user_id, int64_t service_id, struct jw_error *err);

/* The next number of day's sequence (day "yyyymmdd"), or -1 (err set). */
int64_t jw_apps_store_seq_next(struct jw_conn *c, const char *day, struct jw_error *err);

/* The columns of a new application row. */
struct jw_apps_store_row {
  const char *tracking_no, *unit_path, *status, *form, *submitted_month, *due_date;
  int64_t service_id, applicant_id, unit_id, submitted_at, updated_at;
  int service_version;
  const char *idem_key, *idem_hash; /* NULL: none */
  /* completed ones (the demo): result NULL and completed_at 0 for open ones */
  const char *result, *completed_month;
  int64_t completed_at;
  int on_time;
};

/* Inserts row r; *id receives the new id. Returns JW_OK or the code with
 * err set (JW_E_CONFLICT when the Idempotency-Key was used meanwhile). */
enum jw_code jw_apps_store_insert(struct jw_conn *c, const struct jw_apps_store_row *r, int64_t *id,
                                  struct jw_error *err);

/* The earlier application of user_id with Idempotency-Key key: 1 with *out
 * and *hash (arena-owned) set, 0 when none, -1 on a database error. */
int jw_apps_store_idem(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char *key, struct jw_app_made *out,
                       const char **hash, struct jw_error *err);

/* A unit that may accept an application (strings arena-owned). */
struct jw_apps_unit {
  int64_t id;
  const char *name, *kind, *address;
  const char *parent_name;   /* "" for the root */
  const char *district_name; /* the nearest branch (分局) at or above it; "" when none */
};

/* The unit of the first of kinds (NULL-terminated) at or above the grid of
 * the resident record with user_id's ID number into *out: 1 when found, 0
 * when the citizen is no resident or no such unit is above the grid, -1 on
 * a database error. */
int jw_apps_store_home_unit(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char *const *kinds,
                            struct jw_apps_unit *out, struct jw_error *err);

/* Every unit of kinds (NULL-terminated, at most 4 used), in tree order, at
 * most 500, into an arena array *out of *n. JW_OK or the code with err set. */
enum jw_code jw_apps_store_units_of_kinds(struct jw_conn *c, struct jw_arena *a, const char *const *kinds,
                                          struct jw_apps_unit **out, size_t *n, struct jw_error *err);

/* Unit unit_id into *id, *path and *kind (arena-owned):
 * 1 when found, 0 when not, -1 on a database error. */
int jw_apps_store_unit(struct jw_conn *c, struct jw_arena *a, int64_t unit_id, int64_t *id, const char **path,
                       const char **kind, struct jw_error *err);

/* The change a transition makes to an application row. */
struct jw_apps_store_move {
  int64_t id, now;
  const char *from, *to;              /* statuses: the row must still be in from */
  const char *reason, *result, *form; /* NULL: unchanged */
  const char *paused_on;              /* NULL: not paused */
  const char *due_date;
  int64_t completed_at; /* 0: not completed (completed_month, on_time ignored) */
  const char *completed_month;
  int on_time;
};

/* Applies m: 1 when the row changed, 0 when it was no longer in m->from,
 * -1 on a database error (err set). */
int jw_apps_store_move(struct jw_conn *c, const struct jw_apps_store_move *m, struct jw_error *err);

/* Active staff member user_id who works cases: 1 with *name and *unit_path
 * (arena-owned), 0 when there is none, -1 on a database error. */
int jw_apps_store_staff(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char **name,
                        const char **unit_path, struct jw_error *err);

/* Sets the assignee of application id. Returns JW_OK or the code with err set. */
enum jw_code jw_apps_store_assign(struct jw_conn *c, int64_t id, int64_t user_id, int64_t now, struct jw_error *err);

/* Adds the rating of application id. Returns JW_OK, JW_E_CONFLICT when it
 * has one already, or another code; err set on failure. */
enum jw_code jw_apps_store_rate(struct jw_conn *c, int64_t id, int grade, const char *comment, int64_t at,
                                struct jw_error *err);

/* Adds a follow-up of application id for the unit at unit_path. Returns
 * JW_OK or the code with err set. */
enum jw_code jw_apps_store_followup_add(struct jw_conn *c, int64_t id, const char *unit_path, int64_t at,
                                        struct jw_error *err);

/* Upload upload_id attached to application id into *f (arena-owned
 * strings): 1 when attached, 0 when not, -1 on a database error. */
int jw_apps_store_file(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t upload_id,
                       struct jw_app_stored_file *f, struct jw_error *err);

/* --- lists and the demo (store_lists.c) --- */

/* The path of unit id into *path (arena-owned): 1 when found, 0 when not,
 * -1 on a database error. */
int jw_apps_store_unit_path(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path, struct jw_error *err);

/* Applications of user_id (status NULL: any), newest first, limit rows from
 * offset, into an arena array *out of *n (overdue and due_soon not set).
 * Returns JW_OK or the code with err set. */
enum jw_code jw_apps_store_mine(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char *status,
                                int64_t limit, int64_t offset, struct jw_app_summary **out, size_t *n,
                                struct jw_error *err);

/* The queue's query: unit paths in [lo, hi), the optional filters (NULL /
 * has_* 0: not filtered), by due date. */
struct jw_apps_store_queue {
  const char *lo, *hi, *status, *unit_lo, *unit_hi;
  const char *overdue;           /* open and due before this day */
  const char *soon_lo, *soon_hi; /* open and due within [soon_lo, soon_hi] */
  int64_t service_id, assignee;
  int has_service, has_assignee;
  int state; /* 0 every case, 1 not finished, 2 finished */
};

/* The rows of q, limit rows from offset, into an arena array *out of *n
 * (overdue and due_soon not set). Returns JW_OK or the code with err set. */
enum jw_code jw_apps_store_queue(struct jw_conn *c, struct jw_arena *a, const struct jw_apps_store_queue *q,
                                 int64_t limit, int64_t offset, struct jw_app_summary **out, size_t *n,
                                 struct jw_error *err);

/* Open applications with unit paths in [lo, hi) by unit: due before today,
 * due from today to soon, all; most overdue first. Arena array *out of *n.
 * Returns JW_OK or the code with err set. */
enum jw_code jw_apps_store_overdue(struct jw_conn *c, struct jw_arena *a, const char *today, const char *soon,
                                   const char *lo, const char *hi, struct jw_apps_unit_load **out, size_t *n,
                                   struct jw_error *err);

/* Follow-ups with unit paths in [lo, hi), newest first, limit rows from
 * offset, into an arena array *out of *n. Returns JW_OK or the code with err set. */
enum jw_code jw_apps_store_followups(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi,
                                     int64_t limit, int64_t offset, struct jw_app_followup **out, size_t *n,
                                     struct jw_error *err);

/* How many applications user_id has made, or -1 (err set). */
int64_t jw_apps_store_count_by(struct jw_conn *c, int64_t user_id, struct jw_error *err);

/* The published item with this code: its id (and *version), or -1 when
 * there is none or on a database error (err set then). */
int64_t jw_apps_store_item(struct jw_conn *c, const char *code, int *version, struct jw_error *err);

/* Notes that application id waits for fee_cents (its item's fee). */
enum jw_code jw_apps_store_fee_put(struct jw_conn *c, int64_t id, int64_t fee_cents, struct jw_error *err);

/* An application's fee as its applicant pays it. */
struct jw_app_fee_due {
  char status[24];
  char service_name[120];
  int64_t fee_cents; /* 0: the item carries no fee */
  int paid;
};

/* Reads tracking_no's fee if applicant_id made it: 1 found, 0 not, -1 on error. */
int jw_apps_store_fee_due(struct jw_conn *c, const char *tracking_no, int64_t applicant_id, struct jw_app_fee_due *out,
                          struct jw_error *err);

/* Marks tracking_no's fee paid at now if unpaid: rows changed (0 or 1), -1 on error. */
int jw_apps_store_fee_paid(struct jw_conn *c, const char *tracking_no, int64_t now, struct jw_error *err);

#endif
