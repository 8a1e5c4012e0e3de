/* store.c — every SQL statement of the consultations. */
#include "consult/store.h"

#include <string.h>

#include "core/mem.h"

static const char SQL_OFFICER[] =
    "SELECT o.unit_id, u.path, COALESCE(o.user_id, 0), o.accepts_appointments, COALESCE(m.id, '')"
    " FROM officers o JOIN units u ON u.id = o.unit_id LEFT JOIN mailboxes m ON m.officer_id = o.id WHERE o.id = ?";
static const char SQL_UNIT[] = "SELECT path FROM units WHERE id = ?";
static const char SQL_OWN_IMAGE[] =
    "SELECT 1 FROM uploads WHERE id = ? AND user_id = ? AND content_type IN ('image/jpeg', 'image/png')";
static const char SQL_STAFF[] =
    "SELECT u.role, n.path FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = ?"
    " AND u.role IN ('auxiliary', 'officer', 'station_chief', 'unit_admin')";
static const char SQL_INSERT[] =
    "INSERT INTO consultations (citizen_id, unit_id, unit_path, officer_id, assignee_id, subject, status, due_at,"
    " created_at, updated_at, mailbox) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?) RETURNING id";
static const char SQL_MESSAGE[] =
    "INSERT INTO consultation_messages (consultation_id, author_id, side, body, created_at) VALUES (?, ?, ?, ?, ?)"
    " RETURNING id";
static const char SQL_ATTACH[] = "INSERT INTO consultation_attachments (message_id, upload_id) VALUES (?, ?)";
static const char SQL_MOVE_STAFF[] =
    "UPDATE consultations SET status = ?, due_at = ?, last_message_id = ?, staff_read = ?, updated_at = ?"
    " WHERE id = ? AND status = ?";
static const char SQL_MOVE_CITIZEN[] =
    "UPDATE consultations SET status = ?, due_at = ?, last_message_id = ?, citizen_read = ?, updated_at = ?"
    " WHERE id = ? AND status = ?";
static const char SQL_READ_STAFF[] =
    "UPDATE consultations SET staff_read = last_message_id WHERE id = ? AND staff_read < last_message_id";
static const char SQL_READ_CITIZEN[] =
    "UPDATE consultations SET citizen_read = last_message_id WHERE id = ? AND citizen_read < last_message_id";
static const char SQL_ASSIGN[] =
    "UPDATE consultations SET assignee_id = ?, updated_at = ? WHERE id = ? AND status <> 'closed'";
static const char SQL_CLOSE[] =
    "UPDATE consultations SET status = 'closed', summary = ?, due_at = NULL, closed_at = ?, updated_at = ?"
    " WHERE id = ? AND status <> 'closed'";
static const char SQL_RATE[] =
    "UPDATE consultations SET rating_grade = ?, rating_comment = ?, rated_at = ?, updated_at = ?"
    " WHERE id = ? AND rating_grade IS NULL AND status IN ('answered', 'closed')";

#define THREAD_COLUMNS                                                                                        \
  "SELECT c.id, c.citizen_id, c.unit_id, c.unit_path, COALESCE(c.officer_id, 0), COALESCE(c.assignee_id, 0)," \
  " c.subject, c.status, COALESCE(c.due_at, 0), c.summary, c.citizen_read, c.staff_read, c.last_message_id,"  \
  " COALESCE(c.rating_grade, 0), COALESCE(c.rating_comment, ''), COALESCE(c.rated_at, 0), c.created_at,"      \
  " c.updated_at, COALESCE(c.closed_at, 0), un.name, COALESCE(o.name, ''), COALESCE(au.name, ''), cu.name,"   \
  " COALESCE(o.user_id, 0), COALESCE(c.mailbox, '')"                                                          \
  " FROM consultations c JOIN units un ON un.id = c.unit_id LEFT JOIN officers o ON o.id = c.officer_id"      \
  " LEFT JOIN users au ON au.id = c.assignee_id JOIN users cu ON cu.id = c.citizen_id"

static const char SQL_LOAD[] = THREAD_COLUMNS " WHERE c.id = ?";
static const char SQL_LIST[] = THREAD_COLUMNS
    " WHERE ((? > 0 AND c.citizen_id = ?)"
    " OR (? = 0 AND ((c.unit_path >= ? AND c.unit_path < ?) OR c.assignee_id = ?)))"
    " AND (? = 0 OR c.status <> 'closed') AND (? = 0 OR c.status = 'closed')"
    " AND (? = 0 OR c.assignee_id IS NULL) AND (? = 0 OR c.assignee_id = ?)"
    " AND (? = 0 OR (c.status = 'waiting' AND c.due_at < ?)) AND (? = 0 OR c.id < ?)"
    " AND (? = 0 OR c.mailbox IS NOT NULL)"
    " ORDER BY c.id DESC LIMIT ?";
