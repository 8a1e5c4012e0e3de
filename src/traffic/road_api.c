/* road_api.c — the handlers of road conditions (交通路况): the public board
 * by district and the traffic police's segments and incidents (the rules
 * are road.c). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/jspec.h"
#include "traffic/api.h"
#include "traffic/traffic.h"

static int64_t minutes_ago(int64_t t, int64_t now) { return t > 0 && now > t ? (now - t) / 60 : 0; }

static json_t *segment_json(struct jw_req *r, const struct jw_road_segment *g, int64_t now) {
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:I}", "id", (json_int_t)g->id, "district", g->district, "road",
                   g->road, "section", g->section, "status", g->status, "note", g->note, "updated_at",
                   jw_time_json(r, g->updated_at), "updated_minutes_ago", (json_int_t)minutes_ago(g->updated_at, now));
}

static json_t *incident_json(struct jw_req *r, const struct jw_road_incident *k) {
  return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o}", "id", (json_int_t)k->id, "district", k->district,
                   "kind", k->kind, "place", k->place, "starts_at", jw_time_json(r, k->starts_at), "ends_at",
                   jw_time_json(r, k->ends_at), "detour", k->detour, "note", k->note, "created_at",
                   jw_time_json(r, k->created_at));
}

enum jw_code jw_road_api_board(struct jw_req *r, struct jw_error *err) {
  const char *district = jw_query(r, "district");
  if (district && (strlen(district) == 0 || strlen(district) > 60)) {
    jw_field_fail(err, "district", "must be a district name such as 椒江区");
    return JW_E_VALIDATION;
  }
  int64_t now = (int64_t)time(NULL);
  struct jw_road_board b;
  if (jw_road_board_get(r->db, district, now, r->arena, &b, err) != JW_OK) return err->code;
  json_t *districts = json_array(), *segs = json_array(), *incs = json_array();
  for (size_t i = 0; i < b.ndistricts; i++) json_array_append_new(districts, json_string(b.districts[i]));
  for (size_t i = 0; i < b.nsegments; i++) json_array_append_new(segs, segment_json(r, &b.segments[i], now));
  for (size_t i = 0; i < b.nincidents; i++) json_array_append_new(incs, incident_json(r, &b.incidents[i]));
  jw_reply_json(r, 200,
                json_pack("{s:o, s:o, s:o, s:o, s:o}", "districts", districts, "updated_at", jw_time_json(r, b.latest),
                          "updated_minutes_ago", b.latest ? json_integer(minutes_ago(b.latest, now)) : json_null(),
                          "segments", segs, "incidents", incs));
  return JW_OK;
}

/* ---- staff ---- */

static enum jw_code reply_segment(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_road_segment g;
  enum jw_code rc = jw_road_segment_get(r->db, id, r->arena, &g, err);
  if (rc != JW_OK) return rc;
  jw_reply_json(r, status, segment_json(r, &g, (int64_t)time(NULL)));
  return JW_OK;
}

enum jw_code jw_road_api_segment_create(struct jw_req *r, struct jw_error *err) {
  struct jw_road_segment_input in = {.status = -1};
  const struct jw_field f[] = {
      {"district", JS_STR, JS_REQUIRED, 2, 30, &in.district, NULL, NULL},
      {"road", JS_STR, JS_REQUIRED, 2, 60, &in.road, NULL, NULL},
      {"section", JS_STR, JS_NULLABLE, 0, 100, &in.section, NULL, NULL},
      {"status", JS_ENUM, JS_REQUIRED, 0, 0, &in.status, jw_road_statuses, NULL},
      {"note", JS_STR, JS_NULLABLE, 0, 200, &in.note, NULL, NULL},
  };
  if (jw_traffic_staff(r->db, r->user, err) != JW_OK) return err->code;
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the road segment as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  const struct jw_traffic_actor who = {r->user, r->ip};
  int64_t id = 0;
  enum jw_code rc = jw_road_segment_create(r->db, &who, &in, &id, err);
  return rc != JW_OK ? rc : reply_segment(r, id, 201, err);
}

enum jw_code jw_road_api_segment_update(struct jw_req *r, struct jw_error *err) {
  struct jw_road_segment_input in = {.status = -1};
  int64_t id = jw_param_id(r, 0);
  const struct jw_field f[] = {
      {"status", JS_ENUM, JS_REQUIRED, 0, 0, &in.status, jw_road_statuses, NULL},
      {"note", JS_STR, JS_NULLABLE, 0, 200, &in.note, NULL, NULL},
  };
  if (jw_traffic_staff(r->db, r->user, err) != JW_OK) return err->code;
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the new status as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  const struct jw_traffic_actor who = {r->user, r->ip};
  enum jw_code rc = jw_road_segment_update(r->db, &who, id, &in, err);
  return rc != JW_OK ? rc : reply_segment(r, id, 200, err);
}

