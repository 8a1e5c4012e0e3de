/*
 * events.h — what happened for a user, as rows the live stream sends.
 *
 * A domain that changes something a user should see at once (a message in
 * their consultation, a read receipt, a new thread in their inbox) adds an
 * event row for that user with jw_events_add() inside its own transaction,
 * so the event exists exactly when the change does. After the transaction
 * it calls jw_events_flush(), which wakes this process's open streams of
 * those users (the in-process bus); on PostgreSQL jw_events_add() also
 * sends `pg_notify('jw_events', user id)` in the transaction, and every
 * instance's listener (jw_events_start) wakes its streams when it commits.
 * A stream reads the rows after the last id it sent, so a wake is only a
 * hint: a lost or repeated wake loses or repeats nothing.
 *
 * No HTTP and no JSON here (data is JSON text made by the caller); the SQL
 * is in events/store.c, the stream handler in events/api.c.
 */
#ifndef JW_EVENTS_H
#define JW_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "db/db.h"

struct jw_arena;

/* How long event rows are kept for replay (Last-Event-ID), seconds. */
#define JW_EVENTS_KEEP_SECS (3 * 86400)

/* One event row (strings arena-owned). */
struct jw_event {
  int64_t id;
  const char *kind; /* "message", "read", "thread", "closed" */
  const char *data; /* a JSON object as text */
};

/*
 * Adds the event (kind, data: a JSON object's text, at most 4 KiB) for
 * user_id; call inside the transaction of the change. On PostgreSQL, once
 * jw_events_start() ran, also notifies the other instances in the same
 * transaction. Remembers user_id for jw_events_flush(). Returns JW_OK or
 * the database error's code with err set.
 */
enum jw_code jw_events_add(struct jw_conn *c, int64_t user_id, const char *kind, const char *data,
                           struct jw_error *err);

/* Wakes this process's streams of the users that jw_events_add() named on
 * this thread since the last flush, and forgets them. Call after the
 * transaction, whatever it returned (a wake with nothing new is harmless). */
void jw_events_flush(void);

/* The function that wakes a user's open streams (user 0: all); set by the
 * composition root (app.c) to the HTTP layer's. */
void jw_events_set_waker(void (*wake)(int64_t user_id));

/* Starts delivery across instances: on PostgreSQL a listener thread on a
 * connection of its own; nothing on SQLite. Returns JW_OK or the code with
 * err set. Stop with jw_events_stop(). */
enum jw_code jw_events_start(struct jw_db *db, struct jw_error *err);
void jw_events_stop(void);

/*
 * Up to limit events of user_id with id > after, oldest first, into *out
 * (arena a), *n their count. Returns JW_OK or the database error's code.
 */
enum jw_code jw_events_after(struct jw_conn *c, int64_t user_id, int64_t after, int limit, struct jw_arena *a,
                             struct jw_event **out, size_t *n, struct jw_error *err);

/* The newest event id of user_id (0 when none) into *out. */
enum jw_code jw_events_last_id(struct jw_conn *c, int64_t user_id, int64_t *out, struct jw_error *err);

/* 1 while the session whose token hashes to hash (32 bytes) is still valid
 * at now, 0 when it ended, -1 on a database error. */
int jw_events_session_alive(struct jw_conn *c, const unsigned char *hash, long long now, struct jw_error *err);

/* The tick's clean-up: deletes events older than JW_EVENTS_KEEP_SECS
 * (at most a few thousand a call). Returns how many, or -1. */
int jw_events_prune(struct jw_conn *c, long long now);

#endif
