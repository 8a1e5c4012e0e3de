/*
 * server.c — the libmicrohttpd daemon around the dispatcher (dispatch.c):
 * the listening socket, the connection table and its limits, the offload
 * pool, and the serve loop with its graceful stop.
 *
 * The connection table is guarded here rather than by libmicrohttpd's own
 * per-address limit: every open connection is counted per client address
 * (NOTIFY_CONNECTION), and the accept policy refuses an address that holds
 * its fair share — a quarter of the free slots, never less than
 * --per-ip-conns — so that a few addresses holding idle or trickling
 * connections cannot lock everybody else out. Trusted proxies
 * are exempt (all their clients share their address). A connection whose
 * first request's headers have not all come within --header-timeout, or a
 * request whose body has not all come within --body-timeout of its headers
 * (a body trickled a byte at a time never lets the idle timeout fire), is
 * closed by jw_server_sweep(); a request whose body is overdue, or has
 * stalled for the idle timeout, is answered 408 first (jw_sock_body_expected).
 */
#include "http/server.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/log.h"
#include "http/internal.h"
#include "http/metrics.h"

#define ADDR_BUCKETS 4096
#define MAX_LINGER   64 /* sockets kept open after an early answer */
#define LINGER_MS    1500

/* How many connections one client address holds. */
struct jw_addr_count {
  struct jw_addr_count *next;
  int count;
  char ip[INET6_ADDRSTRLEN];
};

struct jw_server {
  struct jw_edge edge;
  struct MHD_Daemon *d;
  int listen_fd; /* ours, handed to libmicrohttpd; -1 without one */
  unsigned conn_limit;
  pthread_mutex_t mu; /* guards everything below */
  struct jw_sock *socks;
  unsigned open;
  struct jw_addr_count *buckets[ADDR_BUCKETS];
  int linger_fd[MAX_LINGER]; /* duplicates of closed connections' sockets */
  long long linger_until[MAX_LINGER];
  int nlinger;
};

/* One server per process: the connection-table callbacks that get no
 * closure (jw_sock_*) find it here. */
static struct jw_server *current;

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void addr_text(const struct sockaddr *sa, char out[INET6_ADDRSTRLEN]) {
  out[0] = '\0';
  if (!sa) return;
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, INET6_ADDRSTRLEN);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, INET6_ADDRSTRLEN);
}

static unsigned hash_ip(const char *ip) {
  unsigned h = 2166136261u;
  for (; *ip; ip++) h = (h ^ (unsigned char)*ip) * 16777619u;
  return h % ADDR_BUCKETS;
}

/* The entry of ip (created when create is 1); under s->mu. */
static struct jw_addr_count *addr_entry(struct jw_server *s, const char *ip, int create) {
  unsigned h = hash_ip(ip);
  for (struct jw_addr_count *e = s->buckets[h]; e; e = e->next)
    if (strcmp(e->ip, ip) == 0) return e;
  if (!create) return NULL;
  struct jw_addr_count *e = jw_xcalloc(1, sizeof *e);
  snprintf(e->ip, sizeof e->ip, "%s", ip);
  e->next = s->buckets[h];
  s->buckets[h] = e;
  return e;
}

static void addr_release(struct jw_server *s, struct jw_addr_count *e) {
  if (--e->count > 0) return;
  struct jw_addr_count **pp = &s->buckets[hash_ip(e->ip)];
  while (*pp != e) pp = &(*pp)->next;
  *pp = e->next;
  free(e);
}

/* The connections one address may hold when `open` of the table's slots
 * are taken: a quarter of the free slots, but never fewer than
 * --per-ip-conns. While the table has room nobody is refused (200 browsers
 * behind one carrier NAT are fine); as it fills, every address's share
 * shrinks, so that n busy addresses settle at about limit / (n + 4) each
 * and a newcomer still finds a free slot: only more than limit /
 * --per-ip-conns addresses (128 by default) can fill the table. */
static unsigned fair_share(const struct jw_server *s, unsigned open) {
  unsigned floor = s->edge.app->cfg.per_ip_conns > 0 ? (unsigned)s->edge.app->cfg.per_ip_conns : 1;
  unsigned room = open < s->conn_limit ? s->conn_limit - open : 0;
  return room / 4 > floor ? room / 4 : floor;
}

