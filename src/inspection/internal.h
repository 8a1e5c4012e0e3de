/* internal.h — what the inspection handlers (inspection_api.c, staff_api.c)
 * share; not for other domains. */
#ifndef JW_INSPECTION_INTERNAL_H
#define JW_INSPECTION_INTERNAL_H

#include <jansson.h>

#include "http/http.h"
#include "inspection/api.h"
#include "inspection/inspection.h"

/* Appointment a as JSON for r; staff = 1 adds the owner's name and phone
 * (an authorised staff view) and the stolen flag. New reference. */
json_t *jw_insp_appt_json(struct jw_req *r, const struct jw_insp_appt *a, int staff);

/* The n appointments of rows as a new JSON array (jw_insp_appt_json each). */
json_t *jw_insp_appts_json(struct jw_req *r, const struct jw_insp_appt *rows, size_t n, int staff);

/* Answers with appointment id as JSON when r's user may see it (owner, or
 * staff whose scope holds the station; staff = 1 and a staff user adds the
 * owner's name and phone). Returns JW_OK, or JW_E_NOT_FOUND / a database
 * error's code with err set and no reply. */
enum jw_code jw_insp_reply(struct jw_req *r, int64_t id, int status, int staff, struct jw_error *err);

#endif
