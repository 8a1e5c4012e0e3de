/* store.c — every SQL statement of the work logs (tables worklogs, worklog_parties). */
#include "worklogs/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/mem.h"
#include "core/validate.h"

static const char SQL_ME[] =
    "SELECT o.id, o.unit_id, u.path, o.name FROM officers o JOIN units u ON u.id = o.unit_id"
    " WHERE o.user_id = ? ORDER BY o.id LIMIT 1";
static const char SQL_OFFICER[] =
    "SELECT o.name, u.path, o.unit_id FROM officers o JOIN units u ON u.id = o.unit_id WHERE o.id = ?";
static const char SQL_LOGIN_OFFICER[] =
    "SELECT o.id FROM officers o JOIN users u ON u.id = o.user_id WHERE u.login = ? ORDER BY o.id LIMIT 1";
static const char SQL_UNIT[] = "SELECT path FROM units WHERE id = ?";
/* A grid the worker may work: in scope, and (for officers and auxiliaries)
 * theirs or one they are a member of. */
#define WORKS_GRID(g)                                         \
  " AND (CAST(? AS BIGINT) IS NULL OR " g                     \
  ".officer_id = CAST(? AS BIGINT) OR EXISTS (SELECT 1 FROM " \
  "grid_members m WHERE m.grid_id = " g ".id AND m.officer_id = CAST(? AS BIGINT)))"
static const char SQL_GRID_OK[] =
    "SELECT 1 FROM grids g WHERE g.id = ? AND g.unit_path >= ? AND g.unit_path < ?" WORKS_GRID("g");
static const char SQL_RESIDENT_OK[] =
    "SELECT r.grid_id FROM residents r JOIN grids g ON g.id = r.grid_id"
    " WHERE r.id = ? AND r.unit_path >= ? AND r.unit_path < ?" WORKS_GRID("g");
static const char SQL_HOUSE_OK[] =
    "SELECT h.grid_id FROM rental_houses h JOIN grids g ON g.id = h.grid_id"
    " WHERE h.id = ? AND h.unit_path >= ? AND h.unit_path < ?" WORKS_GRID("g");

#define COLS                                                                                                       \
  "w.id, w.kind, w.officer_id, o.name, w.unit_id, w.unit_path, w.grid_id, w.day, w.started_at, w.ended_at,"        \
  " w.route, w.companions, w.findings, w.resident_id, w.house_id, w.business_name, w.business_address, w.purpose," \
  " w.result, w.info_kind, w.content, w.source, w.dispute_type, w.summary, w.outcome, w.agreement_date,"           \
  " w.created_at, w.updated_at, COALESCE(r.name, h.address, '')"
#define FROM                                                                                              \
  " FROM worklogs w JOIN officers o ON o.id = w.officer_id LEFT JOIN residents r ON r.id = w.resident_id" \
  " LEFT JOIN rental_houses h ON h.id = w.house_id"

static const char SQL_GET[] = "SELECT " COLS FROM " WHERE w.id = ?";
static const char SQL_LIST[] =
    "SELECT " COLS FROM
    " WHERE (CAST(? AS BIGINT) IS NULL OR w.officer_id = CAST(? AS BIGINT))"
    " AND (CAST(? AS TEXT) IS NULL OR (w.unit_path >= CAST(? AS TEXT) AND w.unit_path < CAST(? AS TEXT)))"
    " AND (CAST(? AS BIGINT) IS NULL OR w.officer_id = CAST(? AS BIGINT))"
    " AND (CAST(? AS TEXT) IS NULL OR w.kind = CAST(? AS TEXT))"
    " AND (CAST(? AS TEXT) IS NULL OR w.day >= CAST(? AS TEXT))"
    " AND (CAST(? AS TEXT) IS NULL OR w.day <= CAST(? AS TEXT))"
    " AND (CAST(? AS BIGINT) IS NULL OR w.resident_id = CAST(? AS BIGINT))"
    " AND (CAST(? AS BIGINT) IS NULL OR w.id < CAST(? AS BIGINT))"
    " ORDER BY w.id DESC LIMIT ?";
