/* store_slots.c — the SQL of the bookable slots (calendar/slots.h): one set
 * of statements per slot table, the same text but for the table's and the
 * owner column's names, pasted in at compile time from fixed literals. */
#include <stdio.h>
#include <stdlib.h>

#include "calendar/store.h"

/* The statements of one slot table T whose owner column is O. */
#define SLOT_SQL(T, O)                                                                             \
  {                                                                                                \
    .count = "SELECT COUNT(*) FROM " T " WHERE " O " = ? AND day = ?",                             \
    .booked = "SELECT COALESCE(SUM(booked), 0) FROM " T " WHERE " O " = ? AND day = ?",            \
    .make = "INSERT INTO " T " (" O                                                                \
            ", day, starts_at, ends_at, capacity, booked) VALUES (?, ?, ?, ?, ?, 0)"               \
            " ON CONFLICT (" O ", starts_at) DO NOTHING",                                          \
    .get = "SELECT id, " O ", day, starts_at, ends_at, capacity, booked FROM " T " WHERE id = ?",  \
    .of_day = "SELECT id, " O ", day, starts_at, ends_at, capacity, booked FROM " T " WHERE " O    \
              " = ? AND day = ?"                                                                   \
              " ORDER BY starts_at",                                                               \
    .take = "UPDATE " T " SET booked = booked + 1 WHERE id = ? AND booked < capacity",             \
    .give_back = "UPDATE " T " SET booked = booked - 1 WHERE id = ? AND booked > 0",               \
    .capacity = "UPDATE " T " SET capacity = CASE WHEN booked > ? THEN booked ELSE ? END WHERE " O \
                " = ?"                                                                             \
                " AND day = ?",                                                                    \
  }

static const struct slot_sql {
  const char *count, *booked, *make, *get, *of_day, *take, *give_back, *capacity;
} SQL[JW_SLOTS__MAX] = {
    [JW_SLOTS_INSPECTION] = SLOT_SQL("inspection_slots", "station_id"),
    [JW_SLOTS_OFFICER] = SLOT_SQL("officer_slots", "officer_id"),
};

/* The statements of table; an out-of-range value is a bug, not input. */
static const struct slot_sql *sql_of(enum jw_slot_table table) {
  if ((unsigned)table >= JW_SLOTS__MAX) abort();
  return &SQL[table];
}

/* One integer read by sql bound with (owner, day) into *n. */
static enum jw_code owner_day_int(struct jw_conn *c, const char *sql, int64_t owner, const char *day, int64_t *n,
                                  struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, owner);
  jw_bind_text(s, 2, day);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : jw_fail(err, JW_E_DB, "COUNT gave no row");
  *n = jw_col_int(s, 0);
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_cal_store_slot_count(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day,
                                     int64_t *n, struct jw_error *err) {
  return owner_day_int(c, sql_of(table)->count, owner, day, n, err);
}

enum jw_code jw_cal_store_slot_booked(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day,
                                      int64_t *n, struct jw_error *err) {
  return owner_day_int(c, sql_of(table)->booked, owner, day, n, err);
}

enum jw_code jw_cal_store_slot_make(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day,
                                    int64_t starts_at, int64_t ends_at, int64_t capacity, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql_of(table)->make, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, owner);
  jw_bind_text(s, 2, day);
  jw_bind_int(s, 3, starts_at);
  jw_bind_int(s, 4, ends_at);
  jw_bind_int(s, 5, capacity);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

/* The current row of a statement selecting get's columns into *out. */
static void slot_row(struct jw_stmt *s, struct jw_arena *a, void *row) {
  struct jw_slot *out = row;
  (void)a;
  out->id = jw_col_int(s, 0);
  out->owner_id = jw_col_int(s, 1);
  snprintf(out->day, sizeof out->day, "%s", jw_col_text(s, 2));
  out->starts_at = jw_col_int(s, 3);
  out->ends_at = jw_col_int(s, 4);
  out->capacity = jw_col_int(s, 5);
  out->booked = jw_col_int(s, 6);
}

int jw_cal_store_slot_get(struct jw_conn *c, enum jw_slot_table table, int64_t id, struct jw_slot *out,
                          struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql_of(table)->get, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_DONE) return 0;
  slot_row(s, NULL, out);
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_cal_store_slots_of_day(struct jw_conn *c, struct jw_arena *a, enum jw_slot_table table, int64_t owner,
                                       const char *day, struct jw_slot **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql_of(table)->of_day, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, owner);
  jw_bind_text(s, 2, day);
  void *rows;
  if (jw_db_rows(c, s, a, sizeof **out, 0, slot_row, &rows, n, err) != JW_OK) return err->code;
  *out = rows;
  return JW_OK;
}

/* Runs the one-id UPDATE sql on slot id: 1 when it changed the row, 0 when not, -1 on error. */
static int update_one(struct jw_conn *c, const char *sql, int64_t id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return jw_changes(s) == 1;
}

int jw_cal_store_slot_take(struct jw_conn *c, enum jw_slot_table table, int64_t id, struct jw_error *err) {
  return update_one(c, sql_of(table)->take, id, err);
}

enum jw_code jw_cal_store_slot_give_back(struct jw_conn *c, enum jw_slot_table table, int64_t id,
                                         struct jw_error *err) {
  return update_one(c, sql_of(table)->give_back, id, err) < 0 ? err->code : JW_OK;
}

enum jw_code jw_cal_store_slot_capacity(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day,
                                        int64_t capacity, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql_of(table)->capacity, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, capacity);
  jw_bind_int(s, 2, capacity);
  jw_bind_int(s, 3, owner);
  jw_bind_text(s, 4, day);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}
