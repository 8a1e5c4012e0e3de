/*
 * postgres.c — the PostgreSQL driver behind db.c (libpq only).
 *
 * One struct pg_conn per PGconn (one thread at a time, see db.h). Portable
 * SQL is rewritten from `?` to `$n` and prepared server-side under a name
 * unique to the connection (s1, s2, …); parameter types are left to the
 * server to infer. Values go out as text (ints as decimal), blobs in binary
 * format; results come back in text format and are decoded on access.
 *
 * Lost connections: when a call finds the connection gone, it returns an
 * error and marks the connection bad, and the next call into the driver
 * tries PQreset() once. Statements prepared before the
 * reset are prepared again transparently on their next step (a generation
 * counter tells), so a cached struct jw_stmt stays usable. If a transaction
 * was open when the connection dropped, every statement fails until the
 * caller ends that transaction (ROLLBACK, or COMMIT, which then fails), so
 * the rest of a half-lost transaction can never run in autocommit mode.
 */
#include "db/driver.h"

#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mem.h"

/* Most parameters one statement may have. */
#define MAX_PARAMS 32
/* pg_type.oid of bytea (catalog/pg_type_d.h is a server header). */
#define BYTEA_OID 17

/* Driver-global state: what open() was given. */
struct pg_state {
  char *conninfo; /* URI or keyword string, handed to PQconnectdb as-is */
};

struct pg_conn {
  PGconn *pg;
  unsigned next_name;  /* statement names s1, s2, … */
  unsigned generation; /* bumped by every successful PQreset() */
  int bad;             /* connection lost; reset on the next call */
  int in_tx;           /* a transaction block was open after the last command */
  int tx_lost;         /* the connection dropped inside a transaction */
};

struct pg_stmt {
  struct pg_conn *conn;
  char name[16];
  char *sql;           /* rewritten SQL ($n placeholders), for re-preparing */
  unsigned generation; /* conn->generation when prepared */
  int nparams;
  int bind_bad;             /* a bind named an index outside 1..nparams */
  char *values[MAX_PARAMS]; /* owned copies; NULL = SQL NULL */
  int lengths[MAX_PARAMS];
  int formats[MAX_PARAMS]; /* 0 text, 1 binary */
  PGresult *res;           /* result of the current execution, or NULL */
  int failed;              /* the last execution failed; reset() clears */
  int row;                 /* current row in res, -1 before the first */
  int nrows;
  int64_t changes;
  unsigned char **blobs; /* per-column decoded bytea of the current row */
  size_t *blob_lens;
  int nblobs;
};

/* Notices (e.g. "there is no transaction in progress") are not errors and
 * must not reach stderr. */
static void ignore_notice(void *arg, const char *message) {
  (void)arg;
  (void)message;
}

/* Copies libpq's message into err as one line (libpq ends messages with a
 * newline and may add DETAIL lines). Messages never contain the password. */
static enum jw_code fail_msg(struct jw_error *err, enum jw_code code, const char *what, const char *msg) {
  char line[200];
  size_t i = 0;
  if (!msg || !*msg) msg = "unknown error";
  for (; *msg && i < sizeof line - 1; msg++) {
    char ch = isspace((unsigned char)*msg) ? ' ' : *msg;
    if (ch == ' ' && (i == 0 || line[i - 1] == ' ')) continue; /* collapse blanks */
    line[i++] = ch;
  }
  while (i > 0 && line[i - 1] == ' ') i--;
  line[i] = '\0';
  return jw_fail(err, code, "%s: %s", what, line);
}

/*
 * Session settings every connection needs; run after connecting and after
 * each PQreset() (a reset starts a new session). Returns 0 on success.
 */
static int setup_session(PGconn *pg) {
  int rc = -1;
  PGresult *r = NULL;
  PQsetNoticeProcessor(pg, ignore_notice, NULL);
  if (PQsetClientEncoding(pg, "UTF8") != 0) goto out;
  r = PQexec(pg, "SET TimeZone TO 'UTC'");
  if (PQresultStatus(r) != PGRES_COMMAND_OK) goto out;
  rc = 0;
out:
  PQclear(r);
  return rc;
}

