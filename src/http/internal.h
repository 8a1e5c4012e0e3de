/*
 * internal.h — what the files of src/http share and nobody else sees: the
 * per-request context of the dispatcher, the per-connection state of the
 * connection table, address lists (trusted proxies, /metrics) and the
 * offload pool that runs slow handlers (password hashing) off the
 * libmicrohttpd worker threads.
 */
#ifndef JW_HTTP_INTERNAL_H
#define JW_HTTP_INTERNAL_H

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdatomic.h>
#include <time.h>

#include "http/http.h"
#include "http/router.h"

#define JW_MAX_URL 2048

/* ---- address lists (edge.c) ---- */

struct jw_cidr {
  int family;             /* AF_INET or AF_INET6 */
  unsigned char addr[16]; /* network byte order; 4 bytes used for AF_INET */
  int bits;               /* prefix length */
};

struct jw_cidr_list {
  struct jw_cidr *v;
  int n;
};

/* Parses "10.0.0.1, 192.168.0.0/16, ::1" into out (caller frees with
 * jw_cidr_list_free). Returns 0, or -1 with the bad item copied to bad. An
 * empty string gives an empty list. */
int jw_cidr_list_parse(const char *s, struct jw_cidr_list *out, char *bad, size_t bad_size);
void jw_cidr_list_free(struct jw_cidr_list *l);
/* 1 when the textual address ip is inside one of l's networks. IPv4-mapped
 * IPv6 addresses match IPv4 networks. */
int jw_cidr_list_has(const struct jw_cidr_list *l, const char *ip);

/*
 * The client's address for a request from peer (text): when peer is a
 * trusted proxy, the rightmost address of X-Forwarded-For that is not a
 * trusted proxy (or the leftmost one when all are), else X-Real-IP; when the
 * headers are absent or malformed, or peer is not trusted, peer itself.
 * Writes the result (normalised text) to out.
 */
void jw_client_ip(const struct jw_cidr_list *trusted, const char *peer, const char *xff, const char *x_real_ip,
                  char out[INET6_ADDRSTRLEN]);

/* ---- text that goes into answers and logs (edge.c) ---- */

/* 1 when s[0..n) is valid UTF-8 without NUL or other C0 controls but TAB. */
int jw_text_ok(const char *s, size_t n);
/*
 * A copy of s (NUL-terminated) that is valid UTF-8 and at most max bytes
 * long: invalid bytes become U+FFFD, control characters and the invisible or
 * direction-changing ones (zero-width, bidi overrides, BOM) '?', an incomplete
 * character at the end is dropped, and a cut is made on a character
 * boundary (with "…" appended when it cut). Arena-owned.
 */
char *jw_text_clean(struct jw_arena *a, const char *s, size_t max);

/* ---- the request head (edge.c) ---- */

/* Query parameters one request may have: libmicrohttpd 0.9.75 keeps each
 * in its per-connection memory pool and, when that runs out, drops the
 * connection without an answer. */
#define JW_MAX_PARAMS 100

/* 1 when name is an RFC 9110 token (tchar only, not empty) and value holds
 * no CR, LF or NUL (value may be NULL). */
int jw_header_line_ok(const char *name, const char *value);

/*
 * 1 unless the head of the request on conn shows, in libmicrohttpd
 * 0.9.75's read buffer, a line RFC 9112 refuses that libmicrohttpd took
 * silently: a bare LF as line end, an obsolete folded line (which it joins
 * onto the header's name), or a NUL inside a line (which cuts the line).
 * libmicrohttpd parses the head in place: each line's CR LF becomes two
 * NUL bytes and every header points into the buffer, so that a well-formed
 * head is one run of "name\0 value\0\0" from the end of the request
 * line's version on; anything else between two headers is such a line.
 * With another libmicrohttpd than 0.9.75, or when the first header is not
 * where this layout puts it, nothing is judged. version is the request's
 * version as given to the access handler.
 */
int jw_head_layout_ok(struct MHD_Connection *conn, const char *version);

/*
 * libmicrohttpd's URI log callback, called with the raw request target
 * before its query is parsed. A target with more than JW_MAX_PARAMS
 * parameters has its query cut (written over in libmicrohttpd's read
 * buffer, so that it is never parsed) and gets JW_TOO_MANY_PARAMS as the
 * request's context, which the dispatcher answers with 414. Else NULL.
 */
void *jw_uri_log(void *cls, const char *uri, struct MHD_Connection *conn);
extern char jw_too_many_params_mark;
#define JW_TOO_MANY_PARAMS ((void *)&jw_too_many_params_mark)

/* ---- the connection table (server.c) ---- */

/* One open connection, from libmicrohttpd's NOTIFY_CONNECTION callback. */
struct jw_sock {
  struct jw_sock *prev, *next; /* the list of open connections */
  int fd;
  struct jw_addr_count *addr; /* its address's entry in the per-address count table */
  long long deadline;         /* monotonic ms by which the next request's headers (or, once they are in, its body)
                                 must have come; 0 none */
  int linger;                 /* answered before its body: keep the socket a moment after closing */
  /* While a request's body comes in (jw_sock_body_expected .. jw_sock_body_in): */
  int in_body;
  long long body_seen; /* monotonic ms of the body's last bytes: its idle clock */
  int timed_out;       /* the sweep answered 408 and closed: the request must not run */
  int zh;              /* its client asked for Chinese */
  char request_id[24]; /* for the 408's X-Request-Id and problem */
};

/* Called by the dispatcher: the headers of a request are in (its body is
 * due within --body-timeout), its body is all in (no deadline while it is
 * handled and answered), and the request is done (the next one's headers
 * are due within the idle timeout). */
