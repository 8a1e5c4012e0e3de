/* apply.c — a citizen applies: the accepting unit, the citizen's limits, a
 * tracking number from the day's sequence, the due date in working days,
 * and Idempotency-Key so that a double click makes one application. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "applications/internal.h"
#include "applications/store.h"
#include "core/mem.h"
#include "services/services.h"

/* "派出所、社区警务室": the names of kinds, arena-owned. */
static const char *kind_names(struct jw_arena *a, const char *const *kinds) {
  const char *out = "";
  for (int i = 0; kinds[i]; i++) out = jw_arena_printf(a, "%s%s%s", out, i ? "、" : "", jw_unit_kind_name(kinds[i]));
  return out;
}

enum jw_code jw_app_accepting_unit(const struct jw_apps_ctx *x, int64_t unit_id, const char *const *kinds, int64_t *id,
                                   const char **path, struct jw_error *err) {
  if (!unit_id) {
    struct jw_apps_unit home;
    int found = jw_apps_store_home_unit(x->db, x->arena, x->user->id, kinds, &home, err);
    if (found < 0) return err->code;
    if (!found) {
      jw_field_fail(err, "unit_id", "choose the unit that accepts this item (%s)", kind_names(x->arena, kinds));
      return err->code;
    }
    unit_id = home.id;
  }
  const char *kind = NULL;
  int found = jw_apps_store_unit(x->db, x->arena, unit_id, id, path, &kind, err);
  if (found < 0) return err->code;
  if (!found) {
    jw_field_fail(err, "unit_id", "there is no unit %lld", (long long)unit_id);
    return err->code;
  }
  for (int i = 0; kinds[i]; i++)
    if (strcmp(kind, kinds[i]) == 0) return JW_OK;
  jw_field_fail(err, "unit_id", "this unit does not accept this item; it is accepted by a %s",
                kind_names(x->arena, kinds));
  return err->code;
}

enum jw_code jw_app_units_for(const struct jw_apps_ctx *x, const char *const *kinds, struct jw_apps_unit **units,
                              size_t *n, int64_t *home, struct jw_error *err) {
  *home = 0;
  if (jw_apps_store_units_of_kinds(x->db, x->arena, kinds, units, n, err) != JW_OK) return err->code;
  if (!x->user || x->user->role != JW_ROLE_CITIZEN) return JW_OK;
  struct jw_apps_unit h;
  int found = jw_apps_store_home_unit(x->db, x->arena, x->user->id, kinds, &h, err);
  if (found < 0) return err->code;
  if (found) *home = h.id;
  return JW_OK;
}

int jw_app_idem_find(const struct jw_apps_ctx *x, const char *key, const char *hash, struct jw_app_made *out,
                     struct jw_error *err) {
  const char *stored = NULL;
  int found = jw_apps_store_idem(x->db, x->arena, x->user->id, key, out, &stored, err);
  if (found <= 0) return found;
  if (strcmp(stored, hash) != 0) {
    jw_fail(err, JW_E_VALIDATION, "This Idempotency-Key was already used for a different application; use a new key.");
    return -1;
  }
  return 1;
}

struct apply {
  const struct jw_apps_ctx *x;
  const struct jw_app_new *p;
  struct jw_app_made *out;
};

/*
 * The citizen's limits, in the transaction that adds the application: the
 * day's row is counted up only while it stays within the daily limit, and
 * it stays locked until the commit, so one citizen's applications pass one
 * at a time and the open ones per item are counted from committed rows.
 */
static enum jw_code within_limits(struct jw_conn *c, const struct apply *t, const char *today, struct jw_error *err) {
  const struct jw_app_new *p = t->p;
  int counted = jw_apps_store_usage_bump(c, t->x->user->id, today, p->daily_limit, err);
  if (counted < 0) return err->code;
  if (!counted) {
    err->retry_after = jw_secs_to_midnight(time(NULL), t->x->tz_offset_min);
    return jw_fail(err, JW_E_RATE_LIMITED,
                   "You have made %d applications today, the most one person may; apply again tomorrow.",
                   p->daily_limit);
  }
  int64_t open = jw_apps_store_open_count(c, t->x->user->id, p->service_id, err);
  if (open < 0) return err->code ? err->code : JW_E_DB;
  if (open >= p->open_per_item)
    return jw_fail(err, JW_E_CONFLICT,
                   "You already have %lld open applications for this item, the most one person may; wait until one "
                   "is finished or withdraw one.",
                   (long long)open);
  return JW_OK;
}

static enum jw_code apply_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct apply *t = arg;
  const struct jw_app_new *p = t->p;
  const struct jw_apps_ctx *x = t->x;
  char today[11];
  jw_apps_today(x, today);
  if (within_limits(c, t, today, err) != JW_OK) return err->code;
  char day[9] = {today[0], today[1], today[2], today[3], today[5], today[6], today[8], today[9], 0};
  int64_t seq = jw_apps_store_seq_next(c, day, err);
  if (seq < 0) return err->code ? err->code : JW_E_DB;
  app_tracking_no(day, seq, t->out->tracking_no);
  struct jw_date d, due;
  jw_date_parse(today, &d);
  if (jw_calendar_add_workdays(c, d, p->promised_days, &due, err) != JW_OK) return err->code;
  jw_date_format(due, t->out->due_date);
  int64_t now = time(NULL);
  struct jw_apps_store_row row = {
      .tracking_no = t->out->tracking_no,
      .service_id = p->service_id,
      .service_version = p->version,
      .applicant_id = x->user->id,
      .unit_id = p->unit_id,
      .unit_path = p->unit_path,
      .status = "submitted",
      .form = p->form,
      .submitted_at = now,
      .submitted_month = jw_arena_strndup(x->arena, today, 7),
      .due_date = t->out->due_date,
      .idem_key = p->idem_key,
      .idem_hash = p->idem_hash,
      .updated_at = now,
  };
  int64_t id;
  if (jw_apps_store_insert(c, &row, &id, err) != JW_OK) return err->code;
  if (jw_apps_store_files_put(c, id, p->att, p->natt, err) != JW_OK) return err->code;
  if (p->fee_cents > 0 && jw_apps_store_fee_put(c, id, p->fee_cents, err) != JW_OK) return err->code;
  struct jw_application a = {
      .id = id, .applicant_id = x->user->id, .tracking_no = t->out->tracking_no, .service_id = p->service_id};
  return app_event(x, c, &a, "submit", -1, APP_SUBMITTED, "", err);
}

enum jw_code jw_app_apply(const struct jw_apps_ctx *x, const struct jw_app_new *p, struct jw_app_made *out,
                          struct jw_error *err) {
  struct apply t = {x, p, out};
  enum jw_code rc = jw_tx(x->db, apply_tx, &t, err);
  if (rc != JW_OK) return rc;
  snprintf(out->status, sizeof out->status, "submitted");
  out->service_version = p->version;
  return JW_OK;
}
