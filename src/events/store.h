/* store.h — the events domain's SQL (table events; sessions read only). Private to src/events. */
#ifndef JW_EVENTS_STORE_H
#define JW_EVENTS_STORE_H

#include "events/events.h"

enum jw_code jw_events_store_add(struct jw_conn *c, int64_t user_id, const char *kind, const char *data, long long now,
                                 int notify, struct jw_error *err);
enum jw_code jw_events_store_after(struct jw_conn *c, int64_t user_id, int64_t after, int limit, struct jw_arena *a,
                                   struct jw_event **out, size_t *n, struct jw_error *err);
enum jw_code jw_events_store_last(struct jw_conn *c, int64_t user_id, int64_t *out, struct jw_error *err);
int jw_events_store_session(struct jw_conn *c, const unsigned char *hash, long long now, struct jw_error *err);
int jw_events_store_prune(struct jw_conn *c, long long before);

#endif
