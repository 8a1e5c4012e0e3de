/* store.c — every SQL statement of the hotspots domain (hotspots,
 * hotspot_events, hotspot_reports, hotspot_checks). */
#include "hotspots/store.h"

#include <stdio.h>
#include <string.h>

#include "core/mem.h"

/* A hotspot with its unit's name and the sums of its reports. */
#define HOT_COLS                                                                                                   \
  "h.id, h.unit_id, h.unit_path, u.name, h.name, h.place, h.lat_e6, h.lng_e6, h.kind, h.problems, h.listed_level," \
  " h.campaign, h.status, COALESCE(h.listed_on, ''), COALESCE(h.deadline, ''), COALESCE(h.delisted_on, ''),"       \
  " h.created_at, h.updated_at, COALESCE(t.cases, 0), COALESCE(t.arrests, 0), COALESCE(t.seizures, 0),"            \
  " COALESCE(t.measures, 0), COALESCE(t.n, 0)"
#define HOT_FROM                                                                                         \
  " FROM hotspots h JOIN units u ON u.id = h.unit_id LEFT JOIN (SELECT hotspot_id, SUM(cases) AS cases," \
  " SUM(arrests) AS arrests, SUM(seizures) AS seizures, SUM(measures) AS measures, COUNT(*) AS n"        \
  " FROM hotspot_reports GROUP BY hotspot_id) t ON t.hotspot_id = h.id"

static const char SQL_PUBLIC_LISTED[] = "SELECT " HOT_COLS HOT_FROM
                                        " WHERE h.status IN ('listed', 'rectifying', 'checking')"
                                        " AND (CAST(? AS TEXT) IS NULL OR h.campaign = CAST(? AS TEXT))"
                                        " ORDER BY h.listed_on DESC, h.id DESC LIMIT ? OFFSET ?";
static const char SQL_PUBLIC_DELISTED[] = "SELECT " HOT_COLS HOT_FROM
                                          " WHERE h.status = 'delisted'"
                                          " AND (CAST(? AS TEXT) IS NULL OR h.campaign = CAST(? AS TEXT))"
                                          " ORDER BY h.delisted_on DESC, h.id DESC LIMIT ? OFFSET ?";
static const char SQL_SEARCH[] = "SELECT " HOT_COLS HOT_FROM
                                 " WHERE h.unit_path >= ? AND h.unit_path < ?"
                                 " AND (CAST(? AS TEXT) IS NULL OR h.status = CAST(? AS TEXT))"
                                 " AND (CAST(? AS TEXT) IS NULL OR h.kind = CAST(? AS TEXT))"
                                 " AND (CAST(? AS TEXT) IS NULL OR h.campaign = CAST(? AS TEXT))"
                                 " AND (CAST(? AS TEXT) IS NULL OR h.name LIKE CAST(? AS TEXT) ESCAPE '\\'"
                                 " OR h.place LIKE CAST(? AS TEXT) ESCAPE '\\')"
                                 " ORDER BY h.id DESC LIMIT ? OFFSET ?";
static const char SQL_GET[] = "SELECT " HOT_COLS HOT_FROM " WHERE h.id = ?";
static const char SQL_UNIT[] = "SELECT path, kind FROM units WHERE id = ?";
static const char SQL_INSERT[] =
    "INSERT INTO hotspots (unit_id, unit_path, name, place, lat_e6, lng_e6, kind, problems, listed_level, campaign,"
    " status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'identified', ?, ?) RETURNING id";
static const char SQL_UPDATE[] =
    "UPDATE hotspots SET name = ?, place = ?, lat_e6 = ?, lng_e6 = ?, kind = ?, problems = ?, campaign = ?,"
    " listed_level = CASE WHEN status = 'identified' THEN CAST(? AS TEXT) ELSE listed_level END, updated_at = ?"
    " WHERE id = ? AND status <> 'delisted'";
static const char SQL_MOVE[] =
    "UPDATE hotspots SET status = ?, listed_on = COALESCE(CAST(? AS TEXT), listed_on),"
    " deadline = COALESCE(CAST(? AS TEXT), deadline), campaign = COALESCE(CAST(? AS TEXT), campaign),"
    " delisted_on = COALESCE(CAST(? AS TEXT), delisted_on), updated_at = ? WHERE id = ? AND status = ?";
