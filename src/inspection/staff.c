/* staff.c — what an inspection station's staff do: check a vehicle in
 * (raising an alert when it is reported stolen), record a no-show (which
 * may bar the owner's online booking), and set a day's exception to the
 * template. Each change and its audit row are one transaction. */
#include <assert.h>
#include <stdio.h>
#include <time.h>

#include "audit/audit.h"
#include "inspection/store.h"
#include "notify/notify.h"

/* Writes the audit row of a staff action for who on c (inside the change's transaction). */
static enum jw_code audit(struct jw_conn *c, const struct jw_insp_actor *who, const char *action,
                          const char *object_type, int64_t object_id, const char *detail, struct jw_error *err) {
  char oid[24] = "";
  if (object_id) snprintf(oid, sizeof oid, "%lld", (long long)object_id);
  struct jw_audit_entry e = {
      .actor_id = who->user ? who->user->id : 0,
      .actor_login = who->user ? who->user->login : "",
      .action = action,
      .object_type = object_type,
      .object_id = oid,
      .detail = detail,
      .ip = who->ip,
  };
  return jw_audit_write(c, &e, err);
}

struct act {
  struct jw_arena *a;
  const struct jw_insp_actor *who;
  int64_t id;
  const struct jw_insp_staff_appt *v;
  int no_show, tz, alert;
};

static enum jw_code act_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct act *t = arg;
  int64_t now = (int64_t)time(NULL);
  int changed = jw_insp_store_appt_status(c, t->id, t->no_show ? "no_show" : "checked_in", now, err);
  if (changed < 0) return err->code;
  if (!changed) return jw_fail(err, JW_E_CONFLICT, "This appointment is no longer booked.");
  if (audit(c, t->who, t->no_show ? "inspection.no_show" : "inspection.check_in", "appointment", t->id, t->v->plate,
            err) != JW_OK)
    return err->code;
  if (t->no_show) {
    int64_t until = jw_insp_barred_until(c, t->v->user_id, now, err);
    if (until < 0) return err->code;
    if (!until) return JW_OK;
    char day[11];
    jw_date_format(jw_date_of_time(until, t->tz), day);
    return jw_notify(
        c, t->v->user_id, "inspection.barred", "在线预约已暂停",
        jw_arena_printf(t->a, "您在90天内3次预约未到场，%s前不能在线预约机动车检验，请致电检测站预约。", day),
        "/me/appointments", 0, err);
  }
  if (!t->v->stolen) return JW_OK;
  int64_t alert = 0;
  if (jw_insp_store_alert_insert(c, t->v->station_id, t->id, t->v->vehicle_id, now, t->who->user->id, &alert, err) !=
      JW_OK)
    return err->code;
  t->alert = 1;
  return audit(c, t->who, "inspection.stolen_alert", "inspection_alert", alert,
               jw_arena_printf(t->a, "stolen vehicle %s checked in", t->v->plate), err);
}

enum jw_code jw_insp_staff_act(struct jw_conn *c, struct jw_arena *a, int64_t id, int no_show, int tz_offset_min,
                               const struct jw_insp_actor *who, int *alert, struct jw_error *err) {
  assert(who && who->user);
  struct jw_insp_staff_appt v;
  int found = jw_insp_store_staff_appt(c, a, id, &v, err);
  if (found < 0) return err->code;
  if (!found || !jw_scope_contains(who->user, v.station_path))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no appointment %lld at your station.", (long long)id);
  if (!v.booked) return jw_fail(err, JW_E_CONFLICT, "This appointment is no longer booked.");
  int64_t now = (int64_t)time(NULL);
  if (no_show && now < v.starts_at)
    return jw_fail(err, JW_E_CONFLICT, "A no-show can only be recorded once the slot has started.");
  if (!no_show && jw_date_serial(jw_date_of_time(v.starts_at, tz_offset_min)) !=
                      jw_date_serial(jw_date_of_time(now, tz_offset_min)))
    return jw_fail(err, JW_E_CONFLICT, "Vehicles are checked in on the day of their appointment.");
  struct act t = {a, who, id, &v, no_show, tz_offset_min, 0};
  enum jw_code rc = jw_tx(c, act_tx, &t, err);
  if (rc == JW_OK && alert) *alert = t.alert;
  return rc;
}

struct exc {
  const struct jw_insp_exception *e;
  const struct jw_insp_actor *who;
  int weekday;
};

static enum jw_code exc_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct exc *x = arg;
  const struct jw_insp_exception *e = x->e;
  int64_t booked = 0;
  if (jw_slots_booked(c, JW_SLOTS_INSPECTION, e->station, e->day, &booked, err) != JW_OK) return err->code;
  if (e->closed && booked > 0)
    return jw_fail(err, JW_E_CONFLICT, "%lld appointments are booked on %s; cancel or move them first.",
                   (long long)booked, e->day);
  if (jw_insp_store_exception_put(c, e->station, e->day, e->closed, e->has_cap, e->capacity, e->note ? e->note : "",
                                  err) != JW_OK)
    return err->code;
  /* Slots already made follow: a closed day keeps them at capacity 0 (the
   * cancelled appointments still point at them). */
  enum jw_code rc = e->closed || e->has_cap ? jw_slots_set_capacity(c, JW_SLOTS_INSPECTION, e->station, e->day,
                                                                    e->closed ? 0 : e->capacity, err)
                                            : jw_insp_store_day_reopen(c, e->station, e->day, x->weekday, err);
  if (rc != JW_OK) return rc;
  char detail[40];
  snprintf(detail, sizeof detail, "%s closed=%d", e->day, e->closed);
  return audit(c, x->who, "inspection.exception", "unit", e->station, detail, err);
}

enum jw_code jw_insp_set_exception(struct jw_conn *c, const struct jw_insp_exception *e,
                                   const struct jw_insp_actor *who, struct jw_error *err) {
  struct jw_date d;
  if (jw_date_parse(e->day, &d) != 0) return jw_fail(err, JW_E_NOT_FOUND, "%s is not a date.", e->day);
  struct exc x = {e, who, jw_date_weekday(d)};
  return jw_tx(c, exc_tx, &x, err);
}
