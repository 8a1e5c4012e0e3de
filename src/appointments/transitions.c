/* transitions.c — the life of an officer appointment as a table
 * {from, event, to, sides}, applied by one conditional UPDATE per change with
 * the places it takes and gives back, its audit row and the other side's
 * note; and the reminders the day before. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "appointments/store.h"
#include "audit/audit.h"
#include "core/log.h"
#include "core/mem.h"
#include "notify/notify.h"

enum { CITIZEN = 1, STAFF = 2 };

struct transition {
  const char *from;
  enum jw_appt_event event;
  const char *to;
  int sides; /* CITIZEN, STAFF: who may fire it */
};

/* requested: waiting for the officer; proposed: the officer offered another
 * time (a place of it is held) and waits for the citizen. */
static const struct transition TABLE[] = {
    {"requested", JW_APPT_CONFIRM, "confirmed", STAFF},
    {"requested", JW_APPT_DECLINE, "declined", STAFF},
    {"requested", JW_APPT_PROPOSE, "proposed", STAFF},
    {"confirmed", JW_APPT_PROPOSE, "proposed", STAFF},
    {"proposed", JW_APPT_ACCEPT, "confirmed", CITIZEN},
    {"proposed", JW_APPT_REFUSE, "cancelled", CITIZEN},
    {"requested", JW_APPT_CANCEL, "cancelled", CITIZEN | STAFF},
    {"confirmed", JW_APPT_CANCEL, "cancelled", CITIZEN | STAFF},
    {"proposed", JW_APPT_CANCEL, "cancelled", CITIZEN | STAFF},
    {"confirmed", JW_APPT_NO_SHOW, "no_show", STAFF},
    {"confirmed", JW_APPT_ATTEND, "attended", STAFF},
};

static const char *const EVENT_NAMES[] = {"confirm", "decline", "propose", "accept",
                                          "refuse",  "cancel",  "no_show", "attend"};

static const struct transition *find(const char *from, enum jw_appt_event ev, int side) {
  for (size_t i = 0; i < sizeof TABLE / sizeof TABLE[0]; i++)
    if (TABLE[i].event == ev && strcmp(TABLE[i].from, from) == 0 && (TABLE[i].sides & side)) return &TABLE[i];
  return NULL;
}

struct apply {
  struct jw_arena *a;
  const struct jw_appt *ap;
  const struct jw_appt_change *ch;
  const struct jw_appt_actor *who;
  const struct transition *t;
  int tz;
};

static void when(int64_t t, int tz, char out[32]) {
  struct jw_date d = jw_date_of_time(t, tz);
  int64_t secs = t - (int64_t)jw_date_midnight(d, tz);
  char day[11];
  jw_date_format(d, day);
  snprintf(out, 32, "%s %02d:%02d", day, (int)(secs / 3600), (int)(secs / 60 % 60));
}

/* The other side's note of what happened. */
static enum jw_code tell(struct jw_conn *c, struct apply *p, struct jw_error *err) {
  const struct jw_appt *ap = p->ap;
  const struct jw_appt_change *ch = p->ch;
  char at[32], text[400];
  when(ap->starts_at, p->tz, at);
  const char *reason = ch->reason && ch->reason[0] ? ch->reason : "";
  if (!ch->staff) {
    if (!ap->officer.user_id) return JW_OK;
    snprintf(text, sizeof text, "群众%s了%s的预约（预约号%s）。",
             ch->event == JW_APPT_ACCEPT ? "接受了改约时间" : "取消", at, ap->confirmation_no);
    return jw_notify(c, ap->officer.user_id, "appointment.changed", "预约变更", text, "/console/appointments",
                     JW_NOTIFY_INBOX, err);
  }
  const char *title = NULL;
  switch (ch->event) {
  case JW_APPT_CONFIRM:
    title = "预约已确认";
    snprintf(text, sizeof text, "%s已确认您%s的预约（预约号%s），地点：%s %s。", ap->officer.name, at,
             ap->confirmation_no, ap->officer.unit_name, ap->officer.unit_address);
    break;
  case JW_APPT_DECLINE:
    title = "预约未能接待";
    snprintf(text, sizeof text, "很抱歉，%s无法接待您%s的预约（预约号%s）。原因：%s", ap->officer.name, at,
             ap->confirmation_no, reason);
    break;
  case JW_APPT_PROPOSE: {
    char to[32];
    when(ch->proposed->starts_at, p->tz, to);
    title = "民警建议改约时间";
    snprintf(text, sizeof text, "%s建议将您%s的预约改到%s（预约号%s），请在“我的民警预约”中接受或拒绝。%s",
             ap->officer.name, at, to, ap->confirmation_no, reason);
    break;
  }
  case JW_APPT_CANCEL:
    title = "预约已取消";
    snprintf(text, sizeof text, "您%s与%s的预约（预约号%s）已由派出所取消。原因：%s", at, ap->officer.name,
             ap->confirmation_no, reason);
    break;
  default:
    return JW_OK; /* no-show and attended: the citizen is told of a bar only */
  }
  return jw_notify(c, ap->user_id, "appointment.changed", title, text, "/me/officer-appointments", JW_NOTIFY_SMS, err);
}

