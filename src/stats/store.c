/* store.c — every SQL statement of the stats domain (counters, page_views_seen,
 * and the expiry of application_usage rows). */
#include "stats/store.h"

#include <string.h>

#include "core/mem.h"

static const char SQL_COUNTER_ADD[] = "UPDATE counters SET value = value + ? WHERE name = ?";
static const char SQL_PUBLIC[] =
    "SELECT (SELECT value FROM counters WHERE name = 'page_views'),"
    " (SELECT value FROM counters WHERE name = 'transactions'),"
    " (SELECT COUNT(*) FROM units),"
    " (SELECT COUNT(*) FROM officers WHERE kind = 'police'),"
    " (SELECT COUNT(*) FROM officers WHERE kind = 'auxiliary')";
static const char SQL_SEEN[] =
    "INSERT INTO page_views_seen (visitor, path, window_start) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
static const char SQL_COUNTERS[] = "SELECT name, value FROM counters ORDER BY name";
static const char SQL_OLD_VIEWS[] = "DELETE FROM page_views_seen WHERE window_start < ?";
static const char SQL_OLD_APP_USAGE[] = "DELETE FROM application_usage WHERE day < ?";

enum jw_code jw_stats_store_counter_add(struct jw_conn *c, const char *name, int64_t n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_COUNTER_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, n);
  jw_bind_text(s, 2, name);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_stats_store_public(struct jw_conn *c, struct jw_stats_public *out, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PUBLIC, err);
  if (!s) return err->code;
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  out->page_views = jw_col_int(s, 0);
  out->transactions = jw_col_int(s, 1);
  out->units = jw_col_int(s, 2);
  out->police = jw_col_int(s, 3);
  out->auxiliaries = jw_col_int(s, 4);
  jw_conn_release(c);
  return JW_OK;
}

int jw_stats_store_view_seen(struct jw_conn *c, const char *key, const char *path, int64_t window_start,
                             struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SEEN, err);
  if (!s) return -1;
  jw_bind_text(s, 1, key);
  jw_bind_text(s, 2, path);
  jw_bind_int(s, 3, window_start);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s) == 1;
}

enum jw_code jw_stats_store_counters(struct jw_conn *c, struct jw_arena *a, struct jw_counter **out, size_t *n,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_COUNTERS, err);
  if (!s) return err->code;
  size_t cap = 0, len = 0;
  struct jw_counter *rows = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    rows[len].name = jw_arena_strdup(a, jw_col_text(s, 0));
    rows[len++].value = jw_col_int(s, 1);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

enum jw_code jw_stats_store_expire_views(struct jw_conn *c, int64_t before, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OLD_VIEWS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, before);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_stats_store_expire_usage(struct jw_conn *c, const char *day, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OLD_APP_USAGE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, day);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}
