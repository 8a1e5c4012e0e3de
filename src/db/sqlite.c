/*
 * sqlite.c — the SQLite driver (the embedded default).
 *
 * One connection per worker thread, opened in WAL mode so readers never wait
 * for the writer; writers queue on the busy timeout, and transactions start
 * with BEGIN IMMEDIATE so that two writers never deadlock on a lock upgrade.
 */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/mem.h"
#include "db/driver.h"

struct sq_state {
  char *path;
};

struct sq_conn {
  sqlite3 *db;
};

struct sq_stmt {
  sqlite3 *db;
  sqlite3_stmt *st;
  int64_t changes;
};

/* Creates every missing directory above path (like mkdir -p of dirname). */
static int make_parents(const char *path) {
  char *copy = jw_xstrdup(path);
  int rc = 0;
  for (char *p = copy + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(copy, 0750) != 0 && errno != EEXIST) rc = -1;
    *p = '/';
  }
  free(copy);
  return rc;
}

/* Memory statistics take a global mutex on every allocation; worker
 * threads would queue on it. Must run before SQLite initialises. */
static void configure_once(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

static void *sq_open(const char *url, struct jw_error *err) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, configure_once);
  const char *path = url + strlen("sqlite:");
  if (*path == '\0') {
    jw_fail(err, JW_E_BAD_REQUEST, "sqlite: URL needs a file path, e.g. sqlite:./data/jingwu.db");
    return NULL;
  }
  if (strcmp(path, ":memory:") != 0 && make_parents(path) != 0) {
    jw_fail(err, JW_E_DB, "cannot create the directory for %s", path);
    return NULL;
  }
  struct sq_state *st = jw_xcalloc(1, sizeof *st);
  st->path = jw_xstrdup(path);
  return st;
}

static void sq_close(void *state) {
  struct sq_state *st = state;
  if (!st) return;
  free(st->path);
  free(st);
}

/* The columns of "UNIQUE constraint failed: users.login, users.x" (or the
 * NOT NULL form) without their table: "login, x". Empty when there are none. */
static void failed_columns(const char *msg, char *out, size_t cap) {
  const char *p = strstr(msg, "failed: ");
  size_t k = 0;
  out[0] = '\0';
  if (!p) return;
  p += strlen("failed: ");
  while (*p && k + 3 < cap) {
    const char *end = strstr(p, ", ");
    size_t n = end ? (size_t)(end - p) : strlen(p);
    const char *dot = memchr(p, '.', n);
    const char *col = dot ? dot + 1 : p;
    size_t cn = n - (size_t)(col - p);
    if (k) {
      out[k++] = ',';
      out[k++] = ' ';
    }
    if (cn > cap - k - 1) cn = cap - k - 1;
    memcpy(out + k, col, cn);
    k += cn;
    out[k] = '\0';
    if (!end) break;
    p = end + 2;
  }
}

/* Maps an SQLite result code to jingwu's; sql (may be NULL) is the
 * statement that failed. */
