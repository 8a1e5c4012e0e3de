/* consult.c — the consultations' rules: who may see and do what, the
 * states, deadlines, limits; each change one transaction with its audit
 * row and event rows. */
#include "consult/consult.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "calendar/calendar.h"
#include "consult/store.h"
#include "core/mem.h"
#include "events/events.h"
#include "uploads/uploads.h"

const char *const jw_consult_box_names[] = {"open", "unassigned", "mine", "overdue", "closed", "all", "mailbox", NULL};

/* What can happen to a thread. */
enum consult_event { EV_CITIZEN_MESSAGE, EV_STAFF_MESSAGE, EV_ASSIGN, EV_CLOSE, EV_RATE };

/* The lifecycle; anything not listed is refused with 409. */
static const struct {
  const char *from;
  enum consult_event event;
  const char *to;
} transitions[] = {
    {"waiting", EV_CITIZEN_MESSAGE, "waiting"},
    {"answered", EV_CITIZEN_MESSAGE, "waiting"},
    {"waiting", EV_STAFF_MESSAGE, "answered"},
    {"answered", EV_STAFF_MESSAGE, "answered"},
    {"waiting", EV_ASSIGN, "waiting"},
    {"answered", EV_ASSIGN, "answered"},
    {"waiting", EV_CLOSE, "closed"},
    {"answered", EV_CLOSE, "closed"},
    {"answered", EV_RATE, "answered"},
    {"closed", EV_RATE, "closed"},
};

/* The state t goes to on ev, or NULL when ev is not allowed now. */
static const char *next_state(const char *from, enum consult_event ev) {
  for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
    if (transitions[i].event == ev && strcmp(transitions[i].from, from) == 0) return transitions[i].to;
  return NULL;
}

static int is_citizen(const struct jw_user *u) { return u->role == JW_ROLE_CITIZEN; }

int jw_consult_overdue(const struct jw_consultation *t, long long now) {
  return strcmp(t->status, "waiting") == 0 && t->due_at > 0 && now >= t->due_at;
}

/* The end of the next working day after now's date, in the bureau's zone. */
static enum jw_code deadline(struct jw_conn *c, int tz, long long now, int64_t *out, struct jw_error *err) {
  struct jw_date d;
  if (jw_calendar_add_workdays(c, jw_date_of_time(now, tz), 1, &d, err) != JW_OK) return err->code;
  *out = jw_date_midnight(jw_date_add_days(d, 1), tz);
  return JW_OK;
}

static enum jw_code audit(struct jw_conn *c, const struct jw_consult_actor *who, const char *action, int64_t id,
                          const char *detail, struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  const struct jw_audit_entry e = {who->user->id, who->user->login, action, "consultation", oid, detail, who->ip};
  return jw_audit_write(c, &e, err);
}

/* The event kind for everyone on thread t (the citizen, and the assignee
 * or else the addressed officer); data names the thread. */
static enum jw_code notify(struct jw_conn *c, const struct jw_consultation *t, int64_t assignee, const char *kind,
                           int64_t message_id, const char *side, struct jw_error *err) {
  char data[160];
  snprintf(data, sizeof data, "{\"consultation_id\":%lld,\"message_id\":%lld,\"side\":\"%s\"}", (long long)t->id,
           (long long)message_id, side);
  int64_t staff = assignee ? assignee : t->officer_user_id;
  if (jw_events_add(c, t->citizen_id, kind, data, err) != JW_OK) return err->code;
  if (staff && jw_events_add(c, staff, kind, data, err) != JW_OK) return err->code;
  return JW_OK;
}

/* Images must be the author's own uploads: 422 on upload_ids otherwise (a
 * forged id of somebody else's upload looks like a missing one). */