/* Records the transaction state after a command, or that the connection
 * was lost (and whether a transaction went with it). */
static void note_state(struct pg_conn *c) {
  if (PQstatus(c->pg) != CONNECTION_OK) {
    c->bad = 1;
    if (c->in_tx) c->tx_lost = 1;
    c->in_tx = 0;
    return;
  }
  c->in_tx = PQtransactionStatus(c->pg) != PQTRANS_IDLE;
}

/*
 * Makes c usable for a new command: if it was lost, tries PQreset() once.
 * Returns JW_OK, or JW_E_DB with err set when the server is still gone.
 */
static enum jw_code ensure_conn(struct pg_conn *c, struct jw_error *err) {
  if (!c->bad && PQstatus(c->pg) == CONNECTION_OK) return JW_OK;
  c->bad = 1;
  PQreset(c->pg);
  if (PQstatus(c->pg) != CONNECTION_OK)
    return fail_msg(err, JW_E_DB, "PostgreSQL connection lost", PQerrorMessage(c->pg));
  if (setup_session(c->pg) != 0) return fail_msg(err, JW_E_DB, "PostgreSQL session setup", PQerrorMessage(c->pg));
  c->bad = 0;
  c->in_tx = 0;
  c->generation++;
  return JW_OK;
}

/* The refusal while a lost transaction has not been ended by the caller. */
static enum jw_code tx_lost_fail(struct jw_error *err) {
  return jw_fail(err, JW_E_DB, "PostgreSQL connection lost inside a transaction; it was rolled back");
}

/* How SQLSTATEs map to jingwu's codes; "23" alone is the rest of class 23
 * (integrity violations), which db.c turns into client-safe messages. */
static const struct {
  const char *state;
  enum jw_code code;        /* JW_E_DB_BUSY, or 0 for an integrity violation */
  enum jw_db_violation why; /* for integrity violations */
} sqlstates[] = {
    {"23505", 0, JW_DB_UNIQUE},        {"23514", 0, JW_DB_CHECK},
    {"23503", 0, JW_DB_FOREIGN_KEY},   {"23502", 0, JW_DB_NOT_NULL},
    {"23", 0, JW_DB_OTHER_CONSTRAINT}, {"40001", JW_E_DB_BUSY, 0}, /* serialization failure */
    {"40P01", JW_E_DB_BUSY, 0},                                    /* deadlock detected */
    {"55P03", JW_E_DB_BUSY, 0},                                    /* lock not available */
};

/* The column list of a unique violation's DETAIL "Key (a, b)=(…) already
 * exists." into out ("a, b"); empty when it has none. */
static void key_columns(const char *detail, char *out, size_t cap) {
  const char *p = detail ? strstr(detail, "Key (") : NULL;
  const char *end = p ? strstr(p, ")=(") : NULL;
  out[0] = '\0';
  if (!p || !end) return;
  p += strlen("Key (");
  size_t n = (size_t)(end - p);
  if (n >= cap) n = cap - 1;
  memcpy(out, p, n);
  out[n] = '\0';
}

/*
 * Turns a failed result into an error code per sqlstates[]: integrity
 * violations through jw_db_violation_fail() (sql, the statement, tells a
 * DELETE; may be NULL), busy errors (which the tx runner retries) and
 * everything else (JW_E_DB) with PostgreSQL's primary message. A lost
 * connection is noted on c and reported as JW_E_DB.
 */
static enum jw_code result_fail(struct pg_conn *c, const PGresult *r, const char *sql, struct jw_error *err) {
  const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;