static enum MHD_Result accept_policy(void *cls, const struct sockaddr *addr, socklen_t addrlen) {
  (void)addrlen;
  struct jw_server *s = cls;
  char ip[INET6_ADDRSTRLEN];
  addr_text(addr, ip);
  if (jw_cidr_list_has(&s->edge.trusted, ip)) return MHD_YES;
  pthread_mutex_lock(&s->mu);
  struct jw_addr_count *e = addr_entry(s, ip, 0);
  unsigned held = e ? (unsigned)e->count : 0;
  int ok = held < fair_share(s, s->open);
  pthread_mutex_unlock(&s->mu);
  return ok ? MHD_YES : MHD_NO;
}

static void notify_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                              enum MHD_ConnectionNotificationCode code) {
  struct jw_server *s = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    struct jw_sock *k = jw_xcalloc(1, sizeof *k);
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    k->fd = ci ? ci->connect_fd : -1;
    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char ip[INET6_ADDRSTRLEN];
    addr_text(ci ? ci->client_addr : NULL, ip);
    int header_timeout = s->edge.app->cfg.header_timeout;
    k->deadline = header_timeout > 0 ? now_ms() + header_timeout * 1000LL : 0;
    pthread_mutex_lock(&s->mu);
    k->addr = addr_entry(s, ip, 1);
    k->addr->count++;
    k->next = s->socks;
    if (s->socks) s->socks->prev = k;
    s->socks = k;
    s->open++;
    pthread_mutex_unlock(&s->mu);
    *socket_context = k;
  } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
    struct jw_sock *k = *socket_context;
    if (!k) return;
    pthread_mutex_lock(&s->mu);
    if (k->prev)
      k->prev->next = k->next;
    else
      s->socks = k->next;
    if (k->next) k->next->prev = k->prev;
    if (k->linger && k->fd >= 0 && s->nlinger < MAX_LINGER) {
      /* libmicrohttpd closes its descriptor next; this one keeps the socket
       * (closing it with the body unread would send a reset that can
       * destroy the answer before the client reads it). */
      int d = fcntl(k->fd, F_DUPFD_CLOEXEC, 0);
      if (d >= 0) {
        shutdown(d, SHUT_WR);
        s->linger_fd[s->nlinger] = d;
        s->linger_until[s->nlinger++] = now_ms() + LINGER_MS;
      }
    }
    addr_release(s, k->addr);
    s->open--;
    pthread_mutex_unlock(&s->mu);
    free(k);
    *socket_context = NULL;
  }
}

static struct jw_sock *sock_of(struct MHD_Connection *conn) {
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return ci ? ci->socket_context : NULL;
}

void jw_sock_headers_in(struct MHD_Connection *conn) {
  struct jw_sock *k = sock_of(conn);
  if (!k || !current) return;
  int body_timeout = current->edge.app->cfg.body_timeout;
  pthread_mutex_lock(&current->mu);
  k->deadline = body_timeout > 0 ? now_ms() + body_timeout * 1000LL : 0;
  pthread_mutex_unlock(&current->mu);
}

/* Seconds libmicrohttpd's idle timeout waits beyond ours while a body comes
 * in (the sweep runs every second). */
#define BODY_IDLE_SLACK 3

void jw_sock_body_expected(struct MHD_Connection *conn, const char *request_id, int zh) {
  struct jw_sock *k = sock_of(conn);
  if (!k || !current) return;
  int idle = current->edge.app->cfg.conn_timeout;
  pthread_mutex_lock(&current->mu);
  k->in_body = 1;
  k->body_seen = now_ms();
  k->zh = zh;
  snprintf(k->request_id, sizeof k->request_id, "%s", request_id);
  pthread_mutex_unlock(&current->mu);
  if (idle > 0) MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, (unsigned)idle + BODY_IDLE_SLACK);
}

void jw_sock_body_progress(struct MHD_Connection *conn) {
  struct jw_sock *k = sock_of(conn);
  if (!k || !current) return;
  pthread_mutex_lock(&current->mu);
  k->body_seen = now_ms();
  pthread_mutex_unlock(&current->mu);
}

int jw_sock_body_in(struct MHD_Connection *conn) {
  struct jw_sock *k = sock_of(conn);
  if (!k || !current) return 0;
  int idle = current->edge.app->cfg.conn_timeout;
  pthread_mutex_lock(&current->mu);
  int was_in_body = k->in_body, timed_out = k->timed_out;
  k->deadline = 0;
  k->in_body = 0;
  pthread_mutex_unlock(&current->mu);
  if (was_in_body && !timed_out && idle > 0)
    MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, (unsigned)idle);
  return timed_out;
}

