/* api_open311.c — Open311 GeoReport v2 (/open311/v2): every path answers in
 * JSON or XML by its extension, with the specification's field names and
 * its error format [{"code": HTTP status, "description": …}] (XML
 * <errors><error>), which these handlers write themselves. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "core/validate.h"
#include "reports/api.h"
#include "reports/form.h"
#include "reports/reports.h"
#include "reports/requests_out.h"
#include "reports/xml.h"

enum fmt { FMT_JSON, FMT_XML };

/* The format of name ("x.json", "x.xml") and its stem (arena-owned); -1 for neither. */
static int split_format(struct jw_req *r, const char *name, const char **stem) {
  size_t n = strlen(name);
  if (n > 5 && strcmp(name + n - 5, ".json") == 0) {
    *stem = jw_arena_strndup(r->arena, name, n - 5);
    return FMT_JSON;
  }
  if (n > 4 && strcmp(name + n - 4, ".xml") == 0) {
    *stem = jw_arena_strndup(r->arena, name, n - 4);
    return FMT_XML;
  }
  return -1;
}

static enum fmt path_format(struct jw_req *r) {
  size_t n = strlen(r->path);
  return n > 4 && strcmp(r->path + n - 4, ".xml") == 0 ? FMT_XML : FMT_JSON;
}

/* Sends v (takes the reference) as JSON or as XML <root><item>…. */
static enum jw_code reply(struct jw_req *r, enum fmt f, int status, json_t *v, const char *root, const char *item) {
  if (!v) {
    jw_reply_json(r, 500, NULL);
    return JW_OK;
  }
  char *text;
  if (f == FMT_XML) {
    text = jw_report_xml(r->arena, v, root, item);
  } else {
    char *s = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(10));
    text = s ? jw_arena_strdup(r->arena, s) : NULL;
    free(s);
  }
  json_decref(v);
  if (!text) {
    jw_reply_json(r, 500, NULL);
    return JW_OK;
  }
  jw_reply_text(r, status, f == FMT_XML ? "text/xml; charset=utf-8" : "application/json; charset=utf-8", text);
  return JW_OK;
}

/* Answers an error in Open311's format: status and a description. */
static enum jw_code o311_error(struct jw_req *r, enum fmt f, int status, const char *description) {
  json_t *e = json_pack("[{s:i, s:s}]", "code", status, "description", description);
  return reply(r, f, status, e, "errors", "error");
}

/* Answers the domain error err in Open311's format (validation is 400, as the specification's examples). */
static enum jw_code o311_fail(struct jw_req *r, enum fmt f, struct jw_error *err) {
  int status = jw_error_status(err->code);
  if (err->code == JW_E_VALIDATION || err->code == JW_E_NOT_ALLOWED || err->code == JW_E_BAD_REFERENCE) status = 400;
  if (status >= 500 && err->code != JW_E_DB_BUSY && err->code != JW_E_UNAVAILABLE) return err->code;
  if (err->retry_after > 0) jw_reply_header(r, "Retry-After", jw_arena_printf(r->arena, "%d", err->retry_after));
  const char *msg = err->detail[0] ? err->detail : jw_error_title(err->code);
  if (jw_wants_chinese(r) && err->detail_zh[0]) msg = err->detail_zh;
  return o311_error(r, f, status, msg);
}

const char *jw_o311_own_error(struct jw_arena *a, const char *path, int status, const char *detail, const char **type) {
  if (strncmp(path, "/open311/", 9) != 0) return NULL;
  size_t n = strlen(path);
  int xml = n > 4 && strcmp(path + n - 4, ".xml") == 0;
  json_t *e = json_pack("[{s:i, s:s}]", "code", status, "description", detail);
  if (!e) return NULL;
  char *text = NULL;
  if (xml) {
    text = jw_report_xml(a, e, "errors", "error");
  } else {
    char *s = json_dumps(e, JSON_COMPACT);
    text = s ? jw_arena_strdup(a, s) : NULL;
    free(s);
  }
  json_decref(e);
  *type = xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
  return text;
}

/* jurisdiction_id, when sent, must be ours (404 otherwise, as the specification says). */
static int jurisdiction_ok(const char *j) { return !j || strcmp(j, JW_REPORT_JURISDICTION) == 0; }

/* ---- services ---- */

