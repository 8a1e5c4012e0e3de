/*
 * api.h — the stats domain's HTTP handlers (public figures, page views, the
 * client's configuration) and the server's own /healthz and /metrics, for
 * the route table (app/routes.c). Each reads the request, replies through
 * http/ and returns JW_OK, or returns an error code with err set and writes
 * no reply.
 */
#ifndef JW_STATS_API_H
#define JW_STATS_API_H

#include "http/http.h"

/* GET /api/v1/stats/public — page views, transactions handled, units, officers. */
enum jw_code jw_stats_api_public(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/stats/page-view {"path"?}: counts a page load once per
 * visitor, page and window (cfg page_view_window); visitors are a signed
 * jw_vid cookie this handler issues, else the session, else the address,
 * which also caps what one address adds per window. Crawlers, scripts and
 * headless browsers (by User-Agent) are not counted. The view is queued in
 * memory and counted by the next tick (GET /api/v1/stats/public lags by at
 * most one tick). Always 204. */
enum jw_code jw_stats_api_page_view(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/config: the bureau's UTC offset and today's date there, and
 * the upload and application limits, for clients to compute dates with. */
enum jw_code jw_stats_api_config(struct jw_req *r, struct jw_error *err);
/* GET /healthz — 200 {"status":"ok"} when the database answers, else 503. */
enum jw_code jw_health_api(struct jw_req *r, struct jw_error *err);
/* GET /metrics — Prometheus text: the process's HTTP metrics, its database
 * connections and the business counters. */
enum jw_code jw_metrics_api(struct jw_req *r, struct jw_error *err);

/* GET /api/v1/stats/overview?months=12 (public): the last months (1..60)
 * of every domain's figures per month in the bureau's zone, with totals and
 * the figures of now; computed live from the data, served from memory for
 * up to 60 s. Bad months → 422. */
enum jw_code jw_stats_api_overview(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/stats/units/{id}?months=12 (staff): the same figures for the
 * units under unit {id}, which must lie in the caller's scope (else 404). */
enum jw_code jw_stats_api_unit(struct jw_req *r, struct jw_error *err);

#endif
