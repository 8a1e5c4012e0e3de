/*
 * db.c — the generic half of the database API: choosing a driver from the
 * URL, one connection per thread, the per-connection statement cache, the
 * transaction runner and the migrations. Everything that touches SQLite or
 * libpq is in the drivers (sqlite.c, postgres.c) behind driver.h.
 */
#include "db/db.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/log.h"
#include "core/mem.h"
#include "db/driver.h"
#include "db/migrations.h"

struct jw_db {
  const struct jw_db_driver *drv;
  void *state;           /* the driver's */
  unsigned long gen;     /* tells this db apart from a later one at the same address */
  pthread_mutex_t mu;    /* guards conns */
  struct jw_conn *conns; /* every connection handed out, closed by jw_db_close() */
};

struct cache_slot {
  const char *sql; /* key: the address of the SQL text */
  struct jw_stmt *stmt;
};

struct jw_conn {
  struct jw_db *db;
  void *impl;               /* the driver's connection */
  struct cache_slot *slots; /* open addressing, power-of-two capacity */
  size_t nslots, used;
  struct jw_stmt *dirty; /* statements stepped since their last reset */
  struct jw_conn *next;
};

struct jw_stmt {
  struct jw_conn *conn;
  void *impl;
  int dirty;
  struct jw_stmt *next_dirty;
};

static atomic_ulong next_gen = 1;

/* Each thread remembers its connection for a few databases at once (the
 * server has one; tests open several in turn). */
#define TLS_SLOTS 4
static _Thread_local struct {
  struct jw_db *db;
  unsigned long gen;
  struct jw_conn *conn;
} tls[TLS_SLOTS];

enum jw_code jw_db_open(const char *url, struct jw_db **out, struct jw_error *err) {
  const struct jw_db_driver *drv = NULL;
  if (strncmp(url, "sqlite:", 7) == 0) {
    drv = &jw_db_sqlite_driver;
  } else if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0 ||
             strchr(url, '=') != NULL) {
    drv = &jw_db_postgres_driver;
  } else {
    return jw_fail(err, JW_E_BAD_REQUEST, "database URL must start with sqlite: or postgres:// (got \"%.40s\")", url);
  }
  void *state = drv->open(url, err);
  if (!state) return err ? err->code : JW_E_DB;
  struct jw_db *db = jw_xcalloc(1, sizeof *db);
  db->drv = drv;
  db->state = state;
  db->gen = atomic_fetch_add(&next_gen, 1);
  pthread_mutex_init(&db->mu, NULL);
  *out = db;
  return JW_OK;
}

static void stmt_free(struct jw_stmt *s) {
  s->conn->db->drv->finalize(s->impl);
  free(s);
}

static void conn_free(struct jw_conn *c) {
  for (size_t i = 0; i < c->nslots; i++)
    if (c->slots[i].stmt) stmt_free(c->slots[i].stmt);
  free(c->slots);
  c->db->drv->disconnect(c->impl);
  free(c);
}

void jw_db_close(struct jw_db *db) {
  if (!db) return;
  struct jw_conn *c = db->conns;
  while (c) {
    struct jw_conn *next = c->next;
    conn_free(c);
    c = next;
  }
  db->drv->close(db->state);
  pthread_mutex_destroy(&db->mu);
  free(db);
}

enum jw_db_kind jw_db_kind(const struct jw_db *db) { return db->drv->kind; }

struct jw_db_listener {
  const struct jw_db_driver *drv;
  void *handle;
};

enum jw_code jw_db_listen(struct jw_db *db, const char *channel, jw_db_notify_fn fn, void *ctx,
                          struct jw_db_listener **out, struct jw_error *err) {
  if (!db->drv->listen) return jw_fail(err, JW_E_NOT_FOUND, "%s has no notifications", db->drv->name);
  void *h = db->drv->listen(db->state, channel, fn, ctx, err);
  if (!h) return err->code ? err->code : JW_E_DB;
  struct jw_db_listener *l = jw_xcalloc(1, sizeof *l);
  l->drv = db->drv;
  l->handle = h;
  *out = l;
  return JW_OK;
}

void jw_db_unlisten(struct jw_db_listener *l) {
  if (!l) return;
  l->drv->unlisten(l->handle);
  free(l);
}

