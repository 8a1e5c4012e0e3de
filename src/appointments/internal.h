/* internal.h — what the appointment handlers (api.c, desk_api.c) share; not
 * for other domains. */
#ifndef JW_APPOINTMENTS_INTERNAL_H
#define JW_APPOINTMENTS_INTERNAL_H

#include <jansson.h>

#include "appointments/api.h"
#include "appointments/appointments.h"
#include "http/http.h"

/* Officer o as JSON (public fields). New reference. */
json_t *jw_appt_officer_json(const struct jw_appt_officer *o);
/* Appointment a as JSON; staff = 1 adds the citizen's name and masked phone. New reference. */
json_t *jw_appt_json(struct jw_req *r, const struct jw_appt *a, int staff);
/* Loads appointment id into *out when r's user may see it (the owner; staff
 * who work its officer: *staff = 1); JW_E_NOT_FOUND otherwise. */
enum jw_code jw_appt_visible(struct jw_req *r, int64_t id, struct jw_appt *out, int *staff, struct jw_error *err);
/* Answers with appointment id as JSON and status when r's user may see it. */
enum jw_code jw_appt_reply(struct jw_req *r, int64_t id, int status, struct jw_error *err);
/* Reads the event's body (reason, slot_id), loads the appointment r's user may
 * see and applies ev as their side; answers 200 with it. */
enum jw_code jw_appt_act(struct jw_req *r, enum jw_appt_event ev, struct jw_error *err);

#endif