  note_state(c);
  if (c->bad) return fail_msg(err, JW_E_DB, "PostgreSQL connection lost", PQerrorMessage(c->pg));
  if (!state) return fail_msg(err, JW_E_DB, "PostgreSQL", msg ? msg : PQerrorMessage(c->pg));
  for (size_t i = 0; i < sizeof sqlstates / sizeof sqlstates[0]; i++) {
    if (strncmp(state, sqlstates[i].state, strlen(sqlstates[i].state)) != 0) continue;
    if (sqlstates[i].code) return fail_msg(err, sqlstates[i].code, "PostgreSQL busy", msg);
    char cols[80] = "";
    if (sqlstates[i].why == JW_DB_UNIQUE) {
      key_columns(PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL), cols, sizeof cols);
    } else if (sqlstates[i].why == JW_DB_NOT_NULL) {
      const char *col = PQresultErrorField(r, PG_DIAG_COLUMN_NAME);
      snprintf(cols, sizeof cols, "%s", col ? col : "");
    }
    char raw[300];
    const char *cname = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
    snprintf(raw, sizeof raw, "%s (%s %s)", msg ? msg : "", state, cname ? cname : "");
    return jw_db_violation_fail(err, sqlstates[i].why, cols[0] ? cols : NULL, sql, raw);
  }
  return fail_msg(err, JW_E_DB, "PostgreSQL", msg);
}

/* 1 when ch may be part of an SQL identifier or keyword. */
static int ident_char(char ch) { return isalnum((unsigned char)ch) || ch == '_' || ch == '$'; }

/*
 * Rewrites portable `?` placeholders to $1, $2, …, and the keyword LIKE to
 * ILIKE (SQLite's LIKE ignores ASCII case, PostgreSQL's does not; ILIKE on a
 * COLLATE "C" column folds ASCII only, as SQLite), leaving '…' literals
 * ('' escapes), "…" identifiers, -- line comments and block comments
 * untouched. Returns a malloc'd string (caller frees) and the count in
 * *n, or NULL when there are more than MAX_PARAMS. E'…' backslash escapes
 * and $$-quoting are not recognised; portable SQL does not use them.
 */
static char *rewrite_placeholders(const char *sql, int *n) {
  size_t len = strlen(sql);
  char *out = jw_xcalloc(1, len * 3 + 1); /* "?" → at most "$32" */
  char *o = out;
  int count = 0;
  const char *p = sql;

  while (*p) {
    if (*p == '\'' || *p == '"') { /* quoted; a doubled quote stays inside */
      char q = *p;
      *o++ = *p++;
      while (*p) {
        if (*p == q && p[1] == q) {
          *o++ = *p++;
          *o++ = *p++;
        } else if (*p == q) {
          *o++ = *p++;
          break;
        } else {
          *o++ = *p++;
        }
      }
    } else if (p[0] == '-' && p[1] == '-') {
      while (*p && *p != '\n') *o++ = *p++;
    } else if (p[0] == '/' && p[1] == '*') {
      *o++ = *p++;
      *o++ = *p++;
      while (*p && !(p[0] == '*' && p[1] == '/')) *o++ = *p++;
      if (*p) {
        *o++ = *p++;
        *o++ = *p++;
      }
    } else if ((*p == 'L' || *p == 'l') && strncasecmp(p, "LIKE", 4) == 0 && !ident_char(p[4]) &&
               (o == out || !ident_char(o[-1]))) {
      memcpy(o, "ILIKE", 5);
      o += 5;
      p += 4;
    } else if (*p == '?') {
      if (++count > MAX_PARAMS) {
        free(out);
        return NULL;
      }
      o += sprintf(o, "$%d", count);
      p++;
    } else {
      *o++ = *p++;
    }
  }
  *o = '\0';
  *n = count;
  return out;
}

/* Prepares s->sql under s->name on the current session. */
static enum jw_code prepare_on_server(struct pg_stmt *s, struct jw_error *err) {
  enum jw_code rc = JW_OK;
  PGresult *r = PQprepare(s->conn->pg, s->name, s->sql, s->nparams, NULL);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    rc = result_fail(s->conn, r, s->sql, err);
    goto out;
  }
  s->generation = s->conn->generation;
out:
  PQclear(r);
  return rc;
}

