/* api.c — the work logs' handlers: request → field spec (per kind) →
 * struct jw_worklog → worklogs.h → JSON. */
#include "worklogs/api.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "core/jspec.h"
#include "core/mem.h"
#include "worklogs/worklogs.h"

static struct jw_worklog_actor actor(struct jw_req *r) { return (struct jw_worklog_actor){r->user, r->ip}; }

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }
static json_t *id_or_null(int64_t id) { return id ? json_integer(id) : json_null(); }

/* A log as JSON; parties only when with_parties. */
static json_t *log_json(struct jw_req *r, const struct jw_worklog *w, int with_parties, int can_edit) {
  json_t *j =
      json_pack("{s:I, s:s, s:I, s:s, s:I, s:o, s:s, s:o, s:o, s:o, s:o, s:b}", "id", (json_int_t)w->id, "kind",
                jw_worklog_kinds[w->kind], "officer_id", (json_int_t)w->officer_id, "officer_name",
                w->officer_name ? w->officer_name : "", "unit_id", (json_int_t)w->unit_id, "grid_id",
                id_or_null(w->grid_id), "day", w->day, "started_at", jw_time_json(r, w->started_at), "ended_at",
                w->ended_at ? jw_time_json(r, w->ended_at) : json_null(), "created_at", jw_time_json(r, w->created_at),
                "updated_at", jw_time_json(r, w->updated_at), "can_edit", can_edit);
  if (!j) return NULL;
  switch (w->kind) {
  case JW_WL_PATROL:
    json_object_set_new(j, "route", json_string(w->route));
    json_object_set_new(j, "companions", json_string(w->companions));
    json_object_set_new(j, "findings", json_string(w->findings));
    json_object_set_new(j, "duration_minutes", json_integer((w->ended_at - w->started_at) / 60));
    break;
  case JW_WL_VISIT:
    json_object_set_new(j, "resident_id", id_or_null(w->resident_id));
    json_object_set_new(j, "house_id", id_or_null(w->house_id));
    json_object_set_new(j, "target", json_string(w->target ? w->target : ""));
    json_object_set_new(j, "business_name", json_string(w->business_name));
    json_object_set_new(j, "business_address", json_string(w->business_address));
    json_object_set_new(j, "purpose", json_string(w->purpose));
    json_object_set_new(j, "result", json_string(w->result));
    break;
  case JW_WL_INFO:
    json_object_set_new(j, "info_kind", json_string(w->info_kind));
    json_object_set_new(j, "content", json_string(w->content));
    json_object_set_new(j, "source", json_string(w->source));
    break;
  case JW_WL_MEDIATION:
    json_object_set_new(j, "dispute_type", json_string(w->dispute_type));
    json_object_set_new(j, "summary", json_string(w->summary));
    json_object_set_new(j, "outcome", json_string(w->outcome));
    json_object_set_new(j, "agreement_date", str_or_null(w->agreement_date));
    if (with_parties) {
      json_t *ps = json_array();
      for (int i = 0; i < w->nparties; i++)
        json_array_append_new(ps, json_pack("{s:s, s:s, s:s}", "name", w->parties[i].name, "phone", w->parties[i].phone,
                                            "id_number", w->parties[i].id_number));
      json_object_set_new(j, "parties", ps);
    }
    break;
  default:
    break;
  }
  return j;
}

