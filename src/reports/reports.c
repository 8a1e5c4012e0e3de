/* reports.c — the rules of citizen reports: filing with spam limits and
 * triage, the staff workflow as a transition table, Open311 clients, and
 * the small parsers the edge shares with the tests (times, degrees,
 * polygons). SQL lives in store.c. */
#include "community/community.h"
#include "reports/reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/crypto.h"
#include "core/mem.h"
#include "notify/notify.h"
#include "reports/store.h"

const char *const jw_report_state_names[JW_RS__MAX + 1] = {"new", "accepted", "assigned", "answered", "closed", NULL};
const char *const jw_report_action_names[JW_RA__MAX + 1] = {"accept", "assign", "note", "answer",
                                                            "close",  "reopen", "link", NULL};

int jw_report_state_parse(const char *s) {
  for (int i = 0; s && i < JW_RS__MAX; i++)
    if (strcmp(s, jw_report_state_names[i]) == 0) return i;
  return -1;
}

#define R(role)     JW_BIT(JW_ROLE_##role)
#define COMMUNITY   (R(AUXILIARY) | R(OFFICER) | R(STATION_CHIEF) | R(UNIT_ADMIN))
#define LEADERS     (R(STATION_CHIEF) | R(UNIT_ADMIN))
#define S(st)       (1u << JW_RS_##st)
#define OPEN_STATES (S(NEW) | S(ACCEPTED) | S(ASSIGNED) | S(ANSWERED))
#define SAME        (-1)

/* The workflow: from which states an action may be taken, the state it
 * leads to (SAME: unchanged), and by whom. */
static const struct transition {
  enum jw_report_action action;
  unsigned from; /* bit set of states */
  int to;
  unsigned roles;
} TRANSITIONS[] = {
    {JW_RA_ACCEPT, S(NEW), JW_RS_ACCEPTED, COMMUNITY},
    {JW_RA_ASSIGN, OPEN_STATES, JW_RS_ASSIGNED, LEADERS | R(OFFICER)},
    {JW_RA_NOTE, OPEN_STATES | S(CLOSED), SAME, COMMUNITY},
    {JW_RA_ANSWER, S(ACCEPTED) | S(ASSIGNED) | S(ANSWERED), JW_RS_ANSWERED, COMMUNITY},
    {JW_RA_CLOSE, S(ACCEPTED) | S(ASSIGNED) | S(ANSWERED), JW_RS_CLOSED, LEADERS | R(OFFICER)},
    {JW_RA_REOPEN, S(CLOSED), JW_RS_ACCEPTED, LEADERS},
    {JW_RA_LINK, OPEN_STATES | S(CLOSED), SAME, COMMUNITY},
};

int jw_report_in_scope(const struct jw_user *u, const struct jw_report *r) {
  if (!u || !(JW_BIT(u->role) & COMMUNITY) || !u->unit_path) return 0;
  return jw_scope_contains(u, r->unit_path);
}

/* ---- filing ---- */

struct create_tx {
  struct jw_arena *a;
  const struct jw_report_new *in;
  int64_t id;
  const char *token;
};

static enum jw_code triage(struct jw_conn *c, struct jw_arena *a, const struct jw_report_new *in,
                           struct jw_report_route *route, struct jw_error *err) {
  int found = 0;
  if (in->has_location) {
    /* The grid that holds the point (the community domain draws the grids). */
    int64_t grid_id = 0, unit_id = 0;
    if (jw_community_grid_at(c, in->lat_e6, in->lng_e6, &grid_id, &unit_id, err) != JW_OK) return err->code;
    if (grid_id && jw_report_store_grid_route(c, a, grid_id, route, &found, err) != JW_OK) return err->code;
    if (!found && jw_report_store_nearest(c, a, in->lat_e6, in->lng_e6, route, &found, err) != JW_OK) return err->code;
  }
  /* An address alone: the grid or unit it names, else the unit whose own
   * address it begins like. */
  if (!found && in->address && in->address[0] &&
      jw_report_store_by_place(c, a, in->address, route, &found, err) != JW_OK)
    return err->code;
  if (!found && in->address && in->address[0] &&
      jw_report_store_by_address(c, a, in->address, route, &found, err) != JW_OK)
    return err->code;
  if (!found) return jw_report_store_root(c, a, route, err);
  return JW_OK;
}

