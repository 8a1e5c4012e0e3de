/* metrics.c — lock-free counters (C11 atomics) rendered as Prometheus text. */
#include "http/metrics.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"

/* Statuses are counted by class of exact code among those jingwu answers. */
static const int statuses[] = {200, 201, 204, 206, 304, 400, 401, 403, 404,
                               405, 409, 413, 414, 415, 422, 429, 500, 503};
#define NSTATUS (sizeof statuses / sizeof statuses[0])
#define NOTHER  NSTATUS /* any other code */
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
#define NBUCKETS (sizeof buckets / sizeof buckets[0])

struct route_stats {
  atomic_ulong by_status[NSTATUS + 1];
  atomic_ulong bucket[NBUCKETS]; /* non-cumulative; summed when rendered */
  atomic_ulong count;
  atomic_ullong micros; /* total latency in microseconds */
};

static struct route_stats *stats;
static int nslots;
static const struct jw_route *routes; /* borrowed: the app's static table */
static int nroutes;
static atomic_ulong db_errors;

void jw_metrics_init(const struct jw_route *table, int n) {
  routes = table;
  nroutes = n;
  nslots = n + 2;
  stats = calloc((size_t)nslots, sizeof *stats);
}

void jw_metrics_free(void) {
  free(stats);
  stats = NULL;
}

static int slot_of(int route) {
  if (route >= 0) return route;
  return nslots + route; /* -1 → last, -2 → the one before */
}

void jw_metrics_record(int route, int status, double seconds) {
  if (!stats) return;
  struct route_stats *s = &stats[slot_of(route)];
  size_t k = NOTHER;
  for (size_t i = 0; i < NSTATUS; i++)
    if (statuses[i] == status) {
      k = i;
      break;
    }
  atomic_fetch_add_explicit(&s->by_status[k], 1, memory_order_relaxed);
  size_t b = 0;
  while (b < NBUCKETS && seconds > buckets[b]) b++;
  if (b < NBUCKETS) atomic_fetch_add_explicit(&s->bucket[b], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&s->micros, (unsigned long long)(seconds * 1e6), memory_order_relaxed);
}

void jw_metrics_db_error(void) { atomic_fetch_add_explicit(&db_errors, 1, memory_order_relaxed); }

static void route_label(int slot, const char **method, const char **pattern) {
  if (slot < nroutes) {
    *method = jw_method_names[routes[slot].method];
    *pattern = routes[slot].pattern;
  } else if (slot == nslots - 1) {
    *method = "GET";
    *pattern = "static";
  } else {
    *method = "any";
    *pattern = "unmatched";
  }
}

char *jw_metrics_render(struct jw_arena *a) {
  struct jw_buf b = {a, NULL, 0, 0};
  jw_buf_printf(&b,
                "# HELP jingwu_http_requests_total HTTP requests answered, by route and status.\n"
                "# TYPE jingwu_http_requests_total counter\n");
  for (int r = 0; stats && r < nslots; r++) {
    const char *m, *p;
    route_label(r, &m, &p);
    for (size_t k = 0; k <= NSTATUS; k++) {
      unsigned long v = atomic_load_explicit(&stats[r].by_status[k], memory_order_relaxed);
      if (!v) continue;
      if (k < NSTATUS)
        jw_buf_printf(&b, "jingwu_http_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} %lu\n", m, p,
                      statuses[k], v);
      else
        jw_buf_printf(&b, "jingwu_http_requests_total{method=\"%s\",route=\"%s\",status=\"other\"} %lu\n", m, p, v);
    }
  }
  jw_buf_printf(&b,
                "# HELP jingwu_http_request_duration_seconds Time from request to response.\n"
                "# TYPE jingwu_http_request_duration_seconds histogram\n");
  for (int r = 0; stats && r < nslots; r++) {
    unsigned long count = atomic_load_explicit(&stats[r].count, memory_order_relaxed);
    if (!count) continue;
    const char *m, *p;
    route_label(r, &m, &p);
    unsigned long cum = 0;
    for (size_t i = 0; i < NBUCKETS; i++) {
      cum += atomic_load_explicit(&stats[r].bucket[i], memory_order_relaxed);
      jw_buf_printf(&b, "jingwu_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"%g\"} %lu\n", m, p,
                    buckets[i], cum);
    }
    jw_buf_printf(&b, "jingwu_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"+Inf\"} %lu\n", m, p,
                  count);
    jw_buf_printf(&b, "jingwu_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n", m, p,
                  (double)atomic_load_explicit(&stats[r].micros, memory_order_relaxed) / 1e6);
    jw_buf_printf(&b, "jingwu_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %lu\n", m, p, count);
  }
  jw_buf_printf(&b,
                "# HELP jingwu_db_errors_total Database errors (not counting constraint conflicts).\n"
                "# TYPE jingwu_db_errors_total counter\n"
                "jingwu_db_errors_total %lu\n",
                atomic_load_explicit(&db_errors, memory_order_relaxed));
  return b.p;
}
