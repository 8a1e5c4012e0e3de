/*
 * metrics.h — Prometheus counters and histograms of this process.
 * Per process by design: Prometheus scrapes each instance and sums.
 */
#ifndef JW_METRICS_H
#define JW_METRICS_H

#include "core/mem.h"
#include "http/http.h"

/* Allocates the per-route tables: n + 2 slots (the routes of table, which is
 * borrowed and must outlive the metrics; static files; unmatched). */
void jw_metrics_init(const struct jw_route *table, int n);
void jw_metrics_free(void);
/* route: index into the route table, or -1 static files, -2 unmatched. */
void jw_metrics_record(int route, int status, double seconds);
void jw_metrics_db_error(void);
/* The exposition text. Arena-owned. */
char *jw_metrics_render(struct jw_arena *a);

#endif