/* Whether address names only a province, city or district ("台州市椒江区"):
 * every unit's address begins so, so any answer would be a guess. */
static int too_vague(const char *address) {
  static const char *const ENDS[] = {"省", "市", "区", "县"};
  size_t n = strlen(address);
  if (n >= 6 && strcmp(address + n - 6, "社区") == 0) return 0;
  for (size_t k = 0; k < sizeof ENDS / sizeof ENDS[0]; k++)
    if (n >= 3 && strcmp(address + n - 3, ENDS[k]) == 0) return 1;
  return 0;
}

/* Whether s is a road's name: at least 2 characters, ending like one
 * ("溪路", "中山街", "东海大道"). */
static int road_name(const char *s) {
  static const char *const ENDS[] = {"路", "街", "道", "巷", "弄"};
  size_t n = strlen(s);
  if (n < 6) return 0;
  for (size_t k = 0; k < sizeof ENDS / sizeof ENDS[0]; k++)
    if (strcmp(s + n - 3, ENDS[k]) == 0) return 1;
  return 0;
}

enum jw_code jw_report_locate(struct jw_conn *c, struct jw_arena *a, const char *address, struct jw_report_place *out,
                              int *found, struct jw_error *err) {
  *out = (struct jw_report_place){0};
  *found = 0;
  if (too_vague(address)) return JW_OK;
  struct jw_report_route route = {0};
  if (jw_report_store_by_place(c, a, address, &route, found, err) != JW_OK) return err->code;
  out->matched_by = "place";
  if (!*found) {
    route = (struct jw_report_route){0};
    if (jw_report_store_by_address(c, a, address, &route, found, err) != JW_OK) return err->code;
    out->matched_by = "address";
  }
  if (!*found && road_name(address)) {
    /* A street alone ("溪路"): the unit whose own address is on it. */
    route = (struct jw_report_route){0};
    if (jw_report_store_in_address(c, a, address, &route, found, err) != JW_OK) return err->code;
    out->matched_by = "unit_address";
  }
  if (!*found) {
    out->matched_by = NULL;
    return JW_OK;
  }
  out->unit_id = route.unit_id;
  out->grid_id = route.grid_id;
  out->officer_id = route.officer_id;
  out->grid_name = route.grid_name;
  out->grid_area = route.grid_area;
  return JW_OK;
}

static enum jw_code create_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct create_tx *t = arg;
  const struct jw_report_new *in = t->in;
  char key[96];
  if (in->ip && in->ip[0] && strcmp(in->source, "seed") != 0) {
    snprintf(key, sizeof key, "report-ip:%.60s", in->ip);
    if (jw_rate_limit(c, key, JW_REPORT_IP_LIMIT, 3600, err) != JW_OK) return err->code;
  }
  if (in->user_id) {
    snprintf(key, sizeof key, "report-user:%lld", (long long)in->user_id);
    if (jw_rate_limit(c, key, JW_REPORT_USER_LIMIT, 86400, err) != JW_OK) return err->code;
  }
  if (in->upload_id) {
    const char *type;
    enum jw_code rc = jw_report_store_upload_of(c, t->a, in->upload_id, in->user_id, &type, err);
    if (rc == JW_E_NOT_FOUND)
      return jw_fail(err, JW_E_BAD_REFERENCE, "There is no upload %lld of yours.", (long long)in->upload_id);
    if (rc != JW_OK) return rc;
    if (strcmp(type, "image/jpeg") != 0 && strcmp(type, "image/png") != 0)
      return jw_fail(err, JW_E_VALIDATION, "The photo must be a JPEG or PNG picture.");
  }
  struct jw_report_route route = {0};
  if (triage(c, t->a, in, &route, err) != JW_OK) return err->code;
  int64_t at = in->at ? in->at : (int64_t)time(NULL);
  t->token = jw_random_token(t->a, 16);
  if (jw_report_store_insert(c, in, t->token, &route, at, &t->id, err) != JW_OK) return err->code;
  if (jw_report_store_event(c, t->id, 0, "filed", "", 1, at, err) != JW_OK) return err->code;
  if (strcmp(in->source, "seed") == 0) return JW_OK;
  char id[24], detail[160];
  snprintf(id, sizeof id, "%lld", (long long)t->id);
  snprintf(detail, sizeof detail, "%s %s via %s to unit %lld (%s)", in->source, in->service_code,
           in->client_id ? "api_key" : "form", (long long)route.unit_id, route.routed_by);
  struct jw_audit_entry e = {.actor_id = in->user_id,
                             .actor_login = "",
                             .action = "report.create",
                             .object_type = "report",
                             .object_id = id,
                             .detail = detail,
                             .ip = in->ip};
  return jw_audit_write(c, &e, err);
}

