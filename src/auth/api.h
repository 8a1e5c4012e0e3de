/*
 * api.h — auth seen from a request: the session look-up the dispatcher
 * calls for every request (wired by app/app.c), the proof-of-work check and
 * its 429 reply for handlers that guard with it (vehicles/guard.c), and the
 * sign-in, account and staff handlers for the route table (app/routes.c).
 * Each handler reads the request, replies through http/ and returns JW_OK,
 * or returns an error code with err set and writes no reply.
 */
#ifndef JW_AUTH_API_H
#define JW_AUTH_API_H

#include <stdint.h>

#include "auth/auth.h"
#include "http/http.h"

/* The user whose session token (the cookie's value) this is, or NULL when
 * the token is unknown, expired or its account disabled (jw_session_find on
 * r's connection). A session with temporary credentials gets u->refused set
 * for every request but reading who it is, choosing its own password and
 * signing out or in. Touches the session's last-seen time at most once a
 * minute. Arena-owned (r's arena). */
const struct jw_user *jw_auth_session(struct jw_req *r, const char *token);

/* jw_pow_check() for r's address, connection and arena: 1 accepted, 0
 * refused (*why: "invalid", "expired" or "reused"), -1 on a database error
 * (err set). */
int jw_pow_accept(struct jw_req *r, const char *value, int min_bits, const char **why, struct jw_error *err);

/* Answers r with a 429 problem+json made of err (code, detail in both
 * languages and retry_after, set by the caller with jw_fail) that carries a
 * fresh challenge, and Retry-After; locked_until (unix seconds, 0 for none)
 * says when a plain lock lifts; why ("invalid", "expired", "reused" or NULL)
 * says what was wrong with a solution sent. The dispatcher's problem writer
 * knows no extra members, so this one writes the body itself. */
void jw_pow_reply(struct jw_req *r, const struct jw_error *err, int64_t locked_until, const char *why);

/* POST /api/v1/auth/register — {phone, password, name, id_number}; 201 {user}. */
enum jw_code jw_auth_api_register(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/auth/login — {login, password}; 200 {user, csrf_token} with the session and device cookies. */
enum jw_code jw_auth_api_login(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/auth/logout — ends the session; 204. */
enum jw_code jw_auth_api_logout(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/me — {user, csrf_token}. */
enum jw_code jw_auth_api_me(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/session — public: as GET /api/v1/me when signed in, else 200
 * {"user": null, "csrf_token": null} (the web app's probe: no 401 logged). */
enum jw_code jw_auth_api_session(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/me/password — {current_password, new_password}; 204. */
enum jw_code jw_auth_api_password(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/staff — a page of the staff accounts in the caller's scope; filters unit_id, role, q. */
enum jw_code jw_staff_api_list(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/staff — {login, name, role, unit_id, password}; 201 the account. */
enum jw_code jw_staff_api_create(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/staff/{id} — {name, unit_id, disabled}; 200 the account. */
enum jw_code jw_staff_api_update(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/staff/{id}/role — {role}; 200 the account. */
enum jw_code jw_staff_api_role(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/staff/{id}/password — a direct reset, or a two-person reset's request, approval or cancellation. */
enum jw_code jw_staff_api_password(struct jw_req *r, struct jw_error *err);

#endif
