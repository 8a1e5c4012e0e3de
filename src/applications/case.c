/* case.c — one application: who may see it, how it is shown, and the
 * record every transition leaves (history, audit row, the applicant's inbox). */
#include <assert.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "applications/internal.h"
#include "applications/store.h"
#include "audit/audit.h"
#include "core/mem.h"
#include "notify/notify.h"

void app_tracking_no(const char *day, int64_t n, char out[40]) {
  snprintf(out, 40, "TZ%.8s%06lld-%06u", day, (long long)(n % 1000000), (unsigned)randombytes_uniform(1000000));
}

void jw_apps_today(const struct jw_apps_ctx *x, char out[11]) {
  jw_date_format(jw_date_of_time((long long)time(NULL), x->tz_offset_min), out);
}

enum jw_code jw_app_load(const struct jw_apps_ctx *x, const char *tracking_no, struct jw_application *a,
                         struct jw_error *err) {
  int found = jw_apps_store_load(x->db, x->arena, tracking_no, a, err);
  if (found < 0) return err->code;
  if (found && (a->applicant_id == x->user->id || jw_app_staff_view(x, a))) return JW_OK;
  return jw_fail(err, JW_E_NOT_FOUND, "There is no application %.40s that you may see.", tracking_no);
}

int jw_app_staff_view(const struct jw_apps_ctx *x, const struct jw_application *a) {
  return a->applicant_id != x->user->id && (JW_BIT(x->user->role) & JW_APP_STAFF) &&
         jw_scope_contains(x->user, a->unit_path);
}

/* The events the caller may fire on a now, into out (NULL-terminated). */
static void actions(const struct jw_apps_ctx *x, const struct jw_application *a, const char *out[12]) {
  static const char *const events[] = {"accept", "not_accept", "request_supplement", "start_review", "approve",
                                       "refuse", "complete",   "resubmit",           "withdraw",     NULL};
  int staff = jw_app_staff_view(x, a), applicant = a->applicant_id == x->user->id, n = 0;
  for (int i = 0; events[i]; i++) {
    const struct jw_transition *t = jw_app_transition(events[i], a->status, NULL);
    if (t && ((t->who == JW_APP_APPLICANT && applicant) ||
              (t->who != JW_APP_APPLICANT && staff && (t->who & JW_BIT(x->user->role))))) {
      assert(n < 11);
      out[n++] = events[i];
    }
  }
  out[n] = NULL;
}

enum jw_code jw_app_detail(const struct jw_apps_ctx *x, const struct jw_application *a, struct jw_app_detail *d,
                           struct jw_error *err) {
  memset(d, 0, sizeof *d);
  d->app = *a;
  if (jw_apps_store_detail(x->db, x->arena, d, err) != JW_OK) return err->code;
  char today[11], soon[11];
  jw_apps_due_window(x, today, soon);
  int open = jw_app_status_open((int)a->status);
  d->overdue = open && strcmp(a->due_date, today) < 0;
  d->due_soon = open && strcmp(a->due_date, today) >= 0 && strcmp(a->due_date, soon) <= 0;
  d->paused = a->status == APP_SUPPLEMENT;
  if (jw_apps_store_history(x->db, x->arena, a->id, &d->history, &d->nhistory, err) != JW_OK) return err->code;
  if (jw_apps_store_files(x->db, x->arena, a->id, &d->files, &d->nfiles, err) != JW_OK) return err->code;
  actions(x, a, d->actions);
  return JW_OK;
}

enum jw_code app_audit(const struct jw_apps_ctx *x, struct jw_conn *c, const char *action, int64_t id,
                       struct jw_error *err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *detail = jw_arena_vprintf(x->arena, fmt, ap);
  va_end(ap);
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {
      .actor_id = x->user->id,
      .actor_login = x->user->login,
      .action = action,
      .object_type = "application",
      .object_id = id ? oid : "",
      .detail = detail,
      .ip = x->ip,
  };
  return jw_audit_write(c, &e, err);
}

struct read_audit {
  const struct jw_apps_ctx *x;
  const char *action, *detail;
  const struct jw_application *a;
};

static enum jw_code read_audit_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct read_audit *t = arg;
  return app_audit(t->x, c, t->action, t->a->id, err, "%s %s", t->a->tracking_no, t->detail);
}

enum jw_code jw_app_audit_read(const struct jw_apps_ctx *x, const char *action, const struct jw_application *a,
                               const char *detail, struct jw_error *err) {
  struct read_audit t = {x, action, detail, a};
  return jw_tx(x->db, read_audit_tx, &t, err);
}

enum jw_code app_event(const struct jw_apps_ctx *x, struct jw_conn *c, const struct jw_application *a,
                       const char *event, int from, enum jw_app_status to, const char *reason, struct jw_error *err) {
  const char *from_name = from < 0 ? NULL : jw_app_status_name((enum jw_app_status)from);
  if (jw_apps_store_event_add(c, a->id, time(NULL), event, from_name, jw_app_status_name(to), x->user->id,
                              reason ? reason : "", err) != JW_OK)
    return err->code;
  if (app_audit(x, c, jw_arena_printf(x->arena, "application.%s", event), a->id, err, "%s %s -> %s%s%.120s",
                a->tracking_no, from_name ? from_name : "-", jw_app_status_name(to), reason && *reason ? ": " : "",
                reason ? reason : "") != JW_OK)
    return err->code;
  const char *service;
  if (jw_apps_store_service_name(c, x->arena, a->service_id, &service, err) != JW_OK) return err->code;
  const char *title = jw_arena_printf(x->arena, "办件%s：%s", a->tracking_no, jw_app_status_label(to));
  const char *body = jw_arena_printf(x->arena, "您申请的“%s”（办件编号%s）状态为：%s。%s%s", service, a->tracking_no,
                                     jw_app_status_label(to), reason && *reason ? "说明：" : "", reason ? reason : "");
  return jw_notify(c, a->applicant_id, "application.status", title, body,
                   jw_arena_printf(x->arena, "/applications/%s", a->tracking_no), JW_NOTIFY_SMS, err);
}

enum jw_code jw_app_attachments_lookup(const struct jw_apps_ctx *x, struct jw_attachment_in *a, size_t n,
                                       struct jw_error *err) {
  for (size_t i = 0; i < n; i++) {
    a[i].type = NULL;
    if (jw_apps_store_upload(x->db, x->arena, a[i].upload_id, x->user->id, &a[i].type, &a[i].size, err) < 0)
      return err->code;
  }
  return JW_OK;
}

enum jw_code jw_app_file(const struct jw_apps_ctx *x, const struct jw_application *a, int64_t upload_id,
                         struct jw_app_stored_file *f, struct jw_error *err) {
  int found = jw_apps_store_file(x->db, x->arena, a->id, upload_id, f, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "The application has no such attachment.");
  return JW_OK;
}
