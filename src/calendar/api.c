/* api.c — the calendar's handlers: request → field spec → struct jw_calendar_day → calendar.h → JSON. */
#include "calendar/api.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "core/jspec.h"

static json_t *day_json(const struct jw_calendar_day *d) {
  return json_pack("{s:s, s:s, s:s}", "day", d->day, "kind", d->kind, "name", d->name);
}

enum jw_code jw_calendar_api_list(struct jw_req *r, struct jw_error *err) {
  const char *year = jw_query(r, "year");
  int y = 0;
  if (year) {
    char buf[16];
    snprintf(buf, sizeof buf, "%.4s-01-01", year);
    struct jw_date d;
    if (strlen(year) != 4 || jw_date_parse(buf, &d) != 0) {
      jw_field_fail(err, "year", "must be a year like 2026");
      return JW_E_VALIDATION;
    }
    y = d.y;
  } else {
    y = jw_date_of_time((long long)time(NULL), r->app->cfg.tz_offset_min).y;
  }
  struct jw_calendar_day *days = NULL;
  size_t n = 0;
  if (jw_calendar_list_year(r->db, y, r->arena, &days, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(items, day_json(&days[i]));
  jw_reply_json(r, 200, json_pack("{s:i, s:o}", "year", y, "items", items));
  return JW_OK;
}

/* The day in the path, normalised, into out; 404 when it is not a date. */
static enum jw_code path_day(struct jw_req *r, char out[11], struct jw_error *err) {
  struct jw_date d;
  if (jw_date_parse(r->params[0], &d) != 0) return jw_fail(err, JW_E_NOT_FOUND, "%s is not a date.", r->params[0]);
  jw_date_format(d, out);
  return JW_OK;
}

enum jw_code jw_calendar_api_put(struct jw_req *r, struct jw_error *err) {
  struct jw_calendar_day day = {0};
  if (path_day(r, day.day, err) != JW_OK) return err->code;
  int kind = -1;
  const struct jw_field f[] = {
      {"kind", JS_ENUM, JS_REQUIRED, 0, 0, &kind, jw_calendar_kinds, NULL},
      {"name", JS_STR, JS_REQUIRED, 1, 40, &day.name, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send kind and name as JSON.");
  if (jw_json_fields(r->body, f, 2, err) != JW_OK) return err->code;
  day.kind = jw_calendar_kinds[kind];
  const struct jw_calendar_actor who = {r->user, r->ip};
  if (jw_calendar_set_day(r->db, &day, &who, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, day_json(&day));
  return JW_OK;
}

enum jw_code jw_calendar_api_delete(struct jw_req *r, struct jw_error *err) {
  char day[11];
  if (path_day(r, day, err) != JW_OK) return err->code;
  const struct jw_calendar_actor who = {r->user, r->ip};
  if (jw_calendar_delete_day(r->db, day, &who, err) != JW_OK) return err->code;
  jw_reply_empty(r, 204);
  return JW_OK;
}