int jw_sock_timed_out(struct MHD_Connection *conn) {
  struct jw_sock *k = sock_of(conn);
  if (!k || !current) return 0;
  pthread_mutex_lock(&current->mu);
  int t = k->timed_out;
  pthread_mutex_unlock(&current->mu);
  return t;
}

void jw_sock_request_done(struct MHD_Connection *conn) {
  struct jw_sock *k = sock_of(conn);
  if (!k || !current) return;
  int idle = current->edge.app->cfg.conn_timeout;
  pthread_mutex_lock(&current->mu);
  k->deadline = idle > 0 ? now_ms() + idle * 1000LL : 0;
  pthread_mutex_unlock(&current->mu);
}

void jw_sock_linger(struct MHD_Connection *conn) {
  struct jw_sock *k = sock_of(conn);
  if (!k || !current) return;
  pthread_mutex_lock(&current->mu);
  k->linger = 1;
  pthread_mutex_unlock(&current->mu);
}

/* Closes the lingering sockets whose time is up (all when all is 1); under s->mu. */
static void close_lingering(struct jw_server *s, long long now, int all) {
  for (int i = 0; i < s->nlinger;)
    if (all || now >= s->linger_until[i]) {
      close(s->linger_fd[i]);
      s->linger_fd[i] = s->linger_fd[--s->nlinger];
      s->linger_until[i] = s->linger_until[s->nlinger];
    } else {
      i++;
    }
}

/* Answers k's request (its body overdue: whole, or idle) with a 408 and
 * has the socket linger; under s->mu. Nothing else is on the wire while a
 * body comes in (see send_raw_problem in dispatch.c). */
static void answer_timeout(struct jw_server *s, struct jw_sock *k, int whole) {
  struct jw_arena a = {0};
  int secs = whole ? s->edge.app->cfg.body_timeout : s->edge.app->cfg.conn_timeout;
  char *text = jw_timeout_answer(&a, k->request_id, k->zh, whole, secs);
  if (text) {
    size_t len = strlen(text);
    if (send(k->fd, text, len, MSG_NOSIGNAL | MSG_DONTWAIT) != (ssize_t)len)
      jw_warn("request %s: the 408 answer could not be sent whole", k->request_id);
  }
  jw_arena_free(&a);
  k->timed_out = 1;
  k->linger = 1;
}

void jw_server_sweep(struct jw_server *s) {
  long long now = now_ms();
  int closed = 0, answered = 0;
  long long idle_ms = s->edge.app->cfg.conn_timeout > 0 ? s->edge.app->cfg.conn_timeout * 1000LL : 0;
  pthread_mutex_lock(&s->mu);
  close_lingering(s, now, 0);
  for (struct jw_sock *k = s->socks; k; k = k->next) {
    if (k->fd < 0) continue;
    int whole = k->deadline && now > k->deadline;
    int idle = k->in_body && !k->timed_out && idle_ms && now > k->body_seen + idle_ms;
    if (!whole && !idle) continue;
    if (k->in_body && !k->timed_out) {
      answer_timeout(s, k, whole);
      answered++;
    }
    /* The socket stays open until libmicrohttpd sees the shutdown and
     * closes it, after its CLOSED notification takes the mutex: the fd
     * cannot have been reused here. */
    shutdown(k->fd, SHUT_RDWR);
    k->deadline = 0;
    k->in_body = 0;
    closed++;
  }
  pthread_mutex_unlock(&s->mu);
  if (closed)
    jw_info("http: closed %d connection(s) whose request headers or body were overdue (%d answered 408)", closed,
            answered);
}

int jw_server_in_flight(struct jw_server *s) { return atomic_load(&s->edge.in_flight); }
int jw_server_handling(struct jw_server *s) { return atomic_load(&s->edge.handling); }

