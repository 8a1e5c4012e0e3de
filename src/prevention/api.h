/*
 * api.h — the prevention bus's HTTP handlers, for the route table
 * (app/routes.c). Each reads the request, replies through http/ and returns
 * JW_OK, or returns an error code with err set and writes no reply.
 */
#ifndef JW_PREVENTION_API_H
#define JW_PREVENTION_API_H

#include "http/http.h"

/* Requests one address may send without a proof of work in an hour, and
 * with one in a day. */
#define JW_PREV_FREE_PER_HOUR 3
#define JW_PREV_MAX_PER_DAY   6

/* GET /api/v1/prevention/calendar?month=YYYY-MM — the public calendar (no officers, no contacts). */
enum jw_code jw_prev_api_calendar(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/prevention/totals?from=YYYY-MM&to=YYYY-MM — events held, visitors, scheduled per month (public). */
enum jw_code jw_prev_api_totals(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/prevention/requests — the public request form; limited per address (429 with a challenge). */
enum jw_code jw_prev_api_request(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/prevention/requests?status=&limit=&cursor= — the requests in scope, oldest first. */
enum jw_code jw_prev_api_requests(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/prevention/requests/{id} — one request (phone whole for police). */
enum jw_code jw_prev_api_request_get(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/prevention/requests/{id}/approve — {day, starts, ends, place, officers, topic?}; 201 the event. */
enum jw_code jw_prev_api_approve(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/prevention/requests/{id}/decline — {reason}; 200 the request. */
enum jw_code jw_prev_api_decline(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/prevention/events?month=&status= — the events of a month in scope. */
enum jw_code jw_prev_api_events(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/prevention/events — schedules an event; 201 the event. */
enum jw_code jw_prev_api_event_create(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/prevention/events/{id} — one event in scope. */
enum jw_code jw_prev_api_event_get(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/prevention/events/{id}/held — {visitors}; 200 the event. */
enum jw_code jw_prev_api_held(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/prevention/events/{id}/cancel — {reason}; 200 the event. */
enum jw_code jw_prev_api_event_cancel(struct jw_req *r, struct jw_error *err);

#endif
