/* officers_api.c — the public officer directory and its staff upkeep. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/identity.h"
#include "core/jspec.h"
#include "directory/api.h"
#include "directory/cache.h"
#include "directory/directory.h"

/* The officer as the API shows it. New reference. */
static json_t *officer_json(const struct jw_officer *o) {
  return json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:b, s:s}", "id", (json_int_t)o->id, "unit_id",
                   (json_int_t)o->unit_id, "unit_name", o->unit_name, "name", o->name, "badge_no",
                   o->badge_no ? json_string(o->badge_no) : json_null(), "title", o->title, "kind", o->kind,
                   "duty_area", o->duty_area, "office_hours", o->office_hours, "accepts_appointments",
                   o->accepts_appointments, "intro", o->intro);
}

/* The snapshot's render: each officer's JSON text, written once per version. */
static char *officer_text(struct jw_arena *a, const struct jw_officer *o, size_t *len) {
  json_t *j = officer_json(o);
  char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
  json_decref(j);
  if (!text) return NULL;
  *len = strlen(text);
  char *copy = jw_arena_strndup(a, text, *len);
  free(text);
  return copy;
}

static const struct jw_dir_render render = {officer_text};

struct jw_dir_snapshot *jw_officers_api_snapshot(struct jw_req *r, struct jw_error *err) {
  return jw_dir_snapshot(r->db, &render, err);
}

/* The listing is served from the in-memory snapshot (cache.h): a substring
 * search over a few thousand officers in listing order, each already JSON. */
enum jw_code jw_officers_api_list(struct jw_req *r, struct jw_error *err) {
  static const char *const known[] = {"unit_id", "kind", "q", "limit", "cursor", NULL};
  if (jw_query_only(r, known, err) != JW_OK) return err->code; /* the public lists' rule: an unknown parameter is 422 */
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  const char *unit = jw_query(r, "unit_id");
  const char *kind = jw_query(r, "kind");
  const char *q = jw_query(r, "q");
  int want = -1; /* -1 both, 1 police, 0 auxiliary */
  if (kind && strcmp(kind, "police") == 0)
    want = 1;
  else if (kind && strcmp(kind, "auxiliary") == 0)
    want = 0;
  else if (kind)
    jw_field_fail(err, "kind", "must be police or auxiliary");
  if (q && strlen(q) > 100) jw_field_fail(err, "q", "must have at most 100 characters");
  int64_t unit_id = 0;
  if (unit) {
    r->nparams = 1;
    r->params[0] = unit;
    if (!(unit_id = jw_param_id(r, 0))) jw_field_fail(err, "unit_id", "must be a unit id");
  }
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_dir_snapshot *snap = jw_dir_snapshot(r->db, &render, err);
  if (!snap) return err->code;
  const char *scope = "/";
  if (unit_id && !(scope = jw_dir_unit_path(snap, unit_id))) {
    jw_dir_release(snap);
    return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %lld.", (long long)unit_id);
  }
  size_t scope_len = strlen(scope);
  struct jw_buf o = {r->arena, NULL, 0, 0};
  jw_buf_put(&o, "{\"items\":[", 10);
  int64_t matched = 0, shown = 0, next = 0;
  for (size_t i = 0; i < snap->nofficers; i++) {
    const struct jw_dir_officer *e = &snap->officers[i];
    if ((want >= 0 && e->police != want) || strncmp(e->unit_path, scope, scope_len) != 0 ||
        (q && *q && !strstr(e->search, q)))
      continue;
    if (matched++ < offset) continue;
    if (shown == limit) {
      next = offset + limit;
      break;
    }
    size_t len = e->text_len;
    const char *text = e->text ? e->text : officer_text(r->arena, &e->o, &len);
    if (!text) continue;
    if (shown++) jw_buf_put(&o, ",", 1);
    jw_buf_put(&o, text, len);
  }
  jw_dir_release(snap);
  if (next) {
    char tail[48];
    int n = snprintf(tail, sizeof tail, "],\"next_cursor\":\"%lld\"}", (long long)next);
    jw_buf_put(&o, tail, (size_t)n);
  } else {
    jw_buf_put(&o, "],\"next_cursor\":null}", 21);
  }
  jw_reply_text(r, 200, "application/json", o.p);
  return JW_OK;
}

enum jw_code jw_officers_api_get(struct jw_req *r, struct jw_error *err) {
  struct jw_officer o;
  struct jw_officer_unit u;
  enum jw_code rc = jw_officer_get(r->db, r->arena, jw_param_id(r, 0), &o, &u, err);
  if (rc == JW_E_NOT_FOUND) return jw_fail(err, JW_E_NOT_FOUND, "There is no officer %s.", r->params[0]);
  if (rc != JW_OK) return rc;
  json_t *j = officer_json(&o);
  json_object_set_new(j, "unit",
                      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)u.id, "name", u.name, "kind",
                                u.kind, "address", u.address, "phone", u.phone, "hours", u.hours));
  jw_reply_json(r, 200, j);
  return JW_OK;
}

