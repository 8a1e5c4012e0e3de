/* app.c — wiring the domains into the server: sessions and the tick. */
#include "app/app.h"

#include <stdio.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/api.h"
#include "directory/cache.h"
#include "inspection/inspection.h"
#include "notify/notify.h"
#include "payments/payments.h"
#include "applications/applications.h"
#include "reports/api.h"
#include "applications/payable.h"
#include "community/community.h"
#include "worklogs/worklogs.h"
#include "traffic/payable.h"
#include "services/cache.h"
#include "stats/stats.h"
#include "appointments/appointments.h"
#include "core/log.h"
#include "events/events.h"
#include "consult/consult.h"
#include "search/search.h"
#include "http/http.h"

/* The SMS driver the tick drains the outbox into (one per process). */
static struct jw_sms_driver sms;

/* The server's once-a-second background work. */
static void tick(struct jw_app *app) {
  struct jw_error err = {0};
  struct jw_conn *c = jw_db_conn(app->db, &err);
  if (!c) return;
  jw_inspection_tick(c, app->cfg.tz_offset_min);
  jw_conn_release(c);
  jw_appointments_tick(c, app->cfg.tz_offset_min); /* officer appointments: the reminders the day before */
  jw_conn_release(c);
  jw_pay_tick(c, (long long)time(NULL), 64);
  jw_conn_release(c);
  jw_auth_cleanup(c, app->cfg.cleanup_interval);
  jw_conn_release(c);
  jw_notify_dispatch(c, app->tick_state, 200, &app->cfg);
  jw_stats_housekeeping(c, &app->cfg);
  jw_audit_anchor_tick(c, app->cfg.audit_anchor);
  jw_conn_release(c);
  jw_events_prune(c, (long long)time(NULL));
  jw_conn_release(c); /* hold no read open until the next tick */
}

/* What the bureau is owed, by kind: a third kind of payable is one row here. */
static const struct jw_payable_kind payables[] = {
    {"violation", jw_violation_quote, jw_violation_settle},
    {"application", jw_application_quote, jw_application_settle},
};

/* An appointment's change becomes a live "appointment" event for the citizen
 * and the officer (the event names are the appointments domain's own words). */
static enum jw_code appointment_event(struct jw_conn *c, int64_t citizen_user, int64_t officer_user,
                                      int64_t appointment_id, const char *event, struct jw_error *err) {
  char data[128];
  snprintf(data, sizeof data, "{\"appointment_id\":%lld,\"event\":\"%s\"}", (long long)appointment_id, event);
  if (citizen_user && jw_events_add(c, citizen_user, "appointment", data, err) != JW_OK) return err->code;
  if (officer_user && jw_events_add(c, officer_user, "appointment", data, err) != JW_OK) return err->code;
  return JW_OK;
}

/* The site search's "qa" group: the consult domain's published questions and
 * answers, each with the answer's first 60 characters (whole UTF-8). */
static enum jw_code qa_for_search(struct jw_conn *c, struct jw_arena *a, const char *q, int limit,
                                  struct jw_search_qa **out, size_t *n, struct jw_error *err) {
  struct jw_consult_qa *rows = NULL;
  size_t nrows = 0;
  if (jw_consult_qa_search(c, q, 0, limit, a, &rows, &nrows, err) != JW_OK) return err->code;
  struct jw_search_qa *hits = nrows ? jw_arena_alloc(a, nrows * sizeof *hits) : NULL;
  for (size_t i = 0; i < nrows; i++) {
    const char *ans = rows[i].answer ? rows[i].answer : "";
    size_t len = 0;
    for (int chars = 0; ans[len] && chars < 60; chars++) /* step over one UTF-8 character */
      do len++;
      while ((ans[len] & 0xC0) == 0x80);
    hits[i] = (struct jw_search_qa){rows[i].id, rows[i].title && *rows[i].title ? rows[i].title : rows[i].question,
                                    jw_arena_printf(a, "%.*s%s", (int)len, ans, ans[len] ? "…" : ""),
                                    jw_arena_printf(a, "/qa/%lld", (long long)rows[i].id)};
  }
  *out = hits;
  *n = nrows;
  return JW_OK;
}

void jw_app_wire(struct jw_app *app) {
  jw_pay_set_kinds(payables, sizeof payables / sizeof payables[0]);
  /* A case that ends with its fee unpaid tells payments, which closes the open order (and, through the tick, at its
   * channel). */
  jw_apps_set_fee_void(jw_pay_payable_void);
  /* The grid dashboards count this month's visits from the work logs. */
  jw_community_visits_hook = jw_worklogs_grid_visits_month;
  /* The site search finds the public Q&A. */
  jw_search_qa_hook = qa_for_search;
  /* Appointment changes reach both sides' open pages as live events. */
  jw_appt_event_hook = appointment_event;
  sms = jw_sms_log_driver(app->cfg.sms_log);
  app->routes = jw_app_routes;
  app->nroutes = jw_app_routes_count;
  app->authenticate = jw_auth_session;
  app->own_error = jw_o311_own_error; /* Open311 answers its errors as [{code, description}] */
  app->tick = tick;
  app->tick_state = &sms;
  /* Event rows wake the HTTP layer's open streams: in this process through
   * the bus, from other instances through PostgreSQL's notifications. */
  jw_events_set_waker(jw_streams_wake);
  app->after_handler = jw_events_flush;
  struct jw_error err = {0};
  if (app->db && jw_events_start(app->db, &err) != JW_OK)
    jw_warn("events: no listener for other instances' events (%s); streams see only this instance's at once",
            err.detail);
}

void jw_app_unwire(struct jw_app *app) {
  /* The graceful stop counts the page views still batched in memory. */
  if (app->db) jw_stats_views_drain(app->db);
  jw_events_stop();
  jw_events_set_waker(NULL);
  jw_dir_cache_free();
  jw_svc_cache_free();
  app->tick = NULL;
  app->tick_state = NULL;
  app->authenticate = NULL;
  app->own_error = NULL;
  app->after_handler = NULL;
  jw_search_qa_hook = NULL;
}