static enum jw_code check_uploads(struct jw_conn *c, int64_t user_id, const int64_t *ids, int n, struct jw_error *err) {
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < i; j++)
      if (ids[j] == ids[i]) {
        jw_field_fail(err, "upload_ids", "names the same upload twice");
        return JW_E_VALIDATION;
      }
    int own = jw_consult_store_own_image(c, ids[i], user_id, err);
    if (own < 0) return err->code;
    if (!own) {
      jw_field_fail(err, "upload_ids", "upload %lld is not an image you uploaded", (long long)ids[i]);
      return JW_E_VALIDATION;
    }
  }
  return JW_OK;
}

struct create_tx {
  const struct jw_consult_actor *who;
  const struct jw_consult_new *in;
  struct jw_consultation t;
  int64_t id;
};

static enum jw_code create_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct create_tx *x = arg;
  if (jw_consult_store_insert(c, &x->t, &x->id, err) != JW_OK) return err->code;
  x->t.id = x->id;
  int64_t mid = 0;
  if (jw_consult_store_message(c, x->id, x->who->user->id, "citizen", x->in->body, x->t.created_at, x->in->uploads,
                               x->in->nuploads, &mid, err) != JW_OK)
    return err->code;
  int moved = jw_consult_store_move(c, x->id, "waiting", "waiting", x->t.due_at, mid, 0, x->t.created_at, err);
  if (moved < 0) return err->code;
  if (notify(c, &x->t, x->t.assignee_id, "thread", mid, "citizen", err) != JW_OK) return err->code;
  if (x->t.assignee_id) return JW_OK;
  /* Unassigned: it lands in the inboxes of those who lead the unit. */
  int64_t leaders[16];
  int n = jw_consult_store_leaders(c, x->t.unit_path, leaders, 16, err);
  if (n < 0) return err->code;
  char data[96];
  snprintf(data, sizeof data, "{\"consultation_id\":%lld,\"message_id\":%lld,\"side\":\"citizen\"}", (long long)x->id,
           (long long)mid);
  for (int i = 0; i < n; i++)
    if (jw_events_add(c, leaders[i], "thread", data, err) != JW_OK) return err->code;
  if (!x->t.mailbox) return JW_OK;
  /* A letter to a mailbox: its office's officers too. */
  if ((n = jw_consult_store_office(c, x->t.unit_id, leaders, 16, err)) < 0) return err->code;
  for (int i = 0; i < n; i++)
    if (jw_events_add(c, leaders[i], "thread", data, err) != JW_OK) return err->code;
  return JW_OK;
}

enum jw_code jw_consult_create(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consult_new *in,
                               int64_t *id, struct jw_error *err) {
  struct jw_arena a = {0};
  struct create_tx x = {who, in, {0}, 0};
  long long now = (long long)time(NULL);
  enum jw_code rc = JW_OK;
  const char *mailbox = in->mailbox;
  int accepts = 0, found = 0;
  if (in->officer_id) {
    const char *box = "";
    found = jw_consult_store_officer(c, in->officer_id, &a, &x.t.unit_id, &x.t.unit_path, &x.t.officer_user_id,
                                     &accepts, &box, err);
    if (found < 0) goto fail;
    if (found && *box) mailbox = box; /* a letter to the chief goes to the chief's mailbox */
  }
  if (mailbox) {
    struct jw_mailbox m;
    found = jw_consult_store_mailbox(c, mailbox, &a, &m, &x.t.unit_path, err);
    if (found < 0) goto fail;
    if (!found) {
      jw_field_fail(err, in->officer_id ? "officer_id" : "mailbox", "there is no such mailbox");
      rc = JW_E_VALIDATION;
      goto out;
    }
    x.t.mailbox = m.id;
    x.t.unit_id = m.unit_id;
    x.t.officer_id = m.officer_id;
    x.t.officer_user_id = 0; /* the office works it: unassigned in its inbox */
  } else if (in->officer_id) {
    if (!found || !accepts) {
      jw_field_fail(
          err, "officer_id",
          found ? "this officer does not take consultations; ask their unit instead" : "there is no such officer");
      rc = JW_E_VALIDATION;
      goto out;
    }
    x.t.officer_id = in->officer_id;
    x.t.assignee_id = x.t.officer_user_id; /* the officer works it; without an account it waits in the inbox */
  } else {
    found = jw_consult_store_unit(c, in->unit_id, &a, &x.t.unit_path, err);
    if (found < 0) goto fail;
    if (!found) {
      jw_field_fail(err, "unit_id", "there is no such unit");
      rc = JW_E_VALIDATION;
      goto out;
    }
    x.t.unit_id = in->unit_id;
  }
  jw_conn_release(c);
  if ((rc = check_uploads(c, who->user->id, in->uploads, in->nuploads, err)) != JW_OK) goto out;
  if ((rc = deadline(c, who->tz_offset_min, now, &x.t.due_at, err)) != JW_OK) goto out;
  char key[48];
  snprintf(key, sizeof key, "consult-new:%lld", (long long)who->user->id);
  if ((rc = jw_rate_limit(c, key, JW_CONSULT_THREADS_PER_DAY, 86400, err)) != JW_OK) goto out;
  x.t.citizen_id = who->user->id;
  x.t.subject = in->subject;
  x.t.created_at = now;
  rc = jw_tx(c, create_fn, &x, err);
  jw_events_flush();
  if (rc == JW_OK) *id = x.id;
  goto out;
fail:
  rc = err->code;
out:
  jw_arena_free(&a);
  return rc;
}

