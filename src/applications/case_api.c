/* case_api.c — the routes of one application: detail, transitions,
 * assignment, rating, and the attachments' download. */
#include <string.h>
#include <time.h>

#include "applications/internal.h"
#include "core/validate.h"
#include "services/document.h"
#include "services/services.h"
#include "stats/stats.h"
#include "uploads/uploads.h"

enum jw_code jw_apps_api_get(struct jw_req *r, struct jw_error *err) {
  struct app_row a;
  if (app_load(r, r->params[0], &a, err) != JW_OK) return err->code;
  json_t *o = app_detail(r, &a, err);
  if (!o) return err->code;
  /* Staff see the applicant's data unmasked: the read is recorded. */
  if (app_staff_view(r, &a) && app_audit_read(r, "application.view", &a, "", err) != JW_OK) {
    json_decref(o);
    return err->code;
  }
  jw_reply_json(r, 200, o);
  return JW_OK;
}

struct move {
  struct jw_req *r;
  struct app_row a;
  const struct jw_transition *t;
  const char *reason, *result, *form;
  struct jw_attachment_in *att;
  size_t natt;
  int replace_files;
};

static const char SQL_MOVE[] =
    "UPDATE applications SET status = ?, reason = COALESCE(CAST(? AS TEXT), reason),"
    " result = COALESCE(CAST(? AS TEXT), result), form = COALESCE(CAST(? AS TEXT), form), paused_on = CAST(? AS TEXT),"
    " due_date = ?, completed_at = CAST(? AS BIGINT), completed_month = CAST(? AS TEXT), on_time = CAST(? AS BIGINT),"
    " updated_at = ? WHERE id = ? AND status = ?";

/* The due date after a resubmission: the working days the clock stood still are added. */
static enum jw_code resumed_due(struct jw_conn *c, const struct app_row *a, const char *today, char out[11],
                                struct jw_error *err) {
  struct jw_date from, to, due, res;
  snprintf(out, 11, "%s", a->due_date);
  if (!a->paused_on || jw_date_parse(a->paused_on, &from) || jw_date_parse(today, &to) ||
      jw_date_parse(a->due_date, &due))
    return JW_OK;
  int paused = jw_calendar_workdays_between(c, from, to, err);
  if (paused < 0) return err->code;
  if (jw_calendar_add_workdays(c, due, paused, &res, err) != JW_OK) return err->code;
  jw_date_format(res, out);
  return JW_OK;
}

static enum jw_code move_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct move *m = arg;
  const struct jw_transition *t = m->t;
  char today[11], due[11];
  app_today(m->r, today);
  snprintf(due, sizeof due, "%s", m->a.due_date);
  if (t->from == APP_SUPPLEMENT && resumed_due(c, &m->a, today, due, err) != JW_OK) return err->code;
  int64_t now = time(NULL);
  struct jw_stmt *s = jw_prepare(c, SQL_MOVE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, jw_app_status_name(t->to));
  jw_bind_text(s, 2, t->needs_reason ? m->reason : NULL);
  jw_bind_text(s, 3, t->needs_result ? m->result : NULL);
  jw_bind_text(s, 4, m->form);
  jw_bind_text(s, 5, t->to == APP_SUPPLEMENT ? today : NULL);
  jw_bind_text(s, 6, due);
  int done = t->to == APP_COMPLETED;
  if (done) {
    jw_bind_int(s, 7, now);
    jw_bind_text(s, 8, jw_arena_strndup(m->r->arena, today, 7));
    jw_bind_int(s, 9, strcmp(today, due) <= 0);
  } else {
    jw_bind_null(s, 7);
    jw_bind_null(s, 8);
    jw_bind_null(s, 9);
  }
  jw_bind_int(s, 10, now);
  jw_bind_int(s, 11, m->a.id);
  jw_bind_text(s, 12, jw_app_status_name(t->from));
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1)
    return jw_fail(err, JW_E_CONFLICT, "Someone else changed this application meanwhile; reload it.");
  if (m->replace_files && app_files_put(c, m->a.id, m->att, m->natt, err) != JW_OK) return err->code;
  if (done && jw_counter_add(c, "transactions", 1, err) != JW_OK) return err->code;
  return app_event(m->r, c, &m->a, t->event, (int)t->from, t->to, m->reason, err);
}

/* A resubmission may replace the form and the attachments (checked against
 * the item's version the application was made under). */
static enum jw_code resubmit_input(struct jw_req *r, struct move *m, struct jw_error *err) {
  json_t *form = json_object_get(r->body, "form"), *atts = json_object_get(r->body, "attachments");
  if (!form && !atts) return JW_OK;
  json_t *doc;
  int version;
  if (jw_service_doc(r->db, m->a.service_id, m->a.service_version, &doc, &version, err) != JW_OK) return err->code;
  jw_arena_defer(r->arena, (void (*)(void *))json_decref, doc);
  json_t *def = json_object_get(doc, "form");
  if (form) {
    json_t *out = NULL;
    if (jw_form_check(def, form, &out, err) == JW_OK) {
      char *text = json_dumps(out, JSON_COMPACT);
      m->form = jw_arena_strdup(r->arena, text);
      free(text);
      json_decref(out);
    }
  }
  if (atts) {
    m->replace_files = 1;
    if (app_attachments_in(r, atts, &m->att, &m->natt, err) == JW_OK) jw_attachments_check(def, m->att, m->natt, err);
  }
  return err->nfields ? JW_E_VALIDATION : err->code;
}

static const char *const results[] = {"pickup", "post", "electronic", NULL};

static enum jw_code move_input(struct jw_req *r, struct move *m, const char **event, struct jw_error *err) {
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
  struct move m = {.r = r};
  const char *event = NULL;
  if (move_input(r, &m, &event, err) != JW_OK) return err->code;
  if (app_load(r, r->params[0], &m.a, err) != JW_OK) return err->code;
  int known;
  m.t = jw_app_transition(event, m.a.status, &known);
  if (!known) {
    jw_field_fail(err, "event", "is not an event of the application lifecycle");
    return err->code;
  }
  if (!m.t)
    return jw_fail(err, JW_E_CONFLICT, "An application that is %s (%s) cannot take the event \"%.40s\".",
                   jw_app_status_label(m.a.status), jw_app_status_name(m.a.status), event);
  int applicant = m.a.applicant_id == r->user->id;
  if (m.t->who == JW_APP_APPLICANT ? !applicant : !(app_staff_view(r, &m.a) && (m.t->who & JW_BIT(r->user->role))))
    return jw_fail(err, JW_E_FORBIDDEN, "You may not take the event \"%s\" on this application.", event);
  if (m.t->needs_reason && !m.reason) jw_field_fail(err, "reason", "is required for %s", event);
  if (m.t->needs_result && !m.result) jw_field_fail(err, "result", "is required: pickup, post or electronic");
  if ((json_object_get(r->body, "form") || json_object_get(r->body, "attachments")) && m.t->from != APP_SUPPLEMENT)
    jw_field_fail(err, "form", "only a resubmission changes the form or the attachments");
  if (err->nfields) return JW_E_VALIDATION;
  if (m.t->from == APP_SUPPLEMENT && resubmit_input(r, &m, err) != JW_OK) return err->code;
  if (jw_tx(r->db, move_tx, &m, err) != JW_OK) return err->code;
  if (app_load(r, r->params[0], &m.a, err) != JW_OK) return err->code;
  json_t *o = app_detail(r, &m.a, err);
  if (!o) return err->code;
  jw_reply_json(r, 200, o);
  return JW_OK;
}
