/* qa.c — the chief's mailbox as the public sees it, and the public Q&A:
 * answered threads copied with personal data masked, edited by staff and
 * published by a second person. Each change one transaction with its
 * audit row. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "consult/consult.h"
#include "consult/store.h"
#include "core/mem.h"
#include "core/validate.h"

enum jw_code jw_consult_mailbox(struct jw_conn *c, const char *id, struct jw_arena *a, struct jw_mailbox *out,
                                struct jw_error *err) {
  int found = jw_consult_store_mailbox(c, id, a, out, NULL, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no such mailbox.");
  return JW_OK;
}

/* Bytes of the UTF-8 character that starts with byte b (1 for a stray byte). */
static size_t char_len(unsigned char b) { return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1; }

/* s cut to at most max characters (at a character boundary). */
static const char *cut(struct jw_arena *a, const char *s, long max) {
  size_t i = 0;
  for (long k = 0; s[i] && k < max; k++) i += char_len((unsigned char)s[i]);
  return s[i] ? jw_arena_strndup(a, s, i) : s;
}

/* ---- the public copy ---- */

static enum jw_code audit(struct jw_conn *c, const struct jw_consult_actor *who, const char *action, int64_t id,
                          struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  const struct jw_audit_entry e = {who->user->id, who->user->login, action, "consultation", oid, "", who->ip};
  return jw_audit_write(c, &e, err);
}

/* The messages of one side of t joined by blank lines, masked (hits added). */
static enum jw_code side_text(struct jw_conn *c, const struct jw_consultation *t, const char *side, struct jw_arena *a,
                              const char **out, int *hits, struct jw_error *err) {
  struct jw_consult_message *m = NULL;
  size_t n = 0;
  if (jw_consult_store_messages(c, t->id, a, &m, &n, err) != JW_OK) return err->code;
  size_t total = 1;
  for (size_t i = 0; i < n; i++)
    if (strcmp(m[i].side, side) == 0) total += strlen(m[i].body) + 2;
  char *s = jw_arena_alloc(a, total);
  s[0] = '\0';
  for (size_t i = 0; i < n; i++)
    if (strcmp(m[i].side, side) == 0) {
      if (*s) strcat(s, "\n\n");
      strcat(s, m[i].body);
    }
  const char *names[] = {t->citizen_name};
  int h = 0;
  *out = cut(a, jw_mask_personal(a, s, names, 1, &h), JW_QA_TEXT_MAX);
  *hits += h;
  return JW_OK;
}

struct draft_tx {
  const struct jw_consult_actor *who;
  struct jw_consult_qa *q;
};

static enum jw_code draft_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct draft_tx *x = arg;
  if (jw_consult_store_qa_insert(c, x->q, err) != JW_OK) {
    if (err->code == JW_E_CONFLICT) jw_fail(err, JW_E_CONFLICT, "This consultation has a public copy already.");
    return err->code;
  }
  return audit(c, x->who, "consultation.qa_draft", x->q->consultation_id, err);
}

enum jw_code jw_consult_qa_draft(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                                 struct jw_arena *a, struct jw_consult_qa *out, struct jw_error *err) {
  if (strcmp(t->status, "waiting") == 0)
    return jw_fail(err, JW_E_CONFLICT, "Only an answered consultation can be published.");
  struct jw_consult_qa q = {0};
  const char *names[] = {t->citizen_name};
  int hits = 0, h = 0;
  q.title = jw_mask_personal(a, t->subject, names, 1, &h);
  hits += h;
  if (side_text(c, t, "citizen", a, &q.question, &hits, err) != JW_OK ||
      side_text(c, t, "staff", a, &q.answer, &hits, err) != JW_OK)
    return err->code;
  if (!*q.answer) return jw_fail(err, JW_E_CONFLICT, "This consultation has no answer to publish.");
  jw_conn_release(c);
  q.consultation_id = t->id;
  q.created_by = q.editor_id = who->user->id;
  q.created_at = (long long)time(NULL);
  struct draft_tx x = {who, &q};
  if (jw_tx(c, draft_fn, &x, err) != JW_OK) return err->code;
  if (jw_consult_qa_of(c, t->id, a, out, err) != JW_OK) return err->code;
  out->masked = hits;
  return JW_OK;
}

enum jw_code jw_consult_qa_of(struct jw_conn *c, int64_t thread_id, struct jw_arena *a, struct jw_consult_qa *out,
                              struct jw_error *err) {
  int found = jw_consult_store_qa_of(c, thread_id, a, out, err);
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "This consultation has no public copy.");
  return JW_OK;
}

struct change_tx {
  const struct jw_consult_actor *who;
  const struct jw_consultation *t;
  const char *title, *question, *answer;
};

