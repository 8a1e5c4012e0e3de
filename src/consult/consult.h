/*
 * consult.h — online consultations (在线咨询): a citizen's thread of
 * messages with an officer (who accepts appointments and consultations) or
 * with a unit; the unit's inbox (unassigned and assigned threads, a reply
 * deadline of one working day, overdue marks), assignment within the
 * unit's data scope, closing with a summary, and the citizen's rating (the
 * service hall's 好差评 grades 1–5).
 *
 * A thread is 'waiting' (for staff: it has a deadline), 'answered' (staff
 * wrote last) or 'closed'. The transitions are the table in consult.c.
 * Every change is one transaction with its audit row (staff) and its event
 * rows (events.h) for the people on the thread; reads by staff are audited.
 * No HTTP and no JSON here; the SQL is in consult/store.c.
 */
#ifndef JW_CONSULT_H
#define JW_CONSULT_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

/* Limits. */
#define JW_CONSULT_SUBJECT_MAX      100  /* characters */
#define JW_CONSULT_BODY_MAX         2000 /* characters */
#define JW_CONSULT_SUMMARY_MAX      500
#define JW_CONSULT_COMMENT_MAX      200
#define JW_CONSULT_UPLOADS_MAX      4  /* images per message */
#define JW_CONSULT_THREADS_PER_DAY  10 /* new threads per citizen per day */
#define JW_CONSULT_MESSAGES_PER_MIN 20 /* messages per user per minute */

/* Who acts, for rules and audit rows (borrowed). */
struct jw_consult_actor {
  const struct jw_user *user;
  const char *ip;
  int tz_offset_min; /* the bureau's zone: working days and deadlines */
};

/* One thread as stored (strings arena-owned). */
struct jw_consultation {
  int64_t id, citizen_id, unit_id, officer_id, assignee_id;
  int64_t officer_user_id; /* the addressed officer's account, 0 when none */
  const char *unit_path, *unit_name, *officer_name, *assignee_name, *citizen_name;
  const char *subject, *status, *summary, *rating_comment;
  const char *mailbox; /* "chief": written to the chief's mailbox; "" otherwise */
  int64_t due_at;      /* 0 when not waiting */
  int64_t citizen_read, staff_read, last_message_id;
  int rating_grade; /* 0: not rated */
  int64_t rated_at, created_at, updated_at, closed_at;
};

struct jw_consult_message {
  int64_t id;
  const char *side; /* "citizen" or "staff" */
  const char *author_name;
  const char *body;
  int64_t created_at;
  int64_t uploads[JW_CONSULT_UPLOADS_MAX];
  int nuploads;
};

/* What a citizen sends to open a thread (strings borrowed, checked for
 * length and text by the caller). Exactly one of officer_id, unit_id,
 * mailbox (the id of a mailbox, "chief"; NULL for none). */
struct jw_consult_new {
  int64_t officer_id, unit_id;
  const char *mailbox;
  const char *subject, *body;
  const int64_t *uploads;
  int nuploads;
};

/* 1 when the thread is waiting past its deadline at now. */
int jw_consult_overdue(const struct jw_consultation *t, long long now);

/*
 * Opens a thread for who (a citizen) and its first message: the officer
 * must exist and accept consultations (else 422 on officer_id), the unit
 * exist (422 on unit_id), the mailbox exist (422 on mailbox); a letter to
 * a mailbox, or to the officer a mailbox is addressed to, files under the
 * mailbox's unit, unassigned, for its office; images must be the citizen's own uploads (422 on
 * upload_ids); the daily cap gives 429. The deadline is the end of the next
 * working day. *id receives the thread's id. Returns JW_OK or the code with
 * err set and nothing written.
 */
enum jw_code jw_consult_create(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consult_new *in,
                               int64_t *id, struct jw_error *err);

/*
 * Loads thread id as who may see it: the citizen their own, staff the
 * threads in their data scope or assigned to them; anything else is
 * JW_E_NOT_FOUND. Staff reads write an audit row. Strings in arena a.
 */
enum jw_code jw_consult_load(struct jw_conn *c, const struct jw_consult_actor *who, int64_t id, struct jw_arena *a,
                             struct jw_consultation *out, struct jw_error *err);

