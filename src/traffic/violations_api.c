/* violations_api.c — the public violation query, the act dictionary, and a
 * citizen's own violations, licence points and online handling. */
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "http/rows.h"
#include "notify/notify.h"
#include "stats/stats.h"
#include "traffic/jtext.h"
#include "traffic/traffic.h"
#include "vehicles/api.h"

int64_t jw_late_fee_cents(int64_t fine_cents, int64_t handled_at, int64_t now, int tz_offset_min) {
  if (handled_at <= 0 || now <= handled_at) return 0;
  /* Days are the bureau's calendar days: a decision of 23:00 has its first
   * day over at midnight, not 24 hours later. */
  long days = jw_date_serial(jw_date_of_time(now, tz_offset_min)) -
              jw_date_serial(jw_date_of_time(handled_at, tz_offset_min)) - 15;
  if (days <= 0) return 0;
  int64_t fee = fine_cents * 3 * (int64_t)days / 100;
  return fee > fine_cents ? fine_cents : fee;
}

#define VIOLATION_COLS                                                                                           \
  "v.id, v.number, v.occurred_at, v.place, v.act_code, a.text, v.fine_cents, v.points, v.status, v.decision_no," \
  " v.handled_at, a.online_allowed, h.plate_type, h.plate, h.id"

/* The one serialiser of a violation (a VIOLATION_COLS row): its members,
 * without the braces, written as text (see jtext.h: the public query is the
 * hottest path). mine adds what only the owner sees: online_allowed and the
 * vehicle (plate_type, plate, vehicle_id). */
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

static void violation_text(struct jw_req *r, struct jw_buf *b, struct jw_stmt *s, int64_t now, int mine) {
  const char *status = jw_col_text(s, 8);
  int64_t fine = jw_col_int(s, 6), handled = jw_col_is_null(s, 10) ? 0 : jw_col_int(s, 10);
  int unhandled = strcmp(status, "unhandled") == 0, to_pay = strcmp(status, "handled") == 0;
  int tz = r->app->cfg.tz_offset_min;
  int64_t late = to_pay ? jw_late_fee_cents(fine, handled, now, tz) : 0;
  jw_jt_key(b, "id", 1);
  jw_jt_int(b, jw_col_int(s, 0));
  kv_str(b, "number", jw_col_text(s, 1));
  jw_jt_key(b, "occurred_at", 0);
  jw_jt_time(b, jw_col_int(s, 2), tz);
  kv_str(b, "place", jw_col_text(s, 3));
  kv_str(b, "act_code", jw_col_text(s, 4));
  kv_str(b, "act", jw_col_text(s, 5));
  kv_int(b, "fine_cents", fine);
  kv_int(b, "points", jw_col_int(s, 7));
  kv_str(b, "status", status);
  kv_str(b, "decision_no", jw_col_is_null(s, 9) ? NULL : jw_col_text(s, 9));
  kv_time(b, "handled_at", handled, tz);
  kv_int(b, "late_fee_cents", late);
  kv_int(b, "amount_due_cents", unhandled || to_pay ? fine + late : 0);
  kv_str(b, "payment_status", unhandled ? "none" : to_pay ? "to_pay" : "paid");
  if (!mine) return;
  jw_jt_key(b, "online_allowed", 0);
  jw_buf_puts(b, jw_col_int(s, 11) ? "true" : "false");
  kv_str(b, "plate_type", jw_col_text(s, 12));
  kv_str(b, "plate", jw_col_text(s, 13));
  kv_int(b, "vehicle_id", jw_col_int(s, 14));
}

/* violation_text() as a jansson object, for the replies built as trees (a
 * citizen's own list and the handled violation). New reference. */
static json_t *violation_json(struct jw_req *r, struct jw_stmt *s, int64_t now, int mine) {
  struct jw_buf b = {r->arena, NULL, 0, 0};
  jw_buf_puts(&b, "{");
  violation_text(r, &b, s, now, mine);
  jw_buf_puts(&b, "}");
  return json_loadb(b.p, b.n, 0, NULL);
}

static const char SQL_OF_VEHICLE[] = "SELECT " VIOLATION_COLS
                                     " FROM violations v JOIN violation_acts a ON a.code = v.act_code"
                                     " JOIN vehicles h ON h.id = v.vehicle_id"
                                     " WHERE v.vehicle_id = ? ORDER BY v.occurred_at DESC, v.id DESC LIMIT ? OFFSET ?";

