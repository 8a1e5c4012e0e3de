/*
 * server.c — libmicrohttpd glue and the request dispatcher.
 *
 * Per request: a context is created on the first callback (no response is
 * queued then, which keeps keep-alive working in libmicrohttpd 0.9.75), the
 * body is gathered up to its limit, and on the last callback the dispatcher
 * routes, loads the session, checks role and CSRF, parses JSON, calls the
 * handler and queues the answer. The completion callback records metrics,
 * writes the access log line and frees the request arena.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <grp.h>
#include <microhttpd.h>
#include <pwd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "core/log.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/static.h"

#define MAX_URL 2048

struct ctx {
  struct jw_arena arena;
  struct jw_req req;
  struct timespec start;
  char *body;
  size_t body_len, body_cap;
  int too_large;
  int route;           /* route index, -1 static, -2 none */
  enum jw_match match; /* for API paths, found on the first callback */
  unsigned allowed;    /* methods the path knows, for a 405 */
  int status;
  const char *user_login;
  const char *allow; /* the Allow header of a 405 */
  char ip[INET6_ADDRSTRLEN];
  char request_id[24];
};

static atomic_int draining;
static atomic_int in_flight; /* requests begun and not yet completed */
static atomic_ulong request_counter;
static unsigned long request_prefix;

static const char CSP[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

const char *jw_query(struct jw_req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn_, MHD_GET_ARGUMENT_KIND, name);
}
const char *jw_header(struct jw_req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn_, MHD_HEADER_KIND, name);
}
const char *jw_cookie(struct jw_req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn_, MHD_COOKIE_KIND, name);
}

static double elapsed(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void add_common_headers(struct MHD_Response *resp, struct ctx *c, int api) {
  MHD_add_response_header(resp, "X-Request-Id", c->request_id);
  MHD_add_response_header(resp, "Content-Security-Policy", CSP);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=(self)");
  if (api) MHD_add_response_header(resp, "Cache-Control", "no-store");
  if (atomic_load(&draining)) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
}

static enum MHD_Result queue_buffer(struct ctx *c, struct MHD_Connection *conn, int status, const char *type, char *buf,
                                    size_t len, int must_free, const char *extra_name, const char *extra_value) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(len, buf, must_free ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_MUST_COPY);
  if (!resp) {
    if (must_free) free(buf);
    return MHD_NO;
  }
  if (type) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  add_common_headers(resp, c, 1);
  if (extra_name) MHD_add_response_header(resp, extra_name, extra_value);
  if (c->req.set_cookie) MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, c->req.set_cookie);
  for (int i = 0; i < c->req.nresp_headers; i++)
    MHD_add_response_header(resp, c->req.resp_headers[i][0], c->req.resp_headers[i][1]);
  if (c->allow) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, c->allow);
  c->status = status;
  enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, resp);
  MHD_destroy_response(resp);
  return ret;
}

/* 1 when the client prefers Chinese: its Accept-Language starts with zh. */
static int wants_chinese(struct MHD_Connection *conn) {
  const char *al = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
  return al && strncasecmp(al, "zh", 2) == 0;
}

/* Writes err as problem+json, in Chinese when the client asks for it. */
static enum MHD_Result queue_problem(struct ctx *c, struct MHD_Connection *conn, const struct jw_error *err) {
  int status = jw_error_status(err->code);
  if (status >= 500)
    jw_error("request %s: %s %s failed: %s", c->request_id, jw_method_names[c->req.method], c->req.path, err->detail);
  int zh = wants_chinese(conn);
  const char *title = zh ? jw_error_title_zh(err->code) : jw_error_title(err->code);
  const char *detail = zh ? err->detail_zh : err->detail;
  json_t *p = json_pack("{s:s+, s:s, s:i, s:s, s:s}", "type", "/problems/", jw_error_slug(err->code), "title", title,
                        "status", status, "detail", detail[0] ? detail : title, "request_id", c->request_id);
  if (err->nfields > 0) {
    json_t *list = json_array();
    for (int i = 0; i < err->nfields; i++)
      json_array_append_new(list, json_pack("{s:s, s:s}", "field", err->fields[i].field, "message",
                                            zh ? err->fields[i].message_zh : err->fields[i].message));
    json_object_set_new(p, "errors", list);
  }
  char *text = json_dumps(p, JSON_COMPACT);
  json_decref(p);
  char retry[16];
  const char *hname = NULL;
  if (err->retry_after > 0) {
    snprintf(retry, sizeof retry, "%d", err->retry_after);
    hname = MHD_HTTP_HEADER_RETRY_AFTER;
  }
  return queue_buffer(c, conn, status, "application/problem+json", text, strlen(text), 1, hname, retry);
}

