/* fuzz_http.c — libFuzzer target for the whole request path: the input is
 * raw HTTP request bytes, sent over a loopback TCP connection to the real
 * server (the libmicrohttpd daemon, the dispatcher, every handler) with a
 * real SQLite database holding the demo data behind it. (A socket pair
 * handed in with jw_server_add_connection works too, but libmicrohttpd
 * 0.9.75 sometimes misses the end of an AF_UNIX stream and waits for its
 * idle timeout.) The answer must be well-formed:
 * a status line, and for JSON answers a body that is valid JSON (for
 * problem+json one whose "status" is the status line's). No handler may
 * run for 10 s. JW_FUZZ_STRICT=1 also fails on any 500
 * (a handler bug the dispatcher caught); JW_FUZZ_VERBOSE=1 prints each
 * answer's status line. `make fuzz` runs it. */
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli/seed.h"
#include "core/crypto.h"
#include "core/log.h"
#include "http/metrics.h"
#include "app/app.h"
#include "http/router.h"
#include "http/server.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct jw_app app;
static struct jw_server *server;
static char dir[64];
static int strict;
static unsigned port;
static int verbose; /* JW_FUZZ_VERBOSE=1: one line per input */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static void cleanup(void) {
  if (server) jw_server_stop(server);
  server = NULL;
  if (app.db) jw_db_close(app.db);
  app.db = NULL;
  if (dir[0]) nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void die(const char *what, const char *detail) {
  fprintf(stderr, "fuzz_http: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  signal(SIGPIPE, SIG_IGN);
  strict = getenv("JW_FUZZ_STRICT") && strcmp(getenv("JW_FUZZ_STRICT"), "1") == 0;
  verbose = getenv("JW_FUZZ_VERBOSE") && strcmp(getenv("JW_FUZZ_VERBOSE"), "1") == 0;
  snprintf(dir, sizeof dir, "/tmp/jw-fuzz-XXXXXX");
  if (!mkdtemp(dir)) die("mkdtemp", NULL);
  struct jw_config *cfg = &app.cfg;
  jw_config_defaults(cfg);
  snprintf(cfg->db_url, sizeof cfg->db_url, "sqlite:%s/jw.db", dir);
  snprintf(cfg->secret_file, sizeof cfg->secret_file, "%s/secret.key", dir);
  snprintf(cfg->upload_dir, sizeof cfg->upload_dir, "%s/uploads", dir);
  snprintf(cfg->sms_log, sizeof cfg->sms_log, "%s/sms.log", dir);
  snprintf(cfg->listen, sizeof cfg->listen, "127.0.0.1:0");
  snprintf(cfg->web_dir, sizeof cfg->web_dir, "%s", access("web/dist/index.html", R_OK) == 0 ? "web/dist" : dir);
  cfg->threads = 2;
  cfg->offload_threads = 1;
  cfg->header_timeout = 0;
  cfg->body_timeout = 0;
  cfg->access_log = 0;
  cfg->pwhash = JW_PWHASH_MIN;
  jw_log_set_level(JW_LOG_WARN);
  struct jw_error err = {0};
  int applied = 0;
  if (jw_crypto_init(cfg->secret_file, cfg->pwhash, &err) != JW_OK) die("crypto", err.detail);
  if (jw_db_open(cfg->db_url, &app.db, &err) != JW_OK) die("database", err.detail);
  if (jw_db_migrate(app.db, &applied, &err) != JW_OK) die("migrate", err.detail);
  FILE *quiet = fopen("/dev/null", "w");
  if (jw_seed_demo(app.db, cfg->tz_offset_min, quiet, &err) != JW_OK) die("seed", err.detail);
  fclose(quiet);
  jw_app_wire(&app);
  app.tick = NULL; /* no background work while fuzzing */
  jw_metrics_init(app.routes, app.nroutes);
  server = jw_server_start(&app, 1);
  if (!server) die("server did not start", NULL);
  port = jw_server_port(server);
  jw_log_set_level(JW_LOG_ERROR);
  atexit(cleanup);
  return 0;
}

/* Reads what the server sends until it closes, at most cap bytes kept.
 * libmicrohttpd 0.9.75 does not always notice the end of the stream (after
 * a HEAD answer, or in a body shorter than its Content-Length) and keeps
 * the connection until its idle timeout: so reading stops after 50 ms of
 * silence once something came, or after 300 ms of silence while no handler
 * runs. A handler that runs for 10 s is a hang: abort. */
static size_t read_answer(int fd, char *buf, size_t cap) {
  size_t n = 0;
  int quiet_ms = 0;
  for (;;) {
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, 50);
    if (r < 0) continue;
    if (r == 0) {
      quiet_ms += 50;
      int busy = jw_server_handling(server) > 0;
      if (busy && quiet_ms >= 10000) die("a handler ran for 10 s", NULL);
      if (!busy && quiet_ms >= (n ? 50 : 300)) return n;
      continue;
    }
    char tmp[65536];
    ssize_t got = read(fd, tmp, sizeof tmp);
    if (got <= 0) return n;
    quiet_ms = 0;
    size_t keep = (size_t)got < cap - n ? (size_t)got : cap - n;
    memcpy(buf + n, tmp, keep);
    n += keep;
  }
}

/* The value of header name in head[0..len), or NULL; copied into out. */
static const char *header(const char *head, size_t len, const char *name, char *out, size_t out_size) {
  size_t nl = strlen(name);
  for (const char *p = head; p < head + len;) {
    const char *eol = memmem(p, (size_t)(head + len - p), "\r\n", 2);
    if (!eol) eol = head + len;
    if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
      const char *v = p + nl + 1;
      while (v < eol && *v == ' ') v++;
      snprintf(out, out_size, "%.*s", (int)(eol - v), v);
      return out;
    }
    p = eol + 2;
  }
  return NULL;
}

