/*
 * pg_listen.c — PostgreSQL LISTEN on a dedicated connection, in a thread.
 *
 * The pooled connections are per worker thread and busy with requests; a
 * notification is only read by a connection that sits in LISTEN and is
 * polled, so the listener has its own PGconn and its own thread: poll(2) on
 * the connection's socket (and a pipe that stop writes to), then
 * PQconsumeInput and PQnotifies. A lost connection is made again after a
 * short back-off and the callback told (payload NULL), since anything sent
 * meanwhile was missed. Notifications are delivered by PostgreSQL only for
 * committed transactions, in commit order.
 */
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/mem.h"
#include "db/driver.h"

struct pg_listener {
  char *conninfo;
  char channel[64];
  jw_db_notify_fn fn;
  void *ctx;
  int stop_pipe[2];
  atomic_int stop;
  pthread_t thread;
};

static void ignore_notice(void *arg, const char *message) {
  (void)arg;
  (void)message;
}

/* A connection in LISTEN, or NULL. */
static PGconn *connect_listening(struct pg_listener *l) {
  PGconn *pg = PQconnectdb(l->conninfo);
  if (!pg || PQstatus(pg) != CONNECTION_OK) {
    jw_warn("db: the notification listener cannot connect: %s", pg ? PQerrorMessage(pg) : "out of memory");
    PQfinish(pg);
    return NULL;
  }
  PQsetNoticeProcessor(pg, ignore_notice, NULL);
  char sql[96];
  snprintf(sql, sizeof sql, "LISTEN %s", l->channel);
  PGresult *r = PQexec(pg, sql);
  int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!ok) {
    jw_warn("db: LISTEN %s failed: %s", l->channel, PQerrorMessage(pg));
    PQfinish(pg);
    return NULL;
  }
  return pg;
}

/* Waits up to ms for the stop pipe; 1 when asked to stop. */
static int wait_stop(struct pg_listener *l, int ms) {
  struct pollfd p = {l->stop_pipe[0], POLLIN, 0};
  poll(&p, 1, ms);
  return atomic_load(&l->stop);
}

static void *run(void *arg) {
  struct pg_listener *l = arg;
  PGconn *pg = NULL;
  int lost = 0;
  while (!atomic_load(&l->stop)) {
    if (!pg) {
      pg = connect_listening(l);
      if (!pg) {
        lost = 1;
        if (wait_stop(l, 1000)) break;
        continue;
      }
      if (lost) l->fn(l->ctx, NULL); /* missed what came meanwhile */
      lost = 0;
    }
    struct pollfd p[2] = {{PQsocket(pg), POLLIN, 0}, {l->stop_pipe[0], POLLIN, 0}};
    if (poll(p, 2, 5000) < 0) continue;
    if (p[1].revents) break;
    if (!PQconsumeInput(pg) || PQstatus(pg) != CONNECTION_OK) {
      jw_warn("db: the notification listener lost its connection: %s", PQerrorMessage(pg));
      PQfinish(pg);
      pg = NULL;
      lost = 1;
      continue;
    }
    PGnotify *n;
    while ((n = PQnotifies(pg)) != NULL) {
      l->fn(l->ctx, n->extra);
      PQfreemem(n);
    }
  }
  PQfinish(pg);
  return NULL;
}

void *jw_pg_listen_start(const char *conninfo, const char *channel, jw_db_notify_fn fn, void *ctx,
                         struct jw_error *err) {
  size_t n = strlen(channel);
  if (n == 0 || n >= 64 || strspn(channel, "abcdefghijklmnopqrstuvwxyz0123456789_") != n) {
    jw_fail(err, JW_E_INTERNAL, "bad channel name");
    return NULL;
  }
  struct pg_listener *l = jw_xcalloc(1, sizeof *l);
  l->conninfo = jw_xstrdup(conninfo);
  memcpy(l->channel, channel, n + 1);
  l->fn = fn;
  l->ctx = ctx;
  if (pipe(l->stop_pipe) != 0) {
    free(l->conninfo);
    free(l);
    jw_fail(err, JW_E_INTERNAL, "pipe failed");
    return NULL;
  }
  /* The thread takes no signals: it may start before the serve loop blocks
   * SIGTERM/SIGINT to wait for them, and a signal delivered to it would
   * kill the process instead of starting the drain. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  int started = pthread_create(&l->thread, NULL, run, l);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (started != 0) {
    close(l->stop_pipe[0]);
    close(l->stop_pipe[1]);
    free(l->conninfo);
    free(l);
    jw_fail(err, JW_E_INTERNAL, "cannot start the listener thread");
    return NULL;
  }
  return l;
}

void jw_pg_listen_stop(void *handle) {
  struct pg_listener *l = handle;
  if (!l) return;
  atomic_store(&l->stop, 1);
  ssize_t w = write(l->stop_pipe[1], "x", 1);
  (void)w;
  pthread_join(l->thread, NULL);
  close(l->stop_pipe[0]);
  close(l->stop_pipe[1]);
  free(l->conninfo);
  free(l);
}
