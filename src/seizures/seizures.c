/* seizures.c — the rules of the stolen-vehicle registry: input checks, the
 * transition table, scope, and each change in one transaction with its
 * audit row (the SQL is in store.c). */
#include "seizures/seizures.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "core/mem.h"
#include "core/validate.h"
#include "seizures/store.h"
#include "vehicles/vehicles.h"

const char *const jw_stolen_statuses[] = {"reported", "seized", "returned", "cancelled", NULL};
const char *const jw_stolen_kinds[] = {"car", "motorcycle", "ebike", "other", NULL};

#define R(role)   JW_BIT(JW_ROLE_##role)
#define POLICE    (R(OFFICER) | R(STATION_CHIEF) | R(UNIT_ADMIN))
#define COMMUNITY (POLICE | R(AUXILIARY))
#define CHIEFS    (R(STATION_CHIEF) | R(UNIT_ADMIN))

/* The transitions of a record: {event, from, to, who may fire it}. */
static const struct {
  const char *event, *from, *to;
  unsigned roles;
} transitions[] = {
    {"seize", "reported", "seized", COMMUNITY},
    {"return", "seized", "returned", POLICE},
    {"cancel", "reported", "cancelled", CHIEFS},
};

/* ---- input ---- */

/* s upper-cased (ASCII) without spaces, in a. */
static char *squeeze_upper(struct jw_arena *a, const char *s) {
  char *out = jw_arena_alloc(a, strlen(s) + 1), *o = out;
  for (; *s; s++)
    if (*s != ' ') *o++ = (char)toupper((unsigned char)*s);
  *o = '\0';
  return out;
}

/* A Zhejiang electric-bike plate: the city or district in 2–3 Chinese
 * characters, then 5–6 letters (no I, O) or digits ("台州A12345"). NULL when
 * valid, else a sentence. */
static const char *check_ebike_plate(const char *p) {
  int cjk = 0, rest = 0;
  const unsigned char *u = (const unsigned char *)p;
  while (*u >= 0xE4 && *u <= 0xE9 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
    cjk++;
    u += 3;
  }
  for (; *u; u++, rest++)
    if (!((*u >= '0' && *u <= '9') || (*u >= 'A' && *u <= 'Z' && *u != 'I' && *u != 'O')))
      return "An electric-bike plate is the city in Chinese characters, then 5 or 6 letters or digits.";
  if (cjk < 2 || cjk > 3 || rest < 5 || rest > 6)
    return "An electric-bike plate is the city in Chinese characters, then 5 or 6 letters or digits.";
  return NULL;
}

static const char *check_engine_no(const char *e) {
  size_t n = strlen(e);
  if (n < 4 || n > 30) return "An engine number has 4 to 30 letters or digits.";
  for (const char *p = e; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '-') return "An engine number has 4 to 30 letters or digits.";
  return NULL;
}

