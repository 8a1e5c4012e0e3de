/*
 * dispatch.c — the request dispatcher, called by libmicrohttpd.
 *
 * First callback (headers in, no body read yet): the context is created,
 * the client's address found (trusted proxies), the request line and
 * framing checked (UTF-8, Content-Length), the route matched, the session
 * loaded and the route's role, CSRF and body limit checked, and the memory
 * for the body reserved. A request refused there never has its body read:
 * when it announced one, the answer is queued at once with Connection:
 * close; otherwise it is queued on the next callback (which keeps
 * keep-alive in libmicrohttpd 0.9.75).
 * Upload callbacks gather the body. The last callback parses the body and
 * runs the handler — on the offload pool for routes flagged offload (the
 * connection is suspended meanwhile) — and queues the answer. Every answer
 * is checked: a reply that cannot be serialised becomes a 500 problem.
 * The completion callback records metrics, writes the access log line and
 * frees the request.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "core/log.h"
#include "http/compress.h"
#include "http/internal.h"
#include "http/metrics.h"
#include "http/static.h"

static const char CSP[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

/* Detail texts echo at most this many bytes of what the client sent. */
#define ECHO_MAX 120

const char *jw_query(struct jw_req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn_, MHD_GET_ARGUMENT_KIND, name);
}
struct unknown_arg {
  const char *const *known;
  const char *found;
};

static enum MHD_Result find_unknown(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  (void)kind;
  (void)value;
  struct unknown_arg *u = cls;
  for (const char *const *k = u->known; *k; k++)
    if (strcmp(*k, key) == 0) return MHD_YES;
  u->found = key;
  return MHD_NO; /* stop at the first */
}

const char *jw_query_unknown(struct jw_req *r, const char *const *known) {
  struct unknown_arg u = {known, NULL};
  MHD_get_connection_values(r->conn_, MHD_GET_ARGUMENT_KIND, find_unknown, &u);
  return u.found;
}

enum jw_code jw_query_only(struct jw_req *r, const char *const *known, struct jw_error *err) {
  const char *unknown = jw_query_unknown(r, known);
  if (!unknown) return JW_OK;
  struct jw_buf b = {.a = r->arena};
  for (const char *const *k = known; *k; k++) {
    if (k != known) jw_buf_puts(&b, ", ");
    jw_buf_puts(&b, *k);
  }
  jw_field_fail(err, jw_text_clean(r->arena, unknown, 32), "is not a parameter of this list (%s)", b.p ? b.p : "");
  return JW_E_VALIDATION;
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

static void add_common_headers(struct MHD_Response *resp, struct jw_ctx *c, int api) {
  MHD_add_response_header(resp, "X-Request-Id", c->request_id);
  MHD_add_response_header(resp, "Content-Security-Policy", CSP);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=(self)");
  if (api) MHD_add_response_header(resp, "Cache-Control", "no-store");
  if (c->close || atomic_load(&c->edge->draining)) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
}

static enum MHD_Result queue_buffer(struct jw_ctx *c, int status, const char *type, char *buf, size_t len,
                                    int must_free, const char *extra_name, const char *extra_value) {
  /* A text reply of JW_GZIP_MIN bytes or more goes gzip-compressed to a
   * client that accepts it (the guide's JSON shrinks to a fifth). */
  int compressible = jw_compressible_type(type);
  int gzipped = 0;
  if (compressible && len >= JW_GZIP_MIN && status != 204 && status != 304 &&
      jw_accepts_gzip(MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING))) {
    char *z;
    size_t zlen;
    if (jw_gzip(buf, len, &z, &zlen) == 0) {
      if (must_free) free(buf);
      buf = z;
      len = zlen;
      must_free = 1;
      gzipped = 1;
    }
  }
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(len, buf, must_free ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_MUST_COPY);
  if (!resp) {
    if (must_free) free(buf);
    return MHD_NO;
  }
  if (type) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  if (compressible) MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
  if (gzipped) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
  add_common_headers(resp, c, 1);
  if (extra_name) MHD_add_response_header(resp, extra_name, extra_value);
  if (c->req.set_cookie) MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, c->req.set_cookie);
  for (int i = 0; i < c->req.nresp_headers; i++)
    MHD_add_response_header(resp, c->req.resp_headers[i][0], c->req.resp_headers[i][1]);
  if (c->allow) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, c->allow);
  c->status = status;
  enum MHD_Result ret = MHD_queue_response(c->conn, (unsigned)status, resp);
  MHD_destroy_response(resp);
  return ret;
}

