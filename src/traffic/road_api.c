/* road_api.c — road conditions (交通路况): the public board by district and
 * the traffic police's segments and incidents. An incident ends by itself at
 * its end time: the board shows only those whose end lies ahead. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/api.h"
#include "calendar/calendar.h"
#include "core/jspec.h"
#include "traffic/traffic.h"

static const char *const seg_statuses[] = {"smooth", "slow", "congested", NULL};
static const char *const inc_kinds[] = {"accident", "roadworks", "closure", "weather", NULL};

static int64_t minutes_ago(int64_t t, int64_t now) { return t > 0 && now > t ? (now - t) / 60 : 0; }

static json_t *segment_json(struct jw_req *r, struct jw_stmt *s, int64_t now) {
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:I}", "id", (json_int_t)jw_col_int(s, 0), "district",
                   jw_col_text(s, 1), "road", jw_col_text(s, 2), "section", jw_col_text(s, 3), "status",
                   jw_col_text(s, 4), "note", jw_col_text(s, 5), "updated_at", jw_time_json(r, jw_col_int(s, 6)),
                   "updated_minutes_ago", (json_int_t)minutes_ago(jw_col_int(s, 6), now));
}

static json_t *incident_json(struct jw_req *r, struct jw_stmt *s) {
  return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o}", "id", (json_int_t)jw_col_int(s, 0), "district",
                   jw_col_text(s, 1), "kind", jw_col_text(s, 2), "place", jw_col_text(s, 3), "starts_at",
                   jw_time_json(r, jw_col_int(s, 4)), "ends_at", jw_time_json(r, jw_col_int(s, 5)), "detour",
                   jw_col_text(s, 6), "note", jw_col_text(s, 7), "created_at", jw_time_json(r, jw_col_int(s, 8)));
}

#define SEG_COLS "id, district, road, section, status, note, updated_at"
#define INC_COLS "id, district, kind, place, starts_at, ends_at, detour, note, created_at"

static const char SQL_DISTRICTS[] =
    "SELECT district FROM road_segments UNION SELECT district FROM road_incidents WHERE ends_at > ? ORDER BY 1";
static const char SQL_SEGMENTS[] = "SELECT " SEG_COLS
                                   " FROM road_segments"
                                   " WHERE CAST(? AS TEXT) IS NULL OR district = CAST(? AS TEXT)"
                                   " ORDER BY district, id LIMIT 500";
static const char SQL_INCIDENTS[] = "SELECT " INC_COLS
                                    " FROM road_incidents"
                                    " WHERE ends_at > ? AND (CAST(? AS TEXT) IS NULL OR district = CAST(? AS TEXT))"
                                    " ORDER BY starts_at DESC, id DESC LIMIT 200";

enum jw_code jw_road_api_board(struct jw_req *r, struct jw_error *err) {
  const char *district = jw_query(r, "district");
  if (district && (strlen(district) == 0 || strlen(district) > 60)) {
    jw_field_fail(err, "district", "must be a district name such as 椒江区");
    return JW_E_VALIDATION;
  }
  int64_t now = (int64_t)time(NULL), latest = 0;
  json_t *districts = json_array(), *segs = json_array(), *incs = json_array();
  struct jw_stmt *s = jw_prepare(r->db, SQL_DISTRICTS, err);
  enum jw_step st = JW_STEP_ERROR;
  if (!s) goto fail;
  jw_bind_int(s, 1, now);
  while ((st = jw_step(s, err)) == JW_STEP_ROW) json_array_append_new(districts, json_string(jw_col_text(s, 0)));
  if (st == JW_STEP_ERROR || !(s = jw_prepare(r->db, SQL_SEGMENTS, err))) goto fail;
  jw_bind_text(s, 1, district);
  jw_bind_text(s, 2, district);
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    json_array_append_new(segs, segment_json(r, s, now));
    if (jw_col_int(s, 6) > latest) latest = jw_col_int(s, 6);
  }
  if (st == JW_STEP_ERROR || !(s = jw_prepare(r->db, SQL_INCIDENTS, err))) goto fail;
  jw_bind_int(s, 1, now);
  jw_bind_text(s, 2, district);
  jw_bind_text(s, 3, district);
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    json_array_append_new(incs, incident_json(r, s));
    if (jw_col_int(s, 8) > latest) latest = jw_col_int(s, 8);
  }
  if (st == JW_STEP_ERROR) goto fail;
  jw_reply_json(r, 200,
                json_pack("{s:o, s:o, s:o, s:o, s:o}", "districts", districts, "updated_at", jw_time_json(r, latest),
                          "updated_minutes_ago", latest ? json_integer(minutes_ago(latest, now)) : json_null(),
                          "segments", segs, "incidents", incs));
  return JW_OK;
fail:
  json_decref(districts);
  json_decref(segs);
  json_decref(incs);
  return err->code ? err->code : JW_E_DB;
}

/* ---- staff ---- */

static const char SQL_IN_TRAFFIC[] =
    "SELECT 1 FROM units WHERE kind = 'traffic_brigade' AND ? >= path AND substr(?, 1, length(path)) = path";

