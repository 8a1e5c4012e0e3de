/* case_api.c — the routes of one application: detail, transitions and
 * assignment, and the JSON of a case they all answer with. */
#include <string.h>

#include "applications/api.h"
#include "core/jspec.h"
#include "core/mem.h"
#include "core/validate.h"
#include "services/document.h"
#include "services/services.h"
#include "uploads/uploads.h"

struct jw_apps_ctx jw_apps_api_ctx(struct jw_req *r) {
  struct jw_apps_ctx x = {r->db, r->arena, r->user, r->ip, r->app->cfg.tz_offset_min};
  return x;
}

enum jw_code jw_apps_api_attachments(struct jw_req *r, json_t *list, struct jw_attachment_in **out, size_t *n,
                                     struct jw_error *err) {
  *n = 0;
  *out = NULL;
  if (!list || json_is_null(list)) return JW_OK;
  if (!json_is_array(list) || json_array_size(list) > 40) {
    jw_field_fail(err, "attachments", "must be a list of at most 40 {name, upload_id}");
    return err->code;
  }
  struct jw_attachment_in *a = jw_arena_zalloc(r->arena, (json_array_size(list) + 1) * sizeof *a);
  size_t i;
  json_t *o;
  json_array_foreach(list, i, o) {
    char at[48];
    snprintf(at, sizeof at, "attachments[%zu]", i);
    json_t *name = json_object_get(o, "name"), *id = json_object_get(o, "upload_id");
    if (!json_is_object(o) || json_object_size(o) != 2 || !json_is_string(name) || !json_is_integer(id) ||
        json_string_length(name) > 64) {
      jw_field_fail(err, at, "must be {\"name\": attachment name, \"upload_id\": id}");
      continue;
    }
    a[i].name = jw_arena_strdup(r->arena, json_string_value(name));
    a[i].upload_id = json_integer_value(id);
  }
  *out = a;
  *n = json_array_size(list);
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  return jw_app_attachments_lookup(&x, a, *n, err);
}

static json_t *event_json(struct jw_req *r, const struct jw_app_event *e) {
  return json_pack("{s:o, s:s, s:o, s:s, s:s, s:s, s:s}", "at", jw_time_json(r, e->at), "event", e->event, "from",
                   e->from ? json_string(e->from) : json_null(), "to", e->to, "actor_name", e->actor_name, "actor_role",
                   e->actor_role, "reason", e->reason);
}

static json_t *file_json(struct jw_req *r, const struct jw_app_file *f) {
  return json_pack("{s:s, s:I, s:s, s:I, s:s}", "name", f->name, "upload_id", (json_int_t)f->upload_id, "content_type",
                   f->content_type, "size", (json_int_t)f->size, "file_name",
                   jw_upload_file_name(r->arena, f->file_name, f->content_type));
}