static enum jw_code map_error(sqlite3 *db, int rc, const char *sql, struct jw_error *err) {
  int primary = rc & 0xff;
  const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (primary == SQLITE_CONSTRAINT) {
    int ext = db ? sqlite3_extended_errcode(db) : rc;
    char cols[80];
    enum jw_db_violation v = JW_DB_OTHER_CONSTRAINT;
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
      v = JW_DB_UNIQUE;
    else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
      v = JW_DB_FOREIGN_KEY;
    else if (ext == SQLITE_CONSTRAINT_CHECK)
      v = JW_DB_CHECK;
    else if (ext == SQLITE_CONSTRAINT_NOTNULL)
      v = JW_DB_NOT_NULL;
    failed_columns(msg, cols, sizeof cols);
    return jw_db_violation_fail(err, v, (v == JW_DB_UNIQUE || v == JW_DB_NOT_NULL) ? cols : NULL, sql, msg);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return jw_fail(err, JW_E_DB_BUSY, "%s", msg);
  return jw_fail(err, JW_E_DB, "%s", msg);
}

static enum jw_code sq_exec(void *conn, const char *sql, struct jw_error *err) {
  struct sq_conn *c = conn;
  int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? JW_OK : map_error(c->db, rc, sql, err);
}

static void *sq_connect(void *state, struct jw_error *err) {
  struct sq_state *st = state;
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(st->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    jw_fail(err, JW_E_DB, "cannot open %s: %s", st->path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, 5000);
  struct sq_conn *c = jw_xcalloc(1, sizeof *c);
  c->db = db;
  if (sq_exec(c,
              "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
              " PRAGMA temp_store=MEMORY;",
              err) != JW_OK) {
    sqlite3_close(db);
    free(c);
    return NULL;
  }
  return c;
}

static void sq_disconnect(void *conn) {
  struct sq_conn *c = conn;
  if (!c) return;
  sqlite3_close(c->db);
  free(c);
}

static void *sq_prepare(void *conn, const char *sql, struct jw_error *err) {
  struct sq_conn *c = conn;
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
  if (rc != SQLITE_OK) {
    map_error(c->db, rc, sql, err);
    return NULL;
  }
  struct sq_stmt *s = jw_xcalloc(1, sizeof *s);
  s->db = c->db;
  s->st = st;
  return s;
}

static void sq_finalize(void *stmt) {
  struct sq_stmt *s = stmt;
  sqlite3_finalize(s->st);
  free(s);
}

static void sq_reset(void *stmt) {
  struct sq_stmt *s = stmt;
  sqlite3_reset(s->st);
  sqlite3_clear_bindings(s->st);
}

static void sq_bind_int(void *stmt, int idx, int64_t v) { sqlite3_bind_int64(((struct sq_stmt *)stmt)->st, idx, v); }
static void sq_bind_text(void *stmt, int idx, const char *v) {
  sqlite3_bind_text(((struct sq_stmt *)stmt)->st, idx, v, -1, SQLITE_TRANSIENT);
}
static void sq_bind_blob(void *stmt, int idx, const void *v, size_t n) {
  sqlite3_bind_blob64(((struct sq_stmt *)stmt)->st, idx, v, n, SQLITE_TRANSIENT);
}
static void sq_bind_null(void *stmt, int idx) { sqlite3_bind_null(((struct sq_stmt *)stmt)->st, idx); }

static enum jw_step sq_step(void *stmt, struct jw_error *err) {
  struct sq_stmt *s = stmt;
  int rc = sqlite3_step(s->st);
  if (rc == SQLITE_ROW) return JW_STEP_ROW;
  if (rc == SQLITE_DONE) {
    s->changes = sqlite3_changes64(s->db);
    return JW_STEP_DONE;
  }
  map_error(s->db, rc, sqlite3_sql(s->st), err);
  sqlite3_reset(s->st);
  return JW_STEP_ERROR;
}

static int sq_col_is_null(void *stmt, int col) {
  return sqlite3_column_type(((struct sq_stmt *)stmt)->st, col) == SQLITE_NULL;
}
static int64_t sq_col_int(void *stmt, int col) { return sqlite3_column_int64(((struct sq_stmt *)stmt)->st, col); }
static const char *sq_col_text(void *stmt, int col) {
  const unsigned char *t = sqlite3_column_text(((struct sq_stmt *)stmt)->st, col);
  return t ? (const char *)t : "";
}
static const void *sq_col_blob(void *stmt, int col, size_t *n) {
  struct sq_stmt *s = stmt;
  const void *p = sqlite3_column_blob(s->st, col);
  *n = (size_t)sqlite3_column_bytes(s->st, col);
  return p;
}

/* With RETURNING, the change count is only final at SQLITE_DONE; callers
 * that need it step to the end first. */
static int64_t sq_changes(void *stmt) { return ((struct sq_stmt *)stmt)->changes; }

const struct jw_db_driver jw_db_sqlite_driver = {
    .name = "sqlite",
    .kind = JW_DB_SQLITE,
    .begin_sql = "BEGIN IMMEDIATE",
    /* Deferred: the read snapshot is taken at the first read and kept
     * (WAL) until COMMIT, while writers go on. */
    .read_begin_sql = "BEGIN",
    .open = sq_open,
    .close = sq_close,
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .reset = sq_reset,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_is_null = sq_col_is_null,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .changes = sq_changes,
};
