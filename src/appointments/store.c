/* store.c — every SQL statement of the officer appointments. */
#include "appointments/store.h"

#include <string.h>

#include "core/mem.h"

/* Runs s (bound) and returns 1 when it changed exactly one row, 0 when none, -1 on error. */
static int changed_one(struct jw_stmt *s, struct jw_error *err) {
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s) == 1;
}

static enum jw_code run(struct jw_stmt *s, struct jw_error *err) {
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

/* ---- officers, hours, exceptions ---- */

static const char SQL_OFFICER[] =
    "SELECT o.id, o.unit_id, COALESCE(o.user_id, 0), o.accepts_appointments, o.name, o.title, u.name, u.path,"
    " u.address, u.phone FROM officers o JOIN units u ON u.id = o.unit_id WHERE o.id = ?";
static const char SQL_HOURS[] =
    "SELECT weekday, open_min, close_min, slot_min, capacity FROM officer_hours WHERE officer_id = ? ORDER BY weekday";
static const char SQL_HOURS_CLEAR[] = "DELETE FROM officer_hours WHERE officer_id = ?";
static const char SQL_HOURS_ADD[] =
    "INSERT INTO officer_hours (officer_id, weekday, open_min, close_min, slot_min, capacity) VALUES (?, ?, ?, ?, ?, "
    "?)";
static const char SQL_ACCEPTS[] = "UPDATE officers SET accepts_appointments = ?, updated_at = ? WHERE id = ?";
static const char SQL_EXCEPTION[] = "SELECT closed FROM officer_hours_exceptions WHERE officer_id = ? AND day = ?";
static const char SQL_EXC_PUT[] =
    "INSERT INTO officer_hours_exceptions (officer_id, day, closed, note) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (officer_id, day) DO UPDATE SET closed = excluded.closed, note = excluded.note";

int jw_appt_store_officer(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_appt_officer *o,
                          struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  o->id = jw_col_int(s, 0);
  o->unit_id = jw_col_int(s, 1);
  o->user_id = jw_col_int(s, 2);
  o->accepts = (int)jw_col_int(s, 3);
  o->name = jw_arena_strdup(a, jw_col_text(s, 4));
  o->title = jw_arena_strdup(a, jw_col_text(s, 5));
  o->unit_name = jw_arena_strdup(a, jw_col_text(s, 6));
  o->unit_path = jw_arena_strdup(a, jw_col_text(s, 7));
  o->unit_address = jw_arena_strdup(a, jw_col_text(s, 8));
  o->unit_phone = jw_arena_strdup(a, jw_col_text(s, 9));
  jw_conn_release(c);
  return 1;
}

int jw_appt_store_hours(struct jw_conn *c, int64_t officer, struct jw_appt_hours out[7], struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HOURS, err);
  if (!s) return -1;
  jw_bind_int(s, 1, officer);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && n < 7) {
    out[n].weekday = (int)jw_col_int(s, 0);
    out[n].open_min = jw_col_int(s, 1);
    out[n].close_min = jw_col_int(s, 2);
    out[n].slot_min = jw_col_int(s, 3);
    out[n].capacity = jw_col_int(s, 4);
    n++;
  }
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return n;
}

enum jw_code jw_appt_store_hours_clear(struct jw_conn *c, int64_t officer, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HOURS_CLEAR, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, officer);
  return run(s, err);
}

enum jw_code jw_appt_store_hours_add(struct jw_conn *c, int64_t officer, const struct jw_appt_hours *h,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_HOURS_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, officer);
  jw_bind_int(s, 2, h->weekday);
  jw_bind_int(s, 3, h->open_min);
  jw_bind_int(s, 4, h->close_min);
  jw_bind_int(s, 5, h->slot_min);
  jw_bind_int(s, 6, h->capacity);
  return run(s, err);
}

enum jw_code jw_appt_store_accepts(struct jw_conn *c, int64_t officer, int accepts, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ACCEPTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, accepts ? 1 : 0);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, officer);
  return run(s, err);
}

int jw_appt_store_exception(struct jw_conn *c, int64_t officer, const char *day, int *closed, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EXCEPTION, err);
  if (!s) return -1;
  jw_bind_int(s, 1, officer);
  jw_bind_text(s, 2, day);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  *closed = (int)jw_col_int(s, 0);
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_appt_store_exception_put(struct jw_conn *c, int64_t officer, const char *day, int closed,
                                         const char *note, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EXC_PUT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, officer);
  jw_bind_text(s, 2, day);
  jw_bind_int(s, 3, closed);
  jw_bind_text(s, 4, note ? note : "");
  return run(s, err);
}