static enum MHD_Result queue_reply(struct ctx *c, struct MHD_Connection *conn) {
  struct jw_req *r = &c->req;
  if (r->resp_json) {
    char *text = json_dumps(r->resp_json, JSON_COMPACT | JSON_REAL_PRECISION(10));
    return queue_buffer(c, conn, r->status, "application/json", text, strlen(text), 1, NULL, NULL);
  }
  if (r->resp_text)
    return queue_buffer(c, conn, r->status, r->resp_type, (char *)r->resp_text, r->resp_len, 0, NULL, NULL);
  return queue_buffer(c, conn, r->status ? r->status : 204, NULL, (char *)"", 0, 0, NULL, NULL);
}

static int is_unsafe(enum jw_method m) { return m == JW_POST || m == JW_PUT || m == JW_PATCH || m == JW_DELETE; }

static int is_api_path(const char *path) {
  return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 || strncmp(path, "/open311/", 9) == 0 ||
         strcmp(path, "/healthz") == 0 || strcmp(path, "/metrics") == 0;
}

/* The largest body the request may send: uploads have their own limit. */
static size_t body_limit(const struct ctx *c) {
  const struct jw_config *cfg = &c->req.app->cfg;
  return (size_t)(c->route >= 0 && jw_routes[c->route].raw_body ? cfg->max_upload : cfg->max_body);
}

/* Parses the body as JSON when there is one (or hands over a raw body). */
static enum jw_code parse_body(struct ctx *c, struct jw_error *err) {
  struct jw_req *r = &c->req;
  if (c->too_large) return jw_fail(err, JW_E_TOO_LARGE, "The request body is larger than %zu bytes.", body_limit(c));
  if (c->body_len == 0) return JW_OK;
  if (jw_routes[c->route].raw_body) {
    r->raw_body = c->body;
    r->raw_len = c->body_len;
    r->raw_type = jw_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    return JW_OK;
  }
  const char *type = jw_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
  if (!type || strncasecmp(type, "application/json", 16) != 0 || (type[16] != '\0' && type[16] != ';'))
    return jw_fail(err, JW_E_MEDIA_TYPE, "Send the body as application/json.");
  json_error_t jerr;
  r->body = json_loadb(c->body, c->body_len, JSON_REJECT_DUPLICATES, &jerr);
  if (!r->body)
    return jw_fail(err, JW_E_BAD_JSON, "The body is not valid JSON (line %d, column %d): %s", jerr.line, jerr.column,
                   jerr.text);
  jw_arena_defer(&c->arena, (void (*)(void *))json_decref, r->body);
  return JW_OK;
}

/* Who may call the route; JW_OK or the error to answer. */
static enum jw_code check_access(const struct jw_route *route, const struct jw_user *user, struct jw_error *err) {
  if (route->access == JW_PUBLIC) return JW_OK;
  if (!user) return jw_fail(err, JW_E_UNAUTHENTICATED, "Please sign in first.");
  if (route->access == JW_SIGNED_IN) return JW_OK;
  if (!(route->access & JW_BIT(user->role)))
    return jw_fail(err, JW_E_FORBIDDEN, "Your role (%s) may not do this.", jw_role_names[user->role]);
  return JW_OK;
}

static enum jw_code check_csrf(struct jw_req *r, const struct jw_route *route, struct jw_error *err) {
  if (!is_unsafe(r->method) || !r->user || route->csrf_exempt) return JW_OK;
  const char *sent = jw_header(r, "X-CSRF-Token");
  if (!sent || !jw_auth_csrf_equal(sent, r->user->csrf_token))
    return jw_fail(err, JW_E_CSRF, "Send the X-CSRF-Token header you received at sign-in.");
  return JW_OK;
}