/* 1 when staff user u may work thread t: in their scope or assigned to them. */
static int staff_sees(const struct jw_user *u, const struct jw_consultation *t) {
  return t->assignee_id == u->id || jw_scope_contains(u, t->unit_path);
}

enum jw_code jw_consult_load(struct jw_conn *c, const struct jw_consult_actor *who, int64_t id, struct jw_arena *a,
                             struct jw_consultation *out, struct jw_error *err) {
  int found = id > 0 ? jw_consult_store_load(c, id, a, out, err) : 0;
  if (found < 0) return err->code;
  const struct jw_user *u = who->user;
  if (!found || (is_citizen(u) ? out->citizen_id != u->id : !staff_sees(u, out)))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no consultation %lld.", (long long)id);
  return JW_OK;
}

enum jw_code jw_consult_messages(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_consult_message **out,
                                 size_t *n, struct jw_error *err) {
  return jw_consult_store_messages(c, id, a, out, n, err);
}

struct staff_read_tx {
  const struct jw_consult_actor *who;
  int64_t id;
};

static enum jw_code staff_read_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct staff_read_tx *x = arg;
  return audit(c, x->who, "consultation.view", x->id, "", err);
}

enum jw_code jw_consult_audit_view(struct jw_conn *c, const struct jw_consult_actor *who, int64_t id,
                                   struct jw_error *err) {
  if (is_citizen(who->user)) return JW_OK;
  struct staff_read_tx x = {who, id};
  return jw_tx(c, staff_read_fn, &x, err);
}

enum jw_code jw_consult_image(struct jw_conn *c, const char *upload_dir, int64_t id, int64_t upload_id,
                              struct jw_arena *a, const void **data, size_t *n, const char **type,
                              struct jw_error *err) {
  const char *sha = NULL;
  int64_t size = 0;
  int found = jw_consult_store_image(c, id, upload_id, a, &sha, type, &size, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no such image in this consultation.");
  jw_conn_release(c);
  if (jw_upload_read(a, upload_dir, sha, size, data, err) != JW_OK) return err->code;
  *n = (size_t)size;
  return JW_OK;
}

struct post_tx {
  const struct jw_consult_actor *who;
  const struct jw_consultation *t;
  const char *body, *to;
  const int64_t *uploads;
  int nuploads, staff;
  int64_t due_at, msg_id;
  long long now;
};

static enum jw_code post_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct post_tx *x = arg;
  const char *side = x->staff ? "staff" : "citizen";
  if (jw_consult_store_message(c, x->t->id, x->who->user->id, side, x->body, x->now, x->uploads, x->nuploads,
                               &x->msg_id, err) != JW_OK)
    return err->code;
  int moved = jw_consult_store_move(c, x->t->id, x->t->status, x->to, x->due_at, x->msg_id, x->staff, x->now, err);
  if (moved < 0) return err->code;
  if (moved == 0) return jw_fail(err, JW_E_CONFLICT, "The consultation changed meanwhile; please reload it.");
  if (x->staff && audit(c, x->who, "consultation.reply", x->t->id, "", err) != JW_OK) return err->code;
  return notify(c, x->t, x->t->assignee_id, "message", x->msg_id, side, err);
}

