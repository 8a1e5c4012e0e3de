/*
 * api.h — the HTTP handlers of applications, for the route table
 * (app/routes.c), and the two helpers the handler files share. Each handler
 * reads the request, replies through http/ and returns JW_OK, or returns an
 * error code with err set and writes no reply.
 */
#ifndef JW_APPLICATIONS_API_H
#define JW_APPLICATIONS_API_H

#include <jansson.h>

#include "applications/applications.h"
#include "http/http.h"

/* POST /api/v1/applications — a citizen applies (Idempotency-Key honoured); 201 {tracking_no, status, due_date,
 * service_version}. */
enum jw_code jw_apps_api_create(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/applications/{tracking_no} — the case with history, attachments and the caller's actions. */
enum jw_code jw_apps_api_get(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/applications/{tracking_no}/transitions — body {event, reason?, result?, form?, attachments?}. */
enum jw_code jw_apps_api_transition(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/applications/{tracking_no}/assign — body {user_id}. */
enum jw_code jw_apps_api_assign(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/applications/{tracking_no}/rating — body {grade, comment?}; the applicant, once completed. */
enum jw_code jw_apps_api_rate(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/applications/{tracking_no}/attachments/{upload_id} — the file, as an attachment. */
enum jw_code jw_apps_api_attachment(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/services/{id}/accepting-units — the units that accept item id's applications, {items, kind_names,
 * home_unit_id} (the signed-in citizen's home unit among them, or null). */
enum jw_code jw_apps_api_accepting_units(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/me/applications?status=&limit=&cursor= — the citizen's own, newest first. */
enum jw_code jw_apps_api_mine(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/applications?status=&service_id=&unit_id=&due=&assignee= — the queue of the caller's scope. */
enum jw_code jw_apps_api_queue(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/applications/overdue — open cases by unit of the caller's scope. */
enum jw_code jw_apps_api_overdue(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/applications/follow-ups — the follow-ups of bad ratings in the caller's scope. */
enum jw_code jw_apps_api_followups(struct jw_req *r, struct jw_error *err);

/* For the handler files: the domain's context of request r (its
 * connection, arena, user, address and the bureau's zone). Borrowed from r. */
struct jw_apps_ctx jw_apps_api_ctx(struct jw_req *r);

/*
 * For the handler files: the attachments of a request body ([{name,
 * upload_id}], list NULL or null: none) with each upload's type and size
 * looked up among the caller's uploads; field errors for malformed
 * entries (then nothing is looked up). *out receives an arena array of *n.
 * Returns JW_OK, JW_E_VALIDATION, or a database error's code; err set on failure.
 */
enum jw_code jw_apps_api_attachments(struct jw_req *r, json_t *list, struct jw_attachment_in **out, size_t *n,
                                     struct jw_error *err);

/* "none" (no fee), "to_pay" or "paid": how an application's fee stands, for the JSON. */
const char *jw_apps_payment_status(int64_t fee_cents, int fee_paid);

#endif
