/*
 * api.h — the stolen-vehicle registry's HTTP handlers, for the route table
 * (app/routes.c). Each reads the request, replies through http/ and returns
 * JW_OK, or returns an error code with err set and writes no reply.
 */
#ifndef JW_SEIZURES_API_H
#define JW_SEIZURES_API_H

#include "http/http.h"

/* GET /api/v1/stolen-vehicles?status=&q=&hotspot_id=&limit=&cursor= — the records in scope, newest first. */
enum jw_code jw_seiz_api_list(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/stolen-vehicles — a new report; 201 the record. */
enum jw_code jw_seiz_api_report(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/stolen-vehicles/check?plate_type=&plate=|vin=|engine_no= — open records matching (no personal data). */
enum jw_code jw_seiz_api_check(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/stolen-vehicles/{id} — one record with its seizure (owner's phone masked for auxiliaries). */
enum jw_code jw_seiz_api_get(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/stolen-vehicles/{id}/seize — {seized_at, place, officers, hotspot_id?, note?}; 200 the record. */
enum jw_code jw_seiz_api_seize(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/stolen-vehicles/{id}/return — {returned_at, returned_to}; 200 the record. */
enum jw_code jw_seiz_api_return(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/stolen-vehicles/{id}/cancel — {reason}; 200 the record. */
enum jw_code jw_seiz_api_cancel(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/seizures/public — public totals: open reports, seized, returned, by hotspot. */
enum jw_code jw_seiz_api_public(struct jw_req *r, struct jw_error *err);

#endif
