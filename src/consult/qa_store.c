/* qa_store.c — the SQL of the mailboxes and the public Q&A
 * (mailboxes, consultation_qa; consultations, units, officers, users read). */
#include <string.h>

#include "consult/store.h"
#include "core/mem.h"

static const char SQL_MAILBOX[] =
    "SELECT m.id, m.office, m.unit_id, u.name, u.path, COALESCE(m.officer_id, 0), COALESCE(o.name, ''),"
    " COALESCE(o.title, ''), (SELECT COUNT(*) FROM consultation_qa q JOIN consultations c ON c.id = q.consultation_id"
    " WHERE c.mailbox = m.id AND q.status = 'published')"
    " FROM mailboxes m JOIN units u ON u.id = m.unit_id LEFT JOIN officers o ON o.id = m.officer_id WHERE m.id = ?";
static const char SQL_MAILBOX_INSERT[] =
    "INSERT INTO mailboxes (id, unit_id, officer_id, office, created_at) VALUES (?, ?, ?, ?, ?)";
static const char SQL_QA_INSERT[] =
    "INSERT INTO consultation_qa (consultation_id, title, question, answer, status, created_by, editor_id,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?) RETURNING id";
static const char SQL_QA_EDIT[] =
    "UPDATE consultation_qa SET title = ?, question = ?, answer = ?, editor_id = ?, updated_at = ?"
    " WHERE consultation_id = ? AND status = 'draft'";
/* The second person: never who started or last edited the copy. */
static const char SQL_QA_PUBLISH[] =
    "UPDATE consultation_qa SET status = 'published', publisher_id = ?, published_at = ?, updated_at = ?"
    " WHERE consultation_id = ? AND status = 'draft' AND editor_id <> ? AND created_by <> ?";
static const char SQL_QA_WITHDRAW[] =
    "UPDATE consultation_qa SET status = 'draft', publisher_id = NULL, published_at = NULL, updated_at = ?"
    " WHERE consultation_id = ? AND status = 'published'";
static const char SQL_OFFICER_BY_BADGE[] = "SELECT id FROM officers WHERE badge_no = ?";
static const char SQL_USER_BY_LOGIN[] = "SELECT id FROM users WHERE login = ?";
/* The office's officers and auxiliaries (the leaders are told already, see SQL_LEADERS). */
static const char SQL_OFFICE[] =
    "SELECT id FROM users WHERE unit_id = ? AND role IN ('auxiliary', 'officer') ORDER BY id LIMIT ?";

#define QA_COLUMNS                                                                                              \
  "SELECT q.id, q.consultation_id, q.title, q.question, q.answer, q.status, COALESCE(c.mailbox, ''), un.name,"  \
  " q.created_by, q.editor_id, COALESCE(q.publisher_id, 0), ed.name, COALESCE(pu.name, ''), c.created_at,"      \
  " q.created_at, q.updated_at, COALESCE(q.published_at, 0)"                                                    \
  " FROM consultation_qa q JOIN consultations c ON c.id = q.consultation_id JOIN units un ON un.id = c.unit_id" \
  " JOIN users ed ON ed.id = q.editor_id LEFT JOIN users pu ON pu.id = q.publisher_id"

static const char SQL_QA_OF[] = QA_COLUMNS " WHERE q.consultation_id = ?";
static const char SQL_QA_PUBLIC[] = QA_COLUMNS " WHERE q.id = ? AND q.status = 'published'";
static const char SQL_QA_LIST[] = QA_COLUMNS
    " WHERE (? = 0 OR q.status = 'published')"
    " AND (CAST(? AS TEXT) IS NULL OR q.title LIKE CAST(? AS TEXT) ESCAPE '\\'"
    " OR q.question LIKE CAST(? AS TEXT) ESCAPE '\\' OR q.answer LIKE CAST(? AS TEXT) ESCAPE '\\')"
    " AND (CAST(? AS TEXT) IS NULL OR q.status = CAST(? AS TEXT))"
    " AND (CAST(? AS TEXT) IS NULL OR (c.unit_path >= CAST(? AS TEXT) AND c.unit_path < CAST(? AS TEXT))"
    " OR c.assignee_id = ?)"
    " AND (? = 0 OR q.id < ?) ORDER BY q.id DESC LIMIT ?";

