/* migrations.h — the numbered SQL files of migrations/, compiled into the
 * binary by scripts/embed-migrations.sh (build/migrations.c). */
#ifndef JW_MIGRATIONS_H
#define JW_MIGRATIONS_H

#include <stddef.h>

struct jw_migration {
  const char *name; /* file name without .sql, e.g. "0001_core"; sorted */
  const char *sql;  /* the file's text, dialect markers still in it */
};

extern const struct jw_migration jw_migrations[];
extern const size_t jw_migrations_count;

#endif
