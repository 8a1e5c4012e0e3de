/*
 * api.h — the consultations' HTTP handlers, for the route table (app/routes.c).
 * Each reads the request, replies through http/ and returns JW_OK, or
 * returns an error code with err set and writes no reply.
 */
#ifndef JW_CONSULT_API_H
#define JW_CONSULT_API_H

#include "http/http.h"

/* GET /api/v1/consultations?status=open|closed|all — the citizen's own threads, newest first, paged. */
enum jw_code jw_consult_api_mine(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/consultations — {officer_id | unit_id | mailbox, subject, body, upload_ids?} → 201 the thread. */
enum jw_code jw_consult_api_create(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/consultations/inbox?box=open|unassigned|mine|overdue|closed|all — staff: threads in their scope or
 * assigned to them. */
enum jw_code jw_consult_api_inbox(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/consultations/{id} — the thread with its messages (staff reads audited). */
enum jw_code jw_consult_api_get(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/consultations/{id}/messages — {body, upload_ids?} → 201 the message. */
enum jw_code jw_consult_api_message(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/consultations/{id}/read — marks the other side's messages read (a read receipt) → 204. */
enum jw_code jw_consult_api_read(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/consultations/{id}/assign — {user_id} → 200 the thread. */
enum jw_code jw_consult_api_assign(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/consultations/{id}/close — {summary} → 200 the thread. */
enum jw_code jw_consult_api_close(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/consultations/{id}/rating — {grade 1..5, comment?} → 200 the thread. */
enum jw_code jw_consult_api_rate(struct jw_req *r, struct jw_error *err);

/* GET /api/v1/consultations/{id}/images/{upload_id} — an image of the thread, to those who may see the thread. */
enum jw_code jw_consult_api_image(struct jw_req *r, struct jw_error *err);

/* ---- the chief's mailbox and the public Q&A (qa_api.c) ---- */

/* GET /api/v1/mailboxes/chief — public: whom the chief's mailbox reaches, who answers, how many are public. */
enum jw_code jw_consult_api_mailbox(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/qa?q=&limit=&cursor= — public: published Q&A, newest first, searched in title, question, answer. */
enum jw_code jw_consult_api_qa_search(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/qa/{id} — public: one published entry (404 otherwise). */
enum jw_code jw_consult_api_qa_get(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/consultations/qa?status=draft|published|all — staff: copies of threads they may work. */
enum jw_code jw_consult_api_qa_list(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/consultations/{id}/qa — staff: the thread's public copy, any status. */
enum jw_code jw_consult_api_qa_of(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/consultations/{id}/qa — staff: starts the copy, pre-filled with personal data masked → 201. */
enum jw_code jw_consult_api_qa_draft(struct jw_req *r, struct jw_error *err);
/* PUT /api/v1/consultations/{id}/qa — staff: {title, question, answer} of the draft → 200. */
enum jw_code jw_consult_api_qa_edit(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/consultations/{id}/qa/publish — a second staff member publishes the draft → 200. */
enum jw_code jw_consult_api_qa_publish(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/consultations/{id}/qa/withdraw — staff: back to a draft, off the public pages → 200. */
enum jw_code jw_consult_api_qa_withdraw(struct jw_req *r, struct jw_error *err);

#endif