enum jw_code jw_o311_api_services(struct jw_req *r, struct jw_error *err) {
  enum fmt f = path_format(r);
  if (!jurisdiction_ok(jw_query(r, "jurisdiction_id"))) return o311_error(r, f, 404, "jurisdiction_id not found");
  json_t *list = json_array();
  for (int i = 0; i < jw_report_nservices; i++) {
    const struct jw_report_service *s = &jw_report_services[i];
    json_array_append_new(
        list, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}", "service_code", s->code, "service_name", s->name,
                        "description", s->description, "metadata", s->nattrs > 0, "type", "realtime", "keywords",
                        s->keywords, "group", s->group));
  }
  return reply(r, f, 200, list, "services", "service");
}

enum jw_code jw_o311_api_service(struct jw_req *r, struct jw_error *err) {
  const char *code;
  int f = split_format(r, r->params[0], &code);
  if (f < 0) return jw_fail(err, JW_E_NOT_FOUND, "Ask for services/{code}.json or .xml.");
  if (!jurisdiction_ok(jw_query(r, "jurisdiction_id"))) return o311_error(r, f, 404, "jurisdiction_id not found");
  const struct jw_report_service *s = jw_report_service_find(code);
  if (!s) return o311_error(r, f, 404, "service_code not found");
  json_t *attrs = json_array();
  for (int i = 0; i < s->nattrs; i++) {
    const struct jw_report_attr *a = &s->attrs[i];
    json_t *values = json_array();
    for (const struct jw_report_value *v = a->values; v && v->key; v++)
      json_array_append_new(values, json_pack("{s:s, s:s}", "key", v->key, "name", v->name));
    json_array_append_new(
        attrs, json_pack("{s:b, s:s, s:s, s:b, s:s?, s:i, s:s, s:o}", "variable", 1, "code", a->code, "datatype",
                         a->datatype, "required", a->required, "datatype_description", a->datatype_description, "order",
                         a->order, "description", a->description, "values", values));
  }
  json_t *def = json_pack("{s:s, s:o}", "service_code", s->code, "attributes", attrs);
  return reply(r, f, 200, def, "service_definition", NULL);
}

/* ---- service requests ---- */

/* Sends the reports as service requests in format f. */
static enum jw_code reply_requests(struct jw_req *r, enum fmt f, const struct jw_report *rows, size_t n) {
  char *text = jw_o311_requests_text(r, rows, n, f == FMT_XML);
  if (!text) {
    jw_reply_json(r, 500, NULL);
    return JW_OK;
  }
  jw_reply_text(r, 200, f == FMT_XML ? "text/xml; charset=utf-8" : "application/json; charset=utf-8", text);
  return JW_OK;
}

enum jw_code jw_o311_api_request(struct jw_req *r, struct jw_error *err) {
  const char *stem;
  int f = split_format(r, r->params[0], &stem);
  if (f < 0) return jw_fail(err, JW_E_NOT_FOUND, "Ask for requests/{id}.json or .xml.");
  if (!jurisdiction_ok(jw_query(r, "jurisdiction_id"))) return o311_error(r, f, 404, "jurisdiction_id not found");
  char *end;
  long long id = strtoll(stem, &end, 10);
  struct jw_report p;
  if (*end || id <= 0 || stem[0] < '0' || stem[0] > '9' || jw_report_get(r->db, r->arena, id, &p, err) != JW_OK) {
    if (err->code != JW_OK && err->code != JW_E_NOT_FOUND) return o311_fail(r, f, err);
    return o311_error(r, f, 404, "service_request_id not found");
  }
  return reply_requests(r, f, &p, 1);
}

enum jw_code jw_o311_api_token(struct jw_req *r, struct jw_error *err) {
  const char *token;
  int f = split_format(r, r->params[0], &token);
  if (f < 0) return jw_fail(err, JW_E_NOT_FOUND, "Ask for tokens/{token}.json or .xml.");
  int64_t id = 0;
  if (strlen(token) > 64 || jw_report_by_token(r->db, token, &id, err) != JW_OK) {
    if (err->code != JW_OK && err->code != JW_E_NOT_FOUND) return o311_fail(r, f, err);
    return o311_error(r, f, 404, "token not found");
  }
  json_t *list =
      json_pack("[{s:s, s:s}]", "service_request_id", jw_arena_printf(r->arena, "%lld", (long long)id), "token", token);
  return reply(r, f, 200, list, "service_requests", "request");
}

