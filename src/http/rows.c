/* rows.c — a statement's rows as a JSON array (see rows.h). */
#include "http/rows.h"

json_t *jw_rows_json(struct jw_req *r, struct jw_stmt *s, jw_row_fn row, const void *ctx, struct jw_error *err) {
  json_t *items = json_array();
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    json_t *it = row(r, s, ctx);
    if (it) json_array_append_new(items, it);
  }
  if (st == JW_STEP_ERROR) {
    json_decref(items);
    return NULL;
  }
  return items;
}

enum jw_code jw_reply_rows(struct jw_req *r, struct jw_stmt *s, jw_row_fn row, const void *ctx, struct jw_error *err) {
  json_t *items = jw_rows_json(r, s, row, ctx, err);
  if (!items) return err->code;
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}
