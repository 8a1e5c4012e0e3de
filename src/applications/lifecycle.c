/* lifecycle.c — the application's states and the transitions between them. */
#include <assert.h>
#include <string.h>

#include "applications/applications.h"

const char *const jw_app_status_names[] = {"submitted",    "accepted", "not_accepted", "supplement_requested",
                                           "under_review", "approved", "refused",      "completed",
                                           "withdrawn",    NULL};
const char *const jw_app_status_labels[] = {"已提交", "已受理",   "不予受理", "待补正", "审查中",
                                            "已批准", "不予批准", "已办结",   "已撤回", NULL};

const char *const jw_app_grade_names[] = {"", "非常不满意", "不满意", "基本满意", "满意", "非常满意", NULL};

_Static_assert(sizeof jw_app_status_names / sizeof jw_app_status_names[0] == APP_STATUS__MAX + 1,
               "one name per status");
_Static_assert(sizeof jw_app_status_labels / sizeof jw_app_status_labels[0] == APP_STATUS__MAX + 1,
               "one label per status");

const char *jw_app_status_name(enum jw_app_status s) {
  assert(s >= 0 && s < APP_STATUS__MAX);
  return jw_app_status_names[s];
}

const char *jw_app_status_label(enum jw_app_status s) {
  assert(s >= 0 && s < APP_STATUS__MAX);
  return jw_app_status_labels[s];
}

const char *jw_app_grade_name(int g) {
  assert(g >= 0 && g <= 5);
  return jw_app_grade_names[g];
}

#define R(role)   JW_BIT(JW_ROLE_##role)
#define HANDLERS  (R(OFFICER) | R(STATION_CHIEF) | R(UNIT_ADMIN) | R(SYSADMIN))
#define DECIDERS  (R(STATION_CHIEF) | R(UNIT_ADMIN) | R(SYSADMIN))
#define APPLICANT JW_APP_APPLICANT

/* The whole lifecycle. Anything not listed here is refused with 409. */
static const struct jw_transition transitions[] = {
    {"accept", APP_SUBMITTED, APP_ACCEPTED, HANDLERS, 0, 0},
    {"not_accept", APP_SUBMITTED, APP_NOT_ACCEPTED, HANDLERS, 1, 0},
    {"request_supplement", APP_SUBMITTED, APP_SUPPLEMENT, HANDLERS, 1, 0},
    {"request_supplement", APP_ACCEPTED, APP_SUPPLEMENT, HANDLERS, 1, 0},
    {"request_supplement", APP_UNDER_REVIEW, APP_SUPPLEMENT, HANDLERS, 1, 0},
    {"resubmit", APP_SUPPLEMENT, APP_ACCEPTED, APPLICANT, 0, 0},
    {"start_review", APP_ACCEPTED, APP_UNDER_REVIEW, HANDLERS, 0, 0},
    {"approve", APP_UNDER_REVIEW, APP_APPROVED, DECIDERS, 0, 0},
    {"refuse", APP_UNDER_REVIEW, APP_REFUSED, DECIDERS, 1, 0},
    {"complete", APP_APPROVED, APP_COMPLETED, HANDLERS, 0, 1},
    {"withdraw", APP_SUBMITTED, APP_WITHDRAWN, APPLICANT, 0, 0},
};
#define NTRANSITIONS (sizeof transitions / sizeof transitions[0])

const struct jw_transition *jw_app_transition(const char *event, enum jw_app_status from, int *known) {
  assert(from >= 0 && from < APP_STATUS__MAX);
  if (known) *known = 0;
  for (size_t i = 0; i < NTRANSITIONS; i++) {
    assert(transitions[i].from < APP_STATUS__MAX && transitions[i].to < APP_STATUS__MAX);
    if (strcmp(transitions[i].event, event) != 0) continue;
    if (known) *known = 1;
    if (transitions[i].from == from) return &transitions[i];
  }
  return NULL;
}

int jw_app_status_parse(const char *s) {
  for (int i = 0; jw_app_status_names[i]; i++)
    if (strcmp(s, jw_app_status_names[i]) == 0) return i;
  return -1;
}
