/*
 * store.h — the few look-ups the command line makes itself (the demo seed
 * finding the units and accounts it made, `serve` warning about demo
 * accounts). Private to src/cli/. They belong to other domains and move
 * there once those domains' stores settle: the unit look-ups to
 * src/directory/, the account look-ups to src/auth/ (both being reshaped
 * while this was written). Each returns 0 when nothing matches or on a
 * database error (err set then) and releases the connection's statement.
 */
#ifndef JW_CLI_STORE_H
#define JW_CLI_STORE_H

#include <stdint.h>

#include "db/db.h"

/* The id of the root unit (no parent) called name. Later owner: directory. */
int64_t jw_cli_store_root_unit(struct jw_conn *c, const char *name, struct jw_error *err);

/* The id of the first unit (lowest id) called name of kind kind. Later owner: directory. */
int64_t jw_cli_store_unit_by_name(struct jw_conn *c, const char *name, const char *kind, struct jw_error *err);

/* The id of parent's first child unit (lowest id) of kind kind. Later owner: directory. */
int64_t jw_cli_store_first_child(struct jw_conn *c, int64_t parent, const char *kind, struct jw_error *err);

/* The id of the account with login login. Later owner: auth. */
int64_t jw_cli_store_user_id(struct jw_conn *c, const char *login, struct jw_error *err);

/* How many demo accounts (is_demo = 1) the database holds. Later owner: auth. */
int64_t jw_cli_store_demo_users(struct jw_conn *c, struct jw_error *err);

#endif