unsigned jw_server_port(struct jw_server *s) {
  struct sockaddr_in sa;
  socklen_t len = sizeof sa;
  if (s->listen_fd < 0 || getsockname(s->listen_fd, (struct sockaddr *)&sa, &len) != 0) return 0;
  return ntohs(sa.sin_port);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa) {
  char host[64];
  snprintf(host, sizeof host, "%s", listen);
  char *colon = strrchr(host, ':');
  if (!colon) return -1;
  *colon = '\0';
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (*end || port < 0 || port > 65535) return -1;
  memset(sa, 0, sizeof *sa);
  sa->sin_family = AF_INET;
  sa->sin_port = htons((uint16_t)port);
  if (strcmp(host, "") == 0 || strcmp(host, "*") == 0) {
    sa->sin_addr.s_addr = htonl(INADDR_ANY);
    return 0;
  }
  if (strcmp(host, "localhost") == 0) strcpy(host, "127.0.0.1");
  return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

/* Binds and listens on cfg.listen; the socket, or -1 (the reason logged).
 * No SO_REUSEPORT: a second server on a port in use must fail, not share
 * the traffic with the first. */
static int open_listener(const char *listen_addr) {
  struct sockaddr_in sa;
  if (parse_listen(listen_addr, &sa) != 0) {
    jw_error("cannot parse listen address \"%s\" (want HOST:PORT)", listen_addr);
    return -1;
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    jw_error("cannot create a socket: %s", strerror(errno));
    return -1;
  }
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one); /* only lets TIME_WAIT sockets go */
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    int e = errno;
    if (e == EADDRINUSE)
      jw_error("cannot listen on %s: the address is already in use (is another jingwu serving there?)", listen_addr);
    else
      jw_error("cannot listen on %s: %s", listen_addr, strerror(e));
    close(fd);
    return -1;
  }
  if (listen(fd, 1024) != 0) {
    jw_error("cannot listen on %s: %s", listen_addr, strerror(errno));
    close(fd);
    return -1;
  }
  return fd;
}

/* Raises the soft open-file limit to the hard one, and returns how many
 * connections fit in it (a reserve kept for files and the database). */
static unsigned fit_connections(unsigned wanted) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return wanted;
  if (rl.rlim_cur < rl.rlim_max) {
    struct rlimit up = rl;
    up.rlim_cur = rl.rlim_max == RLIM_INFINITY ? 1048576 : rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &up) == 0) rl = up;
  }
  const rlim_t reserve = 128;
  rlim_t fit = rl.rlim_cur > reserve + 16 ? rl.rlim_cur - reserve : 16;
  if ((rlim_t)wanted > fit) {
    jw_warn("open-file limit %llu: serving at most %llu connections instead of %u", (unsigned long long)rl.rlim_cur,
            (unsigned long long)fit, wanted);
    return (unsigned)fit;
  }
  return wanted;
}

__attribute__((format(printf, 2, 0))) static void log_mhd(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  char line[512];
  vsnprintf(line, sizeof line, fmt, ap);
  size_t n = strlen(line);
  while (n && line[n - 1] == '\n') line[--n] = '\0';
  jw_warn("http: %s", line);
}

static void free_server(struct jw_server *s) {
  close_lingering(s, 0, 1);
  for (int i = 0; i < ADDR_BUCKETS; i++)
    while (s->buckets[i]) {
      struct jw_addr_count *e = s->buckets[i];
      s->buckets[i] = e->next;
      free(e);
    }
  jw_cidr_list_free(&s->edge.trusted);
  jw_cidr_list_free(&s->edge.metrics);
  pthread_mutex_destroy(&s->mu);
  if (current == s) current = NULL;
  free(s);
}

struct jw_server *jw_server_start(struct jw_app *app, int listen) {
  const struct jw_config *cfg = &app->cfg;
  struct jw_server *s = jw_xcalloc(1, sizeof *s);
  pthread_mutex_init(&s->mu, NULL);
  s->edge.app = app;
  s->edge.prefix = ((unsigned long)time(NULL) ^ ((unsigned long)getpid() << 8)) & 0xffffff;
  char bad[80];
  if (jw_cidr_list_parse(cfg->trusted_proxies, &s->edge.trusted, bad, sizeof bad) != 0) {
    jw_error("--trusted-proxies: \"%s\" is not an address or network (like 10.0.0.1 or 10.0.0.0/8)", bad);
    free_server(s);
    return NULL;
  }
  if (jw_cidr_list_parse(cfg->metrics_allow, &s->edge.metrics, bad, sizeof bad) != 0) {
    jw_error("--metrics-allow: \"%s\" is not an address or network (like 127.0.0.1 or 10.0.0.0/8)", bad);
    free_server(s);
    return NULL;
  }
  unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
  if (threads < 1) threads = 1;
  s->conn_limit = fit_connections(cfg->max_conns > 0 ? (unsigned)cfg->max_conns : 1024u);
  int fd = -1;
  if (listen && (fd = open_listener(cfg->listen)) < 0) {
    free_server(s);
    return NULL;
  }
  if (cfg->offload_threads > 0 &&
      !(s->edge.pool = jw_pool_start(cfg->offload_threads, cfg->offload_queue > 0 ? cfg->offload_queue : 1))) {
    jw_error("cannot start the offload threads");
    if (fd >= 0) close(fd);
    free_server(s);
    return NULL;
  }
  current = s;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
  if (!listen) flags |= MHD_USE_NO_LISTEN_SOCKET;
  /* The listening socket is ours (see open_listener); none for the fuzz
   * harness, which hands connections in. */
  struct MHD_OptionItem listen_opt[] = {{listen ? MHD_OPTION_LISTEN_SOCKET : MHD_OPTION_END, fd, NULL},
                                        {MHD_OPTION_END, 0, NULL}};
  s->d =
      MHD_start_daemon(flags, 0, accept_policy, s, jw_on_request, &s->edge, MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
                       MHD_OPTION_ARRAY, listen_opt, MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_NOTIFY_COMPLETED,
                       jw_on_completed, &s->edge, MHD_OPTION_NOTIFY_CONNECTION, notify_connection, s,
                       MHD_OPTION_UNESCAPE_CALLBACK, jw_unescape, NULL, MHD_OPTION_URI_LOG_CALLBACK, jw_uri_log, NULL,
                       MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->conn_timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                       (size_t)32 * 1024, MHD_OPTION_CONNECTION_LIMIT, s->conn_limit, MHD_OPTION_END);
  s->listen_fd = fd;
  if (!s->d) {
    jw_error("cannot start the HTTP server on %s", cfg->listen);
    if (fd >= 0) close(fd);
    jw_pool_stop(s->edge.pool);
    free_server(s);
    return NULL;
  }
  jw_info("http: %u threads, at most %u connections (%d per address), %d offload threads", threads, s->conn_limit,
          cfg->per_ip_conns, cfg->offload_threads);
  return s;
}