static const char SQL_MESSAGES[] =
    "SELECT m.id, m.side, u.name, m.body, m.created_at FROM consultation_messages m JOIN users u ON u.id = m.author_id"
    " WHERE m.consultation_id = ? ORDER BY m.id";
static const char SQL_IMAGE[] =
    "SELECT u.sha256, u.content_type, u.size FROM consultation_attachments a"
    " JOIN consultation_messages m ON m.id = a.message_id JOIN uploads u ON u.id = a.upload_id"
    " WHERE m.consultation_id = ? AND a.upload_id = ?";
static const char SQL_COUNT_OF[] = "SELECT COUNT(*) FROM consultations WHERE citizen_id = ?";
static const char SQL_DEMO_OFFICER[] =
    "SELECT o.id, o.unit_id, u.path, COALESCE(o.user_id, 0) FROM officers o JOIN units u ON u.id = o.unit_id"
    " WHERE o.unit_id = ? AND o.accepts_appointments = 1 ORDER BY o.rank, o.id LIMIT 1";
/* Who leads the units above (and at) a path: they see its unassigned threads. */
static const char SQL_LEADERS[] =
    "SELECT u.id FROM users u JOIN units n ON n.id = u.unit_id WHERE u.role IN ('station_chief', 'unit_admin')"
    " AND substr(?, 1, length(n.path)) = n.path ORDER BY u.id LIMIT ?";
static const char SQL_ATTACHMENTS[] =
    "SELECT a.message_id, a.upload_id FROM consultation_attachments a JOIN consultation_messages m"
    " ON m.id = a.message_id WHERE m.consultation_id = ? ORDER BY a.message_id, a.upload_id";

int jw_consult_store_officer(struct jw_conn *c, int64_t id, struct jw_arena *a, int64_t *unit_id, const char **path,
                             int64_t *user_id, int *accepts, const char **mailbox, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OFFICER, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) return st == JW_STEP_ERROR ? -1 : 0;
  *unit_id = jw_col_int(s, 0);
  *path = jw_arena_strdup(a, jw_col_text(s, 1));
  *user_id = jw_col_int(s, 2);
  *accepts = (int)jw_col_int(s, 3);
  *mailbox = jw_arena_strdup(a, jw_col_text(s, 4));
  return 1;
}

int jw_consult_store_unit(struct jw_conn *c, int64_t id, struct jw_arena *a, const char **path, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNIT, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) return st == JW_STEP_ERROR ? -1 : 0;
  *path = jw_arena_strdup(a, jw_col_text(s, 0));
  return 1;
}

int jw_consult_store_own_image(struct jw_conn *c, int64_t id, int64_t user_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_OWN_IMAGE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, user_id);
  enum jw_step st = jw_step(s, err);
  return st == JW_STEP_ERROR ? -1 : st == JW_STEP_ROW;
}

int jw_consult_store_staff(struct jw_conn *c, int64_t user_id, struct jw_arena *a, int *role, const char **path,
                           struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_STAFF, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) return st == JW_STEP_ERROR ? -1 : 0;
  *role = jw_role_parse(jw_col_text(s, 0));
  *path = jw_arena_strdup(a, jw_col_text(s, 1));
  return 1;
}

enum jw_code jw_consult_store_insert(struct jw_conn *c, const struct jw_consultation *t, int64_t *id,
                                     struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, t->citizen_id);
  jw_bind_int(s, 2, t->unit_id);
  jw_bind_text(s, 3, t->unit_path);
  jw_bind_id(s, 4, t->officer_id);
  jw_bind_id(s, 5, t->assignee_id);
  jw_bind_text(s, 6, t->subject);
  jw_bind_int(s, 7, t->due_at);
  jw_bind_int(s, 8, t->created_at);
  jw_bind_int(s, 9, t->created_at);
  if (t->mailbox && *t->mailbox)
    jw_bind_text(s, 10, t->mailbox);
  else
    jw_bind_null(s, 10);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) return jw_fail(err, JW_E_DB, "INSERT consultation returned no id");
  *id = jw_col_int(s, 0);
  return JW_OK;
}

enum jw_code jw_consult_store_message(struct jw_conn *c, int64_t cid, int64_t author, const char *side,
                                      const char *body, long long now, const int64_t *uploads, int nuploads,
                                      int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MESSAGE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, cid);
  jw_bind_int(s, 2, author);
  jw_bind_text(s, 3, side);
  jw_bind_text(s, 4, body);
  jw_bind_int(s, 5, now);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) return jw_fail(err, JW_E_DB, "INSERT message returned no id");
  *id = jw_col_int(s, 0);
  jw_conn_release(c);
  for (int i = 0; i < nuploads; i++) {
    if (!(s = jw_prepare(c, SQL_ATTACH, err))) return err->code;
    jw_bind_int(s, 1, *id);
    jw_bind_int(s, 2, uploads[i]);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  }
  return JW_OK;
}

