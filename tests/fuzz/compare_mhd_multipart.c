/*
 * compare_mhd_multipart.c — the measurement behind "Uploads: why our own
 * multipart parser" (docs/ARCHITECTURE.md): our reader (uploads/multipart.c)
 * next to libmicrohttpd's post processor (MHD_create_post_processor, the
 * system's libmicrohttpd: Debian 12's 0.9.75-6) on the same bodies. Not a
 * fuzz target (make fuzz builds only fuzz_*.c); build and run by hand:
 *
 *   cc -O2 -std=c11 -D_GNU_SOURCE -Isrc tests/fuzz/compare_mhd_multipart.c \
 *      src/uploads/multipart.c -lmicrohttpd -o /tmp/compare && /tmp/compare
 *
 * A post processor can only be made for a live MHD_Connection (it reads the
 * request's Content-Type header), so each run is one request to a loopback
 * daemon whose access handler runs the post processor over the body held in
 * memory, whole or in 16 KiB pieces (as libmicrohttpd hands a body over),
 * with the iterator copying the part "file" into one buffer (what a handler
 * needs to sniff, hash and store it). Part 1 prints what each parser makes
 * of edge cases; part 2 the time each takes on 10 MiB bodies (best of 3).
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "uploads/multipart.h"

static const char *g_body;
static size_t g_len, g_chunk, g_bufsize;
static double g_secs;
static int g_made, g_post_ok, g_destroy_ok;
static size_t g_file_bytes, g_calls;
static char *g_copy;
static size_t g_copy_cap;
static char g_trace[1024];
static unsigned short port;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static enum MHD_Result iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename, const char *ct,
                            const char *te, const char *data, uint64_t off, size_t size) {
  (void)cls;
  (void)kind;
  (void)te;
  g_calls++;
  size_t t = strlen(g_trace);
  if (t < 600)
    snprintf(g_trace + t, sizeof g_trace - t, " [name=%s filename=%s type=%s off=%llu size=%zu]", key ? key : "NULL",
             filename ? filename : "NULL", ct ? ct : "NULL", (unsigned long long)off, size);
  if (key && strcmp(key, "file") == 0) {
    if (off + size > g_copy_cap) {
      g_copy_cap = (off + size) * 2;
      g_copy = realloc(g_copy, g_copy_cap);
      if (!g_copy) abort();
    }
    memcpy(g_copy + off, data, size);
    g_file_bytes = off + size;
  }
  return MHD_YES;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                               const char *version, const char *up, size_t *up_size, void **con_cls) {
  (void)cls;
  (void)url;
  (void)method;
  (void)version;
  (void)up;
  if (!*con_cls) {
    *con_cls = (void *)1;
    g_file_bytes = g_calls = 0;
    g_trace[0] = '\0';
    double t0 = now();
    struct MHD_PostProcessor *pp = MHD_create_post_processor(conn, g_bufsize, iter, NULL);
    g_made = pp != NULL;
    g_post_ok = g_destroy_ok = 0;
    if (pp) {
      int ok = 1;
      for (size_t o = 0; o < g_len && ok; o += g_chunk)
        ok = MHD_post_process(pp, g_body + o, g_len - o < g_chunk ? g_len - o : g_chunk) == MHD_YES;
      g_post_ok = ok;
      g_destroy_ok = MHD_destroy_post_processor(pp) == MHD_YES;
    }
    g_secs = now() - t0;
    return MHD_YES;
  }
  *up_size = 0;
  struct MHD_Response *r = MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
  enum MHD_Result ret = MHD_queue_response(conn, 200, r);
  MHD_destroy_response(r);
  return ret;
}

/* One request with this Content-Type; the handler parses g_body. */
static void mhd_run(const char *type) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(0x7f000001)};
  if (s < 0 || connect(s, (const struct sockaddr *)&a, sizeof a) != 0) abort();
  char req[512];
  int n = snprintf(req, sizeof req,
                   "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                   type);
  if (write(s, req, (size_t)n) != n) abort();
  char buf[256];
  while (read(s, buf, sizeof buf) > 0) {
  }
  close(s);
}

static const char *ours_text(const char *type, const char *body, size_t len, double *secs) {
  static char out[256];
  char b[JW_MULTIPART_BOUNDARY_MAX + 1];
  if (jw_multipart_boundary(type, b) != 0) return "no usable boundary (415)";
  struct jw_part p = {0};
  int rc = 0;
  double best = 1e9;
  for (int i = 0; i < 3; i++) {
    double t0 = now();
    rc = jw_multipart_find(body, len, b, "file", &p);
    if (now() - t0 < best) best = now() - t0;
  }
  if (secs) *secs = best;
  if (rc < 0) return "malformed (400)";
  if (rc == 0) return "no part \"file\" (422)";
  snprintf(out, sizeof out, "file: filename=%.*s type=%.*s size=%zu", (int)p.filename_len,
           p.filename ? p.filename : "(none)", (int)p.type_len, p.type ? p.type : "(none)", p.len);
  return out;
}

