/* stats.c — the counters' rules: counting a page view once per visitor, page
 * and window, and the periodic expiry of counting rows. */
#include "stats/stats.h"

#include <stdio.h>
#include <time.h>

#include "auth/auth.h"
#include "calendar/calendar.h"
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

struct view_tx {
  const struct jw_page_view *v;
  int counted;
};

static enum jw_code view_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct view_tx *t = arg;
  const struct jw_page_view *v = t->v;
  t->counted = 0;
  /* A visitor given an id just now is also marked seen under it, so the
   * next load with the cookie in this window does not count again. */
  if (v->fresh_key && jw_stats_store_view_seen(c, v->fresh_key, v->path, v->window_start, err) < 0) return err->code;
  int first = jw_stats_store_view_seen(c, v->key, v->path, v->window_start, err);
  if (first <= 0) return first < 0 ? err->code : JW_OK;
  /* However many ids one address collects, it adds at most so many views
   * per window. */
  char key[80];
  snprintf(key, sizeof key, "page-view-ip:%.60s", v->ip ? v->ip : "");
  if (jw_rate_limit(c, key, v->ip_limit, v->window_secs, err) != JW_OK) {
    jw_error_clear(err);
    return JW_OK;
  }
  t->counted = 1;
  return jw_stats_store_counter_add(c, "page_views", 1, err);
}

enum jw_code jw_stats_count_view(struct jw_conn *c, const struct jw_page_view *v, int *counted, struct jw_error *err) {
  struct view_tx t = {v, 0};
  *counted = 0;
  if (jw_tx(c, view_tx, &t, err) != JW_OK) return err->code;
  *counted = t.counted;
  return JW_OK;
}

void jw_stats_housekeeping(struct jw_conn *c, const struct jw_config *cfg) {
  static int64_t last; /* the tick runs on the server's main thread only */
  int64_t now = (int64_t)time(NULL);
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
