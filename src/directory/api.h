/*
 * api.h — the directory's HTTP handlers (units_api.c, officers_api.c), for
 * the route table (app/routes.c). Each reads the request, replies through
 * http/ and returns JW_OK, or returns an error code with err set and writes
 * no reply. Changes are limited to the caller's data scope; a unit or
 * officer outside it is 404 like a missing one.
 */
#ifndef JW_DIRECTORY_API_H
#define JW_DIRECTORY_API_H

#include "http/http.h"

struct jw_dir_snapshot;
/* The directory's snapshot (directory/cache.h) with each officer's JSON
 * text as GET /api/v1/officers writes it; the caller gives it back with
 * jw_dir_release(). For another domain's handler that lists officers (the
 * site search). NULL with err set on failure. */
struct jw_dir_snapshot *jw_officers_api_snapshot(struct jw_req *r, struct jw_error *err);

/* GET /api/v1/units?format=list|tree&parent_id=&kind=&q=&limit=&cursor= — public. */
enum jw_code jw_units_api_list(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/units/{id} — the unit, its ancestors and how many sub-units and officers it has. */
enum jw_code jw_units_api_get(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/units — creates a unit below a parent in the caller's scope; 201 with the unit. */
enum jw_code jw_units_api_create(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/units/{id} — changes a unit (a new parent moves its subtree); 200 with the unit. */
enum jw_code jw_units_api_update(struct jw_req *r, struct jw_error *err);
/* DELETE /api/v1/units/{id} — 204; 409 while anything still belongs to it. */
enum jw_code jw_units_api_delete(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/officers?unit_id=&kind=&q=&limit=&cursor= — public, from the in-memory snapshot. */
enum jw_code jw_officers_api_list(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/officers/{id} — the officer and their unit. */
enum jw_code jw_officers_api_get(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/officers — 201 with the officer. */
enum jw_code jw_officers_api_create(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/officers/{id} — 200 with the officer. */
enum jw_code jw_officers_api_update(struct jw_req *r, struct jw_error *err);
/* DELETE /api/v1/officers/{id} — 204. */
enum jw_code jw_officers_api_delete(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/directory/locate?address= — public: the station (and the grid's
 * community officer) of a street, community or address; {items: []} when none. */
enum jw_code jw_directory_api_locate(struct jw_req *r, struct jw_error *err);

#endif
