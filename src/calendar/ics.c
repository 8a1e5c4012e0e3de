/* ics.c — one appointment (inspection, officer) as an iCalendar file (RFC 5545), built and
 * serialised by libical (which escapes text values and folds lines at 75
 * octets without splitting a UTF-8 sequence). */
#include <libical/ical.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/mem.h"
#include "calendar/calendar.h"

/* The wall-clock time of t at off_min minutes east of UTC, as a floating
 * DATE-TIME (written without Z; the TZID parameter names the zone). */
static struct icaltimetype wall_time(int64_t t, int off_min) {
  struct jw_date d = jw_date_of_time(t, off_min);
  int64_t secs = t - (int64_t)jw_date_midnight(d, off_min); /* 0..86399 */
  struct icaltimetype v = icaltime_null_time();
  v.year = d.y;
  v.month = d.m;
  v.day = d.d;
  v.hour = (int)(secs / 3600);
  v.minute = (int)(secs / 60 % 60);
  v.second = (int)(secs % 60);
  return v;
}

static icalproperty *in_zone(icalproperty *p) {
  icalproperty_add_parameter(p, icalparameter_new_tzid("Asia/Shanghai"));
  return p;
}

/* VTIMEZONE Asia/Shanghai with one STANDARD observance at the configured offset. */
static icalcomponent *timezone_of(int off_min) {
  icalcomponent *std = icalcomponent_vanew(
      ICAL_XSTANDARD_COMPONENT, icalproperty_new_dtstart(wall_time(0, 0)), icalproperty_new_tzoffsetfrom(off_min * 60),
      icalproperty_new_tzoffsetto(off_min * 60), icalproperty_new_tzname("CST"), (void *)0);
  return icalcomponent_vanew(ICAL_VTIMEZONE_COMPONENT, icalproperty_new_tzid("Asia/Shanghai"), std, (void *)0);
}

/* libical sets up its time-zone table and its per-thread errno key lazily,
 * without ordering the first set-up against other threads' reads; doing it
 * once under pthread_once makes it happen before every render. */
static pthread_once_t ical_ready = PTHREAD_ONCE_INIT;
static void ical_setup(void) {
  (void)icaltimezone_get_utc_timezone();
  icalerror_clear_errno();
  icalcomponent *c = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
  free(icalcomponent_as_ical_string_r(c));
  icalcomponent_free(c);
}

char *jw_ics_render(struct jw_arena *a, const struct jw_ics_event *e) {
  pthread_once(&ical_ready, ical_setup);
  struct icaltriggertype trigger = {.time = icaltime_null_time(), .duration = icaldurationtype_from_int(-2 * 3600)};
  icalcomponent *alarm =
      icalcomponent_vanew(ICAL_VALARM_COMPONENT, icalproperty_new_action(ICAL_ACTION_DISPLAY),
                          icalproperty_new_description(e->summary), icalproperty_new_trigger(trigger), (void *)0);
  struct icaltimetype stamp = wall_time(e->stamp, 0);
  stamp.zone = icaltimezone_get_utc_timezone();
  icalcomponent *event = icalcomponent_vanew(
      ICAL_VEVENT_COMPONENT, icalproperty_new_uid(e->uid), icalproperty_new_dtstamp(stamp),
      in_zone(icalproperty_new_dtstart(wall_time(e->starts_at, e->tz_offset_min))),
      in_zone(icalproperty_new_dtend(wall_time(e->ends_at, e->tz_offset_min))), icalproperty_new_summary(e->summary),
      icalproperty_new_location(e->location), icalproperty_new_description(e->description),
      icalproperty_new_status(ICAL_STATUS_CONFIRMED), alarm, (void *)0);
  icalcomponent *cal = icalcomponent_vanew(
      ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
      icalproperty_new_prodid("-//Taizhou Public Security Bureau//jingwu//ZH"), icalproperty_new_calscale("GREGORIAN"),
      icalproperty_new_method(ICAL_METHOD_PUBLISH), timezone_of(e->tz_offset_min), event, (void *)0);
  char *text = icalcomponent_as_ical_string_r(cal);
  icalcomponent_free(cal);
  if (!text) {
    fprintf(stderr, "jingwu: libical could not write a calendar: %s\n", icalerror_strerror(icalerrno));
    abort();
  }
  char *out = jw_arena_strdup(a, text);
  free(text);
  return out;
}
