/* api.c — the hotspots' handlers: request → field spec → hotspots.h → JSON.
 * The public JSON (public_json) carries numbers and the unit's name only;
 * the staff JSON adds the record's internals. */
#include "hotspots/api.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "core/jspec.h"
#include "core/mem.h"
#include "core/validate.h"
#include "hotspots/hotspots.h"

static struct jw_hotspot_ctx ctx(struct jw_req *r) {
  struct jw_hotspot_ctx x = {r->db, r->arena, r->user, r->ip, r->app->cfg.tz_offset_min};
  return x;
}

static json_t *date_or_null(const char *d) { return d && *d ? json_string(d) : json_null(); }

static json_t *totals_json(const struct jw_hotspot_totals *t) {
  return json_pack("{s:I, s:I, s:I, s:I, s:i}", "cases", (json_int_t)t->cases, "arrests", (json_int_t)t->arrests,
                   "seizures", (json_int_t)t->seizures, "measures", (json_int_t)t->measures, "reports", t->reports);
}

/* The fields everyone may see: no people, the unit's name only. */
static json_t *public_json(struct jw_req *r, const struct jw_hotspot *h) {
  char now[11];
  jw_local_date((long long)time(NULL), r->app->cfg.tz_offset_min, now);
  int months = h->listed_on[0] ? jw_hotspot_months_between(h->listed_on, h->delisted_on[0] ? h->delisted_on : now) : 0;
  json_t *o =
      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)h->id, "name", h->name, "place",
                h->place, "kind", h->kind, "problems", h->problems, "unit_name", h->unit_name, "listed_level",
                h->listed_level, "campaign", h->campaign, "status", jw_hotspot_status_names[h->status]);
  json_object_set_new(o, "listed_on", date_or_null(h->listed_on));
  json_object_set_new(o, "deadline", date_or_null(h->deadline));
  json_object_set_new(o, "delisted_on", date_or_null(h->delisted_on));
  json_object_set_new(o, "months_under_rectification", json_integer(months));
  json_object_set_new(o, "results", totals_json(&h->totals));
  return o;
}

static json_t *staff_json(struct jw_req *r, const struct jw_hotspot *h) {
  json_t *o = public_json(r, h);
  json_object_set_new(o, "unit_id", json_integer(h->unit_id));
  json_object_set_new(o, "lat_e6", h->has_location ? json_integer(h->lat_e6) : json_null());
  json_object_set_new(o, "lng_e6", h->has_location ? json_integer(h->lng_e6) : json_null());
  json_object_set_new(o, "created_at", jw_time_json(r, h->created_at));
  json_object_set_new(o, "updated_at", jw_time_json(r, h->updated_at));
  return o;
}

/* A month's figures; with_text adds the summary, who filed it and when (staff). */
static json_t *report_json(struct jw_req *r, const struct jw_hotspot_report *p, int with_text) {
  json_t *o =
      json_pack("{s:s, s:I, s:I, s:I, s:I}", "month", p->month, "cases", (json_int_t)p->cases, "arrests",
                (json_int_t)p->arrests, "seizures", (json_int_t)p->seizures, "measures", (json_int_t)p->measures);
  if (with_text) {
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "summary", json_string(p->summary));
    json_object_set_new(o, "reporter_name", json_string(p->reporter_name));
    json_object_set_new(o, "created_at", jw_time_json(r, p->created_at));
  }
  return o;
}

enum jw_code jw_hot_api_public_list(struct jw_req *r, struct jw_error *err) {
  static const char *const known[] = {"status", "campaign", "limit", "cursor", NULL};
  if (jw_query_only(r, known, err) != JW_OK) return err->code; /* the public lists' rule: an unknown parameter is 422 */
  int64_t limit, cursor;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  const char *status = jw_query(r, "status"), *campaign = jw_query(r, "campaign");
  int delisted = status && strcmp(status, "delisted") == 0;
  if (status && !delisted && strcmp(status, "listed") != 0) jw_field_fail(err, "status", "must be listed or delisted");
  if (campaign && jw_utf8_len(campaign, strlen(campaign)) > 60)
    jw_field_fail(err, "campaign", "must have at most 60 characters");
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_hotspot *v = NULL;
  size_t n = 0;
  if (jw_hotspots_public(r->db, r->arena, delisted, campaign && *campaign ? campaign : NULL, cursor, (int)limit + 1, &v,
                         &n, err) != JW_OK)
    return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n && i < (size_t)limit; i++) json_array_append_new(items, public_json(r, &v[i]));
  jw_reply_json(r, 200, jw_page_json(items, n > (size_t)limit ? cursor + limit : 0));
  return JW_OK;
}

enum jw_code jw_hot_api_public_get(struct jw_req *r, struct jw_error *err) {
  struct jw_hotspot h;
  struct jw_hotspot_report *reports = NULL;
  size_t n = 0;
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such hotspot.");
  if (jw_hotspot_public_get(r->db, r->arena, id, &h, &reports, &n, err) != JW_OK) return err->code;
  json_t *o = public_json(r, &h), *months = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(months, report_json(r, &reports[i], 0));
  json_object_set_new(o, "months", months);
  jw_reply_json(r, 200, o);
  return JW_OK;
}

