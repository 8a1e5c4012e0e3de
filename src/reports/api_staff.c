/* api_staff.c — the portal's form and "my reports", and the console's queue
 * and actions (JSON under /api/v1; problem+json errors). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/jspec.h"
#include "core/validate.h"
#include "reports/api.h"
#include "reports/reports.h"
#include "uploads/uploads.h"

static json_t *deg(int has, int64_t e6) { return has ? json_real((double)e6 / 1e6) : json_null(); }

/* The report as the reporter and staff see it; staff also get the contact data and triage. */
static json_t *report_json(struct jw_req *r, const struct jw_report *p, int staff) {
  const struct jw_report_service *s = jw_report_service_find(p->service_code);
  json_t *attrs = json_loads(p->attributes, 0, NULL);
  json_t *o =
      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id",
                (json_int_t)p->id, "service_code", p->service_code, "service_name", s ? s->name : p->service_code,
                "state", jw_report_state_names[p->state], "status", p->state == JW_RS_CLOSED ? "closed" : "open",
                "description", p->description, "attributes", attrs ? attrs : json_object(), "address", p->address,
                "lat", deg(p->has_location, p->lat_e6), "long", deg(p->has_location, p->lng_e6), "status_notes",
                p->status_notes, "agency_responsible", p->agency, "media_url", p->media_url, "requested_at",
                jw_time_json(r, p->requested_at), "updated_at", jw_time_json(r, p->updated_at), "expected_at",
                jw_time_json(r, p->expected_at), "closed_at", jw_time_json(r, p->closed_at));
  if (o) json_object_set_new(o, "photo", json_boolean(p->upload_id != 0));
  if (staff && o) {
    json_object_set_new(o, "source", json_string(p->source));
    json_object_set_new(o, "unit_id", json_integer(p->unit_id));
    json_object_set_new(o, "routed_by", json_string(p->routed_by));
    json_object_set_new(o, "grid_id", p->grid_id ? json_integer(p->grid_id) : json_null());
    json_object_set_new(o, "officer_id", p->officer_id ? json_integer(p->officer_id) : json_null());
    json_object_set_new(o, "officer_name", json_string(p->officer_name));
    json_object_set_new(o, "hotspot_id", p->hotspot_id ? json_integer(p->hotspot_id) : json_null());
    json_object_set_new(o, "hotspot_name", json_string(p->hotspot_name));
    json_object_set_new(o, "reporter",
                        json_pack("{s:b, s:s, s:s, s:s, s:s}", "signed_in", p->user_id != 0, "first_name",
                                  p->first_name, "last_name", p->last_name, "email", p->email, "phone", p->phone));
  }
  return o;
}