int jw_server_add_connection(struct jw_server *s, int fd, const struct sockaddr *addr, socklen_t addr_len) {
  return MHD_add_connection(s->d, fd, addr, addr_len) == MHD_YES ? 0 : -1;
}

void jw_server_stop(struct jw_server *s) {
  if (!s) return;
  atomic_store(&s->edge.draining, 1);
  jw_streams_drain(); /* open event streams end now, so that they do not hold the drain */
  MHD_socket ls = MHD_quiesce_daemon(s->d);
  if (ls != MHD_INVALID_SOCKET) close(ls);
  /* Give requests in flight up to 10 s to finish; idle keep-alive
   * connections are simply closed. */
  for (int i = 0; i < 1000 && atomic_load(&s->edge.in_flight) > 0; i++) {
    struct timespec ts = {0, 10 * 1000000L};
    nanosleep(&ts, NULL);
  }
  jw_pool_stop(s->edge.pool); /* finishes its queue, resuming those connections */
  s->edge.pool = NULL;
  MHD_stop_daemon(s->d);
  free_server(s);
}

/* Gives up root once the port is bound: to cfg.run_as when set. */
static int drop_privileges(const struct jw_config *cfg) {
  if (geteuid() != 0) return 0;
  if (!cfg->run_as[0]) {
    jw_warn("running as root; set --run-as USER to drop privileges after binding");
    return 0;
  }
  struct passwd *pw = getpwnam(cfg->run_as);
  if (!pw) {
    jw_error("--run-as: no user %s", cfg->run_as);
    return -1;
  }
  if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0 || setuid(0) == 0) {
    jw_error("--run-as: cannot become %s", cfg->run_as);
    return -1;
  }
  jw_info("now running as %s", cfg->run_as);
  return 0;
}

int jw_server_run(struct jw_app *app) {
  jw_metrics_init(app->routes, app->nroutes);
  /* The signals are waited for here, not handled asynchronously. */
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGTERM);
  sigaddset(&sigs, SIGINT);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);
  signal(SIGPIPE, SIG_IGN);

  struct jw_server *s = jw_server_start(app, 1);
  if (!s) {
    jw_metrics_free();
    return 1;
  }
  if (drop_privileges(&app->cfg) != 0) {
    jw_server_stop(s);
    jw_metrics_free();
    return 1;
  }
  jw_info("jingwu serving http://%s (port %u), database %s", app->cfg.listen, jw_server_port(s),
          jw_db_kind(app->db) == JW_DB_SQLITE ? "SQLite" : "PostgreSQL");

  int sig = 0;
  const struct timespec second = {1, 0};
  while ((sig = sigtimedwait(&sigs, NULL, &second)) < 0) {
    jw_log_flush();
    jw_server_sweep(s);
    jw_streams_tick();
    if (app->tick) app->tick(app);
  }
  jw_info("signal %d: finishing requests in flight", sig);
  jw_server_stop(s);
  jw_log_shutdown();
  jw_metrics_free();
  jw_info("stopped");
  return 0;
}
