/* server.h — starting and stopping the HTTP server. */
#ifndef JW_SERVER_H
#define JW_SERVER_H

#include <sys/socket.h>

#include "http/http.h"

struct jw_server;

/*
 * Starts serving app: binds app->cfg.listen (refusing an address another
 * process listens on) when listen is 1; with listen 0 it binds nothing and
 * connections are handed in with jw_server_add_connection (the fuzz
 * harness). Raises the open-file limit to what the connection table needs.
 * Returns the server, or NULL (the reason logged). Stop it with
 * jw_server_stop().
 */
struct jw_server *jw_server_start(struct jw_app *app, int listen);

/* Hands the connected socket fd (from addr) to the server, which owns it
 * from then on. 0, or -1 when it was refused (fd closed). */
int jw_server_add_connection(struct jw_server *s, int fd, const struct sockaddr *addr, socklen_t addr_len);

/* The port the server listens on (its own socket), or 0. */
unsigned jw_server_port(struct jw_server *s);

/* Requests begun and not yet completed. */
int jw_server_in_flight(struct jw_server *s);
/* Handlers running right now (a request whose body is all in). */
int jw_server_handling(struct jw_server *s);

/* Closes connections whose request headers or bodies are overdue
 * (--header-timeout, --body-timeout)
 * and sockets kept after an early answer whose time is up; call about once
 * a second. */
void jw_server_sweep(struct jw_server *s);

/* Stops accepting, lets the requests in flight finish (up to 10 s), stops
 * the offload pool and the daemon, and frees s. */
void jw_server_stop(struct jw_server *s);

/* Serves app until SIGTERM or SIGINT, then finishes the requests in flight
 * (up to a few seconds) and returns 0; non-zero if it could not start. */
int jw_server_run(struct jw_app *app);

#endif