/* The parties array of body into w; every bad one named ("parties[1].name"). */
static void read_parties(json_t *body, struct jw_worklog *w, struct jw_error *err) {
  json_t *ps = json_object_get(body, "parties");
  if (!ps || json_is_null(ps)) return;
  if (!json_is_array(ps) || json_array_size(ps) > JW_WORKLOG_PARTIES_MAX) {
    jw_field_fail(err, "parties", "must be a list of 1 to %d parties", JW_WORKLOG_PARTIES_MAX);
    return;
  }
  for (size_t i = 0; i < json_array_size(ps); i++) {
    struct jw_worklog_party *p = &w->parties[w->nparties++];
    p->name = NULL;
    p->phone = p->id_number = "";
    const struct jw_field f[] = {
        {"name", JS_STR, JS_REQUIRED, 1, 30, &p->name, NULL, NULL},
        {"phone", JS_STR, JS_NULLABLE, 0, 11, &p->phone, NULL, NULL},
        {"id_number", JS_STR, JS_NULLABLE, 0, 18, &p->id_number, NULL, NULL},
    };
    struct jw_error e = {0};
    if (jw_json_fields(json_array_get(ps, i), f, 3, &e) == JW_OK) continue;
    char field[64];
    if (e.nfields == 0) {
      snprintf(field, sizeof field, "parties[%zu]", i);
      jw_field_fail(err, field, "must be an object with name, phone and id_number");
    }
    for (int k = 0; k < e.nfields; k++) {
      snprintf(field, sizeof field, "parties[%zu].%.20s", i, e.fields[k].field);
      jw_field_fail(err, field, "%s", e.fields[k].message);
    }
  }
}

/* A time field already read as text into *out; names it when it is not RFC 3339. */
static void read_time(const char *name, const char *s, int64_t *out, struct jw_error *err) {
  if (s && jw_worklog_parse_time(s, out) != 0)
    jw_field_fail(err, name, "must be a time like 2026-11-29T10:00:00+08:00");
}

/*
 * The body as a log: its kind first, then the fields of that kind (others
 * are unknown fields: 422), then the rules (jw_worklog_check).
 */
static enum jw_code parse_log(struct jw_req *r, struct jw_worklog *w, struct jw_error *err) {
  if (!r->body || !json_is_object(r->body)) return jw_fail(err, JW_E_BAD_JSON, "Send the work log as a JSON object.");
  memset(w, 0, sizeof *w);
  int kind = -1, info = -1, dispute = -1, outcome = -1;
  const char *started = NULL, *ended = NULL, *agreement = NULL;
  const struct jw_field common[] = {
      {"kind", JS_ENUM, JS_REQUIRED, 0, 0, &kind, jw_worklog_kinds, NULL},
      {"started_at", JS_STR, JS_REQUIRED, 1, 40, &started, NULL, NULL},
      {"ended_at", JS_STR, JS_NULLABLE, 1, 40, &ended, NULL, NULL},
      {"grid_id", JS_INT, JS_NULLABLE, 1, INT64_MAX, &w->grid_id, NULL, NULL},
  };
  const struct jw_field patrol[] = {
      {"route", JS_STR, JS_REQUIRED, 1, 500, &w->route, NULL, NULL},
      {"companions", JS_STR, JS_NULLABLE, 0, 200, &w->companions, NULL, NULL},
      {"findings", JS_STR, JS_NULLABLE | JS_MULTILINE, 0, 2000, &w->findings, NULL, NULL},
  };
  const struct jw_field visit[] = {
      {"resident_id", JS_INT, JS_NULLABLE, 1, INT64_MAX, &w->resident_id, NULL, NULL},
      {"house_id", JS_INT, JS_NULLABLE, 1, INT64_MAX, &w->house_id, NULL, NULL},
      {"business_name", JS_STR, JS_NULLABLE, 0, 100, &w->business_name, NULL, NULL},
      {"business_address", JS_STR, JS_NULLABLE, 0, 200, &w->business_address, NULL, NULL},
      {"purpose", JS_STR, JS_REQUIRED, 1, 200, &w->purpose, NULL, NULL},
      {"result", JS_STR, JS_NULLABLE | JS_MULTILINE, 0, 2000, &w->result, NULL, NULL},
  };
  const struct jw_field infos[] = {
      {"info_kind", JS_ENUM, JS_REQUIRED, 0, 0, &info, jw_worklog_info_kinds, NULL},
      {"content", JS_STR, JS_REQUIRED | JS_MULTILINE, 1, 2000, &w->content, NULL, NULL},
      {"source", JS_STR, JS_REQUIRED, 1, 100, &w->source, NULL, NULL},
  };
  const struct jw_field mediation[] = {
      {"dispute_type", JS_ENUM, JS_REQUIRED, 0, 0, &dispute, jw_worklog_disputes, NULL},
      {"summary", JS_STR, JS_REQUIRED | JS_MULTILINE, 1, 2000, &w->summary, NULL, NULL},
      {"outcome", JS_ENUM, JS_REQUIRED, 0, 0, &outcome, jw_worklog_outcomes, NULL},
      {"agreement_date", JS_STR, JS_NULLABLE, 10, 10, &agreement, NULL, NULL},
  };
  const struct jw_field *kinds[] = {patrol, visit, infos, mediation};
  const size_t nkinds[] = {3, 6, 3, 4};
  json_t *k = json_object_get(r->body, "kind");
  for (int i = 0; json_is_string(k) && jw_worklog_kinds[i]; i++)
    if (strcmp(json_string_value(k), jw_worklog_kinds[i]) == 0) kind = i;
  if (kind < 0) {
    jw_field_fail(err, "kind", "must be one of patrol, visit, info, mediation");
    return JW_E_VALIDATION;
  }
  /* Every field of the kind in one spec, so that unknown fields are named. */
  struct jw_field spec[16];
  size_t n = 0;
  for (size_t i = 0; i < 4; i++) spec[n++] = common[i];
  for (size_t i = 0; i < nkinds[kind]; i++) spec[n++] = kinds[kind][i];
  json_t *copy = json_copy(r->body);
  json_object_del(copy, "parties");
  enum jw_code rc = jw_json_fields(copy, spec, n, err);
  json_decref(copy);
  if (kind == JW_WL_MEDIATION)
    read_parties(r->body, w, err);
  else if (json_object_get(r->body, "parties"))
    jw_field_fail(err, "parties", "is not a field of a %s", jw_worklog_kinds[kind]);
  read_time("started_at", started, &w->started_at, err);
  read_time("ended_at", ended, &w->ended_at, err);
  if (rc != JW_OK || err->nfields) return JW_E_VALIDATION;
  w->kind = (enum jw_worklog_kind)kind;
  w->info_kind = info >= 0 ? jw_worklog_info_kinds[info] : NULL;
  w->dispute_type = dispute >= 0 ? jw_worklog_disputes[dispute] : NULL;
  w->outcome = outcome >= 0 ? jw_worklog_outcomes[outcome] : NULL;
  if (agreement) snprintf(w->agreement_date, sizeof w->agreement_date, "%s", agreement);
  return jw_worklog_check(w, (int64_t)time(NULL), r->app->cfg.tz_offset_min, r->arena, err);
}