static void bind_text_or_null(struct jw_stmt *s, int i, const char *v) {
  if (v)
    jw_bind_text(s, i, v);
  else
    jw_bind_null(s, i);
}

int jw_consult_store_mailbox(struct jw_conn *c, const char *id, struct jw_arena *a, struct jw_mailbox *out,
                             const char **path, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MAILBOX, err);
  if (!s) return -1;
  jw_bind_text(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) return st == JW_STEP_ERROR ? -1 : 0;
  out->id = jw_arena_strdup(a, jw_col_text(s, 0));
  out->office = jw_arena_strdup(a, jw_col_text(s, 1));
  out->unit_id = jw_col_int(s, 2);
  out->unit_name = jw_arena_strdup(a, jw_col_text(s, 3));
  if (path) *path = jw_arena_strdup(a, jw_col_text(s, 4));
  out->officer_id = jw_col_int(s, 5);
  out->officer_name = jw_arena_strdup(a, jw_col_text(s, 6));
  out->officer_title = jw_arena_strdup(a, jw_col_text(s, 7));
  out->published = jw_col_int(s, 8);
  jw_conn_release(c);
  return 1;
}

enum jw_code jw_consult_store_mailbox_insert(struct jw_conn *c, const char *id, int64_t unit_id, int64_t officer_id,
                                             const char *office, long long now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MAILBOX_INSERT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, id);
  jw_bind_int(s, 2, unit_id);
  jw_bind_id(s, 3, officer_id);
  jw_bind_text(s, 4, office);
  jw_bind_int(s, 5, now);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_consult_store_qa_insert(struct jw_conn *c, const struct jw_consult_qa *q, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_QA_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, q->consultation_id);
  jw_bind_text(s, 2, q->title);
  jw_bind_text(s, 3, q->question);
  jw_bind_text(s, 4, q->answer);
  jw_bind_int(s, 5, q->created_by);
  jw_bind_int(s, 6, q->editor_id);
  jw_bind_int(s, 7, q->created_at);
  jw_bind_int(s, 8, q->created_at);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) return jw_fail(err, JW_E_DB, "INSERT consultation_qa returned no id");
  jw_conn_release(c);
  return JW_OK;
}

static void read_qa(struct jw_stmt *s, struct jw_arena *a, struct jw_consult_qa *q) {
  memset(q, 0, sizeof *q);
  q->id = jw_col_int(s, 0);
  q->consultation_id = jw_col_int(s, 1);
  q->title = jw_arena_strdup(a, jw_col_text(s, 2));
  q->question = jw_arena_strdup(a, jw_col_text(s, 3));
  q->answer = jw_arena_strdup(a, jw_col_text(s, 4));
  q->status = jw_arena_strdup(a, jw_col_text(s, 5));
  q->mailbox = jw_arena_strdup(a, jw_col_text(s, 6));
  q->unit_name = jw_arena_strdup(a, jw_col_text(s, 7));
  q->created_by = jw_col_int(s, 8);
  q->editor_id = jw_col_int(s, 9);
  q->publisher_id = jw_col_int(s, 10);
  q->editor_name = jw_arena_strdup(a, jw_col_text(s, 11));
  q->publisher_name = jw_arena_strdup(a, jw_col_text(s, 12));
  q->asked_at = jw_col_int(s, 13);
  q->created_at = jw_col_int(s, 14);
  q->updated_at = jw_col_int(s, 15);
  q->published_at = jw_col_int(s, 16);
}

static int load_one(struct jw_conn *c, const char *sql, int64_t id, struct jw_arena *a, struct jw_consult_qa *out,
                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) return st == JW_STEP_ERROR ? -1 : 0;
  read_qa(s, a, out);
  jw_conn_release(c);
  return 1;
}