enum jw_code jw_consult_post(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                             const char *body, const int64_t *uploads, int nuploads, int64_t *msg_id,
                             struct jw_error *err) {
  struct post_tx x = {who, t, body, NULL, uploads, nuploads, !is_citizen(who->user), 0, 0, (long long)time(NULL)};
  x.to = next_state(t->status, x.staff ? EV_STAFF_MESSAGE : EV_CITIZEN_MESSAGE);
  if (!x.to) return jw_fail(err, JW_E_CONFLICT, "The consultation is closed; open a new one.");
  enum jw_code rc = check_uploads(c, who->user->id, uploads, nuploads, err);
  if (rc != JW_OK) return rc;
  if (strcmp(x.to, "waiting") == 0) {
    if (strcmp(t->status, "waiting") == 0)
      x.due_at = t->due_at; /* the first unanswered message sets the clock */
    else if ((rc = deadline(c, who->tz_offset_min, x.now, &x.due_at, err)) != JW_OK)
      return rc;
  }
  char key[48];
  snprintf(key, sizeof key, "consult-msg:%lld", (long long)who->user->id);
  if ((rc = jw_rate_limit(c, key, JW_CONSULT_MESSAGES_PER_MIN, 60, err)) != JW_OK) return rc;
  rc = jw_tx(c, post_fn, &x, err);
  jw_events_flush();
  if (rc == JW_OK) *msg_id = x.msg_id;
  return rc;
}

struct read_tx {
  const struct jw_consultation *t;
  int staff;
};

static enum jw_code read_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct read_tx *x = arg;
  int n = jw_consult_store_mark_read(c, x->t->id, x->staff, err);
  if (n < 0) return err->code;
  if (n == 0) return JW_OK; /* nothing new: no receipt */
  return notify(c, x->t, x->t->assignee_id, "read", x->t->last_message_id, x->staff ? "staff" : "citizen", err);
}

enum jw_code jw_consult_read(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                             struct jw_error *err) {
  struct read_tx x = {t, !is_citizen(who->user)};
  enum jw_code rc = jw_tx(c, read_fn, &x, err);
  jw_events_flush();
  return rc;
}

struct assign_tx {
  const struct jw_consult_actor *who;
  const struct jw_consultation *t;
  int64_t user_id;
};

static enum jw_code assign_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct assign_tx *x = arg;
  long long now = (long long)time(NULL);
  int n = jw_consult_store_assign(c, x->t->id, x->user_id, now, err);
  if (n < 0) return err->code;
  if (n == 0) return jw_fail(err, JW_E_CONFLICT, "The consultation is closed.");
  char detail[48];
  snprintf(detail, sizeof detail, "assignee=%lld", (long long)x->user_id);
  if (audit(c, x->who, "consultation.assign", x->t->id, detail, err) != JW_OK) return err->code;
  return notify(c, x->t, x->user_id, "thread", x->t->last_message_id, "staff", err);
}

