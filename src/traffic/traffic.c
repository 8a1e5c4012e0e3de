/* traffic.c — the rules of violations (late fees, licence cycles, the
 * 12-point cap, online handling) and of road conditions, as operations on
 * a connection; the SQL is store.c, the handlers violations_api.c and
 * road_api.c. */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/mem.h"
#include "notify/notify.h"
#include "stats/stats.h"
#include "traffic/store.h"
#include "vehicles/vehicles.h"

const char *const jw_violation_statuses[] = {"unhandled", "handled", "paid", NULL};
const char *const jw_road_statuses[] = {"smooth", "slow", "congested", NULL};
const char *const jw_incident_kinds[] = {"accident", "roadworks", "closure", "weather", NULL};

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

struct jw_violation_dues jw_violation_dues_of(const struct jw_violation *v, int64_t now, int tz_offset_min) {
  int unhandled = strcmp(v->status, "unhandled") == 0, to_pay = strcmp(v->status, "handled") == 0;
  struct jw_violation_dues d;
  d.late_fee_cents = to_pay ? jw_late_fee_cents(v->fine_cents, v->handled_at, now, tz_offset_min) : 0;
  d.amount_due_cents = unhandled || to_pay ? v->fine_cents + d.late_fee_cents : 0;
  d.payment_status = unhandled ? "none" : to_pay ? "to_pay" : "paid";
  return d;
}

const char *jw_violation_counter_reason(const struct jw_violation *v) {
  if (v->online_allowed || strcmp(v->status, "unhandled") != 0) return NULL;
  return v->points >= JW_POINTS_LIMIT ? "points_12" : "on_site";
}

enum jw_code jw_violations_of_vehicle(struct jw_conn *c, int64_t vehicle_id, int64_t max, int64_t offset,
                                      struct jw_arena *a, struct jw_violation **out, size_t *n, struct jw_error *err) {
  const struct jw_violation_filter f = {JW_VIOLATIONS_OF_VEHICLE, vehicle_id, 0, NULL, max, offset};
  return jw_traffic_store_violations(c, &f, a, out, n, err);
}

enum jw_code jw_violations_of_user(struct jw_conn *c, int64_t user_id, int64_t vehicle_id, const char *status,
                                   int64_t max, int64_t offset, struct jw_arena *a, struct jw_violation **out,
                                   size_t *n, struct jw_error *err) {
  const struct jw_violation_filter f = {JW_VIOLATIONS_OF_USER, user_id, vehicle_id, status, max, offset};
  return jw_traffic_store_violations(c, &f, a, out, n, err);
}

enum jw_code jw_violation_get(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_violation *out,
                              struct jw_error *err) {
  const struct jw_violation_filter f = {JW_VIOLATIONS_ONE, id, 0, NULL, 1, 0};
  struct jw_violation *v = NULL;
  size_t n = 0;
  if (jw_traffic_store_violations(c, &f, a, &v, &n, err) != JW_OK) return err->code;
  if (n == 0) return jw_fail(err, JW_E_NOT_FOUND, "There is no such violation of your vehicles.");
  *out = v[0];
  return JW_OK;
}

enum jw_code jw_violation_acts(struct jw_conn *c, struct jw_arena *a, struct jw_violation_act **out, size_t *n,
                               struct jw_error *err) {
  return jw_traffic_store_acts(c, a, out, n, err);
}

/* ---- licence points and handling ---- */

/* The day after the cycle starting on start ends: the same day a year on (28 Feb for 29 Feb). */
static struct jw_date cycle_end(struct jw_date start) {
  struct jw_date end = {start.y + 1, start.m, start.d};
  if (end.m == 2 && end.d == 29) end.d = 28;
  return end;
}

/* The user's licence, created on first use, its cycle moved on (and the
 * points cleared) when twelve months have passed. */
static enum jw_code licence_load(struct jw_conn *c, int64_t user, struct jw_date today, struct jw_licence *l,
                                 struct jw_error *err) {
  char day[11], stored[11];
  jw_date_format(today, day);
  if (jw_traffic_store_licence_ensure(c, user, day, err) != JW_OK) return err->code;
  if (jw_traffic_store_licence_get(c, user, stored, &l->points, err) != JW_OK) return err->code;
  if (jw_date_parse(stored, &l->start) != 0) l->start = today;
  struct jw_date end = cycle_end(l->start);
  if (jw_date_serial(end) > jw_date_serial(today)) return JW_OK;
  while (jw_date_serial(end) <= jw_date_serial(today)) {
    l->start = end;
    end.y++;
  }
  l->points = 0;
  jw_date_format(l->start, day);
  return jw_traffic_store_licence_roll(c, user, stored, day, err);
}

