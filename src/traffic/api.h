/*
 * api.h — the traffic handlers, for the route table (app/routes.c). Each
 * reads the request, replies through http/ and returns JW_OK, or returns an
 * error code with err set and writes no reply.
 */
#ifndef JW_TRAFFIC_API_H
#define JW_TRAFFIC_API_H

#include "http/http.h"

/* GET /api/v1/violations?plate_type=&plate=&engine6= — the public query of a
 * vehicle's violations, behind the plate guard (vehicles/api.h). */
enum jw_code jw_violations_api_query(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/violation-acts — the act dictionary. */
enum jw_code jw_violations_api_acts(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/me/violations?vehicle_id=&status= — a page of the citizen's bound vehicles' violations. */
enum jw_code jw_violations_api_mine(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/me/violations/{id}/handle — handles one online (no body); replies the violation. */
enum jw_code jw_violations_api_handle(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/me/licence — her points, the limit and the cycle's days. */
enum jw_code jw_violations_api_licence(struct jw_req *r, struct jw_error *err);

/* GET /api/v1/road-conditions?district= — the public board. */
enum jw_code jw_road_api_board(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/road-conditions/segments — the traffic police add a segment (201). */
enum jw_code jw_road_api_segment_create(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/road-conditions/segments/{id} — body {status, note?}. */
enum jw_code jw_road_api_segment_update(struct jw_req *r, struct jw_error *err);
/* DELETE /api/v1/road-conditions/segments/{id} — 204. */
enum jw_code jw_road_api_segment_delete(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/road-conditions/incidents — the traffic police post an incident (201). */
enum jw_code jw_road_api_incident_create(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/road-conditions/incidents/{id}/end — ends a current incident now. */
enum jw_code jw_road_api_incident_end(struct jw_req *r, struct jw_error *err);

#endif