/* Only the traffic police (staff of a traffic detachment or below it) and
 * bureau-wide staff post road conditions. */
static enum jw_code traffic_staff(struct jw_req *r, struct jw_error *err) {
  if (r->user->whole_bureau) return JW_OK;
  struct jw_stmt *s = jw_prepare(r->db, SQL_IN_TRAFFIC, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, r->user->unit_path ? r->user->unit_path : "");
  jw_bind_text(s, 2, r->user->unit_path ? r->user->unit_path : "");
  enum jw_step st = jw_step(s, err);
  jw_conn_release(r->db);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_FORBIDDEN, "Only the traffic police post road conditions.");
  return JW_OK;
}

struct road_tx {
  struct jw_req *r;
  int64_t id;
  int status, kind;
  const char *district, *road, *section, *note, *place, *detour, *starts, *ends;
  int64_t starts_at, ends_at;
  const char *action;
};

static const char SQL_SEG_INSERT[] =
    "INSERT INTO road_segments (district, road, section, status, note, updated_at, updated_by)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_SEG_UPDATE[] =
    "UPDATE road_segments SET status = ?, note = COALESCE(CAST(? AS TEXT), note), updated_at = ?, updated_by = ?"
    " WHERE id = ?";
static const char SQL_SEG_DELETE[] = "DELETE FROM road_segments WHERE id = ?";
static const char SQL_SEG_GET[] = "SELECT " SEG_COLS " FROM road_segments WHERE id = ?";

static enum jw_code segment_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct road_tx *t = arg;
  struct jw_req *r = t->r;
  int64_t now = (int64_t)time(NULL);
  struct jw_stmt *s;
  if (strcmp(t->action, "road.segment.create") == 0) {
    if (!(s = jw_prepare(c, SQL_SEG_INSERT, err))) return err->code;
    jw_bind_text(s, 1, t->district);
    jw_bind_text(s, 2, t->road);
    jw_bind_text(s, 3, t->section ? t->section : "");
    jw_bind_text(s, 4, seg_statuses[t->status]);
    jw_bind_text(s, 5, t->note ? t->note : "");
    jw_bind_int(s, 6, now);
    jw_bind_int(s, 7, r->user->id);
    if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
    t->id = jw_col_int(s, 0);
  } else {
    int del = strcmp(t->action, "road.segment.delete") == 0;
    if (!(s = jw_prepare(c, del ? SQL_SEG_DELETE : SQL_SEG_UPDATE, err))) return err->code;
    if (del) {
      jw_bind_int(s, 1, t->id);
    } else {
      jw_bind_text(s, 1, seg_statuses[t->status]);
      jw_bind_text(s, 2, t->note);
      jw_bind_int(s, 3, now);
      jw_bind_int(s, 4, r->user->id);
      jw_bind_int(s, 5, t->id);
    }
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
    if (jw_changes(s) != 1) return jw_fail(err, JW_E_NOT_FOUND, "There is no road segment %lld.", (long long)t->id);
  }
  return jw_audit(r, t->action, "road_segment", t->id, err, "%s", t->status >= 0 ? seg_statuses[t->status] : "");
}

static enum jw_code reply_segment(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_SEG_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_NOT_FOUND;
  jw_reply_json(r, status, segment_json(r, s, (int64_t)time(NULL)));
  return JW_OK;
}

enum jw_code jw_road_api_segment_create(struct jw_req *r, struct jw_error *err) {
  struct road_tx t = {.r = r, .status = -1, .action = "road.segment.create"};
  const struct jw_field f[] = {
      {"district", JS_STR, JS_REQUIRED, 2, 30, &t.district, NULL, NULL},
      {"road", JS_STR, JS_REQUIRED, 2, 60, &t.road, NULL, NULL},
      {"section", JS_STR, JS_NULLABLE, 0, 100, &t.section, NULL, NULL},
      {"status", JS_ENUM, JS_REQUIRED, 0, 0, &t.status, seg_statuses, NULL},
      {"note", JS_STR, JS_NULLABLE, 0, 200, &t.note, NULL, NULL},
  };
  if (traffic_staff(r, err) != JW_OK) return err->code;
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the road segment as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  enum jw_code rc = jw_tx(r->db, segment_tx, &t, err);
  return rc != JW_OK ? rc : reply_segment(r, t.id, 201, err);
}

enum jw_code jw_road_api_segment_update(struct jw_req *r, struct jw_error *err) {
  struct road_tx t = {.r = r, .id = jw_param_id(r, 0), .status = -1, .action = "road.segment.update"};
  const struct jw_field f[] = {
      {"status", JS_ENUM, JS_REQUIRED, 0, 0, &t.status, seg_statuses, NULL},
      {"note", JS_STR, JS_NULLABLE, 0, 200, &t.note, NULL, NULL},
  };
  if (traffic_staff(r, err) != JW_OK) return err->code;
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the new status as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  enum jw_code rc = jw_tx(r->db, segment_tx, &t, err);
  return rc != JW_OK ? rc : reply_segment(r, t.id, 200, err);
}

