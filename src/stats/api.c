/* api.c — the stats handlers: public figures, page views, the client's
 * configuration, /healthz and /metrics. */
#include "stats/api.h"

#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "core/crypto.h"
#include "core/jspec.h"
#include "http/metrics.h"
#include "stats/stats.h"

enum jw_code jw_stats_api_public(struct jw_req *r, struct jw_error *err) {
  struct jw_stats_public p;
  if (jw_stats_public_read(r->db, &p, err) != JW_OK) return err->code;
  jw_reply_json(r, 200,
                json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "page_views", (json_int_t)p.page_views, "transactions",
                          (json_int_t)p.transactions, "units", (json_int_t)p.units, "officers",
                          (json_int_t)(p.police + p.auxiliaries), "police", (json_int_t)p.police, "auxiliaries",
                          (json_int_t)p.auxiliaries));
  return JW_OK;
}

/* ---- page views ---- */

#define VISITOR_COOKIE "jw_vid"

/* 1 when the User-Agent is a browser a person uses: every browser sends
 * "Mozilla/"; crawlers, link previews, headless browsers and scripts either
 * do not or say what they are. */
static int human_agent(const char *ua) {
  /* The named crawlers of the bureau's logs (Googlebot, bingbot, Baiduspider, YandexBot, Sogou web spider,
   * 360Spider, AhrefsBot, SemrushBot, Bytespider, PetalBot), then the generic tokens that catch the rest
   * ("…bot/2.1", "(compatible; …; +http://…)", "…spider", "…crawler"), link previews, headless browsers
   * and scripts (curl, wget, python, Go, Java). Case-insensitive substrings. */
  static const char *const bots[] = {"googlebot",
                                     "bingbot",
                                     "baiduspider",
                                     "yandex",
                                     "sogou",
                                     "360spider",
                                     "ahrefsbot",
                                     "semrushbot",
                                     "bytespider",
                                     "petalbot",
                                     "bot/",
                                     "bot;",
                                     "bot)",
                                     "+http",
                                     "crawl",
                                     "spider",
                                     "slurp",
                                     "headless",
                                     "phantomjs",
                                     "preview",
                                     "scrapy",
                                     "python",
                                     "curl",
                                     "wget",
                                     "httpclient",
                                     "java/",
                                     "libwww",
                                     "go-http-",
                                     "facebookexternalhit",
                                     NULL};
  if (!ua || !strstr(ua, "Mozilla/")) return 0;
  for (int i = 0; bots[i]; i++)
    if (strcasestr(ua, bots[i])) return 0;
  return 1;
}

