/* stats.h — the public counters (page views, transactions handled) and the
 * server's own health and metrics endpoints. */
#ifndef JW_STATS_H
#define JW_STATS_H

#include "http/http.h"

/* Adds n to the named counter inside the caller's transaction (other
 * domains count transactions handled through this). */
enum jw_code jw_counter_add(struct jw_conn *c, const char *name, int64_t n, struct jw_error *err);

enum jw_code jw_stats_api_public(struct jw_req *r, struct jw_error *err);
enum jw_code jw_stats_api_page_view(struct jw_req *r, struct jw_error *err);
enum jw_code jw_health_api(struct jw_req *r, struct jw_error *err);
enum jw_code jw_metrics_api(struct jw_req *r, struct jw_error *err);

#endif
