/*
 * api.h — the hotspots' HTTP handlers, for the route table (app/routes.c).
 * Each reads the request, replies through http/ and returns JW_OK, or
 * returns an error code with err set and writes no reply.
 */
#ifndef JW_HOTSPOTS_API_H
#define JW_HOTSPOTS_API_H

#include "http/http.h"

/* GET /api/v1/hotspots?status=listed|delisted&campaign= — public, paged:
 * the hotspots being rectified (listed, rectifying, checking) or the
 * delisted ones, with the sums of their monthly figures; numbers only. */
enum jw_code jw_hot_api_public_list(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/hotspots/{id} — public: one listed or delisted hotspot with
 * its monthly figures; an identified one is 404. */
enum jw_code jw_hot_api_public_get(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/hotspots/registry?status=&kind=&campaign=&q= — staff, within
 * their scope, paged. */
enum jw_code jw_hot_api_search(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/hotspots/{id}/record — staff: the whole record with its
 * timeline, reports, checks and the events the caller may fire. */
enum jw_code jw_hot_api_get(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/hotspots — registers a hotspot (identified); 201 with the record. */
enum jw_code jw_hot_api_create(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/hotspots/{id} — edits it; 200 with the record. */
enum jw_code jw_hot_api_update(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/hotspots/{id}/transitions — body {event, …}; 200 with the record. */
enum jw_code jw_hot_api_transition(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/hotspots/{id}/reports — a monthly progress report; 201. */
enum jw_code jw_hot_api_report(struct jw_req *r, struct jw_error *err);

#endif
