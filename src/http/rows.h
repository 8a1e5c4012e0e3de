/*
 * rows.h — a statement's rows as a JSON array: the one copy of "prepare,
 * loop rows into a JSON array, clean up" (jw_page_rows() in http.h is its
 * paged sibling and shares its row callback, jw_row_fn).
 */
#ifndef JW_HTTP_ROWS_H
#define JW_HTTP_ROWS_H

#include <jansson.h>

#include "db/db.h"
#include "http/http.h"

/* Steps s (prepared and bound by the caller) to its end and returns a new
 * array of row(r, s, ctx) for each row, in order; row returns a new
 * reference (a NULL from it is skipped). The caller owns the array. NULL
 * with err set when a step fails (nothing is leaked). */
json_t *jw_rows_json(struct jw_req *r, struct jw_stmt *s, jw_row_fn row, const void *ctx, struct jw_error *err);

/* Replies 200 {"items": [...]} with jw_rows_json()'s array. Returns JW_OK,
 * or err->code (nothing replied) when a step fails. */
enum jw_code jw_reply_rows(struct jw_req *r, struct jw_stmt *s, jw_row_fn row, const void *ctx, struct jw_error *err);

#endif
