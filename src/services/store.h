/*
 * store.h — the services domain's SQL (services, service_versions,
 * services_fts, service_categories, and the disclosure's reads of
 * applications), one function per operation. Private to src/services/.
 * Every function takes the connection it runs on (inside the caller's jw_tx
 * when it writes) and sets err on failure; arrays and strings returned are
 * allocated in the arena a passed in.
 */
#ifndef JW_SERVICES_STORE_H
#define JW_SERVICES_STORE_H

#include "services/cache.h"
#include "services/services.h"

/* See jw_service_doc_text(). */
enum jw_code jw_svc_store_doc(struct jw_conn *c, struct jw_arena *a, int64_t id, int version, const char **text,
                              int *out_version, struct jw_error *err);

/* See jw_service_version_meta(). */
enum jw_code jw_svc_store_version_meta(struct jw_conn *c, int64_t id, int version, struct jw_service_version_meta *out,
                                       struct jw_error *err);

/* See jw_services_search(); max rows from offset. */
enum jw_code jw_svc_store_search(struct jw_conn *c, enum jw_db_kind kind, struct jw_arena *a,
                                 const struct jw_service_query *f, int64_t max, int64_t offset, int64_t **ids,
                                 size_t *n, struct jw_error *err);

/* See jw_services_categories(). */
enum jw_code jw_svc_store_categories(struct jw_conn *c, struct jw_arena *a, struct jw_service_category **out, size_t *n,
                                     struct jw_error *err);

/* See jw_service_versions(). */
enum jw_code jw_svc_store_versions(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_service_version **out,
                                   size_t *n, struct jw_error *err);

/* See jw_services_drafts(); max rows from offset. */
enum jw_code jw_svc_store_drafts(struct jw_conn *c, struct jw_arena *a, int64_t max, int64_t offset,
                                 struct jw_service_draft_row **out, size_t *n, struct jw_error *err);

/* Item id's draft text (*text NULL when none) and published version.
 * JW_E_NOT_FOUND (err set) when there is no item id. */
enum jw_code jw_svc_store_draft(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **text, int *version,
                                struct jw_error *err);

/* Inserts item s stamped now; *id receives its id. JW_E_CONFLICT when the code is taken. */
enum jw_code jw_svc_store_create(struct jw_conn *c, const struct jw_service_new *s, int64_t now, int64_t *id,
                                 struct jw_error *err);

/* Sets item id's draft to text. JW_E_NOT_FOUND when there is no item id. */
enum jw_code jw_svc_store_draft_put(struct jw_conn *c, int64_t id, const char *text, int64_t now, struct jw_error *err);

/* Stores text as version of item id, published at now by login. */
enum jw_code jw_svc_store_version_add(struct jw_conn *c, int64_t id, int version, const char *text, int64_t now,
                                      const char *login, struct jw_error *err);

/* The columns of an item that publication sets. */
struct jw_svc_published {
  const char *code, *name, *category, *online_level, *keywords, *conditions;
  const char *search;  /* name, keywords and conditions, for LIKE and trigrams */
  const char *summary; /* the list entry */
  int version;
};

/* Gives item id the columns p and clears its draft, if it is still at
 * version old. JW_E_CONFLICT when the code is taken or the version moved. */
enum jw_code jw_svc_store_publish(struct jw_conn *c, int64_t id, int old, const struct jw_svc_published *p, int64_t now,
                                  struct jw_error *err);

/* Replaces item id's row in the FTS5 index (SQLite only). */
enum jw_code jw_svc_store_fts_replace(struct jw_conn *c, int64_t id, const struct jw_svc_published *p,
                                      struct jw_error *err);

/* Every published item (guide not set) by id, for the snapshot. */
enum jw_code jw_svc_store_published(struct jw_conn *c, struct jw_arena *a, struct jw_svc_item **out, size_t *n,
                                    struct jw_error *err);

/* The figures of item id (0: all). */
enum jw_code jw_svc_store_disclosure_total(struct jw_conn *c, int64_t id, struct jw_disclosure_figures *out,
                                           struct jw_error *err);

/* Item id's (0: all) applications by month received (completed, on_time 0)
 * or by month completed (received 0), in no particular order. */
enum jw_code jw_svc_store_disclosure_months(struct jw_conn *c, struct jw_arena *a, int64_t id, int completed,
                                            struct jw_disclosure_month **out, size_t *n, struct jw_error *err);

/* See jw_disclosure_items(). */
enum jw_code jw_svc_store_disclosure_items(struct jw_conn *c, struct jw_arena *a, struct jw_disclosure_item **out,
                                           size_t *n, struct jw_error *err);

/* The name of published item id; JW_E_NOT_FOUND (err set) when there is none. */
enum jw_code jw_svc_store_published_name(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **name,
                                         struct jw_error *err);

/* Staff who acted on item id's applications, by user id. */
enum jw_code jw_svc_store_disclosure_handlers(struct jw_conn *c, struct jw_arena *a, int64_t id,
                                              struct jw_disclosure_handler **out, size_t *n, struct jw_error *err);

#endif