static enum jw_code edit_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct change_tx *x = arg;
  int n = jw_consult_store_qa_edit(c, x->t->id, x->who->user->id, x->title, x->question, x->answer,
                                   (long long)time(NULL), err);
  if (n < 0) return err->code;
  if (n == 0) return jw_fail(err, JW_E_CONFLICT, "The public copy is published; withdraw it before editing.");
  return audit(c, x->who, "consultation.qa_edit", x->t->id, err);
}

static enum jw_code publish_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct change_tx *x = arg;
  int n = jw_consult_store_qa_publish(c, x->t->id, x->who->user->id, (long long)time(NULL), err);
  if (n < 0) return err->code;
  if (n == 0) return jw_fail(err, JW_E_CONFLICT, "The public copy changed meanwhile; please reload it.");
  return audit(c, x->who, "consultation.qa_publish", x->t->id, err);
}

static enum jw_code withdraw_fn(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct change_tx *x = arg;
  int n = jw_consult_store_qa_withdraw(c, x->t->id, (long long)time(NULL), err);
  if (n < 0) return err->code;
  if (n == 0) return jw_fail(err, JW_E_CONFLICT, "The public copy is not published.");
  return audit(c, x->who, "consultation.qa_withdraw", x->t->id, err);
}

/* Runs fn on t's copy once it exists (404 otherwise). */
static enum jw_code change(struct jw_conn *c, struct change_tx *x,
                           enum jw_code (*fn)(struct jw_conn *, void *, struct jw_error *), struct jw_error *err) {
  struct jw_arena a = {0};
  struct jw_consult_qa q;
  enum jw_code rc = jw_consult_qa_of(c, x->t->id, &a, &q, err);
  if (rc == JW_OK && fn == publish_fn) {
    if (strcmp(q.status, "published") == 0)
      rc = jw_fail(err, JW_E_CONFLICT, "The public copy is published already.");
    else if (q.editor_id == x->who->user->id || q.created_by == x->who->user->id)
      rc = jw_fail(err, JW_E_FORBIDDEN, "You prepared this copy; a second person checks and publishes it.");
  }
  jw_arena_free(&a);
  if (rc == JW_OK) rc = jw_tx(c, fn, x, err);
  return rc;
}

enum jw_code jw_consult_qa_edit(struct jw_conn *c, const struct jw_consult_actor *who, const struct jw_consultation *t,
                                const char *title, const char *question, const char *answer, struct jw_error *err) {
  /* The edited text is masked as the draft was: staff cannot put a phone or
   * ID number or the citizen's name back by editing. */
  struct jw_arena a = {0};
  const char *names[] = {t->citizen_name};
  struct change_tx x = {who, t, title ? jw_mask_personal(&a, title, names, 1, NULL) : NULL,
                        question ? jw_mask_personal(&a, question, names, 1, NULL) : NULL,
                        answer ? jw_mask_personal(&a, answer, names, 1, NULL) : NULL};
  enum jw_code rc = change(c, &x, edit_fn, err);
  jw_arena_free(&a);
  return rc;
}

enum jw_code jw_consult_qa_publish(struct jw_conn *c, const struct jw_consult_actor *who,
                                   const struct jw_consultation *t, struct jw_error *err) {
  struct change_tx x = {who, t, NULL, NULL, NULL};
  return change(c, &x, publish_fn, err);
}

enum jw_code jw_consult_qa_withdraw(struct jw_conn *c, const struct jw_consult_actor *who,
                                    const struct jw_consultation *t, struct jw_error *err) {
  struct change_tx x = {who, t, NULL, NULL, NULL};
  return change(c, &x, withdraw_fn, err);
}

enum jw_code jw_consult_qa_get(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_consult_qa *out,
                               struct jw_error *err) {
  int found = id > 0 ? jw_consult_store_qa_public(c, id, a, out, err) : 0;
  if (found < 0) return err->code;
  if (!found) return jw_fail(err, JW_E_NOT_FOUND, "There is no published question %lld.", (long long)id);
  return JW_OK;
}

enum jw_code jw_consult_qa_search(struct jw_conn *c, const char *q, int64_t before, int64_t limit, struct jw_arena *a,
                                  struct jw_consult_qa **out, size_t *n, struct jw_error *err) {
  struct jw_consult_qa_filter f = {0};
  f.published_only = 1;
  f.like = q && *q ? jw_db_like(a, q) : NULL;
  f.before = before;
  f.limit = limit;
  return jw_consult_store_qa_list(c, &f, a, out, n, err);
}

enum jw_code jw_consult_qa_staff_list(struct jw_conn *c, const struct jw_user *u, const char *status, int64_t before,
                                      int64_t limit, struct jw_arena *a, struct jw_consult_qa **out, size_t *n,
                                      struct jw_error *err) {
  struct jw_consult_qa_filter f = {0};
  f.status = status;
  f.lo = u->unit_path;
  f.hi = jw_db_prefix_end(a, u->unit_path);
  f.staff_id = u->id;
  f.before = before;
  f.limit = limit;
  return jw_consult_store_qa_list(c, &f, a, out, n, err);
}
