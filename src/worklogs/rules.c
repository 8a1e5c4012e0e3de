/* rules.c — the work logs' rules that need no database: who may do what,
 * the edit window, time parsing and the per-kind checks of a log. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/mem.h"
#include "core/validate.h"
#include "worklogs/worklogs.h"

const char *const jw_worklog_kinds[] = {"patrol", "visit", "info", "mediation", NULL};
const char *const jw_worklog_info_kinds[] = {"clue", "opinion", "hazard", "population", "other", NULL};
const char *const jw_worklog_disputes[] = {"neighbour", "family",  "marriage", "property", "labour",
                                           "consumer",  "traffic", "other",    NULL};
const char *const jw_worklog_outcomes[] = {"mediated", "agreement", "referred", "failed", NULL};

/* 2000-01-01T00:00:00Z: nothing older is a work log. */
#define OLDEST 946684800LL

static int is_chief(const struct jw_user *u) {
  return u->role == JW_ROLE_STATION_CHIEF || u->role == JW_ROLE_UNIT_ADMIN;
}

enum jw_worklog_right jw_worklog_access(const struct jw_user *u, int64_t my_officer, int64_t log_officer,
                                        const char *log_unit_path) {
  if (!u || u->role == JW_ROLE_CITIZEN) return JW_WL_NONE;
  if (my_officer && my_officer == log_officer) return JW_WL_WRITE;
  if (is_chief(u) && log_unit_path && jw_scope_contains(u, log_unit_path)) return JW_WL_READ;
  return JW_WL_NONE;
}

int jw_worklog_editable(int64_t created_at, int64_t now) {
  return now - created_at <= (int64_t)JW_WORKLOG_EDIT_DAYS * 86400;
}

int jw_worklog_may_unmask(const struct jw_user *u, int64_t my_officer, int64_t log_officer) {
  if (!u) return 0;
  return (my_officer && my_officer == log_officer) || u->role == JW_ROLE_STATION_CHIEF;
}

/* n decimal digits at s into *out; 0 on success. */
static int digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 0;
}

int jw_worklog_parse_time(const char *s, int64_t *out) {
  struct jw_date d;
  char day[11];
  if (!s || strlen(s) < 17 || strlen(s) > 25) return -1;
  memcpy(day, s, 10);
  day[10] = '\0';
  if (jw_date_parse(day, &d) != 0 || (s[10] != 'T' && s[10] != 't')) return -1;
  int hh, mm, ss = 0;
  if (digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm)) return -1;
  const char *p = s + 16;
  if (*p == ':') {
    if (digits(p + 1, 2, &ss)) return -1;
    p += 3;
  }
  int off = 0;
  if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
    off = 0;
  } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
    int oh, om;
    if (digits(p + 1, 2, &oh) || digits(p + 4, 2, &om) || oh > 14 || om > 59) return -1;
    off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
  } else {
    return -1;
  }
  if (hh > 23 || mm > 59 || ss > 59) return -1;
  *out = (int64_t)jw_date_serial(d) * 86400 + hh * 3600 + mm * 60 + ss - (int64_t)off * 60;
  return 0;
}

/* Checks the times of w and fills w->day. */
static void check_times(struct jw_worklog *w, int64_t now, int tz, struct jw_error *err) {
  struct jw_date today = jw_date_of_time(now, tz);
  int64_t latest = jw_date_midnight(jw_date_add_days(today, 2), tz); /* the end of tomorrow */
  if (w->started_at < OLDEST)
    jw_field_fail(err, "started_at", "must be after 2000-01-01");
  else if (w->started_at >= latest)
    jw_field_fail(err, "started_at", "may not be later than tomorrow");
  jw_local_date(w->started_at, tz, w->day);
  if (w->kind == JW_WL_PATROL && !w->ended_at) jw_field_fail(err, "ended_at", "is required for a patrol");
  if (!w->ended_at) return;
  if (w->ended_at <= w->started_at)
    jw_field_fail(err, "ended_at", "must be after started_at");
  else if (w->ended_at - w->started_at > JW_WORKLOG_MAX_SPAN)
    jw_field_fail(err, "ended_at", "must be within 24 hours of started_at");
  else if (w->ended_at >= latest)
    jw_field_fail(err, "ended_at", "may not be later than tomorrow");
}

/* Checks the parties of a mediation; normalises ID numbers into arena a. */
static void check_parties(struct jw_worklog *w, struct jw_arena *a, struct jw_error *err) {
  if (w->nparties < 1) jw_field_fail(err, "parties", "name at least one party");
  for (int i = 0; i < w->nparties; i++) {
    struct jw_worklog_party *p = &w->parties[i];
    char field[40];
    if (p->phone && *p->phone && jw_check_phone(p->phone)) {
      snprintf(field, sizeof field, "parties[%d].phone", i);
      jw_field_fail(err, field, "%s", jw_check_phone(p->phone));
    }
    if (p->id_number && *p->id_number) {
      char norm[19];
      const char *why = jw_check_id_number(p->id_number, norm);
      if (why) {
        snprintf(field, sizeof field, "parties[%d].id_number", i);
        jw_field_fail(err, field, "%s", why);
      } else {
        p->id_number = jw_arena_strdup(a, norm);
      }
    }
  }
}

enum jw_code jw_worklog_check(struct jw_worklog *w, int64_t now, int tz_offset_min, struct jw_arena *a,
                              struct jw_error *err) {
  check_times(w, now, tz_offset_min, err);
  switch (w->kind) {
  case JW_WL_PATROL:
    if (!w->route || !*w->route) jw_field_fail(err, "route", "is required for a patrol");
    break;
  case JW_WL_VISIT:
    if (!w->resident_id && !w->house_id && !(w->business_name && *w->business_name))
      jw_field_fail(err, "resident_id", "name the resident, the rental house or the business visited");
    if (w->business_address && *w->business_address && !(w->business_name && *w->business_name))
      jw_field_fail(err, "business_name", "is required with business_address");
    break;
  case JW_WL_INFO:
    break;
  case JW_WL_MEDIATION:
    check_parties(w, a, err);
    if (w->outcome && strcmp(w->outcome, "agreement") == 0) {
      struct jw_date d;
      if (!w->agreement_date[0]) {
        jw_field_fail(err, "agreement_date", "is required when the outcome is an agreement");
      } else if (jw_date_parse(w->agreement_date, &d) != 0) {
        jw_field_fail(err, "agreement_date", "must be a date like 2026-11-30");
      } else {
        char tomorrow[11];
        jw_date_format(jw_date_add_days(jw_date_of_time(now, tz_offset_min), 1), tomorrow);
        jw_date_format(d, w->agreement_date);
        if (strcmp(w->agreement_date, tomorrow) > 0)
          jw_field_fail(err, "agreement_date", "may not be later than tomorrow");
        else if (w->day[0] && strcmp(w->agreement_date, w->day) < 0)
          jw_field_fail(err, "agreement_date", "may not be before the mediation");
      }
    } else if (w->agreement_date[0]) {
      jw_field_fail(err, "agreement_date", "only an agreement has an agreement date");
    }
    break;
  default:
    jw_field_fail(err, "kind", "is not a kind of work log");
  }
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}