int jw_db_connections(struct jw_db *db) {
  int n = 0;
  pthread_mutex_lock(&db->mu);
  for (struct jw_conn *c = db->conns; c; c = c->next) n++;
  pthread_mutex_unlock(&db->mu);
  return n;
}

struct jw_conn *jw_db_conn(struct jw_db *db, struct jw_error *err) {
  int free_slot = -1;
  for (int i = 0; i < TLS_SLOTS; i++) {
    if (tls[i].db == db && tls[i].gen == db->gen) return tls[i].conn;
    if (free_slot < 0 && (tls[i].db == NULL || tls[i].gen != db->gen)) free_slot = i;
  }
  void *impl = db->drv->connect(db->state, err);
  if (!impl) return NULL;
  struct jw_conn *c = jw_xcalloc(1, sizeof *c);
  c->db = db;
  c->impl = impl;
  pthread_mutex_lock(&db->mu);
  c->next = db->conns;
  db->conns = c;
  pthread_mutex_unlock(&db->mu);
  if (free_slot < 0) free_slot = 0; /* more databases than slots: forget the oldest */
  tls[free_slot].db = db;
  tls[free_slot].gen = db->gen;
  tls[free_slot].conn = c;
  return c;
}

static size_t ptr_hash(const void *p) {
  uintptr_t x = (uintptr_t)p;
  x ^= x >> 17;
  x *= 0x9E3779B97F4A7C15ull;
  return (size_t)(x >> 20);
}

static void cache_grow(struct jw_conn *c) {
  size_t n = c->nslots ? c->nslots * 2 : 64;
  struct cache_slot *slots = jw_xcalloc(n, sizeof *slots);
  for (size_t i = 0; i < c->nslots; i++) {
    if (!c->slots[i].sql) continue;
    size_t j = ptr_hash(c->slots[i].sql) & (n - 1);
    while (slots[j].sql) j = (j + 1) & (n - 1);
    slots[j] = c->slots[i];
  }
  free(c->slots);
  c->slots = slots;
  c->nslots = n;
}

static void stmt_reset(struct jw_stmt *s) {
  s->conn->db->drv->reset(s->impl);
  s->dirty = 0;
}

struct jw_stmt *jw_prepare(struct jw_conn *c, const char *sql, struct jw_error *err) {
  if (c->used * 2 >= c->nslots) cache_grow(c);
  size_t mask = c->nslots - 1;
  size_t i = ptr_hash(sql) & mask;
  while (c->slots[i].sql && c->slots[i].sql != sql) i = (i + 1) & mask;
  struct jw_stmt *s = c->slots[i].stmt;
  if (s) {
    /* The dirty flag stays: the statement is still on the dirty list,
     * which jw_conn_release() walks. */
    c->db->drv->reset(s->impl);
    return s;
  }
  void *impl = c->db->drv->prepare(c->impl, sql, err);
  if (!impl) {
    jw_error("db: prepare failed: %s", err ? err->detail : "");
    return NULL;
  }
  s = jw_xcalloc(1, sizeof *s);
  s->conn = c;
  s->impl = impl;
  c->slots[i].sql = sql;
  c->slots[i].stmt = s;
  c->used++;
  return s;
}

void jw_bind_int(struct jw_stmt *s, int idx, int64_t v) { s->conn->db->drv->bind_int(s->impl, idx, v); }
void jw_bind_text(struct jw_stmt *s, int idx, const char *v) {
  if (v)
    s->conn->db->drv->bind_text(s->impl, idx, v);
  else
    s->conn->db->drv->bind_null(s->impl, idx);
}
void jw_bind_blob(struct jw_stmt *s, int idx, const void *v, size_t n) {
  s->conn->db->drv->bind_blob(s->impl, idx, v, n);
}
void jw_bind_null(struct jw_stmt *s, int idx) { s->conn->db->drv->bind_null(s->impl, idx); }

void jw_bind_id(struct jw_stmt *s, int idx, int64_t id) {
  if (id)
    jw_bind_int(s, idx, id);
  else
    jw_bind_null(s, idx);
}

enum jw_step jw_step(struct jw_stmt *s, struct jw_error *err) {
  if (!s->dirty) {
    s->dirty = 1;
    s->next_dirty = s->conn->dirty;
    s->conn->dirty = s;
  }
  return s->conn->db->drv->step(s->impl, err);
}

