/*
 * audit.h — the append-only audit log (MLPS 2.0 level 3): every sign-in,
 * every change made by staff, every read of a person's unmasked data.
 *
 * Rows form a hash chain keyed with a key outside the database, so an edited,
 * inserted or deleted row is found by jw_audit_verify() (and by
 * `jingwu audit verify`). A row is written in the same transaction as the
 * change it records.
 */
#ifndef JW_AUDIT_H
#define JW_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct jw_audit_entry {
  int64_t actor_id; /* 0: none (a failed sign-in, the command line) */
  const char *actor_login;
  const char *action;      /* "auth.login", "officer.update", … */
  const char *object_type; /* "user", "officer", "unit", … */
  const char *object_id;
  const char *detail; /* short, no secrets */
  const char *ip;
};

/*
 * Appends e to the chain: moves the head, hashes the row with the previous
 * row's hash and inserts it. Call inside the change's transaction (jw_tx).
 * NULL strings in e are written as ""; detail is cut at 1023 bytes. Returns
 * JW_OK, or the database error's code with err set (JW_E_DB "audit head
 * missing" when the head row is gone).
 */
enum jw_code jw_audit_write(struct jw_conn *c, const struct jw_audit_entry *e, struct jw_error *err);

/* One row of the log as stored. */
struct jw_audit_row {
  int64_t id;       /* the row's place in the chain, from 1 */
  int64_t at;       /* unix seconds */
  int64_t actor_id; /* 0: none (stored as NULL) */
  const char *actor_login;
  const char *action;
  const char *object_type;
  const char *object_id;
  const char *detail;
  const char *ip;
  const char *prev_hash; /* the previous row's hash ("" for row 1) */
  const char *hash;      /* this row's chain hash */
};

/*
 * A page of the log, newest first: up to limit rows with id < before,
 * filtered by action (NULL: any) and actor_id (0: any). *out receives an
 * array allocated in arena a (strings arena-owned too), *n its length. On
 * failure returns the database error's code with err set; *out and *n are
 * untouched.
 */
enum jw_code jw_audit_page(struct jw_conn *c, int64_t before, const char *action, int64_t actor_id, int64_t limit,
                           struct jw_arena *a, struct jw_audit_row **out, size_t *n, struct jw_error *err);

struct jw_audit_check {
  int ok;
  int64_t rows;
  int64_t broken_at; /* first bad row id (or the missing one), 0 when ok or when an anchor line is bad */
  int64_t anchors;   /* anchor lines checked */
  int64_t foreign;   /* anchor lines of another installation's key, skipped */
  int anchor_file;   /* 1 when the anchor file exists */
  char problem[240]; /* what is wrong, for people ("" when ok) */
};

/*
 * Walks the whole chain in one read snapshot (so writers going on meanwhile
 * cannot make a sound chain look broken), then checks it against the anchor
 * file at anchor_path (NULL or "": none): every anchored (seq, hash) must
 * still be in the chain, so rows cut from the end — even all of them, with
 * the head rewound — are found. A missing anchor file is not an error
 * (out->anchor_file = 0); one that cannot be read is (JW_E_INTERNAL).
 */
enum jw_code jw_audit_verify(struct jw_conn *c, const char *anchor_path, struct jw_audit_check *out,
                             struct jw_error *err);

/*
 * Appends the chain's head (sequence number and hash, with a MAC keyed by
 * the audit key) to the append-only anchor file at path, fsync'd, when the
 * head moved since this process last anchored it (nothing while the chain is
 * empty). The file keeps what the database alone cannot: how far the chain
 * once reached. Keep it apart from the database (another disk, a log host,
 * `chattr +a`). The server calls it at start, every minute and at shutdown.
 */
enum jw_code jw_audit_anchor(struct jw_conn *c, const char *path, struct jw_error *err);

/* jw_audit_anchor() at most once a minute (the server tick calls it every
 * second); failures are logged, nothing is returned. path as for
 * jw_audit_anchor(). */
void jw_audit_anchor_tick(struct jw_conn *c, const char *path);

#endif