/* The MAC that makes a visitor id ours: 16 hex characters of a keyed hash. */
static void visitor_mac(const char *id, size_t n, char out[17]) {
  char buf[64];
  snprintf(buf, sizeof buf, "vid:%.*s", (int)n, id);
  unsigned char h[JW_HASH_BYTES];
  jw_blind_index(buf, h);
  for (int i = 0; i < 8; i++) snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* The visitor id of a jw_vid cookie that this server issued, or NULL. */
static const char *visitor_of(struct jw_req *r) {
  const char *v = jw_cookie(r, VISITOR_COOKIE);
  const char *dot = v ? strchr(v, '.') : NULL;
  if (!dot || dot - v != 22 || strlen(dot + 1) != 16) return NULL;
  char mac[17];
  visitor_mac(v, 22, mac);
  if (sodium_memcmp(mac, dot + 1, 16) != 0) return NULL;
  return jw_arena_strndup(r->arena, v, 22);
}

/* A key for "this visitor" that keeps nothing personal: a keyed hash. */
static char *visitor_key(struct jw_req *r, const char *kind, const char *id) {
  unsigned char h[JW_HASH_BYTES];
  jw_blind_index(jw_arena_printf(r->arena, "pv:%s:%s", kind, id), h);
  return jw_hex(r->arena, h, 16);
}

enum jw_code jw_stats_api_page_view(struct jw_req *r, struct jw_error *err) {
  const char *path = "/";
  const struct jw_field f[] = {{"path", JS_STR, JS_NULLABLE, 1, 200, &path, NULL, NULL}};
  if (r->body && jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  if (path[0] != '/' || strpbrk(path, "?#") || strlen(path) > 400) {
    jw_field_fail(err, "path", "must be the page's path, such as /services/12");
    return err->code;
  }
  const struct jw_config *cfg = &r->app->cfg;
  const char *id = visitor_of(r);
  int64_t now = (int64_t)time(NULL), window = cfg->page_view_window > 0 ? cfg->page_view_window : 1800;
  struct jw_page_view v = {NULL, NULL, path, now - now % window, r->ip, cfg->page_view_ip_limit, cfg->page_view_window};
  if (!id) {
    /* A new visitor id, remembered for a year; until the browser sends it
     * back, the visitor is the session, else the address. */
    char *fresh = jw_random_token(r->arena, 16);
    char mac[17];
    visitor_mac(fresh, strlen(fresh), mac);
    r->set_cookie = jw_arena_printf(r->arena, "%s=%s.%s; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax%s",
                                    VISITOR_COOKIE, fresh, mac, cfg->cookie_secure ? "; Secure" : "");
    v.fresh_key = visitor_key(r, "v", fresh);
  }
  if (id)
    v.key = visitor_key(r, "v", id);
  else if (r->user && r->user->session_hash)
    v.key = visitor_key(r, "s", jw_hex(r->arena, r->user->session_hash, 32));
  else
    v.key = visitor_key(r, "a", r->ip ? r->ip : "");
  if (human_agent(jw_header(r, "User-Agent"))) {
    /* Memory only; the tick counts the batch (jw_stats_views_flush). */
    int q = jw_stats_view_queue(&v);
    if (q < 0) return jw_fail(err, JW_E_INTERNAL, "Out of memory counting the page view.");
    if (q > 0 && jw_stats_views_flush(r->db, NULL, err) != JW_OK) jw_error_clear(err); /* kept for the tick */
  }
  jw_reply_empty(r, 204);
  return JW_OK;
}

/* ---- the bureau's settings a client needs ---- */

enum jw_code jw_stats_api_config(struct jw_req *r, struct jw_error *err) {
  (void)err;
  const struct jw_config *cfg = &r->app->cfg;
  int64_t now = (int64_t)time(NULL);
  char today[11], offset[8];
  jw_local_date(now, cfg->tz_offset_min, today);
  int a = cfg->tz_offset_min < 0 ? -cfg->tz_offset_min : cfg->tz_offset_min;
  snprintf(offset, sizeof offset, "%c%02d:%02d", cfg->tz_offset_min < 0 ? '-' : '+', (a / 60) % 100, a % 60);
  jw_reply_json(
      r, 200,
      json_pack("{s:i, s:s, s:s, s:o, s:{s:I, s:I, s:i, s:I, s:i}, s:{s:i, s:i}}", "tz_offset_min", cfg->tz_offset_min,
                "utc_offset", offset, "today", today, "now", jw_time_json(r, now), "uploads", "max_bytes",
                (json_int_t)cfg->max_upload, "daily_bytes", (json_int_t)cfg->upload_daily_bytes, "daily_files",
                cfg->upload_daily_files, "unattached_bytes", (json_int_t)cfg->upload_unattached_bytes, "keep_hours",
                cfg->upload_keep_hours, "applications", "daily", cfg->app_daily, "open_per_item",
                cfg->app_open_per_item));
  return JW_OK;
}

/* ---- the server's own endpoints ---- */

enum jw_code jw_health_api(struct jw_req *r, struct jw_error *err) {
  (void)err;
  int ok = jw_db_ping(r->db);
  jw_reply_json(r, ok ? 200 : 503, json_pack("{s:s}", "status", ok ? "ok" : "unavailable"));
  return JW_OK;
}

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
  struct jw_counter *counters;
  size_t n;
  if (jw_stats_counters(r->db, r->arena, &counters, &n, err) != JW_OK) return err->code;
  for (size_t i = 0; i < n; i++)
    text = jw_arena_printf(r->arena, "%sjingwu_counter{name=\"%s\"} %lld\n", text, counters[i].name,
                           (long long)counters[i].value);
  jw_reply_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", text);
  return JW_OK;
}

/* ---- public statistics (数据公开) ---- */

/* ?months=: a whole number 1..JW_STATS_MAX_MONTHS, default 12. */
static enum jw_code months_param(struct jw_req *r, int *months, struct jw_error *err) {
  static const char *const known[] = {"months", NULL};
  const char *v = jw_query(r, "months");
  *months = 12;
  if (jw_query_only(r, known, err) != JW_OK) return JW_E_VALIDATION; /* the public lists' rule */
  if (!v) return JW_OK;
  char *end;
  long n = strlen(v) <= 4 && v[0] >= '0' && v[0] <= '9' ? strtol(v, &end, 10) : -1;
  if (n < 1 || n > JW_STATS_MAX_MONTHS || *end) {
    jw_field_fail(err, "months", "must be a whole number from 1 to 60");
    return JW_E_VALIDATION;
  }
  *months = (int)n;
  return JW_OK;
}

/* on_time / completed, or null when nothing was completed. */
static json_t *rate(int64_t part, int64_t whole) {
  return whole > 0 ? json_real((double)(part * 10000 / whole) / 10000.0) : json_null();
}

static json_t *month_json(const struct jw_stats_month *m) {
  json_t *o = json_pack(
      "{s:s, s:I, s:I, s:I, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "month", m->month,
      "applications_submitted", (json_int_t)m->apps_submitted, "applications_completed", (json_int_t)m->apps_completed,
      "applications_on_time", (json_int_t)m->apps_on_time, "on_time_rate", rate(m->apps_on_time, m->apps_completed),
      "violations_handled_online", (json_int_t)m->violations_handled, "violations_paid_online",
      (json_int_t)m->violations_paid, "inspection_bookings", (json_int_t)m->inspections_booked,
      "inspections_checked_in", (json_int_t)m->inspections_done, "payments", (json_int_t)m->payments, "payments_cents",
      (json_int_t)m->payments_cents, "hotspots_delisted", (json_int_t)m->hotspots_delisted, "bus_events",
      (json_int_t)m->bus_events, "bus_visitors", (json_int_t)m->bus_visitors, "reports_received",
      (json_int_t)m->reports_received, "reports_closed", (json_int_t)m->reports_closed);
  return o;
}

static json_t *overview_json(struct jw_req *r, const struct jw_stats_overview *o) {
  struct jw_stats_month t = {0};
  snprintf(t.month, sizeof t.month, "total");
  json_t *series = json_array();
  for (int i = 0; i < o->months; i++) {
    const struct jw_stats_month *m = &o->m[i];
    json_array_append_new(series, month_json(m));
    t.apps_submitted += m->apps_submitted, t.apps_completed += m->apps_completed, t.apps_on_time += m->apps_on_time;
    t.violations_handled += m->violations_handled, t.violations_paid += m->violations_paid;
    t.inspections_booked += m->inspections_booked, t.inspections_done += m->inspections_done;
    t.payments += m->payments, t.payments_cents += m->payments_cents;
    t.hotspots_delisted += m->hotspots_delisted, t.bus_events += m->bus_events, t.bus_visitors += m->bus_visitors;
    t.reports_received += m->reports_received, t.reports_closed += m->reports_closed;
  }
  json_t *totals = month_json(&t);
  json_object_del(totals, "month");
  return json_pack("{s:i, s:i, s:o, s:o, s:o, s:{s:I, s:I}}", "months", o->months, "tz_offset_min",
                   r->app->cfg.tz_offset_min, "computed_at", jw_time_json(r, o->computed_at), "series", series,
                   "totals", totals, "current", "hotspots_listed", (json_int_t)o->hotspots_listed, "reports_open",
                   (json_int_t)o->reports_open);
}

enum jw_code jw_stats_api_overview(struct jw_req *r, struct jw_error *err) {
  int months;
  if (months_param(r, &months, err) != JW_OK) return err->code;
  /* The whole bureau's figures are served from memory for --stats-ttl seconds. */
  int ttl = r->app->cfg.stats_ttl > 0 ? r->app->cfg.stats_ttl : 0;
  struct jw_stats_overview o;
  if (jw_stats_overview_cached(r->db, r->arena, months, r->app->cfg.tz_offset_min, ttl, &o, err) != JW_OK)
    return err->code;
  json_t *j = overview_json(r, &o);
  json_object_set_new(j, "max_age", json_integer(ttl));
  jw_reply_json(r, 200, j);
  return JW_OK;
}

enum jw_code jw_stats_api_unit(struct jw_req *r, struct jw_error *err) {
  int months;
  if (months_param(r, &months, err) != JW_OK) return err->code;
  const char *name, *path;
  enum jw_code rc = jw_stats_unit(r->db, r->arena, jw_param_id(r, 0), &name, &path, err);
  /* Another branch's unit is as absent as a unit that does not exist. */
  if (rc == JW_OK && !jw_scope_contains(r->user, path)) rc = JW_E_NOT_FOUND;
  if (rc == JW_E_NOT_FOUND) return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %s.", r->params[0]);
  if (rc != JW_OK) return rc;
  struct jw_stats_overview o;
  if (jw_stats_overview(r->db, r->arena, path, months, r->app->cfg.tz_offset_min, (int64_t)time(NULL), &o, err) !=
      JW_OK)
    return err->code;
  json_t *j = overview_json(r, &o);
  json_object_set_new(j, "unit", json_pack("{s:I, s:s}", "id", (json_int_t)jw_param_id(r, 0), "name", name));
  jw_reply_json(r, 200, j);
  return JW_OK;
}
