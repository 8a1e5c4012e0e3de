/*
 * api.h — the live stream's HTTP handler, for the route table (app/routes.c).
 */
#ifndef JW_EVENTS_API_H
#define JW_EVENTS_API_H

#include "http/http.h"

/* Open streams one user may hold (tabs, devices), and the process in all. */
#define JW_EVENTS_STREAMS_PER_USER 10
#define JW_EVENTS_STREAMS_MAX      4096
/* A comment line is sent after this long without an event. */
#define JW_EVENTS_HEARTBEAT_MS 15000

/* GET /api/v1/events — Server-Sent Events for the signed-in user: every
 * event row after Last-Event-ID (header, or ?last_event_id=; without
 * either, from now on), then each new one as it is written; a comment line
 * every 15 s; ends when the session ends or the server drains. 429 past
 * the per-user cap, 503 past the global one. */
enum jw_code jw_events_api_stream(struct jw_req *r, struct jw_error *err);

#endif
