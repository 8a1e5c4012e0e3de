/* store.c — every SQL statement of the stats domain (counters, page_views_seen,
 * and the expiry of application_usage rows). */
#include "stats/store.h"

#include <stdio.h>
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

/* ---- the public statistics' aggregates ----
 *
 * Portable SQL: a Unix time's day in the bureau's zone is (t + offset) / 86400
 * (integer division on both databases); the C side folds days into months.
 * Text dates are bucketed by their first seven characters. Each query names
 * its parameters in `binds`: o offset, f from, t to, a all, l lo, h hi,
 * M month_from, N month_to, D day_from, E day_to. */

/* Units in scope (for tables that keep a unit id, not a path). */
#define IN_SCOPE(col) "(? = 1 OR " col " IN (SELECT id FROM units WHERE path >= ? AND path < ?))"

static const struct series_sql {
  enum jw_stats_metric m;
  const char *binds;
  int by_day; /* 1: the bucket column is a day number, 0: text (month in its first 7 characters) */
  const char *sql;
} SERIES[] = {
    {JW_SM_APPS_SUBMITTED, "MNalh", 0,
     "SELECT submitted_month, COUNT(*), 0 FROM applications WHERE submitted_month >= ? AND submitted_month <= ?"
     " AND (? = 1 OR (unit_path >= ? AND unit_path < ?)) GROUP BY submitted_month"},
    {JW_SM_APPS_COMPLETED, "MNalh", 0,
     "SELECT completed_month, COUNT(*), SUM(CASE WHEN on_time = 1 THEN 1 ELSE 0 END) FROM applications"
     " WHERE completed_month IS NOT NULL AND completed_month >= ? AND completed_month <= ?"
     " AND (? = 1 OR (unit_path >= ? AND unit_path < ?)) GROUP BY completed_month"},
    {JW_SM_VIOLATIONS_HANDLED, "oftalh", 1,
     "SELECT (handled_at + ?) / 86400, COUNT(*), 0 FROM violations WHERE handled_at >= ? AND handled_at < ?"
     " AND " IN_SCOPE("unit_id") " GROUP BY 1"},
    {JW_SM_VIOLATIONS_PAID, "oftalh", 1,
     "SELECT (paid_at + ?) / 86400, COUNT(*), 0 FROM violations WHERE paid_at >= ? AND paid_at < ?"
     " AND " IN_SCOPE("unit_id") " GROUP BY 1"},
    {JW_SM_INSPECTIONS_BOOKED, "oftalh", 1,
     "SELECT (created_at + ?) / 86400, COUNT(*), 0 FROM inspection_appointments WHERE created_at >= ?"
     " AND created_at < ? AND " IN_SCOPE("station_id") " GROUP BY 1"},
    {JW_SM_INSPECTIONS_DONE, "oftalh", 1,
     "SELECT (starts_at + ?) / 86400, COUNT(*), 0 FROM inspection_appointments WHERE status = 'checked_in'"
     " AND starts_at >= ? AND starts_at < ? AND " IN_SCOPE("station_id") " GROUP BY 1"},
    /* An order belongs to the unit of what it pays: the application's handling unit, the violation's unit. */
    {JW_SM_PAYMENTS, "oftalhlh", 1,
     "SELECT (paid_at + ?) / 86400, COUNT(*), SUM(amount_cents) FROM payment_orders WHERE paid_at >= ?"
     " AND paid_at < ? AND (? = 1"
     " OR (purpose = 'application' AND ref IN (SELECT tracking_no FROM applications"
     " WHERE unit_path >= ? AND unit_path < ?))"
     " OR (purpose = 'violation' AND ref IN (SELECT CAST(v.id AS TEXT) FROM violations v JOIN units u"
     " ON u.id = v.unit_id WHERE u.path >= ? AND u.path < ?))) GROUP BY 1"},
    {JW_SM_HOTSPOTS_DELISTED, "DEalh", 0,
     "SELECT substr(delisted_on, 1, 7), COUNT(*), 0 FROM hotspots WHERE status = 'delisted'"
     " AND delisted_on >= ? AND delisted_on < ? AND (? = 1 OR (unit_path >= ? AND unit_path < ?))"
     " GROUP BY substr(delisted_on, 1, 7)"},
    {JW_SM_BUS, "DEalh", 0,
     "SELECT substr(day, 1, 7), COUNT(*), COALESCE(SUM(visitors), 0) FROM prevention_events"
     " WHERE status = 'held' AND day >= ? AND day < ? AND (? = 1 OR (unit_path >= ? AND unit_path < ?))"
     " GROUP BY substr(day, 1, 7)"},
    {JW_SM_REPORTS_RECEIVED, "oftalh", 1,
     "SELECT (requested_at + ?) / 86400, COUNT(*), 0 FROM reports WHERE requested_at >= ? AND requested_at < ?"
     " AND (? = 1 OR (unit_path >= ? AND unit_path < ?)) GROUP BY 1"},
    {JW_SM_REPORTS_CLOSED, "oftalh", 1,
     "SELECT (closed_at + ?) / 86400, COUNT(*), 0 FROM reports WHERE closed_at >= ? AND closed_at < ?"
     " AND (? = 1 OR (unit_path >= ? AND unit_path < ?)) GROUP BY 1"},
};

