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

/* Appends e to the chain. Call inside a transaction (jw_tx). */
enum jw_code jw_audit_write(struct jw_conn *c, const struct jw_audit_entry *e, struct jw_error *err);

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
 * second); failures are logged. */
void jw_audit_anchor_tick(struct jw_conn *c, const char *path);

#endif