/* The case as the detail page shows it: a new reference, NULL on error (err set). */
static json_t *detail_json(struct jw_req *r, const struct jw_application *a, struct jw_error *err) {
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  struct jw_app_detail d;
  if (jw_app_detail(&x, a, &d, err) != JW_OK) return NULL;
  json_t *form = json_loads(a->form, 0, NULL);
  json_t *o = json_pack("{s:s, s:I, s:s, s:i, s:s, s:s, s:I, s:s, s:{s:s, s:s}, s:o, s:o, s:s, s:o, s:s, s:o}",
                        "tracking_no", a->tracking_no, "service_id", (json_int_t)a->service_id, "service_name",
                        d.service_name, "service_version", a->service_version, "status", jw_app_status_name(a->status),
                        "status_name", jw_app_status_label(a->status), "unit_id", (json_int_t)a->unit_id, "unit_name",
                        d.unit_name, "applicant", "name", d.applicant_name, "phone", d.applicant_phone, "form",
                        form ? form : json_object(), "submitted_at", jw_time_json(r, d.submitted_at), "due_date",
                        a->due_date, "result", d.result ? json_string(d.result) : json_null(), "reason", d.reason,
                        "completed_at", d.completed_at ? jw_time_json(r, d.completed_at) : json_null());
  json_object_set_new(o, "assignee",
                      a->assignee_id
                          ? json_pack("{s:I, s:s}", "id", (json_int_t)a->assignee_id, "name", d.assignee_name)
                          : json_null());
  json_object_set_new(o, "rating",
                      d.grade ? json_pack("{s:I, s:s, s:s}", "grade", (json_int_t)d.grade, "grade_name",
                                          jw_app_grade_name(d.grade), "comment", d.comment)
                              : json_null());
  json_object_set_new(o, "overdue", json_boolean(d.overdue));
  json_object_set_new(o, "due_soon", json_boolean(d.due_soon));
  json_object_set_new(o, "paused", json_boolean(d.paused));
  json_object_set_new(o, "fee_cents", json_integer(a->fee_cents));
  json_object_set_new(o, "payment_status", json_string(jw_apps_payment_status(a->fee_cents, a->fee_paid)));
  json_t *h = json_array(), *f = json_array(), *acts = json_array();
  for (size_t i = 0; i < d.nhistory; i++) json_array_append_new(h, event_json(r, &d.history[i]));
  for (size_t i = 0; i < d.nfiles; i++) json_array_append_new(f, file_json(r, &d.files[i]));
  for (int i = 0; d.actions[i]; i++) json_array_append_new(acts, json_string(d.actions[i]));
  json_object_set_new(o, "history", h);
  json_object_set_new(o, "attachments", f);
  json_object_set_new(o, "actions", acts);
  return o;
}

/* Loads the case named in the path again and answers it (200). */
static enum jw_code reply_case(struct jw_req *r, struct jw_error *err) {
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  struct jw_application a;
  if (jw_app_load(&x, r->params[0], &a, err) != JW_OK) return err->code;
  json_t *o = detail_json(r, &a, err);
  if (!o) return err->code;
  jw_reply_json(r, 200, o);
  return JW_OK;
}

enum jw_code jw_apps_api_get(struct jw_req *r, struct jw_error *err) {
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  struct jw_application a;
  if (jw_app_load(&x, r->params[0], &a, err) != JW_OK) return err->code;
  json_t *o = detail_json(r, &a, err);
  if (!o) return err->code;
  /* Staff see the applicant's data unmasked: the read is recorded. */
  if (jw_app_staff_view(&x, &a) && jw_app_audit_read(&x, "application.view", &a, "", err) != JW_OK) {
    json_decref(o);
    return err->code;
  }
  jw_reply_json(r, 200, o);
  return JW_OK;
}

/* A resubmission may replace the form and the attachments (checked against
 * the item's version the application was made under). */