static const char SQL_CURRENT[] =
    "SELECT (SELECT COUNT(*) FROM hotspots WHERE status IN ('listed', 'rectifying', 'checking')"
    " AND (? = 1 OR (unit_path >= ? AND unit_path < ?))),"
    " (SELECT COUNT(*) FROM reports WHERE state <> 'closed' AND (? = 1 OR (unit_path >= ? AND unit_path < ?)))";
static const char SQL_UNIT[] = "SELECT name, path FROM units WHERE id = ?";

static void bind_window(struct jw_stmt *s, const char *binds, const struct jw_stats_window *w) {
  for (int i = 0; binds[i]; i++) {
    int k = i + 1;
    switch (binds[i]) {
    case 'o':
      jw_bind_int(s, k, w->off_secs);
      break;
    case 'f':
      jw_bind_int(s, k, w->from);
      break;
    case 't':
      jw_bind_int(s, k, w->to);
      break;
    case 'a':
      jw_bind_int(s, k, w->all ? 1 : 0);
      break;
    case 'l':
      jw_bind_text(s, k, w->lo ? w->lo : "");
      break;
    case 'h':
      jw_bind_text(s, k, w->hi ? w->hi : "");
      break;
    case 'M':
      jw_bind_text(s, k, w->month_from);
      break;
    case 'N':
      jw_bind_text(s, k, w->month_to);
      break;
    case 'D':
      jw_bind_text(s, k, w->day_from);
      break;
    case 'E':
      jw_bind_text(s, k, w->day_to);
      break;
    default:
      break;
    }
  }
}

enum jw_code jw_stats_store_series(struct jw_conn *c, const struct jw_stats_window *w, jw_stats_bucket_fn fn, void *ctx,
                                   struct jw_error *err) {
  for (size_t q = 0; q < sizeof SERIES / sizeof SERIES[0]; q++) {
    struct jw_stmt *s = jw_prepare(c, SERIES[q].sql, err);
    if (!s) return err->code;
    bind_window(s, SERIES[q].binds, w);
    enum jw_step st;
    while ((st = jw_step(s, err)) == JW_STEP_ROW) {
      char month[8] = "";
      if (!SERIES[q].by_day) {
        snprintf(month, sizeof month, "%.7s", jw_col_text(s, 0));
        fn(ctx, SERIES[q].m, month, 0, jw_col_int(s, 1), jw_col_int(s, 2));
      } else {
        fn(ctx, SERIES[q].m, NULL, jw_col_int(s, 0), jw_col_int(s, 1), jw_col_int(s, 2));
      }
    }
    if (st == JW_STEP_ERROR) return err->code;
    jw_conn_release(c);
  }
  return JW_OK;
}

enum jw_code jw_stats_store_current(struct jw_conn *c, const struct jw_stats_window *w, int64_t *hotspots_listed,
                                    int64_t *reports_open, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CURRENT, err);
  if (!s) return err->code;
  bind_window(s, "alhalh", w);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *hotspots_listed = jw_col_int(s, 0);
  *reports_open = jw_col_int(s, 1);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_stats_store_unit(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **name,
                                 const char **path, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) {
    jw_conn_release(c);
    return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %lld.", (long long)id);
  }
  *name = jw_arena_strdup(a, jw_col_text(s, 0));
  *path = jw_arena_strdup(a, jw_col_text(s, 1));
  jw_conn_release(c);
  return JW_OK;
}
