/* store.c — every SQL statement of the prevention bus (tables prevention_requests, prevention_events). */
#include "prevention/store.h"

#include <stdio.h>
#include <string.h>

#include "core/mem.h"

static const char SQL_UNIT[] = "SELECT path, kind FROM units WHERE id = ?";
static const char SQL_REQ_INSERT[] =
    "INSERT INTO prevention_requests (unit_id, unit_path, org_kind, org_name, contact_name, phone, date_from, date_to,"
    " topic, audience, note, client_ip, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " RETURNING id";
#define REQ_SELECT                                                                                             \
  "SELECT q.id, q.unit_id, u.name, q.unit_path, q.org_kind, q.org_name, q.contact_name, q.phone, q.date_from," \
  " q.date_to, q.topic, q.audience, q.note, q.status, q.decline_reason, q.created_at, q.decided_at, e.id"      \
  " FROM prevention_requests q JOIN units u ON u.id = q.unit_id LEFT JOIN prevention_events e ON e.request_id = q.id"
static const char SQL_REQ_GET[] = REQ_SELECT " WHERE q.id = ?";
static const char SQL_REQ_LIST[] = REQ_SELECT
    " WHERE q.unit_path >= ? AND q.unit_path < ? AND (CAST(? AS TEXT) IS NULL OR q.status = CAST(? AS TEXT))"
    " AND q.id > ? ORDER BY q.id LIMIT ?";
static const char SQL_REQ_MOVE[] =
    "UPDATE prevention_requests SET status = ?, decline_reason = COALESCE(CAST(? AS TEXT), decline_reason),"
    " decided_by = ?, decided_at = ?, updated_at = ? WHERE id = ? AND status = ?";
static const char SQL_EV_INSERT[] =
    "INSERT INTO prevention_events (unit_id, unit_path, request_id, day, starts, ends, place, org_kind, org_name, "
    "topic,"
    " officers, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
#define EV_SELECT                                                                                            \
  "SELECT e.id, e.unit_id, u.name, e.unit_path, e.request_id, e.day, e.starts, e.ends, e.place, e.org_kind," \
  " e.org_name, e.topic, e.officers, e.status, e.cancel_reason, e.visitors, e.created_at"                    \
  " FROM prevention_events e JOIN units u ON u.id = e.unit_id"
static const char SQL_EV_GET[] = EV_SELECT " WHERE e.id = ?";
static const char SQL_EV_RANGE[] = EV_SELECT
    " WHERE e.day >= ? AND e.day < ? AND e.unit_path >= ? AND e.unit_path < ?"
    " AND (CAST(? AS TEXT) IS NULL OR e.status = CAST(? AS TEXT)) AND (? = 0 OR e.status <> 'cancelled')"
    " ORDER BY e.day, e.starts, e.id LIMIT 500";
static const char SQL_EV_MOVE[] =
    "UPDATE prevention_events SET status = ?, visitors = COALESCE(CAST(? AS BIGINT), visitors),"
    " cancel_reason = COALESCE(CAST(? AS TEXT), cancel_reason), updated_at = ? WHERE id = ? AND status = ?";
static const char SQL_TOTALS[] =
    "SELECT substr(day, 1, 7), SUM(CASE WHEN status = 'held' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN status = 'held' THEN visitors ELSE 0 END), SUM(CASE WHEN status = 'scheduled' THEN 1 ELSE 0 END)"
    " FROM prevention_events WHERE day >= ? AND day < ? GROUP BY substr(day, 1, 7) ORDER BY 1";
static const char SQL_DEMO_EVENTS[] = "SELECT COUNT(*) FROM prevention_events WHERE created_by IS NULL";
static const char SQL_UNIT_BY_NAME[] = "SELECT id FROM units WHERE name = ? ORDER BY id LIMIT 1";

int jw_prev_store_unit(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path, const char **kind,
                       struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  *path = jw_arena_strdup(a, jw_col_text(s, 0));
  if (kind) *kind = jw_arena_strdup(a, jw_col_text(s, 1));
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_prev_store_req_insert(struct jw_conn *c, const struct jw_prev_new_request *in, const char *path,
                                      const char *ip, int64_t now, int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_REQ_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, in->unit_id);
  jw_bind_text(s, 2, path);
  jw_bind_text(s, 3, in->org_kind);
  jw_bind_text(s, 4, in->org_name);
  jw_bind_text(s, 5, in->contact_name);
  jw_bind_text(s, 6, in->phone);
  jw_bind_text(s, 7, in->date_from);
  jw_bind_text(s, 8, in->date_to);
  jw_bind_text(s, 9, in->topic);
  jw_bind_int(s, 10, in->audience);
  jw_bind_text(s, 11, in->note ? in->note : "");
  jw_bind_text(s, 12, ip ? ip : "");
  jw_bind_int(s, 13, now);
  jw_bind_int(s, 14, now);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

static void req_row(struct jw_stmt *s, struct jw_arena *a, struct jw_prev_request *q) {
  q->id = jw_col_int(s, 0);
  q->unit_id = jw_col_int(s, 1);
  const char **text[] = {&q->unit_name, &q->unit_path, &q->org_kind, &q->org_name, &q->contact_name,
                         &q->phone,     &q->date_from, &q->date_to,  &q->topic};
  for (int i = 0; i < 9; i++) *text[i] = jw_arena_strdup(a, jw_col_text(s, 2 + i));
  q->audience = jw_col_int(s, 11);
  q->note = jw_arena_strdup(a, jw_col_text(s, 12));
  q->status = jw_arena_strdup(a, jw_col_text(s, 13));
  q->decline_reason = jw_arena_strdup(a, jw_col_text(s, 14));
  q->created_at = jw_col_int(s, 15);
  q->decided_at = jw_col_is_null(s, 16) ? 0 : jw_col_int(s, 16);
  q->event_id = jw_col_is_null(s, 17) ? 0 : jw_col_int(s, 17);
}

int jw_prev_store_req_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_prev_request *out,
                          struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_REQ_GET, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  req_row(s, a, out);
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_prev_store_req_list(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi,
                                    const char *status, int64_t limit, int64_t cursor, struct jw_prev_request **out,
                                    size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_REQ_LIST, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, lo);
  jw_bind_text(s, 2, hi);
  jw_bind_text(s, 3, status);
  jw_bind_text(s, 4, status);
  jw_bind_int(s, 5, cursor);
  jw_bind_int(s, 6, limit);
  struct jw_prev_request *rows = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    req_row(s, a, &rows[len++]);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

int jw_prev_store_req_move(struct jw_conn *c, int64_t id, const char *from, const char *to, const char *reason,
                           int64_t user_id, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_REQ_MOVE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, to);
  jw_bind_text(s, 2, reason);
  jw_bind_id(s, 3, user_id);
  jw_bind_int(s, 4, now);
  jw_bind_int(s, 5, now);
  jw_bind_int(s, 6, id);
  jw_bind_text(s, 7, from);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s) == 1;
}