enum jw_code jw_consult_assign(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                               int64_t user_id, struct jw_error *err) {
  const struct jw_user *u = who->user;
  if (!next_state(t->status, EV_ASSIGN)) return jw_fail(err, JW_E_CONFLICT, "The consultation is closed.");
  int lead = u->role == JW_ROLE_STATION_CHIEF || u->role == JW_ROLE_UNIT_ADMIN;
  if (!lead && user_id != u->id)
    return jw_fail(err, JW_E_FORBIDDEN, "You may take a consultation yourself; a station chief assigns it to others.");
  struct jw_arena a = {0};
  int role = -1;
  const char *path = NULL;
  int found = jw_consult_store_staff(c, user_id, &a, &role, &path, err);
  enum jw_code rc = JW_OK;
  if (found < 0) {
    rc = err->code;
  } else if (!found || !jw_scope_contains(u, path) ||
             (strncmp(path, t->unit_path, strlen(t->unit_path)) != 0 &&
              strncmp(t->unit_path, path, strlen(path)) != 0)) {
    jw_field_fail(err, "user_id", "must be a staff member of this unit (or above it) within your scope");
    rc = JW_E_VALIDATION;
  } else {
    jw_conn_release(c);
    struct assign_tx x = {who, t, user_id};
    rc = jw_tx(c, assign_fn, &x, err);
    jw_events_flush();
  }
  jw_arena_free(&a);
  return rc;
}

struct close_tx {
  const struct jw_consult_actor *who;
  const struct jw_consultation *t;
  const char *summary;
};

static enum jw_code close_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct close_tx *x = arg;
  int n = jw_consult_store_close(c, x->t->id, x->summary, (long long)time(NULL), err);
  if (n < 0) return err->code;
  if (n == 0) return jw_fail(err, JW_E_CONFLICT, "The consultation is closed already.");
  if (audit(c, x->who, "consultation.close", x->t->id, "", err) != JW_OK) return err->code;
  return notify(c, x->t, x->t->assignee_id, "closed", x->t->last_message_id, "staff", err);
}

enum jw_code jw_consult_close(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                              const char *summary, struct jw_error *err) {
  if (!next_state(t->status, EV_CLOSE)) return jw_fail(err, JW_E_CONFLICT, "The consultation is closed already.");
  struct close_tx x = {who, t, summary};
  enum jw_code rc = jw_tx(c, close_fn, &x, err);
  jw_events_flush();
  return rc;
}

struct rate_tx {
  const struct jw_consultation *t;
  int grade;
  const char *comment;
};

static enum jw_code rate_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct rate_tx *x = arg;
  int n = jw_consult_store_rate(c, x->t->id, x->grade, x->comment, (long long)time(NULL), err);
  if (n < 0) return err->code;
  if (n == 0) return jw_fail(err, JW_E_CONFLICT, "This consultation has been rated already.");
  return notify(c, x->t, x->t->assignee_id, "rated", x->t->last_message_id, "citizen", err);
}

enum jw_code jw_consult_rate(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                             int grade, const char *comment, struct jw_error *err) {
  (void)who;
  if (!next_state(t->status, EV_RATE))
    return jw_fail(err, JW_E_CONFLICT, "You can rate the consultation once it has been answered.");
  struct rate_tx x = {t, grade, comment};
  enum jw_code rc = jw_tx(c, rate_fn, &x, err);
  jw_events_flush();
  return rc;
}

enum jw_code jw_consult_list(struct jw_conn *c, const struct jw_user *u, enum jw_consult_box box, int64_t before,
                             int64_t limit, struct jw_arena *a, struct jw_consultation **out, size_t *n,
                             struct jw_error *err) {
  struct jw_consult_filter f = {0};
  f.before = before;
  f.limit = limit;
  if (is_citizen(u)) {
    f.citizen_id = u->id;
  } else {
    f.lo = u->unit_path;
    f.hi = jw_db_prefix_end(a, u->unit_path);
    f.staff_id = u->id;
  }
  switch (box) {
  case JW_BOX_OPEN:
    f.open = 1;
    break;
  case JW_BOX_UNASSIGNED:
    f.open = f.unassigned = 1;
    break;
  case JW_BOX_MINE:
    f.open = 1, f.assignee = u->id;
    break;
  case JW_BOX_OVERDUE:
    f.overdue_before = (long long)time(NULL);
    break;
  case JW_BOX_CLOSED:
    f.closed = 1;
    break;
  case JW_BOX_MAILBOX:
    f.open = f.mailbox = 1;
    break;
  default:
    break;
  }
  return jw_consult_store_list(c, &f, a, out, n, err);
}