/* Frees the decoded blobs of the current row. */
static void drop_blobs(struct pg_stmt *s) {
  for (int i = 0; i < s->nblobs; i++) {
    free(s->blobs[i]);
    s->blobs[i] = NULL;
    s->blob_lens[i] = 0;
  }
}

/* Frees the result and blob buffers; the statement is ready to execute. */
static void drop_result(struct pg_stmt *s) {
  drop_blobs(s);
  free(s->blobs);
  free(s->blob_lens);
  s->blobs = NULL;
  s->blob_lens = NULL;
  s->nblobs = 0;
  PQclear(s->res);
  s->res = NULL;
  s->row = -1;
  s->nrows = 0;
  s->failed = 0;
}

/* The value at (current row, col), or NULL when there is none / SQL NULL. */
static const char *cell(struct pg_stmt *s, int col) {
  if (!s->res || s->row < 0 || s->row >= s->nrows) return NULL;
  if (col < 0 || col >= PQnfields(s->res)) return NULL;
  if (PQgetisnull(s->res, s->row, col)) return NULL;
  return PQgetvalue(s->res, s->row, col);
}

/* ---- the driver functions ---- */

/*
 * Keeps a copy of url (a postgres:// or postgresql:// URI or a libpq
 * keyword string) after checking its syntax. Returns the state (freed by
 * state_close) or NULL with err set; the message never repeats the URL.
 */
static void *state_open(const char *url, struct jw_error *err) {
  struct pg_state *st = NULL;
  char *msg = NULL;
  PQconninfoOption *opts = NULL;

  if (!PQisthreadsafe()) {
    jw_fail(err, JW_E_DB, "libpq was built without thread safety");
    goto out;
  }
  opts = PQconninfoParse(url, &msg);
  if (!opts) {
    fail_msg(err, JW_E_DB, "invalid PostgreSQL connection string", msg ? msg : "out of memory");
    goto out;
  }
  st = jw_xcalloc(1, sizeof *st);
  st->conninfo = jw_xstrdup(url);
out:
  PQconninfoFree(opts);
  PQfreemem(msg);
  return st;
}

/* Frees what state_open returned (NULL is fine). */
static void state_close(void *state) {
  struct pg_state *st = state;
  if (!st) return;
  free(st->conninfo);
  free(st);
}

/*
 * Opens one connection with client_encoding UTF8, TimeZone UTC and notices
 * silenced. Returns it (freed by conn_close) or NULL with err set.
 */
static void *conn_open(void *state, struct jw_error *err) {
  struct pg_state *st = state;
  struct pg_conn *c = NULL;
  PGconn *pg = PQconnectdb(st->conninfo);

  if (!pg) {
    jw_fail(err, JW_E_DB, "PostgreSQL: out of memory");
    goto out;
  }
  if (PQstatus(pg) != CONNECTION_OK) {
    fail_msg(err, JW_E_DB, "cannot connect to PostgreSQL", PQerrorMessage(pg));
    goto out;
  }
  if (setup_session(pg) != 0) {
    fail_msg(err, JW_E_DB, "PostgreSQL session setup", PQerrorMessage(pg));
    goto out;
  }
  c = jw_xcalloc(1, sizeof *c);
  c->pg = pg;
  pg = NULL;
out:
  PQfinish(pg);
  return c;
}

/* Closes the connection (NULL is fine). Statements prepared on it must not
 * be stepped afterwards; finalizing them later is fine (it never touches
 * the connection). */
static void conn_close(void *conn) {
  struct pg_conn *c = conn;
  if (!c) return;
  PQfinish(c->pg);
  free(c);
}

/* 1 when sql starts (after blanks) with the keyword kw, case-insensitively. */
static int starts_with_word(const char *sql, const char *kw) {
  size_t n = strlen(kw);
  while (isspace((unsigned char)*sql)) sql++;
  return strncasecmp(sql, kw, n) == 0 && !isalnum((unsigned char)sql[n]) && sql[n] != '_';
}