enum jw_code jw_report_create(struct jw_conn *c, struct jw_arena *a, const struct jw_report_new *in, int64_t *id,
                              const char **token, struct jw_error *err) {
  if (!jw_report_service_find(in->service_code))
    return jw_fail(err, JW_E_VALIDATION, "There is no service %s.", in->service_code);
  if (!in->has_location && !(in->address && in->address[0]) && !(in->address_id && in->address_id[0]))
    return jw_fail(err, JW_E_VALIDATION, "Give lat and long, address_string or address_id.");
  struct create_tx t = {a, in, 0, NULL};
  if (jw_tx(c, create_tx, &t, err) != JW_OK) return err->code;
  *id = t.id;
  *token = t.token;
  return JW_OK;
}

enum jw_code jw_report_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_report *out,
                           struct jw_error *err) {
  enum jw_code rc = jw_report_store_get(c, a, id, out, err);
  jw_conn_release(c);
  return rc;
}

enum jw_code jw_report_by_token(struct jw_conn *c, const char *token, int64_t *id, struct jw_error *err) {
  enum jw_code rc = jw_report_store_token(c, token, id, err);
  jw_conn_release(c);
  return rc;
}

enum jw_code jw_report_list(struct jw_conn *c, struct jw_arena *a, const struct jw_report_filter *f,
                            struct jw_report **out, size_t *n, struct jw_error *err) {
  if (f->nids > 0) {
    struct jw_report *rows = jw_arena_zalloc(a, sizeof *rows * (size_t)f->nids);
    size_t len = 0;
    for (int i = 0; i < f->nids; i++) {
      enum jw_code rc = jw_report_store_get(c, a, f->ids[i], &rows[len], err);
      if (rc == JW_E_NOT_FOUND) {
        jw_error_clear(err);
        continue;
      }
      if (rc != JW_OK) return rc;
      len++;
    }
    jw_conn_release(c);
    *out = rows;
    *n = len;
    return JW_OK;
  }
  enum jw_code rc = jw_report_store_list(c, a, f, out, n, err);
  jw_conn_release(c);
  return rc;
}

enum jw_code jw_report_mine(struct jw_conn *c, struct jw_arena *a, int64_t user_id, int64_t limit, int64_t cursor,
                            struct jw_report **out, size_t *n, int64_t *next, struct jw_error *err) {
  enum jw_code rc = jw_report_store_mine(c, a, user_id, limit + 1, cursor, out, n, err);
  jw_conn_release(c);
  if (rc != JW_OK) return rc;
  *next = 0;
  if (*n > (size_t)limit) {
    *n = (size_t)limit;
    *next = (*out)[limit - 1].id;
  }
  return JW_OK;
}

enum jw_code jw_report_queue(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int state, int64_t limit,
                             int64_t cursor, struct jw_report **out, size_t *n, int64_t *next, struct jw_error *err) {
  if (!u || !(JW_BIT(u->role) & COMMUNITY) || !u->unit_path)
    return jw_fail(err, JW_E_FORBIDDEN, "Citizen reports are worked by community police.");
  enum jw_code rc = jw_report_store_queue(c, a, u->unit_path, jw_db_prefix_end(a, u->unit_path), state, limit + 1,
                                          cursor, out, n, err);
  jw_conn_release(c);
  if (rc != JW_OK) return rc;
  *next = 0;
  if (*n > (size_t)limit) {
    *n = (size_t)limit;
    *next = (*out)[limit - 1].id;
  }
  return JW_OK;
}

enum jw_code jw_report_events(struct jw_conn *c, struct jw_arena *a, int64_t id, int public_only,
                              struct jw_report_event **out, size_t *n, struct jw_error *err) {
  enum jw_code rc = jw_report_store_events(c, a, id, public_only, out, n, err);
  jw_conn_release(c);
  return rc;
}

