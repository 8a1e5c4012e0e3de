/* services.c — the catalogue's operations: reads through the store, and the
 * changes (create, save a draft, publish) each in one transaction with its
 * audit row. */
#include "services/services.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/mem.h"
#include "services/cache.h"
#include "services/document.h"
#include "services/store.h"

enum jw_code jw_service_doc_text(struct jw_conn *c, struct jw_arena *a, int64_t id, int version, const char **text,
                                 int *out_version, struct jw_error *err) {
  return jw_svc_store_doc(c, a, id, version, text, out_version, err);
}

enum jw_code jw_service_version_meta(struct jw_conn *c, int64_t id, int version, struct jw_service_version_meta *out,
                                     struct jw_error *err) {
  assert(version > 0);
  return jw_svc_store_version_meta(c, id, version, out, err);
}

enum jw_code jw_services_search(struct jw_conn *c, enum jw_db_kind kind, struct jw_arena *a,
                                const struct jw_service_query *f, int64_t limit, int64_t offset, int64_t **ids,
                                size_t *n, struct jw_error *err) {
  assert(limit >= 0 && offset >= 0);
  return jw_svc_store_search(c, kind, a, f, limit + 1, offset, ids, n, err);
}

enum jw_code jw_services_categories(struct jw_conn *c, struct jw_arena *a, struct jw_service_category **out, size_t *n,
                                    struct jw_error *err) {
  return jw_svc_store_categories(c, a, out, n, err);
}

enum jw_code jw_service_versions(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_service_version **out,
                                 size_t *n, struct jw_error *err) {
  return jw_svc_store_versions(c, a, id, out, n, err);
}

enum jw_code jw_services_drafts(struct jw_conn *c, struct jw_arena *a, int64_t limit, int64_t offset,
                                struct jw_service_draft_row **out, size_t *n, struct jw_error *err) {
  assert(limit >= 0 && offset >= 0);
  return jw_svc_store_drafts(c, a, limit + 1, offset, out, n, err);
}

enum jw_code jw_service_draft(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **text, int *has_draft,
                              int *version, struct jw_error *err) {
  if (jw_svc_store_draft(c, a, id, text, version, err) != JW_OK) return err->code;
  *has_draft = *text != NULL;
  if (*text) return JW_OK;
  return jw_svc_store_doc(c, a, id, 0, text, version, err);
}

/* Writes the audit row of a catalogue change for who on c (inside the change's transaction). */
static enum jw_code audit_change(struct jw_conn *c, const struct jw_svc_actor *who, const char *action, int64_t id,
                                 const char *detail, struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {
      .actor_id = who && who->user ? who->user->id : 0,
      .actor_login = who && who->user ? who->user->login : "",
      .action = action,
      .object_type = "service",
      .object_id = id ? oid : "",
      .detail = detail,
      .ip = who ? who->ip : NULL,
  };
  return jw_audit_write(c, &e, err);
}

struct create_tx {
  const struct jw_service_new *s;
  const struct jw_svc_actor *who;
  int64_t id;
};

static enum jw_code create_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct create_tx *t = arg;
  if (jw_svc_store_create(c, t->s, (int64_t)time(NULL), &t->id, err) != JW_OK) return err->code;
  char detail[128];
  snprintf(detail, sizeof detail, "draft %s", t->s->code);
  return audit_change(c, t->who, "service.create", t->id, detail, err);
}

enum jw_code jw_service_create(struct jw_conn *c, const struct jw_service_new *s, const struct jw_svc_actor *who,
                               int64_t *id, struct jw_error *err) {
  struct create_tx t = {s, who, 0};
  if (jw_tx(c, create_tx, &t, err) != JW_OK) return err->code;
  *id = t.id;
  return JW_OK;
}

struct draft_tx {
  int64_t id;
  const char *text;
  const struct jw_svc_actor *who;
};

static enum jw_code draft_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct draft_tx *t = arg;
  if (jw_svc_store_draft_put(c, t->id, t->text, (int64_t)time(NULL), err) != JW_OK) return err->code;
  return audit_change(c, t->who, "service.draft", t->id, "draft saved", err);
}

enum jw_code jw_service_draft_save(struct jw_conn *c, int64_t id, const char *text, const struct jw_svc_actor *who,
                                   struct jw_error *err) {
  struct draft_tx t = {id, text, who};
  return jw_tx(c, draft_tx, &t, err);
}

struct publish_tx {
  enum jw_db_kind kind;
  struct jw_arena *a;
  int64_t id;
  const struct jw_svc_actor *who;
  int version;
};

