/* slots.c — bookable slots (slots.h): a day's slots cut from a template,
 * and the reads and conditional updates the booking domains call. The SQL
 * is in store_slots.c. */
#include "calendar/slots.h"

#include "calendar/store.h"

enum jw_code jw_slots_generate(struct jw_conn *c, enum jw_slot_table table, int64_t owner, struct jw_date day,
                               int tz_offset_min, const struct jw_slot_template *t, struct jw_error *err) {
  char d[11];
  jw_date_format(day, d);
  int64_t midnight = (int64_t)jw_date_midnight(day, tz_offset_min);
  int64_t starts[144]; /* a day of 10-minute slots at most */
  int n = jw_slot_minutes(t->open_min, t->close_min, t->break_start_min, t->break_end_min, t->slot_min, starts, 144);
  for (int i = 0; i < n; i++)
    if (jw_cal_store_slot_make(c, table, owner, d, midnight + starts[i] * 60, midnight + (starts[i] + t->slot_min) * 60,
                               t->capacity, err) != JW_OK)
      return err->code;
  return JW_OK;
}

enum jw_code jw_slots_count(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day, int64_t *n,
                            struct jw_error *err) {
  return jw_cal_store_slot_count(c, table, owner, day, n, err);
}

enum jw_code jw_slots_booked(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day, int64_t *n,
                             struct jw_error *err) {
  return jw_cal_store_slot_booked(c, table, owner, day, n, err);
}

int jw_slots_get(struct jw_conn *c, enum jw_slot_table table, int64_t id, struct jw_slot *out, struct jw_error *err) {
  return jw_cal_store_slot_get(c, table, id, out, err);
}

enum jw_code jw_slots_of_day(struct jw_conn *c, struct jw_arena *a, enum jw_slot_table table, int64_t owner,
                             const char *day, struct jw_slot **out, size_t *n, struct jw_error *err) {
  return jw_cal_store_slots_of_day(c, a, table, owner, day, out, n, err);
}

int jw_slots_take(struct jw_conn *c, enum jw_slot_table table, int64_t id, struct jw_error *err) {
  return jw_cal_store_slot_take(c, table, id, err);
}

enum jw_code jw_slots_give_back(struct jw_conn *c, enum jw_slot_table table, int64_t id, struct jw_error *err) {
  return jw_cal_store_slot_give_back(c, table, id, err);
}

enum jw_code jw_slots_set_capacity(struct jw_conn *c, enum jw_slot_table table, int64_t owner, const char *day,
                                   int64_t capacity, struct jw_error *err) {
  return jw_cal_store_slot_capacity(c, table, owner, day, capacity, err);
}
