/* edit_api.c — catalogue editing: drafts and their publication as versions.
 *
 * Who edits: sysadmin, and the unit_admin of the city bureau itself (every
 * item is implemented by the city bureau or one of its departments, so an
 * administrator of a branch or station does not change the catalogue). */
#include <string.h>
#include <time.h>

#include "audit/api.h"
#include "services/cache.h"
#include "services/services.h"

static enum jw_code may_edit(struct jw_req *r, struct jw_error *err) {
  const struct jw_user *u = r->user;
  if (u->whole_bureau ||
      (u->unit_path && strchr(u->unit_path + 1, '/') && !strchr(strchr(u->unit_path + 1, '/') + 1, '/')))
    return JW_OK;
  return jw_fail(err, JW_E_FORBIDDEN, "Only the city bureau's administrators edit the catalogue.");
}

/* A draft must at least name its code, name, category and online level. */
static enum jw_code draft_input(struct jw_req *r, struct jw_error *err) {
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the item as JSON.");
  if (jw_service_check(r->body, 0, err) != JW_OK && err->code != JW_E_VALIDATION) return err->code;
  static const char *const core[] = {"code", "name", "category", "online_level", NULL};
  for (int i = 0; core[i]; i++)
    if (!json_is_string(json_object_get(r->body, core[i]))) jw_field_fail(err, core[i], "is required, also in a draft");
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

static const char SQL_CREATE[] =
    "INSERT INTO services (code, name, category, online_level, draft, sort, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(sort), 0) + 10 FROM services), ?, ?) RETURNING id";

struct create_tx {
  struct jw_req *r;
  const char *text;
  int64_t id;
};

static enum jw_code create_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct create_tx *t = arg;
  json_t *b = t->r->body;
  struct jw_stmt *s = jw_prepare(c, SQL_CREATE, err);
  if (!s) return err->code;
  int64_t now = time(NULL);
  jw_bind_text(s, 1, json_string_value(json_object_get(b, "code")));
  jw_bind_text(s, 2, json_string_value(json_object_get(b, "name")));
  jw_bind_text(s, 3, json_string_value(json_object_get(b, "category")));
  jw_bind_text(s, 4, json_string_value(json_object_get(b, "online_level")));
  jw_bind_text(s, 5, t->text);
  jw_bind_int(s, 6, now);
  jw_bind_int(s, 7, now);
  if (jw_step(s, err) != JW_STEP_ROW) {
    if (err->code == JW_E_CONFLICT) return jw_fail(err, JW_E_CONFLICT, "Another item already has this code.");
    return err->code ? err->code : JW_E_DB;
  }
  t->id = jw_col_int(s, 0);
  jw_conn_release(c);
  return jw_audit(t->r, "service.create", "service", t->id, err, "draft %s",
                  json_string_value(json_object_get(b, "code")));
}

enum jw_code jw_services_api_create(struct jw_req *r, struct jw_error *err) {
  if (may_edit(r, err) != JW_OK || draft_input(r, err) != JW_OK) return err->code;
  char *text = json_dumps(r->body, JSON_COMPACT);
  struct create_tx t = {r, jw_arena_strdup(r->arena, text), 0};
  free(text);
  if (jw_tx(r->db, create_tx, &t, err) != JW_OK) return err->code;
  jw_reply_json(r, 201, json_pack("{s:I, s:b}", "id", (json_int_t)t.id, "has_draft", 1));
  return JW_OK;
}

/* Items an editor still has work on: a saved draft, or never published. */
static const char SQL_DRAFTS[] =
    "SELECT id, code, name, category, version, CASE WHEN draft IS NULL THEN 0 ELSE 1 END, updated_at FROM services"
    " WHERE draft IS NOT NULL OR version = 0 ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?";

static json_t *draft_row(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  (void)ctx;
  json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:b}", "id", (json_int_t)jw_col_int(s, 0), "code", jw_col_text(s, 1),
                        "name", jw_col_text(s, 2), "category", jw_col_text(s, 3), "version",
                        (json_int_t)jw_col_int(s, 4), "has_draft", (int)jw_col_int(s, 5));
  json_object_set_new(o, "updated_at", jw_time_json(r, jw_col_int(s, 6)));
  return o;
}

