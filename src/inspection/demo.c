/* demo.c — the demo citizen's inspection history for `jingwu seed --demo`:
 * 浙J12345 was booked online and inspected at a station about ten months
 * ago, and booked again about six weeks ago (its next inspection falls due
 * in 45 days), then cancelled: it still waits for a booking. So the public
 * statistics' inspection bookings (made in the period) and inspections
 * (checked in) are not zero in the demo, and her appointments page has a
 * history; nothing stays booked (one active appointment per vehicle), so
 * the demo journeys book as before. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calendar/slots.h"
#include "core/mem.h"
#include "inspection/inspection.h"
#include "inspection/store.h"
#include "vehicles/vehicles.h"

/* One past booking: the car, the station (index into the stations list),
 * the slot's day (days from today; the next open day on or after it), how
 * long before the slot it was booked and what became of it. */
struct past {
  const char *plate_type, *plate;
  size_t station;
  int day_offset, booked_days_before;
  const char *status; /* checked_in or cancelled */
  const char *idem_key;
};

static const struct past PAST[] = {
    {"02", "浙J12345", 0, -320, 6, "checked_in", "demo-history-1"},
    {"02", "浙J12345", 1, -40, 7, "cancelled", "demo-history-2"},
};

struct past_tx {
  const struct past *p;
  const struct jw_slot *slot;
  int64_t user, vehicle;
};

/* Books, confirms and then checks in or cancels one past appointment, as
 * the booking and the station would have (the slot's count follows). */
static enum jw_code past_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct past_tx *x = arg;
  const struct jw_slot *s = x->slot;
  int64_t booked_at = s->starts_at - (int64_t)x->p->booked_days_before * 86400 + 11 * 3600; /* 20:00 */
  int took = jw_slots_take(c, JW_SLOTS_INSPECTION, s->id, err);
  if (took < 0) return err->code;
  if (!took) return JW_OK; /* the slot is full: that history is left out */
  const struct jw_insp_new_appt v = {
      .confirmation_no = x->p->idem_key,
      .slot_id = s->id,
      .station_id = s->owner_id,
      .vehicle_id = x->vehicle,
      .user_id = x->user,
      .starts_at = s->starts_at,
      .now = booked_at,
      .idem_key = x->p->idem_key,
      .idem_hash = "demo",
  };
  int64_t id = 0;
  enum jw_code rc = jw_insp_store_appt_insert(c, &v, &id, err);
  if (rc != JW_OK) return rc;
  char conf[24];
  snprintf(conf, sizeof conf, "JY%.4s%.2s%.2s%08lld", s->day, s->day + 5, s->day + 8, (long long)(id % 100000000));
  if (jw_insp_store_appt_confirm(c, id, conf, err) != JW_OK) return err->code;
  int changed;
  if (strcmp(x->p->status, "cancelled") == 0) {
    changed = jw_insp_store_appt_cancel(c, id, s->id, s->starts_at - 2 * 86400, err);
    if (changed > 0 && jw_slots_give_back(c, JW_SLOTS_INSPECTION, s->id, err) != JW_OK) return err->code;
  } else {
    changed = jw_insp_store_appt_status(c, id, x->p->status, s->starts_at + 900, err);
  }
  if (changed < 0) return err->code;
  return changed ? JW_OK : jw_fail(err, JW_E_INTERNAL, "the demo appointment %s changed meanwhile", conf);
}

/* The slot at 09:00 (the second of the day) of the first open day of
 * station on or after today + offset; 0 (*out untouched) when none opens
 * within two weeks. */
static int past_slot(struct jw_conn *c, struct jw_arena *a, int64_t station, int offset, int tz, struct jw_slot *out,
                     struct jw_error *err) {
  struct jw_date day = jw_date_add_days(jw_date_of_time((int64_t)time(NULL), tz), offset);
  for (int i = 0; i < 14; i++, day = jw_date_add_days(day, 1)) {
    int open = 0;
    const char *reason = NULL;
    if (jw_insp_slots_ensure(c, station, day, tz, &open, &reason, err) != JW_OK) return -1;
    if (!open) continue;
    char d[11];
    jw_date_format(day, d);
    struct jw_slot *s = NULL;
    size_t n = 0;
    if (jw_slots_of_day(c, a, JW_SLOTS_INSPECTION, station, d, &s, &n, err) != JW_OK) return -1;
    if (n == 0) continue;
    *out = s[n > 1 ? 1 : 0];
    return 1;
  }
  return 0;
}

int jw_inspection_seed_demo(struct jw_conn *c, int64_t citizen, int tz_offset_min, struct jw_error *err) {
  if (!citizen) return 0;
  struct jw_arena a = {0};
  struct jw_insp_station *st = NULL;
  size_t nst = 0;
  int added = 0;
  if (jw_insp_store_stations(c, &a, &st, &nst, err) != JW_OK) goto fail;
  for (size_t i = 0; nst > 0 && i < sizeof PAST / sizeof PAST[0]; i++) {
    const struct past *p = &PAST[i];
    int64_t have = 0;
    const char *hash = NULL;
    int found = jw_insp_store_idem(c, &a, citizen, p->idem_key, &have, &hash, err);
    if (found < 0) goto fail;
    if (found) continue; /* seeded before */
    int64_t vehicle = 0;
    char e6[7];
    enum jw_code rc = jw_vehicle_find(c, p->plate_type, p->plate, &vehicle, e6, err);
    if (rc == JW_E_NOT_FOUND) {
      jw_error_clear(err);
      continue;
    }
    if (rc != JW_OK) goto fail;
    struct jw_slot slot;
    int got = past_slot(c, &a, st[p->station % nst].id, p->day_offset, tz_offset_min, &slot, err);
    if (got < 0) goto fail;
    if (!got) continue;
    struct past_tx x = {p, &slot, citizen, vehicle};
    if (jw_tx(c, past_fn, &x, err) != JW_OK) goto fail;
    added++;
  }
  jw_arena_free(&a);
  return added;
fail:
  jw_arena_free(&a);
  return -1;
}
