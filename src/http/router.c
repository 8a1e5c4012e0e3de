/* router.c — static route table matching. The path is split once into
 * segments; each route's pattern is compared segment by segment. */
#include "http/router.h"

#include <string.h>

const char *const jw_method_names[JW_METHOD__MAX] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};

enum jw_method jw_method_parse(const char *s) {
  for (int i = 0; i < JW_METHOD__MAX; i++)
    if (strcmp(s, jw_method_names[i]) == 0) return (enum jw_method)i;
  return JW_METHOD__MAX;
}

#define MAX_SEGMENTS 16

/* Splits path ("/a/b/c") in place into segments; -1 if too many or empty ones. */
static int split(char *path, char *seg[MAX_SEGMENTS]) {
  if (path[0] != '/') return -1;
  int n = 0;
  char *p = path + 1;
  if (*p == '\0') return 0;
  while (1) {
    if (n == MAX_SEGMENTS) return -1;
    seg[n++] = p;
    char *slash = strchr(p, '/');
    if (!slash) break;
    *slash = '\0';
    p = slash + 1;
    if (*p == '\0') return -1; /* trailing slash: no route ends in one */
  }
  for (int i = 0; i < n; i++)
    if (seg[i][0] == '\0') return -1;
  return n;
}

/* Does pattern match the segments? Fills params when it does. */
static int match(const char *pattern, char *seg[], int nseg, const char *params[], int *nparams) {
  const char *p = pattern + 1;
  int np = 0;
  for (int i = 0; i < nseg; i++) {
    if (*p == '\0') return 0;
    const char *end = strchr(p, '/');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (p[0] == '{') {
      if (np == JW_MAX_PATH_PARAMS) return 0;
      params[np++] = seg[i];
    } else if (strlen(seg[i]) != len || memcmp(seg[i], p, len) != 0) {
      return 0;
    }
    p += len;
    if (*p == '/') p++;
  }
  if (*p != '\0') return 0;
  *nparams = np;
  return 1;
}

enum jw_match jw_route_match(const struct jw_route *routes, int n, enum jw_method method, char *path_buf, int *index,
                             const char *params[JW_MAX_PATH_PARAMS], int *nparams, unsigned *allowed) {
  char *seg[MAX_SEGMENTS];
  int nseg = split(path_buf, seg);
  if (nseg < 0) return JW_MATCH_NONE;
  enum jw_match result = JW_MATCH_NONE;
  *allowed = 0;
  for (int i = 0; i < n; i++) {
    const char *tmp[JW_MAX_PATH_PARAMS];
    int ntmp = 0;
    if (!match(routes[i].pattern, seg, nseg, tmp, &ntmp)) continue;
    if (routes[i].method != method && !(method == JW_HEAD && routes[i].method == JW_GET)) {
      result = JW_MATCH_METHOD;
      *allowed |= 1u << routes[i].method;
      if (routes[i].method == JW_GET) *allowed |= 1u << JW_HEAD;
      continue;
    }
    *index = i;
    *nparams = ntmp;
    for (int k = 0; k < ntmp; k++) params[k] = tmp[k];
    return JW_MATCH_OK;
  }
  return result;
}