static const char SQL_EVENT_ADD[] =
    "INSERT INTO hotspot_events (hotspot_id, at, event, from_status, to_status, actor_id, note)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_CHECK_ADD[] =
    "INSERT INTO hotspot_checks (hotspot_id, checked_on, checked_by, passed, findings, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_REPORT_ADD[] =
    "INSERT INTO hotspot_reports (hotspot_id, month, cases, arrests, seizures, measures, summary, reported_by,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_REPORT_EXISTS[] = "SELECT 1 FROM hotspot_reports WHERE hotspot_id = ? AND month = ?";
static const char SQL_EVENTS[] =
    "SELECT e.at, e.event, COALESCE(e.from_status, ''), e.to_status, u.name, e.note"
    " FROM hotspot_events e JOIN users u ON u.id = e.actor_id WHERE e.hotspot_id = ? ORDER BY e.id";
static const char SQL_REPORTS[] =
    "SELECT r.id, r.month, r.cases, r.arrests, r.seizures, r.measures, r.summary, u.name, r.created_at"
    " FROM hotspot_reports r JOIN users u ON u.id = r.reported_by WHERE r.hotspot_id = ? ORDER BY r.month";
static const char SQL_CHECKS[] =
    "SELECT c.id, c.checked_on, c.passed, c.findings, u.name, c.created_at"
    " FROM hotspot_checks c JOIN users u ON u.id = c.checked_by WHERE c.hotspot_id = ? ORDER BY c.id";
static const char SQL_FIND[] = "SELECT id FROM hotspots WHERE name = ? AND unit_id = ?";
static const char SQL_UNIT_BY_NAME[] = "SELECT id FROM units WHERE name = ? AND kind = ? ORDER BY id LIMIT 1";
static const char SQL_USER_OF_ROLE[] = "SELECT id FROM users WHERE role = ? ORDER BY id LIMIT 1";

static void read_hotspot(struct jw_stmt *s, struct jw_arena *a, struct jw_hotspot *h) {
  memset(h, 0, sizeof *h);
  h->id = jw_col_int(s, 0);
  h->unit_id = jw_col_int(s, 1);
  h->unit_path = jw_arena_strdup(a, jw_col_text(s, 2));
  h->unit_name = jw_arena_strdup(a, jw_col_text(s, 3));
  h->name = jw_arena_strdup(a, jw_col_text(s, 4));
  h->place = jw_arena_strdup(a, jw_col_text(s, 5));
  h->has_location = !jw_col_is_null(s, 6) && !jw_col_is_null(s, 7);
  h->lat_e6 = jw_col_int(s, 6);
  h->lng_e6 = jw_col_int(s, 7);
  h->kind = jw_arena_strdup(a, jw_col_text(s, 8));
  h->problems = jw_arena_strdup(a, jw_col_text(s, 9));
  h->listed_level = jw_arena_strdup(a, jw_col_text(s, 10));
  h->campaign = jw_arena_strdup(a, jw_col_text(s, 11));
  int st = jw_hotspot_status_parse(jw_col_text(s, 12));
  h->status = st < 0 ? HOT_IDENTIFIED : (enum jw_hotspot_status)st;
  snprintf(h->listed_on, sizeof h->listed_on, "%s", jw_col_text(s, 13));
  snprintf(h->deadline, sizeof h->deadline, "%s", jw_col_text(s, 14));
  snprintf(h->delisted_on, sizeof h->delisted_on, "%s", jw_col_text(s, 15));
  h->created_at = jw_col_int(s, 16);
  h->updated_at = jw_col_int(s, 17);
  h->totals.cases = jw_col_int(s, 18);
  h->totals.arrests = jw_col_int(s, 19);
  h->totals.seizures = jw_col_int(s, 20);
  h->totals.measures = jw_col_int(s, 21);
  h->totals.reports = (int)jw_col_int(s, 22);
}

/* Steps s into an arena array of hotspots. */
static enum jw_code read_page(struct jw_conn *c, struct jw_stmt *s, struct jw_arena *a, struct jw_hotspot **out,
                              size_t *n, struct jw_error *err) {
  size_t cap = 0, len = 0;
  struct jw_hotspot *v = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    v = jw_arena_grow(a, v, len, &cap, sizeof *v);
    read_hotspot(s, a, &v[len++]);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = v;
  *n = len;
  return JW_OK;
}