static enum jw_code give_back(struct jw_conn *c, int64_t slot, struct jw_error *err) {
  return slot ? jw_slots_give_back(c, JW_SLOTS_OFFICER, slot, err) : JW_OK;
}

static enum jw_code apply_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct apply *p = arg;
  const struct jw_appt *ap = p->ap;
  const struct jw_appt_change *ch = p->ch;
  int64_t now = (int64_t)time(NULL);
  struct jw_appt_row_change rc = {
      .id = ap->id,
      .from = ap->status,
      .to = p->t->to,
      .reason = ch->reason,
      .cancelled_by = ap->cancelled_by,
      .slot_id = ap->slot_id,
      .starts_at = ap->starts_at,
      .ends_at = ap->ends_at,
      .day = ap->day,
      .proposed_slot_id = ap->proposed_slot_id,
      .reminded = 0,
      .now = now,
  };
  switch (ch->event) {
  case JW_APPT_PROPOSE: {
    int took = jw_slots_take(c, JW_SLOTS_OFFICER, ch->proposed->id, err);
    if (took < 0) return err->code;
    if (!took) return jw_fail(err, JW_E_CONFLICT, "The proposed time is fully booked; choose another.");
    rc.proposed_slot_id = ch->proposed->id;
    break;
  }
  case JW_APPT_ACCEPT: {
    struct jw_slot s;
    if (jw_appt_slot_load(c, ap->proposed_slot_id, &s, err) != JW_OK) return err->code;
    if (give_back(c, ap->slot_id, err) != JW_OK) return err->code;
    rc.slot_id = s.id;
    rc.starts_at = s.starts_at;
    rc.ends_at = s.ends_at;
    rc.day = jw_arena_strdup(p->a, s.day);
    rc.proposed_slot_id = 0;
    break;
  }
  case JW_APPT_DECLINE:
  case JW_APPT_REFUSE:
  case JW_APPT_CANCEL:
    if (give_back(c, ap->slot_id, err) != JW_OK || give_back(c, ap->proposed_slot_id, err) != JW_OK) return err->code;
    rc.proposed_slot_id = 0;
    if (ch->event != JW_APPT_DECLINE) rc.cancelled_by = ch->staff ? "staff" : "citizen";
    break;
  default:
    break;
  }
  int changed = jw_appt_store_change(c, &rc, err);
  if (changed < 0) {
    if (err->code == JW_E_CONFLICT) /* the one-a-day index, on accepting a time that day */
      return jw_fail(err, JW_E_CONFLICT, "You already have an appointment with this officer that day.");
    return err->code;
  }
  if (!changed) return jw_fail(err, JW_E_CONFLICT, "The appointment changed meanwhile; reload it.");
  const char *event = EVENT_NAMES[ch->event];
  char oid[24], detail[200];
  snprintf(oid, sizeof oid, "%lld", (long long)ap->id);
  snprintf(detail, sizeof detail, "%s: %s -> %s", event, ap->status, p->t->to);
  const struct jw_audit_entry e = {
      .actor_id = p->who->user->id,
      .actor_login = p->who->user->login,
      .action = jw_arena_printf(p->a, "appointment.%s", event),
      .object_type = "officer_appointment",
      .object_id = oid,
      .detail = detail,
      .ip = p->who->ip,
  };
  if (jw_audit_write(c, &e, err) != JW_OK) return err->code;
  if (tell(c, p, err) != JW_OK) return err->code;
  if (ch->event == JW_APPT_NO_SHOW) {
    int64_t until = jw_appt_barred_until(c, ap->user_id, now, err);
    if (until < 0) return err->code;
    if (until) {
      char day[11], text[200];
      jw_date_format(jw_date_of_time(until, p->tz), day);
      snprintf(text, sizeof text, "您在90天内%d次预约未到，%s前不能在线预约民警，请致电派出所预约。",
               JW_APPT_NOSHOW_MAX, day);
      if (jw_notify(c, ap->user_id, "appointment.barred", "在线预约暂停", text, "/me/officer-appointments",
                    JW_NOTIFY_INBOX, err) != JW_OK)
        return err->code;
    }
  }
  return jw_appt_event_hook ? jw_appt_event_hook(c, ap->user_id, ap->officer.user_id, ap->id, event, err) : JW_OK;
}

