/*
 * app.h — the composition root: the one place that knows every domain and
 * the HTTP layer together. It owns the route table and wires the domains
 * into a struct jw_app (authentication of sessions, the background tick),
 * so that src/http includes no domain and no domain includes another's
 * internals. The command line (src/cli) and the fuzz harness build their
 * server through it.
 */
#ifndef JW_APP_H
#define JW_APP_H

#include "http/http.h"

/* The route table: method, pattern, handler, who may call it. Static. */
extern const struct jw_route jw_app_routes[];
extern const int jw_app_routes_count;

/*
 * Wires the domains into app, whose cfg and db must be set: the route table,
 * the session look-up the dispatcher calls, and the once-a-second tick
 * (reminders, SMS outbox, clean-ups, audit anchors). Call jw_app_unwire()
 * when the server has stopped. One wired app per process.
 */
void jw_app_wire(struct jw_app *app);

/* Releases what jw_app_wire() and the domains' process-wide snapshots hold. */
void jw_app_unwire(struct jw_app *app);

#endif