/*
 * Runs sql (one or more ;-separated statements; rows are ignored) with
 * PQexec. A COMMIT that PostgreSQL turned into a ROLLBACK (the transaction
 * had failed) is reported as JW_E_DB rather than success. A BEGIN that finds
 * the connection dead (the server restarted while this one sat idle) is
 * retried once on a fresh connection: it had no effect, so nothing is lost,
 * and jw_tx() survives a server restart.
 */
static enum jw_code conn_exec(void *conn, const char *sql, struct jw_error *err) {
  struct pg_conn *c = conn;
  enum jw_code rc = JW_OK;
  PGresult *r = NULL;
  int rollback = starts_with_word(sql, "ROLLBACK") || starts_with_word(sql, "ABORT");
  int commit = starts_with_word(sql, "COMMIT") || starts_with_word(sql, "END");
  int begin = (starts_with_word(sql, "BEGIN") || starts_with_word(sql, "START")) && !strchr(sql, ';');

  for (int attempt = 0;; attempt++) {
    rc = ensure_conn(c, err);
    if (rc != JW_OK) goto out;
    if (c->tx_lost) {
      c->tx_lost = !(rollback || commit);
      if (!rollback) rc = tx_lost_fail(err);
      goto out;
    }
    int was_idle = !c->in_tx;
    r = PQexec(c->pg, sql);
    switch (PQresultStatus(r)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      note_state(c);
      if (commit && strcmp(PQcmdStatus(r), "ROLLBACK") == 0)
        rc = jw_fail(err, JW_E_DB, "PostgreSQL: the transaction had failed and was rolled back");
      goto out;
    default:
      rc = result_fail(c, r, sql, err);
      if (!(c->bad && begin && was_idle && attempt == 0)) goto out;
      PQclear(r);
      r = NULL;
    }
  }
out:
  PQclear(r);
  return rc;
}

/*
 * Rewrites sql's placeholders and prepares it on the server under a new
 * name. Returns the statement (freed by stmt_finalize) or NULL with err set.
 */
static void *stmt_prepare(void *conn, const char *sql, struct jw_error *err) {
  struct pg_conn *c = conn;
  struct pg_stmt *s = jw_xcalloc(1, sizeof *s);
  int ok = 0;

  s->conn = c;
  s->row = -1;
  s->sql = rewrite_placeholders(sql, &s->nparams);
  if (!s->sql) {
    jw_fail(err, JW_E_DB, "statement has more than %d parameters", MAX_PARAMS);
    goto out;
  }
  if (ensure_conn(c, err) != JW_OK) goto out;
  if (c->tx_lost) {
    tx_lost_fail(err);
    goto out;
  }
  snprintf(s->name, sizeof s->name, "s%u", ++c->next_name);
  if (prepare_on_server(s, err) != JW_OK) goto out;
  ok = 1;
out:
  if (!ok) {
    free(s->sql);
    free(s);
    s = NULL;
  }
  return s;
}

/* Clears the result and the bindings (all parameters back to NULL). */
static void stmt_reset(void *stmt) {
  struct pg_stmt *s = stmt;
  drop_result(s);
  for (int i = 0; i < s->nparams; i++) {
    free(s->values[i]);
    s->values[i] = NULL;
    s->lengths[i] = 0;
    s->formats[i] = 0;
  }
  s->bind_bad = 0;
  s->changes = 0;
}

/* Frees the statement (NULL is fine). The server-side prepared statement
 * lives until the session ends: the connection may already be closed
 * here, and db.c keeps statements for the connection's lifetime anyway. */
static void stmt_finalize(void *stmt) {
  struct pg_stmt *s = stmt;
  if (!s) return;
  stmt_reset(s);
  free(s->sql);
  free(s);
}

/* Stores an owned copy of n bytes (plus a NUL) as parameter idx, or NULL
 * when v is NULL. An index outside 1..nparams fails the next step. */
