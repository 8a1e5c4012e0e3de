/*
 * router.h — matching a method and path against the static route table.
 * Kept apart from the server so that it can be unit-tested and fuzzed.
 */
#ifndef JW_ROUTER_H
#define JW_ROUTER_H

#include "http/http.h"

enum jw_match { JW_MATCH_OK, JW_MATCH_NONE, JW_MATCH_METHOD };

/*
 * Finds the route for method and path among routes[0..n). Literal segments
 * must be equal; a "{name}" segment matches one non-empty segment, whose text
 * (pointing into path_buf, a writable copy of the path the caller provides)
 * goes into params. On JW_MATCH_OK *index is the route's index.
 * JW_MATCH_METHOD: the path is known but not with this method (405);
 * *allowed then holds the methods it is known with, one bit (1 << method) each.
 */
enum jw_match jw_route_match(const struct jw_route *routes, int n, enum jw_method method, char *path_buf, int *index,
                             const char *params[JW_MAX_PATH_PARAMS], int *nparams, unsigned *allowed);

/* "GET" → JW_GET …; JW_METHOD__MAX when unknown. */
enum jw_method jw_method_parse(const char *s);
extern const char *const jw_method_names[JW_METHOD__MAX];

#endif
