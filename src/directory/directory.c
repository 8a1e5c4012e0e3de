/* directory.c — the unit tree's and the officers' rules: what a change
 * writes in its transaction (the rows, the directory's version, the audit
 * row), through the store (store.c). The API, the seed and the command
 * line go through these. */
#include "directory/directory.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/mem.h"
#include "directory/cache.h"
#include "directory/store.h"

const char *const jw_unit_kinds[] = {
    "bureau", "branch", "station", "community_station", "village_office", "traffic_brigade", "inspection_station",
    NULL};
const char *const jw_officer_kinds[] = {"police", "auxiliary", NULL};

/* ---- units ---- */

enum jw_code jw_unit_path(struct jw_conn *c, struct jw_arena *a, int64_t unit_id, const char **path,
                          struct jw_error *err) {
  return jw_dir_store_unit_path(c, a, unit_id, path, err);
}

enum jw_code jw_unit_insert(struct jw_conn *c, const struct jw_new_unit *u, int64_t *id, struct jw_error *err) {
  return jw_dir_store_unit_insert(c, u, (int64_t)time(NULL), id, err);
}

enum jw_code jw_unit_move(struct jw_conn *c, struct jw_arena *a, const char *old_path, const char *new_path,
                          struct jw_error *err) {
  return jw_dir_store_paths_move(c, a, old_path, new_path, err);
}

enum jw_code jw_units_all(struct jw_conn *c, struct jw_arena *a, struct jw_unit **out, size_t *n,
                          struct jw_error *err) {
  return jw_dir_store_units(c, a, NULL, -1, 0, out, n, err);
}

enum jw_code jw_units_find(struct jw_conn *c, struct jw_arena *a, const struct jw_unit_filter *f, int64_t limit,
                           int64_t offset, struct jw_unit **out, size_t *n, struct jw_error *err) {
  assert(f && limit >= 0 && offset >= 0);
  return jw_dir_store_units(c, a, f, limit + 1, offset, out, n, err);
}

enum jw_code jw_unit_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_unit *out,
                         struct jw_unit_ref **anc, size_t *nanc, int64_t *children, int64_t *officers,
                         struct jw_error *err) {
  if (jw_dir_store_unit_get(c, a, id, out, err) != JW_OK) return err->code;
  if (!anc) return JW_OK;
  if (jw_dir_store_ancestors(c, a, out->path, id, anc, nanc, err) != JW_OK) return err->code;
  return jw_dir_store_unit_counts(c, a, id, out->path, children, officers, err);
}

/* Writes the audit row of a directory change for who on c (inside the change's transaction). */
static enum jw_code audit_change(struct jw_conn *c, const struct jw_dir_actor *who, const char *action,
                                 const char *type, int64_t id, const char *detail, struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {
      .actor_id = who && who->user ? who->user->id : 0,
      .actor_login = who && who->user ? who->user->login : "",
      .action = action,
      .object_type = type,
      .object_id = id ? oid : "",
      .detail = detail,
      .ip = who ? who->ip : NULL,
  };
  return jw_audit_write(c, &e, err);
}

struct unit_tx {
  struct jw_arena *a;
  int64_t id;
  const char *old_path, *parent_path;
  const struct jw_new_unit *u;
  const struct jw_dir_actor *who;
};

static enum jw_code unit_create_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct unit_tx *t = arg;
  if (jw_unit_insert(c, t->u, &t->id, err) != JW_OK || jw_dir_bump(c, err) != JW_OK) return err->code;
  return audit_change(c, t->who, "unit.create", "unit", t->id, t->u->name, err);
}

enum jw_code jw_unit_create(struct jw_conn *c, const struct jw_new_unit *u, const struct jw_dir_actor *who, int64_t *id,
                            struct jw_error *err) {
  struct unit_tx t = {NULL, 0, NULL, NULL, u, who};
  if (jw_tx(c, unit_create_tx, &t, err) != JW_OK) return err->code;
  *id = t.id;
  return JW_OK;
}

/* Officers' list order follows their unit's place; it only depends on the
 * unit id, so a move leaves it valid. */
static enum jw_code unit_update_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct unit_tx *t = arg;
  if (jw_dir_store_unit_update(c, t->id, t->u, (int64_t)time(NULL), err) != JW_OK) return err->code;
  /* A new parent moves the whole subtree: rewrite the path prefix. */
  const char *new_path = jw_arena_printf(t->a, "%s%lld/", t->parent_path, (long long)t->id);
  if (strcmp(new_path, t->old_path) != 0 && jw_unit_move(c, t->a, t->old_path, new_path, err) != JW_OK)
    return err->code;
  if (jw_dir_bump(c, err) != JW_OK) return err->code;
  return audit_change(c, t->who, "unit.update", "unit", t->id, t->u->name, err);
}

