/* api.c — the consultations' handlers: request → field spec → consult.h → JSON. */
#include "consult/api.h"

#include <jansson.h>
#include <string.h>
#include <time.h>

#include "applications/applications.h"
#include "consult/consult.h"
#include "core/jspec.h"

static struct jw_consult_actor actor(struct jw_req *r) {
  struct jw_consult_actor a = {r->user, r->ip, r->app->cfg.tz_offset_min};
  return a;
}

static json_t *thread_json(struct jw_req *r, const struct jw_consultation *t) {
  long long now = (long long)time(NULL);
  int citizen = r->user->role == JW_ROLE_CITIZEN;
  json_t *rating = json_null();
  if (t->rating_grade > 0)
    rating =
        json_pack("{s:i, s:s, s:s, s:o}", "grade", t->rating_grade, "grade_name", jw_app_grade_name(t->rating_grade),
                  "comment", t->rating_comment, "rated_at", jw_time_json(r, t->rated_at));
  int64_t mine = citizen ? t->citizen_read : t->staff_read;
  json_t *j = json_pack(
      "{s:I, s:s, s:s, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:s, s:I, s:I, s:I, s:b, s:o, s:o, s:o, s:o}", "id",
      (json_int_t)t->id, "subject", t->subject, "status", t->status, "unit_id", (json_int_t)t->unit_id, "unit_name",
      t->unit_name, "officer_id", t->officer_id ? json_integer(t->officer_id) : json_null(), "officer_name",
      t->officer_id ? json_string(t->officer_name) : json_null(), "assignee_id",
      t->assignee_id ? json_integer(t->assignee_id) : json_null(), "assignee_name",
      t->assignee_id ? json_string(t->assignee_name) : json_null(), "due_at", jw_time_json(r, t->due_at), "overdue",
      jw_consult_overdue(t, now), "summary", t->summary, "last_message_id", (json_int_t)t->last_message_id,
      "citizen_read", (json_int_t)t->citizen_read, "staff_read", (json_int_t)t->staff_read, "unread",
      t->last_message_id > mine, "rating", rating, "created_at", jw_time_json(r, t->created_at), "updated_at",
      jw_time_json(r, t->updated_at), "closed_at", jw_time_json(r, t->closed_at));
  if (j) json_object_set_new(j, "mailbox", *t->mailbox ? json_string(t->mailbox) : json_null());
  if (j && !citizen) json_object_set_new(j, "citizen_name", json_string(t->citizen_name));
  return j;
}

static json_t *message_json(struct jw_req *r, const struct jw_consultation *t, const struct jw_consult_message *m) {
  json_t *ups = json_array();
  for (int i = 0; i < m->nuploads; i++) json_array_append_new(ups, json_integer(m->uploads[i]));
  int staff = strcmp(m->side, "staff") == 0;
  /* Read by the other side: a staff message when the citizen read it, and the reverse. */
  int read = m->id <= (staff ? t->citizen_read : t->staff_read);
  return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:b}", "id", (json_int_t)m->id, "side", m->side, "author_name",
                   staff || r->user->role != JW_ROLE_CITIZEN ? m->author_name : "", "body", m->body, "upload_ids", ups,
                   "created_at", jw_time_json(r, m->created_at), "read", read);
}

/* The thread with its messages. */
static enum jw_code reply_thread(struct jw_req *r, int status, const struct jw_consultation *t, struct jw_error *err) {
  struct jw_consult_message *m = NULL;
  size_t n = 0;
  if (jw_consult_messages(r->db, t->id, r->arena, &m, &n, err) != JW_OK) return err->code;
  json_t *j = thread_json(r, t);
  json_t *list = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(list, message_json(r, t, &m[i]));
  if (j)
    json_object_set_new(j, "messages", list);
  else
    json_decref(list);
  jw_reply_json(r, status, j);
  return JW_OK;
}

/* Loads {id} of the path as the caller may see it (404 otherwise). */
static enum jw_code load(struct jw_req *r, struct jw_consultation *t, struct jw_error *err) {
  const struct jw_consult_actor who = actor(r);
  return jw_consult_load(r->db, &who, jw_param_id(r, 0), r->arena, t, err);
}

/* Splits upload_ids off body (a new object without it, for the field spec) into ids. */
static enum jw_code take_uploads(struct jw_req *r, json_t **rest, int64_t *ids, int *n, struct jw_error *err) {
  if (!r->body || !json_is_object(r->body)) return jw_fail(err, JW_E_BAD_JSON, "Send a JSON object.");
  *rest = json_copy(r->body);
  jw_arena_defer(r->arena, (void (*)(void *))json_decref, *rest);
  *n = 0;
  json_t *v = json_object_get(r->body, "upload_ids");
  if (!v || json_is_null(v)) return JW_OK;
  json_object_del(*rest, "upload_ids");
  if (!json_is_array(v) || json_array_size(v) > JW_CONSULT_UPLOADS_MAX) {
    jw_field_fail(err, "upload_ids", "must be a list of at most %d upload ids", JW_CONSULT_UPLOADS_MAX);
    return JW_E_VALIDATION;
  }
  size_t i;
  json_t *x;
  json_array_foreach(v, i, x) {
    if (!json_is_integer(x) || json_integer_value(x) <= 0) {
      jw_field_fail(err, "upload_ids", "must hold upload ids (positive whole numbers)");
      return JW_E_VALIDATION;
    }
    ids[(*n)++] = json_integer_value(x);
  }
  return JW_OK;
}

