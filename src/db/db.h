/*
 * db.h — the one small database API jingwu's domains use.
 *
 * Two drivers sit behind it: SQLite (embedded default) and PostgreSQL
 * (libpq). Only src/db/ includes sqlite3.h or libpq-fe.h; everything else
 * sees the opaque types below.
 *
 * SQL is written once, in portable SQL with `?` placeholders; the postgres
 * driver rewrites them to $1, $2, …. Values travel as int64, text, blob or
 * NULL. Timestamps are stored as int64 Unix seconds, booleans as 0/1.
 *
 * Threading: a struct jw_db is shared by all threads. A struct jw_conn
 * belongs to one thread at a time: jw_db_conn() hands each thread its own
 * connection (created on first use, kept until jw_db_close()).
 */
#ifndef JW_DB_H
#define JW_DB_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"

struct jw_db;
struct jw_conn;
struct jw_stmt;

enum jw_db_kind { JW_DB_SQLITE, JW_DB_POSTGRES };

/* Result of jw_stmt_step(). */
enum jw_step { JW_STEP_ERROR = -1, JW_STEP_DONE = 0, JW_STEP_ROW = 1 };

/*
 * Opens the database named by url: "sqlite:PATH", "postgres://…",
 * "postgresql://…" or a libpq keyword string ("host=… dbname=…").
 * Returns JW_OK and sets *out, or an error code with a message in err.
 * The caller frees with jw_db_close().
 */
enum jw_code jw_db_open(const char *url, struct jw_db **out, struct jw_error *err);
void jw_db_close(struct jw_db *db);
enum jw_db_kind jw_db_kind(const struct jw_db *db);
/* How many connections db holds open (one per thread that used it). */
int jw_db_connections(struct jw_db *db);

/* The calling thread's connection; NULL (and err set) if it cannot connect.
 * Borrowed: owned by db, valid until jw_db_close(). */
struct jw_conn *jw_db_conn(struct jw_db *db, struct jw_error *err);

/*
 * Prepares sql (portable, `?` placeholders). Statements are cached per
 * connection by the address of sql, so pass string literals / static
 * strings. The statement is reset and its bindings cleared before it is
 * returned. Borrowed: owned by the connection. NULL on error (err set).
 */
struct jw_stmt *jw_prepare(struct jw_conn *c, const char *sql, struct jw_error *err);

/* Bind parameter idx (1-based). Text and blobs are copied. */
void jw_bind_int(struct jw_stmt *s, int idx, int64_t v);
void jw_bind_text(struct jw_stmt *s, int idx, const char *v); /* NULL binds NULL */
void jw_bind_blob(struct jw_stmt *s, int idx, const void *v, size_t n);
void jw_bind_null(struct jw_stmt *s, int idx);
/* Binds id, or NULL when id is 0 (an optional reference or filter). */
void jw_bind_id(struct jw_stmt *s, int idx, int64_t id);

/* Runs / advances the statement. On JW_STEP_ERROR err is set: for an
 * integrity violation JW_E_CONFLICT (UNIQUE), JW_E_IN_USE (a DELETE of a row
 * still referenced), JW_E_BAD_REFERENCE (a foreign key to a row that does
 * not exist) or JW_E_NOT_ALLOWED (CHECK, NOT NULL), each with a detail a
 * client may read (no SQL, no constraint names; a UNIQUE or NOT NULL detail
 * names the columns in words: "login", "plate, plate type"); JW_E_DB_BUSY
 * for a lock or serialization failure (the transaction runner retries
 * those); JW_E_DB otherwise (its detail is for the log, not for clients).
 * jw_exec() reports the same codes. */
enum jw_step jw_step(struct jw_stmt *s, struct jw_error *err);

/* Column accessors for the current row (0-based). Text and blob pointers are
 * valid until the next jw_step()/jw_prepare() of this statement. */
int jw_col_is_null(struct jw_stmt *s, int col);
int64_t jw_col_int(struct jw_stmt *s, int col);
const char *jw_col_text(struct jw_stmt *s, int col); /* "" for NULL */
const void *jw_col_blob(struct jw_stmt *s, int col, size_t *n);

/* Rows changed by the last completed INSERT/UPDATE/DELETE of s. */
int64_t jw_changes(struct jw_stmt *s);

/* Resets every statement stepped since the last call, ending any read the
 * connection still holds open. The server calls it after each request. */
void jw_conn_release(struct jw_conn *c);

/* Executes one statement that returns no rows (or whose rows are ignored). */
enum jw_code jw_exec(struct jw_conn *c, const char *sql, struct jw_error *err);