static const char SQL_MONTH_ITEMS[] = "SELECT " COLS FROM
                                      " WHERE w.officer_id = ? AND w.day >= ? AND w.day < ?"
                                      " ORDER BY w.started_at, w.id LIMIT ?";
static const char SQL_MONTH_COUNTS[] =
    "SELECT day, kind, COUNT(*), COALESCE(SUM(CASE WHEN kind = 'patrol' THEN ended_at - started_at ELSE 0 END), 0)"
    " FROM worklogs WHERE officer_id = ? AND day >= ? AND day < ? GROUP BY day, kind";

static const char SQL_INSERT[] =
    "INSERT INTO worklogs (kind, officer_id, author_id, unit_id, unit_path, grid_id, day, started_at, ended_at,"
    " route, companions, findings, resident_id, house_id, business_name, business_address, purpose, result,"
    " info_kind, content, source, dispute_type, summary, outcome, agreement_date, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_UPDATE[] =
    "UPDATE worklogs SET grid_id = ?, day = ?, started_at = ?, ended_at = ?, route = ?, companions = ?,"
    " findings = ?, resident_id = ?, house_id = ?, business_name = ?, business_address = ?, purpose = ?,"
    " result = ?, info_kind = ?, content = ?, source = ?, dispute_type = ?, summary = ?, outcome = ?,"
    " agreement_date = ?, updated_at = ? WHERE id = ? AND created_at >= ?";
static const char SQL_DELETE_PARTIES[] = "DELETE FROM worklog_parties WHERE worklog_id = ?";
static const char SQL_DELETE[] = "DELETE FROM worklogs WHERE id = ? AND created_at >= ?";
static const char SQL_PARTY_INSERT[] =
    "INSERT INTO worklog_parties (worklog_id, seq, name, phone, id_enc, id_masked) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_PARTIES[] =
    "SELECT name, phone, id_enc, id_masked FROM worklog_parties WHERE worklog_id = ? ORDER BY seq";

static const char SQL_WORKLOAD[] =
    "SELECT o.id, o.name, o.kind, un.name,"
    " COALESCE(SUM(CASE WHEN w.kind = 'patrol' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN w.kind = 'patrol' THEN w.ended_at - w.started_at ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN w.kind = 'visit' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN w.kind = 'info' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN w.kind = 'mediation' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN w.kind = 'mediation' AND w.outcome IN ('mediated', 'agreement') THEN 1 ELSE 0 END), 0)"
    " FROM officers o JOIN units un ON un.id = o.unit_id"
    " LEFT JOIN worklogs w ON w.officer_id = o.id AND w.day >= ? AND w.day < ?"
    " WHERE un.path >= ? AND un.path < ?"
    " GROUP BY o.id, o.name, o.kind, un.name, un.path, o.rank ORDER BY un.path, o.rank, o.id LIMIT 2000";
static const char SQL_GRID_VISITS[] =
    "SELECT COUNT(*) FROM worklogs WHERE grid_id = ? AND kind = 'visit' AND day >= ? AND day < ?";
static const char SQL_OFFICER_LOGS[] = "SELECT COUNT(*) FROM worklogs WHERE officer_id = ?";
static const char SQL_DEMO_RESIDENTS[] =
    "SELECT r.id, r.grid_id FROM residents r JOIN grids g ON g.id = r.grid_id WHERE g.officer_id = ? OR EXISTS"
    " (SELECT 1 FROM grid_members m WHERE m.grid_id = g.id AND m.officer_id = ?) ORDER BY r.id LIMIT ?";
static const char SQL_DEMO_OFFICERS[] =
    "SELECT o.id FROM officers o JOIN units u ON u.id = o.unit_id WHERE u.path >= ? AND u.path < ?"
    " ORDER BY CASE WHEN o.kind = 'police' THEN 0 ELSE 1 END, length(u.path) DESC, o.rank, o.id LIMIT ?";

