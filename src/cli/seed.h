/* seed.h — the demo bureau (`jingwu seed --demo`). */
#ifndef JW_SEED_H
#define JW_SEED_H

#include "db/db.h"

/* Generated violations the demo holds (`seed --violations N` sets another number). */
#define JW_SEED_DEMO_VIOLATIONS 10000

/* Loads the demo bureau, officers and accounts, and the demo traffic data,
 * unless they are there already (a second run changes nothing). Dates
 * (inspection due …) are in the bureau's time zone (tz_offset_min). Prints
 * the logins to out. */
enum jw_code jw_seed_demo(struct jw_db *db, int tz_offset_min, FILE *out, struct jw_error *err);

#endif