void jw_sock_headers_in(struct MHD_Connection *conn);
/* jw_sock_body_in returns 1 when the sweep has answered the request 408
 * meanwhile (the caller then drops it unrun), else 0. */
int jw_sock_body_in(struct MHD_Connection *conn);
void jw_sock_request_done(struct MHD_Connection *conn);
/*
 * A request whose headers passed the first checks announced a body: from
 * now until jw_sock_body_in the sweep (jw_server_sweep) owns its timeouts,
 * the whole-body deadline (--body-timeout) and the idle one (--conn-timeout
 * since the body's last bytes, jw_sock_body_progress), and answers either
 * with a 408 problem+json (jw_timeout_answer, written straight to the
 * socket as the mid-body answers are) before closing. libmicrohttpd's own
 * idle timeout is pushed a few seconds beyond for that time: it would close
 * the connection with its write side already shut (0.9.75 shuts it before
 * the completion callback), leaving no way to answer.
 */
void jw_sock_body_expected(struct MHD_Connection *conn, const char *request_id, int zh);
void jw_sock_body_progress(struct MHD_Connection *conn);
/* 1 when the sweep answered this connection's request 408. */
int jw_sock_timed_out(struct MHD_Connection *conn);
/* The raw 408 answer (whole: the body deadline of secs passed, else the
 * body was idle for secs), in Chinese when zh; arena-owned, NULL when
 * memory runs out (dispatch.c). */
char *jw_timeout_answer(struct jw_arena *a, const char *request_id, int zh, int whole, int secs);
/* The request was answered before its body was read and the connection
 * will be closed: the socket is kept open (write side shut, nothing read)
 * for a second or two after libmicrohttpd closes it, so that a client still
 * sending the body reads the answer instead of a reset. */
void jw_sock_linger(struct MHD_Connection *conn);

/* ---- the dispatcher (dispatch.c) ---- */

struct jw_edge {
  struct jw_app *app;
  struct jw_cidr_list trusted; /* --trusted-proxies */
  struct jw_cidr_list metrics; /* --metrics-allow */
  atomic_long body_bytes;      /* memory held by request bodies in flight */
  atomic_int in_flight;        /* requests begun and not yet completed */
  atomic_int handling;         /* handlers running right now */
  atomic_int draining;
  atomic_ulong counter;
  unsigned long prefix; /* of request ids */
  struct jw_pool *pool; /* the offload pool, or NULL */
};

struct jw_ctx {
  struct jw_edge *edge;
  struct MHD_Connection *conn;
  struct jw_arena arena;
  struct jw_req req;
  struct timespec start;
  char *body;
  size_t body_len, body_cap;
  size_t reserved;           /* bytes of edge->body_bytes this request holds */
  unsigned long long length; /* its Content-Length, 0 when none */
  int route;                 /* route index, -1 static, -2 none */
  enum jw_match match;       /* for API paths, found on the first callback */
  unsigned allowed;          /* methods the path knows, for a 405 */
  int status;
  int has_body;          /* the request announced a body (Content-Length > 0 or Transfer-Encoding) */
  int body_in;           /* the body is all in (the --body-timeout deadline lifted) */
  int close;             /* answer with Connection: close */
  int too_many_params;   /* the query was cut by jw_uri_log */
  struct jw_error early; /* an answer decided on the first callback (code != JW_OK) */
  /* Offloaded handlers: 1 queued or running on the pool, 2 done (the answer
   * is in err/rc and is queued on the next callback). */
  atomic_int offload;
  enum jw_code rc;
  struct jw_error err;
  const char *user_login;
  const char *allow; /* the Allow header of a 405 */
  char ip[INET6_ADDRSTRLEN];
  char peer[INET6_ADDRSTRLEN];
  char request_id[24];
};

enum MHD_Result jw_on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls);
void jw_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe);
/* libmicrohttpd's unescape callback: decodes %XX and marks a value that is
 * not valid UTF-8 or holds NUL (replaced by one 0xFF byte, which the
 * dispatcher refuses with 400). */
size_t jw_unescape(void *cls, struct MHD_Connection *conn, char *s);
/* Runs the route's handler for c (on whichever thread calls it): gets the
 * thread's DB connection, parses the body, calls the handler; the outcome
 * is left in c->rc / c->err. */
void jw_run_handler(struct jw_ctx *c);

/* ---- the offload pool (offload.c) ---- */

/* Starts nthreads threads with a queue of qsize jobs. NULL on failure. */
struct jw_pool *jw_pool_start(int nthreads, int qsize);
/* Queues c: the connection must be suspended by the caller before the job
 * can run; the pool runs jw_run_handler(c), sets c->offload = 2 and resumes
 * the connection. Returns 0, or -1 when the queue is full. */
int jw_pool_submit(struct jw_pool *p, struct jw_ctx *c);
/* Finishes every queued job, then joins the threads and frees p. */
void jw_pool_stop(struct jw_pool *p);

/* ---- streamed answers (stream.c) ---- */
/* The callback response of stream s on conn, listed among the open
 * streams (s is then owned by the response); NULL when it cannot be made
 * (s freed). */
struct MHD_Response *jw_stream_response(struct jw_stream *s, struct MHD_Connection *conn);
/* Frees a stream that was never queued (and its state). */
void jw_stream_discard(struct jw_stream *s);
/* Resumes the streams idle for their heartbeat interval; the serve loop
 * calls it about once a second. */
void jw_streams_tick(void);
/* The server drains: every stream ends (woken, its reader ends it). */
void jw_streams_drain(void);
/* How many streams are open. */
int jw_streams_open(void);

#endif