#define STR(doc, k) json_string_value(json_object_get(doc, k))

static void decref_deferred(void *p) { json_decref(p); }

static enum jw_code publish_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct publish_tx *t = arg;
  const char *text;
  int old;
  if (jw_svc_store_draft(c, t->a, t->id, &text, &old, err) != JW_OK) return err->code;
  if (!text) return jw_fail(err, JW_E_CONFLICT, "There is no draft to publish.");
  json_t *d = json_loads(text, 0, NULL);
  if (!d) return jw_fail(err, JW_E_DB, "The stored draft cannot be read.");
  jw_arena_defer(t->a, decref_deferred, d);
  if (jw_service_check(d, 1, err) != JW_OK)
    return jw_fail(err, JW_E_VALIDATION, "The draft lacks elements an item must have before it is published.");
  t->version = old + 1;
  int64_t now = (int64_t)time(NULL);
  struct jw_svc_published p = {
      .code = STR(d, "code"),
      .name = STR(d, "name"),
      .category = STR(d, "category"),
      .online_level = STR(d, "online_level"),
      .keywords = STR(d, "keywords"),
      .conditions = STR(d, "conditions"),
      .search = jw_arena_printf(t->a, "%s %s %s", STR(d, "name"), STR(d, "keywords"), STR(d, "conditions")),
      .summary = jw_service_summary_text(t->a, d, t->id, t->version),
      .version = t->version,
  };
  if (jw_svc_store_version_add(c, t->id, t->version, text, now, t->who->user->login, err) != JW_OK ||
      jw_svc_store_publish(c, t->id, old, &p, now, err) != JW_OK)
    return err->code;
  if (t->kind == JW_DB_SQLITE && jw_svc_store_fts_replace(c, t->id, &p, err) != JW_OK) return err->code;
  if (jw_svc_bump(c, err) != JW_OK) return err->code;
  char detail[32];
  snprintf(detail, sizeof detail, "version %d", t->version);
  return audit_change(c, t->who, "service.publish", t->id, detail, err);
}

enum jw_code jw_service_publish(struct jw_conn *c, enum jw_db_kind kind, struct jw_arena *a, int64_t id,
                                const struct jw_svc_actor *who, int *version, struct jw_error *err) {
  assert(who && who->user);
  struct publish_tx t = {kind, a, id, who, 0};
  if (jw_tx(c, publish_tx, &t, err) != JW_OK) return err->code;
  *version = t.version;
  return JW_OK;
}

/* ---- disclosure ---- */

static int month_cmp(const void *x, const void *y) {
  return strcmp(((const struct jw_disclosure_month *)x)->month, ((const struct jw_disclosure_month *)y)->month);
}

enum jw_code jw_disclosure_totals(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_disclosure_totals *out,
                                  struct jw_error *err) {
  struct jw_disclosure_month *rec, *done;
  size_t nrec, ndone;
  if (jw_svc_store_disclosure_total(c, id, &out->all, err) != JW_OK ||
      jw_svc_store_disclosure_months(c, a, id, 0, &rec, &nrec, err) != JW_OK ||
      jw_svc_store_disclosure_months(c, a, id, 1, &done, &ndone, err) != JW_OK)
    return err->code;
  /* One entry per month: received that month, completed that month. */
  struct jw_disclosure_month *months = jw_arena_alloc(a, (nrec + ndone + 1) * sizeof *months);
  size_t n = nrec;
  if (nrec) memcpy(months, rec, nrec * sizeof *months);
  for (size_t i = 0; i < ndone; i++) {
    size_t k = 0;
    while (k < nrec && strcmp(months[k].month, done[i].month) != 0) k++;
    if (k == nrec) {
      months[n++] = done[i];
    } else {
      months[k].completed = done[i].completed;
      months[k].on_time = done[i].on_time;
    }
  }
  qsort(months, n, sizeof *months, month_cmp);
  out->months = months;
  out->nmonths = n;
  return JW_OK;
}

enum jw_code jw_disclosure_items(struct jw_conn *c, struct jw_arena *a, struct jw_disclosure_item **out, size_t *n,
                                 struct jw_error *err) {
  return jw_svc_store_disclosure_items(c, a, out, n, err);
}

enum jw_code jw_disclosure_handlers(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **name,
                                    struct jw_disclosure_handler **out, size_t *n, struct jw_error *err) {
  if (jw_svc_store_published_name(c, a, id, name, err) != JW_OK) return err->code;
  return jw_svc_store_disclosure_handlers(c, a, id, out, n, err);
}
