/* qa_api.c — the handlers of the chief's mailbox and the public Q&A:
 * request → field spec → consult.h → JSON. */
#include <jansson.h>
#include <string.h>

#include "consult/api.h"
#include "consult/consult.h"
#include "core/jspec.h"
#include "core/validate.h"

#define QA_QUERY_MAX 50 /* characters of ?q= */

static struct jw_consult_actor actor(struct jw_req *r) {
  struct jw_consult_actor a = {r->user, r->ip, r->app->cfg.tz_offset_min};
  return a;
}

/* An entry as the public sees it (staff: with the workflow's fields). */
static json_t *qa_json(struct jw_req *r, const struct jw_consult_qa *q, int staff) {
  json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:o}", "id", (json_int_t)q->id, "title", q->title,
                        "question", q->question, "answer", q->answer, "mailbox",
                        *q->mailbox ? json_string(q->mailbox) : json_null(), "unit_name", q->unit_name, "asked_at",
                        jw_time_json(r, q->asked_at), "published_at", jw_time_json(r, q->published_at));
  if (!j || !staff) return j;
  json_t *w = json_pack("{s:I, s:s, s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:b}", "consultation_id",
                        (json_int_t)q->consultation_id, "status", q->status, "created_by", (json_int_t)q->created_by,
                        "editor_id", (json_int_t)q->editor_id, "editor_name", q->editor_name, "publisher_id",
                        q->publisher_id ? json_integer(q->publisher_id) : json_null(), "publisher_name",
                        q->publisher_id ? json_string(q->publisher_name) : json_null(), "created_at",
                        jw_time_json(r, q->created_at), "updated_at", jw_time_json(r, q->updated_at), "may_publish",
                        strcmp(q->status, "draft") == 0 && q->editor_id != r->user->id && q->created_by != r->user->id);
  if (!w) {
    json_decref(j);
    return NULL;
  }
  json_object_update(j, w);
  json_decref(w);
  return j;
}

static json_t *page_json(struct jw_req *r, struct jw_consult_qa *v, size_t n, int64_t limit, int staff) {
  json_t *items = json_array();
  size_t shown = n > (size_t)limit ? (size_t)limit : n;
  for (size_t i = 0; i < shown; i++) json_array_append_new(items, qa_json(r, &v[i], staff));
  return jw_page_json(items, n > (size_t)limit ? v[shown - 1].id : 0);
}

enum jw_code jw_consult_api_mailbox(struct jw_req *r, struct jw_error *err) {
  struct jw_mailbox m;
  if (jw_consult_mailbox(r->db, "chief", r->arena, &m, err) != JW_OK) return err->code;
  jw_reply_json(r, 200,
                json_pack("{s:s, s:s, s:I, s:s, s:o, s:s, s:s, s:I}", "id", m.id, "office", m.office, "unit_id",
                          (json_int_t)m.unit_id, "unit_name", m.unit_name, "officer_id",
                          m.officer_id ? json_integer(m.officer_id) : json_null(), "officer_name", m.officer_name,
                          "officer_title", m.officer_title, "published", (json_int_t)m.published));
  return JW_OK;
}

