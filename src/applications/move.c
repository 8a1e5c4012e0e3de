/* move.c — what changes a case: a transition of the lifecycle, the
 * assignment to an officer, and the citizen's rating (with the follow-up a
 * bad one creates). Each runs in one transaction with its audit row. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "applications/internal.h"
#include "applications/store.h"
#include "core/mem.h"
#include "stats/stats.h"

/* The due date after a resubmission: the working days the clock stood still are added. */
static enum jw_code resumed_due(struct jw_conn *c, const struct jw_application *a, const char *today, char out[11],
                                struct jw_error *err) {
  struct jw_date from, to, due, res;
  snprintf(out, 11, "%s", a->due_date);
  if (!a->paused_on || jw_date_parse(a->paused_on, &from) || jw_date_parse(today, &to) ||
      jw_date_parse(a->due_date, &due))
    return JW_OK;
  int paused = jw_calendar_workdays_between(c, from, to, err);
  if (paused < 0) return err->code;
  if (jw_calendar_add_workdays(c, due, paused, &res, err) != JW_OK) return err->code;
  jw_date_format(res, out);
  return JW_OK;
}

/* Who is told that an unpaid fee is void (payments, wired by app/). */
static jw_app_fee_void_fn fee_void;

void jw_apps_set_fee_void(jw_app_fee_void_fn fn) { fee_void = fn; }

/* 1 when a case in status s is over: nothing can be owed for it any more. */
static int ended(enum jw_app_status s) {
  return s == APP_WITHDRAWN || s == APP_NOT_ACCEPTED || s == APP_REFUSED || s == APP_COMPLETED;
}

struct fire {
  const struct jw_apps_ctx *x;
  const struct jw_application *a;
  const struct jw_app_move *m;
};

static enum jw_code fire_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  const struct fire *f = arg;
  const struct jw_app_move *m = f->m;
  const struct jw_transition *t = m->t;
  char today[11], due[11];
  jw_apps_today(f->x, today);
  snprintf(due, sizeof due, "%s", f->a->due_date);
  if (t->from == APP_SUPPLEMENT && resumed_due(c, f->a, today, due, err) != JW_OK) return err->code;
  int done = t->to == APP_COMPLETED;
  int64_t now = time(NULL);
  struct jw_apps_store_move u = {
      .id = f->a->id,
      .now = now,
      .from = jw_app_status_name(t->from),
      .to = jw_app_status_name(t->to),
      .reason = t->needs_reason ? m->reason : NULL,
      .result = t->needs_result ? m->result : NULL,
      .form = m->form,
      .paused_on = t->to == APP_SUPPLEMENT ? today : NULL,
      .due_date = due,
      .completed_at = done ? now : 0,
      .completed_month = done ? jw_arena_strndup(f->x->arena, today, 7) : NULL,
      .on_time = done && strcmp(today, due) <= 0,
  };
  int changed = jw_apps_store_move(c, &u, err);
  if (changed < 0) return err->code;
  if (!changed) return jw_fail(err, JW_E_CONFLICT, "Someone else changed this application meanwhile; reload it.");
  if (m->replace_files && jw_apps_store_files_put(c, f->a->id, m->att, m->natt, err) != JW_OK) return err->code;
  /* Its fee unpaid and the case over: the open payment order must not take the money any more. */
  if (ended(t->to) && f->a->fee_cents > 0 && !f->a->fee_paid && fee_void &&
      fee_void(c, "application", f->a->tracking_no, now, err) != JW_OK)
    return err->code;
  if (done && jw_counter_add(c, "transactions", 1, err) != JW_OK) return err->code;
  return app_event(f->x, c, f->a, t->event, (int)t->from, t->to, m->reason, err);
}

enum jw_code jw_app_fire(const struct jw_apps_ctx *x, const struct jw_application *a, const struct jw_app_move *m,
                         struct jw_error *err) {
  /* A case whose fee is unpaid waits for it: only its applicant may act on it (withdraw). */
  if (a->fee_cents > 0 && !a->fee_paid && x->user && x->user->role != JW_ROLE_CITIZEN)
    return jw_fail(err, JW_E_CONFLICT, "The applicant has not paid the fee yet; the case waits for it.");
  struct fire f = {x, a, m};
  return jw_tx(x->db, fire_tx, &f, err);
}

struct assign {
  const struct jw_apps_ctx *x;
  const struct jw_application *a;
  int64_t user_id;
  const char *name;
};

static enum jw_code assign_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  const struct assign *t = arg;
  if (jw_apps_store_assign(c, t->a->id, t->user_id, time(NULL), err) != JW_OK) return err->code;
  return app_audit(t->x, c, "application.assign", t->a->id, err, "%s to %s (user %lld)", t->a->tracking_no, t->name,
                   (long long)t->user_id);
}

enum jw_code jw_app_assign(const struct jw_apps_ctx *x, const struct jw_application *a, int64_t user_id,
                           struct jw_error *err) {
  struct assign t = {x, a, user_id, NULL};
  const char *path = NULL;
  int found = jw_apps_store_staff(x->db, x->arena, user_id, &t.name, &path, err);
  if (found < 0) return err->code;
  /* The officer must work within the caller's scope and see the case. */
  if (!found || !jw_scope_contains(x->user, path) || strncmp(a->unit_path, path, strlen(path)) != 0) {
    jw_field_fail(err, "user_id", "must be a staff member of the case's unit (or above it) within your scope");
    return err->code;
  }
  return jw_tx(x->db, assign_tx, &t, err);
}

struct rate {
  const struct jw_apps_ctx *x;
  const struct jw_application *a;
  int grade;
  const char *comment;
};

static enum jw_code rate_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  const struct rate *t = arg;
  int64_t now = time(NULL);
  if (jw_apps_store_rate(c, t->a->id, t->grade, t->comment, now, err) != JW_OK)
    return err->code == JW_E_CONFLICT ? jw_fail(err, JW_E_CONFLICT, "This application has already been rated.")
                                      : err->code;
  if (t->grade <= 2 && jw_apps_store_followup_add(c, t->a->id, t->a->unit_path, now, err) != JW_OK) return err->code;
  return app_audit(t->x, c, "application.rate", t->a->id, err, "%s grade %lld", t->a->tracking_no, (long long)t->grade);
}

enum jw_code jw_app_rate(const struct jw_apps_ctx *x, const struct jw_application *a, int grade, const char *comment,
                         struct jw_error *err) {
  struct rate t = {x, a, grade, comment};
  return jw_tx(x->db, rate_tx, &t, err);
}
