/* api.c — the stolen-vehicle registry's handlers: field spec → struct →
 * seizures.h → JSON. The owner's phone is whole for police, masked for
 * auxiliaries; the public totals carry counts and hotspot names only. */
#include "seizures/api.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "core/jspec.h"
#include "core/mem.h"
#include "core/validate.h"
#include "seizures/seizures.h"

/* RFC 3339 ("2026-11-29T10:00:00+08:00", seconds optional, Z or an offset)
 * as Unix seconds; -1 when it is not one. */
static int64_t parse_instant(const char *s) {
  struct jw_date d;
  char day[11];
  if (!s || strlen(s) < 16 || strlen(s) > 25) return -1;
  memcpy(day, s, 10);
  day[10] = '\0';
  if (jw_date_parse(day, &d) != 0 || s[10] != 'T') return -1;
  int hh = 0, mm = 0, ss = 0, n = 0;
  if (sscanf(s + 11, "%2d:%2d%n", &hh, &mm, &n) != 2 || n != 5) return -1;
  const char *p = s + 16;
  if (*p == ':') {
    if (sscanf(p + 1, "%2d%n", &ss, &n) != 1 || n != 2) return -1;
    p += 3;
  }
  int off = 0;
  if (!(*p == 'Z' && p[1] == '\0')) {
    int oh = 0, om = 0;
    if ((*p != '+' && *p != '-') || strlen(p) != 6 || p[3] != ':' || sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 ||
        oh > 14 || om > 59)
      return -1;
    off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
  }
  if (hh > 23 || mm > 59 || ss > 59) return -1;
  return (int64_t)jw_date_serial(d) * 86400 + hh * 3600 + mm * 60 + ss - off * 60;
}

static int is_police(const struct jw_user *u) {
  return u->role == JW_ROLE_OFFICER || u->role == JW_ROLE_STATION_CHIEF || u->role == JW_ROLE_UNIT_ADMIN;
}

static json_t *opt_str(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *unit_json(int64_t id, const char *name) {
  return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name);
}

static json_t *record_json(struct jw_req *r, const struct jw_stolen *w) {
  json_t *j = json_pack(
      "{s:I, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:o}", "id",
      (json_int_t)w->id, "unit", unit_json(w->unit_id, w->unit_name), "case_no", w->case_no, "kind", w->kind,
      "plate_type", opt_str(w->plate_type), "plate", opt_str(w->plate), "vin", opt_str(w->vin), "engine_no",
      opt_str(w->engine_no), "brand", w->brand, "color", w->color, "owner_name", w->owner_name, "owner_phone",
      is_police(r->user) ? w->owner_phone : jw_mask_phone(r->arena, w->owner_phone), "reported_at",
      jw_time_json(r, w->reported_at), "reported_place", w->reported_place, "status", w->status, "cancel_reason",
      w->cancel_reason, "created_at", jw_time_json(r, w->created_at), "updated_at", jw_time_json(r, w->updated_at));
  if (!j) return NULL;
  json_t *z = json_null();
  if (w->seized) {
    const struct jw_seizure *s = &w->z;
    z = json_pack("{s:I, s:o, s:o, s:o, s:s, s:s, s:s, s:o, s:s}", "id", (json_int_t)s->id, "unit",
                  unit_json(s->unit_id, s->unit_name), "hotspot",
                  s->hotspot_id ? unit_json(s->hotspot_id, s->hotspot_name) : json_null(), "seized_at",
                  jw_time_json(r, s->seized_at), "place", s->place, "officers", s->officers, "note", s->note,
                  "returned_at", s->returned_at ? jw_time_json(r, s->returned_at) : json_null(), "returned_to",
                  s->returned_to);
  }
  json_object_set_new(j, "seizure", z ? z : json_null());
  return j;
}

static struct jw_stolen_actor actor(struct jw_req *r) {
  return (struct jw_stolen_actor){r->user, r->ip, r->arena, (int64_t)time(NULL)};
}

static enum jw_code reply_record(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  const struct jw_stolen_actor who = actor(r);
  struct jw_stolen w;
  if (jw_stolen_get(r->db, &who, id, &w, err) != JW_OK) return err->code;
  jw_reply_json(r, status, record_json(r, &w));
  return JW_OK;
}