static enum MHD_Result dispatch_api(struct ctx *c, struct MHD_Connection *conn) {
  struct jw_req *r = &c->req;
  struct jw_error err = {0};
  enum jw_code rc;
  switch (c->match) {
  case JW_MATCH_NONE:
    jw_fail(&err, JW_E_NOT_FOUND, "There is no API at %s.", r->path);
    return queue_problem(c, conn, &err);
  case JW_MATCH_METHOD: {
    char list[64] = "";
    size_t len = 0;
    for (int m = 0; m < JW_METHOD__MAX; m++)
      if (c->allowed & (1u << m))
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", jw_method_names[m]);
    jw_fail(&err, JW_E_METHOD, "%s is not allowed here; use %s.", jw_method_names[r->method], list);
    c->route = -2;
    c->allow = jw_arena_strdup(&c->arena, list);
    return queue_problem(c, conn, &err);
  }
  case JW_MATCH_OK:
    break;
  }
  const struct jw_route *route = &jw_routes[c->route];
  r->db = jw_db_conn(r->app->db, &err);
  if (!r->db) {
    jw_metrics_db_error();
    jw_fail(&err, JW_E_UNAVAILABLE, "The database cannot be reached; please try again shortly.");
    return queue_problem(c, conn, &err);
  }
  const char *token = jw_cookie(r, JW_SESSION_COOKIE);
  if (token) r->user = jw_auth_session(r, token);
  if (r->user) c->user_login = r->user->login;
  if ((rc = check_access(route, r->user, &err)) != JW_OK || (rc = check_csrf(r, route, &err)) != JW_OK ||
      (rc = parse_body(c, &err)) != JW_OK || (rc = route->handler(r, &err)) != JW_OK) {
    if (err.code == JW_OK) jw_fail(&err, rc, "%s", jw_error_title(rc));
    if (err.code == JW_E_DB || err.code == JW_E_DB_BUSY) jw_metrics_db_error();
    jw_conn_release(r->db);
    return queue_problem(c, conn, &err);
  }
  jw_conn_release(r->db);
  return queue_reply(c, conn);
}