/*
 * Runs fn(c, arg, err) inside a transaction: BEGIN (IMMEDIATE on SQLite),
 * fn, COMMIT; ROLLBACK if fn returns anything but JW_OK. Retries the whole
 * transaction (up to a few times, with a short back-off) when fn or COMMIT
 * fails with JW_E_DB_BUSY. Returns fn's code.
 */
typedef enum jw_code (*jw_tx_fn)(struct jw_conn *c, void *arg, struct jw_error *err);
enum jw_code jw_tx(struct jw_conn *c, jw_tx_fn fn, void *arg, struct jw_error *err);

/*
 * jw_tx() for readers that need one consistent view across several
 * statements (pages of a table and a summary row read apart): a read-only
 * transaction on one snapshot (REPEATABLE READ READ ONLY on PostgreSQL, a
 * deferred transaction on SQLite, whose WAL snapshot holds until COMMIT).
 * Writes inside fn fail on PostgreSQL. Returns fn's code.
 */
enum jw_code jw_tx_read(struct jw_conn *c, jw_tx_fn fn, void *arg, struct jw_error *err);

/* Applies the migrations compiled into the binary that this database has not
 * seen yet, each in its own transaction, recording them in schema_migrations.
 * *applied (may be NULL) receives how many were applied. */
enum jw_code jw_db_migrate(struct jw_db *db, int *applied, struct jw_error *err);

/* "%q%" for `LIKE ? ESCAPE '\'`, with q's own % _ and \ escaped; "%" when
 * q is NULL or empty. Arena-owned. LIKE ignores ASCII case on both drivers
 * (SQLite's LIKE does; the postgres driver turns LIKE into ILIKE). */
struct jw_arena;
char *jw_db_like(struct jw_arena *a, const char *q);

/* For prefix scans that use an index (`col >= ? AND col < ?`): the least
 * string greater than every string that starts with prefix (its last byte
 * incremented; prefix must not end in 0xFF). Arena-owned.
 * The range is a prefix test only in byte order: on PostgreSQL the column
 * must have COLLATE "C" (units.path, applications.unit_path and
 * application_followups.unit_path have, migration 0009), otherwise a
 * cluster created with a real locale (zh_CN.UTF-8) compares by language
 * rules and the range misses rows. */
char *jw_db_prefix_end(struct jw_arena *a, const char *prefix);

/* Reads the current row of s into *row, one element of the array
 * jw_db_rows() builds (its strings into a). */
typedef void (*jw_db_row_fn)(struct jw_stmt *s, struct jw_arena *a, void *row);

/*
 * The one copy of "step the rows of a statement into an arena array": steps
 * s (prepared and bound by the caller) and has read() fill one element of
 * size bytes per row. max > 0 keeps at most max rows and allocates room for
 * max at once (a page read as limit + 1 rows to learn whether another
 * follows; *out is never NULL); max 0 keeps every row in an array that grows
 * (NULL when there are none). Then releases the connection's reads
 * (jw_conn_release). *out (arena-owned) and *n receive the array and its
 * length. On a failed step returns the code with err set and leaves *out and
 * *n untouched.
 */
enum jw_code jw_db_rows(struct jw_conn *c, struct jw_stmt *s, struct jw_arena *a, size_t size, size_t max,
                        jw_db_row_fn read, void **out, size_t *n, struct jw_error *err);

/*
 * Cross-process notifications. jw_db_listen starts a listener for channel
 * (an identifier: letters, digits, _) on a dedicated connection in a thread
 * of its own, which calls fn(ctx, payload) for each notification sent with
 * `SELECT pg_notify(channel, payload)` in a committed transaction, by any
 * process on the database, this one included; fn(ctx, NULL) after its
 * connection was lost and made again (something may have been missed).
 * fn runs on the listener's thread. Returns JW_OK and *out (stop with
 * jw_db_unlisten), JW_E_NOT_FOUND when the database has no notifications
 * (SQLite: one process, an in-process bus suffices), or another code with
 * err set.
 */
typedef void (*jw_db_notify_fn)(void *ctx, const char *payload);
struct jw_db_listener;
enum jw_code jw_db_listen(struct jw_db *db, const char *channel, jw_db_notify_fn fn, void *ctx,
                          struct jw_db_listener **out, struct jw_error *err);
/* Stops the listener and joins its thread (NULL is fine). */
void jw_db_unlisten(struct jw_db_listener *l);

/* 1 when the connection answers a trivial (cached, prepared) query. */
int jw_db_ping(struct jw_conn *c);

#endif
