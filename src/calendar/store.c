/* store.c — every SQL statement of the calendar domain (table calendar_days). */
#include "calendar/store.h"

#include <stdio.h>
#include <string.h>

#include "core/mem.h"

static const char SQL_DAY[] = "SELECT kind FROM calendar_days WHERE day = ?";
static const char SQL_RANGE[] = "SELECT day, kind FROM calendar_days WHERE day > ? AND day <= ? ORDER BY day";
static const char SQL_LIST[] = "SELECT day, kind, name FROM calendar_days WHERE day >= ? AND day <= ? ORDER BY day";
static const char SQL_UPSERT[] =
    "INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)"
    " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name";
static const char SQL_DELETE[] = "DELETE FROM calendar_days WHERE day = ?";

int jw_calendar_store_kind(struct jw_conn *c, const char *day, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DAY, err);
  if (!s) return -1;
  jw_bind_text(s, 1, day);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int kind = st == JW_STEP_ROW ? jw_col_text(s, 0)[0] : 0;
  jw_conn_release(c);
  return kind;
}

int jw_calendar_store_range(struct jw_conn *c, const char *lo, const char *hi, long *out_day, char *out_kind, int max,
                            struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RANGE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, lo);
  jw_bind_text(s, 2, hi);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && n < max) {
    struct jw_date d;
    if (jw_date_parse(jw_col_text(s, 0), &d) != 0) continue;
    out_day[n] = jw_date_serial(d);
    out_kind[n++] = jw_col_text(s, 1)[0];
  }
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return n;
}

enum jw_code jw_calendar_store_list(struct jw_conn *c, const char *lo, const char *hi, struct jw_arena *a,
                                    struct jw_calendar_day **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LIST, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, lo);
  jw_bind_text(s, 2, hi);
  size_t cap = 0, len = 0;
  struct jw_calendar_day *days = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    days = jw_arena_grow(a, days, len, &cap, sizeof *days);
    struct jw_calendar_day *d = &days[len++];
    snprintf(d->day, sizeof d->day, "%s", jw_col_text(s, 0));
    d->kind = jw_arena_strdup(a, jw_col_text(s, 1));
    d->name = jw_arena_strdup(a, jw_col_text(s, 2));
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = days;
  *n = len;
  return JW_OK;
}

enum jw_code jw_calendar_store_upsert(struct jw_conn *c, const struct jw_calendar_day *d, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UPSERT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, d->day);
  jw_bind_text(s, 2, d->kind);
  jw_bind_text(s, 3, d->name);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_calendar_store_delete(struct jw_conn *c, const char *day, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DELETE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, day);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (jw_changes(s) == 0) return jw_fail(err, JW_E_NOT_FOUND, "%s has no calendar entry.", day);
  return JW_OK;
}