int jw_consult_store_qa_of(struct jw_conn *c, int64_t thread_id, struct jw_arena *a, struct jw_consult_qa *out,
                           struct jw_error *err) {
  return load_one(c, SQL_QA_OF, thread_id, a, out, err);
}

int jw_consult_store_qa_public(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_consult_qa *out,
                               struct jw_error *err) {
  return load_one(c, SQL_QA_PUBLIC, id, a, out, err);
}

static int changes_of(struct jw_stmt *s, struct jw_error *err) {
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}

int jw_consult_store_qa_edit(struct jw_conn *c, int64_t thread_id, int64_t editor, const char *title,
                             const char *question, const char *answer, long long now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_QA_EDIT, err);
  if (!s) return -1;
  jw_bind_text(s, 1, title);
  jw_bind_text(s, 2, question);
  jw_bind_text(s, 3, answer);
  jw_bind_int(s, 4, editor);
  jw_bind_int(s, 5, now);
  jw_bind_int(s, 6, thread_id);
  return changes_of(s, err);
}

int jw_consult_store_qa_publish(struct jw_conn *c, int64_t thread_id, int64_t publisher, long long now,
                                struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_QA_PUBLISH, err);
  if (!s) return -1;
  jw_bind_int(s, 1, publisher);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, now);
  jw_bind_int(s, 4, thread_id);
  jw_bind_int(s, 5, publisher);
  jw_bind_int(s, 6, publisher);
  return changes_of(s, err);
}

int jw_consult_store_qa_withdraw(struct jw_conn *c, int64_t thread_id, long long now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_QA_WITHDRAW, err);
  if (!s) return -1;
  jw_bind_int(s, 1, now);
  jw_bind_int(s, 2, thread_id);
  return changes_of(s, err);
}

/* read_qa as jw_db_rows() calls it. */
static void read_qa_row(struct jw_stmt *s, struct jw_arena *a, void *row) { read_qa(s, a, row); }

enum jw_code jw_consult_store_qa_list(struct jw_conn *c, const struct jw_consult_qa_filter *f, struct jw_arena *a,
                                      struct jw_consult_qa **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_QA_LIST, err);
  if (!s) return err->code;
  int i = 1;
  jw_bind_int(s, i++, f->published_only);
  for (int k = 0; k < 4; k++) bind_text_or_null(s, i++, f->like);
  for (int k = 0; k < 2; k++) bind_text_or_null(s, i++, f->status);
  bind_text_or_null(s, i++, f->lo);
  bind_text_or_null(s, i++, f->lo);
  bind_text_or_null(s, i++, f->hi);
  jw_bind_int(s, i++, f->staff_id);
  jw_bind_int(s, i++, f->before);
  jw_bind_int(s, i++, f->before);
  jw_bind_int(s, i++, f->limit + 1);
  void *v;
  if (jw_db_rows(c, s, a, sizeof **out, (size_t)f->limit + 1, read_qa_row, &v, n, err) != JW_OK) return err->code;
  *out = v;
  return JW_OK;
}

static int64_t id_of(struct jw_conn *c, const char *sql, const char *key, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return -1;
  jw_bind_text(s, 1, key);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int64_t id = st == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  jw_conn_release(c);
  return id;
}

int64_t jw_consult_store_officer_by_badge(struct jw_conn *c, const char *badge, struct jw_error *err) {
  return id_of(c, SQL_OFFICER_BY_BADGE, badge, err);
}

int64_t jw_consult_store_user_by_login(struct jw_conn *c, const char *login, struct jw_error *err) {
  return id_of(c, SQL_USER_BY_LOGIN, login, err);
}

int jw_consult_store_office(struct jw_conn *c, int64_t unit_id, int64_t *out, int max, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, unit_id);
  jw_bind_int(s, 2, max);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && n < max) out[n++] = jw_col_int(s, 0);
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return n;
}