int jw_wants_chinese(struct jw_req *r) {
  const char *al = jw_header(r, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
  return al && strncasecmp(al, "zh", 2) == 0;
}

/* The problem document of err; NULL only when memory runs out. Every text
 * goes through jw_text_clean, so it is valid UTF-8 whatever the handler or
 * the client put in it. */
static char *problem_text(struct jw_arena *a, const char *request_id, const struct jw_error *err, int status, int zh) {
  const char *title = jw_text_clean(a, zh ? jw_error_title_zh(err->code) : jw_error_title(err->code), 200);
  const char *detail = jw_text_clean(a, zh ? err->detail_zh : err->detail, 400);
  json_t *p = json_pack("{s:s+, s:s, s:i, s:s, s:s}", "type", "/problems/", jw_error_slug(err->code), "title", title,
                        "status", status, "detail", detail[0] ? detail : title, "request_id", request_id);
  if (!p) return NULL;
  if (err->nfields > 0) {
    json_t *list = json_array();
    for (int i = 0; i < err->nfields && i < JW_ERROR_FIELDS_MAX; i++) {
      const struct jw_field_error *f = &err->fields[i];
      json_t *item = json_pack("{s:s, s:s}", "field", jw_text_clean(a, f->field, 64), "message",
                               jw_text_clean(a, zh ? f->message_zh : f->message, 200));
      if (item) json_array_append_new(list, item);
    }
    json_object_set_new(p, "errors", list);
  }
  char *text = json_dumps(p, JSON_COMPACT);
  json_decref(p);
  return text;
}

/* Writes err as problem+json, in Chinese when the client asks for it. */
static enum MHD_Result queue_problem(struct jw_ctx *c, const struct jw_error *err) {
  int status = jw_error_status(err->code);
  if (status >= 500)
    jw_error("request %s: %s %s failed: %s", c->request_id, jw_method_names[c->req.method],
             jw_text_clean(&c->arena, c->req.path, ECHO_MAX), jw_text_clean(&c->arena, err->detail, 300));
  char retry[16];
  const char *hname = NULL;
  if (err->retry_after > 0) {
    snprintf(retry, sizeof retry, "%d", err->retry_after);
    hname = MHD_HTTP_HEADER_RETRY_AFTER;
  }
  if (c->edge->app->own_error && c->req.path) {
    int zh = jw_wants_chinese(&c->req);
    const char *detail = jw_text_clean(&c->arena, zh ? err->detail_zh : err->detail, 400);
    const char *type = NULL;
    const char *own =
        c->edge->app->own_error(&c->arena, c->req.path, status, detail[0] ? detail : jw_error_title(err->code), &type);
    if (own) return queue_buffer(c, status, type, (char *)own, strlen(own), 0, hname, retry);
  }
  char *text = problem_text(&c->arena, c->request_id, err, status, jw_wants_chinese(&c->req));
  if (!text) {
    /* Cannot happen with clean text; never answer without a body. */
    jw_error("request %s: BUG: problem+json could not be built", c->request_id);
    status = 500;
    char *fixed = jw_arena_printf(&c->arena,
                                  "{\"type\":\"/problems/internal\",\"title\":\"Internal error\",\"status\":500,"
                                  "\"detail\":\"Internal error\",\"request_id\":\"%s\"}",
                                  c->request_id);
    return queue_buffer(c, status, "application/problem+json", fixed, strlen(fixed), 0, NULL, NULL);
  }
  return queue_buffer(c, status, "application/problem+json", text, strlen(text), 1, hname, retry);
}

/* err as a whole HTTP/1.1 problem+json answer with Connection: close, to
 * write straight to the socket; arena-owned, NULL when memory runs out. */
static char *raw_problem(struct jw_arena *a, const char *request_id, const struct jw_error *err, int zh) {
  int status = jw_error_status(err->code);
  char *body = problem_text(a, request_id, err, status, zh);
  if (!body) return NULL;
  char date[64];
  time_t now = time(NULL);
  struct tm tm;
  strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", gmtime_r(&now, &tm));
  const char *reason = status == 413   ? "Content Too Large"
                       : status == 503 ? "Service Unavailable"
                       : status == 408 ? "Request Timeout"
                                       : "Error";
  char *text = jw_arena_printf(
      a,
      "HTTP/1.1 %d %s\r\nDate: %s\r\nConnection: close\r\n"
      "Content-Type: application/problem+json\r\nContent-Length: %zu\r\n"
      "X-Request-Id: %s\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
      "Content-Security-Policy: %s\r\nReferrer-Policy: strict-origin-when-cross-origin\r\n"
      "X-Frame-Options: DENY\r\n%s%s%s\r\n%s",
      status, reason, date, strlen(body), request_id, CSP, err->retry_after > 0 ? "Retry-After: " : "",
      err->retry_after > 0 ? jw_arena_printf(a, "%d", err->retry_after) : "", err->retry_after > 0 ? "\r\n" : "", body);
  free(body);
  return text;
}

/*
 * Writes err as a whole problem+json answer (with Connection: close)
 * straight to the socket, for a request in the middle of its body:
 * libmicrohttpd 0.9.75 cannot queue an answer then (MHD_queue_response
 * refuses until the body is in), only drop the connection. Nothing else is
 * on the wire at that point (libmicrohttpd reads a request only once the
 * previous answer is sent, and it sends nothing while a body comes in but
 * a 100 Continue, which a final answer may follow), and the send buffer is
 * empty, so the few hundred bytes go out in one send. The caller then
 * returns MHD_NO (libmicrohttpd closes the connection) with the socket set
 * to linger, so that the client reads the answer instead of a reset.
 * Returns 0 when the whole answer was written.
 */
static int send_raw_problem(struct jw_ctx *c, const struct jw_error *err) {
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
  if (!ci || ci->connect_fd < 0) return -1;
  char *text = raw_problem(&c->arena, c->request_id, err, jw_wants_chinese(&c->req));
  if (!text) return -1;
  size_t len = strlen(text);
  ssize_t n = send(ci->connect_fd, text, len, MSG_NOSIGNAL | MSG_DONTWAIT);
  c->status = jw_error_status(err->code);
  return n == (ssize_t)len ? 0 : -1;
}

char *jw_timeout_answer(struct jw_arena *a, const char *request_id, int zh, int whole, int secs) {
  struct jw_error err = {0};
  if (whole)
    jw_fail(&err, JW_E_REQUEST_TIMEOUT, "The request body did not all arrive within %d seconds; send it again.", secs);
  else
    jw_fail(&err, JW_E_REQUEST_TIMEOUT, "The request body stopped arriving for %d seconds; send it again.", secs);
  return raw_problem(a, request_id, &err, zh);
}

/* A handler's answer that cannot be sent as it is: logged as a bug, 500. */
static enum MHD_Result queue_bug(struct jw_ctx *c, const char *what) {
  jw_error("request %s: BUG: %s %s: %s", c->request_id, jw_method_names[c->req.method],
           jw_text_clean(&c->arena, c->req.path, ECHO_MAX), what);
  struct jw_error err = {0};
  jw_fail(&err, JW_E_INTERNAL, "Internal error");
  c->req.set_cookie = NULL; /* what the handler meant to answer does not go out */
  c->req.nresp_headers = 0;
  return queue_problem(c, &err);
}

/* A streamed answer: a callback response that suspends itself when idle. */
static enum MHD_Result queue_stream(struct jw_ctx *c) {
  struct jw_stream *s = c->req.stream;
  c->req.stream = NULL; /* the response owns it now */
  struct MHD_Response *resp = jw_stream_response(s, c->conn);
  if (!resp) return MHD_NO;
  add_common_headers(resp, c, 1);
  c->status = 200;
  enum MHD_Result ret = MHD_queue_response(c->conn, 200, resp);
  MHD_destroy_response(resp);
  return ret;
}

static enum MHD_Result queue_reply(struct jw_ctx *c) {
  struct jw_req *r = &c->req;
  if (r->stream) return queue_stream(c);
  if (r->resp_broken) return queue_bug(c, "the handler answered with no JSON (a json_pack failed)");
  if (r->resp_json) {
    char *text = json_dumps(r->resp_json, JSON_COMPACT | JSON_REAL_PRECISION(10));
    if (!text) return queue_bug(c, "the reply could not be serialised");
    return queue_buffer(c, r->status, "application/json", text, strlen(text), 1, NULL, NULL);
  }
  if (r->resp_text) return queue_buffer(c, r->status, r->resp_type, (char *)r->resp_text, r->resp_len, 0, NULL, NULL);
  return queue_buffer(c, r->status ? r->status : 204, NULL, (char *)"", 0, 0, NULL, NULL);
}

static int is_unsafe(enum jw_method m) { return m == JW_POST || m == JW_PUT || m == JW_PATCH || m == JW_DELETE; }

static int is_api_path(const char *path) {
  return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 || strncmp(path, "/open311/", 9) == 0 ||
         strcmp(path, "/healthz") == 0 || strcmp(path, "/metrics") == 0;
}

/* The largest body the request may send: uploads have their own limit. */
static size_t body_limit(const struct jw_ctx *c) {
  const struct jw_config *cfg = &c->edge->app->cfg;
  if (c->route >= 0 && c->edge->app->routes[c->route].max_body) return c->edge->app->routes[c->route].max_body;
  return (size_t)(c->route >= 0 && c->edge->app->routes[c->route].raw_body ? cfg->max_upload : cfg->max_body);
}

/* The 400 of a body jansson cannot parse: a plain sentence for what is
 * wrong (jansson's own text names its flags, like JSON_ALLOW_NUL), with the
 * line and column. */
static enum jw_code bad_json(const json_error_t *jerr, struct jw_error *err) {
  int line = jerr->line, col = jerr->column;
  switch (json_error_code(jerr)) {
  case json_error_null_character:
  case json_error_null_byte_in_key:
    return jw_fail(err, JW_E_BAD_JSON, "The body is not valid JSON (line %d, column %d): it holds a NUL character.",
                   line, col);
  case json_error_duplicate_key:
    return jw_fail(err, JW_E_BAD_JSON, "The body is not valid JSON (line %d, column %d): a key appears twice.", line,
                   col);
  case json_error_invalid_utf8:
    return jw_fail(err, JW_E_BAD_JSON, "The body is not valid JSON (line %d, column %d): it is not valid UTF-8.", line,
                   col);
  case json_error_premature_end_of_input:
    return jw_fail(err, JW_E_BAD_JSON, "The body is not valid JSON (line %d, column %d): it ends too early.", line,
                   col);
  case json_error_end_of_input_expected:
    return jw_fail(err, JW_E_BAD_JSON,
                   "The body is not valid JSON (line %d, column %d): something follows the JSON value.", line, col);
  case json_error_stack_overflow:
    return jw_fail(err, JW_E_BAD_JSON, "The body is not valid JSON (line %d, column %d): it is nested too deeply.",
                   line, col);
  case json_error_numeric_overflow:
    return jw_fail(err, JW_E_BAD_JSON, "The body is not valid JSON (line %d, column %d): a number is too large.", line,
                   col);
  default:
    return jw_fail(err, JW_E_BAD_JSON, "The body is not valid JSON (line %d, column %d).", line, col);
  }
}

/* Parses the body as JSON when there is one (or hands over a raw body). */
static enum jw_code parse_body(struct jw_ctx *c, struct jw_error *err) {
  struct jw_req *r = &c->req;
  if (c->body_len == 0) return JW_OK;
  if (c->edge->app->routes[c->route].raw_body) {
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
  if (!r->body) return bad_json(&jerr, err);
  jw_arena_defer(&c->arena, (void (*)(void *))json_decref, r->body);
  return JW_OK;
}

/* Who may call the route; JW_OK or the error to answer. */
static enum jw_code check_access(const struct jw_route *route, const struct jw_user *user, struct jw_error *err) {
  if (route->access == JW_PUBLIC) return JW_OK;
  if (!user) return jw_fail(err, JW_E_UNAUTHENTICATED, "Please sign in first.");
  if (user->refused) return jw_fail(err, JW_E_FORBIDDEN, "%s", user->refused);
  if (route->access == JW_SIGNED_IN) return JW_OK;
  if (!(route->access & JW_BIT(user->role)))
    return jw_fail(err, JW_E_FORBIDDEN, "Your role (%s) may not do this.", jw_role_names[user->role]);
  return JW_OK;
}

static enum jw_code check_csrf(struct jw_req *r, const struct jw_route *route, struct jw_error *err) {
  if (!is_unsafe(r->method) || !r->user || route->csrf_exempt) return JW_OK;
  const char *sent = jw_header(r, "X-CSRF-Token");
  if (!sent || !jw_secret_equal(sent, r->user->csrf_token))
    return jw_fail(err, JW_E_CSRF, "Send the X-CSRF-Token header you received at sign-in.");
  return JW_OK;
}

void jw_run_handler(struct jw_ctx *c) {
  struct jw_req *r = &c->req;
  struct jw_error *err = &c->err;
  const struct jw_route *route = &c->edge->app->routes[c->route];
  r->db = jw_db_conn(c->edge->app->db, err);
  if (!r->db) {
    jw_metrics_db_error();
    c->rc = jw_fail(err, JW_E_UNAVAILABLE, "The database cannot be reached; please try again shortly.");
    return;
  }
  enum jw_code rc;
  atomic_fetch_add(&c->edge->handling, 1);
  if ((rc = parse_body(c, err)) == JW_OK) rc = route->handler(r, err);
  atomic_fetch_sub(&c->edge->handling, 1);
  if (c->edge->app->after_handler) c->edge->app->after_handler();
  /* A path id that is no id (jw_param_id): the handler's 404 would name the
   * 0 it read; name the text as sent instead (the problem is JSON-escaped). */
  if (rc == JW_E_NOT_FOUND && r->bad_id) {
    jw_error_clear(err);
    rc = jw_fail(err, JW_E_NOT_FOUND, "There is nothing here with the id \"%s\": an id is a whole number from 1.",
                 jw_text_clean(&c->arena, r->bad_id, 40));
  }
  if (rc != JW_OK) {
    if (err->code == JW_OK) jw_fail(err, rc, "%s", jw_error_title(rc));
    if (err->code == JW_E_DB || err->code == JW_E_DB_BUSY) jw_metrics_db_error();
  }
  c->rc = rc;
  jw_conn_release(r->db);
  r->db = NULL;
}

/* The answer of a handler that has run (here or on the pool). */
static enum MHD_Result queue_outcome(struct jw_ctx *c) {
  if (c->rc != JW_OK) return queue_problem(c, &c->err);
  return queue_reply(c);
}

static enum MHD_Result dispatch_api(struct jw_ctx *c) {
  if (c->edge->app->routes[c->route].offload && c->edge->pool) {
    atomic_store(&c->offload, 1);
    if (jw_pool_submit(c->edge->pool, c) == 0) return MHD_YES; /* suspended; answered when resumed */
    atomic_store(&c->offload, 0);
    struct jw_error err = {0};
    jw_fail(&err, JW_E_UNAVAILABLE, "The server is busy; please try again in a moment.");
    err.retry_after = 2;
    return queue_problem(c, &err);
  }
  jw_run_handler(c);
  return queue_outcome(c);
}

static enum MHD_Result dispatch_static(struct jw_ctx *c) {
  struct jw_req *r = &c->req;
  struct jw_error err = {0};
  c->route = -1;
  if (r->method != JW_GET && r->method != JW_HEAD) {
    c->allow = "GET, HEAD";
    jw_fail(&err, JW_E_METHOD, "Only GET is allowed for pages.");
    return queue_problem(c, &err);
  }
  struct MHD_Response *resp = NULL;
  int status =
      jw_static_response(c->edge->app->cfg.web_dir, r->path,
                         MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING),
                         MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH), &resp);
  if (!resp) {
    jw_fail(&err, JW_E_NOT_FOUND, "No such page: %s", jw_text_clean(&c->arena, r->path, ECHO_MAX));
    return queue_problem(c, &err);
  }
  add_common_headers(resp, c, 0);
  c->status = status;
  enum MHD_Result ret = MHD_queue_response(c->conn, (unsigned)status, resp);
  MHD_destroy_response(resp);
  return ret;
}