enum jw_code jw_report_photo(struct jw_conn *c, struct jw_arena *a, const struct jw_report *r,
                             struct jw_report_photo *out, struct jw_error *err) {
  if (!r->upload_id) return jw_fail(err, JW_E_NOT_FOUND, "This report has no photo.");
  enum jw_code rc = jw_report_store_photo(c, a, r->upload_id, out, err);
  jw_conn_release(c);
  return rc;
}

struct read_tx {
  const struct jw_user *u;
  int64_t id;
  const char *ip;
};

static enum jw_code read_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct read_tx *t = arg;
  char id[24];
  snprintf(id, sizeof id, "%lld", (long long)t->id);
  struct jw_audit_entry e = {.actor_id = t->u->id,
                             .actor_login = t->u->login,
                             .action = "report.read",
                             .object_type = "report",
                             .object_id = id,
                             .detail = "contact data",
                             .ip = t->ip};
  return jw_audit_write(c, &e, err);
}

enum jw_code jw_report_audit_read(struct jw_conn *c, const struct jw_user *u, int64_t id, const char *ip,
                                  struct jw_error *err) {
  struct read_tx t = {u, id, ip};
  return jw_tx(c, read_tx, &t, err);
}

/* ---- staff work ---- */

struct apply_tx {
  struct jw_arena *a;
  const struct jw_user *u;
  int64_t id;
  const struct jw_report_act *act;
};

/* Tells the citizen who filed r from the portal (r->user_id) that it was
 * answered or closed, in their inbox, in the transaction of the change.
 * Reports from Open311 clients have no account to tell: the client polls. */
static enum jw_code tell_reporter(struct jw_conn *c, struct jw_arena *a, const struct jw_report *r,
                                  const struct jw_report_change *ch, struct jw_error *err) {
  if (!r->user_id) return JW_OK;
  const struct jw_report_service *svc = jw_report_service_find(r->service_code);
  int closed = strcmp(ch->to, "closed") == 0;
  const char *notes = ch->status_notes ? ch->status_notes : r->status_notes;
  const char *title = jw_arena_printf(a, "您的举报（编号%lld）%s", (long long)r->id, closed ? "已办结" : "已答复");
  const char *body = jw_arena_printf(a, "您反映的“%s”问题，%s%s：%s", svc ? svc->name : r->service_code, r->agency,
                                     closed ? "已办结" : "答复如下", notes);
  return jw_notify(c, r->user_id, closed ? "report.closed" : "report.answered", title, body,
                   jw_arena_printf(a, "/me/reports?id=%lld", (long long)r->id), 0, err);
}