static enum MHD_Result dispatch(struct ctx *c, struct MHD_Connection *conn) {
  struct jw_req *r = &c->req;
  struct jw_error err = {0};
  if (strlen(r->path) > MAX_URL) {
    jw_fail(&err, JW_E_URI_TOO_LONG, "The address is longer than %d characters.", MAX_URL);
    return queue_problem(c, conn, &err);
  }
  if (is_api_path(r->path)) return dispatch_api(c, conn);
  c->route = -1;
  if (r->method != JW_GET && r->method != JW_HEAD) {
    c->allow = "GET, HEAD";
    jw_fail(&err, JW_E_METHOD, "Only GET is allowed for pages.");
    return queue_problem(c, conn, &err);
  }
  struct MHD_Response *resp = NULL;
  int status = jw_static_response(
      r->app->cfg.web_dir, r->path, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING),
      MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH), &resp);
  if (!resp) {
    jw_fail(&err, JW_E_NOT_FOUND, "No such page: %s", r->path);
    return queue_problem(c, conn, &err);
  }
  add_common_headers(resp, c, 0);
  c->status = status;
  enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls) {
  (void)version;
  struct jw_app *app = cls;
  struct ctx *c = *con_cls;
  if (!c) {
    c = calloc(1, sizeof *c);
    if (!c) return MHD_NO;
    clock_gettime(CLOCK_MONOTONIC, &c->start);
    c->route = -2;
    c->req.app = app;
    c->req.arena = &c->arena;
    c->req.conn_ = conn;
    c->req.method = jw_method_parse(method);
    c->req.path = jw_arena_strdup(&c->arena, url);
    snprintf(c->request_id, sizeof c->request_id, "%06lx%010lx", request_prefix, atomic_fetch_add(&request_counter, 1));
    c->req.request_id = c->request_id;
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
      const struct sockaddr *sa = ci->client_addr;
      if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, c->ip, sizeof c->ip);
      else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, c->ip, sizeof c->ip);
    }
    c->req.ip = c->ip;
    /* Route now, so that the body limit can depend on the route. */
    c->match = JW_MATCH_NONE;
    if (c->req.method != JW_METHOD__MAX && strlen(url) <= MAX_URL && is_api_path(url)) {
      char *path_buf = jw_arena_strdup(&c->arena, url);
      int idx = -1;
      c->match = jw_route_match(jw_routes, jw_routes_count, c->req.method, path_buf, &idx, c->req.params,
                                &c->req.nparams, &c->allowed);
      if (c->match == JW_MATCH_OK) c->route = idx;
    }
    atomic_fetch_add(&in_flight, 1);
    *con_cls = c;
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    size_t n = *upload_data_size;
    *upload_data_size = 0;
    if (c->too_large) return MHD_YES;
    if (c->body_len + n > body_limit(c)) {
      c->too_large = 1; /* keep reading and discard, then answer 413 */
      free(c->body);
      c->body = NULL;
      c->body_len = 0;
      return MHD_YES;
    }
    if (c->body_len + n > c->body_cap) {
      size_t cap = c->body_cap ? c->body_cap : 4096;
      while (cap < c->body_len + n) cap *= 2;
      char *nb = realloc(c->body, cap);
      if (!nb) return MHD_NO;
      c->body = nb;
      c->body_cap = cap;
    }
    memcpy(c->body + c->body_len, upload_data, n);
    c->body_len += n;
    return MHD_YES;
  }
  if (c->req.method == JW_METHOD__MAX) {
    struct jw_error err = {0};
    jw_fail(&err, JW_E_METHOD, "Unknown method %.16s.", method);
    c->req.method = JW_GET; /* for the log line */
    return queue_problem(c, conn, &err);
  }
  return dispatch(c, conn);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe) {
  (void)conn;
  (void)toe;
  struct jw_app *app = cls;
  struct ctx *c = *con_cls;
  if (!c) return;
  double secs = elapsed(&c->start);
  jw_metrics_record(c->route, c->status, secs);
  if (app->cfg.access_log)
    jw_log_access("%s %s %s %d %.1fms id=%s user=%s", c->ip, jw_method_names[c->req.method], c->req.path, c->status,
                  secs * 1000.0, c->request_id, c->user_login ? c->user_login : "-");
  if (c->req.resp_json) json_decref(c->req.resp_json);
  jw_arena_free(&c->arena);
  free(c->body);
  free(c);
  *con_cls = NULL;
  atomic_fetch_sub(&in_flight, 1);
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

static void log_mhd(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  char line[512];
  vsnprintf(line, sizeof line, fmt, ap);
  size_t n = strlen(line);
  while (n && line[n - 1] == '\n') line[--n] = '\0';
  jw_warn("http: %s", line);
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
  struct sockaddr_in sa;
  if (parse_listen(app->cfg.listen, &sa) != 0) {
    jw_error("cannot parse listen address \"%s\" (want HOST:PORT)", app->cfg.listen);
    return 1;
  }
  unsigned threads = app->cfg.threads > 0 ? (unsigned)app->cfg.threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
  if (threads < 1) threads = 1;
  request_prefix = ((unsigned long)time(NULL) ^ ((unsigned long)getpid() << 8)) & 0xffffff;
  jw_metrics_init(jw_routes_count);

  /* The signals are waited for here, not handled asynchronously. */
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGTERM);
  sigaddset(&sigs, SIGINT);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);
  signal(SIGPIPE, SIG_IGN);

  struct MHD_Daemon *d = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, app,
      MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
      MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed, app,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)app->cfg.conn_timeout, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      (unsigned)app->cfg.per_ip_conns, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
      MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
  if (!d) {
    jw_error("cannot listen on %s (in use, or not allowed)", app->cfg.listen);
    jw_metrics_free();
    return 1;
  }
  if (drop_privileges(&app->cfg) != 0) {
    MHD_stop_daemon(d);
    jw_metrics_free();
    return 1;
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  jw_info("jingwu serving http://%s (port %u), %u threads, database %s", app->cfg.listen, di ? di->port : 0, threads,
          jw_db_kind(app->db) == JW_DB_SQLITE ? "SQLite" : "PostgreSQL");

  int sig = 0;
  const struct timespec second = {1, 0};
  while ((sig = sigtimedwait(&sigs, NULL, &second)) < 0) {
    jw_log_flush();
    if (app->tick) app->tick(app);
  }
  jw_info("signal %d: finishing requests in flight", sig);
  atomic_store(&draining, 1);
  MHD_socket ls = MHD_quiesce_daemon(d);
  if (ls != MHD_INVALID_SOCKET) close(ls);
  /* Give requests in flight up to 10 s to finish; idle keep-alive
   * connections are simply closed. */
  for (int i = 0; i < 1000 && atomic_load(&in_flight) > 0; i++) {
    struct timespec ts = {0, 10 * 1000000L};
    nanosleep(&ts, NULL);
  }
  MHD_stop_daemon(d);
  jw_log_shutdown();
  jw_metrics_free();
  jw_info("stopped");
  return 0;
}
