/* disclosure_api.c — sunshine disclosure (阳光执法): how many applications
 * each item received and completed, how many on time, the average rating,
 * by month, and who handled them. Counts only; no applicant's data. */
#include <string.h>

#include "http/rows.h"
#include "services/services.h"

/* {received, completed, on_time, on_time_rate, avg_rating} from a row of
 * COUNT(*), completed, on time, rating sum, rating count at column col. */
static json_t *figures(struct jw_stmt *s, int col) {
  int64_t received = jw_col_int(s, col), completed = jw_col_int(s, col + 1), on_time = jw_col_int(s, col + 2);
  int64_t rsum = jw_col_int(s, col + 3), rcount = jw_col_int(s, col + 4);
  return json_pack("{s:I, s:I, s:I, s:o, s:o}", "received", (json_int_t)received, "completed", (json_int_t)completed,
                   "on_time", (json_int_t)on_time, "on_time_rate",
                   completed ? json_real((double)on_time / (double)completed) : json_null(), "avg_rating",
                   rcount ? json_real((double)rsum / (double)rcount) : json_null());
}

#define FIGURES                                                                                        \
  "COUNT(a.id), SUM(CASE WHEN a.status = 'completed' THEN 1 ELSE 0 END), COALESCE(SUM(a.on_time), 0)," \
  " COALESCE(SUM(rt.grade), 0), COUNT(rt.grade)"
#define FROM " FROM applications a LEFT JOIN application_ratings rt ON rt.application_id = a.id"

static const char SQL_TOTAL[] =
    "SELECT " FIGURES FROM " WHERE (CAST(? AS BIGINT) IS NULL OR a.service_id = CAST(? AS BIGINT))";
static const char SQL_RECEIVED_BY_MONTH[] =
    "SELECT a.submitted_month, COUNT(*) FROM applications a"
    " WHERE (CAST(? AS BIGINT) IS NULL OR a.service_id = CAST(? AS BIGINT)) GROUP BY a.submitted_month";
static const char SQL_COMPLETED_BY_MONTH[] =
    "SELECT a.completed_month, COUNT(*), COALESCE(SUM(a.on_time), 0) FROM applications a"
    " WHERE a.completed_month IS NOT NULL AND (CAST(? AS BIGINT) IS NULL OR a.service_id = CAST(? AS BIGINT))"
    " GROUP BY a.completed_month";
/* Every published item, those without applications with zeros. */
static const char SQL_BY_ITEM[] = "SELECT s.id, s.code, s.name, " FIGURES
                                  " FROM services s LEFT JOIN applications a ON a.service_id = s.id"
                                  " LEFT JOIN application_ratings rt ON rt.application_id = a.id"
                                  " WHERE s.version > 0 GROUP BY s.id, s.code, s.name ORDER BY 4 DESC, s.id";

static void bind_service(struct jw_stmt *s, int64_t id) {
  if (id) {
    jw_bind_int(s, 1, id);
    jw_bind_int(s, 2, id);
  } else {
    jw_bind_null(s, 1);
    jw_bind_null(s, 2);
  }
}

