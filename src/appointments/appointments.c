/* appointments.c — officers' office hours and the slots made from them, the
 * booking, the transition table of a booking's life, the no-show bar and the
 * reminders run from the server's tick. The SQL is in store.c. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "appointments/store.h"
#include "audit/audit.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/mem.h"
#include "notify/notify.h"
#include "stats/stats.h"

enum jw_code (*jw_appt_event_hook)(struct jw_conn *c, int64_t citizen_user, int64_t officer_user,
                                   int64_t appointment_id, const char *event, struct jw_error *err);

/* An audit row of who's action on object type (officer, officer_appointment) id. */
static enum jw_code audit_of(struct jw_conn *c, const struct jw_appt_actor *who, const char *action, const char *type,
                             int64_t id, const char *detail, struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  const struct jw_audit_entry e = {
      .actor_id = who && who->user ? who->user->id : 0,
      .actor_login = who && who->user ? who->user->login : NULL,
      .action = action,
      .object_type = type,
      .object_id = oid,
      .detail = detail,
      .ip = who ? who->ip : NULL,
  };
  return jw_audit_write(c, &e, err);
}

static enum jw_code audit(struct jw_conn *c, const struct jw_appt_actor *who, const char *action, int64_t id,
                          const char *detail, struct jw_error *err) {
  return audit_of(c, who, action, "officer", id, detail, err);
}

enum jw_code jw_appt_officer(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_appt_officer *o,
                             struct jw_error *err) {
  int found = jw_appt_store_officer(c, a, id, o, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no officer %lld.", (long long)id);
  return JW_OK;
}

int jw_appt_may_work(const struct jw_user *u, const struct jw_appt_officer *o) {
  if (!u || u->role == JW_ROLE_CITIZEN) return 0;
  if (o->user_id && o->user_id == u->id) return 1;
  switch (u->role) {
  case JW_ROLE_STATION_CHIEF:
  case JW_ROLE_UNIT_ADMIN:
    return jw_scope_contains(u, o->unit_path);
  case JW_ROLE_OFFICER:
  case JW_ROLE_AUXILIARY:
    return u->unit_id == o->unit_id; /* the duty desk of the officer's own unit */
  default:
    return 0; /* whole-bureau and finance roles are not the officer's desk */
  }
}

/* ---- office hours ---- */

enum jw_code jw_appt_hours_get(struct jw_conn *c, int64_t officer, struct jw_appt_hours out[7], size_t *n,
                               struct jw_error *err) {
  int k = jw_appt_store_hours(c, officer, out, err);
  if (k < 0) return err->code;
  *n = (size_t)k;
  return JW_OK;
}

struct hours_put {
  int64_t officer;
  const struct jw_appt_hours *h;
  size_t n;
  int accepts;
  const struct jw_appt_actor *who;
};

static enum jw_code hours_put_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct hours_put *p = arg;
  if (jw_appt_store_hours_clear(c, p->officer, err) != JW_OK) return err->code;
  for (size_t i = 0; i < p->n; i++)
    if (jw_appt_store_hours_add(c, p->officer, &p->h[i], err) != JW_OK) return err->code;
  if (jw_appt_store_accepts(c, p->officer, p->accepts, (int64_t)time(NULL), err) != JW_OK) return err->code;
  char detail[80];
  snprintf(detail, sizeof detail, "%zu weekdays, accepts %d", p->n, p->accepts);
  return audit(c, p->who, "appointment.hours", p->officer, detail, err);
}

enum jw_code jw_appt_hours_put(struct jw_conn *c, int64_t officer, const struct jw_appt_hours *h, size_t n, int accepts,
                               const struct jw_appt_actor *who, struct jw_error *err) {
  struct hours_put p = {officer, h, n, accepts, who};
  return jw_tx(c, hours_put_tx, &p, err);
}

