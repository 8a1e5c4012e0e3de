/*
 * driver.h — what a database driver provides to db.c. Internal to src/db/.
 *
 * db.c owns the generic struct jw_conn / struct jw_stmt (statement cache,
 * thread-to-connection map, transaction runner, migrations) and calls the
 * driver through this table for everything that touches the real library.
 * Driver objects are opaque void pointers here.
 */
#ifndef JW_DB_DRIVER_H
#define JW_DB_DRIVER_H

#include "db/db.h"

struct jw_db_driver {
  const char *name;
  enum jw_db_kind kind;
  /* SQL that opens a write transaction. */
  const char *begin_sql;
  /* SQL that opens a read-only transaction reading one snapshot. */
  const char *read_begin_sql;

  /* Parses the URL part the driver cares about; returns a driver-global
   * state (freed by close) or NULL with err set. */
  void *(*open)(const char *url, struct jw_error *err);
  void (*close)(void *state);

  /* One connection. NULL with err set on failure. */
  void *(*connect)(void *state, struct jw_error *err);
  void (*disconnect)(void *conn);

  /* Runs one or more ;-separated statements that return no rows. */
  enum jw_code (*exec)(void *conn, const char *sql, struct jw_error *err);

  /* Prepares portable SQL (`?` placeholders); the driver rewrites what it
   * must. NULL with err set on failure. */
  void *(*prepare)(void *conn, const char *sql, struct jw_error *err);
  void (*finalize)(void *stmt);
  /* Back to the state after prepare: no current row, bindings cleared. */
  void (*reset)(void *stmt);

  void (*bind_int)(void *stmt, int idx, int64_t v);
  void (*bind_text)(void *stmt, int idx, const char *v);
  void (*bind_blob)(void *stmt, int idx, const void *v, size_t n);
  void (*bind_null)(void *stmt, int idx);

  enum jw_step (*step)(void *stmt, struct jw_error *err);
  int (*col_is_null)(void *stmt, int col);
  int64_t (*col_int)(void *stmt, int col);
  const char *(*col_text)(void *stmt, int col);
  const void *(*col_blob)(void *stmt, int col, size_t *n);
  int64_t (*changes)(void *stmt);

  /* Listens on channel on a connection of its own in a thread of its own:
   * fn(ctx, payload) for every notification, fn(ctx, NULL) after the
   * connection was lost and made again (notifications may have been
   * missed). Returns a handle for unlisten, or NULL with err set. NULL in
   * drivers without notifications (SQLite: one process, jw_db_listen says
   * so). */
  void *(*listen)(void *state, const char *channel, jw_db_notify_fn fn, void *ctx, struct jw_error *err);
  void (*unlisten)(void *handle);
};

/* PostgreSQL's listener thread (pg_listen.c). */
void *jw_pg_listen_start(const char *conninfo, const char *channel, jw_db_notify_fn fn, void *ctx,
                         struct jw_error *err);
void jw_pg_listen_stop(void *handle);

/* The integrity violations drivers tell apart. */
enum jw_db_violation { JW_DB_UNIQUE, JW_DB_FOREIGN_KEY, JW_DB_CHECK, JW_DB_NOT_NULL, JW_DB_OTHER_CONSTRAINT };

/*
 * Sets err for an integrity violation with a message a client may see (no
 * SQL, no table or constraint names) and returns its code: JW_E_CONFLICT
 * (unique), JW_E_IN_USE (foreign key broken by a DELETE), JW_E_BAD_REFERENCE
 * (foreign key broken by an INSERT/UPDATE), JW_E_NOT_ALLOWED (check, not
 * null), JW_E_CONFLICT (other). columns: the column list the driver found
 * ("login", "plate, plate_type"), or NULL; it is named in unique and not-null
 * messages in words. sql: the statement that failed (tells a DELETE).
 * raw: the library's own message, logged at info level only.
 */
enum jw_code jw_db_violation_fail(struct jw_error *err, enum jw_db_violation v, const char *columns, const char *sql,
                                  const char *raw);

extern const struct jw_db_driver jw_db_sqlite_driver;
extern const struct jw_db_driver jw_db_postgres_driver;

#endif