int jw_wl_store_me(struct jw_conn *c, int64_t user_id, struct jw_arena *a, struct jw_worklog_me *me,
                   struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ME, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    me->officer_id = jw_col_int(s, 0);
    me->unit_id = jw_col_int(s, 1);
    me->unit_path = jw_arena_strdup(a, jw_col_text(s, 2));
    me->name = jw_arena_strdup(a, jw_col_text(s, 3));
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

int jw_wl_store_officer(struct jw_conn *c, int64_t officer_id, struct jw_arena *a, const char **name, int64_t *unit_id,
                        const char **unit_path, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER, err);
  if (!s) return -1;
  jw_bind_int(s, 1, officer_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) {
    *name = jw_arena_strdup(a, jw_col_text(s, 0));
    *unit_path = jw_arena_strdup(a, jw_col_text(s, 1));
    *unit_id = jw_col_int(s, 2);
  }
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

int jw_wl_store_unit(struct jw_conn *c, int64_t unit_id, struct jw_arena *a, const char **path, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT, err);
  if (!s) return -1;
  jw_bind_int(s, 1, unit_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) *path = jw_arena_strdup(a, jw_col_text(s, 0));
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

static void bind_worker(struct jw_stmt *s, int idx, int64_t worker) {
  for (int i = 0; i < 3; i++) jw_bind_id(s, idx + i, worker);
}

int jw_wl_store_grid_ok(struct jw_conn *c, int64_t grid_id, const char *lo, const char *hi, int64_t worker,
                        struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GRID_OK, err);
  if (!s) return -1;
  jw_bind_int(s, 1, grid_id);
  jw_bind_text(s, 2, lo);
  jw_bind_text(s, 3, hi);
  bind_worker(s, 4, worker);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

int jw_wl_store_target_ok(struct jw_conn *c, int is_house, int64_t id, const char *lo, const char *hi, int64_t worker,
                          int64_t *grid_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, is_house ? SQL_HOUSE_OK : SQL_RESIDENT_OK, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  jw_bind_text(s, 2, lo);
  jw_bind_text(s, 3, hi);
  bind_worker(s, 4, worker);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) *grid_id = jw_col_int(s, 0);
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

static void bind_text_or_null(struct jw_stmt *s, int idx, const char *v) { jw_bind_text(s, idx, v && *v ? v : NULL); }

/* Binds the kind's columns of w from idx on: route … agreement_date (16 values). */
static void bind_fields(struct jw_stmt *s, int idx, const struct jw_worklog *w) {
  jw_bind_text(s, idx++, w->route ? w->route : "");
  jw_bind_text(s, idx++, w->companions ? w->companions : "");
  jw_bind_text(s, idx++, w->findings ? w->findings : "");
  jw_bind_id(s, idx++, w->resident_id);
  jw_bind_id(s, idx++, w->house_id);
  jw_bind_text(s, idx++, w->business_name ? w->business_name : "");
  jw_bind_text(s, idx++, w->business_address ? w->business_address : "");
  jw_bind_text(s, idx++, w->purpose ? w->purpose : "");
  jw_bind_text(s, idx++, w->result ? w->result : "");
  bind_text_or_null(s, idx++, w->info_kind);
  jw_bind_text(s, idx++, w->content ? w->content : "");
  jw_bind_text(s, idx++, w->source ? w->source : "");
  bind_text_or_null(s, idx++, w->dispute_type);
  jw_bind_text(s, idx++, w->summary ? w->summary : "");
  bind_text_or_null(s, idx++, w->outcome);
  bind_text_or_null(s, idx, w->agreement_date);
}

enum jw_code jw_wl_store_insert(struct jw_conn *c, struct jw_worklog *w, int64_t author, int64_t now,
                                struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, jw_worklog_kinds[w->kind]);
  jw_bind_int(s, 2, w->officer_id);
  jw_bind_id(s, 3, author);
  jw_bind_int(s, 4, w->unit_id);
  jw_bind_text(s, 5, w->unit_path);
  jw_bind_id(s, 6, w->grid_id);
  jw_bind_text(s, 7, w->day);
  jw_bind_int(s, 8, w->started_at);
  jw_bind_id(s, 9, w->ended_at);
  bind_fields(s, 10, w);
  jw_bind_int(s, 26, now);
  jw_bind_int(s, 27, now);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) return st == JW_STEP_ERROR ? err->code : jw_fail(err, JW_E_DB, "insert returned no id");
  w->id = jw_col_int(s, 0);
  w->created_at = w->updated_at = now;
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_wl_store_parties_put(struct jw_conn *c, int64_t id, const struct jw_worklog *w, struct jw_arena *a,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DELETE_PARTIES, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  for (int i = 0; i < w->nparties; i++) {
    const struct jw_worklog_party *p = &w->parties[i];
    if (!(s = jw_prepare(c, SQL_PARTY_INSERT, err))) return err->code;
    jw_bind_int(s, 1, id);
    jw_bind_int(s, 2, i + 1);
    jw_bind_text(s, 3, p->name);
    jw_bind_text(s, 4, p->phone ? p->phone : "");
    if (p->id_number && *p->id_number) {
      size_t n = 0;
      unsigned char *box = jw_encrypt(a, p->id_number, &n);
      jw_bind_blob(s, 5, box, n);
      jw_bind_text(s, 6, jw_mask_id_number(a, p->id_number));
    } else {
      jw_bind_null(s, 5);
      jw_bind_text(s, 6, "");
    }
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  return JW_OK;
}

static const char *dup_or_null(struct jw_arena *a, struct jw_stmt *s, int col) {
  return jw_col_is_null(s, col) ? NULL : jw_arena_strdup(a, jw_col_text(s, col));
}

/* The current row (COLS) into *w. */
static void read_row(struct jw_stmt *s, struct jw_arena *a, struct jw_worklog *w) {
  memset(w, 0, sizeof *w);
  w->id = jw_col_int(s, 0);
  const char *kind = jw_col_text(s, 1);
  for (int k = 0; k < JW_WL__MAX; k++)
    if (strcmp(kind, jw_worklog_kinds[k]) == 0) w->kind = (enum jw_worklog_kind)k;
  w->officer_id = jw_col_int(s, 2);
  w->officer_name = jw_arena_strdup(a, jw_col_text(s, 3));
  w->unit_id = jw_col_int(s, 4);
  w->unit_path = jw_arena_strdup(a, jw_col_text(s, 5));
  w->grid_id = jw_col_int(s, 6);
  snprintf(w->day, sizeof w->day, "%s", jw_col_text(s, 7));
  w->started_at = jw_col_int(s, 8);
  w->ended_at = jw_col_int(s, 9);
  w->route = jw_arena_strdup(a, jw_col_text(s, 10));
  w->companions = jw_arena_strdup(a, jw_col_text(s, 11));
  w->findings = jw_arena_strdup(a, jw_col_text(s, 12));
  w->resident_id = jw_col_int(s, 13);
  w->house_id = jw_col_int(s, 14);
  w->business_name = jw_arena_strdup(a, jw_col_text(s, 15));
  w->business_address = jw_arena_strdup(a, jw_col_text(s, 16));
  w->purpose = jw_arena_strdup(a, jw_col_text(s, 17));
  w->result = jw_arena_strdup(a, jw_col_text(s, 18));
  w->info_kind = dup_or_null(a, s, 19);
  w->content = jw_arena_strdup(a, jw_col_text(s, 20));
  w->source = jw_arena_strdup(a, jw_col_text(s, 21));
  w->dispute_type = dup_or_null(a, s, 22);
  w->summary = jw_arena_strdup(a, jw_col_text(s, 23));
  w->outcome = dup_or_null(a, s, 24);
  snprintf(w->agreement_date, sizeof w->agreement_date, "%s", jw_col_text(s, 25));
  w->created_at = jw_col_int(s, 26);
  w->updated_at = jw_col_int(s, 27);
  w->target = jw_arena_strdup(a, jw_col_text(s, 28));
}

int jw_wl_store_get(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_worklog *out, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GET, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW) read_row(s, a, out);
  jw_conn_release(c);
  return st == JW_STEP_ROW;
}

