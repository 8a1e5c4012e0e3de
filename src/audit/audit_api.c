/* audit_api.c — the auditor's view of the audit log. */
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

static const char SQL_AUDIT_PAGE[] =
    "SELECT id, at, actor_id, actor_login, action, object_type, object_id, detail, ip, hash FROM audit_log"
    " WHERE id < ? AND (CAST(? AS TEXT) IS NULL OR action = CAST(? AS TEXT))"
    " AND (CAST(? AS BIGINT) IS NULL OR actor_id = CAST(? AS BIGINT))"
    " ORDER BY id DESC LIMIT ?";

static json_t *audit_row(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  (void)ctx;
  return json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)jw_col_int(s, 0), "at",
                   jw_time_json(r, jw_col_int(s, 1)), "actor_id",
                   jw_col_is_null(s, 2) ? json_null() : json_integer(jw_col_int(s, 2)), "actor_login",
                   jw_col_text(s, 3), "action", jw_col_text(s, 4), "object_type", jw_col_text(s, 5), "object_id",
                   jw_col_text(s, 6), "detail", jw_col_text(s, 7), "ip", jw_col_text(s, 8), "hash", jw_col_text(s, 9));
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
  struct jw_stmt *s = jw_prepare(r->db, SQL_AUDIT_PAGE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, cursor ? cursor : INT64_MAX);
  jw_bind_text(s, 2, action);
  jw_bind_text(s, 3, action);
  jw_bind_id(s, 4, actor_id);
  jw_bind_id(s, 5, actor_id);
  jw_bind_int(s, 6, limit + 1);
  json_t *page = jw_page_rows(r, s, limit, -1, audit_row, NULL, err);
  if (!page) return err->code;
  jw_reply_json(r, 200, page);
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
