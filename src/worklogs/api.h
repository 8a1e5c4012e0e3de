/*
 * api.h — the work logs' HTTP handlers, for the route table (app/routes.c).
 * Each reads the request, replies through http/ and returns JW_OK, or
 * returns an error code with err set and writes no reply. The routes admit
 * the community roles (auxiliary, officer, station_chief, unit_admin); the
 * domain narrows to the author and the chief's scope (worklogs.h).
 */
#ifndef JW_WORKLOGS_API_H
#define JW_WORKLOGS_API_H

#include "http/http.h"

/* POST /api/v1/worklogs — body {kind, started_at, …the kind's fields}; 201 with the log. */
enum jw_code jw_worklogs_api_create(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/worklogs?kind=&officer_id=&from=&to=&limit=&cursor= — the logs the user may read, newest first. */
enum jw_code jw_worklogs_api_list(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/worklogs/month?month=YYYY-MM&officer_id= — one officer's month: counts per day and kind, the items. */
enum jw_code jw_worklogs_api_month(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/worklogs/workload?month=YYYY-MM&unit_id= — per officer of the unit: the month's sums. */
enum jw_code jw_worklogs_api_workload(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/worklogs/{id} — one log, the parties of a mediation unmasked for its author and a station chief. */
enum jw_code jw_worklogs_api_get(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/worklogs/{id} — the author replaces the log (same kind) within 7 days. */
enum jw_code jw_worklogs_api_update(struct jw_req *r, struct jw_error *err);
/* DELETE /api/v1/worklogs/{id} — the author deletes the log within 7 days; 204. */
enum jw_code jw_worklogs_api_delete(struct jw_req *r, struct jw_error *err);

#endif