/* The template row of weekday among officer's rows h[0..n), NULL when the officer does not work that day. */
static const struct jw_appt_hours *hours_of(const struct jw_appt_hours *h, int n, int weekday) {
  const struct jw_appt_hours *t = NULL;
  for (int i = 0; i < n; i++)
    if (h[i].weekday == weekday) t = &h[i];
  return t;
}

/* The slots already made on day follow an exception: a closed day keeps
 * what is booked and no more; a reopened one gets its weekday's capacity
 * back (never below what is booked), when the officer works that weekday. */
static enum jw_code day_capacity(struct jw_conn *c, int64_t officer, const char *day, int closed, int weekday,
                                 struct jw_error *err) {
  if (closed) return jw_slots_set_capacity(c, JW_SLOTS_OFFICER, officer, day, 0, err);
  struct jw_appt_hours h[7];
  int n = jw_appt_store_hours(c, officer, h, err);
  if (n < 0) return err->code;
  const struct jw_appt_hours *t = hours_of(h, n, weekday);
  return t ? jw_slots_set_capacity(c, JW_SLOTS_OFFICER, officer, day, t->capacity, err) : JW_OK;
}

struct exc_put {
  int64_t officer;
  const char *day, *note;
  int closed;
  const struct jw_appt_actor *who;
};

static enum jw_code exc_put_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct exc_put *p = arg;
  struct jw_date d;
  if (jw_date_parse(p->day, &d) != 0) return jw_fail(err, JW_E_NOT_FOUND, "%s is not a date.", p->day);
  if (p->closed) {
    int64_t open = 0;
    if (jw_appt_store_day_open(c, p->officer, p->day, &open, err) != JW_OK) return err->code;
    if (open > 0)
      return jw_fail(err, JW_E_CONFLICT, "%s has %lld open bookings; decline or move them first.", p->day,
                     (long long)open);
  }
  if (jw_appt_store_exception_put(c, p->officer, p->day, p->closed, p->note, err) != JW_OK) return err->code;
  if (day_capacity(c, p->officer, p->day, p->closed, jw_date_weekday(d), err) != JW_OK) return err->code;
  char detail[40];
  snprintf(detail, sizeof detail, "%s %s", p->day, p->closed ? "closed" : "open");
  return audit(c, p->who, "appointment.exception", p->officer, detail, err);
}

enum jw_code jw_appt_exception_put(struct jw_conn *c, int64_t officer, const char *day, int closed, const char *note,
                                   const struct jw_appt_actor *who, struct jw_error *err) {
  struct exc_put p = {officer, day, note, closed, who};
  return jw_tx(c, exc_put_tx, &p, err);
}

/* ---- slots ---- */

struct ensure {
  int64_t officer;
  struct jw_date day;
  int tz, open;
  const char *reason;
};

static enum jw_code ensure_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct ensure *e = arg;
  struct jw_appt_hours h[7];
  int n = jw_appt_store_hours(c, e->officer, h, err);
  if (n < 0) return err->code;
  const struct jw_appt_hours *t = hours_of(h, n, jw_date_weekday(e->day));
  if (!t) {
    e->reason = "no office hours";
    return JW_OK;
  }
  const struct jw_slot_template tpl = {t->open_min, t->close_min, 0, 0, t->slot_min, t->capacity};
  if (jw_slots_generate(c, JW_SLOTS_OFFICER, e->officer, e->day, e->tz, &tpl, err) != JW_OK) return err->code;
  e->open = 1;
  return JW_OK;
}