struct violation_ctx {
  int64_t now;
  int mine;
};

static json_t *violation_row(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  const struct violation_ctx *v = ctx;
  return violation_json(r, s, v->now, v->mine);
}

/* Runs a paged violation statement already bound up to its LIMIT/OFFSET at
 * limit_idx and answers {items, next_cursor} plus extra (taken). */
static enum jw_code reply_page(struct jw_req *r, struct jw_stmt *s, int limit_idx, int64_t limit, int64_t offset,
                               int mine, json_t *extra, struct jw_error *err) {
  jw_bind_int(s, limit_idx, limit + 1);
  jw_bind_int(s, limit_idx + 1, offset);
  struct violation_ctx ctx = {(int64_t)time(NULL), mine};
  json_t *page = jw_page_rows(r, s, limit, offset, violation_row, &ctx, err);
  if (!page) {
    json_decref(extra);
    return err->code;
  }
  if (extra) json_object_update(page, extra), json_decref(extra);
  jw_reply_json(r, 200, page);
  return JW_OK;
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
  struct jw_stmt *s = jw_prepare(r->db, SQL_OF_VEHICLE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, vid);
  jw_bind_int(s, 2, limit + 1);
  jw_bind_int(s, 3, offset);
  struct jw_buf b = {r->arena, NULL, 0, 0};
  jw_buf_puts(&b, "{\"items\":[");
  int64_t now = (int64_t)time(NULL), n = 0, next = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (++n > limit) {
      next = offset + limit;
      break;
    }
    jw_buf_puts(&b, n > 1 ? ",{" : "{");
    violation_text(r, &b, s, now, 0);
    jw_buf_puts(&b, "}");
  }
  if (st == JW_STEP_ERROR) return err->code;
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

static const char SQL_ACTS[] =
    "SELECT code, text, points, fine_min_cents, fine_max_cents, legal_basis, online_allowed FROM violation_acts"
    " ORDER BY code";

static json_t *act_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  return json_pack("{s:s, s:s, s:I, s:I, s:I, s:s, s:b}", "code", jw_col_text(s, 0), "text", jw_col_text(s, 1),
                   "points", (json_int_t)jw_col_int(s, 2), "fine_min_cents", (json_int_t)jw_col_int(s, 3),
                   "fine_max_cents", (json_int_t)jw_col_int(s, 4), "legal_basis", jw_col_text(s, 5), "online_allowed",
                   (int)jw_col_int(s, 6));
}

enum jw_code jw_violations_api_acts(struct jw_req *r, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_ACTS, err);
  if (!s) return err->code;
  return jw_reply_rows(r, s, act_json, NULL, err);
}

static const char SQL_MINE[] =
    "SELECT " VIOLATION_COLS
    " FROM vehicle_bindings b JOIN violations v ON v.vehicle_id = b.vehicle_id"
    " JOIN violation_acts a ON a.code = v.act_code JOIN vehicles h ON h.id = v.vehicle_id"
    " WHERE b.user_id = ? AND (CAST(? AS BIGINT) IS NULL OR v.vehicle_id = CAST(? AS BIGINT))"
    " AND (CAST(? AS TEXT) IS NULL OR v.status = CAST(? AS TEXT))"
    " ORDER BY v.occurred_at DESC, v.id DESC LIMIT ? OFFSET ?";

static const char *const violation_statuses[] = {"unhandled", "handled", "paid", NULL};

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
    for (int i = 0; violation_statuses[i]; i++) ok |= strcmp(status, violation_statuses[i]) == 0;
    if (!ok) jw_field_fail(err, "status", "must be unhandled, handled or paid");
  }
  if (err->nfields) return JW_E_VALIDATION;
  struct jw_stmt *s = jw_prepare(r->db, SQL_MINE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_id(s, 2, vehicle);
  jw_bind_id(s, 3, vehicle);
  jw_bind_text(s, 4, status);
  jw_bind_text(s, 5, status);
  return reply_page(r, s, 6, limit, offset, 1, NULL, err);
}

/* ---- licence points and handling ---- */

static const char SQL_LICENCE_ENSURE[] =
    "INSERT INTO licences (user_id, cycle_start, points) VALUES (?, ?, 0) ON CONFLICT (user_id) DO NOTHING";
static const char SQL_LICENCE_GET[] = "SELECT cycle_start, points FROM licences WHERE user_id = ?";
/* Moves the cycle on once: a second transaction that read the same old
 * cycle finds nothing to update. */
