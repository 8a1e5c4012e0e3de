/* staff.c — staff accounts and the two-person resets of administrator
 * passwords, on values (the handlers and the role rules: staff_api.c). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "auth/internal.h"
#include "auth/store.h"
#include "core/crypto.h"
#include "core/mem.h"

int jw_staff_admin_role(int role) {
  return role == JW_ROLE_SYSADMIN || role == JW_ROLE_SECADMIN || role == JW_ROLE_AUDITOR;
}

enum jw_code jw_staff_list(struct jw_conn *c, struct jw_arena *a, const char *scope, const char *role, const char *q,
                           int64_t limit, int64_t offset, struct jw_staff **out, size_t *n, struct jw_error *err) {
  return jw_auth_store_staff_page(c, a, scope, jw_db_prefix_end(a, scope), role, jw_db_like(a, q), limit, offset, out,
                                  n, err);
}

int jw_staff_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_staff *out, struct jw_error *err) {
  return jw_auth_store_staff_get(c, a, id, out, err);
}

/* A staff change with who makes it, for the transactions below. */
struct staff_tx {
  const struct jw_user *actor;
  const char *ip;
  const struct jw_staff_change *ch;
};

static enum jw_code staff_update_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct staff_tx *t = arg;
  const struct jw_staff_change *ch = t->ch;
  int64_t changed;
  if (jw_auth_store_staff_update(c, ch->id, ch->name, ch->unit_id, ch->disabled, &changed, err) != JW_OK)
    return err->code;
  if (changed != 1)
    return jw_fail(err, JW_E_CONFLICT, "The account's role changed meanwhile; reload it and try again.");
  if (ch->disabled && jw_auth_store_sessions_end(c, ch->id, err) != JW_OK) return err->code;
  return jw_auth_audit(c, t->actor, t->ip, "staff.update", "user", ch->id, err, "unit=%lld disabled=%d",
                       (long long)ch->unit_id, ch->disabled);
}

enum jw_code jw_staff_update(struct jw_conn *c, const struct jw_user *actor, const char *ip,
                             const struct jw_staff_change *ch, struct jw_error *err) {
  struct staff_tx t = {actor, ip, ch};
  return jw_tx(c, staff_update_tx, &t, err);
}

static enum jw_code staff_role_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct staff_tx *t = arg;
  const struct jw_staff_change *ch = t->ch;
  int admin = jw_staff_admin_role(jw_role_parse(ch->role));
  if (jw_auth_store_staff_role(c, ch->id, ch->role, admin, err) != JW_OK) return err->code;
  /* New rights take effect at the next sign-in. */
  if (jw_auth_store_sessions_end(c, ch->id, err) != JW_OK) return err->code;
  return jw_auth_audit(c, t->actor, t->ip, "staff.role", "user", ch->id, err, "role=%s%s", ch->role,
                       admin ? " password reset required" : "");
}

enum jw_code jw_staff_set_role(struct jw_conn *c, const struct jw_user *actor, const char *ip,
                               const struct jw_staff_change *ch, struct jw_error *err) {
  struct staff_tx t = {actor, ip, ch};
  return jw_tx(c, staff_role_tx, &t, err);
}

static enum jw_code staff_password_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct staff_tx *t = arg;
  const struct jw_staff_change *ch = t->ch;
  int64_t changed;
  if (jw_auth_store_staff_password(c, ch->id, ch->pw_hash, &changed, err) != JW_OK) return err->code;
  if (changed != 1)
    return jw_fail(err, JW_E_CONFLICT, "The account's role changed meanwhile; reload it and try again.");
  if (jw_auth_store_sessions_end(c, ch->id, err) != JW_OK) return err->code;
  return jw_auth_audit(c, t->actor, t->ip, "staff.password.reset", "user", ch->id, err, "%s", "");
}

enum jw_code jw_staff_set_password(struct jw_conn *c, const struct jw_user *actor, const char *ip,
                                   const struct jw_staff_change *ch, struct jw_error *err) {
  struct staff_tx t = {actor, ip, ch};
  return jw_tx(c, staff_password_tx, &t, err);
}

/* ---- two-person resets of administrator passwords ---- */

#define RESET_TTL (24 * 3600)

/* Eight characters that are easy to read out and type (no 0/O, 1/I):
 * half of a temporary password. 40 bits. Arena-owned. */
