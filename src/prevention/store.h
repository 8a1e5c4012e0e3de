/*
 * store.h — the prevention bus's SQL, one function per operation. Private to
 * src/prevention/. Every function takes the connection it runs on (inside
 * the caller's jw_tx when it writes) and sets err on failure.
 */
#ifndef JW_PREVENTION_STORE_H
#define JW_PREVENTION_STORE_H

#include "prevention/prevention.h"

/* Unit id's path, name and kind (in a): 1 found, 0 not, -1 error. */
int jw_prev_store_unit(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path, const char **kind,
                       struct jw_error *err);

enum jw_code jw_prev_store_req_insert(struct jw_conn *c, const struct jw_prev_new_request *in, const char *path,
                                      const char *ip, int64_t now, int64_t *id, struct jw_error *err);
/* 1 found, 0 not, -1 error. */
int jw_prev_store_req_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_prev_request *out,
                          struct jw_error *err);
/* Requests with unit path in [lo, hi), status (NULL: any), id above cursor, in id order, at most limit. */
enum jw_code jw_prev_store_req_list(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi,
                                    const char *status, int64_t limit, int64_t cursor, struct jw_prev_request **out,
                                    size_t *n, struct jw_error *err);
/* Moves request id from → to (reason for a decline, else NULL) by user: 1 moved, 0 not in from, -1 error. */
int jw_prev_store_req_move(struct jw_conn *c, int64_t id, const char *from, const char *to, const char *reason,
                           int64_t user_id, int64_t now, struct jw_error *err);

/* Inserts an event of unit (id, path), answering request_id (0: none). created_by 0: the demo. */
enum jw_code jw_prev_store_ev_insert(struct jw_conn *c, int64_t unit_id, const char *path, int64_t request_id,
                                     const struct jw_prev_new_event *ev, int64_t created_by, int64_t now, int64_t *id,
                                     struct jw_error *err);
int jw_prev_store_ev_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_prev_event *out,
                         struct jw_error *err);
/* Events on days [day_lo, day_hi) with unit path in [lo, hi); status NULL: any; public: no cancelled. */
enum jw_code jw_prev_store_ev_range(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi,
                                    const char *day_lo, const char *day_hi, const char *status, int public_view,
                                    struct jw_prev_event **out, size_t *n, struct jw_error *err);
/* Moves event id from → to with visitors (-1: leave) or reason (NULL: leave): 1 moved, 0 not, -1 error. */
int jw_prev_store_ev_move(struct jw_conn *c, int64_t id, const char *from, const char *to, int64_t visitors,
                          const char *reason, int64_t now, struct jw_error *err);
/* Per month on days [day_lo, day_hi): calls back (month, held, visitors, scheduled). */
enum jw_code jw_prev_store_totals(struct jw_conn *c, const char *day_lo, const char *day_hi,
                                  void (*cb)(void *arg, const char *month, int64_t held, int64_t visitors,
                                             int64_t scheduled),
                                  void *arg, struct jw_error *err);

/* The demo: how many events the demo made (created_by NULL), and a station by name. */
int64_t jw_prev_store_demo_events(struct jw_conn *c, struct jw_error *err);
int64_t jw_prev_store_unit_by_name(struct jw_conn *c, const char *name, struct jw_error *err);

#endif
