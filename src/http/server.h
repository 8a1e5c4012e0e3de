/* server.h — starting and stopping the HTTP server. */
#ifndef JW_SERVER_H
#define JW_SERVER_H

#include "http/http.h"

/* Serves app until SIGTERM or SIGINT, then finishes the requests in flight
 * (up to a few seconds) and returns 0; non-zero if it could not start. */
int jw_server_run(struct jw_app *app);

#endif
