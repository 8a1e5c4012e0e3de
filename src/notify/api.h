/*
 * api.h — the signed-in user's inbox over HTTP, for the route table
 * (app/routes.c). Each handler reads the request, replies through http/ and
 * returns JW_OK, or returns an error code with err set and writes no reply.
 */
#ifndef JW_NOTIFY_API_H
#define JW_NOTIFY_API_H

#include "http/http.h"

/* GET /api/v1/me/notifications?limit=&cursor= — a page of the inbox, newest
 * first, with the unread count. */
enum jw_code jw_notify_api_list(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/me/notifications/{id}/read — marks one read; 204, or 404
 * when the user has no such notification. */
enum jw_code jw_notify_api_read(struct jw_req *r, struct jw_error *err);

#endif