/* ---- the day's bookings (the slots themselves are calendar/slots.h's) ---- */

static const char SQL_DAY_OPEN[] =
    "SELECT COUNT(*) FROM officer_appointments WHERE officer_id = ? AND day = ?"
    " AND status IN ('requested', 'confirmed', 'proposed')";

enum jw_code jw_appt_store_day_open(struct jw_conn *c, int64_t officer, const char *day, int64_t *n,
                                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DAY_OPEN, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, officer);
  jw_bind_text(s, 2, day);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : jw_fail(err, JW_E_DB, "COUNT gave no row");
  *n = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

/* ---- appointments ---- */

static const char SQL_UPLOAD_OWNED[] = "SELECT 1 FROM uploads WHERE id = ? AND user_id = ?";
static const char SQL_INSERT[] =
    "INSERT INTO officer_appointments (confirmation_no, officer_id, slot_id, user_id, day, starts_at, ends_at, status,"
    " topic, description, idem_key, idem_hash, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_CONFIRMATION[] = "UPDATE officer_appointments SET confirmation_no = ? WHERE id = ?";
static const char SQL_FILE_ADD[] =
    "INSERT INTO officer_appointment_files (appointment_id, upload_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
static const char SQL_FILES[] =
    "SELECT upload_id FROM officer_appointment_files WHERE appointment_id = ? ORDER BY upload_id";
static const char SQL_IDEM[] = "SELECT id, idem_hash FROM officer_appointments WHERE user_id = ? AND idem_key = ?";

#define APPT_SELECT                                                                                               \
  "SELECT a.id, a.officer_id, a.slot_id, a.user_id, a.starts_at, a.ends_at, a.created_at, a.updated_at,"          \
  " COALESCE(a.proposed_slot_id, 0), COALESCE(p.starts_at, 0), COALESCE(p.ends_at, 0), a.confirmation_no,"        \
  " a.status, a.topic, a.description, a.reason, a.cancelled_by, a.day, o.unit_id, COALESCE(o.user_id, 0),"        \
  " o.accepts_appointments, o.name, o.title, un.name, un.path, un.address, un.phone, cu.name, COALESCE(cu.phone," \
  " '') FROM officer_appointments a JOIN officers o ON o.id = a.officer_id JOIN units un ON un.id = o.unit_id"    \
  " JOIN users cu ON cu.id = a.user_id LEFT JOIN officer_slots p ON p.id = a.proposed_slot_id"

static const char SQL_GET[] = APPT_SELECT " WHERE a.id = ?";
static const char SQL_OF_USER[] = APPT_SELECT " WHERE a.user_id = ? AND a.id < ? ORDER BY a.id DESC LIMIT ?";
static const char SQL_OF_OFFICER[] =
    APPT_SELECT " WHERE a.officer_id = ? AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, a.id LIMIT 500";
static const char SQL_CHANGE[] =
    "UPDATE officer_appointments SET status = ?, reason = COALESCE(?, reason), cancelled_by = ?, slot_id = ?,"
    " starts_at = ?, ends_at = ?, day = ?, proposed_slot_id = ?, reminded = ?, updated_at = ?"
    " WHERE id = ? AND status = ?";
static const char SQL_NOSHOWS[] =
    "SELECT starts_at FROM officer_appointments WHERE user_id = ? AND status = 'no_show' AND starts_at > ?"
    " ORDER BY starts_at DESC LIMIT 50";
static const char SQL_DUE[] =
    "SELECT a.id, a.user_id, a.starts_at, o.name, un.name || ' ' || un.address, a.confirmation_no"
    " FROM officer_appointments a JOIN officers o ON o.id = a.officer_id JOIN units un ON un.id = o.unit_id"
    " WHERE a.status IN ('requested', 'confirmed') AND a.reminded = 0 AND a.starts_at < ? AND a.starts_at > ?"
    " ORDER BY a.starts_at LIMIT 50";
static const char SQL_REMINDED[] = "UPDATE officer_appointments SET reminded = 1 WHERE id = ? AND reminded = 0";

