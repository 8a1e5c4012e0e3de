/* overview.c — the public statistics: the month series of every domain's
 * figures in the bureau's zone, and the whole bureau's figures cached per
 * process for a short while. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/mem.h"
#include "stats/stats.h"
#include "stats/store.h"

/* Year and month (1..12) of Unix time t shifted by off seconds. */
static void month_of(int64_t t, int off, int *y, int *m) {
  time_t x = (time_t)(t + off);
  struct tm tm;
  gmtime_r(&x, &tm);
  *y = tm.tm_year + 1900;
  *m = tm.tm_mon + 1;
}

/* Unix time of the first instant of month (y, m) in a zone off seconds ahead of UTC. */
static int64_t month_start(int y, int m, int off) {
  while (m > 12) m -= 12, y++;
  while (m < 1) m += 12, y--;
  struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = 1};
  return (int64_t)timegm(&tm) - off;
}

struct fold {
  struct jw_stats_overview *o;
  int y0, m0; /* the first month of the series */
};

/* The index of month "YYYY-MM" in the series, or -1. */
static int index_of(const struct fold *f, int y, int m) {
  int i = (y - f->y0) * 12 + (m - f->m0);
  return i >= 0 && i < f->o->months ? i : -1;
}

static void add(void *ctx, enum jw_stats_metric metric, const char *month, int64_t day, int64_t a, int64_t b) {
  struct fold *f = ctx;
  int y, m;
  if (month) {
    if (sscanf(month, "%4d-%2d", &y, &m) != 2) return;
  } else {
    month_of(day * 86400, 0, &y, &m); /* day is already the bureau's */
  }
  int i = index_of(f, y, m);
  if (i < 0) return;
  struct jw_stats_month *x = &f->o->m[i];
  switch (metric) {
  case JW_SM_APPS_SUBMITTED:
    x->apps_submitted += a;
    break;
  case JW_SM_APPS_COMPLETED:
    x->apps_completed += a, x->apps_on_time += b;
    break;
  case JW_SM_VIOLATIONS_HANDLED:
    x->violations_handled += a;
    break;
  case JW_SM_VIOLATIONS_PAID:
    x->violations_paid += a;
    break;
  case JW_SM_INSPECTIONS_BOOKED:
    x->inspections_booked += a;
    break;
  case JW_SM_INSPECTIONS_DONE:
    x->inspections_done += a;
    break;
  case JW_SM_PAYMENTS:
    x->payments += a, x->payments_cents += b;
    break;
  case JW_SM_HOTSPOTS_DELISTED:
    x->hotspots_delisted += a;
    break;
  case JW_SM_BUS:
    x->bus_events += a, x->bus_visitors += b;
    break;
  case JW_SM_REPORTS_RECEIVED:
    x->reports_received += a;
    break;
  case JW_SM_REPORTS_CLOSED:
    x->reports_closed += a;
    break;
  case JW_SM__COUNT:
    break;
  }
}

enum jw_code jw_stats_overview(struct jw_conn *c, struct jw_arena *a, const char *scope_path, int months,
                               int tz_offset_min, int64_t now, struct jw_stats_overview *out, struct jw_error *err) {
  if (months < 1) months = 1;
  if (months > JW_STATS_MAX_MONTHS) months = JW_STATS_MAX_MONTHS;
  int off = tz_offset_min * 60, y, m;
  month_of(now, off, &y, &m);
  struct fold f = {out, y, m - (months - 1)};
  while (f.m0 < 1) f.m0 += 12, f.y0--;
  memset(out, 0, sizeof *out);
  out->months = months;
  out->computed_at = now;
  out->m = jw_arena_zalloc(a, (size_t)months * sizeof *out->m);
  for (int i = 0; i < months; i++) {
    int yy = f.y0 + (f.m0 - 1 + i) / 12, mm = (f.m0 - 1 + i) % 12 + 1;
    snprintf(out->m[i].month, sizeof out->m[i].month, "%04u-%02u", (unsigned)yy % 10000u, (unsigned)mm % 100u);
  }
  int ye = y + m / 12, me = m % 12 + 1; /* the month after the current one */
  char day_from[16], day_to[16];
  snprintf(day_from, sizeof day_from, "%.7s-01", out->m[0].month);
  snprintf(day_to, sizeof day_to, "%04u-%02u-01", (unsigned)ye % 10000u, (unsigned)me % 100u);
  struct jw_stats_window w = {.from = month_start(f.y0, f.m0, off),
                              .to = month_start(ye, me, off),
                              .off_secs = off,
                              .month_from = out->m[0].month,
                              .month_to = out->m[months - 1].month,
                              .day_from = day_from,
                              .day_to = day_to,
                              .all = scope_path == NULL,
                              .lo = scope_path,
                              .hi = scope_path ? jw_db_prefix_end(a, scope_path) : NULL};
  if (jw_stats_store_series(c, &w, add, &f, err) != JW_OK) return err->code;
  return jw_stats_store_current(c, &w, &out->hotspots_listed, &out->reports_open, err);
}

/* ---- the whole bureau's figures, cached ---- */

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct cached {
  struct jw_stats_overview o; /* o.m malloc'd */
  int tz;
} cache[JW_STATS_MAX_MONTHS + 1];

enum jw_code jw_stats_overview_cached(struct jw_conn *c, struct jw_arena *a, int months, int tz_offset_min, int ttl,
                                      struct jw_stats_overview *out, struct jw_error *err) {
  if (months < 1 || months > JW_STATS_MAX_MONTHS) return jw_fail(err, JW_E_INTERNAL, "months out of range");
  int64_t now = (int64_t)time(NULL);
  struct cached *e = &cache[months];
  pthread_mutex_lock(&cache_mu);
  if (e->o.m && e->tz == tz_offset_min && now - e->o.computed_at < ttl && now >= e->o.computed_at) {
    *out = e->o;
    out->m = jw_arena_alloc(a, (size_t)months * sizeof *out->m);
    memcpy(out->m, e->o.m, (size_t)months * sizeof *out->m);
    pthread_mutex_unlock(&cache_mu);
    return JW_OK;
  }
  pthread_mutex_unlock(&cache_mu);
  /* Computed outside the lock: two requests at the expiry may both compute; the figures are the same. */
  if (jw_stats_overview(c, a, NULL, months, tz_offset_min, now, out, err) != JW_OK) return err->code;
  struct jw_stats_month *copy = malloc((size_t)months * sizeof *copy);
  if (!copy) return JW_OK; /* served uncached */
  memcpy(copy, out->m, (size_t)months * sizeof *copy);
  pthread_mutex_lock(&cache_mu);
  free(e->o.m);
  e->o = *out;
  e->o.m = copy;
  e->tz = tz_offset_min;
  pthread_mutex_unlock(&cache_mu);
  return JW_OK;
}

enum jw_code jw_stats_unit(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **name, const char **path,
                           struct jw_error *err) {
  return jw_stats_store_unit(c, a, id, name, path, err);
}
