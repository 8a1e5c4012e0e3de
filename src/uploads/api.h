/*
 * api.h — the uploads' HTTP handler, for the route table (app/routes.c).
 * It reads the request, replies through http/ and returns JW_OK, or
 * returns an error code with err set and writes no reply.
 */
#ifndef JW_UPLOADS_API_H
#define JW_UPLOADS_API_H

#include "http/http.h"

/* POST /api/v1/uploads — a raw_body route: multipart/form-data with one
 * file in the field "file"; 201 with {id, sha256, content_type, size, name}. */
enum jw_code jw_uploads_api_create(struct jw_req *r, struct jw_error *err);

#endif