enum jw_code jw_appt_slots_ensure(struct jw_conn *c, int64_t officer, struct jw_date day, int tz_offset_min, int *open,
                                  const char **reason, struct jw_error *err) {
  struct ensure e = {officer, day, tz_offset_min, 0, NULL};
  char d[11];
  jw_date_format(day, d);
  struct jw_arena a = {0};
  struct jw_appt_officer o;
  enum jw_code rc = jw_appt_officer(c, &a, officer, &o, err);
  jw_arena_free(&a);
  if (rc != JW_OK) return rc;
  *open = 0;
  if (!o.accepts) {
    *reason = "not accepting appointments";
    return JW_OK;
  }
  int holiday = jw_calendar_is_holiday(c, day, err);
  if (holiday < 0) return err->code;
  if (holiday) {
    *reason = "public holiday";
    return JW_OK;
  }
  int closed = 0;
  int exc = jw_appt_store_exception(c, officer, d, &closed, err);
  if (exc < 0) return err->code;
  if (exc && closed) {
    *reason = "closed";
    return JW_OK;
  }
  int64_t have = 0;
  if (jw_slots_count(c, JW_SLOTS_OFFICER, officer, d, &have, err) != JW_OK) return err->code;
  if (have > 0) {
    *open = 1;
    *reason = NULL;
    return JW_OK;
  }
  if (jw_tx(c, ensure_tx, &e, err) != JW_OK) return err->code;
  *open = e.open;
  *reason = e.reason;
  return JW_OK;
}

enum jw_code jw_appt_day_slots(struct jw_conn *c, struct jw_arena *a, int64_t officer, const char *day,
                               struct jw_slot **out, size_t *n, struct jw_error *err) {
  return jw_slots_of_day(c, a, JW_SLOTS_OFFICER, officer, day, out, n, err);
}

enum jw_code jw_appt_slot_load(struct jw_conn *c, int64_t id, struct jw_slot *s, struct jw_error *err) {
  int found = jw_slots_get(c, JW_SLOTS_OFFICER, id, s, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no appointment slot %lld.", (long long)id);
  return JW_OK;
}

int64_t jw_appt_barred_until(struct jw_conn *c, int64_t user_id, int64_t now, struct jw_error *err) {
  int64_t t[50];
  int n =
      jw_appt_store_noshows(c, user_id, now - (int64_t)(JW_APPT_NOSHOW_WINDOW + JW_APPT_BAR_DAYS) * 86400, t, 50, err);
  if (n < 0) return -1;
  return jw_noshow_bar(t, n, JW_APPT_NOSHOW_MAX, JW_APPT_NOSHOW_WINDOW, JW_APPT_BAR_DAYS, now);
}

enum jw_code jw_appt_window(int tz_offset_min, const struct jw_slot *s, int64_t now, const char *field,
                            struct jw_error *err) {
  struct jw_date today = jw_date_of_time(now, tz_offset_min), day;
  if (jw_date_parse(s->day, &day) != 0) return jw_fail(err, JW_E_INTERNAL, "A slot has no valid date.");
  if (jw_date_serial(day) - jw_date_serial(today) > JW_APPT_OPEN_DAYS) {
    jw_field_fail(err, field, "booking opens %d days ahead", JW_APPT_OPEN_DAYS);
    return jw_fail(err, JW_E_VALIDATION, "Too early: appointments can be booked up to %d days ahead.",
                   JW_APPT_OPEN_DAYS);
  }
  if (s->starts_at - now < JW_APPT_CLOSE_SECS) {
    jw_field_fail(err, field, "booking closes 2 hours before the slot starts");
    return jw_fail(err, JW_E_VALIDATION, "Too late: booking closes 2 hours before the slot starts.");
  }
  return JW_OK;
}

/* ---- booking ---- */

static enum jw_code hook(struct jw_conn *c, int64_t citizen, int64_t officer_user, int64_t id, const char *event,
                         struct jw_error *err) {
  return jw_appt_event_hook ? jw_appt_event_hook(c, citizen, officer_user, id, event, err) : JW_OK;
}

struct book {
  struct jw_arena *a;
  const struct jw_appt_booking *b;
  const struct jw_appt_officer *o;
  int64_t id;
};

static enum jw_code book_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct book *k = arg;
  const struct jw_appt_booking *b = k->b;
  for (size_t i = 0; i < b->nfiles; i++) {
    int mine = jw_appt_store_upload_owned(c, b->files[i], b->who->user->id, err);
    if (mine < 0) return err->code;
    if (!mine) {
      jw_field_fail(err, "upload_ids", "%lld is not one of your uploads", (long long)b->files[i]);
      return jw_fail(err, JW_E_VALIDATION, "Attach only files you uploaded yourself.");
    }
  }
  int took = jw_slots_take(c, JW_SLOTS_OFFICER, b->slot->id, err);
  if (took < 0) return err->code;
  if (!took) return jw_fail(err, JW_E_CONFLICT, "This time is fully booked; please choose another.");
  const struct jw_appt_new v = {
      .confirmation_no = jw_random_token(k->a, 18),
      .topic = b->topic,
      .description = b->description,
      .idem_key = b->idem_key,
      .idem_hash = b->idem_hash,
      .slot = b->slot,
      .user_id = b->who->user->id,
      .now = (int64_t)time(NULL),
  };
  enum jw_code rc = jw_appt_store_insert(c, &v, &k->id, err);
  if (rc == JW_E_CONFLICT)
    return jw_fail(err, JW_E_CONFLICT, "You already have an appointment with this officer on %s.", b->slot->day);
  if (rc != JW_OK) return rc;
  const char *d = b->slot->day;
  char conf[24];
  snprintf(conf, sizeof conf, "YM%.4s%.2s%.2s%08lld", d, d + 5, d + 8, (long long)(k->id % 100000000));
  if (jw_appt_store_confirmation(c, k->id, conf, err) != JW_OK) return err->code;
  for (size_t i = 0; i < b->nfiles; i++)
    if (jw_appt_store_file_add(c, k->id, b->files[i], err) != JW_OK) return err->code;
  char detail[64];
  snprintf(detail, sizeof detail, "booked %s slot %lld of officer %lld", conf, (long long)b->slot->id,
           (long long)b->slot->owner_id);
  if (audit_of(c, b->who, "appointment.book", "officer_appointment", k->id, detail, err) != JW_OK) return err->code;
  if (k->o->user_id) {
    char text[200];
    snprintf(text, sizeof text, "群众预约了您%s的接待（预约号%s），请在工作台确认。", d, conf);
    if (jw_notify(c, k->o->user_id, "appointment.requested", "新的群众预约", text, "/console/appointments",
                  JW_NOTIFY_INBOX, err) != JW_OK)
      return err->code;
  }
  if (jw_counter_add(c, "transactions", 1, err) != JW_OK) return err->code;
  return hook(c, b->who->user->id, k->o->user_id, k->id, "booked", err);
}

