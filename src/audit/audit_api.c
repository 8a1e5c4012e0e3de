/* audit_api.c — jw_audit() for a request, and the auditor's view of the audit log. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit/api.h"
#include "core/mem.h"

/* jw_audit() in audit/api.h */
enum jw_code jw_audit(struct jw_req *r, const char *action, const char *object_type, int64_t object_id,
                      struct jw_error *err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *detail = jw_arena_vprintf(r->arena, fmt, ap);
  va_end(ap);
  char oid[24] = "";
  if (object_id) snprintf(oid, sizeof oid, "%lld", (long long)object_id);
  struct jw_audit_entry e = {
      .actor_id = r->user ? r->user->id : 0,
      .actor_login = r->user ? r->user->login : "",
      .action = action,
      .object_type = object_type,
      .object_id = oid,
      .detail = detail,
      .ip = r->ip,
  };
  return jw_audit_write(r->db, &e, err);
}

static json_t *audit_row(struct jw_req *r, const struct jw_audit_row *row) {
  return json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)row->id, "at",
                   jw_time_json(r, row->at), "actor_id", row->actor_id ? json_integer(row->actor_id) : json_null(),
                   "actor_login", row->actor_login, "action", row->action, "object_type", row->object_type, "object_id",
                   row->object_id, "detail", row->detail, "ip", row->ip, "hash", row->hash);
}

enum jw_code jw_audit_api_list(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor;
  jw_page_params(r, &limit, &cursor, err);
  const char *action = jw_query(r, "action");
  const char *actor = jw_query(r, "actor_id");
  int64_t actor_id = 0;
  if (action && strlen(action) > 64) jw_field_fail(err, "action", "must have at most 64 characters");
  if (actor) {
    r->nparams = 1;
    r->params[0] = actor;
    if (!(actor_id = jw_param_id(r, 0))) jw_field_fail(err, "actor_id", "must be a user id");
  }
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_audit_row *rows = NULL;
  size_t n = 0;
  if (jw_audit_page(r->db, cursor ? cursor : INT64_MAX, action, actor_id, limit + 1, r->arena, &rows, &n, err) != JW_OK)
    return err->code;
  /* Keyset paging: one row more than shown says there is a next page,
   * whose cursor is the id of the last row shown. */
  json_t *items = json_array();
  int64_t next = 0;
  for (size_t i = 0; i < n; i++) {
    if ((int64_t)i >= limit) {
      next = i > 0 ? rows[i - 1].id : 0;
      break;
    }
    json_array_append_new(items, audit_row(r, &rows[i]));
  }
  jw_reply_json(r, 200, jw_page_json(items, next));
  return JW_OK;
}

enum jw_code jw_audit_api_verify(struct jw_req *r, struct jw_error *err) {
  struct jw_audit_check chk;
  if (jw_audit_verify(r->db, r->app->cfg.audit_anchor, &chk, err) != JW_OK) return err->code;
  json_t *o =
      json_pack("{s:b, s:I, s:I}", "ok", chk.ok, "rows", (json_int_t)chk.rows, "anchors", (json_int_t)chk.anchors);
  if (!o) return jw_fail(err, JW_E_INTERNAL, "Out of memory.");
  if (!chk.ok) {
    json_object_set_new(o, "broken_at", json_integer(chk.broken_at));
    json_object_set_new(o, "problem", json_string(chk.problem));
  }
  jw_reply_json(r, 200, o);
  return JW_OK;
}