static const char SQL_LICENCE_ROLL[] =
    "UPDATE licences SET cycle_start = ?, points = 0 WHERE user_id = ? AND cycle_start = ?";

struct licence {
  struct jw_date start;
  int64_t points;
};

/* The user's licence, created on first use, its cycle moved on (and the
 * points cleared) when twelve months have passed. */
static enum jw_code licence_load(struct jw_conn *c, int64_t user, struct jw_date today, struct licence *l,
                                 struct jw_error *err) {
  char day[11];
  jw_date_format(today, day);
  struct jw_stmt *s = jw_prepare(c, SQL_LICENCE_ENSURE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user);
  jw_bind_text(s, 2, day);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_LICENCE_GET, err))) return err->code;
  jw_bind_int(s, 1, user);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  char stored[11];
  snprintf(stored, sizeof stored, "%s", jw_col_text(s, 0));
  if (jw_date_parse(stored, &l->start) != 0) l->start = today;
  l->points = jw_col_int(s, 1);
  jw_conn_release(c);
  struct jw_date end = {l->start.y + 1, l->start.m, l->start.d};
  if (end.m == 2 && end.d == 29) end.d = 28;
  if (jw_date_serial(end) > jw_date_serial(today)) return JW_OK;
  while (jw_date_serial(end) <= jw_date_serial(today)) {
    l->start = end;
    end.y++;
  }
  l->points = 0;
  jw_date_format(l->start, day);
  if (!(s = jw_prepare(c, SQL_LICENCE_ROLL, err))) return err->code;
  jw_bind_text(s, 1, day);
  jw_bind_int(s, 2, user);
  jw_bind_text(s, 3, stored);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

static struct jw_date today_of(struct jw_req *r) {
  return jw_date_of_time((long long)time(NULL), r->app->cfg.tz_offset_min);
}

static enum jw_code licence_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct jw_req *r = *(struct jw_req **)arg;
  struct licence l;
  if (licence_load(c, r->user->id, today_of(r), &l, err) != JW_OK) return err->code;
  char a[11], b[11];
  jw_date_format(l.start, a);
  jw_date_format(
      jw_date_add_days((struct jw_date){l.start.y + 1, l.start.m, l.start.d == 29 && l.start.m == 2 ? 28 : l.start.d},
                       -1),
      b);
  jw_reply_json(r, 200,
                json_pack("{s:I, s:i, s:s, s:s}", "points", (json_int_t)l.points, "limit", JW_POINTS_LIMIT,
                          "cycle_start", a, "cycle_end", b));
  return JW_OK;
}

enum jw_code jw_violations_api_licence(struct jw_req *r, struct jw_error *err) {
  struct jw_req *arg = r;
  return jw_tx(r->db, licence_tx, &arg, err);
}

static const char SQL_HANDLE_LOAD[] =
    "SELECT v.status, v.points, a.online_allowed, a.text, v.number FROM violations v"
    " JOIN violation_acts a ON a.code = v.act_code"
    " JOIN vehicle_bindings b ON b.vehicle_id = v.vehicle_id AND b.user_id = ? WHERE v.id = ?";
static const char SQL_HANDLE[] =
    "UPDATE violations SET status = 'handled', decision_no = ?, handled_at = ?, handled_by = ?"
    " WHERE id = ? AND status = 'unhandled'";
/* The 12-point rule lives in the UPDATE itself: however many handlings run
 * at once, on however many instances, points never reach the limit online. */
static const char SQL_ADD_POINTS[] = "UPDATE licences SET points = points + ? WHERE user_id = ? AND points + ? < ?";

static const char SQL_VIOLATION_OWNER[] =
    "SELECT o.id, h.plate FROM violations v JOIN vehicles h ON h.id = v.vehicle_id"
    " JOIN users o ON o.id_bidx = h.owner_id_bidx AND o.kind = 'citizen' WHERE v.id = ?";

/* A violation of someone's vehicle handled by another person (bound with
 * the owner's consent): the owner is told, every time. */