/* ---- the first callback ---- */

struct arg_scan {
  int bad;
};

static enum MHD_Result scan_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  (void)kind;
  struct arg_scan *s = cls;
  if ((key && !jw_text_ok(key, strlen(key))) || (value && !jw_text_ok(value, strlen(value)))) s->bad = 1;
  return MHD_YES;
}

struct framing {
  int content_lengths;
  int transfer_encodings;
  const char *content_length;
  const char *transfer_encoding;
};

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  (void)kind;
  struct framing *f = cls;
  if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
    f->content_lengths++;
    f->content_length = value;
  } else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
    f->transfer_encodings++;
    f->transfer_encoding = value;
  }
  return MHD_YES;
}

static enum MHD_Result scan_line(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  (void)kind;
  if (!jw_header_line_ok(key, value)) {
    *(int *)cls = 1;
    return MHD_NO;
  }
  return MHD_YES;
}

/* Checks how the body is framed (RFC 9112 §6): one Content-Length of
 * digits, or Transfer-Encoding: chunked alone. Sets c->has_body. */
static enum jw_code check_framing(struct jw_ctx *c, unsigned long long *length, struct jw_error *err) {
  struct framing f = {0};
  MHD_get_connection_values(c->conn, MHD_HEADER_KIND, scan_header, &f);
  *length = 0;
  if (f.transfer_encodings) {
    c->has_body = 1;
    if (f.transfer_encodings > 1 || f.content_lengths || strcasecmp(f.transfer_encoding, "chunked") != 0)
      return jw_fail(err, JW_E_BAD_REQUEST,
                     "Send the body with one Content-Length or with Transfer-Encoding: chunked alone.");
    return JW_OK;
  }
  if (!f.content_lengths) return JW_OK;
  if (f.content_lengths > 1) {
    c->has_body = 1;
    return jw_fail(err, JW_E_BAD_REQUEST, "The request has more than one Content-Length header.");
  }
  const char *s = f.content_length;
  if (!*s || strlen(s) > 19 || strspn(s, "0123456789") != strlen(s)) {
    c->has_body = 1;
    return jw_fail(err, JW_E_BAD_REQUEST, "Content-Length must be a number of bytes.");
  }
  *length = strtoull(s, NULL, 10);
  c->has_body = *length > 0;
  c->length = *length;
  return JW_OK;
}

