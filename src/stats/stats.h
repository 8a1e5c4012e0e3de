/* stats.h — the public counters (page views, transactions handled) and the
 * server's own health and metrics endpoints. */
#ifndef JW_STATS_H
#define JW_STATS_H

#include "http/http.h"

/* Adds n to the named counter inside the caller's transaction (other
 * domains count transactions handled through this). */
enum jw_code jw_counter_add(struct jw_conn *c, const char *name, int64_t n, struct jw_error *err);

enum jw_code jw_stats_api_public(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/stats/page-view {"path"?}: counts a page load once per
 * visitor, page and window (cfg page_view_window); visitors are a signed
 * jw_vid cookie this handler issues, else the session, else the address,
 * which also caps what one address adds per window. Crawlers, scripts and
 * headless browsers (by User-Agent) are not counted. Always 204. */
enum jw_code jw_stats_api_page_view(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/config: the bureau's UTC offset and today's date there, and
 * the upload and application limits, for clients to compute dates with. */
enum jw_code jw_stats_api_config(struct jw_req *r, struct jw_error *err);
enum jw_code jw_health_api(struct jw_req *r, struct jw_error *err);
enum jw_code jw_metrics_api(struct jw_req *r, struct jw_error *err);

/* The periodic clean-up run from the server's tick (every 5 s at most):
 * unused uploads (jw_uploads_sweep), the application quota rows of past
 * days and the page-view windows that have ended. Main thread only. */
void jw_stats_housekeeping(struct jw_conn *c, const struct jw_config *cfg);

#endif