static int changes_of(struct jw_stmt *s, struct jw_error *err) {
  if (jw_step(s, err) == JW_STEP_ERROR) return -1;
  return (int)jw_changes(s);
}

int jw_consult_store_move(struct jw_conn *c, int64_t id, const char *from, const char *to, int64_t due_at,
                          int64_t last_msg, int staff_side, long long now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, staff_side ? SQL_MOVE_STAFF : SQL_MOVE_CITIZEN, err);
  if (!s) return -1;
  jw_bind_text(s, 1, to);
  jw_bind_id(s, 2, due_at);
  jw_bind_int(s, 3, last_msg);
  jw_bind_int(s, 4, last_msg);
  jw_bind_int(s, 5, now);
  jw_bind_int(s, 6, id);
  jw_bind_text(s, 7, from);
  return changes_of(s, err);
}

int jw_consult_store_mark_read(struct jw_conn *c, int64_t id, int staff_side, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, staff_side ? SQL_READ_STAFF : SQL_READ_CITIZEN, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  return changes_of(s, err);
}

int jw_consult_store_assign(struct jw_conn *c, int64_t id, int64_t user_id, long long now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ASSIGN, err);
  if (!s) return -1;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, id);
  return changes_of(s, err);
}

int jw_consult_store_close(struct jw_conn *c, int64_t id, const char *summary, long long now, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CLOSE, err);
  if (!s) return -1;
  jw_bind_text(s, 1, summary);
  jw_bind_int(s, 2, now);
  jw_bind_int(s, 3, now);
  jw_bind_int(s, 4, id);
  return changes_of(s, err);
}

int jw_consult_store_rate(struct jw_conn *c, int64_t id, int grade, const char *comment, long long now,
                          struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_RATE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, grade);
  jw_bind_text(s, 2, comment);
  jw_bind_int(s, 3, now);
  jw_bind_int(s, 4, now);
  jw_bind_int(s, 5, id);
  return changes_of(s, err);
}

static void read_thread(struct jw_stmt *s, struct jw_arena *a, struct jw_consultation *t) {
  t->id = jw_col_int(s, 0);
  t->citizen_id = jw_col_int(s, 1);
  t->unit_id = jw_col_int(s, 2);
  t->unit_path = jw_arena_strdup(a, jw_col_text(s, 3));
  t->officer_id = jw_col_int(s, 4);
  t->assignee_id = jw_col_int(s, 5);
  t->subject = jw_arena_strdup(a, jw_col_text(s, 6));
  t->status = jw_arena_strdup(a, jw_col_text(s, 7));
  t->due_at = jw_col_int(s, 8);
  t->summary = jw_arena_strdup(a, jw_col_text(s, 9));
  t->citizen_read = jw_col_int(s, 10);
  t->staff_read = jw_col_int(s, 11);
  t->last_message_id = jw_col_int(s, 12);
  t->rating_grade = (int)jw_col_int(s, 13);
  t->rating_comment = jw_arena_strdup(a, jw_col_text(s, 14));
  t->rated_at = jw_col_int(s, 15);
  t->created_at = jw_col_int(s, 16);
  t->updated_at = jw_col_int(s, 17);
  t->closed_at = jw_col_int(s, 18);
  t->unit_name = jw_arena_strdup(a, jw_col_text(s, 19));
  t->officer_name = jw_arena_strdup(a, jw_col_text(s, 20));
  t->assignee_name = jw_arena_strdup(a, jw_col_text(s, 21));
  t->citizen_name = jw_arena_strdup(a, jw_col_text(s, 22));
  t->officer_user_id = jw_col_int(s, 23);
  t->mailbox = jw_arena_strdup(a, jw_col_text(s, 24));
}

int jw_consult_store_load(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_consultation *out,
                          struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LOAD, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) return st == JW_STEP_ERROR ? -1 : 0;
  read_thread(s, a, out);
  jw_conn_release(c);
  return 1;
}

/* read_thread as jw_db_rows() calls it. */
static void read_thread_row(struct jw_stmt *s, struct jw_arena *a, void *row) { read_thread(s, a, row); }