static void bind_value(struct pg_stmt *s, int idx, const void *v, size_t n, int format) {
  if (idx < 1 || idx > s->nparams || n > (size_t)0x7fffffff) {
    s->bind_bad = 1;
    return;
  }
  char **slot = &s->values[idx - 1];
  free(*slot);
  *slot = NULL;
  if (v) {
    *slot = jw_xcalloc(1, n + 1);
    memcpy(*slot, v, n);
  }
  s->lengths[idx - 1] = (int)n;
  s->formats[idx - 1] = format;
}

/* Sent as decimal text; the server converts to the parameter's type. */
static void bind_int(void *stmt, int idx, int64_t v) {
  char buf[24];
  int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
  bind_value(stmt, idx, buf, (size_t)n, 0);
}

/* NULL binds SQL NULL. */
static void bind_text(void *stmt, int idx, const char *v) { bind_value(stmt, idx, v, v ? strlen(v) : 0, 0); }

/* Sent in binary format, so any bytes travel unchanged. A NULL v binds
 * SQL NULL (as sqlite3_bind_blob does). */
static void bind_blob(void *stmt, int idx, const void *v, size_t n) { bind_value(stmt, idx, v, v ? n : 0, v ? 1 : 0); }

/* Unbound parameters are NULL too (reset clears every binding). */
static void bind_null(void *stmt, int idx) { bind_value(stmt, idx, NULL, 0, 0); }

/* Rows affected per PQcmdTuples, for INSERT/UPDATE/DELETE/MERGE only. */
static int64_t affected_rows(PGresult *r) {
  const char *tag = PQcmdStatus(r);
  if (strncmp(tag, "INSERT", 6) != 0 && strncmp(tag, "UPDATE", 6) != 0 && strncmp(tag, "DELETE", 6) != 0 &&
      strncmp(tag, "MERGE", 5) != 0)
    return 0;
  return strtoll(PQcmdTuples(r), NULL, 10);
}

/* Executes the prepared statement with the current bindings (re-preparing
 * it first if the connection was reset since). */
static enum jw_code execute(struct pg_stmt *s, struct jw_error *err) {
  struct pg_conn *c = s->conn;
  enum jw_code rc;
  PGresult *r = NULL;

  if (s->bind_bad) {
    rc = jw_fail(err, JW_E_DB, "bind index outside 1..%d", s->nparams);
    goto out;
  }
  rc = ensure_conn(c, err);
  if (rc != JW_OK) goto out;
  if (c->tx_lost) {
    rc = tx_lost_fail(err);
    goto out;
  }
  if (s->generation != c->generation) {
    rc = prepare_on_server(s, err);
    if (rc != JW_OK) goto out;
  }
  r = PQexecPrepared(c->pg, s->name, s->nparams, (const char *const *)s->values, s->lengths, s->formats, 0);
  switch (PQresultStatus(r)) {
  case PGRES_TUPLES_OK:
  case PGRES_COMMAND_OK:
    note_state(c);
    s->nrows = PQntuples(r);
    s->changes = affected_rows(r);
    s->nblobs = PQnfields(r);
    if (s->nblobs > 0) {
      s->blobs = jw_xcalloc((size_t)s->nblobs, sizeof *s->blobs);
      s->blob_lens = jw_xcalloc((size_t)s->nblobs, sizeof *s->blob_lens);
    }
    s->res = r;
    r = NULL;
    break;
  default:
    rc = result_fail(c, r, s->sql, err);
    break;
  }
out:
  PQclear(r);
  return rc;
}

/*
 * The first step after reset executes the statement; then each step moves
 * to the next row: JW_STEP_ROW while there is one, then JW_STEP_DONE.
 * JW_STEP_ERROR with err set when execution fails (and on every later step
 * until reset).
 */
static enum jw_step stmt_step(void *stmt, struct jw_error *err) {
  struct pg_stmt *s = stmt;

  if (s->failed) {
    jw_fail(err, JW_E_DB, "statement failed earlier; reset it first");
    return JW_STEP_ERROR;
  }
  if (!s->res && execute(s, err) != JW_OK) {
    s->failed = 1;
    return JW_STEP_ERROR;
  }
  drop_blobs(s);
  if (s->row < s->nrows) s->row++;
  return s->row < s->nrows ? JW_STEP_ROW : JW_STEP_DONE;
}

