/*
 * http.h — what a handler sees of an HTTP request, and how it answers.
 *
 * The dispatcher (server.c) owns the connection; a handler gets a struct
 * jw_req with the parsed path parameters, the query, the JSON body parsed
 * once, the signed-in user (or NULL), a request arena and a database
 * connection. It validates, calls domain logic, and sets a response with
 * jw_reply_*(); on failure it returns the error code (details in err) and the
 * dispatcher writes problem+json. No handler includes microhttpd.h.
 */
#ifndef JW_HTTP_H
#define JW_HTTP_H

#include <jansson.h>
#include <stdint.h>

#include "core/config.h"
#include "core/errors.h"
#include "core/identity.h"
#include "core/mem.h"
#include "db/db.h"

enum jw_method { JW_GET, JW_POST, JW_PUT, JW_PATCH, JW_DELETE, JW_HEAD, JW_OPTIONS, JW_METHOD__MAX };

/* Route access: public, any signed-in user, or a set of roles (JW_BIT). */
#define JW_PUBLIC    0u
#define JW_SIGNED_IN (1u << 31)

struct jw_req;
struct jw_route;

struct jw_app {
  struct jw_config cfg;
  struct jw_db *db;
  /* Background work (SMS dispatch, reminders …), run by the server's main
   * thread about once a second; may be NULL. */
  void (*tick)(struct jw_app *app);
  void *tick_state;
  /* Called on the handler's thread after every handler returned and its
   * transaction ended (whatever it answered): work that must follow the
   * commit, such as waking the live event streams. May be NULL. */
  void (*after_handler)(void);
  /* The route table (borrowed, static): the composition root (src/app)
   * hands it over; the HTTP layer knows no domain. */
  const struct jw_route *routes;
  int nroutes;
  /* The user whose session token (the JW_SESSION_COOKIE cookie's value)
   * this is, or NULL: called on the first callback of a request that sends
   * the cookie, with r->db set. Arena-owned result. */
  const struct jw_user *(*authenticate)(struct jw_req *r, const char *token);
  /* An error answer in a format of its own for a path whose protocol fixes
   * one (Open311's [{code, description}]), for the answers the dispatcher
   * gives itself (no route, wrong method, body too large): returns the body
   * (arena-owned) and sets *type, or NULL to answer problem+json. detail is
   * clean text. May be NULL. */
  const char *(*own_error)(struct jw_arena *a, const char *path, int status, const char *detail, const char **type);
};

#define JW_MAX_PATH_PARAMS 4

struct jw_req {
  struct jw_app *app;
  struct jw_arena *arena;
  struct jw_conn *db;
  enum jw_method method;
  const char *path;
  const char *params[JW_MAX_PATH_PARAMS]; /* {name} segments of the route, in order */
  int nparams;
  /* The text of a path parameter jw_param_id could not read as an id (not
   * digits, 0, or too long); NULL when none. A handler's 404 then names
   * this text instead of whatever id it made of it (dispatch.c). */
  const char *bad_id;
  json_t *body; /* parsed JSON object/value, or NULL when there is no body */
  /* Routes with raw_body get the body as sent instead (multipart uploads …). */
  const char *raw_body; /* NULL when there is none; not NUL-terminated */
  size_t raw_len;
  const char *raw_type;       /* its Content-Type header, or NULL */
  const struct jw_user *user; /* NULL when anonymous */
  const char *ip;
  const char *request_id;
  void *conn_; /* the dispatcher's; handlers don't touch it */

  /* The response, set by jw_reply_*(). */
  int status;
  json_t *resp_json;     /* owned by the request (freed with the arena) */
  const char *resp_text; /* arena-owned */
  const char *resp_type;
  size_t resp_len;        /* length of resp_text (binary replies) */
  const char *set_cookie; /* arena-owned Set-Cookie value */
  int resp_broken;        /* jw_reply_json got NULL (a json_pack failed): the dispatcher answers 500 */
  /* Extra response headers (Content-Disposition …), arena-owned. */
  const char *resp_headers[4][2];
  int nresp_headers;
  /* A streamed answer (jw_reply_stream), or NULL. */
  struct jw_stream *stream;
};

/* A query parameter, or NULL. Borrowed until the request ends. */
const char *jw_query(struct jw_req *r, const char *name);
/* The name of the first query parameter that is not one of known
 * (NULL-terminated), or NULL when every one is: for lists that refuse a
 * misspelt filter instead of ignoring it. Borrowed until the request ends. */
const char *jw_query_unknown(struct jw_req *r, const char *const *known);
/* The rule of the public lists (news, statistics, search): a query
 * parameter that is not one of known (NULL-terminated) is refused, not
 * ignored, so a misspelt filter never looks like an empty or unfiltered
 * answer. Adds a field error naming it (the list of known ones in the
 * message) and returns JW_E_VALIDATION; JW_OK when all are known. */
enum jw_code jw_query_only(struct jw_req *r, const char *const *known, struct jw_error *err);
/* A request header, or NULL. */
const char *jw_header(struct jw_req *r, const char *name);
/* A cookie, or NULL. */
const char *jw_cookie(struct jw_req *r, const char *name);
/* 1 when the client prefers Chinese: its Accept-Language starts with zh. */
int jw_wants_chinese(struct jw_req *r);