static enum jw_code tell_owner(struct jw_conn *c, struct jw_req *r, int64_t id, const char *number, const char *act,
                               int64_t points, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_VIOLATION_OWNER, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE || jw_col_int(s, 0) == r->user->id) return JW_OK;
  int64_t owner = jw_col_int(s, 0);
  const char *plate = jw_arena_strdup(r->arena, jw_col_text(s, 1));
  jw_conn_release(c);
  return jw_notify(c, owner, "violation.handled_by_other", "您车辆的交通违法已由他人处理",
                   jw_arena_printf(r->arena,
                                   "车辆%s的违法（编号%s，%s）已由%s在网上处理，记%lld分记入处理人本人驾驶证。"
                                   "如非您授权，请在“我的车辆”中撤销其绑定。",
                                   plate, number, act, jw_mask_name(r->arena, r->user->name ? r->user->name : ""),
                                   (long long)points),
                   "/traffic/vehicles", 0, err);
}

struct handle_tx {
  struct jw_req *r;
  int64_t id;
};

static enum jw_code handle_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct handle_tx *t = arg;
  struct jw_req *r = t->r;
  struct jw_stmt *s = jw_prepare(c, SQL_HANDLE_LOAD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_int(s, 2, t->id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no such violation of your vehicles.");
  int unhandled = strcmp(jw_col_text(s, 0), "unhandled") == 0;
  int64_t points = jw_col_int(s, 1);
  int online = (int)jw_col_int(s, 2);
  const char *act = jw_arena_strdup(r->arena, jw_col_text(s, 3));
  const char *number = jw_arena_strdup(r->arena, jw_col_text(s, 4));
  jw_conn_release(c);
  if (!unhandled)
    return jw_fail(err, JW_E_CONFLICT, "This violation has already been handled; its decision number was issued then.");
  if (!online)
    return jw_fail(err, JW_E_VALIDATION,
                   "This violation (%s) cannot be handled online; please go to a traffic police service window.", act);
  struct licence l;
  if (licence_load(c, r->user->id, today_of(r), &l, err) != JW_OK) return err->code;
  if (!(s = jw_prepare(c, SQL_ADD_POINTS, err))) return err->code;
  jw_bind_int(s, 1, points);
  jw_bind_int(s, 2, r->user->id);
  jw_bind_int(s, 3, points);
  jw_bind_int(s, 4, JW_POINTS_LIMIT);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) {
    if (!(s = jw_prepare(c, SQL_LICENCE_GET, err))) return err->code;
    jw_bind_int(s, 1, r->user->id);
    int64_t held = jw_step(s, err) == JW_STEP_ROW ? jw_col_int(s, 1) : l.points;
    return jw_fail(err, JW_E_CONFLICT,
                   "Your licence holds %lld points this cycle; with %lld more it would reach %d, so this violation "
                   "must be handled at a traffic police service window.",
                   (long long)held, (long long)points, JW_POINTS_LIMIT);
  }
  int64_t now = (int64_t)time(NULL);
  if (!(s = jw_prepare(c, SQL_HANDLE, err))) return err->code;
  jw_bind_text(s, 1, jw_arena_printf(r->arena, "331002%012lld", (long long)t->id));
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, r->user->id);
  jw_bind_int(s, 4, t->id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) != 1) return jw_fail(err, JW_E_CONFLICT, "This violation has already been handled.");
  if (jw_counter_add(c, "transactions", 1, err) != JW_OK) return err->code;
  if (tell_owner(c, r, t->id, number, act, points, err) != JW_OK) return err->code;
  return jw_notify(
      c, r->user->id, "violation.handled", "交通违法已处理，请按时缴纳罚款",
      jw_arena_printf(r->arena, "违法编号 %s 已生成处罚决定书，请于15日内缴纳罚款，逾期每日加处3%%罚款。", number),
      "/me/violations", 0, err);
}

static const char SQL_ONE[] = "SELECT " VIOLATION_COLS
                              " FROM violations v JOIN violation_acts a ON a.code = v.act_code"
                              " JOIN vehicles h ON h.id = v.vehicle_id WHERE v.id = ?";

enum jw_code jw_violations_api_handle(struct jw_req *r, struct jw_error *err) {
  struct handle_tx t = {r, jw_param_id(r, 0)};
  if (r->body && !(json_is_object(r->body) && json_object_size(r->body) == 0))
    return jw_fail(err, JW_E_BAD_REQUEST, "Handling takes no body.");
  enum jw_code rc = jw_tx(r->db, handle_tx, &t, err);
  if (rc != JW_OK) return rc;
  struct jw_stmt *s = jw_prepare(r->db, SQL_ONE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, t.id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  jw_reply_json(r, 200, violation_json(r, s, (int64_t)time(NULL), 1));
  return JW_OK;
}