/* A query parameter that must be one of choices (or absent): *out the
 * choice; a field error otherwise. */
static void choice_query(struct jw_req *r, const char *name, const char *const *choices, const char **out,
                         struct jw_error *err) {
  const char *v = jw_query(r, name);
  *out = NULL;
  if (!v || !*v) return;
  for (int i = 0; choices[i]; i++)
    if (strcmp(v, choices[i]) == 0) {
      *out = choices[i];
      return;
    }
  jw_field_fail(err, name, "is not one of the known values");
}

enum jw_code jw_hot_api_search(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  struct jw_hotspot_filter f = {0};
  choice_query(r, "status", jw_hotspot_status_names, &f.status, err);
  choice_query(r, "kind", jw_hotspot_kinds, &f.kind, err);
  f.campaign = jw_query(r, "campaign");
  f.q = jw_query(r, "q");
  if (f.campaign && jw_utf8_len(f.campaign, strlen(f.campaign)) > 60)
    jw_field_fail(err, "campaign", "must have at most 60 characters");
  if (f.q && jw_utf8_len(f.q, strlen(f.q)) > 60) jw_field_fail(err, "q", "must have at most 60 characters");
  if (err->nfields) return JW_E_VALIDATION;
  if (f.campaign && !*f.campaign) f.campaign = NULL;
  struct jw_hotspot_ctx x = ctx(r);
  struct jw_hotspot *v = NULL;
  size_t n = 0;
  if (jw_hotspots_search(&x, &f, cursor, (int)limit + 1, &v, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n && i < (size_t)limit; i++) json_array_append_new(items, staff_json(r, &v[i]));
  jw_reply_json(r, 200, jw_page_json(items, n > (size_t)limit ? cursor + limit : 0));
  return JW_OK;
}

/* Replies status with the staff record of hotspot id (timeline, reports, checks, actions). */
static enum jw_code reply_record(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_hotspot_ctx x = ctx(r);
  struct jw_hotspot h;
  struct jw_hotspot_detail d;
  if (jw_hotspot_load(&x, id, &h, err) != JW_OK) return err->code;
  if (jw_hotspot_detail(&x, &h, &d, err) != JW_OK) return err->code;
  json_t *o = staff_json(r, &h), *events = json_array(), *reports = json_array(), *checks = json_array(),
         *actions = json_array();
  for (size_t i = 0; i < d.nevents; i++) {
    const struct jw_hotspot_event *e = &d.events[i];
    json_array_append_new(events, json_pack("{s:o, s:s, s:o, s:s, s:s, s:s}", "at", jw_time_json(r, e->at), "event",
                                            e->event, "from", e->from ? json_string(e->from) : json_null(), "to", e->to,
                                            "actor_name", e->actor_name, "note", e->note));
  }
  for (size_t i = 0; i < d.nreports; i++) json_array_append_new(reports, report_json(r, &d.reports[i], 1));
  for (size_t i = 0; i < d.nchecks; i++) {
    const struct jw_hotspot_check *k = &d.checks[i];
    json_array_append_new(checks, json_pack("{s:I, s:s, s:b, s:s, s:s, s:o}", "id", (json_int_t)k->id, "checked_on",
                                            k->checked_on, "passed", k->passed, "findings", k->findings, "checker_name",
                                            k->checker_name, "created_at", jw_time_json(r, k->created_at)));
  }
  for (int i = 0; d.actions[i]; i++) json_array_append_new(actions, json_string(d.actions[i]));
  json_object_set_new(o, "events", events);
  json_object_set_new(o, "reports", reports);
  json_object_set_new(o, "checks", checks);
  json_object_set_new(o, "actions", actions);
  jw_reply_json(r, status, o);
  return JW_OK;
}

enum jw_code jw_hot_api_get(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such hotspot that you may see.");
  return reply_record(r, id, 200, err);
}

/* The body of a create or an update into *in; absent optional fields keep
 * what in holds. */
static enum jw_code hotspot_input(struct jw_req *r, struct jw_hotspot_in *in, int create, struct jw_error *err) {
  int kind = -1, level = -1, has_lat = 0, has_lng = 0;
  int64_t lat = 0, lng = 0;
  const struct jw_field f[] = {
      {"name", JS_STR, JS_REQUIRED, 1, 60, &in->name, NULL, NULL},
      {"place", JS_STR, JS_REQUIRED, 1, 200, &in->place, NULL, NULL},
      {"kind", JS_ENUM, JS_REQUIRED, 0, 0, &kind, jw_hotspot_kinds, NULL},
      {"problems", JS_STR, JS_MULTILINE, 0, 2000, &in->problems, NULL, NULL},
      {"listed_level", JS_ENUM, 0, 0, 0, &level, jw_hotspot_levels, NULL},
      {"campaign", JS_STR, 0, 0, 60, &in->campaign, NULL, NULL},
      {"lat_e6", JS_INT, JS_NULLABLE, 3000000, 54000000, &lat, NULL, &has_lat},
      {"lng_e6", JS_INT, JS_NULLABLE, 73000000, 136000000, &lng, NULL, &has_lng},
      {"unit_id", JS_INT, 0, 1, INT64_MAX, &in->unit_id, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the hotspot as JSON.");
  if (jw_json_fields(r->body, f, create ? 9 : 8, err) != JW_OK) return err->code;
  if (has_lat != has_lng) {
    jw_field_fail(err, "lat_e6", "lat_e6 and lng_e6 go together");
    return err->code;
  }
  in->kind = jw_hotspot_kinds[kind];
  if (level >= 0) in->listed_level = jw_hotspot_levels[level];
  if (has_lat || json_object_get(r->body, "lat_e6")) {
    in->has_location = has_lat;
    in->lat_e6 = lat;
    in->lng_e6 = lng;
  }
  return JW_OK;
}

enum jw_code jw_hot_api_create(struct jw_req *r, struct jw_error *err) {
  struct jw_hotspot_in in = {.listed_level = "station", .problems = "", .campaign = ""};
  if (hotspot_input(r, &in, 1, err) != JW_OK) return err->code;
  struct jw_hotspot_ctx x = ctx(r);
  int64_t id;
  if (jw_hotspot_create(&x, &in, &id, err) != JW_OK) return err->code;
  return reply_record(r, id, 201, err);
}

enum jw_code jw_hot_api_update(struct jw_req *r, struct jw_error *err) {
  struct jw_hotspot_ctx x = ctx(r);
  struct jw_hotspot h;
  int64_t id = jw_param_id(r, 0);
  if (jw_hotspot_load(&x, id, &h, err) != JW_OK) return err->code;
  struct jw_hotspot_in in = {.listed_level = h.listed_level,
                             .problems = h.problems,
                             .campaign = h.campaign,
                             .has_location = h.has_location,
                             .lat_e6 = h.lat_e6,
                             .lng_e6 = h.lng_e6};
  if (hotspot_input(r, &in, 0, err) != JW_OK) return err->code;
  if (jw_hotspot_update(&x, id, &in, err) != JW_OK) return err->code;
  return reply_record(r, id, 200, err);
}

enum jw_code jw_hot_api_transition(struct jw_req *r, struct jw_error *err) {
  struct jw_hotspot_move m = {0};
  const struct jw_field f[] = {
      {"event", JS_STR, JS_REQUIRED, 1, 20, &m.event, NULL, NULL},
      {"note", JS_STR, JS_MULTILINE | JS_NULLABLE, 0, 500, &m.note, NULL, NULL},
      {"deadline", JS_STR, JS_NULLABLE, 10, 10, &m.deadline, NULL, NULL},
      {"listed_on", JS_STR, JS_NULLABLE, 10, 10, &m.listed_on, NULL, NULL},
      {"campaign", JS_STR, JS_NULLABLE, 0, 60, &m.campaign, NULL, NULL},
      {"findings", JS_STR, JS_MULTILINE | JS_NULLABLE, 1, 1000, &m.findings, NULL, NULL},
      {"checked_on", JS_STR, JS_NULLABLE, 10, 10, &m.checked_on, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send {\"event\": …} as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  struct jw_hotspot_ctx x = ctx(r);
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such hotspot that you may see.");
  if (jw_hotspot_fire(&x, id, &m, err) != JW_OK) return err->code;
  return reply_record(r, id, 200, err);
}

enum jw_code jw_hot_api_report(struct jw_req *r, struct jw_error *err) {
  struct jw_hotspot_report p = {0};
  const char *month = NULL;
  const struct jw_field f[] = {
      {"month", JS_STR, JS_REQUIRED, 7, 7, &month, NULL, NULL},
      {"cases", JS_INT, JS_REQUIRED, 0, 100000, &p.cases, NULL, NULL},
      {"arrests", JS_INT, JS_REQUIRED, 0, 100000, &p.arrests, NULL, NULL},
      {"seizures", JS_INT, JS_REQUIRED, 0, 100000, &p.seizures, NULL, NULL},
      {"measures", JS_INT, 0, 0, 100000, &p.measures, NULL, NULL},
      {"summary", JS_STR, JS_MULTILINE, 0, 2000, &p.summary, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the month's figures as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  snprintf(p.month, sizeof p.month, "%s", month);
  struct jw_hotspot_ctx x = ctx(r);
  int64_t id = jw_param_id(r, 0), rid = 0;
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such hotspot that you may see.");
  if (jw_hotspot_report_add(&x, id, &p, &rid, err) != JW_OK) return err->code;
  p.id = rid;
  p.reporter_name = r->user->name ? r->user->name : "";
  p.created_at = (int64_t)time(NULL);
  if (!p.summary) p.summary = "";
  jw_reply_json(r, 201, report_json(r, &p, 1));
  return JW_OK;
}