static char *half_code(struct jw_arena *a) {
  static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  static const char OUT[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const char *tok = jw_random_token(a, 6); /* 8 base64url characters, 6 bits each */
  char *code = jw_arena_alloc(a, 9);
  for (int i = 0; i < 8; i++) code[i] = OUT[(strchr(B64, tok[i]) - B64) % 32];
  code[8] = '\0';
  return code;
}

int jw_staff_reset_get(struct jw_conn *c, struct jw_arena *a, int64_t reset_id, int64_t user_id,
                       struct jw_staff_reset *out, struct jw_error *err) {
  return jw_auth_store_reset_get(c, a, reset_id, user_id, out, NULL, NULL, err);
}

struct reset_tx {
  const struct jw_user *actor;
  const char *ip;
  int64_t user_id;
  int64_t reset_id;
  const unsigned char *part_enc;
  size_t part_len;
  const char *pw_hash;
};

static enum jw_code reset_request_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct reset_tx *t = arg;
  int64_t now = (int64_t)time(NULL);
  if (jw_auth_store_reset_expire(c, t->user_id, now, err) != JW_OK) return err->code;
  if (jw_auth_store_reset_new(c, t->user_id, t->actor->id, t->part_enc, t->part_len, now, now + RESET_TTL, &t->reset_id,
                              err) != JW_OK) {
    if (err->code == JW_E_CONFLICT)
      return jw_fail(err, JW_E_CONFLICT, "A reset of this account's password is already waiting for approval.");
    return err->code;
  }
  return jw_auth_audit(c, t->actor, t->ip, "staff.password.reset.request", "user", t->user_id, err, "reset=%lld",
                       (long long)t->reset_id);
}

enum jw_code jw_staff_reset_request(struct jw_conn *c, struct jw_arena *a, const struct jw_user *actor, const char *ip,
                                    int64_t user_id, int64_t *reset_id, const char **half, struct jw_error *err) {
  const char *h = half_code(a);
  struct reset_tx t = {.actor = actor, .ip = ip, .user_id = user_id};
  t.part_enc = jw_encrypt(a, h, &t.part_len);
  enum jw_code rc = jw_tx(c, reset_request_tx, &t, err);
  if (rc != JW_OK) return rc;
  *reset_id = t.reset_id;
  *half = h;
  return JW_OK;
}

static enum jw_code reset_approve_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct reset_tx *t = arg;
  int64_t now = (int64_t)time(NULL);
  int64_t changed;
  if (jw_auth_store_reset_approve(c, t->reset_id, t->user_id, t->actor->id, now, &changed, err) != JW_OK)
    return err->code;
  if (changed != 1) return jw_fail(err, JW_E_CONFLICT, "This reset is no longer waiting for approval.");
  if (jw_auth_store_reset_password(c, t->user_id, t->pw_hash, err) != JW_OK) return err->code;
  if (jw_auth_store_sessions_end(c, t->user_id, err) != JW_OK) return err->code;
  return jw_auth_audit(c, t->actor, t->ip, "staff.password.reset.approve", "user", t->user_id, err, "reset=%lld",
                       (long long)t->reset_id);
}

enum jw_code jw_staff_reset_approve(struct jw_conn *c, struct jw_arena *a, const struct jw_user *actor, const char *ip,
                                    int64_t user_id, int64_t reset_id, const char **half, struct jw_error *err) {
  struct jw_staff_reset rs;
  const void *box;
  size_t n;
  int found = jw_auth_store_reset_get(c, a, reset_id, user_id, &rs, &box, &n, err);
  if (found < 0) return err->code;
  if (!found)
    return jw_fail(err, JW_E_NOT_FOUND, "There is no password reset %lld of this account.", (long long)reset_id);
  int pending = strcmp(rs.status, "pending") == 0 && rs.expires_at >= (int64_t)time(NULL);
  const char *first = pending && box ? jw_decrypt(a, box, n) : NULL;
  if (rs.requested_by == actor->id)
    return jw_fail(err, JW_E_FORBIDDEN, "A second administrator must approve the reset you requested.");
  if (!pending || !first) return jw_fail(err, JW_E_CONFLICT, "This reset is no longer waiting for approval.");
  /* The temporary password is both halves; this answer shows the second
   * only, the requester was shown the first only. Hashed outside the
   * transaction. */
  const char *second = half_code(a);
  char *hash = jw_arena_alloc(a, JW_PWHASH_STRBYTES);
  if (jw_password_hash(jw_arena_printf(a, "%s%s", first, second), hash, err) != JW_OK) return err->code;
  struct reset_tx t = {.actor = actor, .ip = ip, .user_id = user_id, .reset_id = reset_id, .pw_hash = hash};
  enum jw_code rc = jw_tx(c, reset_approve_tx, &t, err);
  if (rc != JW_OK) return rc;
  *half = second;
  return JW_OK;
}

static enum jw_code reset_cancel_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct reset_tx *t = arg;
  int64_t changed;
  if (jw_auth_store_reset_cancel(c, t->reset_id, t->user_id, (int64_t)time(NULL), &changed, err) != JW_OK)
    return err->code;
  if (changed != 1) return jw_fail(err, JW_E_CONFLICT, "This reset is no longer waiting for approval.");
  return jw_auth_audit(c, t->actor, t->ip, "staff.password.reset.cancel", "user", t->user_id, err, "reset=%lld",
                       (long long)t->reset_id);
}

enum jw_code jw_staff_reset_cancel(struct jw_conn *c, const struct jw_user *actor, const char *ip, int64_t user_id,
                                   int64_t reset_id, struct jw_error *err) {
  struct reset_tx t = {.actor = actor, .ip = ip, .user_id = user_id, .reset_id = reset_id};
  return jw_tx(c, reset_cancel_tx, &t, err);
}
