/* demo.c — the demo's officer appointments: the demo officer (社区民警 of
 * 文化社区警务室) and three more police officers of 白云派出所 take
 * appointments on weekday mornings and afternoons; the demo citizen holds two
 * bookings (one waiting, one confirmed). Idempotent: officers that have office
 * hours keep them, and the bookings are made only while the citizen has none. */
#include <string.h>
#include <time.h>

#include "appointments/store.h"
#include "core/mem.h"

/* The officer's morning reception: Monday to Friday 09:00–11:30 (one range a
 * day: the template has no break), 30-minute slots of one place. Officers
 * that have office hours keep them. */
static enum jw_code give_hours(struct jw_conn *c, int64_t officer, const struct jw_appt_actor *who,
                               struct jw_error *err) {
  struct jw_appt_hours have[7];
  size_t n = 0;
  if (jw_appt_hours_get(c, officer, have, &n, err) != JW_OK) return err->code;
  if (n > 0) return JW_OK;
  struct jw_appt_hours h[5];
  for (int wd = 0; wd < 5; wd++) h[wd] = (struct jw_appt_hours){wd, 9 * 60, 11 * 60 + 30, 30, 1};
  return jw_appt_hours_put(c, officer, h, 5, 1, who, err);
}

/* The first free slot of officer at least 2 days from now, on an open day. */
static enum jw_code first_slot(struct jw_conn *c, struct jw_arena *a, int64_t officer, int tz, int skip,
                               struct jw_slot *out, struct jw_error *err) {
  struct jw_date today = jw_date_of_time((int64_t)time(NULL), tz);
  for (int k = 2; k <= JW_APPT_OPEN_DAYS; k++) {
    struct jw_date d = jw_date_add_days(today, k);
    int open = 0;
    const char *reason = NULL;
    if (jw_appt_slots_ensure(c, officer, d, tz, &open, &reason, err) != JW_OK) return err->code;
    if (!open) continue;
    char day[11];
    jw_date_format(d, day);
    struct jw_slot *slots = NULL;
    size_t n = 0;
    if (jw_appt_day_slots(c, a, officer, day, &slots, &n, err) != JW_OK) return err->code;
    for (size_t i = 0; i < n; i++)
      if (slots[i].booked < slots[i].capacity && skip-- <= 0) {
        *out = slots[i];
        return JW_OK;
      }
  }
  return jw_fail(err, JW_E_NOT_FOUND, "no free slot for the demo booking");
}

enum jw_code jw_appointments_seed_demo(struct jw_db *db, int tz_offset_min, FILE *out, struct jw_error *err) {
  struct jw_conn *c = jw_db_conn(db, err);
  if (!c) return err->code;
  struct jw_arena a = {0};
  enum jw_code rc = JW_OK;
  int64_t officers[4];
  int n = jw_appt_store_demo_officers(c, "白云派出所", "officer", officers, 4, err);
  int64_t chief = jw_appt_store_user_id(c, "station_chief", err);
  int64_t citizen = jw_appt_store_user_id(c, "13800138000", err);
  if (n < 0 || chief < 0 || citizen < 0) {
    rc = err->code;
    goto out;
  }
  struct jw_user chief_user = {.id = chief, .role = JW_ROLE_STATION_CHIEF, .login = "station_chief"};
  struct jw_user citizen_user = {.id = citizen, .role = JW_ROLE_CITIZEN, .login = "13800138000"};
  const struct jw_appt_actor desk = {&chief_user, NULL}, person = {&citizen_user, NULL};
  for (int i = 0; i < n; i++)
    if ((rc = give_hours(c, officers[i], &desk, err)) != JW_OK) goto out;
  int64_t had = 0;
  if (!citizen || n < 2 || (rc = jw_appt_store_count_of_user(c, citizen, &had, err)) != JW_OK || had > 0) goto out;
  static const char *const topics[][2] = {
      {"户口迁移咨询", "想把父母的户口迁到文化社区，需要准备哪些材料？"},
      {"出租房登记", "家里有一套房子要出租，想当面问问流动人口登记的手续。"},
  };
  for (int i = 0; i < 2; i++) {
    struct jw_slot slot;
    if ((rc = first_slot(c, &a, officers[i], tz_offset_min, 0, &slot, err)) != JW_OK) goto out;
    const struct jw_appt_booking b = {&person, &slot, topics[i][0], topics[i][1], NULL, 0, NULL, NULL};
    int64_t id = 0;
    if ((rc = jw_appt_book(c, &a, &b, &id, err)) != JW_OK) goto out;
    if (i == 1) {
      struct jw_appt ap;
      if ((rc = jw_appt_get(c, &a, id, &ap, err)) != JW_OK) goto out;
      const struct jw_appt_change ch = {JW_APPT_CONFIRM, NULL, NULL, 1};
      if ((rc = jw_appt_apply(c, &a, &ap, &ch, &desk, tz_offset_min, err)) != JW_OK) goto out;
    }
  }
  fprintf(out, "seed: %d officers of 白云派出所 take appointments; the demo citizen holds 2 bookings\n", n);
out:
  jw_conn_release(c);
  jw_arena_free(&a);
  return rc;
}