/* Splits a comma list (arena copy) into at most max items; -1 when longer or with an empty item. */
static int comma_list(struct jw_req *r, const char *s, const char **items, int max) {
  char *copy = jw_arena_strdup(r->arena, s);
  int n = 0;
  for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    if (n == max) return -1;
    items[n++] = t;
  }
  return n;
}

enum jw_code jw_o311_api_requests(struct jw_req *r, struct jw_error *err) {
  enum fmt f = path_format(r);
  if (!jurisdiction_ok(jw_query(r, "jurisdiction_id"))) return o311_error(r, f, 404, "jurisdiction_id not found");
  struct jw_report_filter flt = {.limit = JW_REPORT_LIST_MAX};
  const char *v;
  if ((v = jw_query(r, "service_request_id"))) {
    const char *items[JW_REPORT_IDS_MAX];
    int n = comma_list(r, v, items, JW_REPORT_IDS_MAX);
    if (n <= 0) return o311_error(r, f, 400, "service_request_id must be a comma-separated list of at most 100 ids");
    int64_t *ids = jw_arena_alloc(r->arena, sizeof *ids * (size_t)n);
    for (int i = 0; i < n; i++) {
      char *end;
      long long id = strtoll(items[i], &end, 10);
      if (*end || id <= 0 || items[i][0] < '0' || items[i][0] > '9')
        return o311_error(r, f, 400, "service_request_id must be a comma-separated list of ids");
      ids[i] = id;
    }
    flt.ids = ids;
    flt.nids = n;
  } else {
    if ((v = jw_query(r, "service_code"))) {
      const char *items[16];
      int n = comma_list(r, v, items, 8);
      if (n <= 0) return o311_error(r, f, 400, "service_code must be a comma-separated list of service codes");
      for (int i = 0; i < n; i++) {
        if (!jw_report_service_find(items[i]))
          return o311_error(r, f, 400, "service_code must list services of GET services");
        flt.codes[flt.ncodes++] = items[i];
      }
    }
    if ((v = jw_query(r, "status"))) {
      const char *items[4];
      int n = comma_list(r, v, items, 2);
      if (n <= 0) return o311_error(r, f, 400, "status must be open, closed or open,closed");
      for (int i = 0; i < n; i++) {
        if (strcmp(items[i], "open") == 0)
          flt.want_open = 1;
        else if (strcmp(items[i], "closed") == 0)
          flt.want_closed = 1;
        else
          return o311_error(r, f, 400, "status must be open, closed or open,closed");
      }
    }
    int64_t start = 0, end = 0;
    const char *sd = jw_query(r, "start_date"), *ed = jw_query(r, "end_date");
    int tz = r->app->cfg.tz_offset_min;
    if (sd && jw_report_parse_time(sd, tz, &start) != 0)
      return o311_error(r, f, 400, "start_date must be a W3C date-time such as 2026-11-01T00:00:00+08:00");
    if (ed && jw_report_parse_time(ed, tz, &end) != 0)
      return o311_error(r, f, 400, "end_date must be a W3C date-time such as 2026-11-30T23:59:59+08:00");
    const int64_t window = (int64_t)JW_REPORT_WINDOW_DAYS * 86400;
    if (!sd && !ed) {
      end = (int64_t)time(NULL);
      start = end - window;
    } else if (!ed) {
      end = start + window;
    } else if (!sd) {
      start = end - window;
    }
    if (end < start) return o311_error(r, f, 400, "end_date is before start_date");
    if (end - start > window) return o311_error(r, f, 400, "start_date and end_date may span at most 90 days");
    flt.start = start;
    flt.end = end;
  }
  struct jw_report *rows;
  size_t n;
  if (jw_report_list(r->db, r->arena, &flt, &rows, &n, err) != JW_OK) return o311_fail(r, f, err);
  return reply_requests(r, f, rows, n);
}

/* ---- POST a service request ---- */

static const char *const POST_FIELDS[] = {
    "jurisdiction_id", "api_key",     "service_code", "lat",        "long",       "address_string",
    "address_id",      "email",       "device_id",    "account_id", "first_name", "last_name",
    "phone",           "description", "media_url",    "zipcode",    NULL,
};

