/* disclosure_api.c — sunshine disclosure (阳光执法): how many applications
 * each item received and completed, how many on time, the average rating,
 * by month, and who handled them. Counts only; no applicant's data. */
#include "services/api.h"
#include "services/services.h"

/* {received, completed, on_time, on_time_rate, avg_rating}. New reference. */
static json_t *figures_json(const struct jw_disclosure_figures *f) {
  return json_pack("{s:I, s:I, s:I, s:o, s:o}", "received", (json_int_t)f->received, "completed",
                   (json_int_t)f->completed, "on_time", (json_int_t)f->on_time, "on_time_rate",
                   f->completed ? json_real((double)f->on_time / (double)f->completed) : json_null(), "avg_rating",
                   f->rating_count ? json_real((double)f->rating_sum / (double)f->rating_count) : json_null());
}

/* The totals and the months of one item (id) or of all (0). New reference or NULL (err set). */
static json_t *totals(struct jw_req *r, int64_t id, struct jw_error *err) {
  struct jw_disclosure_totals t;
  if (jw_disclosure_totals(r->db, r->arena, id, &t, err) != JW_OK) return NULL;
  json_t *o = figures_json(&t.all);
  json_t *list = json_array();
  for (size_t i = 0; i < t.nmonths; i++) {
    const struct jw_disclosure_month *m = &t.months[i];
    json_array_append_new(
        list, json_pack("{s:s, s:I, s:I, s:I}", "month", m->month, "received", (json_int_t)m->received, "completed",
                        (json_int_t)m->completed, "on_time", (json_int_t)m->on_time));
  }
  json_object_set_new(o, "by_month", list);
  return o;
}

enum jw_code jw_disclosure_api_overall(struct jw_req *r, struct jw_error *err) {
  struct jw_disclosure_item *items;
  size_t n;
  if (jw_disclosure_items(r->db, r->arena, &items, &n, err) != JW_OK) return err->code;
  json_t *o = totals(r, 0, err);
  if (!o) return err->code ? err->code : JW_E_DB;
  json_t *list = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *it = figures_json(&items[i].f);
    json_object_set_new(it, "service_id", json_integer(items[i].id));
    json_object_set_new(it, "code", json_string(items[i].code));
    json_object_set_new(it, "name", json_string(items[i].name));
    json_array_append_new(list, it);
  }
  json_object_set_new(o, "items", list);
  jw_reply_json(r, 200, o);
  return JW_OK;
}

enum jw_code jw_disclosure_api_service(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  const char *name;
  struct jw_disclosure_handler *h;
  size_t n;
  enum jw_code rc = jw_disclosure_handlers(r->db, r->arena, id, &name, &h, &n, err);
  if (rc == JW_E_NOT_FOUND) return jw_fail(err, JW_E_NOT_FOUND, "There is no published item %s.", r->params[0]);
  if (rc != JW_OK) return rc;
  json_t *o = totals(r, id, err);
  if (!o) return err->code ? err->code : JW_E_DB;
  json_object_set_new(o, "service_id", json_integer(id));
  json_object_set_new(o, "name", json_string(name));
  json_t *officers = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(
        officers, json_pack("{s:s, s:o, s:s}", "name", h[i].name, "badge_no",
                            h[i].badge_no ? json_string(h[i].badge_no) : json_null(), "unit_name", h[i].unit_name));
  json_object_set_new(o, "officers", officers);
  jw_reply_json(r, 200, o);
  return JW_OK;
}
