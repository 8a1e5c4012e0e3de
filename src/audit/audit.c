/* audit.c — writing and verifying the audit hash chain. */
#include "audit/audit.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/crypto.h"

static const char SQL_HEAD_NEXT[] = "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash";
static const char SQL_HEAD_SET[] = "UPDATE audit_head SET last_hash = ? WHERE id = 1";
static const char SQL_INSERT[] =
    "INSERT INTO audit_log (id, at, actor_id, actor_login, action, object_type, object_id, detail, ip,"
    " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ALL[] =
    "SELECT id, at, actor_id, actor_login, action, object_type, object_id, detail, ip, prev_hash, hash"
    " FROM audit_log WHERE id > ? ORDER BY id LIMIT 1000";
static const char SQL_HEAD[] = "SELECT seq, last_hash FROM audit_head WHERE id = 1";

/* Appends "len:value;" so that no field can run into the next. */
static size_t put_field(char *buf, size_t cap, size_t len, const char *v) {
  if (len >= cap) return len;
  int n = snprintf(buf + len, cap - len, "%zu:%s;", strlen(v), v);
  return n < 0 ? len : len + (size_t)n;
}

/* The chain hash of one row. Fields are bounded by the table's writers;
 * a row too long for the buffer hashes its truncation, which verify()
 * computes the same way. */
static void row_hash(int64_t id, int64_t at, int64_t actor_id, const char *actor_login, const char *action,
                     const char *object_type, const char *object_id, const char *detail, const char *ip,
                     const char *prev, char out[2 * JW_HASH_BYTES + 1]) {
  char buf[4096];
  size_t len = (size_t)snprintf(buf, sizeof buf, "%lld;%lld;%lld;", (long long)id, (long long)at, (long long)actor_id);
  const char *fields[] = {actor_login, action, object_type, object_id, detail, ip, prev};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) len = put_field(buf, sizeof buf, len, fields[i]);
  if (len > sizeof buf - 1) len = sizeof buf - 1;
  jw_audit_mac(buf, len, out);
}

enum jw_code jw_audit_write(struct jw_conn *c, const struct jw_audit_entry *e, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HEAD_NEXT, err);
  if (!s) return err->code;
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : jw_fail(err, JW_E_DB, "audit head missing");
  int64_t id = jw_col_int(s, 0);
  char prev[2 * JW_HASH_BYTES + 1];
  snprintf(prev, sizeof prev, "%s", jw_col_text(s, 1));
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;

  /* Detail is cut to keep rows bounded (and inside row_hash's buffer). */
  char detail[1024];
  snprintf(detail, sizeof detail, "%s", e->detail ? e->detail : "");
  const char *login = e->actor_login ? e->actor_login : "";
  const char *otype = e->object_type ? e->object_type : "";
  const char *oid = e->object_id ? e->object_id : "";
  const char *ip = e->ip ? e->ip : "";
  int64_t at = (int64_t)time(NULL);
  char hash[2 * JW_HASH_BYTES + 1];
  row_hash(id, at, e->actor_id, login, e->action, otype, oid, detail, ip, prev, hash);

  s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, at);
  if (e->actor_id)
    jw_bind_int(s, 3, e->actor_id);
  else
    jw_bind_null(s, 3);
  jw_bind_text(s, 4, login);
  jw_bind_text(s, 5, e->action);
  jw_bind_text(s, 6, otype);
  jw_bind_text(s, 7, oid);
  jw_bind_text(s, 8, detail);
  jw_bind_text(s, 9, ip);
  jw_bind_text(s, 10, prev);
  jw_bind_text(s, 11, hash);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  s = jw_prepare(c, SQL_HEAD_SET, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, hash);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

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

enum jw_code jw_audit_verify(struct jw_conn *c, struct jw_audit_check *out, struct jw_error *err) {
  memset(out, 0, sizeof *out);
  out->ok = 1;
  char prev[2 * JW_HASH_BYTES + 1] = "";
  int64_t expect = 1;
  for (;;) {
    struct jw_stmt *s = jw_prepare(c, SQL_ALL, err);
    if (!s) return err->code;
    jw_bind_int(s, 1, expect - 1);
    int got = 0;
    enum jw_step st;
    while ((st = jw_step(s, err)) == JW_STEP_ROW) {
      got++;
      int64_t id = jw_col_int(s, 0);
      char hash[2 * JW_HASH_BYTES + 1];
      row_hash(id, jw_col_int(s, 1), jw_col_int(s, 2), jw_col_text(s, 3), jw_col_text(s, 4), jw_col_text(s, 5),
               jw_col_text(s, 6), jw_col_text(s, 7), jw_col_text(s, 8), jw_col_text(s, 9), hash);
      if (id != expect || strcmp(jw_col_text(s, 9), prev) != 0 || strcmp(jw_col_text(s, 10), hash) != 0) {
        out->ok = 0;
        out->broken_at = expect;
        jw_conn_release(c);
        return JW_OK;
      }
      snprintf(prev, sizeof prev, "%s", jw_col_text(s, 10));
      out->rows++;
      expect++;
    }
    if (st == JW_STEP_ERROR) return err->code;
    if (got < 1000) break;
  }
  /* A deleted tail shows as a head that is ahead of the rows. */
  struct jw_stmt *s = jw_prepare(c, SQL_HEAD, err);
  if (!s) return err->code;
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : jw_fail(err, JW_E_DB, "audit head missing");
  if (jw_col_int(s, 0) != out->rows || strcmp(jw_col_text(s, 1), prev) != 0) {
    out->ok = 0;
    out->broken_at = out->rows + 1;
  }
  jw_conn_release(c);
  return JW_OK;
}
