/* violations_api.c — the handlers of the public violation query, the act
 * dictionary, and a citizen's own violations, licence points and online
 * handling (the rules are traffic.c). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "traffic/api.h"
#include "traffic/jtext.h"
#include "traffic/traffic.h"
#include "vehicles/api.h"

/* ,"key":value members of violation_text(). */
static void kv_str(struct jw_buf *b, const char *key, const char *v) {
  jw_jt_key(b, key, 0);
  if (v)
    jw_jt_str(b, v);
  else
    jw_buf_puts(b, "null");
}
static void kv_int(struct jw_buf *b, const char *key, int64_t v) {
  jw_jt_key(b, key, 0);
  jw_jt_int(b, v);
}
static void kv_time(struct jw_buf *b, const char *key, int64_t t, int tz) {
  jw_jt_key(b, key, 0);
  if (t > 0)
    jw_jt_time(b, t, tz);
  else
    jw_buf_puts(b, "null");
}

/* The one serialiser of a violation: its members, without the braces,
 * written as text (see jtext.h: the public query is the hottest path). mine
 * adds what only the owner sees: the vehicle (plate_type, plate,
 * vehicle_id). online_allowed and counter_reason are the act's rule, public:
 * the query tells a record that must go to a counter before any sign-in. */
static void violation_text(struct jw_buf *b, const struct jw_violation *v, int64_t now, int tz, int mine) {
  struct jw_violation_dues d = jw_violation_dues_of(v, now, tz);
  jw_jt_key(b, "id", 1);
  jw_jt_int(b, v->id);
  kv_str(b, "number", v->number);
  jw_jt_key(b, "occurred_at", 0);
  jw_jt_time(b, v->occurred_at, tz);
  kv_str(b, "place", v->place);
  kv_str(b, "act_code", v->act_code);
  kv_str(b, "act", v->act);
  kv_int(b, "fine_cents", v->fine_cents);
  kv_int(b, "points", v->points);
  kv_str(b, "status", v->status);
  kv_str(b, "decision_no", v->decision_no);
  kv_time(b, "handled_at", v->handled_at, tz);
  kv_int(b, "late_fee_cents", d.late_fee_cents);
  kv_int(b, "amount_due_cents", d.amount_due_cents);
  kv_str(b, "payment_status", d.payment_status);
  jw_jt_key(b, "online_allowed", 0);
  jw_buf_puts(b, v->online_allowed ? "true" : "false");
  kv_str(b, "counter_reason", jw_violation_counter_reason(v));
  if (!mine) return;
  kv_str(b, "plate_type", v->plate_type);
  kv_str(b, "plate", v->plate);
  kv_int(b, "vehicle_id", v->vehicle_id);
}

/* violation_text() as a jansson object, for the replies built as trees (a
 * citizen's own list and the handled violation). New reference. */
static json_t *violation_json(struct jw_req *r, const struct jw_violation *v, int64_t now, int mine) {
  struct jw_buf b = {r->arena, NULL, 0, 0};
  jw_buf_puts(&b, "{");
  violation_text(&b, v, now, r->app->cfg.tz_offset_min, mine);
  jw_buf_puts(&b, "}");
  return json_loadb(b.p, b.n, 0, NULL);
}

enum jw_code jw_violations_api_query(struct jw_req *r, struct jw_error *err) {
  int64_t limit, offset;
  jw_page_params(r, &limit, &offset, err);
  const char *type = jw_query(r, "plate_type");
  char plate[JW_PLATE_MAX], e6[7], stored[7];
  jw_plate_input(type, jw_query(r, "plate"), jw_query(r, "engine6"), plate, e6, err);
  if (err->nfields) return JW_E_VALIDATION;
  int answered = 0;
  if (jw_plate_guard(r, type, plate, &answered, err) != JW_OK) return answered ? JW_OK : err->code;
  int64_t vid = 0;
  enum jw_code rc = jw_vehicle_find(r->db, type, plate, &vid, stored, err);
  if (rc == JW_E_NOT_FOUND || (rc == JW_OK && !jw_engine6_equal(stored, e6))) {
    jw_error_clear(err);
    return jw_plate_guard_wrong(r->db, type, plate, r->ip, err);
  }
  if (rc != JW_OK) return rc;
  struct jw_violation *v = NULL;
  size_t n = 0;
  if (jw_violations_of_vehicle(r->db, vid, limit + 1, offset, r->arena, &v, &n, err) != JW_OK) return err->code;
  int64_t now = (int64_t)time(NULL), next = 0;
  int tz = r->app->cfg.tz_offset_min;
  struct jw_buf b = {r->arena, NULL, 0, 0};
  jw_buf_puts(&b, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if ((int64_t)i >= limit) {
      next = offset + limit;
      break;
    }
    jw_buf_puts(&b, i > 0 ? ",{" : "{");
    violation_text(&b, &v[i], now, tz, 0);
    jw_buf_puts(&b, "}");
  }
  jw_buf_puts(&b, "],\"next_cursor\":");
  if (next) {
    char cur[24];
    snprintf(cur, sizeof cur, "%lld", (long long)next);
    jw_jt_str(&b, cur);
  } else {
    jw_buf_puts(&b, "null");
  }
  jw_buf_puts(&b, ",\"vehicle\":{\"plate_type\":");
  jw_jt_str(&b, type);
  jw_buf_puts(&b, ",\"plate\":");
  jw_jt_str(&b, plate);
  jw_buf_puts(&b, "}}");
  jw_reply_bytes(r, 200, "application/json", b.p, b.n);
  return JW_OK;
}