/* Parses an officer body; the unit must exist and be in the caller's scope. */
static enum jw_code officer_input(struct jw_req *r, struct jw_new_officer *in, struct jw_error *err) {
  memset(in, 0, sizeof *in);
  int kind = -1;
  const struct jw_field f[] = {
      {"unit_id", JS_INT, JS_REQUIRED, 1, INT64_MAX, &in->unit_id, NULL, NULL},
      {"name", JS_STR, JS_REQUIRED, 2, 30, &in->name, NULL, NULL},
      {"kind", JS_ENUM, JS_REQUIRED, 0, 0, &kind, jw_officer_kinds, NULL},
      {"badge_no", JS_STR, JS_NULLABLE, 6, 6, &in->badge_no, NULL, NULL},
      {"title", JS_STR, JS_NULLABLE, 0, 40, &in->title, NULL, NULL},
      {"duty_area", JS_STR, JS_NULLABLE, 0, 200, &in->duty_area, NULL, NULL},
      {"office_hours", JS_STR, JS_NULLABLE, 0, 100, &in->office_hours, NULL, NULL},
      {"accepts_appointments", JS_BOOL, JS_NULLABLE, 0, 0, &in->accepts_appointments, NULL, NULL},
      {"intro", JS_STR, JS_NULLABLE | JS_MULTILINE, 0, 1000, &in->intro, NULL, NULL},
      {"rank", JS_INT, JS_NULLABLE, 0, 1000, &in->rank, NULL, NULL},
  };
  in->rank = 100;
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the officer as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  assert(kind == 0 || kind == 1);
  in->kind = jw_officer_kinds[kind];
  if (kind == 0) {
    if (!in->badge_no)
      jw_field_fail(err, "badge_no", "is required for police officers");
    else if (strspn(in->badge_no, "0123456789") != 6)
      jw_field_fail(err, "badge_no", "must be 6 digits");
  } else if (in->badge_no) {
    jw_field_fail(err, "badge_no", "auxiliary officers have no badge number");
  }
  if (err->nfields) return JW_E_VALIDATION;
  const char *path;
  if (jw_unit_path(r->db, r->arena, in->unit_id, &path, err) != JW_OK) {
    jw_error_clear(err);
    jw_field_fail(err, "unit_id", "there is no such unit");
    return JW_E_VALIDATION;
  }
  if (!jw_scope_contains(r->user, path))
    return jw_fail(err, JW_E_FORBIDDEN, "Unit %lld is outside the units you manage.", (long long)in->unit_id);
  return JW_OK;
}

/* Replies status with officer id as the API shows it. */
static enum jw_code reply_officer(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_officer o;
  if (jw_officer_get(r->db, r->arena, id, &o, NULL, err) != JW_OK) return err->code;
  jw_reply_json(r, status, officer_json(&o));
  return JW_OK;
}

enum jw_code jw_officers_api_create(struct jw_req *r, struct jw_error *err) {
  struct jw_new_officer in;
  int64_t id;
  if (officer_input(r, &in, err) != JW_OK) return err->code;
  const struct jw_dir_actor who = {r->user, r->ip};
  if (jw_officer_create(r->db, &in, &who, &id, err) != JW_OK) return err->code;
  return reply_officer(r, id, 201, err);
}

/* The officer named in the URL, if the caller's scope covers its unit. */
static enum jw_code officer_in_scope(struct jw_req *r, int64_t *id, struct jw_error *err) {
  *id = jw_param_id(r, 0);
  struct jw_officer o;
  struct jw_officer_unit u;
  enum jw_code rc = jw_officer_get(r->db, r->arena, *id, &o, &u, err);
  if (rc != JW_OK && rc != JW_E_NOT_FOUND) return rc;
  if (rc == JW_E_NOT_FOUND || !jw_scope_contains(r->user, u.path))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no officer %s among those you manage.", r->params[0]);
  return JW_OK;
}

enum jw_code jw_officers_api_update(struct jw_req *r, struct jw_error *err) {
  int64_t id;
  struct jw_new_officer in;
  if (officer_in_scope(r, &id, err) != JW_OK) return err->code;
  if (officer_input(r, &in, err) != JW_OK) return err->code;
  const struct jw_dir_actor who = {r->user, r->ip};
  if (jw_officer_update(r->db, r->arena, id, &in, &who, err) != JW_OK) return err->code;
  return reply_officer(r, id, 200, err);
}

enum jw_code jw_officers_api_delete(struct jw_req *r, struct jw_error *err) {
  int64_t id;
  if (officer_in_scope(r, &id, err) != JW_OK) return err->code;
  const struct jw_dir_actor who = {r->user, r->ip};
  if (jw_officer_delete(r->db, id, &who, err) != JW_OK) return err->code;
  jw_reply_empty(r, 204);
  return JW_OK;
}