static int col_is_null(void *stmt, int col) { return cell(stmt, col) == NULL; }

/* The value as int64: booleans 't'/'f' are 1/0; NULL, text and overflow 0. */
static int64_t col_int(void *stmt, int col) {
  const char *v = cell(stmt, col);
  char *end;
  long long n;
  if (!v) return 0;
  if (v[0] == 't' && v[1] == '\0') return 1;
  if (v[0] == 'f' && v[1] == '\0') return 0;
  errno = 0;
  n = strtoll(v, &end, 10);
  if (errno != 0 || end == v) return 0;
  return n;
}

/* The text form; "" for NULL. Borrowed from the result. */
static const char *col_text(void *stmt, int col) {
  const char *v = cell(stmt, col);
  return v ? v : "";
}

static int hexval(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

/*
 * The bytes of a bytea column, decoded from the hex output (\x…) into a
 * buffer owned by the statement until the next step/reset; other column
 * types give their text bytes. NULL (and *n = 0) for SQL NULL.
 */
static const void *col_blob(void *stmt, int col, size_t *n) {
  struct pg_stmt *s = stmt;
  const char *v = cell(s, col);
  size_t len, nbytes, i;
  unsigned char *buf;

  *n = 0;
  if (!v) return NULL;
  len = (size_t)PQgetlength(s->res, s->row, col);
  if (PQftype(s->res, col) != BYTEA_OID || len < 2 || v[0] != '\\' || v[1] != 'x') {
    *n = len;
    return v;
  }
  if (s->blobs[col]) {
    *n = s->blob_lens[col];
    return s->blobs[col];
  }
  nbytes = (len - 2) / 2;
  buf = jw_xcalloc(1, nbytes);
  for (i = 0; i < nbytes; i++) {
    int hi = hexval(v[2 + 2 * i]), lo = hexval(v[3 + 2 * i]);
    if (hi < 0 || lo < 0) break;
    buf[i] = (unsigned char)(hi << 4 | lo);
  }
  s->blobs[col] = buf;
  s->blob_lens[col] = i;
  *n = i;
  return buf;
}

/* Rows affected by the last execution (INSERT/UPDATE/DELETE, also with
 * RETURNING); 0 for other statements. */
static int64_t stmt_changes(void *stmt) { return ((struct pg_stmt *)stmt)->changes; }

/*
 * READ COMMITTED, not SERIALIZABLE: jingwu's invariants are enforced by the
 * statements themselves (conditional UPDATE … WHERE booked < capacity,
 * UNIQUE, CHECK), which are race-free at this level because an UPDATE
 * re-checks its WHERE against the latest committed row. SERIALIZABLE would
 * add serialization failures (and retries) under load for no extra safety.
 */
static void *pg_listen(void *state, const char *channel, jw_db_notify_fn fn, void *ctx, struct jw_error *err) {
  return jw_pg_listen_start(((struct pg_state *)state)->conninfo, channel, fn, ctx, err);
}

const struct jw_db_driver jw_db_postgres_driver = {
    .listen = pg_listen,
    .unlisten = jw_pg_listen_stop,
    .name = "postgres",
    .kind = JW_DB_POSTGRES,
    .begin_sql = "BEGIN ISOLATION LEVEL READ COMMITTED",
    /* Every statement of a reader sees the same snapshot. */
    .read_begin_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    .open = state_open,
    .close = state_close,
    .connect = conn_open,
    .disconnect = conn_close,
    .exec = conn_exec,
    .prepare = stmt_prepare,
    .finalize = stmt_finalize,
    .reset = stmt_reset,
    .bind_int = bind_int,
    .bind_text = bind_text,
    .bind_blob = bind_blob,
    .bind_null = bind_null,
    .step = stmt_step,
    .col_is_null = col_is_null,
    .col_int = col_int,
    .col_text = col_text,
    .col_blob = col_blob,
    .changes = stmt_changes,
};