enum jw_code jw_worklogs_api_create(struct jw_req *r, struct jw_error *err) {
  struct jw_worklog w;
  if (parse_log(r, &w, err) != JW_OK) return err->code;
  const struct jw_worklog_actor who = actor(r);
  if (jw_worklogs_create(r->db, &who, &w, (int64_t)time(NULL), r->arena, err) != JW_OK) return err->code;
  if (w.kind == JW_WL_VISIT && (w.resident_id || w.house_id)) {
    /* The name of the resident (or the house's address) visited, as stored. */
    struct jw_worklog back;
    enum jw_worklog_right right;
    if (jw_worklogs_get(r->db, &who, w.id, 0, r->arena, &back, &right, err) != JW_OK) return err->code;
    w.target = back.target;
  }
  jw_reply_json(r, 201, log_json(r, &w, w.kind == JW_WL_MEDIATION, 1));
  return JW_OK;
}

enum jw_code jw_worklogs_api_get(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no work log %s.", r->params[0]);
  const struct jw_worklog_actor who = actor(r);
  struct jw_worklog w;
  enum jw_worklog_right right;
  if (jw_worklogs_get(r->db, &who, id, 1, r->arena, &w, &right, err) != JW_OK) return err->code;
  int can_edit = right == JW_WL_WRITE && jw_worklog_editable(w.created_at, (int64_t)time(NULL));
  jw_reply_json(r, 200, log_json(r, &w, 1, can_edit));
  return JW_OK;
}

