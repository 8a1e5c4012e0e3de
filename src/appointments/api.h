/*
 * api.h — the officer appointments over HTTP, for the route table
 * (app/routes.c). Each handler reads the request, replies through http/ and
 * returns JW_OK, or returns an error code with err set and writes no reply.
 * A citizen sees only their own appointments; staff only those of officers
 * they work (jw_appt_may_work); anything else is 404.
 */
#ifndef JW_APPOINTMENTS_API_H
#define JW_APPOINTMENTS_API_H

#include "http/http.h"

/* GET /api/v1/officers/{id}/appointment-slots?date= — a day's slots (public; made on first look). */
enum jw_code jw_appt_api_slots(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/officers/{id}/office-hours — the weekly template (public). */
enum jw_code jw_appt_api_hours(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/officers/{id}/office-hours — replaces the template (the officer or the desk). */
enum jw_code jw_appt_api_hours_put(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/officers/{id}/office-hours/exceptions/{day} — closes or reopens a day. */
enum jw_code jw_appt_api_exception(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/me/grid-officer — the community officer of the citizen's own grid, or null. */
enum jw_code jw_appt_api_grid_officer(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/officer-appointments — books a slot (Idempotency-Key honoured); 201. */
enum jw_code jw_appt_api_book(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/me/officer-appointments — the citizen's appointments, paged, and their booking bar. */
enum jw_code jw_appt_api_mine(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/officer-appointments/{id} — one appointment (owner, or staff who work the officer). */
enum jw_code jw_appt_api_get(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/officer-appointments/{id}/ics — the appointment as an iCalendar file. */
enum jw_code jw_appt_api_ics(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/officer-appointments/{id}/cancel — either side, until 2 hours before. */
enum jw_code jw_appt_api_cancel(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/officer-appointments/{id}/accept and /refuse — the citizen answers a proposal. */
enum jw_code jw_appt_api_accept(struct jw_req *r, struct jw_error *err);
enum jw_code jw_appt_api_refuse(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/officer-appointments/{id}/confirm, /decline, /propose, /no-show, /attend — the officer's side. */
enum jw_code jw_appt_api_confirm(struct jw_req *r, struct jw_error *err);
enum jw_code jw_appt_api_decline(struct jw_req *r, struct jw_error *err);
enum jw_code jw_appt_api_propose(struct jw_req *r, struct jw_error *err);
enum jw_code jw_appt_api_no_show(struct jw_req *r, struct jw_error *err);
enum jw_code jw_appt_api_attend(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/officers/{id}/appointments?from=&days= — the officer's workbench list. */
enum jw_code jw_appt_api_desk(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/me/officer-desk — the officer record of the signed-in staff member, or null. */
enum jw_code jw_appt_api_my_desk(struct jw_req *r, struct jw_error *err);

#endif
