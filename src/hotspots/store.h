/*
 * store.h — the hotspots domain's SQL, one function per operation. Private
 * to src/hotspots/. Every function takes the connection it runs on (inside
 * the caller's jw_tx when it writes), allocates what it returns in arena a
 * and sets err on failure.
 */
#ifndef JW_HOTSPOTS_STORE_H
#define JW_HOTSPOTS_STORE_H

#include "hotspots/hotspots.h"

/* A page of the public list (see jw_hotspots_public), with the totals. */
enum jw_code jw_hot_store_public(struct jw_conn *c, struct jw_arena *a, int delisted, const char *campaign,
                                 int64_t offset, int limit, struct jw_hotspot **out, size_t *n, struct jw_error *err);

/* A page of the hotspots whose unit path lies in [lo, hi), filtered by f
 * (f->q already a LIKE pattern or NULL), newest first, with the totals. */
enum jw_code jw_hot_store_search(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi,
                                 const struct jw_hotspot_filter *f, int64_t offset, int limit, struct jw_hotspot **out,
                                 size_t *n, struct jw_error *err);

/* Hotspot id into *h (with totals): 1 found, 0 not, -1 error. */
int jw_hot_store_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_hotspot *h, struct jw_error *err);

/* The path, name and kind of unit id: 1 found, 0 not, -1 error. */
int jw_hot_store_unit(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path, const char **kind,
                      struct jw_error *err);

/* Inserts an identified hotspot from in for unit_id/unit_path at now; *id receives it. */
enum jw_code jw_hot_store_insert(struct jw_conn *c, const struct jw_hotspot_in *in, const char *unit_path,
                                 long long now, int64_t *id, struct jw_error *err);

/* Overwrites the editable fields of hotspot id unless it is delisted;
 * returns the rows changed (0: delisted or gone) or -1. */
int jw_hot_store_update(struct jw_conn *c, int64_t id, const struct jw_hotspot_in *in, long long now,
                        struct jw_error *err);

/* Moves hotspot id from status from to status to (conditional UPDATE),
 * setting listed_on/deadline/campaign/delisted_on when not NULL; returns the
 * rows changed (0: someone moved it first) or -1. */
int jw_hot_store_move(struct jw_conn *c, int64_t id, const char *from, const char *to, const char *listed_on,
                      const char *deadline, const char *campaign, const char *delisted_on, long long now,
                      struct jw_error *err);

enum jw_code jw_hot_store_event_add(struct jw_conn *c, int64_t id, long long at, const char *event, const char *from,
                                    const char *to, int64_t actor, const char *note, struct jw_error *err);
enum jw_code jw_hot_store_check_add(struct jw_conn *c, int64_t id, const char *checked_on, int64_t by, int passed,
                                    const char *findings, long long now, struct jw_error *err);

/* Inserts report r of hotspot id by user by; *rid receives it. A second
 * report of the same month is JW_E_CONFLICT (the UNIQUE). */
enum jw_code jw_hot_store_report_add(struct jw_conn *c, int64_t id, const struct jw_hotspot_report *r, int64_t by,
                                     long long now, int64_t *rid, struct jw_error *err);
/* 1 when hotspot id has a report for month, 0 not, -1 error. */
int jw_hot_store_report_exists(struct jw_conn *c, int64_t id, const char *month, struct jw_error *err);

/* The timeline, reports and checks of hotspot id, oldest first. */
enum jw_code jw_hot_store_events(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_hotspot_event **out,
                                 size_t *n, struct jw_error *err);
enum jw_code jw_hot_store_reports(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_hotspot_report **out,
                                  size_t *n, struct jw_error *err);
enum jw_code jw_hot_store_checks(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_hotspot_check **out,
                                 size_t *n, struct jw_error *err);

/* Demo look-ups: the id of the hotspot named name of unit unit_id (0 none,
 * -1 error); the id of a unit by name and kind (0 none); any staff user id
 * of role role (0 none). */
int64_t jw_hot_store_find(struct jw_conn *c, const char *name, int64_t unit_id, struct jw_error *err);
int64_t jw_hot_store_unit_by_name(struct jw_conn *c, const char *name, const char *kind, struct jw_error *err);
int64_t jw_hot_store_user_of_role(struct jw_conn *c, const char *role, struct jw_error *err);

#endif
