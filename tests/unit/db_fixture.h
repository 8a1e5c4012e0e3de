/*
 * db_fixture.h — the CMocka group fixture of the unit tests that need a real
 * database: a SQLite file in /tmp, migrated with the shipped migrations, and
 * this thread's connection to it. Include it after <cmocka.h>; pass
 * db_fixture_teardown as the group teardown and call db_fixture_setup from
 * the file's own setup with a name for the file (/tmp/jw-<name>-<pid>.db).
 * The tests read the fixture as `struct fixture *f = *state;`.
 */
#ifndef JW_TESTS_DB_FIXTURE_H
#define JW_TESTS_DB_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "db/db.h"

struct fixture {
  char path[64];
  struct jw_db *db;
  struct jw_conn *c;
};

/* Creates and migrates the database; 0, or -1 (the reason on stderr). */
static inline int db_fixture_setup(void **state, const char *name) {
  struct fixture *f = calloc(1, sizeof *f);
  snprintf(f->path, sizeof f->path, "/tmp/jw-%s-%d.db", name, (int)getpid());
  char url[80];
  snprintf(url, sizeof url, "sqlite:%s", f->path);
  struct jw_error err = {0};
  if (jw_db_open(url, &f->db, &err) != JW_OK || jw_db_migrate(f->db, NULL, &err) != JW_OK) {
    fprintf(stderr, "setup: %s\n", err.detail);
    return -1;
  }
  f->c = jw_db_conn(f->db, &err);
  *state = f;
  return f->c ? 0 : -1;
}

/* Closes the database and removes its files. */
static inline int db_fixture_teardown(void **state) {
  struct fixture *f = *state;
  jw_db_close(f->db);
  char p[80];
  unlink(f->path);
  snprintf(p, sizeof p, "%s-wal", f->path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", f->path);
  unlink(p);
  free(f);
  return 0;
}

#endif