int jw_appt_store_upload_owned(struct jw_conn *c, int64_t upload, int64_t user, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UPLOAD_OWNED, err);
  if (!s) return -1;
  jw_bind_int(s, 1, upload);
  jw_bind_int(s, 2, user);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

enum jw_code jw_appt_store_insert(struct jw_conn *c, const struct jw_appt_new *v, int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, v->confirmation_no);
  jw_bind_int(s, 2, v->slot->owner_id);
  jw_bind_int(s, 3, v->slot->id);
  jw_bind_int(s, 4, v->user_id);
  jw_bind_text(s, 5, v->slot->day);
  jw_bind_int(s, 6, v->slot->starts_at);
  jw_bind_int(s, 7, v->slot->ends_at);
  jw_bind_text(s, 8, v->topic);
  jw_bind_text(s, 9, v->description ? v->description : "");
  jw_bind_text(s, 10, v->idem_key);
  jw_bind_text(s, 11, v->idem_hash);
  jw_bind_int(s, 12, v->now);
  jw_bind_int(s, 13, v->now);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : jw_fail(err, JW_E_DB, "INSERT gave no id");
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_appt_store_confirmation(struct jw_conn *c, int64_t id, const char *conf, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CONFIRMATION, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, conf);
  jw_bind_int(s, 2, id);
  return run(s, err);
}

enum jw_code jw_appt_store_file_add(struct jw_conn *c, int64_t id, int64_t upload, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FILE_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, upload);
  return run(s, err);
}

int jw_appt_store_idem(struct jw_conn *c, struct jw_arena *a, int64_t user, const char *key, int64_t *id,
                       const char **hash, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_IDEM, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user);
  jw_bind_text(s, 2, key);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  *id = jw_col_int(s, 0);
  *hash = jw_arena_strdup(a, jw_col_text(s, 1));
  jw_conn_release(c);
  return 1;
}

static const char *dup(struct jw_arena *a, struct jw_stmt *s, int col) {
  return jw_arena_strdup(a, jw_col_text(s, col));
}

static void appt_row(struct jw_stmt *s, struct jw_arena *a, struct jw_appt *x) {
  memset(x, 0, sizeof *x);
  x->id = jw_col_int(s, 0);
  x->officer_id = x->officer.id = jw_col_int(s, 1);
  x->slot_id = jw_col_int(s, 2);
  x->user_id = jw_col_int(s, 3);
  x->starts_at = jw_col_int(s, 4);
  x->ends_at = jw_col_int(s, 5);
  x->created_at = jw_col_int(s, 6);
  x->updated_at = jw_col_int(s, 7);
  x->proposed_slot_id = jw_col_int(s, 8);
  x->proposed_starts_at = jw_col_int(s, 9);
  x->proposed_ends_at = jw_col_int(s, 10);
  x->confirmation_no = dup(a, s, 11);
  x->status = dup(a, s, 12);
  x->topic = dup(a, s, 13);
  x->description = dup(a, s, 14);
  x->reason = dup(a, s, 15);
  x->cancelled_by = dup(a, s, 16);
  x->day = dup(a, s, 17);
  x->officer.unit_id = jw_col_int(s, 18);
  x->officer.user_id = jw_col_int(s, 19);
  x->officer.accepts = (int)jw_col_int(s, 20);
  x->officer.name = dup(a, s, 21);
  x->officer.title = dup(a, s, 22);
  x->officer.unit_name = dup(a, s, 23);
  x->officer.unit_path = dup(a, s, 24);
  x->officer.unit_address = dup(a, s, 25);
  x->officer.unit_phone = dup(a, s, 26);
  x->citizen_name = dup(a, s, 27);
  x->citizen_phone = dup(a, s, 28);
}

static enum jw_code appt_rows(struct jw_conn *c, struct jw_arena *a, struct jw_stmt *s, struct jw_appt **out, size_t *n,
                              struct jw_error *err) {
  struct jw_appt *rows = NULL;
  size_t cap = 0, len = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    appt_row(s, a, &rows[len++]);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

int jw_appt_store_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_appt *out, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GET, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  appt_row(s, a, out);
  jw_conn_release(c);
  if (!(s = jw_prepare(c, SQL_FILES, err))) return -1;
  jw_bind_int(s, 1, id);
  size_t cap = 0;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    out->files = jw_arena_grow(a, out->files, out->nfiles, &cap, sizeof *out->files);
    out->files[out->nfiles++] = jw_col_int(s, 0);
  }
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_appt_store_of_user(struct jw_conn *c, struct jw_arena *a, int64_t user, int64_t before, int64_t limit,
                                   struct jw_appt **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OF_USER, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user);
  jw_bind_int(s, 2, before > 0 ? before : INT64_MAX);
  jw_bind_int(s, 3, limit);
  return appt_rows(c, a, s, out, n, err);
}

