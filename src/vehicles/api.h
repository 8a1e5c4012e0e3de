/*
 * api.h — the vehicles domain seen from a request: the handlers for the
 * route table (app/routes.c), and the plate guard with its proof-of-work
 * challenge for the handlers of other domains that look vehicles up by
 * plate + engine six (traffic's public violation query). Each handler reads
 * the request, replies through http/ and returns JW_OK, or returns an error
 * code with err set and writes no reply.
 */
#ifndef JW_VEHICLES_API_H
#define JW_VEHICLES_API_H

#include "http/http.h"
#include "vehicles/vehicles.h"

/*
 * The guard before a look-up by plate + engine six (jw_plate_guard_check()
 * for r's address, then the X-PoW header when a challenge is due). JW_OK:
 * go on. A plate past JW_PLATE_LOCK_LIMIT: JW_E_RATE_LIMITED (429,
 * Retry-After in err) for that plate only. A plate past JW_PLATE_WRONG_LIMIT
 * or an address past JW_PLATE_FAIL_LIMIT without a valid X-PoW solution:
 * the 429 problem carrying a fresh challenge is already the reply,
 * *answered is 1, JW_E_RATE_LIMITED is returned and the handler returns
 * JW_OK. A database error's code otherwise, err set.
 */
enum jw_code jw_plate_guard(struct jw_req *r, const char *type, const char *plate, int *answered, struct jw_error *err);

/* GET /api/v1/plate-types — every plate type code and name. */
enum jw_code jw_vehicles_api_plate_types(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/me/vehicles — the signed-in citizen's bound vehicles. */
enum jw_code jw_vehicles_api_list(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/me/vehicles — body {plate_type, plate, engine6?}: binds her
 * own vehicle (201) or asks its owner's consent (202). */
enum jw_code jw_vehicles_api_bind(struct jw_req *r, struct jw_error *err);
/* DELETE /api/v1/me/vehicles/{id} — unbinds the vehicle (204). */
enum jw_code jw_vehicles_api_unbind(struct jw_req *r, struct jw_error *err);

/* GET /api/v1/me/vehicle-consents — {incoming, outgoing} requests of the signed-in citizen. */
enum jw_code jw_consents_api_list(struct jw_req *r, struct jw_error *err);
/* POST …/vehicle-consents/{id}/approve — the owner approves; the requester's binding is added. */
enum jw_code jw_consents_api_approve(struct jw_req *r, struct jw_error *err);
/* POST …/vehicle-consents/{id}/decline — the owner declines a pending request. */
enum jw_code jw_consents_api_decline(struct jw_req *r, struct jw_error *err);
/* POST …/vehicle-consents/{id}/revoke — the owner revokes an approved one; the binding goes. */
enum jw_code jw_consents_api_revoke(struct jw_req *r, struct jw_error *err);
/* POST …/vehicle-consents/{id}/withdraw — the requester withdraws her pending request. */
enum jw_code jw_consents_api_withdraw(struct jw_req *r, struct jw_error *err);

#endif