struct licence_tx {
  int64_t user;
  struct jw_date today;
  struct jw_licence *out;
};

static enum jw_code licence_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct licence_tx *t = arg;
  return licence_load(c, t->user, t->today, t->out, err);
}

enum jw_code jw_licence_get(struct jw_conn *c, int64_t user_id, struct jw_date today, struct jw_licence *out,
                            struct jw_error *err) {
  struct licence_tx t = {user_id, today, out};
  enum jw_code rc = jw_tx(c, licence_tx, &t, err);
  if (rc != JW_OK) return rc;
  out->last = jw_date_add_days(cycle_end(out->start), -1);
  return JW_OK;
}

struct handle_tx {
  const struct jw_user *user;
  int64_t id;
  struct jw_date today;
  struct jw_arena *a;
};

/* A violation of someone's vehicle handled by another person (bound with
 * the owner's consent): the owner is told, every time. */
static enum jw_code tell_owner(struct jw_conn *c, const struct handle_tx *t, const char *number, const char *act,
                               int64_t points, struct jw_error *err) {
  int64_t owner = 0;
  const char *plate = NULL;
  if (jw_traffic_store_violation_owner(c, t->id, t->a, &owner, &plate, err) != JW_OK) return err->code;
  if (owner == 0 || owner == t->user->id) return JW_OK;
  return jw_notify(
      c, owner, "violation.handled_by_other", "您车辆的交通违法已由他人处理",
      jw_arena_printf(t->a,
                      "车辆%s的违法（编号%s，%s）已由%s在网上处理，记%lld分记入处理人本人驾驶证。"
                      "如非您授权，请在“我的车辆”中撤销其绑定。",
                      plate, number, act, jw_mask_name(t->a, t->user->name ? t->user->name : ""), (long long)points),
      "/traffic/vehicles", 0, err);
}

static enum jw_code handle_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct handle_tx *t = arg;
  struct jw_handle_row h;
  if (jw_traffic_store_handle_load(c, t->user->id, t->id, t->a, &h, err) != JW_OK) return err->code;
  if (!h.found) return jw_fail(err, JW_E_NOT_FOUND, "There is no such violation of your vehicles.");
  if (!h.unhandled)
    return jw_fail(err, JW_E_CONFLICT, "This violation has already been handled; its decision number was issued then.");
  if (!h.online)
    return jw_fail(err, JW_E_VALIDATION,
                   "This violation (%s) cannot be handled online; please go to a traffic police service window.",
                   h.act);
  struct jw_licence l;
  if (licence_load(c, t->user->id, t->today, &l, err) != JW_OK) return err->code;
  int added = 0;
  if (jw_traffic_store_add_points(c, t->user->id, h.points, JW_POINTS_LIMIT, &added, err) != JW_OK) return err->code;
  if (!added) {
    char start[11];
    int64_t held = l.points;
    /* The points as they are now (another handling may have added some);
     * if that read fails, the ones read before. */
    if (jw_traffic_store_licence_get(c, t->user->id, start, &held, err) != JW_OK) held = l.points;
    return jw_fail(err, JW_E_CONFLICT,
                   "Your licence holds %lld points this cycle; with %lld more it would reach %d, so this violation "
                   "must be handled at a traffic police service window.",
                   (long long)held, (long long)h.points, JW_POINTS_LIMIT);
  }
  int done = 0;
  const char *decision = jw_arena_printf(t->a, "331002%012lld", (long long)t->id);
  if (jw_traffic_store_handle_set(c, t->id, decision, (int64_t)time(NULL), t->user->id, &done, err) != JW_OK)
    return err->code;
  if (!done) return jw_fail(err, JW_E_CONFLICT, "This violation has already been handled.");
  if (jw_counter_add(c, "transactions", 1, err) != JW_OK) return err->code;
  if (tell_owner(c, t, h.number, h.act, h.points, err) != JW_OK) return err->code;
  return jw_notify(
      c, t->user->id, "violation.handled", "交通违法已处理，请按时缴纳罚款",
      jw_arena_printf(t->a, "违法编号 %s 已生成处罚决定书，请于15日内缴纳罚款，逾期每日加处3%%罚款。", h.number),
      "/me/violations", 0, err);
}

enum jw_code jw_violation_handle(struct jw_conn *c, const struct jw_user *user, int64_t id, struct jw_date today,
                                 struct jw_arena *a, struct jw_error *err) {
  struct handle_tx t = {user, id, today, a};
  return jw_tx(c, handle_tx, &t, err);
}