static void edge(const char *label, const char *type, const char *body) {
  g_body = body;
  g_len = strlen(body);
  g_chunk = g_len ? g_len : 1;
  g_bufsize = 1024;
  mhd_run(type);
  printf("%s\n  mhd : %s%s", label, g_made ? "" : "no post processor (NULL)", g_trace);
  if (g_made) printf(" -> post_process %s, destroy %s", g_post_ok ? "YES" : "NO", g_destroy_ok ? "YES" : "NO");
  printf("\n  ours: %s\n", ours_text(type, body, g_len, NULL));
}

static void timed(const char *label, const char *boundary, const char *body, size_t len) {
  char type[160];
  snprintf(type, sizeof type, "multipart/form-data; boundary=%s", boundary);
  g_body = body;
  g_len = len;
  double ours = 0;
  const char *res = ours_text(type, body, len, &ours);
  printf("%-36s ours %9.2f ms  %s\n", label, ours * 1e3, res);
  static const size_t sizes[] = {1024, 4096, 65536};
  for (int b = 0; b < 3; b++)
    for (int c = 0; c < 2; c++) {
      g_bufsize = sizes[b];
      g_chunk = c == 0 ? len : 16384;
      double best = 1e9;
      for (int i = 0; i < (b == 2 && c == 0 ? 1 : 3); i++) {
        mhd_run(type);
        if (g_secs < best) best = g_secs;
      }
      printf("%-36s mhd  %9.2f ms  buffer %5zu, %s: made %d, post %d, destroy %d, file %zu bytes\n", "", best * 1e3,
             sizes[b], c == 0 ? "whole body" : "16 KiB pieces", g_made, g_post_ok, g_destroy_ok, g_file_bytes);
    }
}

#define PART "Content-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n"

int main(void) {
  struct MHD_Daemon *d =
      MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, handler, NULL, MHD_OPTION_END);
  if (!d) return 1;
  port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
  const char *T = "multipart/form-data; boundary=xyz";
  printf("== part 1: edge cases (post processor buffer 1024, the whole body at once)\n");
  edge("one-character boundary (RFC 2046: 1 to 70)", "multipart/form-data; boundary=b",
       "--b\r\n" PART "abc\r\n--b--\r\n");
  edge("a parameter after the boundary", "multipart/form-data; boundary=xyz; charset=utf-8",
       "--xyz\r\n" PART "abc\r\n--xyz--\r\n");
  edge("no delimiter at all (body \"garbage\")", T, "garbage");
  edge("cut after the part's headers", T, "--xyz\r\n" PART "abc");
  edge("no close delimiter", T, "--xyz\r\n" PART "abc\r\n--xyz");
  edge("a preamble", T, "junk\r\n--xyz\r\n" PART "abc\r\n--xyz--\r\n");
  edge("an epilogue", T, "--xyz\r\n" PART "abc\r\n--xyz--\r\nepilogue");
  edge("no space after ';'", T,
       "--xyz\r\nContent-Disposition: form-data;name=\"file\";filename=\"a.jpg\"\r\n\r\nabc\r\n--xyz--\r\n");
  edge("no space after ':'", T,
       "--xyz\r\nContent-Disposition:form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\nabc\r\n--xyz--\r\n");
  edge("unquoted name", T,
       "--xyz\r\nContent-Disposition: form-data; name=file; filename=\"a.jpg\"\r\n\r\nabc\r\n--xyz--\r\n");
  edge("not form-data", T,
       "--xyz\r\nContent-Disposition: attachment; name=\"file\"; filename=\"a.jpg\"\r\n\r\nabc\r\n--xyz--\r\n");
  edge("\"Content-type: \" inside another header", T,
       "--xyz\r\nX-Note: Content-type: text/html\r\n" PART "abc\r\n--xyz--\r\n");
  edge("the field twice", T, "--xyz\r\n" PART "1\r\n--xyz\r\n" PART "2\r\n--xyz--\r\n");
  edge("an empty file", T, "--xyz\r\n" PART "\r\n--xyz--\r\n");
  edge("a part typed multipart/mixed", T,
       "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
       "Content-Type: multipart/mixed\r\n\r\nabc\r\n--xyz--\r\n");

  printf("\n== part 2: 10 MiB bodies\n");
  size_t N = 10 * 1024 * 1024;
  char *body = malloc(N + 1000);
  if (!body) return 1;
  const char *B = "----WebKitFormBoundaryx7abcdEFGH1234";
  size_t o = (size_t)sprintf(body, "--%s\r\n" PART, B);
  srand(7);
  for (size_t i = 0; i < N - 400; i++) body[o + i] = (char)(rand() & 0xff);
  o += N - 400;
  o += (size_t)sprintf(body + o, "\r\n--%s--\r\n", B);
  timed("A one file of random bytes", B, body, o);
  memset(body, '-', N);
  timed("B only '-' (a preamble of dashes)", "xyz", body, N);
  o = (size_t)sprintf(body, "--%s\r\n" PART, B);
  memset(body + o, '\r', N - 200);
  o += N - 200;
  o += (size_t)sprintf(body + o, "\r\n--%s--\r\n", B);
  timed("C a file of CR bytes", B, body, o);
  MHD_stop_daemon(d);
  free(body);
  free(g_copy);
  return 0;
}