enum jw_code jw_wl_store_parties(struct jw_conn *c, int64_t id, int unmask, struct jw_arena *a, struct jw_worklog *out,
                                 struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PARTIES, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  out->nparties = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && out->nparties < JW_WORKLOG_PARTIES_MAX) {
    struct jw_worklog_party *p = &out->parties[out->nparties++];
    p->name = jw_arena_strdup(a, jw_col_text(s, 0));
    const char *phone = jw_col_text(s, 1);
    p->phone = !*phone ? "" : unmask ? jw_arena_strdup(a, phone) : jw_mask_phone(a, phone);
    p->id_number = "";
    if (!jw_col_is_null(s, 2)) {
      size_t n = 0;
      const void *box = jw_col_blob(s, 2, &n);
      char *plain = unmask ? jw_decrypt(a, box, n) : NULL;
      p->id_number = plain ? plain : jw_arena_strdup(a, jw_col_text(s, 3));
    }
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  return JW_OK;
}

int jw_wl_store_update(struct jw_conn *c, int64_t id, const struct jw_worklog *w, int64_t min_created, int64_t now,
                       struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UPDATE, err);
  if (!s) return -1;
  jw_bind_id(s, 1, w->grid_id);
  jw_bind_text(s, 2, w->day);
  jw_bind_int(s, 3, w->started_at);
  jw_bind_id(s, 4, w->ended_at);
  bind_fields(s, 5, w);
  jw_bind_int(s, 21, now);
  jw_bind_int(s, 22, id);
  jw_bind_int(s, 23, min_created);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s) > 0;
}

