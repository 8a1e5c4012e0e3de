/* ops_houses.c — rental houses and self-managed groups: scope, checks that
 * leaders and members live in the group's grid, audit rows. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "community/internal.h"
#include "community/store.h"
#include "community/store_read.h"
#include "core/mem.h"

static enum jw_code audit(struct jw_conn *c, const struct jw_community_actor *who, const char *action, const char *type,
                          int64_t id, const char *detail, struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {
      who->user ? who->user->id : 0, who->user ? who->user->login : "cli", action, type, oid, detail, who->ip};
  return jw_audit_write(c, &e, err);
}

/* ---- rental houses ---- */

enum jw_code jw_community_houses(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int64_t grid_id,
                                 const char *q, int64_t cursor, int64_t limit, struct jw_house **out, size_t *n,
                                 int64_t *next, struct jw_error *err) {
  *out = NULL;
  *n = 0;
  *next = 0;
  struct jw_comm_scope sc;
  if (jw_comm_scope_of(c, a, u, &sc, err) != JW_OK) return err->code;
  if (grid_id && jw_comm_grid_check(c, u, grid_id, err) != JW_OK) return err->code;
  if (sc.kind == SCOPE_NONE) return JW_OK;
  if (jw_comm_store_houses(c, a, &sc, grid_id, q, cursor, limit, out, n, err) != JW_OK) return err->code;
  if (*n > (size_t)limit) {
    *n = (size_t)limit;
    *next = (*out)[*n - 1].id;
  }
  return JW_OK;
}

/* A house's or group's detail read for who, with its audit row: one transaction. */
struct detail_tx {
  struct jw_arena *a;
  const struct jw_community_actor *who;
  int64_t id;
  void *out;
  struct jw_resident_row **rows;
  size_t *nrows;
};

static enum jw_code house_read(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int64_t id,
                               struct jw_house *out, struct jw_resident_row **tenants, size_t *ntenants,
                               struct jw_error *err) {
  *tenants = NULL;
  *ntenants = 0;
  struct jw_comm_scope sc;
  if (jw_comm_scope_of(c, a, u, &sc, err) != JW_OK) return err->code;
  if (sc.kind == SCOPE_NONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no such rental house.");
  enum jw_code rc = jw_comm_store_house_in(c, a, &sc, id, out, err);
  if (rc != JW_OK) return rc;
  int v = jw_community_grid_visible(c, u, out->grid_id, err);
  if (v < 0) return err->code;
  if (!v) return jw_fail(err, JW_E_NOT_FOUND, "There is no such rental house.");
  return jw_comm_store_house_tenants(c, a, &sc, id, tenants, ntenants, err);
}

static enum jw_code house_read_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct detail_tx *t = arg;
  struct jw_house *h = t->out;
  if (house_read(c, t->a, t->who->user, t->id, h, t->rows, t->nrows, err) != JW_OK) return err->code;
  return audit(c, t->who, "house.read", "rental_house", t->id,
               jw_arena_printf(t->a, "landlord and %zu tenant(s) read", *t->nrows), err);
}

enum jw_code jw_community_house(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who, int64_t id,
                                struct jw_house *out, struct jw_resident_row **tenants, size_t *ntenants,
                                struct jw_error *err) {
  struct detail_tx t = {a, who, id, out, tenants, ntenants};
  return jw_tx(c, house_read_in_tx, &t, err);
}

struct house_tx {
  const struct jw_community_actor *who;
  struct jw_house *h;
};