enum jw_code jw_violations_api_acts(struct jw_req *r, struct jw_error *err) {
  struct jw_violation_act *k = NULL;
  size_t n = 0;
  if (jw_violation_acts(r->db, r->arena, &k, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:s, s:b}", "code", k[i].code, "text", k[i].text, "points",
                          (json_int_t)k[i].points, "fine_min_cents", (json_int_t)k[i].fine_min_cents, "fine_max_cents",
                          (json_int_t)k[i].fine_max_cents, "legal_basis", k[i].legal_basis, "online_allowed",
                          k[i].online_allowed);
    if (o) json_array_append_new(items, o);
  }
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}

enum jw_code jw_violations_api_mine(struct jw_req *r, struct jw_error *err) {
  int64_t limit, offset, vehicle = 0;
  jw_page_params(r, &limit, &offset, err);
  const char *vq = jw_query(r, "vehicle_id"), *status = jw_query(r, "status");
  if (vq) {
    r->nparams = 1;
    r->params[0] = vq;
    if (!(vehicle = jw_param_id(r, 0))) jw_field_fail(err, "vehicle_id", "must be a vehicle id");
  }
  if (status) {
    int ok = 0;
    for (int i = 0; jw_violation_statuses[i]; i++) ok |= strcmp(status, jw_violation_statuses[i]) == 0;
    if (!ok) jw_field_fail(err, "status", "must be unhandled, handled or paid");
  }
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_violation *v = NULL;
  size_t n = 0;
  if (jw_violations_of_user(r->db, r->user->id, vehicle, status, limit + 1, offset, r->arena, &v, &n, err) != JW_OK)
    return err->code;
  int64_t now = (int64_t)time(NULL), next = 0;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) {
    if ((int64_t)i >= limit) {
      next = offset + limit;
      break;
    }
    json_array_append_new(items, violation_json(r, &v[i], now, 1));
  }
  jw_reply_json(r, 200, jw_page_json(items, next));
  return JW_OK;
}

enum jw_code jw_violations_api_licence(struct jw_req *r, struct jw_error *err) {
  struct jw_date today = jw_date_of_time((long long)time(NULL), r->app->cfg.tz_offset_min);
  struct jw_licence l;
  if (jw_licence_get(r->db, r->user->id, today, &l, err) != JW_OK) return err->code;
  char a[11], b[11];
  jw_date_format(l.start, a);
  jw_date_format(l.last, b);
  jw_reply_json(r, 200,
                json_pack("{s:I, s:i, s:s, s:s}", "points", (json_int_t)l.points, "limit", JW_POINTS_LIMIT,
                          "cycle_start", a, "cycle_end", b));
  return JW_OK;
}

enum jw_code jw_violations_api_handle(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (r->body && !(json_is_object(r->body) && json_object_size(r->body) == 0))
    return jw_fail(err, JW_E_BAD_REQUEST, "Handling takes no body.");
  struct jw_date today = jw_date_of_time((long long)time(NULL), r->app->cfg.tz_offset_min);
  if (jw_violation_handle(r->db, r->user, id, today, r->arena, err) != JW_OK) return err->code;
  struct jw_violation v;
  if (jw_violation_get(r->db, id, r->arena, &v, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, violation_json(r, &v, (int64_t)time(NULL), 1));
  return JW_OK;
}
