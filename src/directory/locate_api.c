/* locate_api.c — "find by address" (按地址查找): which station, community
 * station and community officer serve a street, community or address a
 * citizen types. The matching is the one that routes a report without a
 * point (reports/route.c: the grids' names and the roads of their areas,
 * the units' names and addresses); this file adds the directory's view of
 * what it found. */
#include <string.h>

#include "core/validate.h"
#include "directory/api.h"
#include "directory/directory.h"
#include "reports/reports.h"

/* The longest address the lookup takes, in characters. */
#define LOCATE_MAX 100

static json_t *unit_json(const struct jw_unit *u) {
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)u->id, "name", u->name, "kind", u->kind,
                   "address", u->address ? u->address : "", "phone", u->phone ? u->phone : "", "hours",
                   u->hours ? u->hours : "");
}

/* The 派出所 unit u belongs to: u itself, or its nearest ancestor of kind
 * station (anc: root first); 0 when none (a unit right under a 分局). */
static int64_t station_of(const struct jw_unit *u, const struct jw_unit_ref *anc, size_t nanc) {
  if (strcmp(u->kind, "station") == 0) return u->id;
  for (size_t i = nanc; i-- > 0;)
    if (anc[i].kind && strcmp(anc[i].kind, "station") == 0) return anc[i].id;
  return 0;
}

static json_t *officer_json(const struct jw_officer *o) {
  return json_pack("{s:I, s:s, s:s, s:s*, s:s*, s:s*, s:I, s:s, s:b}", "id", (json_int_t)o->id, "name", o->name, "kind",
                   o->kind, "title", o->title, "badge_no", o->badge_no, "duty_area", o->duty_area, "unit_id",
                   (json_int_t)o->unit_id, "unit_name", o->unit_name ? o->unit_name : "", "accepts_appointments",
                   o->accepts_appointments);
}

enum jw_code jw_directory_api_locate(struct jw_req *r, struct jw_error *err) {
  const char *address = jw_query(r, "address");
  if (!address || !*address) return jw_field_fail(err, "address", "is required"), JW_E_VALIDATION;
  size_t bytes = strlen(address);
  long len = jw_utf8_len(address, bytes);
  if (len < 0 || jw_text_unsafe(address, bytes, 0))
    return jw_field_fail(err, "address", "is not valid text"), JW_E_VALIDATION;
  if (len > LOCATE_MAX) return jw_field_fail(err, "address", "must have at most 100 characters"), JW_E_VALIDATION;
  struct jw_report_place p;
  int found = 0;
  if (jw_report_locate(r->db, r->arena, address, &p, &found, err) != JW_OK) return err->code;
  json_t *items = json_array();
  if (found) {
    struct jw_unit u;
    struct jw_unit_ref *anc = NULL;
    size_t nanc = 0;
    int64_t children = 0, officers = 0;
    if (jw_unit_get(r->db, r->arena, p.unit_id, &u, &anc, &nanc, &children, &officers, err) != JW_OK) {
      json_decref(items);
      return err->code;
    }
    json_t *station = json_null();
    int64_t sid = station_of(&u, anc, nanc);
    if (sid == u.id) {
      station = unit_json(&u);
    } else if (sid) {
      struct jw_unit su;
      if (jw_unit_get(r->db, r->arena, sid, &su, NULL, NULL, NULL, NULL, err) != JW_OK) {
        json_decref(items);
        return err->code;
      }
      station = unit_json(&su);
    }
    json_t *officer = json_null();
    if (p.officer_id) {
      struct jw_officer o;
      enum jw_code rc = jw_officer_get(r->db, r->arena, p.officer_id, &o, NULL, err);
      if (rc == JW_OK)
        officer = officer_json(&o);
      else if (rc == JW_E_NOT_FOUND)
        jw_error_clear(err);
      else {
        json_decref(station);
        json_decref(items);
        return rc;
      }
    }
    json_t *grid = p.grid_id ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)p.grid_id, "name", p.grid_name, "area",
                                         p.grid_area ? p.grid_area : "")
                             : json_null();
    json_array_append_new(items, json_pack("{s:o, s:o, s:o, s:o, s:s}", "unit", unit_json(&u), "station", station,
                                           "grid", grid, "officer", officer, "matched_by", p.matched_by));
  }
  jw_reply_json(r, 200, json_pack("{s:o}", "items", items));
  return JW_OK;
}