enum jw_code jw_road_api_segment_delete(struct jw_req *r, struct jw_error *err) {
  struct road_tx t = {.r = r, .id = jw_param_id(r, 0), .status = -1, .action = "road.segment.delete"};
  if (traffic_staff(r, err) != JW_OK) return err->code;
  enum jw_code rc = jw_tx(r->db, segment_tx, &t, err);
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

static const char SQL_INC_INSERT[] =
    "INSERT INTO road_incidents (district, kind, place, starts_at, ends_at, detour, note, created_at, created_by)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
/* Ending one that has not started yet (planned works called off) moves its
 * start back too, so that start < end still holds. */
static const char SQL_INC_END[] =
    "UPDATE road_incidents SET starts_at = CASE WHEN starts_at < ? THEN starts_at ELSE ? END, ends_at = ?"
    " WHERE id = ? AND ends_at > ?";
static const char SQL_INC_GET[] = "SELECT " INC_COLS " FROM road_incidents WHERE id = ?";

static enum jw_code incident_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct road_tx *t = arg;
  int64_t now = (int64_t)time(NULL);
  struct jw_stmt *s;
  if (t->kind >= 0) {
    if (!(s = jw_prepare(c, SQL_INC_INSERT, err))) return err->code;
    jw_bind_text(s, 1, t->district);
    jw_bind_text(s, 2, inc_kinds[t->kind]);
    jw_bind_text(s, 3, t->place);
    jw_bind_int(s, 4, t->starts_at);
    jw_bind_int(s, 5, t->ends_at);
    jw_bind_text(s, 6, t->detour ? t->detour : "");
    jw_bind_text(s, 7, t->note ? t->note : "");
    jw_bind_int(s, 8, now);
    jw_bind_int(s, 9, t->r->user->id);
    if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
    t->id = jw_col_int(s, 0);
  } else {
    if (!(s = jw_prepare(c, SQL_INC_END, err))) return err->code;
    jw_bind_int(s, 1, now);
    jw_bind_int(s, 2, now - 1);
    jw_bind_int(s, 3, now);
    jw_bind_int(s, 4, t->id);
    jw_bind_int(s, 5, now);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
    if (jw_changes(s) != 1) return jw_fail(err, JW_E_NOT_FOUND, "There is no current incident %lld.", (long long)t->id);
  }
  return jw_audit(t->r, t->action, "road_incident", t->id, err, "%s", t->place ? t->place : "");
}

static enum jw_code reply_incident(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_INC_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_NOT_FOUND;
  jw_reply_json(r, status, incident_json(r, s));
  return JW_OK;
}

enum jw_code jw_road_api_incident_create(struct jw_req *r, struct jw_error *err) {
  struct road_tx t = {.r = r, .kind = -1, .action = "road.incident.create"};
  const struct jw_field f[] = {
      {"district", JS_STR, JS_REQUIRED, 2, 30, &t.district, NULL, NULL},
      {"kind", JS_ENUM, JS_REQUIRED, 0, 0, &t.kind, inc_kinds, NULL},
      {"place", JS_STR, JS_REQUIRED, 2, 120, &t.place, NULL, NULL},
      {"starts_at", JS_STR, JS_REQUIRED, 16, 30, &t.starts, NULL, NULL},
      {"ends_at", JS_STR, JS_REQUIRED, 16, 30, &t.ends, NULL, NULL},
      {"detour", JS_STR, JS_NULLABLE, 0, 200, &t.detour, NULL, NULL},
      {"note", JS_STR, JS_NULLABLE, 0, 200, &t.note, NULL, NULL},
  };
  if (traffic_staff(r, err) != JW_OK) return err->code;
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the incident as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  if ((t.starts_at = parse_rfc3339(t.starts)) < 0) jw_field_fail(err, "starts_at", "must be an RFC 3339 time");
  if ((t.ends_at = parse_rfc3339(t.ends)) < 0)
    jw_field_fail(err, "ends_at", "must be an RFC 3339 time");
  else if (t.ends_at <= t.starts_at)
    jw_field_fail(err, "ends_at", "must be after starts_at");
  else if (t.ends_at <= (int64_t)time(NULL))
    jw_field_fail(err, "ends_at", "must lie in the future");
  if (err->nfields) return JW_E_VALIDATION;
  enum jw_code rc = jw_tx(r->db, incident_tx, &t, err);
  return rc != JW_OK ? rc : reply_incident(r, t.id, 201, err);
}

enum jw_code jw_road_api_incident_end(struct jw_req *r, struct jw_error *err) {
  struct road_tx t = {.r = r, .id = jw_param_id(r, 0), .kind = -1, .action = "road.incident.end"};
  if (traffic_staff(r, err) != JW_OK) return err->code;
  enum jw_code rc = jw_tx(r->db, incident_tx, &t, err);
  return rc != JW_OK ? rc : reply_incident(r, t.id, 200, err);
}
