/*
 * store.h — the audit domain's SQL (tables audit_log and audit_head), one
 * function per operation. Private to src/audit/: only audit.c calls it.
 * Every function takes the connection it runs on (inside the caller's jw_tx
 * when it writes) and sets err on failure.
 */
#ifndef JW_AUDIT_STORE_H
#define JW_AUDIT_STORE_H

#include <stdint.h>

#include "audit/audit.h"
#include "core/crypto.h"

/*
 * Moves the chain's head one row on (audit_head.seq + 1) and reads it:
 * *seq receives the new row's sequence number, prev the hash of the row
 * before it ("" for the first). JW_E_DB "audit head missing" when the head
 * row is gone; else JW_OK or the database error's code.
 */
enum jw_code jw_audit_store_head_next(struct jw_conn *c, int64_t *seq, char prev[2 * JW_HASH_BYTES + 1],
                                      struct jw_error *err);

/* Inserts row (every string non-NULL; actor_id 0 is written as NULL).
 * Returns JW_OK or the database error's code. */
enum jw_code jw_audit_store_insert(struct jw_conn *c, const struct jw_audit_row *row, struct jw_error *err);

/* Sets the head's hash to hash (the row just inserted). */
enum jw_code jw_audit_store_head_set(struct jw_conn *c, const char *hash, struct jw_error *err);

/* Reads the head without moving it: *seq its sequence number (0 while the
 * chain is empty), hash its last hash. JW_E_DB when the head row is gone. */
enum jw_code jw_audit_store_head(struct jw_conn *c, int64_t *seq, char hash[2 * JW_HASH_BYTES + 1],
                                 struct jw_error *err);

/*
 * Calls visit(ctx, row) for the rows with id > after, in id order, at most
 * limit of them, until visit returns 0. The row's strings are borrowed for
 * the call only. *got receives how many rows were visited. Returns JW_OK
 * (also when visit stopped the walk) or the database error's code.
 */
enum jw_code jw_audit_store_walk(struct jw_conn *c, int64_t after, int limit,
                                 int (*visit)(void *ctx, const struct jw_audit_row *row), void *ctx, int *got,
                                 struct jw_error *err);

/*
 * Up to limit rows with id < before, newest first, filtered by action (NULL:
 * any) and actor_id (0: any), into an array allocated in arena a (*out;
 * strings arena-owned) and their count (*n). On failure returns the code
 * with err set; *out and *n are untouched.
 */
enum jw_code jw_audit_store_page(struct jw_conn *c, int64_t before, const char *action, int64_t actor_id, int64_t limit,
                                 struct jw_arena *a, struct jw_audit_row **out, size_t *n, struct jw_error *err);

#endif