enum jw_code jw_worklogs_api_update(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no work log %s.", r->params[0]);
  struct jw_worklog w;
  if (parse_log(r, &w, err) != JW_OK) return err->code;
  const struct jw_worklog_actor who = actor(r);
  if (jw_worklogs_update(r->db, &who, id, &w, (int64_t)time(NULL), r->arena, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, log_json(r, &w, w.kind == JW_WL_MEDIATION, 1));
  return JW_OK;
}

enum jw_code jw_worklogs_api_delete(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no work log %s.", r->params[0]);
  const struct jw_worklog_actor who = actor(r);
  if (jw_worklogs_delete(r->db, &who, id, (int64_t)time(NULL), r->arena, err) != JW_OK) return err->code;
  jw_reply_empty(r, 204);
  return JW_OK;
}

/* The signed-in user's officer record id, 0 when none (or unreadable: then nothing is editable). */
static int64_t my_officer(struct jw_req *r, struct jw_error *err) {
  struct jw_worklog_me me;
  if (jw_worklogs_me(r->db, r->user, r->arena, &me, err) == JW_OK) return me.officer_id;
  jw_error_clear(err);
  return 0;
}

/* A positive id query parameter: 0 when absent; -1 (422) when not one. */
static int id_query(struct jw_req *r, const char *name, int64_t *out, struct jw_error *err) {
  const char *v = jw_query(r, name);
  *out = 0;
  if (!v || !*v) return 0;
  char *end;
  long long n = strtoll(v, &end, 10);
  if (*end || n <= 0 || strlen(v) > 18) {
    jw_field_fail(err, name, "must be a positive id");
    return -1;
  }
  *out = n;
  return 0;
}

/* A date query parameter normalised into out; NULL when absent; 422 when not a date. */
static const char *date_query(struct jw_req *r, const char *name, char out[11], struct jw_error *err) {
  const char *v = jw_query(r, name);
  if (!v || !*v) return NULL;
  struct jw_date d;
  if (jw_date_parse(v, &d) != 0) {
    jw_field_fail(err, name, "must be a date like 2026-11-30");
    return NULL;
  }
  jw_date_format(d, out);
  return out;
}

enum jw_code jw_worklogs_api_list(struct jw_req *r, struct jw_error *err) {
  struct jw_worklog_filter f = {0};
  if (jw_page_params(r, &f.limit, &f.before, err) != JW_OK) return err->code;
  char from[11], to[11];
  id_query(r, "officer_id", &f.officer_id, err);
  id_query(r, "resident_id", &f.resident_id, err);
  f.from = date_query(r, "from", from, err);
  f.to = date_query(r, "to", to, err);
  const char *kind = jw_query(r, "kind");
  if (kind && *kind) {
    for (int i = 0; jw_worklog_kinds[i]; i++)
      if (strcmp(kind, jw_worklog_kinds[i]) == 0) f.kind = jw_worklog_kinds[i];
    if (!f.kind) jw_field_fail(err, "kind", "must be one of patrol, visit, info, mediation");
  }
  if (err->nfields) return JW_E_VALIDATION;
  const struct jw_worklog_actor who = actor(r);
  struct jw_worklog *rows = NULL;
  size_t n = 0;
  if (jw_worklogs_list(r->db, &who, &f, r->arena, &rows, &n, err) != JW_OK) return err->code;
  int64_t mine = my_officer(r, err);
  json_t *items = json_array();
  int64_t now = (int64_t)time(NULL), next = 0;
  for (size_t i = 0; i < n && (int64_t)i < f.limit; i++) {
    int can_edit = mine && rows[i].officer_id == mine && jw_worklog_editable(rows[i].created_at, now);
    json_array_append_new(items, log_json(r, &rows[i], 0, can_edit));
    next = rows[i].id;
  }
  jw_reply_json(r, 200, jw_page_json(items, (int64_t)n > f.limit ? next : 0));
  return JW_OK;
}

enum jw_code jw_worklogs_api_month(struct jw_req *r, struct jw_error *err) {
  const char *month = jw_query(r, "month");
  char this_month[11];
  if (!month || !*month) {
    jw_local_date((int64_t)time(NULL), r->app->cfg.tz_offset_min, this_month);
    this_month[7] = '\0';
    month = this_month;
  }
  int64_t officer_id = 0;
  if (id_query(r, "officer_id", &officer_id, err) != 0) return JW_E_VALIDATION;
  const struct jw_worklog_actor who = actor(r);
  struct jw_worklog_month *m = jw_arena_zalloc(r->arena, sizeof *m);
  if (jw_worklogs_month(r->db, &who, month, officer_id, r->arena, m, err) != JW_OK) return err->code;
  json_t *days = json_array();
  for (int d = 0; d < m->ndays; d++) {
    char day[16];
    snprintf(day, sizeof day, "%.7s-%02d", m->month, (d + 1) % 100);
    json_array_append_new(days, json_pack("{s:s, s:i, s:i, s:i, s:i}", "day", day, "patrol", m->counts[d][JW_WL_PATROL],
                                          "visit", m->counts[d][JW_WL_VISIT], "info", m->counts[d][JW_WL_INFO],
                                          "mediation", m->counts[d][JW_WL_MEDIATION]));
  }
  int64_t mine = my_officer(r, err);
  json_t *items = json_array();
  int64_t now = (int64_t)time(NULL);
  for (size_t i = 0; i < m->nitems; i++) {
    int can_edit = mine && m->items[i].officer_id == mine && jw_worklog_editable(m->items[i].created_at, now);
    json_array_append_new(items, log_json(r, &m->items[i], 0, can_edit));
  }
  jw_reply_json(
      r, 200,
      json_pack("{s:s, s:I, s:s, s:o, s:{s:i, s:i, s:i, s:i, s:I}, s:o, s:b}", "month", m->month, "officer_id",
                (json_int_t)m->officer_id, "officer_name", m->officer_name ? m->officer_name : "", "days", days,
                "totals", "patrol", m->totals[JW_WL_PATROL], "visit", m->totals[JW_WL_VISIT], "info",
                m->totals[JW_WL_INFO], "mediation", m->totals[JW_WL_MEDIATION], "patrol_minutes",
                (json_int_t)(m->patrol_seconds / 60), "items", items, "truncated", m->truncated));
  return JW_OK;
}

enum jw_code jw_worklogs_api_workload(struct jw_req *r, struct jw_error *err) {
  const char *month = jw_query(r, "month");
  char this_month[11];
  if (!month || !*month) {
    jw_local_date((int64_t)time(NULL), r->app->cfg.tz_offset_min, this_month);
    this_month[7] = '\0';
    month = this_month;
  }
  int64_t unit_id = 0;
  if (id_query(r, "unit_id", &unit_id, err) != 0) return JW_E_VALIDATION;
  const struct jw_worklog_actor who = actor(r);
  struct jw_worklog_load *rows = NULL;
  size_t n = 0;
  if (jw_worklogs_workload(r->db, &who, month, unit_id, r->arena, &rows, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  struct jw_worklog_load t = {0};
  for (size_t i = 0; i < n; i++) {
    const struct jw_worklog_load *l = &rows[i];
    json_array_append_new(
        items, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "officer_id", (json_int_t)l->officer_id,
                         "officer_name", l->officer_name, "officer_kind", l->officer_kind, "unit_name", l->unit_name,
                         "patrols", (json_int_t)l->patrols, "patrol_minutes", (json_int_t)(l->patrol_seconds / 60),
                         "visits", (json_int_t)l->visits, "infos", (json_int_t)l->infos, "mediations",
                         (json_int_t)l->mediations, "mediations_succeeded", (json_int_t)l->mediations_ok));
    t.patrols += l->patrols;
    t.patrol_seconds += l->patrol_seconds;
    t.visits += l->visits;
    t.infos += l->infos;
    t.mediations += l->mediations;
    t.mediations_ok += l->mediations_ok;
  }
  jw_reply_json(r, 200,
                json_pack("{s:s, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I}}", "month", month, "items", items, "totals",
                          "patrols", (json_int_t)t.patrols, "patrol_minutes", (json_int_t)(t.patrol_seconds / 60),
                          "visits", (json_int_t)t.visits, "infos", (json_int_t)t.infos, "mediations",
                          (json_int_t)t.mediations, "mediations_succeeded", (json_int_t)t.mediations_ok));
  return JW_OK;
}
