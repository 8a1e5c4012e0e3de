/*
 * inspection.h — vehicle-inspection appointments (机动车检验预约).
 *
 * Stations are units of kind inspection_station. Each has a weekly slot
 * template and per-date exceptions; a date's slots are made from them the
 * first time someone looks at that date (closed on public holidays from the
 * shared calendar). A booking is one conditional UPDATE of the slot's count
 * plus the appointment's INSERT in one transaction, so a slot never takes
 * more than its capacity whatever the threads or instances; a partial
 * UNIQUE index keeps one active appointment per vehicle.
 */
#ifndef JW_INSPECTION_H
#define JW_INSPECTION_H

#include <stdint.h>

#include "http/http.h"

#define JW_INSPECT_OPEN_DAYS     14   /* booking opens this many days ahead */
#define JW_INSPECT_CLOSE_SECS    7200 /* and closes (also cancel/reschedule) this long before */
#define JW_INSPECT_DUE_DAYS      90   /* a vehicle may book when due within this many days */
#define JW_INSPECT_NOSHOW_MAX    3    /* no-shows … */
#define JW_INSPECT_NOSHOW_WINDOW 90   /* … within this many days … */
#define JW_INSPECT_BAR_DAYS      30   /* … bar online booking this long */

/* Gives every inspection station without a template the standard one
 * (Monday–Saturday 08:30–16:30, lunch 11:30–13:30, 30-minute slots of 5
 * places). Inside the caller's transaction; idempotent. */
enum jw_code jw_inspection_seed_templates(struct jw_conn *c, struct jw_error *err);

/* The reminders: the day before an appointment, and 30 days before a bound
 * vehicle's inspection falls due, into the citizen's inbox. Each is sent
 * once (remembered in the row). Cheap to call every second: it does work at
 * most every five seconds. */
void jw_inspection_tick(struct jw_conn *c, int tz_offset_min);

/*
 * The .ics (RFC 5545) of an appointment: a VCALENDAR with the Asia/Shanghai
 * VTIMEZONE and one VEVENT. starts/ends are Unix seconds; text fields are
 * escaped and lines folded at 75 octets (libical builds and writes it).
 * Arena-owned; never NULL (aborts if libical cannot allocate).
 */
struct jw_ics_event {
  const char *uid, *summary, *location, *description;
  int64_t starts_at, ends_at, stamp;
  int tz_offset_min;
};
char *jw_ics_render(struct jw_arena *a, const struct jw_ics_event *e);

/* Routes. */
enum jw_code jw_inspection_api_stations(struct jw_req *r, struct jw_error *err);
enum jw_code jw_inspection_api_slots(struct jw_req *r, struct jw_error *err);
enum jw_code jw_inspection_api_book(struct jw_req *r, struct jw_error *err);
enum jw_code jw_inspection_api_get(struct jw_req *r, struct jw_error *err);
enum jw_code jw_inspection_api_ics(struct jw_req *r, struct jw_error *err);
enum jw_code jw_inspection_api_move(struct jw_req *r, struct jw_error *err);
enum jw_code jw_inspection_api_cancel(struct jw_req *r, struct jw_error *err);
enum jw_code jw_inspection_api_mine(struct jw_req *r, struct jw_error *err);
enum jw_code jw_inspection_api_day(struct jw_req *r, struct jw_error *err);
enum jw_code jw_inspection_api_check_in(struct jw_req *r, struct jw_error *err);
enum jw_code jw_inspection_api_no_show(struct jw_req *r, struct jw_error *err);
enum jw_code jw_inspection_api_alerts(struct jw_req *r, struct jw_error *err);
enum jw_code jw_inspection_api_exception(struct jw_req *r, struct jw_error *err);

#endif
