/* seed.h — the demo bureau (`jingwu seed --demo`). */
#ifndef JW_SEED_H
#define JW_SEED_H

#include "db/db.h"

/* Loads the demo bureau, officers and accounts unless they are there
 * already (a second run changes nothing). Prints the logins to out. */
enum jw_code jw_seed_demo(struct jw_db *db, FILE *out, struct jw_error *err);

#endif
