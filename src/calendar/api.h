/*
 * api.h — the calendar's HTTP handlers, for the route table (app/routes.c).
 * Each reads the request, replies through http/ and returns JW_OK, or
 * returns an error code with err set and writes no reply.
 */
#ifndef JW_CALENDAR_API_H
#define JW_CALENDAR_API_H

#include "http/http.h"

/* GET /api/v1/calendar?year= — the entries of a year (default: this year in the bureau's zone). */
enum jw_code jw_calendar_api_list(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/calendar/{day} — body {kind, name}; enters or replaces the day's entry. */
enum jw_code jw_calendar_api_put(struct jw_req *r, struct jw_error *err);
/* DELETE /api/v1/calendar/{day} — removes the day's entry; 404 when there is none. */
enum jw_code jw_calendar_api_delete(struct jw_req *r, struct jw_error *err);

#endif
