/*
 * prevention.h — the crime-prevention bus (防范宣传车): visit requests from
 * villages, companies and schools (a public form, no sign-in), and the
 * events the bus holds, on a public calendar with monthly totals.
 *
 * A request follows pending → approved (scheduling an event for it, in the
 * same transaction) or pending → declined (with a reason); an event follows
 * scheduled → held (the visitors reached, recorded afterwards) or scheduled
 * → cancelled. Both are transition tables (prevention.c) fired as
 * conditional UPDATEs with their audit rows.
 *
 * Scope: requests and events belong to a unit; staff see those under their
 * unit path, others get 404. The public sees events (no officers, no
 * contacts) and totals; a request's phone is whole for police in scope and
 * masked everywhere else.
 *
 * Plain values, no HTTP, no JSON; the SQL is in prevention/store.c.
 */
#ifndef JW_PREVENTION_H
#define JW_PREVENTION_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

/* As the API spells them; NULL-terminated. */
extern const char *const jw_prev_org_kinds[];        /* village, company, school, community, other */
extern const char *const jw_prev_request_statuses[]; /* pending, approved, declined */
extern const char *const jw_prev_event_statuses[];   /* scheduled, held, cancelled */

/* A visit request (strings arena-owned). */
struct jw_prev_request {
  int64_t id, unit_id, audience, event_id; /* event_id 0: none */
  const char *unit_name, *unit_path, *org_kind, *org_name, *contact_name, *phone, *date_from, *date_to, *topic;
  const char *note, *status, *decline_reason;
  int64_t created_at, decided_at; /* decided_at 0: not yet */
};

/* An event of the bus (strings arena-owned). */
struct jw_prev_event {
  int64_t id, unit_id, request_id; /* request_id 0: none */
  const char *unit_name, *unit_path, *day, *starts, *ends, *place, *org_kind, *org_name, *topic, *officers;
  const char *status, *cancel_reason;
  int64_t visitors; /* -1 until held */
  int64_t created_at;
};

/* A request from the public form (borrowed strings, checked by the handler
 * for type and length; jw_prev_request_submit checks the rest). */
struct jw_prev_new_request {
  int64_t unit_id, audience;
  const char *org_kind, *org_name, *contact_name, *phone, *date_from, *date_to, *topic, *note;
};

/* An event to schedule (borrowed). On approval org_kind, org_name come
 * from the request and topic may be NULL (the request's). */
struct jw_prev_new_event {
  int64_t unit_id; /* 0: the actor's own unit */
  const char *day, *starts, *ends, *place, *org_kind, *org_name, *topic, *officers;
};

/* Who acts (user NULL for the public form), from where, the arena for
 * strings read back, the time and the bureau's zone. Borrowed. */
struct jw_prev_actor {
  const struct jw_user *user;
  const char *ip;
  struct jw_arena *a;
  int64_t now;
  int tz_offset_min;
};

/*
 * Stores a request from the public form with its audit row: the unit must
 * be a police station, community station or village office; the phone a
 * mainland mobile; date_from from today to a year ahead, date_to from
 * date_from to 90 days after it. *id receives the id. JW_E_VALIDATION
 * naming the fields, else JW_OK or the code with err set; nothing is
 * written on failure.
 */
enum jw_code jw_prev_request_submit(struct jw_conn *c, const struct jw_prev_actor *who,
                                    const struct jw_prev_new_request *in, int64_t *id, struct jw_error *err);

/* Request id into *out when who (staff) may see it, else JW_E_NOT_FOUND. */
enum jw_code jw_prev_request_get(struct jw_conn *c, const struct jw_prev_actor *who, int64_t id,
                                 struct jw_prev_request *out, struct jw_error *err);

/* A page of the requests in who's scope (status NULL: all), oldest pending
 * first: id above cursor (0: from the start), up to limit + 1 rows. */
enum jw_code jw_prev_request_list(struct jw_conn *c, const struct jw_prev_actor *who, const char *status, int64_t limit,
                                  int64_t cursor, struct jw_prev_request **out, size_t *n, struct jw_error *err);

/*
 * Approves request id, scheduling event ev for it (day not before today),
 * or declines it with reason; each with its audit row in one transaction.
 * *event_id (approve) receives the new event's id. JW_E_NOT_FOUND out of
 * scope, JW_E_FORBIDDEN for a role the table does not name, JW_E_CONFLICT
 * when the request is no longer pending.
 */
enum jw_code jw_prev_request_approve(struct jw_conn *c, const struct jw_prev_actor *who, int64_t id,
                                     const struct jw_prev_new_event *ev, int64_t *event_id, struct jw_error *err);
enum jw_code jw_prev_request_decline(struct jw_conn *c, const struct jw_prev_actor *who, int64_t id, const char *reason,
                                     struct jw_error *err);

/* Schedules an event (not from a request) in the unit ev->unit_id (in
 * scope) or who's own, with its audit row; *id receives it. */
enum jw_code jw_prev_event_create(struct jw_conn *c, const struct jw_prev_actor *who,
                                  const struct jw_prev_new_event *ev, int64_t *id, struct jw_error *err);

/* Event id into *out when who may see it (who NULL: anyone, for the public
 * calendar), else JW_E_NOT_FOUND. */
enum jw_code jw_prev_event_get(struct jw_conn *c, const struct jw_prev_actor *who, int64_t id,
                               struct jw_prev_event *out, struct jw_error *err);

/* The events of month ("YYYY-MM") in day order: in who's scope (who->user
 * NULL: every unit, cancelled left out), status NULL for all, at most 500. */
enum jw_code jw_prev_event_month(struct jw_conn *c, const struct jw_prev_actor *who, const char *month,
                                 const char *status, struct jw_prev_event **out, size_t *n, struct jw_error *err);

/* Records that event id was held and reached visitors (0..1,000,000; the
 * day must have come), or cancels it with reason; each with its audit row.
 * JW_E_CONFLICT when the event is no longer scheduled. */
enum jw_code jw_prev_event_held(struct jw_conn *c, const struct jw_prev_actor *who, int64_t id, int64_t visitors,
                                struct jw_error *err);
enum jw_code jw_prev_event_cancel(struct jw_conn *c, const struct jw_prev_actor *who, int64_t id, const char *reason,
                                  struct jw_error *err);

/* One month's totals: events held, visitors reached, events scheduled. */
struct jw_prev_month {
  char month[8]; /* YYYY-MM */
  int64_t held, visitors, scheduled;
};
/* Every month from ("YYYY-MM") to to inclusive (at most 36) into *out
 * (arena array, months without events as zeros) and *n. */
enum jw_code jw_prev_totals(struct jw_conn *c, struct jw_arena *a, const char *from, const char *to,
                            struct jw_prev_month **out, size_t *n, struct jw_error *err);

/* 1 when s is a month "YYYY-MM" (years 1900–2199). */
int jw_prev_month_ok(const char *s);

/*
 * The demo (seed --demo): 20 bus events of 白云派出所 over the last two
 * months (held, with visitors), a few scheduled ahead, and a few pending
 * requests. Idempotent: nothing is added when the demo events are there.
 * *added (may be NULL) receives how many events were added.
 */
enum jw_code jw_prevention_seed_demo(struct jw_conn *c, int64_t now, int tz_offset_min, int *added,
                                     struct jw_error *err);

#endif