static enum jw_code house_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct house_tx *t = arg;
  struct jw_arena a = {0};
  enum jw_code rc = JW_OK;
  struct jw_house old = {0};
  if (t->h->id) {
    /* The house must be one the user sees, and so must the grid it goes to. */
    if ((rc = jw_comm_store_house(c, &a, t->h->id, &old, err)) != JW_OK) goto out;
    int v = jw_community_grid_visible(c, t->who->user, old.grid_id, err);
    if (v <= 0) {
      rc = v < 0 ? err->code : jw_fail(err, JW_E_NOT_FOUND, "There is no such rental house.");
      goto out;
    }
  }
  int v = jw_community_grid_visible(c, t->who->user, t->h->grid_id, err);
  if (v <= 0) {
    if (v == 0) jw_field_fail(err, "grid_id", "is not a grid you work");
    rc = err->code;
    goto out;
  }
  struct jw_grid g;
  if ((rc = jw_comm_store_grid(c, &a, t->h->grid_id, &g, err)) != JW_OK) goto out;
  t->h->unit_path = g.unit_path;
  int64_t now = (int64_t)time(NULL);
  rc = t->h->id ? jw_comm_store_house_update(c, t->h, now, err) : jw_comm_store_house_insert(c, t->h, now, err);
  if (rc == JW_OK)
    rc = audit(c, t->who, old.id && t->h->id ? "house.update" : "house.create", "rental_house", t->h->id, "", err);
out:
  t->h->unit_path = NULL;
  jw_arena_free(&a);
  return rc;
}

enum jw_code jw_community_house_save(struct jw_conn *c, const struct jw_community_actor *who, struct jw_house *h,
                                     struct jw_error *err) {
  struct house_tx t = {who, h};
  return jw_tx(c, house_in_tx, &t, err);
}

/* ---- groups ---- */

enum jw_code jw_community_groups(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int64_t grid_id,
                                 int64_t cursor, int64_t limit, struct jw_group **out, size_t *n, int64_t *next,
                                 struct jw_error *err) {
  *out = NULL;
  *n = 0;
  *next = 0;
  struct jw_comm_scope sc;
  if (jw_comm_scope_of(c, a, u, &sc, err) != JW_OK) return err->code;
  if (grid_id && jw_comm_grid_check(c, u, grid_id, err) != JW_OK) return err->code;
  if (sc.kind == SCOPE_NONE) return JW_OK;
  if (jw_comm_store_groups(c, a, &sc, grid_id, cursor, limit, out, n, err) != JW_OK) return err->code;
  if (*n > (size_t)limit) {
    *n = (size_t)limit;
    *next = (*out)[*n - 1].id;
  }
  return JW_OK;
}

static enum jw_code group_read(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int64_t id,
                               struct jw_group *out, struct jw_resident_row **members, size_t *nmembers,
                               struct jw_error *err) {
  *members = NULL;
  *nmembers = 0;
  struct jw_comm_scope sc;
  if (jw_comm_scope_of(c, a, u, &sc, err) != JW_OK) return err->code;
  if (sc.kind == SCOPE_NONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no such group.");
  enum jw_code rc = jw_comm_store_group_in(c, a, &sc, id, out, err);
  if (rc != JW_OK) return rc;
  int v = jw_community_grid_visible(c, u, out->grid_id, err);
  if (v < 0) return err->code;
  if (!v) return jw_fail(err, JW_E_NOT_FOUND, "There is no such group.");
  return jw_comm_store_group_residents(c, a, &sc, id, members, nmembers, err);
}

static enum jw_code group_read_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct detail_tx *t = arg;
  if (group_read(c, t->a, t->who->user, t->id, t->out, t->rows, t->nrows, err) != JW_OK) return err->code;
  return audit(c, t->who, "group.read", "resident_group", t->id, jw_arena_printf(t->a, "%zu member(s) read", *t->nrows),
               err);
}

enum jw_code jw_community_group(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who, int64_t id,
                                struct jw_group *out, struct jw_resident_row **members, size_t *nmembers,
                                struct jw_error *err) {
  struct detail_tx t = {a, who, id, out, members, nmembers};
  return jw_tx(c, group_read_in_tx, &t, err);
}

struct group_tx {
  const struct jw_community_actor *who;
  struct jw_group *g;
  const int64_t *members;
  size_t nmembers;
  const char *today;
};

/* 1 when resident id lives in grid_id, 0 when not (or missing), -1 on error. */
static int lives_in(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t grid_id, struct jw_error *err) {
  struct jw_resident_row r;
  enum jw_code rc = jw_comm_store_resident(c, a, id, &r, err);
  if (rc == JW_E_NOT_FOUND) {
    jw_error_clear(err);
    return 0;
  }
  return rc != JW_OK ? -1 : r.grid_id == grid_id;
}