enum jw_code jw_hot_store_public(struct jw_conn *c, struct jw_arena *a, int delisted, const char *campaign,
                                 int64_t offset, int limit, struct jw_hotspot **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, delisted ? SQL_PUBLIC_DELISTED : SQL_PUBLIC_LISTED, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, campaign);
  jw_bind_text(s, 2, campaign);
  jw_bind_int(s, 3, limit);
  jw_bind_int(s, 4, offset);
  return read_page(c, s, a, out, n, err);
}

enum jw_code jw_hot_store_search(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi,
                                 const struct jw_hotspot_filter *f, int64_t offset, int limit, struct jw_hotspot **out,
                                 size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SEARCH, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, lo);
  jw_bind_text(s, 2, hi);
  jw_bind_text(s, 3, f->status);
  jw_bind_text(s, 4, f->status);
  jw_bind_text(s, 5, f->kind);
  jw_bind_text(s, 6, f->kind);
  jw_bind_text(s, 7, f->campaign);
  jw_bind_text(s, 8, f->campaign);
  jw_bind_text(s, 9, f->q);
  jw_bind_text(s, 10, f->q);
  jw_bind_text(s, 11, f->q);
  jw_bind_int(s, 12, limit);
  jw_bind_int(s, 13, offset);
  return read_page(c, s, a, out, n, err);
}

int jw_hot_store_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_hotspot *h, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GET, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) read_hotspot(s, a, h);
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

int jw_hot_store_unit(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path, const char **kind,
                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    if (path) *path = jw_arena_strdup(a, jw_col_text(s, 0));
    if (kind) *kind = jw_arena_strdup(a, jw_col_text(s, 1));
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

static void bind_location(struct jw_stmt *s, int idx, const struct jw_hotspot_in *in) {
  if (in->has_location) {
    jw_bind_int(s, idx, in->lat_e6);
    jw_bind_int(s, idx + 1, in->lng_e6);
  } else {
    jw_bind_null(s, idx);
    jw_bind_null(s, idx + 1);
  }
}

enum jw_code jw_hot_store_insert(struct jw_conn *c, const struct jw_hotspot_in *in, const char *unit_path,
                                 long long now, int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, in->unit_id);
  jw_bind_text(s, 2, unit_path);
  jw_bind_text(s, 3, in->name);
  jw_bind_text(s, 4, in->place);
  bind_location(s, 5, in);
  jw_bind_text(s, 7, in->kind);
  jw_bind_text(s, 8, in->problems ? in->problems : "");
  jw_bind_text(s, 9, in->listed_level);
  jw_bind_text(s, 10, in->campaign ? in->campaign : "");
  jw_bind_int(s, 11, now);
  jw_bind_int(s, 12, now);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

int jw_hot_store_update(struct jw_conn *c, int64_t id, const struct jw_hotspot_in *in, long long now,
                        struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UPDATE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, in->name);
  jw_bind_text(s, 2, in->place);
  bind_location(s, 3, in);
  jw_bind_text(s, 5, in->kind);
  jw_bind_text(s, 6, in->problems ? in->problems : "");
  jw_bind_text(s, 7, in->campaign ? in->campaign : "");
  jw_bind_text(s, 8, in->listed_level);
  jw_bind_int(s, 9, now);
  jw_bind_int(s, 10, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}

int jw_hot_store_move(struct jw_conn *c, int64_t id, const char *from, const char *to, const char *listed_on,
                      const char *deadline, const char *campaign, const char *delisted_on, long long now,
                      struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MOVE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, to);
  jw_bind_text(s, 2, listed_on);
  jw_bind_text(s, 3, deadline);
  jw_bind_text(s, 4, campaign);
  jw_bind_text(s, 5, delisted_on);
  jw_bind_int(s, 6, now);
  jw_bind_int(s, 7, id);
  jw_bind_text(s, 8, from);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}