enum jw_code jw_consult_store_list(struct jw_conn *c, const struct jw_consult_filter *f, struct jw_arena *a,
                                   struct jw_consultation **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LIST, err);
  if (!s) return err->code;
  int i = 1;
  jw_bind_int(s, i++, f->citizen_id);
  jw_bind_int(s, i++, f->citizen_id);
  jw_bind_int(s, i++, f->citizen_id);
  jw_bind_text(s, i++, f->lo ? f->lo : "");
  jw_bind_text(s, i++, f->hi ? f->hi : "");
  jw_bind_int(s, i++, f->staff_id);
  jw_bind_int(s, i++, f->open);
  jw_bind_int(s, i++, f->closed);
  jw_bind_int(s, i++, f->unassigned);
  jw_bind_int(s, i++, f->assignee);
  jw_bind_int(s, i++, f->assignee);
  jw_bind_int(s, i++, f->overdue_before ? 1 : 0);
  jw_bind_int(s, i++, f->overdue_before);
  jw_bind_int(s, i++, f->before);
  jw_bind_int(s, i++, f->before);
  jw_bind_int(s, i++, f->mailbox);
  jw_bind_int(s, i++, f->limit + 1);
  void *v;
  if (jw_db_rows(c, s, a, sizeof **out, (size_t)f->limit + 1, read_thread_row, &v, n, err) != JW_OK) return err->code;
  *out = v;
  return JW_OK;
}

enum jw_code jw_consult_store_messages(struct jw_conn *c, int64_t id, struct jw_arena *a,
                                       struct jw_consult_message **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MESSAGES, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  size_t cap = 16, k = 0;
  struct jw_consult_message *v = jw_arena_alloc(a, sizeof *v * cap);
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (k == cap) {
      struct jw_consult_message *w = jw_arena_alloc(a, sizeof *w * cap * 2);
      memcpy(w, v, sizeof *v * cap);
      v = w;
      cap *= 2;
    }
    memset(&v[k], 0, sizeof v[k]);
    v[k].id = jw_col_int(s, 0);
    v[k].side = jw_arena_strdup(a, jw_col_text(s, 1));
    v[k].author_name = jw_arena_strdup(a, jw_col_text(s, 2));
    v[k].body = jw_arena_strdup(a, jw_col_text(s, 3));
    v[k].created_at = jw_col_int(s, 4);
    k++;
  }
  if (st == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_ATTACHMENTS, err))) return err->code;
  jw_bind_int(s, 1, id);
  size_t j = 0;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    int64_t mid = jw_col_int(s, 0);
    while (j < k && v[j].id < mid) j++;
    if (j < k && v[j].id == mid && v[j].nuploads < JW_CONSULT_UPLOADS_MAX)
      v[j].uploads[v[j].nuploads++] = jw_col_int(s, 1);
  }
  if (st == JW_STEP_ERROR) return err->code;
  *out = v;
  *n = k;
  return JW_OK;
}

int jw_consult_store_image(struct jw_conn *c, int64_t id, int64_t upload_id, struct jw_arena *a, const char **sha256,
                           const char **type, int64_t *size, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_IMAGE, err);
  if (!s) return -1;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, upload_id);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) return st == JW_STEP_ERROR ? -1 : 0;
  *sha256 = jw_arena_strdup(a, jw_col_text(s, 0));
  *type = jw_arena_strdup(a, jw_col_text(s, 1));
  *size = jw_col_int(s, 2);
  return 1;
}

int64_t jw_consult_store_count_of(struct jw_conn *c, int64_t citizen, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_COUNT_OF, err);
  if (!s) return -1;
  jw_bind_int(s, 1, citizen);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return -1;
  int64_t n = st == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  jw_conn_release(c);
  return n;
}

int jw_consult_store_demo_officer(struct jw_conn *c, int64_t unit, struct jw_arena *a, int64_t *officer,
                                  int64_t *unit_id, const char **path, int64_t *user_id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_DEMO_OFFICER, err);
  if (!s) return -1;
  jw_bind_int(s, 1, unit);
  enum jw_step st = jw_step(s, err);
  if (st != JW_STEP_ROW) return st == JW_STEP_ERROR ? -1 : 0;
  *officer = jw_col_int(s, 0);
  *unit_id = jw_col_int(s, 1);
  *path = jw_arena_strdup(a, jw_col_text(s, 2));
  *user_id = jw_col_int(s, 3);
  jw_conn_release(c);
  return 1;
}

int jw_consult_store_leaders(struct jw_conn *c, const char *path, int64_t *out, int max, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LEADERS, err);
  if (!s) return -1;
  jw_bind_text(s, 1, path);
  jw_bind_int(s, 2, max);
  int n = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW && n < max) out[n++] = jw_col_int(s, 0);
  if (st == JW_STEP_ERROR) return -1;
  jw_conn_release(c);
  return n;
}