static enum jw_code group_checks(struct jw_conn *c, struct jw_arena *a, struct group_tx *t, struct jw_error *err) {
  struct jw_group *g = t->g;
  int v;
  if (g->leader_id && (v = lives_in(c, a, g->leader_id, g->grid_id, err)) <= 0) {
    if (v < 0) return err->code;
    jw_field_fail(err, "leader_id", "is not a resident of this grid");
  }
  for (size_t i = 0; i < t->nmembers; i++)
    if ((v = lives_in(c, a, t->members[i], g->grid_id, err)) <= 0) {
      if (v < 0) return err->code;
      jw_field_fail(err, "member_ids", "resident %lld is not a resident of this grid", (long long)t->members[i]);
      break;
    }
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

static enum jw_code group_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct group_tx *t = arg;
  struct jw_group *g = t->g;
  struct jw_arena a = {0};
  enum jw_code rc = JW_OK;
  int creating = g->id == 0;
  if (!creating) {
    struct jw_group old;
    if ((rc = jw_comm_store_group(c, &a, g->id, &old, err)) != JW_OK) goto out;
    g->grid_id = old.grid_id; /* a group stays in its grid */
  }
  int v = jw_community_grid_visible(c, t->who->user, g->grid_id, err);
  if (v <= 0) {
    if (v == 0 && creating) jw_field_fail(err, "grid_id", "is not a grid you work");
    rc = v < 0 ? err->code : creating ? JW_E_VALIDATION : jw_fail(err, JW_E_NOT_FOUND, "There is no such group.");
    goto out;
  }
  if ((rc = group_checks(c, &a, t, err)) != JW_OK) goto out;
  struct jw_grid grid;
  if ((rc = jw_comm_store_grid(c, &a, g->grid_id, &grid, err)) != JW_OK) goto out;
  g->unit_path = grid.unit_path;
  int64_t now = (int64_t)time(NULL);
  rc = creating ? jw_comm_store_group_insert(c, g, now, err) : jw_comm_store_group_update(c, g, now, err);
  if (rc == JW_E_CONFLICT) rc = jw_fail(err, JW_E_CONFLICT, "This grid has a group of that name already.");
  if (rc == JW_OK && t->members) {
    rc = jw_comm_store_group_members_clear(c, g->id, err);
    for (size_t i = 0; rc == JW_OK && i < t->nmembers; i++)
      rc = jw_comm_store_group_member_add(c, g->id, t->members[i], t->today, err);
  }
  if (rc == JW_OK) rc = audit(c, t->who, creating ? "group.create" : "group.update", "resident_group", g->id, "", err);
out:
  g->unit_path = NULL;
  jw_arena_free(&a);
  return rc;
}

enum jw_code jw_community_group_save(struct jw_conn *c, const struct jw_community_actor *who, struct jw_group *g,
                                     const int64_t *members, size_t nmembers, const char *today, struct jw_error *err) {
  struct group_tx t = {who, g, members, nmembers, today};
  return jw_tx(c, group_in_tx, &t, err);
}

/* ---- grids (station chief, unit admin) ---- */

struct grid_tx {
  const struct jw_community_actor *who;
  struct jw_grid *g;
  const int64_t *members;
  size_t nmembers;
};

/* 1 when officer id is one of kind (NULL: any) in the user's scope. */
static int officer_in_scope(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int64_t id,
                            const char *kind) {
  const char *path, *k;
  struct jw_error e = {0};
  if (jw_comm_store_officer_place(c, a, id, &path, &k, &e) != JW_OK) return 0;
  return jw_scope_contains(u, path) && (!kind || !strcmp(kind, k));
}

