/*
 * api.h — the site search's HTTP handler, for the route table
 * (app/routes.c). It reads the request, replies through http/ and returns
 * JW_OK, or returns an error code with err set and writes no reply.
 */
#ifndef JW_SEARCH_API_H
#define JW_SEARCH_API_H

#include "http/http.h"

/* GET /api/v1/search?q=&limit= — public: the services, news articles,
 * officers and public Q&A that match q, grouped, up to limit (1..20,
 * default 5) of each with "more" when a group has further hits. */
enum jw_code jw_search_api(struct jw_req *r, struct jw_error *err);

#endif
