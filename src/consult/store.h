/* store.h — the consultations' SQL (consultations, consultation_messages,
 * consultation_attachments; officers, units, users and uploads read). Private to src/consult. */
#ifndef JW_CONSULT_STORE_H
#define JW_CONSULT_STORE_H

#include "consult/consult.h"

/* The officer's unit, its path, the officer's account and the mailbox
 * addressed to them ("" none); 0 when there is no such officer, 1 when
 * found, -1 on error. */
int jw_consult_store_officer(struct jw_conn *c, int64_t id, struct jw_arena *a, int64_t *unit_id, const char **path,
                             int64_t *user_id, int *accepts, const char **mailbox, struct jw_error *err);
/* The unit's path; 0 none, 1 found, -1 error. */
int jw_consult_store_unit(struct jw_conn *c, int64_t id, struct jw_arena *a, const char **path, struct jw_error *err);
/* 1 when upload id is user_id's and an image, 0 not, -1 error. */
int jw_consult_store_own_image(struct jw_conn *c, int64_t id, int64_t user_id, struct jw_error *err);
/* A staff account's role and unit path; 0 none (or not staff), 1, -1. */
int jw_consult_store_staff(struct jw_conn *c, int64_t user_id, struct jw_arena *a, int *role, const char **path,
                           struct jw_error *err);

enum jw_code jw_consult_store_insert(struct jw_conn *c, const struct jw_consultation *t, int64_t *id,
                                     struct jw_error *err);
enum jw_code jw_consult_store_message(struct jw_conn *c, int64_t cid, int64_t author, const char *side,
                                      const char *body, long long now, const int64_t *uploads, int nuploads,
                                      int64_t *id, struct jw_error *err);
/* Moves thread id from status from to to (due_at 0: none), sets its last
 * message and the author side's read mark; the rows changed (0: it moved
 * meanwhile), or -1. */
int jw_consult_store_move(struct jw_conn *c, int64_t id, const char *from, const char *to, int64_t due_at,
                          int64_t last_msg, int staff_side, long long now, struct jw_error *err);
/* Read mark of one side up to the last message; rows changed or -1. */
int jw_consult_store_mark_read(struct jw_conn *c, int64_t id, int staff_side, struct jw_error *err);
int jw_consult_store_assign(struct jw_conn *c, int64_t id, int64_t user_id, long long now, struct jw_error *err);
int jw_consult_store_close(struct jw_conn *c, int64_t id, const char *summary, long long now, struct jw_error *err);
int jw_consult_store_rate(struct jw_conn *c, int64_t id, int grade, const char *comment, long long now,
                          struct jw_error *err);

/* 0 none, 1 found, -1 error. */
int jw_consult_store_load(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_consultation *out,
                          struct jw_error *err);
enum jw_code jw_consult_store_messages(struct jw_conn *c, int64_t id, struct jw_arena *a,
                                       struct jw_consult_message **out, size_t *n, struct jw_error *err);

/* The stored file of upload_id when it is attached to a message of thread
 * id: 1 found, 0 not, -1 error (strings in a). */
int jw_consult_store_image(struct jw_conn *c, int64_t id, int64_t upload_id, struct jw_arena *a, const char **sha256,
                           const char **type, int64_t *size, struct jw_error *err);

/* For the demo: the citizen's number of threads (-1 on error), and the
 * first officer of unit who takes consultations (0 none, 1, -1). */
int64_t jw_consult_store_count_of(struct jw_conn *c, int64_t citizen, struct jw_error *err);
int jw_consult_store_demo_officer(struct jw_conn *c, int64_t unit, struct jw_arena *a, int64_t *officer,
                                  int64_t *unit_id, const char **path, int64_t *user_id, struct jw_error *err);

/* The station chiefs and unit admins whose unit lies on path (at most
 * max, into out): how many, or -1. */
int jw_consult_store_leaders(struct jw_conn *c, const char *path, int64_t *out, int max, struct jw_error *err);

/* The list filter (see jw_consult_list). */
struct jw_consult_filter {
  int64_t citizen_id;  /* a citizen's own; 0 for staff */
  const char *lo, *hi; /* staff: the scope's path range */
  int64_t staff_id;    /* staff: also threads assigned to them */
  int open, closed, unassigned;
  int64_t assignee;         /* 0 any */
  long long overdue_before; /* 0 any */
  int64_t before;           /* 0 from the newest */
  int mailbox;              /* 1: only letters to a mailbox */
  int64_t limit;
};
enum jw_code jw_consult_store_list(struct jw_conn *c, const struct jw_consult_filter *f, struct jw_arena *a,
                                   struct jw_consultation **out, size_t *n, struct jw_error *err);

/* ---- mailboxes and Q&A (qa_store.c) ---- */

/* Mailbox id with its unit's path (*path); 0 none, 1, -1. */
int jw_consult_store_mailbox(struct jw_conn *c, const char *id, struct jw_arena *a, struct jw_mailbox *out,
                             const char **path, struct jw_error *err);
enum jw_code jw_consult_store_mailbox_insert(struct jw_conn *c, const char *id, int64_t unit_id, int64_t officer_id,
                                             const char *office, long long now, struct jw_error *err);
enum jw_code jw_consult_store_qa_insert(struct jw_conn *c, const struct jw_consult_qa *q, struct jw_error *err);
/* The copy of thread id (0 none, 1, -1). */
int jw_consult_store_qa_of(struct jw_conn *c, int64_t thread_id, struct jw_arena *a, struct jw_consult_qa *out,
                           struct jw_error *err);
/* Published entry id (0 none, 1, -1). */
int jw_consult_store_qa_public(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_consult_qa *out,
                               struct jw_error *err);
/* Conditional changes: the rows changed (0: it is not in the state they
 * need), or -1. */
int jw_consult_store_qa_edit(struct jw_conn *c, int64_t thread_id, int64_t editor, const char *title,
                             const char *question, const char *answer, long long now, struct jw_error *err);
int jw_consult_store_qa_publish(struct jw_conn *c, int64_t thread_id, int64_t publisher, long long now,
                                struct jw_error *err);
int jw_consult_store_qa_withdraw(struct jw_conn *c, int64_t thread_id, long long now, struct jw_error *err);

/* The list filter of Q&A entries. */
struct jw_consult_qa_filter {
  int published_only;  /* the public's view */
  const char *like;    /* jw_db_like() of the search, or NULL */
  const char *status;  /* staff: "draft", "published" or NULL */
  const char *lo, *hi; /* staff: the scope's path range (NULL: no scope filter) */
  int64_t staff_id;    /* staff: also threads assigned to them */
  int64_t before, limit;
};
enum jw_code jw_consult_store_qa_list(struct jw_conn *c, const struct jw_consult_qa_filter *f, struct jw_arena *a,
                                      struct jw_consult_qa **out, size_t *n, struct jw_error *err);
/* The officers and auxiliaries of unit_id itself (a mailbox's office; at
 * most max, into out): how many, or -1. */
int jw_consult_store_office(struct jw_conn *c, int64_t unit_id, int64_t *out, int max, struct jw_error *err);
/* For the demo: the account with login (0 none, else its id; -1 error). */
int64_t jw_consult_store_user_by_login(struct jw_conn *c, const char *login, struct jw_error *err);
/* For the demo: the officer with badge_no (0 none, else its id; -1 error). */
int64_t jw_consult_store_officer_by_badge(struct jw_conn *c, const char *badge, struct jw_error *err);

#endif