enum jw_code jw_road_api_segment_delete(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (jw_traffic_staff(r->db, r->user, err) != JW_OK) return err->code;
  const struct jw_traffic_actor who = {r->user, r->ip};
  enum jw_code rc = jw_road_segment_delete(r->db, &who, id, err);
  if (rc != JW_OK) return rc;
  jw_reply_empty(r, 204);
  return JW_OK;
}

/* Parses RFC 3339 ("2026-11-29T10:00:00+08:00", seconds optional, Z or an
 * offset) into Unix seconds; -1 when it is not one. */
static int64_t parse_rfc3339(const char *s) {
  struct jw_date d;
  char day[11];
  if (!s || strlen(s) < 16) return -1;
  memcpy(day, s, 10);
  day[10] = '\0';
  if (jw_date_parse(day, &d) != 0 || (s[10] != 'T' && s[10] != ' ')) return -1;
  int hh, mm, ss = 0, n = 0;
  if (sscanf(s + 11, "%2d:%2d%n", &hh, &mm, &n) != 2 || n != 5) return -1;
  const char *p = s + 16;
  if (*p == ':') {
    if (sscanf(p + 1, "%2d%n", &ss, &n) != 1 || n != 2) return -1;
    p += 3;
  }
  int off = 0;
  if (*p == 'Z' && p[1] == '\0') {
    off = 0;
  } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
    int oh, om;
    if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 || oh > 14 || om > 59) return -1;
    off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
  } else {
    return -1;
  }
  if (hh > 23 || mm > 59 || ss > 59) return -1;
  return (int64_t)jw_date_serial(d) * 86400 + hh * 3600 + mm * 60 + ss - off * 60;
}

static enum jw_code reply_incident(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_road_incident k;
  enum jw_code rc = jw_road_incident_get(r->db, id, r->arena, &k, err);
  if (rc != JW_OK) return rc;
  jw_reply_json(r, status, incident_json(r, &k));
  return JW_OK;
}

enum jw_code jw_road_api_incident_create(struct jw_req *r, struct jw_error *err) {
  struct jw_road_incident_input in = {.kind = -1};
  const char *starts = NULL, *ends = NULL;
  const struct jw_field f[] = {
      {"district", JS_STR, JS_REQUIRED, 2, 30, &in.district, NULL, NULL},
      {"kind", JS_ENUM, JS_REQUIRED, 0, 0, &in.kind, jw_incident_kinds, NULL},
      {"place", JS_STR, JS_REQUIRED, 2, 120, &in.place, NULL, NULL},
      {"starts_at", JS_STR, JS_REQUIRED, 16, 30, &starts, NULL, NULL},
      {"ends_at", JS_STR, JS_REQUIRED, 16, 30, &ends, NULL, NULL},
      {"detour", JS_STR, JS_NULLABLE, 0, 200, &in.detour, NULL, NULL},
      {"note", JS_STR, JS_NULLABLE, 0, 200, &in.note, NULL, NULL},
  };
  if (jw_traffic_staff(r->db, r->user, err) != JW_OK) return err->code;
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the incident as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  if ((in.starts_at = parse_rfc3339(starts)) < 0) jw_field_fail(err, "starts_at", "must be an RFC 3339 time");
  if ((in.ends_at = parse_rfc3339(ends)) < 0)
    jw_field_fail(err, "ends_at", "must be an RFC 3339 time");
  else if (in.ends_at <= in.starts_at)
    jw_field_fail(err, "ends_at", "must be after starts_at");
  else if (in.ends_at <= (int64_t)time(NULL))
    jw_field_fail(err, "ends_at", "must lie in the future");
  if (err->nfields) return JW_E_VALIDATION;
  const struct jw_traffic_actor who = {r->user, r->ip};
  int64_t id = 0;
  enum jw_code rc = jw_road_incident_create(r->db, &who, &in, &id, err);
  return rc != JW_OK ? rc : reply_incident(r, id, 201, err);
}

enum jw_code jw_road_api_incident_end(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (jw_traffic_staff(r->db, r->user, err) != JW_OK) return err->code;
  const struct jw_traffic_actor who = {r->user, r->ip};
  enum jw_code rc = jw_road_incident_end(r->db, &who, id, err);
  return rc != JW_OK ? rc : reply_incident(r, id, 200, err);
}