enum jw_code jw_hot_store_event_add(struct jw_conn *c, int64_t id, long long at, const char *event, const char *from,
                                    const char *to, int64_t actor, const char *note, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EVENT_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, at);
  jw_bind_text(s, 3, event);
  jw_bind_text(s, 4, from);
  jw_bind_text(s, 5, to);
  jw_bind_int(s, 6, actor);
  jw_bind_text(s, 7, note ? note : "");
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_hot_store_check_add(struct jw_conn *c, int64_t id, const char *checked_on, int64_t by, int passed,
                                    const char *findings, long long now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CHECK_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_text(s, 2, checked_on);
  jw_bind_int(s, 3, by);
  jw_bind_int(s, 4, passed ? 1 : 0);
  jw_bind_text(s, 5, findings);
  jw_bind_int(s, 6, now);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_hot_store_report_add(struct jw_conn *c, int64_t id, const struct jw_hotspot_report *r, int64_t by,
                                     long long now, int64_t *rid, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_REPORT_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_text(s, 2, r->month);
  jw_bind_int(s, 3, r->cases);
  jw_bind_int(s, 4, r->arrests);
  jw_bind_int(s, 5, r->seizures);
  jw_bind_int(s, 6, r->measures);
  jw_bind_text(s, 7, r->summary ? r->summary : "");
  jw_bind_int(s, 8, by);
  jw_bind_int(s, 9, now);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  *rid = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

int jw_hot_store_report_exists(struct jw_conn *c, int64_t id, const char *month, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_REPORT_EXISTS, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  jw_bind_text(s, 2, month);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

enum jw_code jw_hot_store_events(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_hotspot_event **out,
                                 size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EVENTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  size_t cap = 0, len = 0;
  struct jw_hotspot_event *v = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    v = jw_arena_grow(a, v, len, &cap, sizeof *v);
    struct jw_hotspot_event *e = &v[len++];
    e->at = jw_col_int(s, 0);
    e->event = jw_arena_strdup(a, jw_col_text(s, 1));
    e->from = jw_col_text(s, 2)[0] ? jw_arena_strdup(a, jw_col_text(s, 2)) : NULL;
    e->to = jw_arena_strdup(a, jw_col_text(s, 3));
    e->actor_name = jw_arena_strdup(a, jw_col_text(s, 4));
    e->note = jw_arena_strdup(a, jw_col_text(s, 5));
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = v;
  *n = len;
  return JW_OK;
}

enum jw_code jw_hot_store_reports(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_hotspot_report **out,
                                  size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_REPORTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  size_t cap = 0, len = 0;
  struct jw_hotspot_report *v = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    v = jw_arena_grow(a, v, len, &cap, sizeof *v);
    struct jw_hotspot_report *r = &v[len++];
    r->id = jw_col_int(s, 0);
    snprintf(r->month, sizeof r->month, "%s", jw_col_text(s, 1));
    r->cases = jw_col_int(s, 2);
    r->arrests = jw_col_int(s, 3);
    r->seizures = jw_col_int(s, 4);
    r->measures = jw_col_int(s, 5);
    r->summary = jw_arena_strdup(a, jw_col_text(s, 6));
    r->reporter_name = jw_arena_strdup(a, jw_col_text(s, 7));
    r->created_at = jw_col_int(s, 8);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = v;
  *n = len;
  return JW_OK;
}

enum jw_code jw_hot_store_checks(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_hotspot_check **out,
                                 size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CHECKS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  size_t cap = 0, len = 0;
  struct jw_hotspot_check *v = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    v = jw_arena_grow(a, v, len, &cap, sizeof *v);
    struct jw_hotspot_check *k = &v[len++];
    k->id = jw_col_int(s, 0);
    snprintf(k->checked_on, sizeof k->checked_on, "%s", jw_col_text(s, 1));
    k->passed = (int)jw_col_int(s, 2);
    k->findings = jw_arena_strdup(a, jw_col_text(s, 3));
    k->checker_name = jw_arena_strdup(a, jw_col_text(s, 4));
    k->created_at = jw_col_int(s, 5);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = v;
  *n = len;
  return JW_OK;
}

/* The first column of the first row of s as an id: 0 none, -1 error. */
static int64_t one_id(struct jw_conn *c, struct jw_stmt *s, struct jw_error *err) {
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int64_t id = st == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  jw_conn_release(c);
  return id;
}

int64_t jw_hot_store_find(struct jw_conn *c, const char *name, int64_t unit_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_FIND, err);
  if (!s) return -1;
  jw_bind_text(s, 1, name);
  jw_bind_int(s, 2, unit_id);
  return one_id(c, s, err);
}

int64_t jw_hot_store_unit_by_name(struct jw_conn *c, const char *name, const char *kind, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT_BY_NAME, err);
  if (!s) return -1;
  jw_bind_text(s, 1, name);
  jw_bind_text(s, 2, kind);
  return one_id(c, s, err);
}

int64_t jw_hot_store_user_of_role(struct jw_conn *c, const char *role, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_USER_OF_ROLE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, role);
  return one_id(c, s, err);
}