enum jw_code jw_stolen_normalise_keys(struct jw_stolen_new *in, struct jw_arena *a, struct jw_error *err) {
  const char *why;
  if (*in->plate) {
    char norm[JW_PLATE_MAX];
    if (!*in->plate_type) {
      jw_field_fail(err, "plate_type", "is required with a plate");
    } else if (strcmp(in->plate_type, JW_EBIKE_PLATE_TYPE) == 0) {
      in->plate = squeeze_upper(a, in->plate);
      if ((why = check_ebike_plate(in->plate))) jw_field_fail(err, "plate", "%s", why);
    } else if (!jw_plate_type_name(in->plate_type)) {
      jw_field_fail(err, "plate_type", "is not one of the known values");
    } else if ((why = jw_check_plate(in->plate_type, in->plate, norm))) {
      jw_field_fail(err, "plate", "%s", why);
    } else {
      in->plate = jw_arena_strdup(a, norm);
    }
  } else if (*in->plate_type) {
    jw_field_fail(err, "plate", "is required with a plate type");
  }
  if (*in->vin) {
    char norm[18];
    if ((why = jw_check_vin(in->vin, norm)))
      jw_field_fail(err, "vin", "%s", why);
    else
      in->vin = jw_arena_strdup(a, norm);
  }
  if (*in->engine_no) {
    in->engine_no = squeeze_upper(a, in->engine_no);
    if ((why = check_engine_no(in->engine_no))) jw_field_fail(err, "engine_no", "%s", why);
  }
  if (!*in->plate && !*in->vin && !*in->engine_no)
    jw_field_fail(err, "plate", "Give the plate, the VIN or the engine number.");
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

enum jw_code jw_stolen_normalise(struct jw_stolen_new *in, struct jw_arena *a, int64_t now, struct jw_error *err) {
  const char *why;
  jw_stolen_normalise_keys(in, a, err);
  if ((why = jw_check_phone(in->owner_phone))) jw_field_fail(err, "owner_phone", "%s", why);
  if (in->reported_at > now + 300) jw_field_fail(err, "reported_at", "must not be in the future");
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

/* ---- audit ---- */

static enum jw_code audit(struct jw_conn *c, const struct jw_stolen_actor *who, const char *action, int64_t id,
                          const char *detail, struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {
      .actor_id = who->user ? who->user->id : 0,
      .actor_login = who->user ? who->user->login : "",
      .action = action,
      .object_type = "stolen_vehicle",
      .object_id = oid,
      .detail = detail,
      .ip = who->ip,
  };
  return jw_audit_write(c, &e, err);
}

/* ---- report ---- */

struct report_tx {
  const struct jw_stolen_actor *who;
  const struct jw_stolen_new *in;
  int64_t *id;
};

static enum jw_code report_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct report_tx *t = arg;
  const struct jw_user *u = t->who->user;
  int64_t unit = t->in->unit_id ? t->in->unit_id : u->unit_id;
  const char *path = NULL;
  int found = jw_seiz_store_unit(c, t->who->a, unit, &path, NULL, err);
  if (found < 0) return err->code;
  if (!found || !jw_scope_contains(u, path))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no unit %lld in your scope.", (long long)unit);
  if (jw_seiz_store_insert(c, t->in, unit, path, u->id, t->who->now, t->id, err) != JW_OK) return err->code;
  const char *what = *t->in->plate ? t->in->plate : *t->in->vin ? t->in->vin : t->in->engine_no;
  return audit(c, t->who, "stolen.report", *t->id, jw_arena_printf(t->who->a, "%s %s", t->in->kind, what), err);
}

enum jw_code jw_stolen_report(struct jw_conn *c, const struct jw_stolen_actor *who, const struct jw_stolen_new *in,
                              int64_t *id, struct jw_error *err) {
  struct report_tx t = {who, in, id};
  return jw_tx(c, report_tx, &t, err);
}

/* ---- reading ---- */

/* 1 when who sees record w: its reporting or seizing unit is in scope. */
static int visible(const struct jw_user *u, const struct jw_stolen *w) {
  return jw_scope_contains(u, w->unit_path) || (w->seized && jw_scope_contains(u, w->z.unit_path));
}

enum jw_code jw_stolen_get(struct jw_conn *c, const struct jw_stolen_actor *who, int64_t id, struct jw_stolen *out,
                           struct jw_error *err) {
  int found = jw_seiz_store_get(c, who->a, id, out, err);
  if (found < 0) return err->code;
  if (!found || !visible(who->user, out))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no stolen-vehicle record %lld.", (long long)id);
  return JW_OK;
}

enum jw_code jw_stolen_list(struct jw_conn *c, const struct jw_stolen_actor *who, const struct jw_stolen_filter *f,
                            int64_t limit, int64_t cursor, struct jw_stolen **out, size_t *n, struct jw_error *err) {
  const struct jw_user *u = who->user;
  const char *lo = u->whole_bureau || !u->unit_path ? "/" : u->unit_path;
  return jw_seiz_store_list(c, who->a, lo, jw_db_prefix_end(who->a, lo), f, limit + 1, cursor, out, n, err);
}

enum jw_code jw_stolen_check(struct jw_conn *c, struct jw_arena *a, const char *plate_type, const char *plate,
                             const char *vin, const char *engine_no, struct jw_stolen_match **out, size_t *n,
                             struct jw_error *err) {
  return jw_seiz_store_check(c, a, plate_type, plate, vin, engine_no, out, n, err);
}

enum jw_code jw_seizure_totals(struct jw_conn *c, struct jw_arena *a, struct jw_seizure_totals *out,
                               struct jw_error *err) {
  return jw_seiz_store_totals(c, a, out, err);
}

/* ---- transitions ---- */

struct fire_tx {
  const struct jw_stolen_actor *who;
  int64_t id;
  int t; /* index into transitions */
  const struct jw_stolen_step *step;
};

static enum jw_code fire_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct fire_tx *x = arg;
  const struct jw_user *u = x->who->user;
  const char *event = transitions[x->t].event;
  struct jw_stolen w = {0};
  int found = jw_seiz_store_get(c, x->who->a, x->id, &w, err);
  if (found < 0) return err->code;
  /* Anyone of the community may seize a reported record (found by check). */
  int seizable = found && strcmp(event, "seize") == 0 && strcmp(w.status, "reported") == 0;
  if (!found || !(visible(u, &w) || seizable))
    return jw_fail(err, JW_E_NOT_FOUND, "There is no stolen-vehicle record %lld.", (long long)x->id);
  if (!(transitions[x->t].roles & JW_BIT(u->role)))
    return jw_fail(err, JW_E_FORBIDDEN, "Your role (%s) may not do this.", jw_role_name(u->role));
  int moved = jw_seiz_store_move(c, x->id, transitions[x->t].from, transitions[x->t].to,
                                 strcmp(event, "cancel") == 0 ? x->step->reason : NULL, x->who->now, err);
  if (moved < 0) return err->code;
  if (!moved) return jw_fail(err, JW_E_CONFLICT, "This record's status (%s when read) does not allow this.", w.status);
  const char *detail = "";
  if (strcmp(event, "seize") == 0) {
    const char *path = NULL;
    found = jw_seiz_store_unit(c, x->who->a, u->unit_id, &path, NULL, err);
    if (found <= 0) return found < 0 ? err->code : jw_fail(err, JW_E_INTERNAL, "the user's unit is missing");
    if (jw_seiz_store_seize(c, x->id, u->unit_id, path, x->step, u->id, x->who->now, err) != JW_OK) return err->code;
    detail = jw_arena_printf(x->who->a, "seized at %s", x->step->place);
  } else if (strcmp(event, "return") == 0) {
    int done = jw_seiz_store_return(c, x->id, x->step, u->id, x->who->now, err);
    if (done < 0) return err->code;
    if (!done) {
      jw_field_fail(err, "returned_at", "must not be before the seizure");
      return JW_E_VALIDATION;
    }
    detail = jw_arena_printf(x->who->a, "returned to %s", x->step->returned_to);
  } else {
    detail = x->step->reason;
  }
  return audit(c, x->who, jw_arena_printf(x->who->a, "stolen.%s", event), x->id, detail, err);
}

enum jw_code jw_stolen_fire(struct jw_conn *c, const struct jw_stolen_actor *who, int64_t id, const char *event,
                            const struct jw_stolen_step *step, struct jw_error *err) {
  for (int i = 0; i < (int)(sizeof transitions / sizeof transitions[0]); i++) {
    if (strcmp(transitions[i].event, event) != 0) continue;
    struct fire_tx x = {who, id, i, step};
    return jw_tx(c, fire_tx, &x, err);
  }
  return jw_fail(err, JW_E_NOT_FOUND, "There is no action %s.", event);
}