/* A text that is only spaces is as empty as none. */
static int blank(const char *s) {
  for (; *s; s++)
    if (!strchr(" \t\r\n", *s)) return 0;
  return 1;
}

static enum jw_code blank_fail(struct jw_error *err, const char *field) {
  jw_field_fail(err, field, "must not be empty");
  return JW_E_VALIDATION;
}

/* A page of threads as {"items", "next_cursor"}. */
static enum jw_code reply_list(struct jw_req *r, enum jw_consult_box box, struct jw_error *err) {
  int64_t limit = 0, cursor = 0;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  struct jw_consultation *v = NULL;
  size_t n = 0;
  if (jw_consult_list(r->db, r->user, box, cursor, limit, r->arena, &v, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  size_t shown = n > (size_t)limit ? (size_t)limit : n;
  for (size_t i = 0; i < shown; i++) json_array_append_new(items, thread_json(r, &v[i]));
  jw_reply_json(r, 200, jw_page_json(items, n > (size_t)limit ? v[shown - 1].id : 0));
  return JW_OK;
}

static enum jw_code box_param(struct jw_req *r, const char *name, enum jw_consult_box dflt, enum jw_consult_box *out,
                              struct jw_error *err) {
  const char *v = jw_query(r, name);
  *out = dflt;
  if (!v) return JW_OK;
  for (int i = 0; jw_consult_box_names[i]; i++)
    if (strcmp(v, jw_consult_box_names[i]) == 0) {
      *out = (enum jw_consult_box)i;
      return JW_OK;
    }
  jw_field_fail(err, name, "must be one of open, unassigned, mine, overdue, closed, all, mailbox");
  return JW_E_VALIDATION;
}

enum jw_code jw_consult_api_mine(struct jw_req *r, struct jw_error *err) {
  enum jw_consult_box box;
  if (box_param(r, "status", JW_BOX_ALL, &box, err) != JW_OK) return err->code;
  if (box != JW_BOX_OPEN && box != JW_BOX_CLOSED) box = JW_BOX_ALL;
  return reply_list(r, box, err);
}

enum jw_code jw_consult_api_inbox(struct jw_req *r, struct jw_error *err) {
  enum jw_consult_box box;
  if (box_param(r, "box", JW_BOX_OPEN, &box, err) != JW_OK) return err->code;
  return reply_list(r, box, err);
}

enum jw_code jw_consult_api_create(struct jw_req *r, struct jw_error *err) {
  struct jw_consult_new in = {0};
  int64_t ids[JW_CONSULT_UPLOADS_MAX];
  json_t *rest = NULL;
  if (take_uploads(r, &rest, ids, &in.nuploads, err) != JW_OK) return err->code;
  in.uploads = ids;
  int has_officer = 0, has_unit = 0, has_mailbox = 0;
  const struct jw_field f[] = {
      {"officer_id", JS_INT, JS_NULLABLE, 1, 1LL << 53, &in.officer_id, NULL, &has_officer},
      {"unit_id", JS_INT, JS_NULLABLE, 1, 1LL << 53, &in.unit_id, NULL, &has_unit},
      {"mailbox", JS_STR, JS_NULLABLE, 1, 16, &in.mailbox, NULL, &has_mailbox},
      {"subject", JS_STR, JS_REQUIRED, 1, JW_CONSULT_SUBJECT_MAX, &in.subject, NULL, NULL},
      {"body", JS_STR, JS_REQUIRED | JS_MULTILINE, 1, JW_CONSULT_BODY_MAX, &in.body, NULL, NULL},
  };
  if (jw_json_fields(rest, f, 5, err) != JW_OK) return err->code;
  if (has_officer + has_unit + has_mailbox != 1) {
    jw_field_fail(err, "officer_id", "name one of an officer (officer_id), a unit (unit_id) or a mailbox (mailbox)");
    return JW_E_VALIDATION;
  }
  if (blank(in.subject)) return blank_fail(err, "subject");
  if (blank(in.body)) return blank_fail(err, "body");
  const struct jw_consult_actor who = actor(r);
  int64_t id = 0;
  if (jw_consult_create(r->db, &who, &in, &id, err) != JW_OK) return err->code;
  struct jw_consultation t;
  if (jw_consult_load(r->db, &who, id, r->arena, &t, err) != JW_OK) return err->code;
  return reply_thread(r, 201, &t, err);
}

enum jw_code jw_consult_api_get(struct jw_req *r, struct jw_error *err) {
  struct jw_consultation t;
  if (load(r, &t, err) != JW_OK) return err->code;
  const struct jw_consult_actor who = actor(r);
  if (jw_consult_audit_view(r->db, &who, t.id, err) != JW_OK) return err->code;
  return reply_thread(r, 200, &t, err);
}

enum jw_code jw_consult_api_message(struct jw_req *r, struct jw_error *err) {
  struct jw_consultation t;
  if (load(r, &t, err) != JW_OK) return err->code;
  int64_t ids[JW_CONSULT_UPLOADS_MAX];
  int nids = 0;
  json_t *rest = NULL;
  if (take_uploads(r, &rest, ids, &nids, err) != JW_OK) return err->code;
  const char *body = NULL;
  const struct jw_field f[] = {
      {"body", JS_STR, JS_REQUIRED | JS_MULTILINE, 1, JW_CONSULT_BODY_MAX, &body, NULL, NULL},
  };
  if (jw_json_fields(rest, f, 1, err) != JW_OK) return err->code;
  if (blank(body)) return blank_fail(err, "body");
  const struct jw_consult_actor who = actor(r);
  int64_t mid = 0;
  if (jw_consult_post(r->db, &who, &t, body, ids, nids, &mid, err) != JW_OK) return err->code;
  struct jw_consult_message *m = NULL;
  size_t n = 0;
  if (jw_consult_load(r->db, &who, t.id, r->arena, &t, err) != JW_OK ||
      jw_consult_messages(r->db, t.id, r->arena, &m, &n, err) != JW_OK)
    return err->code;
  for (size_t i = 0; i < n; i++)
    if (m[i].id == mid) {
      json_t *j = message_json(r, &t, &m[i]);
      if (j) json_object_set_new(j, "consultation_id", json_integer(t.id));
      jw_reply_json(r, 201, j);
      return JW_OK;
    }
  return jw_fail(err, JW_E_INTERNAL, "the new message is missing");
}

enum jw_code jw_consult_api_read(struct jw_req *r, struct jw_error *err) {
  struct jw_consultation t;
  if (load(r, &t, err) != JW_OK) return err->code;
  const struct jw_consult_actor who = actor(r);
  if (jw_consult_read(r->db, &who, &t, err) != JW_OK) return err->code;
  jw_reply_empty(r, 204);
  return JW_OK;
}

enum jw_code jw_consult_api_assign(struct jw_req *r, struct jw_error *err) {
  struct jw_consultation t;
  if (load(r, &t, err) != JW_OK) return err->code;
  int64_t user_id = 0;
  const struct jw_field f[] = {{"user_id", JS_INT, JS_REQUIRED, 1, 1LL << 53, &user_id, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send user_id as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  const struct jw_consult_actor who = actor(r);
  if (jw_consult_assign(r->db, &who, &t, user_id, err) != JW_OK) return err->code;
  if (jw_consult_load(r->db, &who, t.id, r->arena, &t, err) != JW_OK) return err->code;
  return reply_thread(r, 200, &t, err);
}

enum jw_code jw_consult_api_close(struct jw_req *r, struct jw_error *err) {
  struct jw_consultation t;
  if (load(r, &t, err) != JW_OK) return err->code;
  const char *summary = NULL;
  const struct jw_field f[] = {
      {"summary", JS_STR, JS_REQUIRED | JS_MULTILINE, 1, JW_CONSULT_SUMMARY_MAX, &summary, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send summary as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  if (blank(summary)) return blank_fail(err, "summary");
  const struct jw_consult_actor who = actor(r);
  if (jw_consult_close(r->db, &who, &t, summary, err) != JW_OK) return err->code;
  if (jw_consult_load(r->db, &who, t.id, r->arena, &t, err) != JW_OK) return err->code;
  return reply_thread(r, 200, &t, err);
}

enum jw_code jw_consult_api_rate(struct jw_req *r, struct jw_error *err) {
  struct jw_consultation t;
  if (load(r, &t, err) != JW_OK) return err->code;
  int64_t grade = 0;
  const char *comment = "";
  const struct jw_field f[] = {
      {"grade", JS_INT, JS_REQUIRED, 1, 5, &grade, NULL, NULL},
      {"comment", JS_STR, JS_NULLABLE | JS_MULTILINE, 0, JW_CONSULT_COMMENT_MAX, &comment, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send grade as JSON.");
  if (jw_json_fields(r->body, f, 2, err) != JW_OK) return err->code;
  const struct jw_consult_actor who = actor(r);
  if (jw_consult_rate(r->db, &who, &t, (int)grade, comment, err) != JW_OK) return err->code;
  if (jw_consult_load(r->db, &who, t.id, r->arena, &t, err) != JW_OK) return err->code;
  return reply_thread(r, 200, &t, err);
}

enum jw_code jw_consult_api_image(struct jw_req *r, struct jw_error *err) {
  struct jw_consultation t;
  if (load(r, &t, err) != JW_OK) return err->code;
  int64_t upload_id = jw_param_id(r, 1);
  if (upload_id <= 0) return jw_fail(err, JW_E_NOT_FOUND, "There is no such image in this consultation.");
  const void *data = NULL;
  size_t n = 0;
  const char *type = NULL;
  if (jw_consult_image(r->db, r->app->cfg.upload_dir, t.id, upload_id, r->arena, &data, &n, &type, err) != JW_OK)
    return err->code;
  jw_reply_bytes(r, 200, type, data, n);
  return JW_OK;
}