static enum jw_code apply_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct apply_tx *t = arg;
  const struct jw_report_act *act = t->act;
  struct jw_report r;
  if (jw_report_store_get(c, t->a, t->id, &r, err) != JW_OK) return err->code;
  if (!jw_report_in_scope(t->u, &r)) return jw_fail(err, JW_E_NOT_FOUND, "There is no report %lld.", (long long)t->id);
  const struct transition *tr = NULL;
  for (size_t i = 0; i < sizeof TRANSITIONS / sizeof TRANSITIONS[0]; i++)
    if (TRANSITIONS[i].action == act->action) tr = &TRANSITIONS[i];
  if (!tr) return jw_fail(err, JW_E_VALIDATION, "Unknown action.");
  if (!(tr->roles & JW_BIT(t->u->role)))
    return jw_fail(err, JW_E_FORBIDDEN, "Your role (%s) may not %s a report.", jw_role_name(t->u->role),
                   jw_report_action_names[act->action]);
  if (!(tr->from & (1u << r.state)))
    return jw_fail(err, JW_E_CONFLICT, "A report that is %s cannot be given '%s'.", jw_report_state_names[r.state],
                   jw_report_action_names[act->action]);
  int64_t now = (int64_t)time(NULL);
  struct jw_report_change ch = {.from = jw_report_state_names[r.state],
                                .to = jw_report_state_names[tr->to == SAME ? (int)r.state : tr->to],
                                .expected_at = act->expected_at,
                                .at = now};
  const char *body = act->body ? act->body : "";
  int public_ = 0;
  switch (act->action) {
  case JW_RA_ASSIGN: {
    const char *path;
    if (act->officer_id <= 0) return jw_fail(err, JW_E_VALIDATION, "Say which officer (officer_id).");
    enum jw_code rc = jw_report_store_officer(c, t->a, act->officer_id, &path, err);
    if (rc == JW_E_NOT_FOUND || (rc == JW_OK && !jw_scope_contains(t->u, path)))
      return jw_fail(err, JW_E_BAD_REFERENCE, "There is no officer %lld in your units.", (long long)act->officer_id);
    if (rc != JW_OK) return rc;
    ch.officer_id = act->officer_id;
    break;
  }
  case JW_RA_ANSWER:
    if (!body[0]) return jw_fail(err, JW_E_VALIDATION, "Write the answer the reporter will read.");
    ch.status_notes = body;
    public_ = 1;
    break;
  case JW_RA_CLOSE:
    if (!body[0] && !r.status_notes[0])
      return jw_fail(err, JW_E_VALIDATION, "Answer the reporter before closing (write what was done).");
    /* The reporter keeps reading the answer: a closing note goes after it. */
    if (body[0])
      ch.status_notes = r.status_notes[0] && strcmp(r.status_notes, body) != 0
                            ? jw_arena_printf(t->a, "%s\n%s", r.status_notes, body)
                            : body;
    ch.closed_at = now;
    public_ = 1;
    break;
  case JW_RA_REOPEN:
    ch.closed_at = -1;
    break;
  case JW_RA_LINK:
    if (act->hotspot_id > 0) {
      const char *path;
      enum jw_code rc = jw_report_store_hotspot(c, t->a, act->hotspot_id, &path, err);
      if (rc == JW_E_NOT_FOUND || (rc == JW_OK && !jw_scope_contains(t->u, path)))
        return jw_fail(err, JW_E_BAD_REFERENCE, "There is no hotspot %lld in your units.", (long long)act->hotspot_id);
      if (rc != JW_OK) return rc;
    }
    ch.set_hotspot = 1;
    ch.hotspot_id = act->hotspot_id > 0 ? act->hotspot_id : 0;
    break;
  case JW_RA_NOTE:
    if (!body[0]) return jw_fail(err, JW_E_VALIDATION, "Write the note.");
    break;
  default:
    break;
  }
  int changed = 0;
  if (jw_report_store_change(c, t->id, &ch, &changed, err) != JW_OK) return err->code;
  if (!changed) return jw_fail(err, JW_E_CONFLICT, "The report changed meanwhile; reload it.");
  char detail[64];
  if (act->action == JW_RA_ASSIGN)
    snprintf(detail, sizeof detail, "officer %lld", (long long)act->officer_id);
  else if (act->action == JW_RA_LINK)
    snprintf(detail, sizeof detail, "hotspot %lld", (long long)ch.hotspot_id);
  else
    snprintf(detail, sizeof detail, "%s", act->action == JW_RA_NOTE ? "" : body);
  if (jw_report_store_event(c, t->id, t->u->id, jw_report_action_names[act->action],
                            act->action == JW_RA_NOTE || public_ ? body : detail, public_, now, err) != JW_OK)
    return err->code;
  if ((act->action == JW_RA_ANSWER || act->action == JW_RA_CLOSE) && tell_reporter(c, t->a, &r, &ch, err) != JW_OK)
    return err->code;
  char id[24], audit_detail[96];
  snprintf(id, sizeof id, "%lld", (long long)t->id);
  snprintf(audit_detail, sizeof audit_detail, "%s -> %s", ch.from, ch.to);
  struct jw_audit_entry e = {.actor_id = t->u->id,
                             .actor_login = t->u->login,
                             .action = jw_arena_printf(t->a, "report.%s", jw_report_action_names[act->action]),
                             .object_type = "report",
                             .object_id = id,
                             .detail = audit_detail,
                             .ip = act->ip};
  return jw_audit_write(c, &e, err);
}

enum jw_code jw_report_apply(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, int64_t id,
                             const struct jw_report_act *act, struct jw_error *err) {
  struct apply_tx t = {a, u, id, act};
  return jw_tx(c, apply_tx, &t, err);
}

/* ---- Open311 clients ---- */

static char *key_hash(struct jw_arena *a, const char *key) {
  unsigned char h[JW_HASH_BYTES];
  jw_hash(key, strlen(key), h);
  return jw_hex(a, h, sizeof h);
}

