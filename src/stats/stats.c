/* stats.c — the counters' rules: counting a page view once per visitor, page
 * and window, and the periodic expiry of counting rows. */
#include "stats/stats.h"

#include <stdio.h>
#include <time.h>

#include "auth/auth.h"
#include "calendar/calendar.h"
#include "core/log.h"
#include "stats/store.h"
#include "uploads/uploads.h"

enum jw_code jw_counter_add(struct jw_conn *c, const char *name, int64_t n, struct jw_error *err) {
  return jw_stats_store_counter_add(c, name, n, err);
}

enum jw_code jw_stats_public_read(struct jw_conn *c, struct jw_stats_public *out, struct jw_error *err) {
  return jw_stats_store_public(c, out, err);
}

enum jw_code jw_stats_counters(struct jw_conn *c, struct jw_arena *a, struct jw_counter **out, size_t *n,
                               struct jw_error *err) {
  return jw_stats_store_counters(c, a, out, n, err);
}

void jw_stats_housekeeping(struct jw_conn *c, const struct jw_config *cfg) {
  static int64_t last, flushed; /* the tick runs on the server's main thread only */
  int64_t now = (int64_t)time(NULL);
  if (!flushed) flushed = now; /* the first count one interval after the start */
  if (cfg->page_view_flush <= 1 || now - flushed >= cfg->page_view_flush) {
    flushed = now;
    struct jw_error ferr = {0};
    if (jw_stats_views_flush(c, NULL, &ferr) != JW_OK)
      jw_warn("page views: flush: %s (kept for the next one)", ferr.detail);
  }
  if (now - last < 5) return;
  last = now;
  jw_uploads_sweep(c, cfg);
  struct jw_error err = {0};
  int window = cfg->page_view_window > 0 ? cfg->page_view_window : 1800;
  jw_stats_store_expire_views(c, now - now % window - window, &err);
  jw_error_clear(&err);
  char old[11];
  jw_local_date(now - 3 * 86400, cfg->tz_offset_min, old);
  jw_stats_store_expire_usage(c, old, &err);
  jw_conn_release(c);
}

void jw_stats_views_drain(struct jw_db *db) {
  struct jw_error err = {0};
  for (int attempt = 0; attempt < 5 && jw_stats_views_pending() > 0; attempt++) {
    struct jw_conn *c = jw_db_conn(db, &err);
    if (!c) break;
    int64_t n = 0;
    if (jw_stats_views_flush(c, &n, &err) == JW_OK) {
      jw_info("page views: %lld counted at stop", (long long)n);
      break;
    }
    jw_warn("page views: flush at stop: %s", err.detail);
    jw_error_clear(&err);
    struct timespec ts = {0, 200 * 1000000L};
    nanosleep(&ts, NULL);
  }
  size_t left = jw_stats_views_pending();
  if (left) jw_error("page views: %zu could not be counted at stop", left);
  jw_stats_views_discard();
}