enum jw_code jw_consult_api_qa_search(struct jw_req *r, struct jw_error *err) {
  static const char *const known[] = {"q", "limit", "cursor", NULL};
  if (jw_query_only(r, known, err) != JW_OK) return err->code; /* the public lists' rule: an unknown parameter is 422 */
  int64_t limit = 0, cursor = 0;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  const char *q = jw_query(r, "q");
  if (q && *q) {
    long len = jw_utf8_len(q, strlen(q));
    if (len < 0 || jw_text_unsafe(q, strlen(q), 0))
      jw_field_fail(err, "q", "is not valid text");
    else if (len > QA_QUERY_MAX)
      jw_field_fail(err, "q", "must have at most %d characters", QA_QUERY_MAX);
    if (err->nfields) return JW_E_VALIDATION;
  }
  struct jw_consult_qa *v = NULL;
  size_t n = 0;
  if (jw_consult_qa_search(r->db, q, cursor, limit, r->arena, &v, &n, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, page_json(r, v, n, limit, 0));
  return JW_OK;
}

enum jw_code jw_consult_api_qa_get(struct jw_req *r, struct jw_error *err) {
  struct jw_consult_qa q;
  if (jw_consult_qa_get(r->db, jw_param_id(r, 0), r->arena, &q, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, qa_json(r, &q, 0));
  return JW_OK;
}

enum jw_code jw_consult_api_qa_list(struct jw_req *r, struct jw_error *err) {
  int64_t limit = 0, cursor = 0;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  const char *status = jw_query(r, "status");
  if (status && strcmp(status, "all") == 0) status = NULL;
  if (status && strcmp(status, "draft") && strcmp(status, "published")) {
    jw_field_fail(err, "status", "must be draft, published or all");
    return JW_E_VALIDATION;
  }
  struct jw_consult_qa *v = NULL;
  size_t n = 0;
  if (jw_consult_qa_staff_list(r->db, r->user, status, cursor, limit, r->arena, &v, &n, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, page_json(r, v, n, limit, 1));
  return JW_OK;
}

/* Loads {id} of the path as the caller may see it (404 otherwise). */
static enum jw_code load(struct jw_req *r, struct jw_consultation *t, struct jw_error *err) {
  const struct jw_consult_actor who = actor(r);
  return jw_consult_load(r->db, &who, jw_param_id(r, 0), r->arena, t, err);
}

static enum jw_code reply_copy(struct jw_req *r, int status, int64_t thread_id, struct jw_error *err) {
  struct jw_consult_qa q;
  if (jw_consult_qa_of(r->db, thread_id, r->arena, &q, err) != JW_OK) return err->code;
  jw_reply_json(r, status, qa_json(r, &q, 1));
  return JW_OK;
}

enum jw_code jw_consult_api_qa_of(struct jw_req *r, struct jw_error *err) {
  struct jw_consultation t;
  if (load(r, &t, err) != JW_OK) return err->code;
  return reply_copy(r, 200, t.id, err);
}

enum jw_code jw_consult_api_qa_draft(struct jw_req *r, struct jw_error *err) {
  struct jw_consultation t;
  if (load(r, &t, err) != JW_OK) return err->code;
  const struct jw_consult_actor who = actor(r);
  struct jw_consult_qa q;
  if (jw_consult_qa_draft(r->db, &who, &t, r->arena, &q, err) != JW_OK) return err->code;
  json_t *j = qa_json(r, &q, 1);
  if (j) json_object_set_new(j, "masked", json_integer(q.masked));
  jw_reply_json(r, 201, j);
  return JW_OK;
}

/* A text that is only spaces is as empty as none. */
static int blank(const char *s) {
  for (; *s; s++)
    if (!strchr(" \t\r\n", *s)) return 0;
  return 1;
}

enum jw_code jw_consult_api_qa_edit(struct jw_req *r, struct jw_error *err) {
  struct jw_consultation t;
  if (load(r, &t, err) != JW_OK) return err->code;
  const char *title = NULL, *question = NULL, *answer = NULL;
  const struct jw_field f[] = {
      {"title", JS_STR, JS_REQUIRED, 1, JW_QA_TITLE_MAX, &title, NULL, NULL},
      {"question", JS_STR, JS_REQUIRED | JS_MULTILINE, 1, JW_QA_TEXT_MAX, &question, NULL, NULL},
      {"answer", JS_STR, JS_REQUIRED | JS_MULTILINE, 1, JW_QA_TEXT_MAX, &answer, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send title, question and answer as JSON.");
  if (jw_json_fields(r->body, f, 3, err) != JW_OK) return err->code;
  if (blank(title)) jw_field_fail(err, "title", "must not be empty");
  if (blank(question)) jw_field_fail(err, "question", "must not be empty");
  if (blank(answer)) jw_field_fail(err, "answer", "must not be empty");
  if (err->nfields) return JW_E_VALIDATION;
  const struct jw_consult_actor who = actor(r);
  if (jw_consult_qa_edit(r->db, &who, &t, title, question, answer, err) != JW_OK) return err->code;
  return reply_copy(r, 200, t.id, err);
}

enum jw_code jw_consult_api_qa_publish(struct jw_req *r, struct jw_error *err) {
  struct jw_consultation t;
  if (load(r, &t, err) != JW_OK) return err->code;
  const struct jw_consult_actor who = actor(r);
  if (jw_consult_qa_publish(r->db, &who, &t, err) != JW_OK) return err->code;
  return reply_copy(r, 200, t.id, err);
}

enum jw_code jw_consult_api_qa_withdraw(struct jw_req *r, struct jw_error *err) {
  struct jw_consultation t;
  if (load(r, &t, err) != JW_OK) return err->code;
  const struct jw_consult_actor who = actor(r);
  if (jw_consult_qa_withdraw(r->db, &who, &t, err) != JW_OK) return err->code;
  return reply_copy(r, 200, t.id, err);
}
