/* internal.h — what the files of src/applications/ share; not for other modules. */
#ifndef JW_APPLICATIONS_INTERNAL_H
#define JW_APPLICATIONS_INTERNAL_H

#include "applications/applications.h"
#include "calendar/calendar.h"

/* Staff roles that work cases (the queue, the case page). */
#define JW_APP_STAFF                                                                                                  \
  (JW_BIT(JW_ROLE_AUXILIARY) | JW_BIT(JW_ROLE_OFFICER) | JW_BIT(JW_ROLE_STATION_CHIEF) | JW_BIT(JW_ROLE_UNIT_ADMIN) | \
   JW_BIT(JW_ROLE_SYSADMIN))

/* An application as stored (strings arena-owned). */
struct app_row {
  int64_t id, service_id, applicant_id, unit_id, assignee_id;
  int service_version;
  enum jw_app_status status;
  const char *tracking_no, *unit_path, *due_date, *paused_on, *form;
};

/*
 * Loads the application with this tracking number when the caller may see
 * it: its applicant, or staff who work cases and whose scope holds the
 * handling unit. Anyone else gets JW_E_NOT_FOUND, as if it did not exist.
 */
enum jw_code app_load(struct jw_req *r, const char *tracking_no, struct app_row *a, struct jw_error *err);

/* 1 when the caller is staff (not the applicant) looking at a. */
int app_staff_view(const struct jw_req *r, const struct app_row *a);

/* The application as the detail page shows it, with its history and the
 * events the caller may fire now. New reference, NULL on error (err set). */
json_t *app_detail(struct jw_req *r, const struct app_row *a, struct jw_error *err);

/*
 * The tracking number of the n-th application of day (yyyymmdd) into out
 * (40 bytes): "TZ" yyyymmdd nnnnnn "-" and six random digits, e.g.
 * TZ20261130000123-482913. The first part reads like the old numbers; the
 * random part makes a number that was not handed out impossible to guess
 * (one in a million per real application), and a wrong guess is answered
 * exactly like a number that does not exist.
 */
void app_tracking_no(const char *day, int64_t n, char out[40]);

/* Today in the bureau's time zone, "YYYY-MM-DD" into out. */
void app_today(const struct jw_req *r, char out[11]);

/* The attachments of a request body ([{name, upload_id}]) with each
 * upload's type and size looked up among the caller's uploads; field errors
 * for malformed entries. *n receives the count; the array is arena-owned. */
enum jw_code app_attachments_in(struct jw_req *r, json_t *list, struct jw_attachment_in **out, size_t *n,
                                struct jw_error *err);

/* Replaces (or sets) the files of application id; inside a transaction. */
enum jw_code app_files_put(struct jw_conn *c, int64_t id, const struct jw_attachment_in *a, size_t n,
                           struct jw_error *err);

/* Audits a staff read of a case's personal data (action "application.view"
 * …) in a transaction of its own, as the audit chain requires. */
enum jw_code app_audit_read(struct jw_req *r, const char *action, const struct app_row *a, const char *detail,
                            struct jw_error *err);

/* Records an event, writes the audit row and tells the applicant; inside a
 * transaction. from is -1 for the first event. */
enum jw_code app_event(struct jw_req *r, struct jw_conn *c, const struct app_row *a, const char *event, int from,
                       enum jw_app_status to, const char *reason, struct jw_error *err);

#endif