/* Path parameter i as a positive int64; 0 when it is not one (callers
 * answer 404: the dispatcher then words the problem's detail itself,
 * naming the text as sent, so that "abc" or an overflowing number is never
 * reported as id 0). */
int64_t jw_param_id(struct jw_req *r, int i);

/* Answers with JSON; takes the reference to body. A NULL body (a failed
 * json_pack) is recorded as an internal error: the answer becomes 500. */
void jw_reply_json(struct jw_req *r, int status, json_t *body);
/* Answers with no body (204 and the like). */
void jw_reply_empty(struct jw_req *r, int status);
/* Answers with text (arena-owned) of the given content type. */
void jw_reply_text(struct jw_req *r, int status, const char *type, const char *text);
/* Answers with n bytes (arena-owned or static) of the given content type. */
void jw_reply_bytes(struct jw_req *r, int status, const char *type, const void *data, size_t n);
/* Adds a response header (name and value arena-owned or static); at most 4. */
void jw_reply_header(struct jw_req *r, const char *name, const char *value);

/*
 * Long-lived streamed answers (Server-Sent Events). A stream's read
 * function is called on a libmicrohttpd worker thread whenever the
 * connection can take more bytes and the stream has been woken: it writes
 * up to max bytes into buf and returns how many, 0 when it has nothing now
 * (the connection is then suspended, holding no thread, until
 * jw_streams_wake() names its key or the heartbeat is due), or -1 to end the
 * answer. state is freed with free_fn when the connection ends. idle_ms: the
 * stream is woken after this long without output (heartbeats). probe: 1
 * when jw_streams_probe() woke it: it must write something (a comment), so
 * that a client that left is noticed (a sleeping connection is not polled).
 */
struct jw_stream;
typedef long (*jw_stream_read_fn)(void *state, char *buf, size_t max, int probe);
/* Answers 200 with a stream of type (a static string) for key (a user id);
 * takes state (freed with free_fn even when the answer never starts). */
void jw_reply_stream(struct jw_req *r, const char *type, int64_t key, jw_stream_read_fn read, void (*free_fn)(void *),
                     void *state, int idle_ms);
/* Open streams: of key (when per_key is not NULL) and of the process. */
void jw_streams_count(int64_t key, int *per_key, int *total);
/* Wakes the streams of key (all streams when key is 0): their read
 * functions run again soon. Safe from any thread. */
void jw_streams_wake(int64_t key);
/* Has the streams of key write at once (their read functions get probe
 * 1), so that those whose clients went away are closed and stop counting. */
void jw_streams_probe(int64_t key);
/* 1 once the server drains: read functions should end their streams. */
int jw_streams_draining(void);

typedef enum jw_code (*jw_handler)(struct jw_req *r, struct jw_error *err);

struct jw_route {
  enum jw_method method;
  const char *pattern; /* "/api/v1/units/{id}" */
  jw_handler handler;
  unsigned access; /* JW_PUBLIC, JW_SIGNED_IN or a set of JW_BIT(role) */
  int csrf_exempt; /* unsafe methods that need no CSRF token (sign-in itself) */
  int raw_body;    /* 1: the body is not JSON; the handler reads raw_body, up to the upload limit */
  int offload;     /* 1: slow (hashes a password): run on the offload pool, not on an HTTP thread */
  int local_only;  /* 1: answered only to --metrics-allow addresses (others get 404) */
  size_t max_body; /* the body limit of this route in bytes; 0: --max-body (--max-upload for raw_body) */
};

/* Helpers for handlers that page through lists: reads ?limit= (default 20,
 * 1..100) and ?cursor= (an opaque positive integer), or fails with 422. */
enum jw_code jw_page_params(struct jw_req *r, int64_t *limit, int64_t *cursor, struct jw_error *err);
/* {"items": items, "next_cursor": next ? "<next>" : null}; takes items. */
json_t *jw_page_json(json_t *items, int64_t next);

/* Turns the current row of s into its JSON (a new reference); ctx is what
 * the caller of jw_page_rows() passes along. */
typedef json_t *(*jw_row_fn)(struct jw_req *r, struct jw_stmt *s, const void *ctx);

/*
 * Steps s (bound with LIMIT limit + 1) and returns the page
 * {"items": [...], "next_cursor": …} as a new reference, or NULL with err set.
 * offset >= 0: offset paging, the next cursor is offset + limit.
 * offset < 0: keyset paging, the next cursor is column 0 (the id) of the
 * last row shown.
 */
json_t *jw_page_rows(struct jw_req *r, struct jw_stmt *s, int64_t limit, int64_t offset, jw_row_fn row, const void *ctx,
                     struct jw_error *err);

/* RFC 3339 in the bureau's time zone ("2026-11-29T10:00:00+08:00"). Arena-owned. */
char *jw_time_str(struct jw_req *r, int64_t unix_seconds);
/* The same as a JSON string (NULL time 0 gives JSON null). New reference. */
json_t *jw_time_json(struct jw_req *r, int64_t unix_seconds);

#endif