int jw_col_is_null(struct jw_stmt *s, int col) { return s->conn->db->drv->col_is_null(s->impl, col); }
int64_t jw_col_int(struct jw_stmt *s, int col) { return s->conn->db->drv->col_int(s->impl, col); }
const char *jw_col_text(struct jw_stmt *s, int col) { return s->conn->db->drv->col_text(s->impl, col); }
const void *jw_col_blob(struct jw_stmt *s, int col, size_t *n) { return s->conn->db->drv->col_blob(s->impl, col, n); }
int64_t jw_changes(struct jw_stmt *s) { return s->conn->db->drv->changes(s->impl); }

void jw_conn_release(struct jw_conn *c) {
  struct jw_stmt *s = c->dirty;
  while (s) {
    struct jw_stmt *next = s->next_dirty;
    if (s->dirty) stmt_reset(s);
    s->next_dirty = NULL;
    s = next;
  }
  c->dirty = NULL;
}

enum jw_code jw_exec(struct jw_conn *c, const char *sql, struct jw_error *err) {
  return c->db->drv->exec(c->impl, sql, err);
}

static const char SQL_PING[] = "SELECT 1";

int jw_db_ping(struct jw_conn *c) {
  struct jw_error err = {0};
  struct jw_stmt *s = jw_prepare(c, SQL_PING, &err);
  int ok = s && jw_step(s, &err) == JW_STEP_ROW && jw_col_int(s, 0) == 1;
  if (s) c->db->drv->reset(s->impl);
  return ok;
}

static void backoff(int attempt) {
  /* 2, 4, 8 … ms with jitter, so that colliding writers spread out. */
  long ms = (1L << (attempt < 6 ? attempt + 1 : 7)) + (rand() % 5);
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

#define TX_ATTEMPTS 10

/* BEGIN with begin_sql, fn, COMMIT; ROLLBACK otherwise; retried on busy. */
static enum jw_code run_tx(struct jw_conn *c, const char *begin_sql, jw_tx_fn fn, void *arg, struct jw_error *err) {
  struct jw_error local;
  if (!err) err = &local;
  enum jw_code rc = JW_E_DB_BUSY;
  for (int attempt = 0; attempt < TX_ATTEMPTS; attempt++) {
    if (attempt > 0) {
      backoff(attempt);
      jw_error_clear(err);
    }
    rc = jw_exec(c, begin_sql, err);
    if (rc == JW_OK) {
      rc = fn(c, arg, err);
      jw_conn_release(c); /* finish every statement before COMMIT */
      if (rc == JW_OK) {
        rc = jw_exec(c, "COMMIT", err);
        if (rc == JW_OK) return JW_OK;
      }
      struct jw_error ignored = {0};
      jw_exec(c, "ROLLBACK", &ignored);
    }
    if (rc != JW_E_DB_BUSY) return rc;
  }
  jw_warn("db: transaction gave up after %d busy attempts", TX_ATTEMPTS);
  return jw_fail(err, JW_E_DB_BUSY, "The database is busy; please try again.");
}

enum jw_code jw_tx(struct jw_conn *c, jw_tx_fn fn, void *arg, struct jw_error *err) {
  return run_tx(c, c->db->drv->begin_sql, fn, arg, err);
}

enum jw_code jw_tx_read(struct jw_conn *c, jw_tx_fn fn, void *arg, struct jw_error *err) {
  return run_tx(c, c->db->drv->read_begin_sql, fn, arg, err);
}

/* The column list in words: "plate_type" -> "plate type"; only letters,
 * digits, blanks and commas survive. */
static void column_words(char *out, size_t cap, const char *columns) {
  size_t k = 0;
  for (const char *p = columns; *p && k + 1 < cap; p++) {
    unsigned char ch = (unsigned char)*p;
    if (ch == '_')
      out[k++] = ' ';
    else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == ' ' || ch == ',')
      out[k++] = (char)ch;
  }
  while (k > 0 && (out[k - 1] == ' ' || out[k - 1] == ',')) k--;
  out[k] = '\0';
}

/* 1 when sql's first keyword is DELETE. */
static int is_delete(const char *sql) {
  if (!sql) return 0;
  while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r') sql++;
  return strncasecmp(sql, "DELETE", 6) == 0;
}