/* Reserves n bytes of the memory bodies in flight may hold; 0 or -1. */
static int reserve(struct jw_ctx *c, size_t n) {
  long limit = c->edge->app->cfg.max_inflight;
  long now = atomic_fetch_add(&c->edge->body_bytes, (long)n);
  if (limit > 0 && now + (long)n > limit) {
    atomic_fetch_sub(&c->edge->body_bytes, (long)n);
    return -1;
  }
  c->reserved += n;
  return 0;
}

static enum jw_code fail_busy(struct jw_error *err) {
  jw_fail(err, JW_E_UNAVAILABLE, "The server is busy; please try again in a moment.");
  err->retry_after = 2;
  return JW_E_UNAVAILABLE;
}

/* Everything decided before the body is read; the error to answer, or JW_OK. */
static enum jw_code first_checks(struct jw_ctx *c, const char *url, const char *version, struct jw_error *err) {
  struct jw_req *r = &c->req;
  unsigned long long length = 0;
  /* A header line libmicrohttpd 0.9.75 took although RFC 9112 refuses it
   * ("Content-Length : 5" is a header named "Content-Length "): what it
   * meant to frame may be read as the next request, so the answer closes
   * the connection. */
  int bad_line = 0;
  MHD_get_connection_values(c->conn, MHD_HEADER_KIND, scan_line, &bad_line);
  if (bad_line || !jw_head_layout_ok(c->conn, version)) {
    c->close = 1;
    return jw_fail(err, JW_E_BAD_REQUEST, "A header line of the request is malformed.");
  }
  if (c->too_many_params)
    return jw_fail(err, JW_E_URI_TOO_LONG, "The address has more than %d query parameters.", JW_MAX_PARAMS);
  enum jw_code rc = check_framing(c, &length, err);
  if (rc != JW_OK) return rc;
  /* RFC 9112 §3.2 (checked here rather than by libmicrohttpd's strict mode,
   * whose own error page is malformed on the wire in 0.9.75). */
  if (version && strcmp(version, MHD_HTTP_VERSION_1_1) == 0 &&
      !MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))
    return jw_fail(err, JW_E_BAD_REQUEST, "An HTTP/1.1 request must have a Host header.");
  struct arg_scan scan = {0};
  MHD_get_connection_values(c->conn, MHD_GET_ARGUMENT_KIND, scan_arg, &scan);
  if (!jw_text_ok(url, strlen(url)) || scan.bad)
    return jw_fail(err, JW_E_BAD_REQUEST, "The address is not valid UTF-8 text (or holds control characters).");
  if (strlen(url) > JW_MAX_URL)
    return jw_fail(err, JW_E_URI_TOO_LONG, "The address is longer than %d characters.", JW_MAX_URL);
  if (r->method == JW_METHOD__MAX) {
    r->method = JW_GET; /* for the log line */
    return jw_fail(err, JW_E_METHOD, "This method is not supported.");
  }
  if (!is_api_path(url)) {
    if (c->has_body) {
      c->allow = "GET, HEAD";
      return jw_fail(err, JW_E_METHOD, "Only GET is allowed for pages.");
    }
    return JW_OK; /* static files: answered on the next callback */
  }
  char *path_buf = jw_arena_strdup(&c->arena, url);
  int idx = -1;
  c->match = jw_route_match(c->edge->app->routes, c->edge->app->nroutes, r->method, path_buf, &idx, r->params,
                            &r->nparams, &c->allowed);
  if (c->match == JW_MATCH_NONE)
    return jw_fail(err, JW_E_NOT_FOUND, "There is no API at %s.", jw_text_clean(&c->arena, url, ECHO_MAX));
  if (c->match == JW_MATCH_METHOD) {
    char list[64] = "";
    size_t len = 0;
    for (int m = 0; m < JW_METHOD__MAX; m++)
      if (c->allowed & (1u << m))
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", jw_method_names[m]);
    c->allow = jw_arena_strdup(&c->arena, list);
    return jw_fail(err, JW_E_METHOD, "%s is not allowed here; use %s.", jw_method_names[r->method], list);
  }
  c->route = idx;
  const struct jw_route *route = &c->edge->app->routes[idx];
  if (route->local_only && !jw_cidr_list_has(&c->edge->metrics, c->ip))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no API at %s.", jw_text_clean(&c->arena, url, ECHO_MAX));
  if (length > body_limit(c))
    return jw_fail(err, JW_E_TOO_LARGE, "The request body is larger than %zu bytes.", body_limit(c));
  const char *token = jw_cookie(r, JW_SESSION_COOKIE);
  if (token || route->access != JW_PUBLIC) {
    r->db = jw_db_conn(c->edge->app->db, err);
    if (!r->db) {
      jw_metrics_db_error();
      return jw_fail(err, JW_E_UNAVAILABLE, "The database cannot be reached; please try again shortly.");
    }
    if (token && c->edge->app->authenticate) r->user = c->edge->app->authenticate(r, token);
    jw_conn_release(r->db);
    r->db = NULL;
    if (r->user) c->user_login = r->user->login;
  }
  if ((rc = check_access(route, r->user, err)) != JW_OK || (rc = check_csrf(r, route, err)) != JW_OK) return rc;
  /* A body of known length is reserved whole now; a chunked one as it comes. */
  if (length > 0 && reserve(c, (size_t)length) != 0) return fail_busy(err);
  return JW_OK;
}

