/* lifecycle.c — a hotspot's states, the transitions between them, and
 * the small calculations on dates the public list shows. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "hotspots/hotspots.h"

const char *const jw_hotspot_status_names[] = {"identified", "listed", "rectifying", "checking", "delisted", NULL};
const char *const jw_hotspot_status_labels[] = {"已排查", "已挂牌", "整治中", "验收中", "已摘牌", NULL};
const char *const jw_hotspot_kinds[] = {"theft",   "robbery",  "gambling", "drugs", "prostitution", "fighting", "fraud",
                                        "traffic", "disorder", "other",    NULL};
const char *const jw_hotspot_levels[] = {"station", "branch", "bureau", NULL};
const char *const jw_hotspot_events[] = {"list", "start", "request_check", "pass", "fail", NULL};

_Static_assert(sizeof jw_hotspot_status_names / sizeof jw_hotspot_status_names[0] == HOT_STATUS__MAX + 1,
               "one name per status");
_Static_assert(sizeof jw_hotspot_status_labels / sizeof jw_hotspot_status_labels[0] == HOT_STATUS__MAX + 1,
               "one label per status");

int jw_hotspot_status_parse(const char *s) {
  for (int i = 0; s && jw_hotspot_status_names[i]; i++)
    if (strcmp(s, jw_hotspot_status_names[i]) == 0) return i;
  return -1;
}

int jw_hotspot_level_rank(const char *level) {
  for (int i = 0; level && jw_hotspot_levels[i]; i++)
    if (strcmp(level, jw_hotspot_levels[i]) == 0) return i + 1;
  return 0;
}

int jw_hotspot_unit_rank(const char *unit_kind) {
  if (!unit_kind) return 0;
  if (strcmp(unit_kind, "bureau") == 0) return 3;
  if (strcmp(unit_kind, "branch") == 0) return 2;
  return 1;
}

int jw_hotspot_level_change_ok(int actor_rank, const char *from, const char *to) {
  if (from && to && strcmp(from, to) == 0) return 1;
  return jw_hotspot_level_rank(from) <= actor_rank;
}

#define R(role)  JW_BIT(JW_ROLE_##role)
#define WORKERS  (R(OFFICER) | R(STATION_CHIEF) | R(UNIT_ADMIN))
#define DECIDERS (R(STATION_CHIEF) | R(UNIT_ADMIN))

/* The whole workflow. Anything not listed here is refused with 409. */
static const struct jw_hotspot_transition transitions[] = {
    /* event, from, to, roles, at_level, is_check, sets_listing */
    {"list", HOT_IDENTIFIED, HOT_LISTED, DECIDERS, 1, 0, 1},           /* 挂牌, with a deadline */
    {"start", HOT_LISTED, HOT_RECTIFYING, WORKERS, 0, 0, 0},           /* the responsible unit starts */
    {"request_check", HOT_RECTIFYING, HOT_CHECKING, WORKERS, 0, 0, 0}, /* asks for 验收 */
    {"pass", HOT_CHECKING, HOT_DELISTED, DECIDERS, 1, 1, 0},           /* 验收合格: 摘牌 */
    {"fail", HOT_CHECKING, HOT_RECTIFYING, DECIDERS, 1, 1, 0},         /* 验收不合格: back to work */
};
#define NTRANSITIONS (sizeof transitions / sizeof transitions[0])

const struct jw_hotspot_transition *jw_hotspot_transition(const char *event, enum jw_hotspot_status from, int *known) {
  assert(from >= 0 && from < HOT_STATUS__MAX);
  if (known) *known = 0;
  for (size_t i = 0; i < NTRANSITIONS; i++) {
    assert(transitions[i].from < HOT_STATUS__MAX && transitions[i].to < HOT_STATUS__MAX);
    if (!event || strcmp(transitions[i].event, event) != 0) continue;
    if (known) *known = 1;
    if (transitions[i].from == from) return &transitions[i];
  }
  return NULL;
}

const struct jw_hotspot_transition *jw_hotspot_transitions(size_t *n) {
  *n = NTRANSITIONS;
  return transitions;
}

int jw_hotspot_months_between(const char *listed_on, const char *until) {
  struct jw_date a, b;
  if (jw_date_parse(listed_on, &a) != 0 || jw_date_parse(until, &b) != 0) return 0;
  int months = (b.y - a.y) * 12 + (b.m - a.m) - (b.d < a.d);
  return months < 0 ? 0 : months;
}