enum jw_code jw_reports_api_create(struct jw_req *r, struct jw_error *err) {
  if (!r->body || !json_is_object(r->body)) return jw_fail(err, JW_E_BAD_JSON, "Send the report as a JSON object.");
  json_t *body = json_copy(r->body);
  jw_arena_defer(r->arena, (void (*)(void *))json_decref, body);
  json_t *attrs = json_incref(json_object_get(body, "attributes"));
  json_object_del(body, "attributes");
  if (attrs) jw_arena_defer(r->arena, (void (*)(void *))json_decref, attrs);
  int code = -1;
  double lat = 0, lng = 0;
  int has_lat = 0, has_lng = 0;
  struct jw_report_new in = {.source = "portal", .ip = r->ip, .user_id = r->user->id};
  static const char *codes[16];
  if (!codes[0])
    for (int i = 0; i < jw_report_nservices && i < 15; i++) codes[i] = jw_report_services[i].code;
  const struct jw_field f[] = {
      {"service_code", JS_ENUM, JS_REQUIRED, 0, 0, &code, codes, NULL},
      {"description", JS_STR, JS_REQUIRED | JS_MULTILINE, 5, JW_REPORT_DESC_MAX, &in.description, NULL, NULL},
      {"lat", JS_NUM, JS_NULLABLE, -90, 90, &lat, NULL, &has_lat},
      {"long", JS_NUM, JS_NULLABLE, -180, 180, &lng, NULL, &has_lng},
      {"address_string", JS_STR, 0, 0, JW_REPORT_FIELD_MAX, &in.address, NULL, NULL},
      {"media_url", JS_STR, 0, 0, JW_REPORT_FIELD_MAX, &in.media_url, NULL, NULL},
      {"upload_id", JS_INT, JS_NULLABLE, 1, INT64_MAX, &in.upload_id, NULL, NULL},
  };
  if (jw_json_fields(body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  const struct jw_report_service *svc = &jw_report_services[code];
  in.service_code = svc->code;
  if (has_lat != has_lng) {
    jw_field_fail(err, has_lat ? "long" : "lat", "send lat and long together");
    return JW_E_VALIDATION;
  }
  if (has_lat) {
    in.has_location = 1;
    in.lat_e6 = (int64_t)(lat * 1e6 + (lat < 0 ? -0.5 : 0.5));
    in.lng_e6 = (int64_t)(lng * 1e6 + (lng < 0 ? -0.5 : 0.5));
  }
  if (!in.address) in.address = "";
  if (!in.media_url) in.media_url = "";
  if (in.media_url[0] && strncmp(in.media_url, "/api/v1/", 8) != 0 && strncmp(in.media_url, "https://", 8) != 0) {
    jw_field_fail(err, "media_url", "must be an https address");
    return JW_E_VALIDATION;
  }
  if (!in.has_location && !in.address[0]) {
    jw_field_fail(err, "address_string", "give the place: the map location or an address");
    return JW_E_VALIDATION;
  }
  json_t *clean = json_object();
  jw_arena_defer(r->arena, (void (*)(void *))json_decref, clean);
  if (attrs && !json_is_object(attrs)) {
    jw_field_fail(err, "attributes", "must be an object of attribute codes and values");
    return JW_E_VALIDATION;
  }
  for (int k = 0; k < svc->nattrs; k++) {
    const struct jw_report_attr *def = &svc->attrs[k];
    json_t *v = attrs ? json_object_get(attrs, def->code) : NULL;
    if (!v || json_is_null(v) || (json_is_string(v) && !json_string_value(v)[0])) {
      if (def->required) {
        jw_field_fail(err, jw_arena_printf(r->arena, "attributes.%s", def->code), "is required");
        return JW_E_VALIDATION;
      }
      continue;
    }
    const char *p = json_is_string(v) ? jw_report_attr_problem(def, json_string_value(v)) : "must be a string";
    if (p) {
      jw_field_fail(err, jw_arena_printf(r->arena, "attributes.%s", def->code), "%s", p);
      return JW_E_VALIDATION;
    }
    json_object_set(clean, def->code, v);
  }
  if (attrs && json_object_size(attrs) > json_object_size(clean)) {
    const char *k;
    json_t *v;
    json_object_foreach(attrs, k, v) {
      if (!json_object_get(clean, k) && !json_is_null(v) && !(json_is_string(v) && !json_string_value(v)[0])) {
        jw_field_fail(err, "attributes", "holds an attribute this service does not have");
        return JW_E_VALIDATION;
      }
    }
  }
  char *text = json_dumps(clean, JSON_COMPACT | JSON_SORT_KEYS);
  in.attributes = text ? jw_arena_strdup(r->arena, text) : "{}";
  free(text);
  int64_t id;
  const char *token;
  if (jw_report_create(r->db, r->arena, &in, &id, &token, err) != JW_OK) return err->code;
  jw_reply_json(r, 201,
                json_pack("{s:s, s:s, s:s}", "service_request_id", jw_arena_printf(r->arena, "%lld", (long long)id),
                          "token", token, "status", "open"));
  return JW_OK;
}

static enum jw_code reply_page(struct jw_req *r, struct jw_report *rows, size_t n, int64_t next, int staff) {
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(items, report_json(r, &rows[i], staff));
  jw_reply_json(r, 200, jw_page_json(items, next));
  return JW_OK;
}

enum jw_code jw_reports_api_mine(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  struct jw_report *rows;
  size_t n;
  int64_t next;
  if (jw_report_mine(r->db, r->arena, r->user->id, limit, cursor, &rows, &n, &next, err) != JW_OK) return err->code;
  return reply_page(r, rows, n, next, 0);
}

enum jw_code jw_reports_api_queue(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  const char *st = jw_query(r, "state");
  int state = -1;
  if (st && strcmp(st, "all") == 0)
    state = JW_RS__MAX;
  else if (st && strcmp(st, "active") != 0 && (state = jw_report_state_parse(st)) < 0) {
    jw_field_fail(err, "state", "must be active, all, new, accepted, assigned, answered or closed");
    return JW_E_VALIDATION;
  }
  struct jw_report *rows;
  size_t n;
  int64_t next;
  if (jw_report_queue(r->db, r->arena, r->user, state, limit, cursor, &rows, &n, &next, err) != JW_OK) return err->code;
  return reply_page(r, rows, n, next, 1);
}

enum jw_code jw_reports_api_get(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  struct jw_report p;
  if (id <= 0) return jw_fail(err, JW_E_NOT_FOUND, "There is no such report.");
  if (r->user->role != JW_ROLE_CITIZEN &&
      !(JW_BIT(r->user->role) & (JW_BIT(JW_ROLE_AUXILIARY) | JW_BIT(JW_ROLE_OFFICER) | JW_BIT(JW_ROLE_STATION_CHIEF) |
                                 JW_BIT(JW_ROLE_UNIT_ADMIN))))
    return jw_fail(err, JW_E_FORBIDDEN, "Citizen reports are worked by community police.");
  if (jw_report_get(r->db, r->arena, id, &p, err) != JW_OK) return err->code;
  int staff = jw_report_in_scope(r->user, &p);
  int owner = r->user->role == JW_ROLE_CITIZEN && p.user_id == r->user->id;
  if (!staff && !owner) return jw_fail(err, JW_E_NOT_FOUND, "There is no report %lld.", (long long)id);
  /* Staff see the reporter's contact data: every such read is audited. */
  int contact = p.user_id || p.email[0] || p.phone[0] || p.first_name[0] || p.last_name[0];
  if (staff && contact && jw_report_audit_read(r->db, r->user, id, r->ip, err) != JW_OK) return err->code;
  struct jw_report_event *ev;
  size_t n;
  if (jw_report_events(r->db, r->arena, id, !staff, &ev, &n, err) != JW_OK) return err->code;
  json_t *o = report_json(r, &p, staff);
  json_t *events = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(events, json_pack("{s:I, s:s, s:s, s:b, s:s, s:o}", "id", (json_int_t)ev[i].id, "action",
                                            ev[i].action, "body", ev[i].body, "public", ev[i].public_, "actor",
                                            staff ? ev[i].actor : "", "at", jw_time_json(r, ev[i].at)));
  if (o)
    json_object_set_new(o, "events", events);
  else
    json_decref(events);
  jw_reply_json(r, 200, o);
  return JW_OK;
}

enum jw_code jw_reports_api_photo(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  struct jw_report p;
  struct jw_report_photo ph;
  if (id <= 0 || jw_report_get(r->db, r->arena, id, &p, err) != JW_OK)
    return err->code ? err->code : jw_fail(err, JW_E_NOT_FOUND, "There is no such report.");
  int owner = r->user->role == JW_ROLE_CITIZEN && p.user_id == r->user->id;
  if (!owner && !jw_report_in_scope(r->user, &p))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no report %lld.", (long long)id);
  if (jw_report_photo(r->db, r->arena, &p, &ph, err) != JW_OK) return err->code;
  const void *data;
  if (jw_upload_read(r->arena, r->app->cfg.upload_dir, ph.sha256, ph.size, &data, err) != JW_OK) return err->code;
  jw_reply_bytes(r, 200, ph.type, data, (size_t)ph.size);
  jw_reply_header(r, "Cache-Control", "private, no-store");
  return JW_OK;
}

enum jw_code jw_reports_api_act(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (id <= 0) return jw_fail(err, JW_E_NOT_FOUND, "There is no such report.");
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the action as JSON.");
  int action = -1;
  const char *expected = NULL;
  struct jw_report_act act = {.body = "", .ip = r->ip};
  const struct jw_field f[] = {
      {"action", JS_ENUM, JS_REQUIRED, 0, 0, &action, jw_report_action_names, NULL},
      {"body", JS_STR, JS_MULTILINE, 0, JW_REPORT_DESC_MAX, &act.body, NULL, NULL},
      {"officer_id", JS_INT, 0, 1, INT64_MAX, &act.officer_id, NULL, NULL},
      {"hotspot_id", JS_INT, JS_NULLABLE, 0, INT64_MAX, &act.hotspot_id, NULL, NULL},
      {"expected_date", JS_STR, 0, 10, 10, &expected, NULL, NULL},
  };
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  act.action = (enum jw_report_action)action;
  if (expected) {
    struct jw_date d;
    if (jw_date_parse(expected, &d) != 0) {
      jw_field_fail(err, "expected_date", "must be a date YYYY-MM-DD");
      return JW_E_VALIDATION;
    }
    act.expected_at = jw_date_midnight(d, r->app->cfg.tz_offset_min) + 86399;
  }
  if (jw_report_apply(r->db, r->arena, r->user, id, &act, err) != JW_OK) return err->code;
  struct jw_report p;
  if (jw_report_get(r->db, r->arena, id, &p, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, report_json(r, &p, 1));
  return JW_OK;
}

enum jw_code jw_reports_api_key(struct jw_req *r, struct jw_error *err) {
  const char *name = NULL;
  const struct jw_field f[] = {{"name", JS_STR, JS_REQUIRED, 1, 60, &name, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send {\"name\": …} as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  int64_t id;
  const char *key;
  if (jw_report_client_add(r->db, r->arena, r->user, name, r->ip, &id, &key, err) != JW_OK) return err->code;
  jw_reply_json(r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", name, "api_key", key));
  return JW_OK;
}