/* The last X-Forwarded-For header: a proxy that adds its own line instead
 * of appending to the client's puts it last. */
static enum MHD_Result last_xff(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  (void)kind;
  if (strcasecmp(key, "X-Forwarded-For") == 0) *(const char **)cls = value;
  return MHD_YES;
}

static struct jw_ctx *new_ctx(struct jw_edge *e, struct MHD_Connection *conn, const char *url, const char *method) {
  struct jw_ctx *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  clock_gettime(CLOCK_MONOTONIC, &c->start);
  c->edge = e;
  c->conn = conn;
  c->route = -2;
  c->match = JW_MATCH_NONE;
  c->req.app = e->app;
  c->req.arena = &c->arena;
  c->req.conn_ = conn;
  c->req.method = jw_method_parse(method);
  c->req.path = jw_arena_strdup(&c->arena, url);
  snprintf(c->request_id, sizeof c->request_id, "%06lx%010lx", e->prefix, atomic_fetch_add(&e->counter, 1));
  c->req.request_id = c->request_id;
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, c->peer, sizeof c->peer);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, c->peer, sizeof c->peer);
  }
  const char *xff = NULL;
  if (e->trusted.n > 0) MHD_get_connection_values(conn, MHD_HEADER_KIND, last_xff, (void *)&xff);
  jw_client_ip(&e->trusted, c->peer, xff, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP"), c->ip);
  c->req.ip = c->ip;
  return c;
}

