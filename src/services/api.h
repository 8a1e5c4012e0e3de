/*
 * api.h — the catalogue's and the disclosure's HTTP handlers
 * (services_api.c, edit_api.c, disclosure_api.c), for the route table
 * (app/routes.c). Each reads the request, replies through http/ and returns
 * JW_OK, or returns an error code with err set and writes no reply.
 */
#ifndef JW_SERVICES_API_H
#define JW_SERVICES_API_H

#include "http/http.h"

/* GET /api/v1/services?q=&category=&online_level=&limit=&cursor= — public search of the published items. */
enum jw_code jw_services_api_list(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/services/categories — every category with its count of published items. */
enum jw_code jw_services_api_categories(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/services/{id}?version= — an item's guide (the current version by default). */
enum jw_code jw_services_api_get(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/services/{id}/versions — the published versions, newest first. */
enum jw_code jw_services_api_versions(struct jw_req *r, struct jw_error *err);

struct jw_svc_snapshot;
/* The catalogue's snapshot (services/cache.h) with the guides this file
 * renders, held until r's arena is freed: for another domain's handler that
 * lists catalogue items (the site search). NULL with err set on failure. */
struct jw_svc_snapshot *jw_services_api_snapshot(struct jw_req *r, struct jw_error *err);

/* Editing: sysadmin and the unit_admin of the city bureau itself. */
/* POST /api/v1/services — a new item as a draft; 201 {id, has_draft}. */
enum jw_code jw_services_api_create(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/services/{id}/draft — the draft, else the published document, to edit. */
enum jw_code jw_services_api_draft_get(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/services/{id}/draft — saves the draft. */
enum jw_code jw_services_api_draft_put(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/services/{id}/publish — publishes the draft as the next version. */
enum jw_code jw_services_api_publish(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/services/drafts — the items with work left, paged. */
enum jw_code jw_services_api_drafts(struct jw_req *r, struct jw_error *err);

/* GET /api/v1/disclosure — how all items' applications went (public, counts only). */
enum jw_code jw_disclosure_api_overall(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/services/{id}/disclosure — one item's figures and who handled its applications. */
enum jw_code jw_disclosure_api_service(struct jw_req *r, struct jw_error *err);

#endif
