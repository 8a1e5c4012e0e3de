/*
 * api.h — the reports domain's HTTP handlers, for the route table
 * (app/routes.c): Open311 GeoReport v2 under /open311/v2 (every path in
 * .json and .xml; errors as the specification's [{code, description}],
 * written by the handler itself), and the portal's and the console's JSON
 * under /api/v1 (problem+json errors as everywhere).
 */
#ifndef JW_REPORTS_API_H
#define JW_REPORTS_API_H

#include "http/http.h"

/* The largest Open311 POST body (form-encoded). */
#define JW_O311_MAX_BODY 16384

/* GET /open311/v2/services.{json,xml} — the service list. */
enum jw_code jw_o311_api_services(struct jw_req *r, struct jw_error *err);
/* GET /open311/v2/services/{code}.{json,xml} — a service definition (attributes). */
enum jw_code jw_o311_api_service(struct jw_req *r, struct jw_error *err);
/* GET /open311/v2/requests.{json,xml} — the public list, filtered. */
enum jw_code jw_o311_api_requests(struct jw_req *r, struct jw_error *err);
/* POST /open311/v2/requests.{json,xml} — a new report, form-encoded, with api_key. */
enum jw_code jw_o311_api_create(struct jw_req *r, struct jw_error *err);
/* GET /open311/v2/requests/{id}.{json,xml} — one report. */
enum jw_code jw_o311_api_request(struct jw_req *r, struct jw_error *err);
/* GET /open311/v2/tokens/{token}.{json,xml} — the report a token stands for. */
enum jw_code jw_o311_api_token(struct jw_req *r, struct jw_error *err);

/* The dispatcher's own errors (no route, wrong method, body too large)
 * under /open311/ in the specification's format: JSON, or XML for a path
 * ending in .xml; NULL for other paths (problem+json). For struct
 * jw_app.own_error. */
const char *jw_o311_own_error(struct jw_arena *a, const char *path, int status, const char *detail, const char **type);

/* POST /api/v1/reports — the portal's form (signed-in citizen). */
enum jw_code jw_reports_api_create(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/me/reports — the citizen's own reports. */
enum jw_code jw_reports_api_mine(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/reports?state= — the staff queue within the caller's scope. */
enum jw_code jw_reports_api_queue(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/reports/{id} — staff in scope (with contact data and notes) or its reporter. */
enum jw_code jw_reports_api_get(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/reports/{id}/photo — the photo, for its reporter and staff in scope. */
enum jw_code jw_reports_api_photo(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/reports/{id}/actions — {action, body?, officer_id?, hotspot_id?, expected_date?}. */
enum jw_code jw_reports_api_act(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/reports/api-keys — {name}: issues an Open311 api_key (sysadmin). */
enum jw_code jw_reports_api_key(struct jw_req *r, struct jw_error *err);

#endif