enum jw_code jw_db_violation_fail(struct jw_error *err, enum jw_db_violation v, const char *columns, const char *sql,
                                  const char *raw) {
  char words[80] = "";
  if (columns) column_words(words, sizeof words, columns);
  jw_info("db: constraint violation: %s", raw ? raw : "(no message)");
  switch (v) {
  case JW_DB_UNIQUE:
    if (words[0]) return jw_fail(err, JW_E_CONFLICT, "A record with the same %s already exists.", words);
    return jw_fail(err, JW_E_CONFLICT, "A record with the same values already exists.");
  case JW_DB_FOREIGN_KEY:
    if (is_delete(sql))
      return jw_fail(err, JW_E_IN_USE, "It is still in use by other records; remove or move those first.");
    return jw_fail(err, JW_E_BAD_REFERENCE, "It refers to a record that does not exist.");
  case JW_DB_NOT_NULL:
    if (words[0]) return jw_fail(err, JW_E_NOT_ALLOWED, "A required value is missing (%s).", words);
    return jw_fail(err, JW_E_NOT_ALLOWED, "A required value is missing.");
  case JW_DB_CHECK:
    return jw_fail(err, JW_E_NOT_ALLOWED, "A value is outside what is allowed.");
  case JW_DB_OTHER_CONSTRAINT:
    break;
  }
  return jw_fail(err, JW_E_CONFLICT, "The change conflicts with the stored data.");
}

/* "%q%" with LIKE's wildcards escaped (ESCAPE '\'); "%" when q is empty. */
char *jw_db_like(struct jw_arena *a, const char *q) {
  size_t n = q ? strlen(q) : 0;
  char *p = jw_arena_alloc(a, 2 * n + 3);
  size_t k = 0;
  p[k++] = '%';
  for (size_t i = 0; i < n; i++) {
    if (q[i] == '%' || q[i] == '_' || q[i] == '\\') p[k++] = '\\';
    p[k++] = q[i];
  }
  if (n) p[k++] = '%';
  p[k] = '\0';
  return p;
}

char *jw_db_prefix_end(struct jw_arena *a, const char *prefix) {
  char *end = jw_arena_strdup(a, prefix);
  size_t n = strlen(end);
  if (n > 0) end[n - 1] = (char)((unsigned char)end[n - 1] + 1);
  return end;
}

enum jw_code jw_db_rows(struct jw_conn *c, struct jw_stmt *s, struct jw_arena *a, size_t size, size_t max,
                        jw_db_row_fn read, void **out, size_t *n, struct jw_error *err) {
  if (size && max > SIZE_MAX / size) abort(); /* a size that would wrap, as mem.c does */
  size_t cap = max, len = 0;
  char *rows = max ? jw_arena_alloc(a, size * max) : NULL;
  enum jw_step st = JW_STEP_DONE;
  while ((!max || len < max) && (st = jw_step(s, err)) == JW_STEP_ROW) {
    if (!max) rows = jw_arena_grow(a, rows, len, &cap, size);
    read(s, a, rows + len * size);
    len++;
  }
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  *out = rows;
  *n = len;
  return JW_OK;
}

/* ---- migrations ---- */

/*
 * A migration file is portable SQL with two kinds of dialect marks:
 *   - the tokens @ID@ (an auto-generated 64-bit primary key) and @BLOB@;
 *   - a line "-- @sqlite" or "-- @postgres" opens a block kept only for that
 *     database, "-- @end" closes it;
 *   - a line "-- @foreign-keys-off" anywhere: on SQLite the migration runs
 *     with foreign keys off and is checked with PRAGMA foreign_key_check
 *     before it commits (SQLite's way to rebuild a table other tables refer
 *     to, e.g. to change a CHECK constraint); ignored on PostgreSQL.
 * Returns the SQL for this driver; caller frees.
 */
