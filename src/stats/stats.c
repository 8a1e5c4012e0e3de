/* stats.c — public counters, /healthz and /metrics. */
#include "stats/stats.h"

#include "http/metrics.h"

static const char SQL_COUNTER_ADD[] = "UPDATE counters SET value = value + ? WHERE name = ?";

enum jw_code jw_counter_add(struct jw_conn *c, const char *name, int64_t n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_COUNTER_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, n);
  jw_bind_text(s, 2, name);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

static const char SQL_PUBLIC[] =
    "SELECT (SELECT value FROM counters WHERE name = 'page_views'),"
    " (SELECT value FROM counters WHERE name = 'transactions'),"
    " (SELECT COUNT(*) FROM units),"
    " (SELECT COUNT(*) FROM officers WHERE kind = 'police'),"
    " (SELECT COUNT(*) FROM officers WHERE kind = 'auxiliary')";

enum jw_code jw_stats_api_public(struct jw_req *r, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_PUBLIC, err);
  if (!s) return err->code;
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  int64_t police = jw_col_int(s, 3), aux = jw_col_int(s, 4);
  jw_reply_json(r, 200,
                json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "page_views", (json_int_t)jw_col_int(s, 0), "transactions",
                          (json_int_t)jw_col_int(s, 1), "units", (json_int_t)jw_col_int(s, 2), "officers",
                          (json_int_t)(police + aux), "police", (json_int_t)police, "auxiliaries", (json_int_t)aux));
  return JW_OK;
}

enum jw_code jw_stats_api_page_view(struct jw_req *r, struct jw_error *err) {
  if (jw_counter_add(r->db, "page_views", 1, err) != JW_OK) return err->code;
  jw_reply_empty(r, 204);
  return JW_OK;
}

enum jw_code jw_health_api(struct jw_req *r, struct jw_error *err) {
  (void)err;
  int ok = jw_db_ping(r->db);
  jw_reply_json(r, ok ? 200 : 503, json_pack("{s:s}", "status", ok ? "ok" : "unavailable"));
  return JW_OK;
}

static const char SQL_COUNTERS[] = "SELECT name, value FROM counters ORDER BY name";

/* The process's HTTP metrics, then the database pool and the business
 * counters (shared by all instances: they come from the database). */
enum jw_code jw_metrics_api(struct jw_req *r, struct jw_error *err) {
  const char *http = jw_metrics_render(r->arena);
  char *text = jw_arena_printf(r->arena,
                               "%s# HELP jingwu_db_connections Open database connections of this process.\n"
                               "# TYPE jingwu_db_connections gauge\n"
                               "jingwu_db_connections{driver=\"%s\"} %d\n"
                               "# HELP jingwu_counter Business counters (page views, transactions handled, …).\n"
                               "# TYPE jingwu_counter gauge\n",
                               http, jw_db_kind(r->app->db) == JW_DB_SQLITE ? "sqlite" : "postgres",
                               jw_db_connections(r->app->db));
  struct jw_stmt *s = jw_prepare(r->db, SQL_COUNTERS, err);
  if (!s) return err->code;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW)
    text = jw_arena_printf(r->arena, "%sjingwu_counter{name=\"%s\"} %lld\n", text, jw_col_text(s, 0),
                           (long long)jw_col_int(s, 1));
  if (st == JW_STEP_ERROR) return err->code;
  jw_reply_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", text);
  return JW_OK;
}
