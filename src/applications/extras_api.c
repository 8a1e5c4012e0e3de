/* extras_api.c — around a case: the citizen's rating and the download of
 * an attachment. */
#include <stdio.h>
#include <string.h>

#include "applications/api.h"
#include "core/jspec.h"
#include "applications/store.h"
#include "core/mem.h"
#include "services/document.h"
#include "services/services.h"
#include "uploads/uploads.h"

enum jw_code jw_apps_api_rate(struct jw_req *r, struct jw_error *err) {
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  struct jw_application a;
  int64_t grade;
  const char *comment = "";
  const struct jw_field f[] = {
      {"grade", JS_INT, JS_REQUIRED, 1, 5, &grade, NULL, NULL},
      {"comment", JS_STR, JS_NULLABLE | JS_MULTILINE, 0, 500, &comment, NULL, NULL},
  };
  if (!r->body) return jw_fail(err, JW_E_BAD_JSON, "Send {\"grade\": 1-5} as JSON.");
  if (jw_json_fields(r->body, f, 2, err) != JW_OK) return err->code;
  if (jw_app_load(&x, r->params[0], &a, err) != JW_OK) return err->code;
  if (a.applicant_id != r->user->id) return jw_fail(err, JW_E_FORBIDDEN, "Only the applicant rates the service.");
  if (a.status != APP_COMPLETED)
    return jw_fail(err, JW_E_CONFLICT, "An application can be rated once it is completed (办结).");
  if (jw_app_rate(&x, &a, (int)grade, comment, err) != JW_OK) return err->code;
  jw_reply_json(r, 201,
                json_pack("{s:I, s:s, s:s}", "grade", (json_int_t)grade, "grade_name", jw_app_grade_name((int)grade),
                          "comment", comment));
  return JW_OK;
}

/* Always an attachment, never shown inline; the ASCII fallback name and the
 * RFC 5987 filename* (UTF-8 with everything but letters, digits and a few
 * marks percent-encoded) both end in the extension of the sniffed type. */
static char *disposition(struct jw_arena *a, const char *name, const char *type) {
  size_t n = strlen(name);
  char *out = jw_arena_alloc(a, 80 + n * 3), *p = out;
  p += sprintf(p, "attachment; filename=\"download.%s\"; filename*=UTF-8''", jw_upload_ext(type));
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)name[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c))
      *p++ = (char)c;
    else
      p += sprintf(p, "%%%02X", c);
  }
  *p = '\0';
  return out;
}

enum jw_code jw_apps_api_attachment(struct jw_req *r, struct jw_error *err) {
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  struct jw_application a;
  struct jw_app_stored_file f;
  if (jw_app_load(&x, r->params[0], &a, err) != JW_OK) return err->code;
  if (jw_app_file(&x, &a, jw_param_id(r, 1), &f, err) != JW_OK) return err->code;
  /* Uploads stored before names were fixed on upload are fixed here. */
  const char *name = jw_upload_file_name(r->arena, f.name, f.content_type);
  const void *data;
  if (jw_upload_read(r->arena, r->app->cfg.upload_dir, f.sha256, f.size, &data, err) != JW_OK) return err->code;
  if (jw_app_staff_view(&x, &a) && jw_app_audit_read(&x, "application.attachment", &a,
                                                     jw_arena_printf(r->arena, "file %s", r->params[1]), err) != JW_OK)
    return err->code;
  jw_reply_bytes(r, 200, f.content_type, data, (size_t)f.size);
  jw_reply_header(r, "Content-Disposition", disposition(r->arena, name, f.content_type));
  return JW_OK;
}

enum jw_code jw_apps_api_accepting_units(struct jw_req *r, struct jw_error *err) {
  json_t *doc;
  int version;
  if (jw_service_doc(r->db, jw_param_id(r, 0), 0, &doc, &version, err) != JW_OK) return err->code;
  jw_arena_defer(r->arena, (void (*)(void *))json_decref, doc);
  const char *const *kinds = jw_service_accepting_kinds(json_string_value(json_object_get(doc, "category")));
  struct jw_apps_ctx x = jw_apps_api_ctx(r);
  struct jw_apps_unit *u;
  size_t n;
  int64_t home;
  if (jw_app_units_for(&x, kinds, &u, &n, &home, err) != JW_OK) return err->code;
  json_t *items = json_array(), *names = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(
        items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)u[i].id, "name", u[i].name, "kind",
                         u[i].kind, "kind_name", jw_unit_kind_name(u[i].kind), "address", u[i].address, "parent_name",
                         u[i].parent_name, "district_name", u[i].district_name ? u[i].district_name : ""));
  for (int i = 0; kinds[i]; i++) json_array_append_new(names, json_string(jw_unit_kind_name(kinds[i])));
  jw_reply_json(r, 200,
                json_pack("{s:o, s:o, s:o}", "items", items, "kind_names", names, "home_unit_id",
                          home ? json_integer(home) : json_null()));
  return JW_OK;
}
