/* static.c — files of web/dist, with types, caching, gzip and the SPA fallback. */
#include "http/static.h"

#include "http/compress.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
  const char *ext;
  const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
};

static const char *type_of(const char *path) {
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  if (!dot || (slash && dot < slash)) return NULL;
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strcasecmp(dot, types[i].ext) == 0) return types[i].type;
  return "application/octet-stream";
}

/* A path is safe when it has no "..", no "//", no backslash and no NUL-ish
 * control characters: it then stays inside web_dir. */
static int safe_path(const char *p) {
  if (p[0] != '/') return 0;
  for (const char *s = p; *s; s++) {
    if ((unsigned char)*s < 0x20 || *s == '\\') return 0;
    if (s[0] == '/' && s[1] == '.') return 0; /* "/.." and hidden files */
    if (s[0] == '/' && s[1] == '/') return 0;
  }
  return 1;
}

static struct MHD_Response *file_response(const char *file, struct stat *st) {
  int fd = open(file, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
    close(fd);
    return NULL;
  }
  struct MHD_Response *r = MHD_create_response_from_fd((uint64_t)st->st_size, fd);
  if (!r) close(fd);
  return r;
}

int jw_static_response(const char *web_dir, const char *path, const char *accept_encoding, const char *if_none_match,
                       struct MHD_Response **resp) {
  *resp = NULL;
  if (!safe_path(path)) return 404;
  const char *type = type_of(path);
  char file[1024];
  int is_index = 0;
  if (!type) {
    /* "/" and client routes like /officers/12 are the single-page app. A
     * page the build prerendered (web/dist/<path>/index.html: the app with
     * that page's title, heading and introduction already in the HTML)
     * gets its own copy; every other route the plain one. */
    size_t n = strlen(path);
    struct stat own;
    int fits = snprintf(file, sizeof file, "%s%s%sindex.html", web_dir, path, path[n - 1] == '/' ? "" : "/") <
               (int)sizeof file;
    if (!fits || stat(file, &own) != 0 || !S_ISREG(own.st_mode)) snprintf(file, sizeof file, "%s/index.html", web_dir);
    type = "text/html; charset=utf-8";
    is_index = 1;
  } else if (snprintf(file, sizeof file, "%s%s", web_dir, path) >= (int)sizeof file) {
    return 404;
  }
  struct stat st;
  struct MHD_Response *r = NULL;
  int gz = 0;
  if (jw_accepts_gzip(accept_encoding)) {
    char gzfile[1040];
    snprintf(gzfile, sizeof gzfile, "%s.gz", file);
    r = file_response(gzfile, &st);
    gz = r != NULL;
  }
  if (!r) r = file_response(file, &st);
  if (!r) return 404;
  char etag[64];
  snprintf(etag, sizeof etag, "\"%lx-%lx%s\"", (unsigned long)st.st_mtime, (unsigned long)st.st_size, gz ? "-gz" : "");
  int status = 200;
  if (if_none_match && strcmp(if_none_match, etag) == 0) {
    MHD_destroy_response(r);
    r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    status = 304;
  }
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
  MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
  if (gz && status == 200) MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
  if (!is_index && strncmp(path, "/assets/", 8) == 0)
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=31536000, immutable");
  else
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
  *resp = r;
  return status;
}