enum jw_code jw_report_client_check(struct jw_conn *c, const char *api_key, int64_t *client_id, struct jw_error *err) {
  struct jw_arena a = {0};
  enum jw_code rc = jw_report_store_client(c, key_hash(&a, api_key), client_id, err);
  jw_arena_free(&a);
  if (rc != JW_OK) return rc;
  if (!*client_id) return jw_fail(err, JW_E_FORBIDDEN, "Invalid api_key.");
  return JW_OK;
}

struct client_tx {
  struct jw_arena *a;
  const struct jw_user *u;
  const char *name, *ip, *key;
  int64_t id;
};

static enum jw_code client_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct client_tx *t = arg;
  if (jw_report_store_client_add(c, t->name, key_hash(t->a, t->key), t->u ? t->u->id : 0, (int64_t)time(NULL), &t->id,
                                 err) != JW_OK)
    return err->code;
  char id[24];
  snprintf(id, sizeof id, "%lld", (long long)t->id);
  struct jw_audit_entry e = {.actor_id = t->u ? t->u->id : 0,
                             .actor_login = t->u ? t->u->login : "",
                             .action = "report.api_key",
                             .object_type = "open311_client",
                             .object_id = id,
                             .detail = t->name,
                             .ip = t->ip};
  return jw_audit_write(c, &e, err);
}

enum jw_code jw_report_client_add(struct jw_conn *c, struct jw_arena *a, const struct jw_user *u, const char *name,
                                  const char *ip, int64_t *id, const char **key, struct jw_error *err) {
  struct client_tx t = {a, u, name, ip, jw_random_token(a, 24), 0};
  if (jw_tx(c, client_tx, &t, err) != JW_OK) return err->code;
  *id = t.id;
  *key = t.key;
  return JW_OK;
}

/* ---- parsers ---- */

static int digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 0;
}

int jw_report_parse_time(const char *s, int tz_min, int64_t *t) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  size_t n = strlen(s);
  if (n < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d))
    return -1;
  if (y < 1970 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > 31) return -1;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap)) return -1;
  const char *p = s + 10;
  int offset = tz_min;
  if (*p == 'T' || *p == 't') {
    p++;
    if (digits(p, 2, &h) || p[2] != ':' || digits(p + 3, 2, &mi)) return -1;
    p += 5;
    if (*p == ':') {
      if (digits(p + 1, 2, &sec)) return -1;
      p += 3;
      if (*p == '.') {
        p++;
        int k = 0;
        while (*p >= '0' && *p <= '9' && k < 9) p++, k++;
        if (k == 0) return -1;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return -1;
    if (*p == 'Z' || *p == 'z') {
      offset = 0;
      p++;
    } else if (*p == '+' || *p == '-') {
      int oh, om;
      if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 14 || om > 59) return -1;
      offset = (oh * 60 + om) * (*p == '-' ? -1 : 1);
      p += 6;
    }
  }
  if (*p != '\0') return -1;
  /* days from civil (Howard Hinnant's algorithm) */
  int yy = mo <= 2 ? y - 1 : y;
  int era = yy / 400;
  int yoe = yy - era * 400;
  int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = (int64_t)era * 146097 + doe - 719468;
  *t = days * 86400 + h * 3600 + mi * 60 + sec - (int64_t)offset * 60;
  return 0;
}

int jw_report_parse_degrees(const char *s, int limit, int64_t *e6) {
  const char *p = s;
  int neg = 0;
  if (*p == '-' || *p == '+') neg = *p++ == '-';
  int64_t whole = 0;
  int nd = 0;
  while (*p >= '0' && *p <= '9') {
    whole = whole * 10 + (*p++ - '0');
    if (++nd > 3) return -1;
  }
  int64_t frac = 0;
  int nf = 0, round_up = 0, beyond = 0; /* beyond: a non-zero digit past the sixth */
  if (*p == '.') {
    p++;
    while (*p >= '0' && *p <= '9') {
      if (nf < 6)
        frac = frac * 10 + (*p - '0');
      else if (nf == 6)
        round_up = *p >= '5';
      if (nf >= 6 && *p != '0') beyond = 1;
      p++;
      if (++nf > 12) return -1;
    }
  }
  if (*p != '\0' || (nd == 0 && nf == 0)) return -1;
  for (int i = nf; i < 6; i++) frac *= 10;
  int64_t v = whole * 1000000 + frac + round_up;
  if (v > (int64_t)limit * 1000000 || (whole == limit && (frac > 0 || beyond))) return -1;
  *e6 = neg ? -v : v;
  return 0;
}