static char *migration_sql(const char *src, enum jw_db_kind kind) {
  static const struct {
    const char *token;
    const char *sqlite;
    const char *postgres;
  } tokens[] = {
      {"@ID@", "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
      {"@BLOB@", "BLOB", "BYTEA"},
  };
  size_t cap = strlen(src) * 2 + 1, len = 0;
  char *out = jw_xmalloc(cap);
  int skip = 0;
  const char *p = src;
  while (*p) {
    const char *eol = strchr(p, '\n');
    size_t n = eol ? (size_t)(eol - p) + 1 : strlen(p);
    if (strncmp(p, "-- @sqlite", 10) == 0) {
      skip = kind != JW_DB_SQLITE;
    } else if (strncmp(p, "-- @postgres", 12) == 0) {
      skip = kind != JW_DB_POSTGRES;
    } else if (strncmp(p, "-- @end", 7) == 0) {
      skip = 0;
    } else if (!skip) {
      for (size_t i = 0; i < n;) {
        size_t t;
        for (t = 0; t < sizeof tokens / sizeof tokens[0]; t++) {
          size_t tl = strlen(tokens[t].token);
          if (i + tl <= n && memcmp(p + i, tokens[t].token, tl) == 0) break;
        }
        const char *rep = NULL;
        size_t adv = 1;
        if (t < sizeof tokens / sizeof tokens[0]) {
          rep = kind == JW_DB_SQLITE ? tokens[t].sqlite : tokens[t].postgres;
          adv = strlen(tokens[t].token);
        }
        size_t rl = rep ? strlen(rep) : 1;
        if (len + rl + 1 > cap) {
          cap = (len + rl + 1) * 2;
          out = jw_xrealloc(out, cap);
        }
        if (rep)
          memcpy(out + len, rep, rl);
        else
          out[len] = p[i];
        len += rl;
        i += adv;
      }
    }
    p += n;
  }
  out[len] = '\0';
  return out;
}

struct migrate_step {
  const struct jw_migration *m;
  int applied;
  int fk_off; /* SQLite: foreign keys are off for this migration (see migration_sql) */
};

static const char SQL_MIG_SEEN[] = "SELECT 1 FROM schema_migrations WHERE name = ?";
static const char SQL_MIG_RECORD[] = "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)";

static enum jw_code migrate_one(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct migrate_step *st = arg;
  st->applied = 0;
  struct jw_stmt *s = jw_prepare(c, SQL_MIG_SEEN, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, st->m->name);
  enum jw_step r = jw_step(s, err);
  if (r == JW_STEP_ERROR) return err->code;
  if (r == JW_STEP_ROW) return JW_OK;
  char *sql = migration_sql(st->m->sql, jw_db_kind(c->db));
  enum jw_code rc = jw_exec(c, sql, err);
  free(sql);
  if (rc != JW_OK) return rc;
  if (st->fk_off) {
    /* Every reference must still hold once the rebuilt tables are in place. */
    s = jw_prepare(c, "PRAGMA foreign_key_check", err);
    if (!s) return err->code;
    r = jw_step(s, err);
    if (r == JW_STEP_ERROR) return err->code;
    if (r == JW_STEP_ROW)
      return jw_fail(err, JW_E_DB, "migration %s leaves a broken reference in table %s", st->m->name,
                     jw_col_text(s, 0));
    jw_conn_release(c);
  }
  s = jw_prepare(c, SQL_MIG_RECORD, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, st->m->name);
  jw_bind_int(s, 2, (int64_t)time(NULL));
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  st->applied = 1;
  return JW_OK;
}

enum jw_code jw_db_migrate(struct jw_db *db, int *applied, struct jw_error *err) {
  if (applied) *applied = 0;
  struct jw_conn *c = jw_db_conn(db, err);
  if (!c) return err->code;
  enum jw_code rc = jw_exec(c,
                            "CREATE TABLE IF NOT EXISTS schema_migrations ("
                            " name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
                            err);
  if (rc != JW_OK) return rc;
  for (size_t i = 0; i < jw_migrations_count; i++) {
    struct migrate_step st = {&jw_migrations[i], 0, 0};
    st.fk_off = jw_db_kind(db) == JW_DB_SQLITE && strstr(st.m->sql, "\n-- @foreign-keys-off\n") != NULL;
    /* PRAGMA foreign_keys is a no-op inside a transaction: set it around it. */
    if (st.fk_off && (rc = jw_exec(c, "PRAGMA foreign_keys=OFF", err)) != JW_OK) return rc;
    rc = jw_tx(c, migrate_one, &st, err);
    if (st.fk_off) {
      struct jw_error ignored = {0};
      if (jw_exec(c, "PRAGMA foreign_keys=ON", &ignored) != JW_OK)
        jw_error("db: foreign keys could not be turned back on");
    }
    if (rc != JW_OK) {
      jw_error("db: migration %s failed: %s", st.m->name, err->detail);
      return rc;
    }
    if (st.applied) {
      jw_info("db: applied migration %s", st.m->name);
      if (applied) (*applied)++;
    }
  }
  return JW_OK;
}