/* The totals and the months of one item (id) or of all (0). New reference or NULL. */
static json_t *totals(struct jw_req *r, int64_t id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(r->db, SQL_TOTAL, err);
  if (!s) return NULL;
  bind_service(s, id);
  if (jw_step(s, err) != JW_STEP_ROW) return NULL;
  json_t *o = figures(s, 0);
  jw_conn_release(r->db);
  json_t *months = json_object(); /* "2026-11" -> {month, received, completed, on_time} */
  enum jw_step st = JW_STEP_ERROR;
  if (!(s = jw_prepare(r->db, SQL_RECEIVED_BY_MONTH, err))) goto fail;
  bind_service(s, id);
  while ((st = jw_step(s, err)) == JW_STEP_ROW)
    json_object_set_new(months, jw_col_text(s, 0),
                        json_pack("{s:s, s:I, s:i, s:i}", "month", jw_col_text(s, 0), "received",
                                  (json_int_t)jw_col_int(s, 1), "completed", 0, "on_time", 0));
  if (st == JW_STEP_ERROR || !(s = jw_prepare(r->db, SQL_COMPLETED_BY_MONTH, err))) goto fail;
  bind_service(s, id);
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    json_t *m = json_object_get(months, jw_col_text(s, 0));
    if (!m) {
      m = json_pack("{s:s, s:i}", "month", jw_col_text(s, 0), "received", 0);
      json_object_set_new(months, jw_col_text(s, 0), m);
    }
    json_object_set_new(m, "completed", json_integer(jw_col_int(s, 1)));
    json_object_set_new(m, "on_time", json_integer(jw_col_int(s, 2)));
  }
  if (st == JW_STEP_ERROR) goto fail;
  jw_conn_release(r->db);
  /* Months in order: the keys sort as strings. */
  json_t *list = json_array();
  const char *k;
  json_t *v;
  const char *keys[600];
  size_t n = 0;
  json_object_foreach(months, k, v) if (n < 600) keys[n++] = k;
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
      const char *t = keys[j];
      keys[j] = keys[j - 1];
      keys[j - 1] = t;
    }
  for (size_t i = 0; i < n; i++) json_array_append(list, json_object_get(months, keys[i]));
  json_decref(months);
  json_object_set_new(o, "by_month", list);
  return o;
fail:
  json_decref(months);
  json_decref(o);
  return NULL;
}

static json_t *item_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  json_t *it = figures(s, 3);
  json_object_set_new(it, "service_id", json_integer(jw_col_int(s, 0)));
  json_object_set_new(it, "code", json_string(jw_col_text(s, 1)));
  json_object_set_new(it, "name", json_string(jw_col_text(s, 2)));
  return it;
}

enum jw_code jw_disclosure_api_overall(struct jw_req *r, struct jw_error *err) {
  json_t *o = totals(r, 0, err);
  if (!o) return err->code ? err->code : JW_E_DB;
  struct jw_stmt *s = jw_prepare(r->db, SQL_BY_ITEM, err);
  if (!s) goto fail;
  json_t *items = jw_rows_json(r, s, item_json, NULL, err);
  if (!items) goto fail;
  json_object_set_new(o, "items", items);
  jw_reply_json(r, 200, o);
  return JW_OK;
fail:
  json_decref(o);
  return err->code;
}

static const char SQL_SERVICE[] = "SELECT name FROM services WHERE id = ? AND version > 0";
static const char SQL_HANDLERS[] =
    "SELECT DISTINCT u.id, COALESCE(o.name, u.name), o.badge_no, COALESCE(ou.name, uu.name, '')"
    " FROM application_events e JOIN applications a ON a.id = e.application_id JOIN users u ON u.id = e.actor_id"
    " LEFT JOIN officers o ON o.user_id = u.id LEFT JOIN units ou ON ou.id = o.unit_id"
    " LEFT JOIN units uu ON uu.id = u.unit_id"
    " WHERE a.service_id = ? AND u.kind = 'staff' ORDER BY u.id";

static json_t *handler_json(struct jw_req *r, struct jw_stmt *s, const void *ctx) {
  return json_pack("{s:s, s:o, s:s}", "name", jw_col_text(s, 1), "badge_no",
                   jw_col_is_null(s, 2) ? json_null() : json_string(jw_col_text(s, 2)), "unit_name", jw_col_text(s, 3));
}

enum jw_code jw_disclosure_api_service(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  struct jw_stmt *s = jw_prepare(r->db, SQL_SERVICE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_DONE) return jw_fail(err, JW_E_NOT_FOUND, "There is no published item %s.", r->params[0]);
  const char *name = jw_arena_strdup(r->arena, jw_col_text(s, 0));
  jw_conn_release(r->db);
  json_t *o = totals(r, id, err);
  if (!o) return err->code ? err->code : JW_E_DB;
  json_object_set_new(o, "service_id", json_integer(id));
  json_object_set_new(o, "name", json_string(name));
  if (!(s = jw_prepare(r->db, SQL_HANDLERS, err))) goto fail;
  jw_bind_int(s, 1, id);
  json_t *officers = jw_rows_json(r, s, handler_json, NULL, err);
  if (!officers) goto fail;
  json_object_set_new(o, "officers", officers);
  jw_reply_json(r, 200, o);
  return JW_OK;
fail:
  json_decref(o);
  return err->code;
}