/* The audit row of a staff member's read of thread id (none for the
 * citizen), in its own transaction. */
enum jw_code jw_consult_audit_view(struct jw_conn *c, const struct jw_consult_actor *who, int64_t id,
                                   struct jw_error *err);

/* The messages of thread id, oldest first (arena a). */
enum jw_code jw_consult_messages(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_consult_message **out,
                                 size_t *n, struct jw_error *err);

/* The image upload_id attached to a message of thread id (loaded for the
 * caller first): its bytes (size *n, arena a) and type. JW_E_NOT_FOUND when
 * it is not attached there or its file is gone. */
enum jw_code jw_consult_image(struct jw_conn *c, const char *upload_dir, int64_t id, int64_t upload_id,
                              struct jw_arena *a, const void **data, size_t *n, const char **type,
                              struct jw_error *err);

/* Adds a message by who to t (loaded for who): 409 on a closed thread, 422
 * for images not who's own, 429 past the per-minute cap. *msg_id receives
 * the message's id. */
enum jw_code jw_consult_post(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                             const char *body, const int64_t *uploads, int nuploads, int64_t *msg_id,
                             struct jw_error *err);

/* Marks every message of t read on who's side (a read receipt for the
 * other side). */
enum jw_code jw_consult_read(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                             struct jw_error *err);

/* Assigns t to staff account user_id: station chiefs and unit admins to
 * anyone whose unit lies within their scope and on the path of t's unit;
 * officers and auxiliaries only to themselves (403 otherwise; 422 on
 * user_id for someone who may not work it). 409 when closed. */
enum jw_code jw_consult_assign(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                               int64_t user_id, struct jw_error *err);

/* Closes t with a summary (staff). 409 when closed already. */
enum jw_code jw_consult_close(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                              const char *summary, struct jw_error *err);

/* The citizen's rating of an answered or closed thread (grade 1..5,
 * comment "" for none); 409 when rated already or not answered yet. */
enum jw_code jw_consult_rate(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                             int grade, const char *comment, struct jw_error *err);

/* Which threads a list shows. */
enum jw_consult_box {
  JW_BOX_OPEN,       /* not closed */
  JW_BOX_UNASSIGNED, /* not closed, nobody assigned */
  JW_BOX_MINE,       /* not closed, assigned to the caller */
  JW_BOX_OVERDUE,    /* waiting past the deadline */
  JW_BOX_CLOSED,
  JW_BOX_ALL,
  JW_BOX_MAILBOX, /* not closed, written to a mailbox (the chief's) */
  JW_BOX__MAX
};
extern const char *const jw_consult_box_names[];

/*
 * A page of threads, newest first, ids < before (0: from the newest), up
 * to limit + 1 rows (so the caller sees whether there is more): a citizen's
 * own (box ignored but for CLOSED/ALL/OPEN), or staff's inbox (their scope
 * or assigned to them) filtered by box. Arena a.
 */
enum jw_code jw_consult_list(struct jw_conn *c, const struct jw_user *u, enum jw_consult_box box, int64_t before,
                             int64_t limit, struct jw_arena *a, struct jw_consultation **out, size_t *n,
                             struct jw_error *err);

/* For `jingwu seed --demo`: when the citizen has no consultation yet, adds
 * one to the first officer of unit who takes consultations, answered (by
 * that officer's account, or staff), and one to the unit itself, waiting
 * unassigned in its inbox. Returns how many were added (0–2), or -1 with
 * err set. */
int jw_consult_seed_demo(struct jw_conn *c, int64_t citizen, int64_t unit, int64_t staff, int tz_offset_min,
                         struct jw_error *err);

/* ---- the chief's mailbox (局长信箱) and the public Q&A (mailbox.c, qa.c) ---- */

/* A mailbox as the citizen's page shows it (strings arena-owned). */
struct jw_mailbox {
  const char *id;     /* "chief" */
  const char *office; /* who answers */
  int64_t unit_id;    /* its threads file under this unit; its consultation staff work them */
  const char *unit_name;
  int64_t officer_id; /* the head the letters are addressed to (0: none) */
  const char *officer_name, *officer_title;
  int64_t published; /* how many of its letters are public Q&A */
};

