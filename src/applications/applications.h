/*
 * applications.h — applications (办件): the form checked against the item's
 * definition, tracking numbers, time limits in working days, the lifecycle
 * as a transition table, the unit's queue, ratings and follow-ups.
 */
#ifndef JW_APPLICATIONS_H
#define JW_APPLICATIONS_H

#include <jansson.h>
#include <stdint.h>

#include "http/http.h"

/*
 * Checks the values a citizen filled in against a form definition
 * ({"fields": [...], ...}) and returns the normalised form in *out (new
 * reference; ID numbers upper-cased, absent optional fields left out).
 * Every problem becomes a field error "form.<name>"; returns JW_OK or
 * JW_E_VALIDATION.
 */
enum jw_code jw_form_check(json_t *def, json_t *values, json_t **out, struct jw_error *err);

/* One attachment a citizen names: which of the form's attachments it is,
 * and the upload's stored type and size (type NULL: not the caller's upload). */
struct jw_attachment_in {
  const char *name;
  int64_t upload_id;
  const char *type;
  int64_t size;
};

/* Checks attachments against the definition: known names, allowed types,
 * sizes, counts, required ones present, no upload twice. Field errors
 * "attachments[i]…" or "attachments.<name>". */
enum jw_code jw_attachments_check(json_t *def, const struct jw_attachment_in *a, size_t n, struct jw_error *err);

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

/* The transition for event from status, or NULL when the event does not
 * leave that status. *known (may be NULL) is set to 1 when event exists at all. */
const struct jw_transition *jw_app_transition(const char *event, enum jw_app_status from, int *known);

/* The status named s, or -1. */
int jw_app_status_parse(const char *s);

/* For `jingwu seed --demo`: when the citizen has no application yet, adds
 * a completed and rated one and a waiting one at unit, handled by staff,
 * dated in the bureau's zone (tz_offset_min). Returns how many were added
 * (0 or 2), or -1 on error (err set). */
int jw_apps_seed_demo(struct jw_conn *c, int64_t citizen, int64_t unit, int64_t staff, int tz_offset_min,
                      struct jw_error *err);

/* Routes. */
enum jw_code jw_apps_api_create(struct jw_req *r, struct jw_error *err);
enum jw_code jw_apps_api_get(struct jw_req *r, struct jw_error *err);
enum jw_code jw_apps_api_transition(struct jw_req *r, struct jw_error *err);
enum jw_code jw_apps_api_assign(struct jw_req *r, struct jw_error *err);
enum jw_code jw_apps_api_rate(struct jw_req *r, struct jw_error *err);
enum jw_code jw_apps_api_attachment(struct jw_req *r, struct jw_error *err);
enum jw_code jw_apps_api_mine(struct jw_req *r, struct jw_error *err);
enum jw_code jw_apps_api_queue(struct jw_req *r, struct jw_error *err);
enum jw_code jw_apps_api_overdue(struct jw_req *r, struct jw_error *err);
enum jw_code jw_apps_api_followups(struct jw_req *r, struct jw_error *err);

#endif