/* Checks one answer at buf[0..n); returns its length, or 0 when the rest
 * cannot be split into answers (no Content-Length). */
static size_t check_answer(const char *buf, size_t n, int head_request) {
  if (n < 12 || (memcmp(buf, "HTTP/1.1 ", 9) != 0 && memcmp(buf, "HTTP/1.0 ", 9) != 0))
    die("the answer does not start with a status line", NULL);
  for (int i = 9; i < 12; i++)
    if (buf[i] < '0' || buf[i] > '9') die("the status is not three digits", NULL);
  int status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
  if (status < 100) die("status below 100", NULL);
  if (strict && status == 500) die("500 Internal error (JW_FUZZ_STRICT)", NULL);
  const char *end = memmem(buf, n, "\r\n\r\n", 4);
  if (!end) return 0; /* cut short by the cap */
  size_t hlen = (size_t)(end - buf);
  char type[128], length[32];
  const char *ct = header(buf, hlen, "Content-Type", type, sizeof type);
  const char *cl = header(buf, hlen, "Content-Length", length, sizeof length);
  if (!cl) return 0;
  size_t blen = (size_t)strtoull(cl, NULL, 10);
  const char *body = end + 4;
  /* libmicrohttpd 0.9.75 sends the status line and headers of its own error
   * pages (bad Content-Length, header too large …) twice: a library defect
   * the dispatcher never sees; such an answer is not checked further. */
  if (!ct && (size_t)(buf + n - body) >= 9 && memcmp(body, buf, 9) == 0) return 0;
  if (head_request || status == 204 || status == 304) return hlen + 4;
  char enc[32];
  if (header(buf, hlen, "Content-Encoding", enc, sizeof enc)) ct = NULL; /* gzip: not checked */
  if ((size_t)(buf + n - body) < blen) return 0;                         /* cut short by the cap */
  if (ct && (strncmp(ct, "application/json", 16) == 0 || strncmp(ct, "application/problem+json", 24) == 0)) {
    json_error_t jerr;
    json_t *doc = json_loadb(body, blen, 0, &jerr);
    if (!doc) die("a JSON answer is not valid JSON", jerr.text);
    if (strncmp(ct, "application/problem+json", 24) == 0) {
      json_t *st = json_object_get(doc, "status");
      if (!json_is_integer(st) || json_integer_value(st) != status)
        die("problem+json whose status differs from the status line", NULL);
      if (!json_is_string(json_object_get(doc, "type")) || !json_is_string(json_object_get(doc, "detail")))
        die("problem+json without type or detail", NULL);
    }
    json_decref(doc);
  } else if (status >= 400 && status != 413 && status != 414 && status != 431 && ct &&
             strncmp(ct, "text/html", 9) != 0) {
    /* Errors are problem+json, except the few libmicrohttpd answers itself (HTML). */
    die("an error answer that is not problem+json", ct);
  }
  return hlen + 4 + blen;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) die("socket", NULL);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&to, sizeof to) != 0) die("connect", NULL);
  /* Closed with a reset: no TIME_WAIT on our side, however fast we run. */
  struct linger lg = {1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  size_t off = 0;
  while (off < size) {
    ssize_t w = send(fd, data + off, size - off, MSG_NOSIGNAL);
    if (w <= 0) break; /* the server closed early (it refused the request) */
    off += (size_t)w;
  }
  shutdown(fd, SHUT_WR);
  static char buf[1 << 20];
  size_t n = read_answer(fd, buf, sizeof buf);
  close(fd);
  if (verbose) fprintf(stderr, "fuzz_http: %zu bytes in, answer: %.12s\n", size, n ? buf : "(none)");
  /* Pipelined answers are split by Content-Length; a HEAD answer has none
   * of its body, so after one only the first answer is checked. */
  int head_request = size >= 5 && memcmp(data, "HEAD ", 5) == 0;
  int any_head = memmem(data, size, "HEAD", 4) != NULL;
  for (size_t at = 0; at < n;) {
    size_t len = check_answer(buf + at, n - at, head_request);
    if (len == 0 || any_head) break;
    at += len;
  }
  jw_server_sweep(server); /* closes sockets kept after early answers */
  /* The request is finished before the next input begins. */
  for (int i = 0; i < 5000 && jw_server_in_flight(server) > 0; i++) {
    struct timespec ts = {0, 1000000L};
    nanosleep(&ts, NULL);
  }
  return 0;
}
