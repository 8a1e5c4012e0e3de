/*
 * api.h — the audit log seen from a request: jw_audit() writes a row for
 * the request's user and address, and the auditor's two routes. For
 * handlers (the *_api.c files) and the route table; code without a request
 * calls jw_audit_write() in audit/audit.h.
 */
#ifndef JW_AUDIT_API_H
#define JW_AUDIT_API_H

#include <stdint.h>

#include "audit/audit.h"
#include "http/http.h"

/*
 * jw_audit_write() for the request's user (none: actor 0) and address, in
 * the request's connection (call it inside the change's jw_tx). object_id 0
 * is written as ""; detail is printf-formatted into the request arena.
 * Returns JW_OK or the database error's code with err set.
 */
enum jw_code jw_audit(struct jw_req *r, const char *action, const char *object_type, int64_t object_id,
                      struct jw_error *err, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* GET /api/v1/audit — a page of the log, newest first; filters action, actor_id. */
enum jw_code jw_audit_api_list(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/audit/verify — walks the chain and the anchor file. */
enum jw_code jw_audit_api_verify(struct jw_req *r, struct jw_error *err);

#endif
