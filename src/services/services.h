/*
 * services.h — the service catalogue (政务服务事项): items with every element
 * the national platform lists, edited as drafts and published as versions,
 * found by Chinese substring search; and the sunshine disclosure (阳光执法)
 * of how the items' applications were handled.
 *
 * An item is a JSON document, kept here as its text; service_versions keeps
 * every published one, so an application can name the version it was made
 * under. This header holds plain values and operations on a struct
 * jw_conn; reading and checking the document itself is services/document.h,
 * the SQL is in services/store.c, the handlers in services/api.h.
 */
#ifndef JW_SERVICES_H
#define JW_SERVICES_H

#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/identity.h"
#include "db/db.h"

struct jw_arena;

/* Form field types and the content types an attachment may have; NULL-terminated. */
extern const char *const jw_form_field_types[];
extern const char *const jw_upload_types[];
/* Category codes (household, residence, …); NULL-terminated. */
extern const char *const jw_service_categories[];
/* Online levels (notify, appointment, online, query); NULL-terminated. */
extern const char *const jw_service_online_levels[];
/* The Chinese name of a category code, "" when unknown. Static. */
const char *jw_service_category_name(const char *code);
/* The kinds of unit (units.kind) that accept applications for items of
 * category (派出所 for household and residence, 交警 for traffic, …),
 * NULL-terminated, static; an unknown category gets the bureau, branches,
 * stations and the traffic brigade. */
const char *const *jw_service_accepting_kinds(const char *category);
/* The Chinese name of a unit kind ("station" → "派出所"), kind itself when unknown. Static. */
const char *jw_unit_kind_name(const char *kind);

/*
 * Who makes a change, for the audit row written in the same transaction:
 * user is the editor (its login is also the version's publisher), ip may be
 * NULL. Borrowed.
 */
struct jw_svc_actor {
  const struct jw_user *user;
  const char *ip;
};

/*
 * The text of the published document of item id: version 0 means the
 * current one. *text receives it (arena-owned), *out_version the version
 * number. JW_E_NOT_FOUND (err set) when the item or version does not exist
 * or the item was never published; outputs untouched on failure.
 */
enum jw_code jw_service_doc_text(struct jw_conn *c, struct jw_arena *a, int64_t id, int version, const char **text,
                                 int *out_version, struct jw_error *err);

/* When version of item id was published and how many versions it has. */
struct jw_service_version_meta {
  int64_t published_at; /* Unix time */
  int64_t versions_count;
};

/* Reads the meta of version (≥ 1) of item id into *out. JW_E_NOT_FOUND
 * (err set) when there is no such version. */
enum jw_code jw_service_version_meta(struct jw_conn *c, int64_t id, int version, struct jw_service_version_meta *out,
                                     struct jw_error *err);

/* A search of the published catalogue; NULL / empty members are not applied. */
struct jw_service_query {
  const char *q; /* a substring of the name, keywords or conditions (≤ 50 characters) */
  const char *category, *online_level;
};

/*
 * The ids of the published items f finds, best first (name matches before
 * keyword matches; without q, in catalogue order), skipping offset and at
 * most limit + 1 of them (so the caller knows whether a page follows), into
 * an arena array *ids of length *n. kind is the database's (FTS5 on SQLite,
 * pg_trgm on PostgreSQL for queries of three or more characters). Returns
 * JW_OK or the code with err set.
 */
enum jw_code jw_services_search(struct jw_conn *c, enum jw_db_kind kind, struct jw_arena *a,
                                const struct jw_service_query *f, int64_t limit, int64_t offset, int64_t **ids,
                                size_t *n, struct jw_error *err);

/* A category with how many published items it has. */
struct jw_service_category {
  const char *code, *name;
  int64_t count;
};

/* Every category in display order into an arena array. Returns JW_OK or the code with err set. */
enum jw_code jw_services_categories(struct jw_conn *c, struct jw_arena *a, struct jw_service_category **out, size_t *n,
                                    struct jw_error *err);

/* One published version of an item. */
struct jw_service_version {
  int version;
  int64_t published_at;
  const char *published_by; /* the editor's login */
};

/* The versions of item id, newest first, into an arena array (none: *n = 0).
 * Returns JW_OK or the code with err set. */