static enum jw_code resubmit_input(struct jw_req *r, const struct jw_application *a, struct jw_app_move *m,
                                   struct jw_error *err) {
  json_t *form = json_object_get(r->body, "form"), *atts = json_object_get(r->body, "attachments");
  if (!form && !atts) return JW_OK;
  json_t *doc;
  int version;
  if (jw_service_doc(r->db, a->service_id, a->service_version, &doc, &version, err) != JW_OK) return err->code;
  jw_arena_defer(r->arena, (void (*)(void *))json_decref, doc);
  json_t *def = json_object_get(doc, "form");
  char *text = def ? json_dumps(def, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
  const char *def_text = text ? jw_arena_strdup(r->arena, text) : "{}";
  free(text);
  if (form) {
    char *values = json_dumps(form, JSON_COMPACT | JSON_ENCODE_ANY);
    const char *v = values ? jw_arena_strdup(r->arena, values) : NULL;
    free(values);
    if (!v) return jw_fail(err, JW_E_INTERNAL, "Out of memory.");
    jw_form_check(def_text, v, r->arena, &m->form, err);
  }
  if (atts) {
    struct jw_attachment_in *att;
    m->replace_files = 1;
    if (jw_apps_api_attachments(r, atts, &att, &m->natt, err) == JW_OK)
      jw_attachments_check(def_text, att, m->natt, err);
    m->att = att;
  }
  return err->nfields ? JW_E_VALIDATION : err->code;
}

static const char *const results[] = {"pickup", "post", "electronic", NULL};

static enum jw_code move_input(struct jw_req *r, struct jw_app_move *m, const char **event, struct jw_error *err) {
  json_t *b = r->body;
  if (!json_is_object(b)) return jw_fail(err, JW_E_BAD_JSON, "Send {\"event\": …} as JSON.");
  const char *k;
  json_t *v;
  json_object_foreach(b, k, v) if (strcmp(k, "event") && strcmp(k, "reason") && strcmp(k, "result") &&
                                   strcmp(k, "form") && strcmp(k, "attachments"))
      jw_field_fail(err, k, "is not a known field");
  json_t *ev = json_object_get(b, "event"), *reason = json_object_get(b, "reason"),
         *result = json_object_get(b, "result");
  if (!json_is_string(ev)) jw_field_fail(err, "event", "is required");
  if (reason && !json_is_null(reason)) {
    long n = json_is_string(reason) ? jw_utf8_len(json_string_value(reason), json_string_length(reason)) : -1;
    const char *bad = NULL;
    if (n < 0 || n > 500)
      jw_field_fail(err, "reason", "must be text of at most 500 characters");
    else if ((bad = jw_text_unsafe(json_string_value(reason), json_string_length(reason), 1)))
      jw_field_fail(err, "reason", "%s", bad);
    else if (n > 0)
      m->reason = json_string_value(reason);
  }
  if (result && !json_is_null(result)) {
    int ok = 0;
    for (int i = 0; json_is_string(result) && results[i]; i++) ok |= strcmp(json_string_value(result), results[i]) == 0;
    if (!ok)
      jw_field_fail(err, "result", "must be pickup, post or electronic");
    else
      m->result = json_string_value(result);
  }
  if (err->nfields) return JW_E_VALIDATION;
  *event = json_string_value(ev);
  return JW_OK;
}

enum jw_code jw_apps_api_transition(struct jw_req *r, struct jw_error *err) {
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  struct jw_app_move m = {0};
  struct jw_application a;
  const char *event = NULL;
  if (move_input(r, &m, &event, err) != JW_OK) return err->code;
  if (jw_app_load(&x, r->params[0], &a, err) != JW_OK) return err->code;
  int known;
  m.t = jw_app_transition(event, a.status, &known);
  if (!known) {
    jw_field_fail(err, "event", "is not an event of the application lifecycle");
    return err->code;
  }
  if (!m.t)
    return jw_fail(err, JW_E_CONFLICT, "An application that is %s (%s) cannot take the event \"%.40s\".",
                   jw_app_status_label(a.status), jw_app_status_name(a.status), event);
  int applicant = a.applicant_id == r->user->id;
  if (m.t->who == JW_APP_APPLICANT ? !applicant : !(jw_app_staff_view(&x, &a) && (m.t->who & JW_BIT(r->user->role))))
    return jw_fail(err, JW_E_FORBIDDEN, "You may not take the event \"%s\" on this application.", event);
  if (m.t->needs_reason && !m.reason) jw_field_fail(err, "reason", "is required for %s", event);
  if (m.t->needs_result && !m.result) jw_field_fail(err, "result", "is required: pickup, post or electronic");
  if ((json_object_get(r->body, "form") || json_object_get(r->body, "attachments")) && m.t->from != APP_SUPPLEMENT)
    jw_field_fail(err, "form", "only a resubmission changes the form or the attachments");
  if (err->nfields) return JW_E_VALIDATION;
  if (m.t->from == APP_SUPPLEMENT && resubmit_input(r, &a, &m, err) != JW_OK) return err->code;
  if (jw_app_fire(&x, &a, &m, err) != JW_OK) return err->code;
  return reply_case(r, err);
}

enum jw_code jw_apps_api_assign(struct jw_req *r, struct jw_error *err) {
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  struct jw_application a;
  int64_t user_id;
  const struct jw_field f[] = {{"user_id", JS_INT, JS_REQUIRED, 1, INT64_MAX, &user_id, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send {\"user_id\": …} as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  if (jw_app_load(&x, r->params[0], &a, err) != JW_OK) return err->code;
  if (!jw_app_staff_view(&x, &a)) return jw_fail(err, JW_E_NOT_FOUND, "There is no such application that you may see.");
  if (jw_app_assign(&x, &a, user_id, err) != JW_OK) return err->code;
  return reply_case(r, err);
}
