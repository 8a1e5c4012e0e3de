/* api.c — the prevention bus's handlers: field spec → struct →
 * prevention.h → JSON. The public form is limited per client address:
 * JW_PREV_FREE_PER_HOUR requests an hour go through, more need the solution
 * of a proof-of-work challenge (auth/api.h; the browser solves it by
 * itself), and past JW_PREV_MAX_PER_DAY a day the address waits. */
#include "prevention/api.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/api.h"
#include "calendar/calendar.h"
#include "core/jspec.h"
#include "core/mem.h"
#include "core/validate.h"
#include "prevention/prevention.h"

static struct jw_prev_actor actor(struct jw_req *r) {
  return (struct jw_prev_actor){r->user, r->ip, r->arena, (int64_t)time(NULL), r->app->cfg.tz_offset_min};
}

static int is_police(const struct jw_user *u) {
  return u && (u->role == JW_ROLE_OFFICER || u->role == JW_ROLE_STATION_CHIEF || u->role == JW_ROLE_UNIT_ADMIN);
}

/* An event as JSON; staff (full) adds the officers, the request and the cancel reason. */
static json_t *event_json(struct jw_req *r, const struct jw_prev_event *e, int full) {
  json_t *j =
      json_pack("{s:I, s:{s:I, s:s}, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)e->id, "unit",
                "id", (json_int_t)e->unit_id, "name", e->unit_name, "day", e->day, "starts", e->starts, "ends", e->ends,
                "place", e->place, "org_kind", e->org_kind, "org_name", e->org_name, "topic", e->topic, "status",
                e->status, "visitors", e->visitors >= 0 ? json_integer(e->visitors) : json_null());
  if (j && full) {
    json_object_set_new(j, "officers", json_string(e->officers));
    json_object_set_new(j, "request_id", e->request_id ? json_integer(e->request_id) : json_null());
    json_object_set_new(j, "cancel_reason", json_string(e->cancel_reason));
    json_object_set_new(j, "created_at", jw_time_json(r, e->created_at));
  }
  return j;
}

static json_t *request_json(struct jw_req *r, const struct jw_prev_request *q) {
  const char *phone = is_police(r->user) ? q->phone : jw_mask_phone(r->arena, q->phone);
  json_t *j =
      json_pack("{s:I, s:{s:I, s:s}, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:o, s:o}", "id",
                (json_int_t)q->id, "unit", "id", (json_int_t)q->unit_id, "name", q->unit_name, "org_kind", q->org_kind,
                "org_name", q->org_name, "contact_name", q->contact_name, "phone", phone, "date_from", q->date_from,
                "date_to", q->date_to, "topic", q->topic, "audience", (json_int_t)q->audience, "note", q->note,
                "status", q->status, "decline_reason", q->decline_reason, "created_at", jw_time_json(r, q->created_at),
                "decided_at", q->decided_at ? jw_time_json(r, q->decided_at) : json_null());
  if (j) json_object_set_new(j, "event_id", q->event_id ? json_integer(q->event_id) : json_null());
  return j;
}

/* ?name= as a month "YYYY-MM" into out (default: this month in the bureau's zone). */
static void month_query(struct jw_req *r, const char *name, char out[8], struct jw_error *err) {
  const char *m = jw_query(r, name);
  if (!m) {
    char d[11];
    jw_local_date((long long)time(NULL), r->app->cfg.tz_offset_min, d);
    snprintf(out, 8, "%.7s", d);
  } else if (!jw_prev_month_ok(m)) {
    jw_field_fail(err, name, "must be a month like 2026-11");
  } else {
    snprintf(out, 8, "%s", m);
  }
}

/* ?status= checked against choices (NULL when absent). */
static const char *status_query(struct jw_req *r, const char *const *choices, const char *list, struct jw_error *err) {
  const char *s = jw_query(r, "status");
  if (!s) return NULL;
  for (int i = 0; choices[i]; i++)
    if (strcmp(s, choices[i]) == 0) return s;
  jw_field_fail(err, "status", "must be one of: %s", list);
  return NULL;
}