int jw_wl_store_delete(struct jw_conn *c, int64_t id, int64_t min_created, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DELETE_PARTIES, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  if (!(s = jw_prepare(c, SQL_DELETE, err))) return -1;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, min_created);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s) > 0;
}

/* Steps s and reads every row into *out (arena a), at most max rows. */
static enum jw_code read_rows(struct jw_conn *c, struct jw_stmt *s, size_t max, struct jw_arena *a,
                              struct jw_worklog **out, size_t *n, struct jw_error *err) {
  size_t cap = 0, len = 0;
  struct jw_worklog *rows = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && len < max) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    read_row(s, a, &rows[len++]);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

enum jw_code jw_wl_store_list(struct jw_conn *c, int64_t only, const char *lo, const char *hi,
                              const struct jw_worklog_filter *f, struct jw_arena *a, struct jw_worklog **out, size_t *n,
                              struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LIST, err);
  if (!s) return err->code;
  jw_bind_id(s, 1, only);
  jw_bind_id(s, 2, only);
  jw_bind_text(s, 3, lo);
  jw_bind_text(s, 4, lo);
  jw_bind_text(s, 5, hi);
  jw_bind_id(s, 6, f->officer_id);
  jw_bind_id(s, 7, f->officer_id);
  jw_bind_text(s, 8, f->kind);
  jw_bind_text(s, 9, f->kind);
  jw_bind_text(s, 10, f->from);
  jw_bind_text(s, 11, f->from);
  jw_bind_text(s, 12, f->to);
  jw_bind_text(s, 13, f->to);
  jw_bind_id(s, 14, f->resident_id);
  jw_bind_id(s, 15, f->resident_id);
  jw_bind_id(s, 16, f->before);
  jw_bind_id(s, 17, f->before);
  jw_bind_int(s, 18, f->limit + 1);
  return read_rows(c, s, (size_t)f->limit + 1, a, out, n, err);
}

enum jw_code jw_wl_store_month_items(struct jw_conn *c, int64_t officer_id, const char *from, const char *to,
                                     size_t max, struct jw_arena *a, struct jw_worklog **out, size_t *n,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MONTH_ITEMS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, officer_id);
  jw_bind_text(s, 2, from);
  jw_bind_text(s, 3, to);
  jw_bind_int(s, 4, (int64_t)max + 1);
  return read_rows(c, s, max + 1, a, out, n, err);
}