enum jw_code jw_unit_update(struct jw_conn *c, struct jw_arena *a, int64_t id, const char *old_path,
                            const struct jw_new_unit *u, const char *parent_path, const struct jw_dir_actor *who,
                            struct jw_error *err) {
  assert(strncmp(parent_path, old_path, strlen(old_path)) != 0);
  struct unit_tx t = {a, id, old_path, parent_path, u, who};
  return jw_tx(c, unit_update_tx, &t, err);
}

static enum jw_code unit_delete_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct unit_tx *t = arg;
  int64_t used;
  if (jw_dir_store_unit_users(c, t->id, &used, err) != JW_OK) return err->code;
  if (used > 0)
    return jw_fail(err, JW_E_CONFLICT, "The unit still has sub-units, officers or staff accounts; move them first.");
  if (jw_dir_store_unit_delete(c, t->id, err) != JW_OK || jw_dir_bump(c, err) != JW_OK) return err->code;
  return audit_change(c, t->who, "unit.delete", "unit", t->id, "", err);
}

enum jw_code jw_unit_delete(struct jw_conn *c, int64_t id, const struct jw_dir_actor *who, struct jw_error *err) {
  struct unit_tx t = {NULL, id, NULL, NULL, NULL, who};
  return jw_tx(c, unit_delete_tx, &t, err);
}

/* ---- officers ---- */

char *jw_officer_search_text(struct jw_arena *a, const struct jw_new_officer *o) {
  return jw_arena_printf(a, "%s %s %s", o->name, o->badge_no ? o->badge_no : "", o->title ? o->title : "");
}

int64_t jw_officer_list_order(const struct jw_new_officer *o) {
  int64_t police = strcmp(o->kind, "police") == 0;
  return (police ? 0 : INT64_C(1) << 52) + o->unit_id * 10000 + o->rank;
}

enum jw_code jw_officer_insert(struct jw_conn *c, const struct jw_new_officer *o, int64_t *id, struct jw_error *err) {
  struct jw_arena a = {0};
  enum jw_code rc = jw_dir_store_officer_insert(c, o, jw_officer_search_text(&a, o), jw_officer_list_order(o),
                                                (int64_t)time(NULL), id, err);
  jw_arena_free(&a);
  return rc;
}

enum jw_code jw_officer_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_officer *o,
                            struct jw_officer_unit *unit, struct jw_error *err) {
  return jw_dir_store_officer_get(c, a, id, o, unit, err);
}

struct officer_tx {
  struct jw_arena *a;
  int64_t id;
  const struct jw_new_officer *o;
  const struct jw_dir_actor *who;
};

static enum jw_code officer_create_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct officer_tx *t = arg;
  if (jw_officer_insert(c, t->o, &t->id, err) != JW_OK || jw_dir_bump(c, err) != JW_OK) return err->code;
  return audit_change(c, t->who, "officer.create", "officer", t->id, t->o->name, err);
}

enum jw_code jw_officer_create(struct jw_conn *c, const struct jw_new_officer *o, const struct jw_dir_actor *who,
                               int64_t *id, struct jw_error *err) {
  struct officer_tx t = {NULL, 0, o, who};
  if (jw_tx(c, officer_create_tx, &t, err) != JW_OK) return err->code;
  *id = t.id;
  return JW_OK;
}

static enum jw_code officer_update_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct officer_tx *t = arg;
  if (jw_dir_store_officer_update(c, t->id, t->o, jw_officer_search_text(t->a, t->o), jw_officer_list_order(t->o),
                                  (int64_t)time(NULL), err) != JW_OK ||
      jw_dir_bump(c, err) != JW_OK)
    return err->code;
  return audit_change(c, t->who, "officer.update", "officer", t->id, t->o->name, err);
}

enum jw_code jw_officer_update(struct jw_conn *c, struct jw_arena *a, int64_t id, const struct jw_new_officer *o,
                               const struct jw_dir_actor *who, struct jw_error *err) {
  struct officer_tx t = {a, id, o, who};
  return jw_tx(c, officer_update_tx, &t, err);
}

static enum jw_code officer_delete_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct officer_tx *t = arg;
  if (jw_dir_store_officer_delete(c, t->id, err) != JW_OK || jw_dir_bump(c, err) != JW_OK) return err->code;
  return audit_change(c, t->who, "officer.delete", "officer", t->id, "", err);
}

enum jw_code jw_officer_delete(struct jw_conn *c, int64_t id, const struct jw_dir_actor *who, struct jw_error *err) {
  struct officer_tx t = {NULL, id, NULL, who};
  return jw_tx(c, officer_delete_tx, &t, err);
}