/* Answers err in the middle of a body and has the connection closed. */
static enum MHD_Result answer_mid_body(struct jw_ctx *c, const struct jw_error *err) {
  jw_sock_linger(c->conn);
  if (send_raw_problem(c, err) != 0) jw_warn("request %s: the %d answer could not be sent", c->request_id, c->status);
  return MHD_NO;
}

enum MHD_Result jw_on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls) {
  struct jw_edge *e = cls;
  struct jw_ctx *c = *con_cls;
  if (!c || c == JW_TOO_MANY_PARAMS) {
    int too_many = c == JW_TOO_MANY_PARAMS;
    *con_cls = NULL;
    c = new_ctx(e, conn, url, method);
    if (!c) return MHD_NO;
    c->too_many_params = too_many;
    atomic_fetch_add(&e->in_flight, 1);
    *con_cls = c;
    jw_sock_headers_in(conn);
    if (first_checks(c, url, version, &c->early) != JW_OK) {
      if (c->has_body || c->close) {
        /* Answer before the body: libmicrohttpd then reads none of it (nor
         * what follows) and closes the connection after the answer. */
        c->close = 1;
        jw_sock_linger(conn);
        return queue_problem(c, &c->early);
      }
    } else if (c->has_body) {
      jw_sock_body_expected(conn, c->request_id, jw_wants_chinese(&c->req));
    }
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    size_t n = *upload_data_size;
    *upload_data_size = 0;
    jw_sock_body_progress(conn);
    if (c->early.code != JW_OK) return MHD_YES; /* not reached: answered on the first callback */
    if (c->body_len + n > body_limit(c)) {
      /* Only a chunked body can get here (a Content-Length was checked):
       * answered 413 at once, and the connection closed without reading
       * more. */
      jw_warn("request %s: chunked body over %zu bytes; 413 and connection closed", c->request_id, body_limit(c));
      struct jw_error err = {0};
      jw_fail(&err, JW_E_TOO_LARGE, "The request body is larger than %zu bytes.", body_limit(c));
      return answer_mid_body(c, &err);
    }
    if (c->body_len + n > c->body_cap) {
      size_t cap = c->body_cap ? c->body_cap : 4096;
      while (cap < c->body_len + n) cap *= 2;
      if (c->length >= c->body_len + n) cap = (size_t)c->length; /* announced: allocate it once */
      if (cap > body_limit(c)) cap = body_limit(c);
      if (cap > c->reserved && reserve(c, cap - c->reserved) != 0) {
        jw_warn("request %s: bodies in flight hold more than --max-inflight; 503 and connection closed", c->request_id);
        struct jw_error err = {0};
        fail_busy(&err);
        return answer_mid_body(c, &err);
      }
      char *nb = realloc(c->body, cap);
      if (!nb) return MHD_NO;
      c->body = nb;
      c->body_cap = cap;
    }
    memcpy(c->body + c->body_len, upload_data, n);
    c->body_len += n;
    return MHD_YES;
  }
  if (!c->body_in) {
    c->body_in = 1;
    if (jw_sock_body_in(conn)) {
      c->status = 408; /* answered by the sweep: never run it */
      return MHD_NO;
    }
  }
  int state = atomic_load(&c->offload);
  if (state == 2) return queue_outcome(c);
  if (state == 1) return MHD_YES; /* woken before the pool finished: keep waiting */
  if (c->early.code != JW_OK) return queue_problem(c, &c->early);
  if (c->route >= 0) return dispatch_api(c);
  return dispatch_static(c);
}

