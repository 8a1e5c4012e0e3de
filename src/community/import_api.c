/* import_api.c — the residents' spreadsheet import (preview, confirm,
 * cancel) and export: request → community/import.h → JSON or a workbook. */
#include "community/import_api.h"

#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "community/api.h"
#include "community/import.h"
#include "core/mem.h"
#include "core/validate.h"

/* The media types a spreadsheet arrives with (the format is read from the bytes). */
static int sheet_type(const char *t) {
  static const char *const ok[] = {"application/octet-stream",
                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                   "application/vnd.ms-excel",
                                   "text/csv",
                                   "text/plain",
                                   NULL};
  if (!t || !*t) return 1;
  for (int i = 0; ok[i]; i++) {
    size_t n = strlen(ok[i]);
    if (!strncasecmp(t, ok[i], n) && (t[n] == '\0' || t[n] == ';' || t[n] == ' ')) return 1;
  }
  return 0;
}

static json_t *preview_json(struct jw_req *r, const struct jw_import_preview *p) {
  int zh = jw_wants_chinese(r);
  json_t *errors = json_array();
  for (size_t i = 0; i < p->nerrors; i++) {
    const struct jw_import_issue *e = &p->errors[i];
    json_array_append_new(errors, json_pack("{s:I, s:s, s:s, s:s}", "row", (json_int_t)e->row, "column", e->column,
                                            "field", e->field, "message", zh ? e->message_zh : e->message));
  }
  json_t *sample = json_array();
  for (size_t i = 0; i < p->nsample; i++) {
    const struct jw_import_row *x = &p->sample[i];
    const struct jw_resident_input *in = &x->in;
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "row", (json_int_t)x->row,
                          "grid_id", (json_int_t)in->grid_id, "grid_name", x->grid_name ? x->grid_name : "", "kind",
                          in->kind, "name", in->name, "id_masked", jw_mask_id_number(r->arena, in->id_number),
                          "address", in->address, "employer", in->employer, "native_place", in->native_place,
                          "permit_status", in->permit_status, "update", x->update);
    json_object_set_new(o, "phone", json_string(*in->phone ? jw_mask_phone(r->arena, in->phone) : ""));
    json_object_set_new(o, "registered_on", jw_comm_str_or_null(in->registered_on));
    json_object_set_new(o, "permit_expires", jw_comm_str_or_null(in->permit_expires));
    json_array_append_new(sample, o);
  }
  json_t *o =
      json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "id", (json_int_t)p->id, "format", p->format,
                "encoding", p->encoding, "sha256", p->sha256, "total_rows", (json_int_t)p->total_rows, "valid_rows",
                (json_int_t)p->valid_rows, "error_rows", (json_int_t)p->error_rows, "updates", (json_int_t)p->updates,
                "errors_total", (json_int_t)p->errors_total, "errors", errors, "sample", sample);
  if (o) json_object_set_new(o, "expires_at", jw_time_json(r, p->expires_at));
  return o;
}

enum jw_code jw_community_api_import(struct jw_req *r, struct jw_error *err) {
  if (!sheet_type(r->raw_type))
    return jw_fail(err, JW_E_MEDIA_TYPE, "Send the spreadsheet's bytes as the body (.xlsx, .xls or .csv).");
  if (!r->raw_body || !r->raw_len) return jw_fail(err, JW_E_VALIDATION, "The file is empty.");
  const struct jw_community_actor who = {r->user, r->ip};
  struct jw_import_preview p;
  if (jw_community_import_preview(r->db, r->arena, &who, r->raw_body, r->raw_len, NULL, &p, err) != JW_OK)
    return err->code;
  jw_reply_json(r, 201, preview_json(r, &p));
  return JW_OK;
}

enum jw_code jw_community_api_import_confirm(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such import.");
  const struct jw_community_actor who = {r->user, r->ip};
  int64_t inserted, updated;
  if (jw_community_import_confirm(r->db, r->arena, &who, id, &inserted, &updated, err) != JW_OK) return err->code;
  jw_reply_json(r, 200,
                json_pack("{s:I, s:I, s:I}", "id", (json_int_t)id, "inserted", (json_int_t)inserted, "updated",
                          (json_int_t)updated));
  return JW_OK;
}

enum jw_code jw_community_api_import_cancel(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_param_id(r, 0);
  if (!id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such import.");
  const struct jw_community_actor who = {r->user, r->ip};
  if (jw_community_import_cancel(r->db, &who, id, err) != JW_OK) return err->code;
  jw_reply_empty(r, 204);
  return JW_OK;
}

enum jw_code jw_community_api_export(struct jw_req *r, struct jw_error *err) {
  struct jw_resident_filter f = {0};
  jw_comm_query_id(r, "grid_id", &f.grid_id, err);
  jw_comm_query_text(r, "q", 50, &f.q, err);
  const char *kind = jw_query(r, "kind"), *permit = jw_query(r, "permit"), *full = jw_query(r, "full");
  if (kind && strcmp(kind, "registered") && strcmp(kind, "migrant"))
    jw_field_fail(err, "kind", "must be registered or migrant");
  if (permit && strcmp(permit, "expiring")) jw_field_fail(err, "permit", "must be expiring");
  if (full && strcmp(full, "0") && strcmp(full, "1")) jw_field_fail(err, "full", "must be 0 or 1");
  if (err->nfields) return JW_E_VALIDATION;
  f.kind = kind;
  f.expiring = permit != NULL;
  int want_full = full && !strcmp(full, "1");
  /* Full ID numbers in bulk are for the police; auxiliaries export masked lists. */
  if (want_full && r->user->role == JW_ROLE_AUXILIARY)
    return jw_fail(err, JW_E_FORBIDDEN, "Auxiliaries may export masked lists only.");
  const struct jw_community_actor who = {r->user, r->ip};
  char *xlsx;
  size_t len, count;
  if (jw_community_export(r->db, r->arena, &who, r->app->cfg.tz_offset_min, &f, want_full, NULL, &xlsx, &len, &count,
                          err) != JW_OK)
    return err->code;
  jw_reply_bytes(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx, len);
  jw_reply_header(r, "Content-Disposition",
                  "attachment; filename=\"residents.xlsx\"; filename*=UTF-8''%E5%B1%85%E6%B0%91.xlsx");
  jw_reply_header(r, "Cache-Control", "private, no-store");
  jw_reply_header(r, "X-Row-Count", jw_arena_printf(r->arena, "%zu", count));
  return JW_OK;
}