enum jw_code jw_prev_store_ev_insert(struct jw_conn *c, int64_t unit_id, const char *path, int64_t request_id,
                                     const struct jw_prev_new_event *ev, int64_t created_by, int64_t now, int64_t *id,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EV_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, unit_id);
  jw_bind_text(s, 2, path);
  jw_bind_id(s, 3, request_id);
  jw_bind_text(s, 4, ev->day);
  jw_bind_text(s, 5, ev->starts);
  jw_bind_text(s, 6, ev->ends);
  jw_bind_text(s, 7, ev->place);
  jw_bind_text(s, 8, ev->org_kind);
  jw_bind_text(s, 9, ev->org_name);
  jw_bind_text(s, 10, ev->topic);
  jw_bind_text(s, 11, ev->officers);
  jw_bind_id(s, 12, created_by);
  jw_bind_int(s, 13, now);
  jw_bind_int(s, 14, now);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

static void ev_row(struct jw_stmt *s, struct jw_arena *a, struct jw_prev_event *e) {
  e->id = jw_col_int(s, 0);
  e->unit_id = jw_col_int(s, 1);
  e->unit_name = jw_arena_strdup(a, jw_col_text(s, 2));
  e->unit_path = jw_arena_strdup(a, jw_col_text(s, 3));
  e->request_id = jw_col_is_null(s, 4) ? 0 : jw_col_int(s, 4);
  const char **text[] = {&e->day,      &e->starts, &e->ends,     &e->place,  &e->org_kind,
                         &e->org_name, &e->topic,  &e->officers, &e->status, &e->cancel_reason};
  for (int i = 0; i < 10; i++) *text[i] = jw_arena_strdup(a, jw_col_text(s, 5 + i));
  e->visitors = jw_col_is_null(s, 15) ? -1 : jw_col_int(s, 15);
  e->created_at = jw_col_int(s, 16);
}

int jw_prev_store_ev_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_prev_event *out,
                         struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EV_GET, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  ev_row(s, a, out);
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_prev_store_ev_range(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi,
                                    const char *day_lo, const char *day_hi, const char *status, int public_view,
                                    struct jw_prev_event **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EV_RANGE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, day_lo);
  jw_bind_text(s, 2, day_hi);
  jw_bind_text(s, 3, lo);
  jw_bind_text(s, 4, hi);
  jw_bind_text(s, 5, status);
  jw_bind_text(s, 6, status);
  jw_bind_int(s, 7, public_view ? 1 : 0);
  struct jw_prev_event *rows = NULL;
  size_t len = 0, cap = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    ev_row(s, a, &rows[len++]);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

int jw_prev_store_ev_move(struct jw_conn *c, int64_t id, const char *from, const char *to, int64_t visitors,
                          const char *reason, int64_t now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EV_MOVE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, to);
  if (visitors >= 0)
    jw_bind_int(s, 2, visitors);
  else
    jw_bind_null(s, 2);
  jw_bind_text(s, 3, reason);
  jw_bind_int(s, 4, now);
  jw_bind_int(s, 5, id);
  jw_bind_text(s, 6, from);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s) == 1;
}

enum jw_code jw_prev_store_totals(struct jw_conn *c, const char *day_lo, const char *day_hi,
                                  void (*cb)(void *arg, const char *month, int64_t held, int64_t visitors,
                                             int64_t scheduled),
                                  void *arg, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_TOTALS, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, day_lo);
  jw_bind_text(s, 2, day_hi);
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW)
    cb(arg, jw_col_text(s, 0), jw_col_int(s, 1), jw_col_int(s, 2), jw_col_int(s, 3));
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  return JW_OK;
}

int64_t jw_prev_store_demo_events(struct jw_conn *c, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DEMO_EVENTS, err);
  if (!s) return -1;
  if (jw_step(s, err) != JW_STEP_ROW) return -1;
  int64_t n = jw_col_int(s, 0);
  jw_conn_release(c);
  return n;
}

int64_t jw_prev_store_unit_by_name(struct jw_conn *c, const char *name, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_BY_NAME, err);
  if (!s) return -1;
  jw_bind_text(s, 1, name);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int64_t id = st == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  jw_conn_release(c);
  return id;
}