/* A single-line text field of at most max characters, or a problem sentence. */
static const char *text_problem(const char *name, const char *v, long max, int multiline, struct jw_arena *a) {
  long chars = jw_utf8_len(v, strlen(v));
  if (chars < 0) return jw_arena_printf(a, "%s is not valid UTF-8", name);
  if (chars > max) return jw_arena_printf(a, "%s is longer than %ld characters", name, max);
  const char *why = jw_text_unsafe(v, strlen(v), multiline);
  if (why) return jw_arena_printf(a, "%s %s", name, why); /* "description must not contain control characters" */
  return NULL;
}

/* Wrong api_key attempts one client address may make per window (then 429). */
#define O311_KEY_FAILS  10
#define O311_KEY_WINDOW 600

enum jw_code jw_o311_api_create(struct jw_req *r, struct jw_error *err) {
  enum fmt f = path_format(r);
  const char *type = r->raw_type;
  if (r->raw_body && (!type || strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0 ||
                      (type[33] != '\0' && type[33] != ';')))
    return o311_error(r, f, 415, "Send the request as application/x-www-form-urlencoded");
  struct jw_form_field *ff = NULL;
  int nf = 0;
  const char *why = jw_form_parse(r->arena, r->raw_body ? r->raw_body : "", r->raw_body ? r->raw_len : 0, &ff, &nf);
  if (why) return o311_error(r, f, 400, why);
  const struct jw_report_service *svc = NULL;
  for (int i = 0; i < nf; i++) {
    const char *name = ff[i].name;
    int known = 0;
    for (const char *const *k = POST_FIELDS; *k; k++) known |= strcmp(*k, name) == 0;
    if (!known && strncmp(name, "attribute[", 10) != 0)
      return o311_error(r, f, 400,
                        strlen(name) <= 40 ? jw_arena_printf(r->arena, "Unknown field %s", name) : "Unknown field");
  }
  const char *api_key = jw_form_get(ff, nf, "api_key");
  const char *code = jw_form_get(ff, nf, "service_code");
  if (!api_key || !api_key[0]) return o311_error(r, f, 400, "api_key not provided");
  if (!code || !code[0]) return o311_error(r, f, 400, "service_code not provided");
  if (!jurisdiction_ok(jw_form_get(ff, nf, "jurisdiction_id")))
    return o311_error(r, f, 404, "jurisdiction_id not found");
  int64_t client_id = 0;
  /* Guessing keys: an address with O311_KEY_FAILS wrong keys in the window
   * gets 429 (Retry-After) before its key is even looked at. */
  const char *fail_key = jw_arena_printf(r->arena, "o311-key-ip:%s", r->ip ? r->ip : "");
  int64_t fails = 0;
  int retry = 0;
  if (jw_rate_peek(r->db, fail_key, O311_KEY_WINDOW, &fails, &retry, err) != JW_OK) return o311_fail(r, f, err);
  if (fails >= O311_KEY_FAILS) {
    jw_fail(err, JW_E_RATE_LIMITED, "Too many wrong api_key attempts from your address; try again in %d seconds.",
            retry);
    err->retry_after = retry;
    return o311_fail(r, f, err);
  }
  if (strlen(api_key) > 128 || jw_report_client_check(r->db, api_key, &client_id, err) != JW_OK) {
    if (err->code != JW_OK && err->code != JW_E_FORBIDDEN) return o311_fail(r, f, err);
    jw_error_clear(err);
    jw_rate_limit(r->db, fail_key, INT32_MAX, O311_KEY_WINDOW, err); /* counted; a lost count is no harm */
    jw_error_clear(err);
    return o311_error(r, f, 403, "Invalid api_key");
  }
  if (!(svc = jw_report_service_find(code))) return o311_error(r, f, 404, "service_code not found");