static enum jw_code grid_checks(struct jw_conn *c, struct jw_arena *a, struct grid_tx *t, struct jw_error *err) {
  const struct jw_user *u = t->who->user;
  struct jw_grid *g = t->g;
  if (!g->id) {
    const char *path, *kind;
    enum jw_code rc = jw_comm_store_unit_of(c, a, g->unit_id, &path, &kind, err);
    if (rc != JW_OK && rc != JW_E_NOT_FOUND) return rc;
    jw_error_clear(err);
    if (rc == JW_E_NOT_FOUND || !jw_scope_contains(u, path) ||
        (strcmp(kind, "station") && strcmp(kind, "community_station") && strcmp(kind, "village_office")))
      jw_field_fail(err, "unit_id", "is not a station, community station or village office of yours");
    else
      g->unit_path = path;
  }
  if (g->officer_id && !officer_in_scope(c, a, u, g->officer_id, "police"))
    jw_field_fail(err, "officer_id", "is not a police officer of your unit");
  for (size_t i = 0; i < t->nmembers; i++)
    if (!officer_in_scope(c, a, u, t->members[i], NULL)) {
      jw_field_fail(err, "member_ids", "officer %lld is not of your unit", (long long)t->members[i]);
      break;
    }
  struct jw_geo_point pts[256];
  int n = jw_polygon_parse(g->polygon ? g->polygon : "[]", pts, 256);
  if (n < 0 || (n > 0 && n < 3)) jw_field_fail(err, "polygon", "must be empty or 3 to 256 [lng_e6, lat_e6] points");
  g->has_box = n >= 3;
  for (int i = 0; i < n; i++) {
    if (!i || pts[i].lat_e6 < g->min_lat_e6) g->min_lat_e6 = pts[i].lat_e6;
    if (!i || pts[i].lat_e6 > g->max_lat_e6) g->max_lat_e6 = pts[i].lat_e6;
    if (!i || pts[i].lng_e6 < g->min_lng_e6) g->min_lng_e6 = pts[i].lng_e6;
    if (!i || pts[i].lng_e6 > g->max_lng_e6) g->max_lng_e6 = pts[i].lng_e6;
  }
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

static enum jw_code grid_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct grid_tx *t = arg;
  struct jw_grid *g = t->g;
  const struct jw_user *u = t->who->user;
  struct jw_arena a = {0};
  enum jw_code rc = JW_OK;
  int creating = g->id == 0;
  if (!u || (u->role != JW_ROLE_STATION_CHIEF && u->role != JW_ROLE_UNIT_ADMIN)) {
    rc = jw_fail(err, JW_E_FORBIDDEN, "Only a station chief or a unit admin sets up grids.");
    goto out;
  }
  if (!creating) {
    struct jw_grid old;
    rc = jw_comm_store_grid(c, &a, g->id, &old, err);
    if (rc == JW_OK && !jw_scope_contains(u, old.unit_path))
      rc = jw_fail(err, JW_E_NOT_FOUND, "There is no such grid.");
    if (rc != JW_OK) goto out;
    if (!g->polygon) g->polygon = old.polygon; /* not sent: kept */
  }
  if ((rc = grid_checks(c, &a, t, err)) != JW_OK) goto out;
  int64_t now = (int64_t)time(NULL);
  rc = creating ? jw_comm_store_grid_insert(c, g, now, err) : jw_comm_store_grid_update(c, g, now, err);
  if (rc == JW_E_CONFLICT) rc = jw_fail(err, JW_E_CONFLICT, "There is a grid with this code already.");
  if (rc == JW_OK) rc = jw_comm_store_members_clear(c, g->id, err);
  for (size_t i = 0; rc == JW_OK && i < t->nmembers; i++) rc = jw_comm_store_member_add(c, g->id, t->members[i], err);
  if (rc == JW_OK) rc = audit(c, t->who, creating ? "grid.create" : "grid.update", "grid", g->id, g->name, err);
out:
  g->unit_path = NULL;
  jw_arena_free(&a);
  return rc;
}

enum jw_code jw_community_grid_save(struct jw_conn *c, const struct jw_community_actor *who, struct jw_grid *g,
                                    const int64_t *members, size_t nmembers, struct jw_error *err) {
  struct grid_tx t = {who, g, members, nmembers};
  return jw_tx(c, grid_in_tx, &t, err);
}