enum jw_code jw_wl_store_month_counts(struct jw_conn *c, int64_t officer_id, const char *from, const char *to,
                                      struct jw_worklog_month *m, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MONTH_COUNTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, officer_id);
  jw_bind_text(s, 2, from);
  jw_bind_text(s, 3, to);
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    const char *day = jw_col_text(s, 0), *kind = jw_col_text(s, 1);
    int d = (int)strtol(day + 8, NULL, 10) - 1;
    if (strlen(day) != 10 || d < 0 || d >= m->ndays) continue;
    for (int k = 0; k < JW_WL__MAX; k++)
      if (strcmp(kind, jw_worklog_kinds[k]) == 0) {
        int cnt = (int)jw_col_int(s, 2);
        m->counts[d][k] += cnt;
        m->totals[k] += cnt;
      }
    m->patrol_seconds += jw_col_int(s, 3);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_wl_store_workload(struct jw_conn *c, const char *lo, const char *hi, const char *from, const char *to,
                                  struct jw_arena *a, struct jw_worklog_load **rows, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_WORKLOAD, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, from);
  jw_bind_text(s, 2, to);
  jw_bind_text(s, 3, lo);
  jw_bind_text(s, 4, hi);
  size_t cap = 0, len = 0;
  struct jw_worklog_load *out = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    out = jw_arena_grow(a, out, len, &cap, sizeof *out);
    struct jw_worklog_load *l = &out[len++];
    l->officer_id = jw_col_int(s, 0);
    l->officer_name = jw_arena_strdup(a, jw_col_text(s, 1));
    l->officer_kind = jw_arena_strdup(a, jw_col_text(s, 2));
    l->unit_name = jw_arena_strdup(a, jw_col_text(s, 3));
    l->patrols = jw_col_int(s, 4);
    l->patrol_seconds = jw_col_int(s, 5);
    l->visits = jw_col_int(s, 6);
    l->infos = jw_col_int(s, 7);
    l->mediations = jw_col_int(s, 8);
    l->mediations_ok = jw_col_int(s, 9);
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *rows = out;
  *n = len;
  return JW_OK;
}

/* The first column of the one row of s as an integer, or -1 on error. */
static int64_t count_of(struct jw_conn *c, struct jw_stmt *s, struct jw_error *err) {
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int64_t v = st == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  jw_conn_release(c);
  return v;
}

int64_t jw_wl_store_grid_visits(struct jw_conn *c, int64_t grid_id, const char *from, const char *to,
                                struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GRID_VISITS, err);
  if (!s) return -1;
  jw_bind_int(s, 1, grid_id);
  jw_bind_text(s, 2, from);
  jw_bind_text(s, 3, to);
  return count_of(c, s, err);
}

int64_t jw_wl_store_officer_logs(struct jw_conn *c, int64_t officer_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER_LOGS, err);
  if (!s) return -1;
  jw_bind_int(s, 1, officer_id);
  return count_of(c, s, err);
}

int jw_wl_store_demo_officers(struct jw_conn *c, const char *lo, const char *hi, int64_t *ids, int max,
                              struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DEMO_OFFICERS, err);
  if (!s) return -1;
  jw_bind_text(s, 1, lo);
  jw_bind_text(s, 2, hi);
  jw_bind_int(s, 3, max);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && n < max) ids[n++] = jw_col_int(s, 0);
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return n;
}

int64_t jw_wl_store_login_officer(struct jw_conn *c, const char *login, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LOGIN_OFFICER, err);
  if (!s) return -1;
  jw_bind_text(s, 1, login);
  return count_of(c, s, err);
}

int jw_wl_store_demo_residents(struct jw_conn *c, int64_t officer_id, int64_t *ids, int64_t *grid_ids, int max,
                               struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DEMO_RESIDENTS, err);
  if (!s) return -1;
  jw_bind_int(s, 1, officer_id);
  jw_bind_int(s, 2, officer_id);
  jw_bind_int(s, 3, max);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && n < max) {
    ids[n] = jw_col_int(s, 0);
    grid_ids[n++] = jw_col_int(s, 1);
  }
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return n;
}