enum jw_code jw_service_versions(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_service_version **out,
                                 size_t *n, struct jw_error *err);

/* An item an editor still has work on. */
struct jw_service_draft_row {
  int64_t id;
  const char *code, *name, *category;
  int version;   /* 0: never published */
  int has_draft; /* a saved draft waits */
  int64_t updated_at;
};

/* The items with a draft or never published, most recently changed first,
 * from offset, at most limit + 1, into an arena array. */
enum jw_code jw_services_drafts(struct jw_conn *c, struct jw_arena *a, int64_t limit, int64_t offset,
                                struct jw_service_draft_row **out, size_t *n, struct jw_error *err);

/*
 * The text an editor continues from: item id's saved draft (*has_draft 1),
 * else its current published document (*has_draft 0); *version is the
 * published version (0: none). *text is arena-owned. JW_E_NOT_FOUND when
 * there is no item id, or when it has neither draft nor published version.
 */
enum jw_code jw_service_draft(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **text, int *has_draft,
                              int *version, struct jw_error *err);

/* A new item: the draft's text and the elements every draft names. */
struct jw_service_new {
  const char *code, *name, *category, *online_level;
  const char *text; /* the draft document */
};

/* Creates item s as an unpublished draft and its "service.create" audit row
 * for who, in one transaction on c; *id receives the new id. JW_E_CONFLICT
 * (err set) when another item has the code. */
enum jw_code jw_service_create(struct jw_conn *c, const struct jw_service_new *s, const struct jw_svc_actor *who,
                               int64_t *id, struct jw_error *err);

/* Saves text as item id's draft and its "service.draft" audit row for who,
 * in one transaction on c. JW_E_NOT_FOUND when there is no item id. */
enum jw_code jw_service_draft_save(struct jw_conn *c, int64_t id, const char *text, const struct jw_svc_actor *who,
                                   struct jw_error *err);

/*
 * Publishes item id's draft as its next version: checks it is complete,
 * stores the version, the item's searchable columns and list entry, the
 * search index (SQLite), bumps the catalogue's version and writes the
 * "service.publish" audit row for who, all in one transaction on c.
 * *version receives the new version number. JW_E_NOT_FOUND (no item),
 * JW_E_CONFLICT (no draft, a taken code, or published meanwhile) or
 * JW_E_VALIDATION (the draft lacks elements), with err set and nothing
 * written. a: scratch.
 */
enum jw_code jw_service_publish(struct jw_conn *c, enum jw_db_kind kind, struct jw_arena *a, int64_t id,
                                const struct jw_svc_actor *who, int *version, struct jw_error *err);

/* ---- disclosure ---- */

/* How a set of applications went. */
struct jw_disclosure_figures {
  int64_t received, completed, on_time;
  int64_t rating_sum, rating_count;
};

/* One month of applications: received that month, completed that month (and of those, on time). */
struct jw_disclosure_month {
  const char *month; /* "2026-11" */
  int64_t received, completed, on_time;
};

/* The totals of one item or of all. */
struct jw_disclosure_totals {
  struct jw_disclosure_figures all;
  struct jw_disclosure_month *months; /* in month order */
  size_t nmonths;
};

/* The totals of item id (0: all items) into *out, arrays arena-owned.
 * Returns JW_OK or the code with err set. */
enum jw_code jw_disclosure_totals(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_disclosure_totals *out,
                                  struct jw_error *err);

/* One published item's figures. */
struct jw_disclosure_item {
  int64_t id;
  const char *code, *name;
  struct jw_disclosure_figures f;
};

/* Every published item's figures, most received first, into an arena array. */
enum jw_code jw_disclosure_items(struct jw_conn *c, struct jw_arena *a, struct jw_disclosure_item **out, size_t *n,
                                 struct jw_error *err);

/* A member of staff who acted on an item's applications. */
struct jw_disclosure_handler {
  const char *name;
  const char *badge_no; /* NULL: not an officer or no badge */
  const char *unit_name;
};

/* The name of published item id into *name (arena-owned), and who handled
 * its applications into an arena array. JW_E_NOT_FOUND (err set) when
 * there is no published item id. */
enum jw_code jw_disclosure_handlers(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **name,
                                    struct jw_disclosure_handler **out, size_t *n, struct jw_error *err);

#endif