enum jw_code jw_seiz_api_list(struct jw_req *r, struct jw_error *err) {
  int64_t limit, cursor;
  struct jw_stolen_filter f = {jw_query(r, "status"), jw_query(r, "q"), 0};
  if (f.status) {
    int ok = 0;
    for (int i = 0; jw_stolen_statuses[i]; i++) ok |= strcmp(f.status, jw_stolen_statuses[i]) == 0;
    if (!ok) jw_field_fail(err, "status", "must be one of: %s", "reported, seized, returned, cancelled");
  }
  if (f.q && (jw_utf8_len(f.q, strlen(f.q)) > 40 || !*f.q)) jw_field_fail(err, "q", "must have 1 to 40 characters");
  const char *h = jw_query(r, "hotspot_id");
  if (h) {
    char *end = NULL;
    long long v = strtoll(h, &end, 10);
    if (!*h || *end || v <= 0) jw_field_fail(err, "hotspot_id", "must be a whole number");
    f.hotspot_id = v > 0 ? v : 0;
  }
  jw_page_params(r, &limit, &cursor, err);
  if (err->nfields) return JW_E_VALIDATION;
  const struct jw_stolen_actor who = actor(r);
  struct jw_stolen *rows = NULL;
  size_t n = 0;
  if (jw_stolen_list(r->db, &who, &f, limit, cursor, &rows, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  size_t shown = n > (size_t)limit ? (size_t)limit : n;
  for (size_t i = 0; i < shown; i++) json_array_append_new(items, record_json(r, &rows[i]));
  jw_reply_json(r, 200, jw_page_json(items, n > (size_t)limit ? rows[shown - 1].id : 0));
  return JW_OK;
}

enum jw_code jw_seiz_api_report(struct jw_req *r, struct jw_error *err) {
  struct jw_stolen_new in = {"", "", "", "", "", "", "", "", "", "", "", 0, 0};
  int kind = -1;
  const char *reported_at = NULL;
  const struct jw_field f[] = {
      {"kind", JS_ENUM, JS_REQUIRED, 0, 0, &kind, jw_stolen_kinds, NULL},
      {"plate_type", JS_STR, JS_NULLABLE, 0, 2, &in.plate_type, NULL, NULL},
      {"plate", JS_STR, JS_NULLABLE, 0, 16, &in.plate, NULL, NULL},
      {"vin", JS_STR, JS_NULLABLE, 0, 20, &in.vin, NULL, NULL},
      {"engine_no", JS_STR, JS_NULLABLE, 0, 40, &in.engine_no, NULL, NULL},
      {"brand", JS_STR, 0, 0, 40, &in.brand, NULL, NULL},
      {"color", JS_STR, 0, 0, 20, &in.color, NULL, NULL},
      {"case_no", JS_STR, 0, 0, 40, &in.case_no, NULL, NULL},
      {"owner_name", JS_STR, JS_REQUIRED, 1, 40, &in.owner_name, NULL, NULL},
      {"owner_phone", JS_STR, JS_REQUIRED, 1, 20, &in.owner_phone, NULL, NULL},
      {"reported_at", JS_STR, JS_REQUIRED, 1, 40, &reported_at, NULL, NULL},
      {"reported_place", JS_STR, JS_REQUIRED, 1, 200, &in.reported_place, NULL, NULL},
      {"unit_id", JS_INT, 0, 1, INT64_MAX / 2, &in.unit_id, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the report as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  in.kind = jw_stolen_kinds[kind];
  if ((in.reported_at = parse_instant(reported_at)) < 0) {
    jw_field_fail(err, "reported_at", "must be an RFC 3339 time");
    in.reported_at = 0;
  }
  int64_t now = (int64_t)time(NULL);
  jw_stolen_normalise(&in, r->arena, now, err);
  if (err->nfields) return JW_E_VALIDATION;
  const struct jw_stolen_actor who = actor(r);
  int64_t id = 0;
  if (jw_stolen_report(r->db, &who, &in, &id, err) != JW_OK) return err->code;
  return reply_record(r, id, 201, err);
}

enum jw_code jw_seiz_api_check(struct jw_req *r, struct jw_error *err) {
  struct jw_stolen_new in = {.plate_type = "", .plate = "", .vin = "", .engine_no = ""};
  static const char *const names[] = {"plate_type", "plate", "vin", "engine_no"};
  const char **to[] = {&in.plate_type, &in.plate, &in.vin, &in.engine_no};
  for (int i = 0; i < 4; i++) {
    const char *q = jw_query(r, names[i]);
    if (q && strlen(q) > 40)
      jw_field_fail(err, names[i], "must have 1 to 40 characters");
    else if (q)
      *to[i] = q;
  }
  if (err->nfields) return JW_E_VALIDATION;
  if (jw_stolen_normalise_keys(&in, r->arena, err) != JW_OK) return err->code;
  struct jw_stolen_match *m = NULL;
  size_t n = 0;
  if (jw_stolen_check(r->db, r->arena, in.plate_type, in.plate, in.vin, in.engine_no, &m, &n, err) != JW_OK)
    return err->code;
  json_t *items = json_array();
  int open = 0;
  for (size_t i = 0; i < n; i++) {
    open |= strcmp(m[i].status, "reported") == 0;
    json_array_append_new(
        items, json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:o}", "id", (json_int_t)m[i].id, "kind", m[i].kind,
                         "plate_type", opt_str(m[i].plate_type), "plate", opt_str(m[i].plate), "status", m[i].status,
                         "unit_name", m[i].unit_name, "reported_at", jw_time_json(r, m[i].reported_at)));
  }
  jw_reply_json(r, 200, json_pack("{s:b, s:o}", "stolen", open, "items", items));
  return JW_OK;
}

enum jw_code jw_seiz_api_get(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no stolen-vehicle record %.20s.", r->params[0]);
  return reply_record(r, id, 200, err);
}

/* Fires event on the record in the path with step, then answers with the record. */
static enum jw_code fire(struct jw_req *r, const char *event, const struct jw_stolen_step *step, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no stolen-vehicle record %.20s.", r->params[0]);
  const struct jw_stolen_actor who = actor(r);
  if (jw_stolen_fire(r->db, &who, id, event, step, err) != JW_OK) return err->code;
  return reply_record(r, id, 200, err);
}

/* The time field name of the body as Unix seconds into *out, not in the future. */
static void instant_field(const char *name, const char *v, int64_t *out, struct jw_error *err) {
  if (!v) return;
  if ((*out = parse_instant(v)) < 0)
    jw_field_fail(err, name, "must be an RFC 3339 time");
  else if (*out > (int64_t)time(NULL) + 300)
    jw_field_fail(err, name, "must not be in the future");
}

enum jw_code jw_seiz_api_seize(struct jw_req *r, struct jw_error *err) {
  struct jw_stolen_step s = {0};
  const char *at = NULL;
  s.note = "";
  const struct jw_field f[] = {
      {"seized_at", JS_STR, JS_REQUIRED, 1, 40, &at, NULL, NULL},
      {"place", JS_STR, JS_REQUIRED, 1, 200, &s.place, NULL, NULL},
      {"officers", JS_STR, JS_REQUIRED, 1, 200, &s.officers, NULL, NULL},
      {"hotspot_id", JS_INT, JS_NULLABLE, 1, INT64_MAX / 2, &s.hotspot_id, NULL, NULL},
      {"note", JS_STR, JS_MULTILINE, 0, 1000, &s.note, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the seizure as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  instant_field("seized_at", at, &s.seized_at, err);
  if (err->nfields) return JW_E_VALIDATION;
  return fire(r, "seize", &s, err);
}

enum jw_code jw_seiz_api_return(struct jw_req *r, struct jw_error *err) {
  struct jw_stolen_step s = {0};
  const char *at = NULL;
  const struct jw_field f[] = {
      {"returned_at", JS_STR, JS_REQUIRED, 1, 40, &at, NULL, NULL},
      {"returned_to", JS_STR, JS_REQUIRED, 1, 60, &s.returned_to, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the return as JSON.");
  if (jw_json_fields(r->body, f, sizeof f / sizeof f[0], err) != JW_OK) return err->code;
  instant_field("returned_at", at, &s.returned_at, err);
  if (err->nfields) return JW_E_VALIDATION;
  return fire(r, "return", &s, err);
}

enum jw_code jw_seiz_api_cancel(struct jw_req *r, struct jw_error *err) {
  struct jw_stolen_step s = {0};
  const struct jw_field f[] = {{"reason", JS_STR, JS_REQUIRED, 1, 200, &s.reason, NULL, NULL}};
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send the reason as JSON.");
  if (jw_json_fields(r->body, f, 1, err) != JW_OK) return err->code;
  return fire(r, "cancel", &s, err);
}

enum jw_code jw_seiz_api_public(struct jw_req *r, struct jw_error *err) {
  struct jw_seizure_totals t;
  if (jw_seizure_totals(r->db, r->arena, &t, err) != JW_OK) return err->code;
  json_t *hs = json_array();
  for (size_t i = 0; i < t.nhotspots; i++)
    json_array_append_new(hs, json_pack("{s:I, s:s, s:I, s:I}", "hotspot_id", (json_int_t)t.hotspots[i].hotspot_id,
                                        "name", t.hotspots[i].name, "seized", (json_int_t)t.hotspots[i].seized,
                                        "returned", (json_int_t)t.hotspots[i].returned));
  jw_reply_json(r, 200,
                json_pack("{s:I, s:I, s:I, s:o}", "reported", (json_int_t)t.reported, "seized", (json_int_t)t.seized,
                          "returned", (json_int_t)t.returned, "hotspots", hs));
  return JW_OK;
}