enum jw_code jw_appt_store_of_officer(struct jw_conn *c, struct jw_arena *a, int64_t officer, int64_t from, int64_t to,
                                      struct jw_appt **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OF_OFFICER, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, officer);
  jw_bind_int(s, 2, from);
  jw_bind_int(s, 3, to);
  return appt_rows(c, a, s, out, n, err);
}

int jw_appt_store_change(struct jw_conn *c, const struct jw_appt_row_change *ch, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CHANGE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, ch->to);
  jw_bind_text(s, 2, ch->reason);
  jw_bind_text(s, 3, ch->cancelled_by ? ch->cancelled_by : "");
  jw_bind_int(s, 4, ch->slot_id);
  jw_bind_int(s, 5, ch->starts_at);
  jw_bind_int(s, 6, ch->ends_at);
  jw_bind_text(s, 7, ch->day);
  jw_bind_id(s, 8, ch->proposed_slot_id);
  jw_bind_int(s, 9, ch->reminded);
  jw_bind_int(s, 10, ch->now);
  jw_bind_int(s, 11, ch->id);
  jw_bind_text(s, 12, ch->from);
  return changed_one(s, err);
}

int jw_appt_store_noshows(struct jw_conn *c, int64_t user, int64_t since, int64_t *t, int max, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_NOSHOWS, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user);
  jw_bind_int(s, 2, since);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW)
    if (n < max) t[n++] = jw_col_int(s, 0);
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return n;
}

int jw_appt_store_due(struct jw_conn *c, int64_t before, int64_t after, struct jw_appt_due *out, int max,
                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DUE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, before);
  jw_bind_int(s, 2, after);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (n >= max) continue;
    struct jw_appt_due *d = &out[n++];
    d->id = jw_col_int(s, 0);
    d->user_id = jw_col_int(s, 1);
    d->starts_at = jw_col_int(s, 2);
    snprintf(d->officer, sizeof d->officer, "%s", jw_col_text(s, 3));
    snprintf(d->place, sizeof d->place, "%s", jw_col_text(s, 4));
    snprintf(d->confirmation_no, sizeof d->confirmation_no, "%s", jw_col_text(s, 5));
  }
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return n;
}

int jw_appt_store_reminded(struct jw_conn *c, int64_t id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_REMINDED, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  return changed_one(s, err);
}

/* ---- the demo ---- */

static const char SQL_DEMO_OFFICERS[] =
    "SELECT o.id FROM officers o JOIN units u ON u.id = o.unit_id JOIN units s ON s.name = ? AND s.kind = 'station'"
    " LEFT JOIN users au ON au.id = o.user_id WHERE o.kind = 'police' AND u.path LIKE s.path || '%'"
    " ORDER BY CASE WHEN au.login = ? THEN 0 ELSE 1 END, o.rank, o.id LIMIT ?";
static const char SQL_USER_ID[] = "SELECT id FROM users WHERE login = ?";
static const char SQL_COUNT_OF_USER[] = "SELECT COUNT(*) FROM officer_appointments WHERE user_id = ?";

int jw_appt_store_demo_officers(struct jw_conn *c, const char *station, const char *login, int64_t *out, int max,
                                struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DEMO_OFFICERS, err);
  if (!s) return -1;
  jw_bind_text(s, 1, station);
  jw_bind_text(s, 2, login);
  jw_bind_int(s, 3, max);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW)
    if (n < max) out[n++] = jw_col_int(s, 0);
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return n;
}

int64_t jw_appt_store_user_id(struct jw_conn *c, const char *login, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_USER_ID, err);
  if (!s) return -1;
  jw_bind_text(s, 1, login);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int64_t id = st == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  jw_conn_release(c);
  return id;
}

enum jw_code jw_appt_store_count_of_user(struct jw_conn *c, int64_t user, int64_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_COUNT_OF_USER, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : jw_fail(err, JW_E_DB, "COUNT gave no row");
  *n = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}
