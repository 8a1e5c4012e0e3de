/* desk_api.c — the officer's side of appointments: the workbench list, the
 * officer's answers (confirm, decline, propose, no-show, attended) and the
 * office hours (template and exceptions). Only the officer's own account and
 * the desk of their station (jw_appt_may_work) act; others get 404. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "appointments/internal.h"
#include "audit/api.h"
#include "community/community.h"
#include "core/jspec.h"

enum jw_code jw_appt_api_confirm(struct jw_req *r, struct jw_error *err) {
  return jw_appt_act(r, JW_APPT_CONFIRM, err);
}

enum jw_code jw_appt_api_decline(struct jw_req *r, struct jw_error *err) {
  return jw_appt_act(r, JW_APPT_DECLINE, err);
}

enum jw_code jw_appt_api_propose(struct jw_req *r, struct jw_error *err) {
  return jw_appt_act(r, JW_APPT_PROPOSE, err);
}

enum jw_code jw_appt_api_no_show(struct jw_req *r, struct jw_error *err) {
  return jw_appt_act(r, JW_APPT_NO_SHOW, err);
}

enum jw_code jw_appt_api_attend(struct jw_req *r, struct jw_error *err) { return jw_appt_act(r, JW_APPT_ATTEND, err); }

/* The officer of path parameter 0 when r's user works them, else 404. */
static enum jw_code worked_officer(struct jw_req *r, struct jw_appt_officer *o, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  enum jw_code rc = id ? jw_appt_officer(r->db, r->arena, id, o, err) : JW_E_NOT_FOUND;
  if (rc != JW_OK && rc != JW_E_NOT_FOUND) return rc;
  if (rc == JW_OK && jw_appt_may_work(r->user, o)) return JW_OK;
  jw_error_clear(err);
  return jw_fail(err, JW_E_NOT_FOUND, "There is no officer %lld at your desk.", (long long)id);
}

static enum jw_code desk_audit_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  (void)c;
  struct jw_req *r = arg;
  return jw_audit(r, "appointment.desk_view", "officer", jw_param_id(r, 0), err, "%s", "citizens' names");
}

