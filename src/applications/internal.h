/* internal.h — what the logic files of src/applications/ share; not for
 * other modules (they use applications.h), not for the handlers (api.h). */
#ifndef JW_APPLICATIONS_INTERNAL_H
#define JW_APPLICATIONS_INTERNAL_H

#include "applications/applications.h"
#include "calendar/calendar.h"

/* Staff roles that work cases (the queue, the case page). */
#define JW_APP_STAFF                                                                                                  \
  (JW_BIT(JW_ROLE_AUXILIARY) | JW_BIT(JW_ROLE_OFFICER) | JW_BIT(JW_ROLE_STATION_CHIEF) | JW_BIT(JW_ROLE_UNIT_ADMIN) | \
   JW_BIT(JW_ROLE_SYSADMIN))

/*
 * The tracking number of the n-th application of day (yyyymmdd) into out
 * (40 bytes): "TZ" yyyymmdd nnnnnn "-" and six random digits, e.g.
 * TZ20261130000123-482913. The first part reads like the old numbers; the
 * random part makes a number that was not handed out impossible to guess
 * (one in a million per real application), and a wrong guess is answered
 * exactly like a number that does not exist.
 */
void app_tracking_no(const char *day, int64_t n, char out[40]);

/* Writes an audit row for x's user and address about application id, on
 * c (inside the caller's transaction); detail printf-formatted into x's
 * arena. Returns JW_OK or the code with err set. */
enum jw_code app_audit(const struct jw_apps_ctx *x, struct jw_conn *c, const char *action, int64_t id,
                       struct jw_error *err, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Records an event of a (id, tracking_no, service_id, applicant_id set) by
 * x's user, writes the audit row and tells the applicant; on c inside the
 * caller's transaction. from is -1 for the first event; reason may be NULL.
 * Returns JW_OK or the code with err set. */
enum jw_code app_event(const struct jw_apps_ctx *x, struct jw_conn *c, const struct jw_application *a,
                       const char *event, int from, enum jw_app_status to, const char *reason, struct jw_error *err);

#endif