enum jw_code jw_services_api_drafts(struct jw_req *r, struct jw_error *err) {
  int64_t limit, offset;
  if (may_edit(r, err) != JW_OK || jw_page_params(r, &limit, &offset, err) != JW_OK) return err->code;
  struct jw_stmt *s = jw_prepare(r->db, SQL_DRAFTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, limit + 1);
  jw_bind_int(s, 2, offset);
  json_t *page = jw_page_rows(r, s, limit, offset, draft_row, NULL, err);
  if (!page) return err->code;
  jw_reply_json(r, 200, page);
  return JW_OK;
}

static const char SQL_DRAFT[] = "SELECT draft, version FROM services WHERE id = ?";

enum jw_code jw_services_api_draft_get(struct jw_req *r, struct jw_error *err) {
  if (may_edit(r, err) != JW_OK) return err->code;
  int64_t id = jw_param_id(r, 0);
  struct jw_stmt *s = jw_prepare(r->db, SQL_DRAFT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no item %s.", r->params[0]);
  int has = !jw_col_is_null(s, 0);
  int version = (int)jw_col_int(s, 1);
  json_t *doc = has ? json_loads(jw_col_text(s, 0), 0, NULL) : NULL;
  jw_conn_release(r->db);
  if (!has && jw_service_doc(r->db, id, 0, &doc, &version, err) != JW_OK) return err->code;
  if (!doc) return jw_fail(err, JW_E_DB, "The stored draft cannot be read.");
  jw_reply_json(
      r, 200,
      json_pack("{s:I, s:b, s:i, s:o}", "id", (json_int_t)id, "has_draft", has, "version", version, "draft", doc));
  return JW_OK;
}

static const char SQL_DRAFT_PUT[] = "UPDATE services SET draft = ?, updated_at = ? WHERE id = ?";

struct draft_tx {
  struct jw_req *r;
  int64_t id;
  const char *text;
};

static enum jw_code draft_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct draft_tx *t = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_DRAFT_PUT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, t->text);
  jw_bind_int(s, 2, time(NULL));
  jw_bind_int(s, 3, t->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_NOT_FOUND, "There is no item %lld.", (long long)t->id);
  return jw_audit(t->r, "service.draft", "service", t->id, err, "draft saved");
}

enum jw_code jw_services_api_draft_put(struct jw_req *r, struct jw_error *err) {
  if (may_edit(r, err) != JW_OK || draft_input(r, err) != JW_OK) return err->code;
  char *text = json_dumps(r->body, JSON_COMPACT);
  struct draft_tx t = {r, jw_param_id(r, 0), jw_arena_strdup(r->arena, text)};
  free(text);
  if (jw_tx(r->db, draft_tx, &t, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)t.id, "has_draft", 1));
  return JW_OK;
}

static const char SQL_NEXT[] = "SELECT draft, version FROM services WHERE id = ?";
static const char SQL_VERSION_ADD[] =
    "INSERT INTO service_versions (service_id, version, doc, published_at, published_by) VALUES (?, ?, ?, ?, ?)";
static const char SQL_PUBLISH[] =
    "UPDATE services SET code = ?, name = ?, category = ?, online_level = ?, keywords = ?, conditions = ?,"
    " search = ?, version = ?, summary = ?, draft = NULL, updated_at = ? WHERE id = ? AND version = ?";
static const char SQL_FTS_DEL[] = "DELETE FROM services_fts WHERE rowid = ?";
static const char SQL_FTS_ADD[] = "INSERT INTO services_fts (rowid, name, keywords, conditions) VALUES (?, ?, ?, ?)";

struct publish_tx {
  struct jw_req *r;
  int64_t id;
  int version;
};

#define STR(doc, k) json_string_value(json_object_get(doc, k))

