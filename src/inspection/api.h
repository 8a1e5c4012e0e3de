/*
 * api.h — the inspection appointments over HTTP, for the route table
 * (app/routes.c). Each handler reads the request, replies through http/ and
 * returns JW_OK, or returns an error code with err set and writes no reply.
 * Staff handlers act only on stations inside the user's data scope (404
 * otherwise, like a station that does not exist).
 */
#ifndef JW_INSPECTION_API_H
#define JW_INSPECTION_API_H

#include "http/http.h"

/* GET /api/v1/inspection/stations — the stations (public). */
enum jw_code jw_inspection_api_stations(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/inspection/slots?station_id=&date= — a day's slots (public; made on first look). */
enum jw_code jw_inspection_api_slots(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/inspection/appointments — books a slot (Idempotency-Key honoured); 201. */
enum jw_code jw_inspection_api_book(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/inspection/appointments/{id} — one appointment (owner, or staff in scope: audited). */
enum jw_code jw_inspection_api_get(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/inspection/appointments/{id}/ics — the appointment as an iCalendar file. */
enum jw_code jw_inspection_api_ics(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/inspection/appointments/{id} — reschedules to body {slot_id}. */
enum jw_code jw_inspection_api_move(struct jw_req *r, struct jw_error *err);
/* DELETE /api/v1/inspection/appointments/{id} — cancels the user's booked appointment. */
enum jw_code jw_inspection_api_cancel(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/me/appointments — the user's appointments and booking bar. */
enum jw_code jw_inspection_api_mine(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/inspection/stations/{id}/day?date= — a station's day list (audited). */
enum jw_code jw_inspection_api_day(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/inspection/appointments/{id}/check-in — checks a vehicle in (stolen → alert). */
enum jw_code jw_inspection_api_check_in(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/inspection/appointments/{id}/no-show — records a no-show (may bar online booking). */
enum jw_code jw_inspection_api_no_show(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/inspection/alerts — the stolen-vehicle alerts in the user's scope (audited). */
enum jw_code jw_inspection_api_alerts(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/inspection/stations/{id}/exceptions/{day} — closes a day or changes its capacity. */
enum jw_code jw_inspection_api_exception(struct jw_req *r, struct jw_error *err);

#endif