enum jw_code jw_appt_book(struct jw_conn *c, struct jw_arena *a, const struct jw_appt_booking *b, int64_t *id,
                          struct jw_error *err) {
  struct jw_appt_officer o;
  if (jw_appt_officer(c, a, b->slot->owner_id, &o, err) != JW_OK) return err->code;
  struct book k = {a, b, &o, 0};
  enum jw_code rc = jw_tx(c, book_tx, &k, err);
  if (rc == JW_OK) *id = k.id;
  return rc;
}

int jw_appt_idem_find(struct jw_conn *c, struct jw_arena *a, int64_t user_id, const char *key, int64_t *id,
                      const char **hash, struct jw_error *err) {
  return jw_appt_store_idem(c, a, user_id, key, id, hash, err);
}

enum jw_code jw_appt_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_appt *out, struct jw_error *err) {
  int found = jw_appt_store_get(c, a, id, out, err);
  if (found < 0) return err->code;
  return found ? JW_OK : JW_E_NOT_FOUND;
}

enum jw_code jw_appt_of_user(struct jw_conn *c, struct jw_arena *a, int64_t user_id, int64_t before, int64_t limit,
                             struct jw_appt **out, size_t *n, struct jw_error *err) {
  return jw_appt_store_of_user(c, a, user_id, before, limit, out, n, err);
}

enum jw_code jw_appt_of_officer(struct jw_conn *c, struct jw_arena *a, int64_t officer, int64_t from, int64_t to,
                                struct jw_appt **out, size_t *n, struct jw_error *err) {
  return jw_appt_store_of_officer(c, a, officer, from, to, out, n, err);
}