/* The list entry of a published item. Arena-owned JSON text. */
static char *summary(struct jw_req *r, json_t *d, int64_t id, int version) {
  json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:O, s:O, s:O, s:O, s:s, s:i}", "id", (json_int_t)id,
                        "code", STR(d, "code"), "name", STR(d, "name"), "category", STR(d, "category"), "category_name",
                        jw_service_category_name(STR(d, "category")), "type", STR(d, "type"), "online_level",
                        STR(d, "online_level"), "max_visits", json_object_get(d, "max_visits"), "promised_days",
                        json_object_get(d, "promised_days"), "statutory_days", json_object_get(d, "statutory_days"),
                        "fee_cents", json_object_get(d, "fee_cents"), "implementing_unit", STR(d, "implementing_unit"),
                        "version", version);
  char *text = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  char *copy = jw_arena_strdup(r->arena, text);
  free(text);
  return copy;
}

static enum jw_code publish_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct publish_tx *t = arg;
  struct jw_req *r = t->r;
  struct jw_stmt *s = jw_prepare(c, SQL_NEXT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, t->id);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW)
    return st == JW_STEP_ERROR ? err->code : jw_fail(err, JW_E_NOT_FOUND, "There is no item %lld.", (long long)t->id);
  if (jw_col_is_null(s, 0)) return jw_fail(err, JW_E_CONFLICT, "There is no draft to publish.");
  const char *text = jw_arena_strdup(r->arena, jw_col_text(s, 0));
  int old = (int)jw_col_int(s, 1);
  jw_conn_release(c);
  json_t *d = json_loads(text, 0, NULL);
  if (!d) return jw_fail(err, JW_E_DB, "The stored draft cannot be read.");
  jw_arena_defer(r->arena, (void (*)(void *))json_decref, d);
  if (jw_service_check(d, 1, err) != JW_OK)
    return jw_fail(err, JW_E_VALIDATION, "The draft lacks elements an item must have before it is published.");
  t->version = old + 1;
  int64_t now = time(NULL);
  const char *search = jw_arena_printf(r->arena, "%s %s %s", STR(d, "name"), STR(d, "keywords"), STR(d, "conditions"));
  if (!(s = jw_prepare(c, SQL_VERSION_ADD, err))) return err->code;
  jw_bind_int(s, 1, t->id);
  jw_bind_int(s, 2, t->version);
  jw_bind_text(s, 3, text);
  jw_bind_int(s, 4, now);
  jw_bind_text(s, 5, r->user->login);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_PUBLISH, err))) return err->code;
  const char *cols[] = {"code", "name", "category", "online_level", "keywords", "conditions"};
  for (int i = 0; i < 6; i++) jw_bind_text(s, i + 1, STR(d, cols[i]));
  jw_bind_text(s, 7, search);
  jw_bind_int(s, 8, t->version);
  jw_bind_text(s, 9, summary(r, d, t->id, t->version));
  jw_bind_int(s, 10, now);
  jw_bind_int(s, 11, t->id);
  jw_bind_int(s, 12, old);
  if (jw_step(s, err) == JW_STEP_ERROR)
    return err->code == JW_E_CONFLICT ? jw_fail(err, JW_E_CONFLICT, "Another item already has this code.") : err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_CONFLICT, "Someone else published this item meanwhile.");
  if (jw_db_kind(r->app->db) == JW_DB_SQLITE) {
    if (!(s = jw_prepare(c, SQL_FTS_DEL, err))) return err->code;
    jw_bind_int(s, 1, t->id);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
    if (!(s = jw_prepare(c, SQL_FTS_ADD, err))) return err->code;
    jw_bind_int(s, 1, t->id);
    for (int i = 0; i < 3; i++) jw_bind_text(s, i + 2, STR(d, cols[i == 0 ? 1 : i + 3]));
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  if (jw_svc_bump(c, err) != JW_OK) return err->code;
  return jw_audit(r, "service.publish", "service", t->id, err, "version %d", t->version);
}

enum jw_code jw_services_api_publish(struct jw_req *r, struct jw_error *err) {
  if (may_edit(r, err) != JW_OK) return err->code;
  struct publish_tx t = {r, jw_param_id(r, 0), 0};
  if (jw_tx(r->db, publish_tx, &t, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, json_pack("{s:I, s:i}", "id", (json_int_t)t.id, "version", t.version));
  return JW_OK;
}
