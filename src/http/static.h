/* static.h — serving the built web front-end (web/dist). */
#ifndef JW_STATIC_H
#define JW_STATIC_H

struct MHD_Response;

/*
 * Builds the response for GET path under web_dir: the file itself, its
 * precompressed .gz twin when accept_encoding allows gzip, or index.html for
 * client-side routes (paths without a file extension). Hashed assets under
 * /assets/ are cached for a year (immutable); index.html is revalidated
 * (no-cache) with an ETag. Returns the status and sets *resp, or sets *resp
 * to NULL when there is nothing to serve (404).
 */
int jw_static_response(const char *web_dir, const char *path, const char *accept_encoding, const char *if_none_match,
                       struct MHD_Response **resp);

#endif
