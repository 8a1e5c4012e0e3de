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
};

extern const struct jw_db_driver jw_db_sqlite_driver;
extern const struct jw_db_driver jw_db_postgres_driver;

#endif