static enum jw_code reply_events(struct jw_req *r, int full, struct jw_error *err) {
  char month[8] = "";
  month_query(r, "month", month, err);
  const char *status = full ? status_query(r, jw_prev_event_statuses, "scheduled, held, cancelled", err) : NULL;
  if (err->nfields) return JW_E_VALIDATION;
  const struct jw_prev_actor who = actor(r);
  const struct jw_prev_actor anyone = {NULL, r->ip, r->arena, who.now, who.tz_offset_min};
  struct jw_prev_event *ev = NULL;
  size_t n = 0;
  if (jw_prev_event_month(r->db, full ? &who : &anyone, month, status, &ev, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(items, event_json(r, &ev[i], full));
  jw_reply_json(r, 200, json_pack("{s:s, s:o}", "month", month, "items", items));
  return JW_OK;
}

enum jw_code jw_prev_api_calendar(struct jw_req *r, struct jw_error *err) { return reply_events(r, 0, err); }
enum jw_code jw_prev_api_events(struct jw_req *r, struct jw_error *err) { return reply_events(r, 1, err); }

enum jw_code jw_prev_api_totals(struct jw_req *r, struct jw_error *err) {
  char to[8] = "", from[8] = "";
  month_query(r, "to", to, err);
  if (!jw_query(r, "from") && !err->nfields) {
    int y, m;
    sscanf(to, "%4d-%2d", &y, &m);
    unsigned k = (unsigned)(y * 12 + (m - 1) - 11);
    snprintf(from, sizeof from, "%04u-%02u", (k / 12) % 10000u, k % 12 + 1);
  } else {
    month_query(r, "from", from, err);
  }
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_prev_month *m = NULL;
  size_t n = 0;
  if (jw_prev_totals(r->db, r->arena, from, to, &m, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  int64_t held = 0, visitors = 0;
  for (size_t i = 0; i < n; i++) {
    held += m[i].held;
    visitors += m[i].visitors;
    json_array_append_new(
        items, json_pack("{s:s, s:I, s:I, s:I}", "month", m[i].month, "held", (json_int_t)m[i].held, "visitors",
                         (json_int_t)m[i].visitors, "scheduled", (json_int_t)m[i].scheduled));
  }
  jw_reply_json(r, 200,
                json_pack("{s:s, s:s, s:I, s:I, s:o}", "from", from, "to", to, "held", (json_int_t)held, "visitors",
                          (json_int_t)visitors, "items", items));
  return JW_OK;
}

/* The public form's limit: 1 when the request may go on, 0 when it was
 * answered (429), -1 on an error (err set). */
static int form_limit(struct jw_req *r, struct jw_error *err) {
  const char *day_key = jw_arena_printf(r->arena, "prev-req-day:%s", r->ip ? r->ip : "");
  const char *hour_key = jw_arena_printf(r->arena, "prev-req-hour:%s", r->ip ? r->ip : "");
  int64_t n = 0;
  int retry = 0;
  if (jw_rate_peek(r->db, day_key, 86400, &n, &retry, err) != JW_OK) return -1;
  if (n >= JW_PREV_MAX_PER_DAY) {
    err->retry_after = retry;
    jw_fail(err, JW_E_RATE_LIMITED,
            "Your address has sent many visit requests today; please try again tomorrow or call the police station.");
    return -1;
  }
  if (jw_rate_peek(r->db, hour_key, 3600, &n, &retry, err) != JW_OK) return -1;
  if (n >= JW_PREV_FREE_PER_HOUR) {
    const char *pow = jw_header(r, "X-PoW"), *why = NULL;
    int ok = pow ? jw_pow_accept(r, pow, JW_POW_BITS, &why, err) : 0;
    if (ok < 0) return -1;
    if (!ok) {
      err->retry_after = retry;
      jw_fail(err, JW_E_RATE_LIMITED,
              "Many visit requests came from your address: solve the attached challenge to send this one (your "
              "browser does it by itself).");
      jw_pow_reply(r, err, 0, why);
      return 0;
    }
  }
  return 1;
}

enum jw_code jw_prev_api_request(struct jw_req *r, struct jw_error *err) {
  struct jw_prev_new_request in = {0};
  int kind = -1;
  in.note = "";
  const struct jw_field f[] = {
      {"unit_id", JS_INT, JS_REQUIRED, 1, INT64_MAX / 2, &in.unit_id, NULL, NULL},
      {"org_kind", JS_ENUM, JS_REQUIRED, 0, 0, &kind, jw_prev_org_kinds, NULL},
      {"org_name", JS_STR, JS_REQUIRED, 2, 60, &in.org_name, NULL, NULL},
      {"contact_name", JS_STR, JS_REQUIRED, 1, 30, &in.contact_name, NULL, NULL},
      {"phone", JS_STR, JS_REQUIRED, 1, 20, &in.phone, NULL, NULL},
      {"date_from", JS_STR, JS_REQUIRED, 1, 10, &in.date_from, NULL, NULL},
      {"date_to", JS_STR, JS_REQUIRED, 1, 10, &in.date_to, NULL, NULL},
      {"topic", JS_STR, JS_REQUIRED, 2, 100, &in.topic, NULL, NULL},
      {"audience", JS_INT, JS_REQUIRED, 1, 100000, &in.audience, NULL, NULL},
      {"note", JS_STR, JS_MULTILINE, 0, 500, &in.note, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the request as JSON.");
  int go = form_limit(r, err);
  if (go <= 0) return go < 0 ? err->code : JW_OK;
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  in.org_kind = jw_prev_org_kinds[kind];
  const struct jw_prev_actor who = actor(r);
  int64_t id = 0;
  if (jw_prev_request_submit(r->db, &who, &in, &id, err) != JW_OK) return err->code;
  /* Counted once stored: a mistyped form costs nothing. */
  jw_rate_limit(r->db, jw_arena_printf(r->arena, "prev-req-hour:%s", r->ip ? r->ip : ""), 1 << 30, 3600, err);
  jw_rate_limit(r->db, jw_arena_printf(r->arena, "prev-req-day:%s", r->ip ? r->ip : ""), 1 << 30, 86400, err);
  jw_error_clear(err);
  jw_reply_json(
      r, 201,
      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "status", "pending", "org_name", in.org_name,
                "date_from", in.date_from, "date_to", in.date_to, "phone", jw_mask_phone(r->arena, in.phone)));
  return JW_OK;
}

enum jw_code jw_prev_api_requests(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor;
  const char *status = status_query(r, jw_prev_request_statuses, "pending, approved, declined", err);
  jw_page_params(r, &limit, &cursor, err);
  if (err->nfields) return JW_E_VALIDATION;
  const struct jw_prev_actor who = actor(r);
  struct jw_prev_request *q = NULL;
  size_t n = 0;
  if (jw_prev_request_list(r->db, &who, status, limit, cursor, &q, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  size_t shown = n > (size_t)limit ? (size_t)limit : n;
  for (size_t i = 0; i < shown; i++) json_array_append_new(items, request_json(r, &q[i]));
  jw_reply_json(r, 200, jw_page_json(items, n > (size_t)limit ? q[shown - 1].id : 0));
  return JW_OK;
}

static enum jw_code reply_request(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  const struct jw_prev_actor who = actor(r);
  struct jw_prev_request q;
  if (jw_prev_request_get(r->db, &who, id, &q, err) != JW_OK) return err->code;
  jw_reply_json(r, status, request_json(r, &q));
  return JW_OK;
}

static enum jw_code reply_event(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  const struct jw_prev_actor who = actor(r);
  struct jw_prev_event e;
  if (jw_prev_event_get(r->db, &who, id, &e, err) != JW_OK) return err->code;
  jw_reply_json(r, status, event_json(r, &e, 1));
  return JW_OK;
}

/* The id in the path, or 0 with err set to 404 (event: a bus event, else a request). */
static int64_t path_id(struct jw_req *r, int event, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (id) return id;
  if (event)
    jw_fail(err, JW_E_NOT_FOUND, "There is no bus event %.20s.", r->params[0]);
  else
    jw_fail(err, JW_E_NOT_FOUND, "There is no visit request %.20s.", r->params[0]);
  return 0;
}

enum jw_code jw_prev_api_request_get(struct jw_req *r, struct jw_error *err) {
  int64_t id = path_id(r, 0, err);
  return id ? reply_request(r, id, 200, err) : err->code;
}

/* Reads an event's fields from the body into ev (topic optional when approving). */
static enum jw_code event_fields(struct jw_req *r, struct jw_prev_new_event *ev, int approving, struct jw_error *err) {
  int kind = -1;
  const struct jw_field f[] = {
      {"day", JS_STR, JS_REQUIRED, 1, 10, &ev->day, NULL, NULL},
      {"starts", JS_STR, JS_REQUIRED, 1, 5, &ev->starts, NULL, NULL},
      {"ends", JS_STR, JS_REQUIRED, 1, 5, &ev->ends, NULL, NULL},
      {"place", JS_STR, JS_REQUIRED, 1, 100, &ev->place, NULL, NULL},
      {"officers", JS_STR, JS_REQUIRED, 1, 200, &ev->officers, NULL, NULL},
      {"topic", JS_STR, approving ? 0 : JS_REQUIRED, 2, 100, &ev->topic, NULL, NULL},
      {"org_kind", JS_ENUM, JS_REQUIRED, 0, 0, &kind, jw_prev_org_kinds, NULL},
      {"org_name", JS_STR, JS_REQUIRED, 2, 60, &ev->org_name, NULL, NULL},
      {"unit_id", JS_INT, 0, 1, INT64_MAX / 2, &ev->unit_id, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the event as JSON.");
  if (jw_json_fields(r->body, f, approving ? 6 : sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  if (!approving) ev->org_kind = jw_prev_org_kinds[kind];
  return JW_OK;
}

enum jw_code jw_prev_api_approve(struct jw_req *r, struct jw_error *err) {
  int64_t id = path_id(r, 0, err);
  if (!id) return err->code;
  struct jw_prev_new_event ev = {0};
  if (event_fields(r, &ev, 1, err) != JW_OK) return err->code;
  const struct jw_prev_actor who = actor(r);
  int64_t event_id = 0;
  if (jw_prev_request_approve(r->db, &who, id, &ev, &event_id, err) != JW_OK) return err->code;
  return reply_event(r, event_id, 201, err);
}

/* {reason} from the body into *reason. */
static enum jw_code reason_field(struct jw_req *r, const char **reason, struct jw_error *err) {
  const struct jw_field f[] = {{"reason", JS_STR, JS_REQUIRED, 1, 200, reason, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the reason as JSON.");
  return jw_json_fields(r->body, f, 1, err);
}

enum jw_code jw_prev_api_decline(struct jw_req *r, struct jw_error *err) {
  int64_t id = path_id(r, 0, err);
  const char *reason = NULL;
  if (!id || reason_field(r, &reason, err) != JW_OK) return err->code;
  const struct jw_prev_actor who = actor(r);
  if (jw_prev_request_decline(r->db, &who, id, reason, err) != JW_OK) return err->code;
  return reply_request(r, id, 200, err);
}

enum jw_code jw_prev_api_event_create(struct jw_req *r, struct jw_error *err) {
  struct jw_prev_new_event ev = {0};
  if (event_fields(r, &ev, 0, err) != JW_OK) return err->code;
  const struct jw_prev_actor who = actor(r);
  int64_t id = 0;
  if (jw_prev_event_create(r->db, &who, &ev, &id, err) != JW_OK) return err->code;
  return reply_event(r, id, 201, err);
}

enum jw_code jw_prev_api_event_get(struct jw_req *r, struct jw_error *err) {
  int64_t id = path_id(r, 1, err);
  return id ? reply_event(r, id, 200, err) : err->code;
}

enum jw_code jw_prev_api_held(struct jw_req *r, struct jw_error *err) {
  int64_t id = path_id(r, 1, err), visitors = -1;
  if (!id) return err->code;
  const struct jw_field f[] = {{"visitors", JS_INT, JS_REQUIRED, 0, 1000000, &visitors, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the visitors reached as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  const struct jw_prev_actor who = actor(r);
  if (jw_prev_event_held(r->db, &who, id, visitors, err) != JW_OK) return err->code;
  return reply_event(r, id, 200, err);
}

enum jw_code jw_prev_api_event_cancel(struct jw_req *r, struct jw_error *err) {
  int64_t id = path_id(r, 1, err);
  const char *reason = NULL;
  if (!id || reason_field(r, &reason, err) != JW_OK) return err->code;
  const struct jw_prev_actor who = actor(r);
  if (jw_prev_event_cancel(r->db, &who, id, reason, err) != JW_OK) return err->code;
  return reply_event(r, id, 200, err);
}
