/* api.c — the inbox's handlers: request → notify.h → JSON. */
#include "notify/api.h"

#include <jansson.h>

#include "notify/notify.h"

static json_t *notification_json(struct jw_req *r, const struct jw_notification *x) {
  json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)x->id, "kind", x->kind, "title", x->title,
                        "body", x->body, "link", x->link);
  json_object_set_new(o, "created_at", jw_time_json(r, x->created_at));
  json_object_set_new(o, "read_at", x->read_at ? jw_time_json(r, x->read_at) : json_null());
  return o;
}

enum jw_code jw_notify_api_list(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor, unread = 0;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  struct jw_notification *rows = NULL;
  size_t n = 0;
  /* One more than the page: its presence says there is a next page. */
  if (jw_notify_inbox(r->db, r->user->id, cursor ? cursor : INT64_MAX, limit + 1, r->arena, &rows, &n, &unread, err) !=
      JW_OK)
    return err->code;
  json_t *items = json_array();
  int64_t next = 0;
  for (size_t i = 0; i < n; i++) {
    if ((int64_t)i == limit) {
      next = rows[i - 1].id;
      break;
    }
    json_array_append_new(items, notification_json(r, &rows[i]));
  }
  json_t *page = jw_page_json(items, next);
  json_object_set_new(page, "unread", json_integer(unread));
  jw_reply_json(r, 200, page);
  return JW_OK;
}

enum jw_code jw_notify_api_read(struct jw_req *r, struct jw_error *err) {
  enum jw_code rc = jw_notify_mark_read(r->db, r->user->id, jw_param_id(r, 0), err);
  if (rc == JW_E_NOT_FOUND) return jw_fail(err, JW_E_NOT_FOUND, "You have no notification %s.", r->params[0]);
  if (rc != JW_OK) return rc;
  jw_reply_empty(r, 204);
  return JW_OK;
}