enum jw_code jw_appt_apply(struct jw_conn *c, struct jw_arena *a, const struct jw_appt *ap,
                           const struct jw_appt_change *ch, const struct jw_appt_actor *who, int tz_offset_min,
                           struct jw_error *err) {
  const struct transition *t = find(ap->status, ch->event, ch->staff ? STAFF : CITIZEN);
  if (!t)
    return jw_fail(err, JW_E_CONFLICT, "An appointment that is %s cannot be %s.", ap->status,
                   ch->event == JW_APPT_NO_SHOW ? "marked a no-show" : EVENT_NAMES[ch->event]);
  int64_t now = (int64_t)time(NULL);
  switch (ch->event) {
  case JW_APPT_CANCEL:
  case JW_APPT_REFUSE:
    if (ap->starts_at - now < JW_APPT_CLOSE_SECS)
      return jw_fail(err, JW_E_CONFLICT, "Appointments can be cancelled until 2 hours before they start.");
    break;
  case JW_APPT_ACCEPT:
    if (ap->proposed_starts_at - now < JW_APPT_CLOSE_SECS)
      return jw_fail(err, JW_E_CONFLICT, "The proposed time is less than 2 hours away; ask for another.");
    break;
  case JW_APPT_CONFIRM:
  case JW_APPT_DECLINE:
    if (ap->starts_at <= now) return jw_fail(err, JW_E_CONFLICT, "The appointment has already started.");
    break;
  case JW_APPT_NO_SHOW:
  case JW_APPT_ATTEND:
    if (ap->starts_at > now) return jw_fail(err, JW_E_CONFLICT, "The appointment has not started yet.");
    break;
  case JW_APPT_PROPOSE:
    if (!ch->proposed) return jw_fail(err, JW_E_INTERNAL, "A proposal without a slot.");
    if (ch->proposed->owner_id != ap->officer_id || ch->proposed->id == ap->slot_id) {
      jw_field_fail(err, "slot_id", "must be another slot of the same officer");
      return JW_E_VALIDATION;
    }
    if (ch->proposed->starts_at - now < JW_APPT_CLOSE_SECS) {
      jw_field_fail(err, "slot_id", "must start at least 2 hours from now");
      return JW_E_VALIDATION;
    }
    break;
  }
  struct apply p = {a, ap, ch, who, t, tz_offset_min};
  return jw_tx(c, apply_tx, &p, err);
}

/* ---- reminders ---- */

struct remind {
  int64_t id, user;
  char title[80], text[600];
};

static enum jw_code remind_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct remind *m = arg;
  int changed = jw_appt_store_reminded(c, m->id, err);
  if (changed < 0) return err->code;
  if (!changed) return JW_OK; /* another instance sent it */
  return jw_notify(c, m->user, "appointment.reminder", m->title, m->text, "/me/officer-appointments", JW_NOTIFY_SMS,
                   err);
}

static int remind_batch(struct jw_conn *c, int64_t now, int tz) {
  struct jw_error err = {0};
  struct jw_date today = jw_date_of_time(now, tz);
  int64_t horizon = (int64_t)jw_date_midnight(jw_date_add_days(today, 2), tz);
  struct jw_appt_due due[50];
  int n = jw_appt_store_due(c, horizon, now, due, 50, &err);
  if (n < 0) return 0;
  for (int i = 0; i < n; i++) {
    struct remind m = {.id = due[i].id, .user = due[i].user_id};
    char at[32];
    when(due[i].starts_at, tz, at);
    int same_day = jw_date_serial(jw_date_of_time(due[i].starts_at, tz)) == jw_date_serial(today);
    snprintf(m.title, sizeof m.title, "%s民警预约提醒", same_day ? "今日" : "明日");
    snprintf(m.text, sizeof m.text,
             "您预约了%s与%s见面（预约号%s），地点：%s。请携带身份证准时到达；不能前来请提前取消。", at, due[i].officer,
             due[i].confirmation_no, due[i].place);
    if (jw_tx(c, remind_tx, &m, &err) != JW_OK) jw_warn("appointments: reminder failed: %s", err.detail);
  }
  return n;
}

void jw_appointments_tick(struct jw_conn *c, int tz_offset_min) {
  static int64_t last;
  int64_t now = (int64_t)time(NULL);
  if (now - last < 5) return;
  last = now;
  for (int i = 0; i < 20 && remind_batch(c, now, tz_offset_min) == 50; i++) continue;
}
