/* app.c — wiring the domains into the server: sessions and the tick. */
#include "app/app.h"

#include <time.h>

#include "audit/audit.h"
#include "auth/api.h"
#include "directory/cache.h"
#include "inspection/inspection.h"
#include "notify/notify.h"
#include "payments/payments.h"
#include "applications/payable.h"
#include "traffic/payable.h"
#include "services/cache.h"
#include "stats/stats.h"
#include "core/log.h"
#include "events/events.h"
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

void jw_app_wire(struct jw_app *app) {
  jw_pay_set_kinds(payables, sizeof payables / sizeof payables[0]);
  sms = jw_sms_log_driver(app->cfg.sms_log);
  app->routes = jw_app_routes;
  app->nroutes = jw_app_routes_count;
  app->authenticate = jw_auth_session;
  app->tick = tick;
  app->tick_state = &sms;
  /* Event rows wake the HTTP layer's open streams: in this process through
   * the bus, from other instances through PostgreSQL's notifications. */
  jw_events_set_waker(jw_streams_wake);
  struct jw_error err = {0};
  if (app->db && jw_events_start(app->db, &err) != JW_OK)
    jw_warn("events: no listener for other instances' events (%s); streams see only this instance's at once",
            err.detail);
}

void jw_app_unwire(struct jw_app *app) {
  jw_events_stop();
  jw_events_set_waker(NULL);
  jw_dir_cache_free();
  jw_svc_cache_free();
  app->tick = NULL;
  app->tick_state = NULL;
  app->authenticate = NULL;
}
