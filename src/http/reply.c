/* reply.c — the helpers handlers use to answer, page and format times. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/http.h"

void jw_reply_json(struct jw_req *r, int status, json_t *body) {
  if (r->resp_json) json_decref(r->resp_json);
  r->status = status;
  r->resp_json = body;
  r->resp_broken = body == NULL;
}

void jw_reply_empty(struct jw_req *r, int status) { r->status = status; }

void jw_reply_text(struct jw_req *r, int status, const char *type, const char *text) {
  jw_reply_bytes(r, status, type, text, strlen(text));
}

void jw_reply_bytes(struct jw_req *r, int status, const char *type, const void *data, size_t n) {
  r->status = status;
  r->resp_type = type;
  r->resp_text = data;
  r->resp_len = n;
}

void jw_reply_header(struct jw_req *r, const char *name, const char *value) {
  if (r->nresp_headers >= 4) return;
  r->resp_headers[r->nresp_headers][0] = name;
  r->resp_headers[r->nresp_headers][1] = value;
  r->nresp_headers++;
}

int64_t jw_param_id(struct jw_req *r, int i) {
  if (i >= r->nparams) return 0;
  const char *s = r->params[i];
  int64_t v = 0;
  if (*s && strlen(s) <= 18 && strspn(s, "0123456789") == strlen(s))
    for (; *s; s++) v = v * 10 + (*s - '0');
  if (v <= 0) r->bad_id = r->params[i];
  return v;
}

/* Parses a decimal in [lo, hi]; -1 if it is not one. */
static int64_t parse_range(const char *s, int64_t lo, int64_t hi) {
  if (!s || !*s || strlen(s) > 18) return -1;
  int64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return -1;
    v = v * 10 + (*s - '0');
  }
  return v >= lo && v <= hi ? v : -1;
}

enum jw_code jw_page_params(struct jw_req *r, int64_t *limit, int64_t *cursor, struct jw_error *err) {
  const char *l = jw_query(r, "limit");
  const char *c = jw_query(r, "cursor");
  *limit = 20;
  *cursor = 0;
  if (l && (*limit = parse_range(l, 1, 100)) < 0) jw_field_fail(err, "limit", "must be a whole number from 1 to 100");
  if (c && (*cursor = parse_range(c, 1, INT64_MAX / 2)) < 0)
    jw_field_fail(err, "cursor", "is not a cursor this API gave");
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

json_t *jw_page_json(json_t *items, int64_t next) {
  json_t *o = json_object();
  json_object_set_new(o, "items", items);
  if (next > 0) {
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)next);
    json_object_set_new(o, "next_cursor", json_string(buf));
  } else {
    json_object_set_new(o, "next_cursor", json_null());
  }
  return o;
}

json_t *jw_page_rows(struct jw_req *r, struct jw_stmt *s, int64_t limit, int64_t offset, jw_row_fn row, const void *ctx,
                     struct jw_error *err) {
  json_t *items = json_array();
  enum jw_step st;
  int64_t n = 0, next = 0, last = 0;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (++n > limit) {
      next = offset >= 0 ? offset + limit : last;
      break;
    }
    last = jw_col_int(s, 0);
    json_array_append_new(items, row(r, s, ctx));
  }
  if (st == JW_STEP_ERROR) {
    json_decref(items);
    return NULL;
  }
  return jw_page_json(items, next);
}

char *jw_time_str(struct jw_req *r, int64_t t) {
  int off = r->app ? r->app->cfg.tz_offset_min : 480;
  time_t local = (time_t)(t + off * 60);
  struct tm tm;
  gmtime_r(&local, &tm);
  char buf[40];
  size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  int a = off < 0 ? -off : off;
  snprintf(buf + n, sizeof buf - n, "%c%02d:%02d", off < 0 ? '-' : '+', a / 60, a % 60);
  return jw_arena_strdup(r->arena, buf);
}

json_t *jw_time_json(struct jw_req *r, int64_t t) {
  if (t <= 0) return json_null();
  return json_string(jw_time_str(r, t));
}