  struct jw_report_new in = {.service_code = svc->code, .client_id = client_id, .source = "open311", .ip = r->ip};
  const char *lat = jw_form_get(ff, nf, "lat"), *lng = jw_form_get(ff, nf, "long");
  if ((lat && !lng) || (!lat && lng)) return o311_error(r, f, 400, "Send lat and long together");
  if (lat) {
    if (jw_report_parse_degrees(lat, 90, &in.lat_e6) != 0)
      return o311_error(r, f, 400, "lat must be a decimal latitude from -90 to 90");
    if (jw_report_parse_degrees(lng, 180, &in.lng_e6) != 0)
      return o311_error(r, f, 400, "long must be a decimal longitude from -180 to 180");
    in.has_location = 1;
  }
  static const struct {
    const char *name;
    long max;
    int multiline;
    size_t off;
  } TEXTS[] = {
      {"address_string", JW_REPORT_FIELD_MAX, 0, offsetof(struct jw_report_new, address)},
      {"address_id", 64, 0, offsetof(struct jw_report_new, address_id)},
      {"zipcode", 16, 0, offsetof(struct jw_report_new, zipcode)},
      {"email", 120, 0, offsetof(struct jw_report_new, email)},
      {"device_id", 120, 0, offsetof(struct jw_report_new, device_id)},
      {"account_id", 120, 0, offsetof(struct jw_report_new, account_id)},
      {"first_name", 60, 0, offsetof(struct jw_report_new, first_name)},
      {"last_name", 60, 0, offsetof(struct jw_report_new, last_name)},
      {"phone", 30, 0, offsetof(struct jw_report_new, phone)},
      {"description", JW_REPORT_DESC_MAX, 1, offsetof(struct jw_report_new, description)},
      {"media_url", JW_REPORT_FIELD_MAX, 0, offsetof(struct jw_report_new, media_url)},
  };
  for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++) {
    const char *v = jw_form_get(ff, nf, TEXTS[i].name);
    if (!v) v = "";
    const char *p = text_problem(TEXTS[i].name, v, TEXTS[i].max, TEXTS[i].multiline, r->arena);
    if (p) return o311_error(r, f, 400, p);
    *(const char **)((char *)&in + TEXTS[i].off) = v;
  }
  if (in.email[0] && (!strchr(in.email, '@') || strchr(in.email, ' ')))
    return o311_error(r, f, 400, "email is not an e-mail address");
  if (in.media_url[0] && strncmp(in.media_url, "https://", 8) != 0 && strncmp(in.media_url, "http://", 7) != 0)
    return o311_error(r, f, 400, "media_url must be an http or https address");
  if (!in.has_location && !in.address[0] && !in.address_id[0])
    return o311_error(r, f, 400, "lat/long, address_string, or address_id required");
  /* attribute[code]=value, checked against the service definition */
  json_t *obj = json_object();
  for (int i = 0; i < nf; i++) {
    const char *name = ff[i].name;
    if (strncmp(name, "attribute[", 10) != 0) continue;
    size_t len = strlen(name);
    const char *acode = jw_arena_strndup(r->arena, name + 10, len > 11 ? len - 11 : 0);
    const struct jw_report_attr *def = NULL;
    for (int k = 0; k < svc->nattrs; k++)
      if (strcmp(svc->attrs[k].code, acode) == 0) def = &svc->attrs[k];
    if (name[len - 1] != ']' || !def) {
      json_decref(obj);
      return o311_error(r, f, 400,
                        jw_arena_printf(r->arena, "an attribute[…] field is not an attribute of %s", svc->code));
    }
    const char *p = jw_report_attr_problem(def, ff[i].value);
    if (p) {
      json_decref(obj);
      return o311_error(r, f, 400, jw_arena_printf(r->arena, "attribute[%s] %s", def->code, p));
    }
    json_object_set_new(obj, def->code, json_string(ff[i].value));
  }
  for (int k = 0; k < svc->nattrs; k++) {
    if (svc->attrs[k].required && !json_object_get(obj, svc->attrs[k].code)) {
      json_decref(obj);
      return o311_error(r, f, 400, jw_arena_printf(r->arena, "attribute[%s] is required", svc->attrs[k].code));
    }
  }
  char *text = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(obj);
  in.attributes = text ? jw_arena_strdup(r->arena, text) : "{}";
  free(text);

  int64_t id;
  const char *token;
  if (jw_report_create(r->db, r->arena, &in, &id, &token, err) != JW_OK) return o311_fail(r, f, err);
  json_t *out =
      json_pack("[{s:s, s:s, s:s, s:s?}]", "service_request_id", jw_arena_printf(r->arena, "%lld", (long long)id),
                "token", token, "service_notice", "已收到您的举报，所在辖区民警将尽快处理；紧急情况请拨打110。",
                "account_id", in.account_id[0] ? in.account_id : NULL);
  return reply(r, f, 201, out, "service_requests", "request");
}