/* Mailbox id ("chief"): JW_E_NOT_FOUND when there is none (not set up). */
enum jw_code jw_consult_mailbox(struct jw_conn *c, const char *id, struct jw_arena *a, struct jw_mailbox *out,
                                struct jw_error *err);

#define JW_QA_TITLE_MAX 100  /* characters */
#define JW_QA_TEXT_MAX  4000 /* question or answer, characters */

/* A public Q&A entry (strings arena-owned). Staff see every field; the
 * public only published entries and never the staff ids. */
struct jw_consult_qa {
  int64_t id, consultation_id;
  const char *title, *question, *answer;
  const char *status;  /* "draft" or "published" */
  const char *mailbox; /* "chief" or "" */
  const char *unit_name;
  int64_t created_by, editor_id, publisher_id;
  const char *editor_name, *publisher_name; /* "" when none */
  int64_t asked_at, created_at, updated_at, published_at;
  int masked; /* on a new draft: how many personal data items the server masked */
};

/*
 * Starts the public copy of thread t (loaded for who, staff), answered or
 * closed (409 otherwise; 409 when it has one already): title, question
 * (the citizen's messages) and answer (staff's) pre-filled through
 * jw_mask_personal() (core/validate.h) with the citizen's name; who is its editor. *out
 * receives it (arena a).
 */
enum jw_code jw_consult_qa_draft(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                                 struct jw_arena *a, struct jw_consult_qa *out, struct jw_error *err);

/* The public copy of thread t, any status (staff): JW_E_NOT_FOUND when none. */
enum jw_code jw_consult_qa_of(struct jw_conn *c, int64_t thread_id, struct jw_arena *a, struct jw_consult_qa *out,
                              struct jw_error *err);

/* New text of t's draft by who (who becomes its editor), masked as the draft
 * was (phone and ID numbers, the citizen's name): 404 without a
 * copy, 409 when published (withdraw it first). Strings checked by the caller. */
enum jw_code jw_consult_qa_edit(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                                const char *title, const char *question, const char *answer, struct jw_error *err);

/* Publishes t's draft: who checks it and must be neither the one who
 * started it nor its last editor (403); 409 when published already. */
enum jw_code jw_consult_qa_publish(struct jw_conn *c, const struct jw_consult_actor *who,
                                   const struct jw_consultation *t, struct jw_error *err);

/* Takes t's published copy off the public pages (a draft again): 409 when
 * it is not published. */
enum jw_code jw_consult_qa_withdraw(struct jw_conn *c, const struct jw_consult_actor *who,
                                    const struct jw_consultation *t, struct jw_error *err);

/* Published entry id (JW_E_NOT_FOUND for a draft or none), for everyone. */
enum jw_code jw_consult_qa_get(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_consult_qa *out,
                               struct jw_error *err);

/*
 * The public search (also for a site-wide search): published entries whose
 * title, question or answer contains q (NULL or "": all), newest first,
 * ids < before (0: from the newest), up to limit + 1 rows (the caller sees
 * whether there is more). Arena a. Needs no signed-in user.
 */
enum jw_code jw_consult_qa_search(struct jw_conn *c, const char *q, int64_t before, int64_t limit, struct jw_arena *a,
                                  struct jw_consult_qa **out, size_t *n, struct jw_error *err);

/* Staff's list of copies of threads they may work (scope or assigned),
 * status "draft", "published" or NULL for both; paging as above. */
enum jw_code jw_consult_qa_staff_list(struct jw_conn *c, const struct jw_user *u, const char *status, int64_t before,
                                      int64_t limit, struct jw_arena *a, struct jw_consult_qa **out, size_t *n,
                                      struct jw_error *err);

/*
 * For `jingwu seed --demo`: the chief (局长, an officer of unit bureau), the
 * chief's mailbox worked by the bureau's office (two staff accounts,
 * mailbox_office and mailbox_lead, password password), and one answered
 * letter of the citizen published as Q&A (edited by one, published by the
 * other). Nothing when the mailbox exists. Returns how many things were
 * added (0 or more), or -1 with err set.
 */
int jw_consult_seed_mailbox(struct jw_conn *c, int64_t citizen, int64_t bureau, const char *password, int tz_offset_min,
                            struct jw_error *err);

#endif