enum jw_code jw_appt_api_desk(struct jw_req *r, struct jw_error *err) {
  struct jw_appt_officer o;
  if (worked_officer(r, &o, err) != JW_OK) return err->code;
  int tz = r->app->cfg.tz_offset_min;
  struct jw_date from = jw_date_of_time((int64_t)time(NULL), tz);
  const char *q = jw_query(r, "from");
  if (q && jw_date_parse(q, &from) != 0) jw_field_fail(err, "from", "must be a date YYYY-MM-DD");
  int64_t days = 7;
  q = jw_query(r, "days");
  if (q) {
    char *end = NULL;
    long long v = strtoll(q, &end, 10);
    if (!*q || *end || v < 1 || v > 31)
      jw_field_fail(err, "days", "must be a whole number from 1 to 31");
    else
      days = v;
  }
  if (err->nfields) return JW_E_VALIDATION;
  int64_t lo = (int64_t)jw_date_midnight(from, tz);
  int64_t hi = (int64_t)jw_date_midnight(jw_date_add_days(from, (int)days), tz);
  struct jw_appt *rows = NULL;
  size_t n = 0;
  if (jw_appt_of_officer(r->db, r->arena, o.id, lo, hi, &rows, &n, err) != JW_OK) return err->code;
  /* The list names the citizens: like every such staff read, it is audited. */
  if (jw_tx(r->db, desk_audit_tx, r, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(items, jw_appt_json(r, &rows[i], 1));
  char d[11];
  jw_date_format(from, d);
  jw_reply_json(r, 200,
                json_pack("{s:o, s:s, s:I, s:o}", "officer", jw_appt_officer_json(&o), "from", d, "days",
                          (json_int_t)days, "items", items));
  return JW_OK;
}

enum jw_code jw_appt_api_my_desk(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_community_officer_of(r->db, r->user->id, err);
  if (id < 0) return err->code;
  struct jw_appt_officer o;
  if (id && jw_appt_officer(r->db, r->arena, id, &o, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, json_pack("{s:o}", "officer", id ? jw_appt_officer_json(&o) : json_null()));
  return JW_OK;
}

/* ---- office hours ---- */

static json_t *hours_json(const struct jw_appt_officer *o, const struct jw_appt_hours *h, size_t n) {
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(
        items, json_pack("{s:i, s:I, s:I, s:I, s:I}", "weekday", h[i].weekday, "open_min", (json_int_t)h[i].open_min,
                         "close_min", (json_int_t)h[i].close_min, "slot_min", (json_int_t)h[i].slot_min, "capacity",
                         (json_int_t)h[i].capacity));
  return json_pack("{s:I, s:b, s:o}", "officer_id", (json_int_t)o->id, "accepts_appointments", o->accepts, "hours",
                   items);
}

enum jw_code jw_appt_api_hours(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  struct jw_appt_officer o;
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such officer.");
  if (jw_appt_officer(r->db, r->arena, id, &o, err) != JW_OK) return err->code;
  struct jw_appt_hours h[7];
  size_t n = 0;
  if (jw_appt_hours_get(r->db, id, h, &n, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, hours_json(&o, h, n));
  return JW_OK;
}

enum jw_code jw_appt_api_hours_put(struct jw_req *r, struct jw_error *err) {
  if (!r->body || !json_is_object(r->body)) return jw_fail(err, JW_E_BAD_JSON, "Send the office hours as JSON.");
  int accepts = 0;
  const struct jw_field f[] = {{"accepts_appointments", JS_BOOL, JS_REQUIRED, 0, 0, &accepts, NULL, NULL}};
  json_t *rest = json_copy(r->body); /* shallow */
  json_object_del(rest, "hours");    /* an array of objects: checked below */
  enum jw_code rc0 = jw_json_fields(rest, f, 1, err);
  json_decref(rest);
  if (rc0 != JW_OK) return rc0;
  json_t *list = json_object_get(r->body, "hours");
  if (!json_is_array(list) || json_array_size(list) > 7) {
    jw_field_fail(err, "hours", "must be an array of at most 7 weekdays");
    return JW_E_VALIDATION;
  }
  struct jw_appt_hours h[7];
  size_t n = 0, i;
  json_t *x;
  unsigned seen = 0;
  json_array_foreach(list, i, x) {
    int64_t wd = 0, open = 0, close = 0, len = 0, cap = 0;
    const struct jw_field g[] = {
        {"weekday", JS_INT, JS_REQUIRED, 0, 6, &wd, NULL, NULL},
        {"open_min", JS_INT, JS_REQUIRED, 0, 1439, &open, NULL, NULL},
        {"close_min", JS_INT, JS_REQUIRED, 1, 1440, &close, NULL, NULL},
        {"slot_min", JS_INT, JS_REQUIRED, 10, 240, &len, NULL, NULL},
        {"capacity", JS_INT, JS_REQUIRED, 1, 20, &cap, NULL, NULL},
    };
    if (!json_is_object(x)) {
      jw_field_fail(err, "hours", "must hold objects");
      return JW_E_VALIDATION;
    }
    if (jw_json_fields(x, g, 5, err) != JW_OK) return err->code;
    if (close < open + len) {
      jw_field_fail(err, "hours", "weekday %lld closes before its first slot ends", (long long)wd);
      return JW_E_VALIDATION;
    }
    if (seen & (1u << wd)) {
      jw_field_fail(err, "hours", "weekday %lld appears twice", (long long)wd);
      return JW_E_VALIDATION;
    }
    seen |= 1u << wd;
    h[n++] = (struct jw_appt_hours){(int)wd, open, close, len, cap};
  }
  struct jw_appt_officer o;
  if (worked_officer(r, &o, err) != JW_OK) return err->code;
  const struct jw_appt_actor who = {r->user, r->ip};
  if (jw_appt_hours_put(r->db, o.id, h, n, accepts, &who, err) != JW_OK) return err->code;
  o.accepts = accepts;
  jw_reply_json(r, 200, hours_json(&o, h, n));
  return JW_OK;
}

enum jw_code jw_appt_api_exception(struct jw_req *r, struct jw_error *err) {
  struct jw_appt_officer o;
  if (worked_officer(r, &o, err) != JW_OK) return err->code;
  const char *day = r->nparams > 1 ? r->params[1] : "";
  struct jw_date d;
  if (jw_date_parse(day, &d) != 0) return jw_fail(err, JW_E_NOT_FOUND, "%s is not a date.", "The day");
  int closed = 0;
  const char *note = NULL;
  const struct jw_field f[] = {
      {"closed", JS_BOOL, JS_REQUIRED, 0, 0, &closed, NULL, NULL},
      {"note", JS_STR, JS_NULLABLE, 0, 200, &note, NULL, NULL},
  };
  if (!r->body || !json_is_object(r->body)) return jw_fail(err, JW_E_BAD_JSON, "Send the exception as JSON.");
  if (jw_json_fields(r->body, f, 2, err) != JW_OK) return err->code;
  char norm[11];
  jw_date_format(d, norm);
  const struct jw_appt_actor who = {r->user, r->ip};
  if (jw_appt_exception_put(r->db, o.id, norm, closed, note, &who, err) != JW_OK) return err->code;
  jw_reply_json(r, 200,
                json_pack("{s:I, s:s, s:b, s:s}", "officer_id", (json_int_t)o.id, "day", norm, "closed", closed, "note",
                          note ? note : ""));
  return JW_OK;
}