/* The access log line shows the path cleaned (control characters and
 * invalid bytes replaced), so that a request cannot forge log lines. */
void jw_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe) {
  (void)toe;
  struct jw_edge *e = cls;
  struct jw_ctx *c = *con_cls;
  if (!c || c == JW_TOO_MANY_PARAMS) return; /* ended before the first callback */
  double secs = elapsed(&c->start);
  if (!c->status && jw_sock_timed_out(conn)) c->status = 408; /* the sweep answered it (jw_server_sweep) */
  jw_metrics_record(c->route, c->status, secs);
  if (e->app->cfg.access_log)
    jw_log_access("%s %s %s %d %.1fms id=%s user=%s", c->ip, jw_method_names[c->req.method],
                  jw_text_clean(&c->arena, c->req.path, 300), c->status, secs * 1000.0, c->request_id,
                  c->user_login ? c->user_login : "-");
  if (c->req.resp_json) json_decref(c->req.resp_json);
  if (c->req.stream) jw_stream_discard(c->req.stream); /* a handler that failed after jw_reply_stream */
  jw_arena_free(&c->arena);
  free(c->body);
  if (c->reserved) atomic_fetch_sub(&e->body_bytes, (long)c->reserved);
  free(c);
  *con_cls = NULL;
  jw_sock_request_done(conn);
  atomic_fetch_sub(&e->in_flight, 1);
}
