/* internal.h — what the inspection module's files share (not for other domains). */
#ifndef JW_INSPECTION_INTERNAL_H
#define JW_INSPECTION_INTERNAL_H

#include "calendar/calendar.h"
#include "inspection/inspection.h"

struct jw_insp_slot {
  int64_t id, station_id, starts_at, ends_at, capacity, booked;
  char day[11];
};

/* Loads slot id; JW_E_NOT_FOUND when there is none. */
enum jw_code jw_insp_slot_load(struct jw_conn *c, int64_t id, struct jw_insp_slot *s, struct jw_error *err);

/* The inspection station id's path (arena-owned) or JW_E_NOT_FOUND when id
 * is not an inspection station. */
enum jw_code jw_insp_station(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                             struct jw_error *err);

/* Makes the slots of station on day from the template unless the day is
 * closed (public holiday, an exception, no template row). *open receives
 * 1/0 and *reason (static) why it is closed. */
enum jw_code jw_insp_slots_ensure(struct jw_conn *c, int64_t station, struct jw_date day, int tz_offset_min, int *open,
                                  const char **reason, struct jw_error *err);

/* The end of the user's booking bar (3 no-shows in 90 days → 30 days), or
 * 0 when not barred at now; -1 on a database error. */
int64_t jw_insp_barred_until(struct jw_conn *c, int64_t user_id, int64_t now, struct jw_error *err);

/* Checks the booking window of slot for now: 422 with a sentence when it
 * opens later or has closed. */
enum jw_code jw_insp_window(struct jw_req *r, const struct jw_insp_slot *s, int64_t now, struct jw_error *err);

/* An appointment row: the columns jw_insp_appt_json() reads. */
#define JW_INSP_APPT_SELECT                                                                                     \
  "SELECT a.id, a.confirmation_no, a.status, a.station_id, u.name, u.address, u.phone, a.slot_id, s.starts_at," \
  " s.ends_at, a.vehicle_id, v.plate_type, v.plate, a.created_at, a.user_id, v.stolen, p.name, p.phone, u.path" \
  " FROM inspection_appointments a JOIN units u ON u.id = a.station_id"                                         \
  " JOIN inspection_slots s ON s.id = a.slot_id JOIN vehicles v ON v.id = a.vehicle_id"                         \
  " JOIN users p ON p.id = a.user_id"

/* The appointment in the current row of a JW_INSP_APPT_SELECT statement;
 * staff = 1 adds the owner's name and phone (an authorised staff view) and
 * the stolen flag. New reference. */
json_t *jw_insp_appt_json(struct jw_req *r, struct jw_stmt *s, int staff);
/* The same as a jw_row_fn for jw_rows_json(): ctx points to the int staff. */
json_t *jw_insp_appt_row(struct jw_req *r, struct jw_stmt *s, const void *ctx);

/* Answers with appointment id as JSON (staff: with owner name and phone). */
enum jw_code jw_insp_reply(struct jw_req *r, int64_t id, int status, int staff, struct jw_error *err);

#endif
