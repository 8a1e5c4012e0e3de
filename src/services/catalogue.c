/* catalogue.c — the item document (document.h): what it must hold, its
 * form's limits, reading a published version as JSON and writing its list
 * entry; and the catalogue's name tables. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "core/validate.h"
#include "services/document.h"
#include "services/services.h"
#include "services/store.h"

const char *const jw_form_field_types[] = {"text",      "textarea", "number",  "date",  "choice",
                                           "id_number", "phone",    "address", "plate", NULL};
const char *const jw_upload_types[] = {"image/jpeg", "image/png", "application/pdf", NULL};

/* The limits a field has when its definition sets none: the one copy, used by
 * the form check (applications/form.c) and published in every guide so that
 * clients do not keep their own. */
static const struct {
  const char *type, *key;
  int64_t value;
} field_limits[] = {
    {"text", "max_length", 100},    {"textarea", "max_length", 1000}, {"address", "max_length", 200},
    {"number", "min", -1000000000}, {"number", "max", 1000000000},
};

int64_t jw_form_field_limit(json_t *field, const char *key, int *found) {
  json_t *v = json_object_get(field, key);
  *found = 1;
  if (json_is_integer(v)) return json_integer_value(v);
  const char *type = json_string_value(json_object_get(field, "type"));
  for (size_t i = 0; type && i < sizeof field_limits / sizeof field_limits[0]; i++)
    if (strcmp(field_limits[i].type, type) == 0 && strcmp(field_limits[i].key, key) == 0) return field_limits[i].value;
  *found = 0;
  return 0;
}

void jw_form_limits_fill(json_t *form) {
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(form, "fields"), i, f) {
    const char *type = json_string_value(json_object_get(f, "type"));
    for (size_t k = 0; type && k < sizeof field_limits / sizeof field_limits[0]; k++)
      if (strcmp(field_limits[k].type, type) == 0 && !json_object_get(f, field_limits[k].key))
        json_object_set_new(f, field_limits[k].key, json_integer(field_limits[k].value));
  }
}

static const char *const item_types[] = {"行政许可", "公共服务", "行政确认", "其他行政权力", NULL};
const char *const jw_service_online_levels[] = {"notify", "appointment", "online", "query", NULL};
#define online_levels jw_service_online_levels
static const char *const originals[] = {"原件", "复印件", "原件和复印件", NULL};
const char *const jw_service_categories[] = {"household",      "residence", "id_card",        "exit_entry", "traffic",
                                             "special_trades", "security",  "events",         "hazardous",  "firearms",
                                             "fireworks",      "network",   "public_service", NULL};
static const char *const category_names[] = {"户政",     "居住证",   "身份证",   "出入境",   "交通管理",
                                             "特种行业", "保安服务", "大型活动", "危爆物品", "枪支管理",
                                             "烟花爆竹", "网络安全", "公共服务", NULL};
#define categories jw_service_categories

const char *jw_service_category_name(const char *code) {
  for (int i = 0; categories[i]; i++)
    if (strcmp(code, categories[i]) == 0) {
      assert(category_names[i]); /* the two tables have the same length */
      return category_names[i];
    }
  return "";
}

/*
 * Which kinds of unit accept each category's applications: the one
 * definition the guide (accepting_unit_kinds), the apply form's unit picker
 * and the server's check all read. The order is the categories'; a row's
 * kinds are NULL-terminated.
 */
static const char *const accepting[][4] = {
    {"station", NULL},                      /* household: 户籍所在地或拟迁入地派出所 */
    {"station", "community_station", NULL}, /* residence: 居住地派出所、社区警务室 */
    {"station", "bureau", NULL},            /* id_card: 各派出所、市民服务中心公安窗口 */
    {"bureau", "branch", NULL},             /* exit_entry: 市及各县（市、区）出入境接待大厅 */
    {"traffic_brigade", NULL},              /* traffic: 车管所及车管分所、交警中队 */
    {"branch", NULL},                       /* special_trades: 所在地县（市、区）公安机关 */
    {"bureau", NULL},                       /* security: 治安支队行政审批窗口 */
    {"branch", NULL},                       /* events: 活动所在地县（市、区）公安机关 */
    {"bureau", NULL},                       /* hazardous */
    {"bureau", NULL},                       /* firearms */
    {"branch", NULL},                       /* fireworks: 运输目的地县（市、区）公安机关 */
    {"bureau", NULL},                       /* network: 网络安全保卫支队 */
    {"station", "bureau", NULL},            /* public_service: 各派出所及市民服务中心公安窗口 */
};

const char *const *jw_service_accepting_kinds(const char *category) {
  static const char *const any[] = {"bureau", "branch", "station", "traffic_brigade", NULL};
  _Static_assert(sizeof accepting / sizeof accepting[0] + 1 == sizeof category_names / sizeof category_names[0],
                 "one row of accepting kinds per category");
  for (int i = 0; category && categories[i]; i++)
    if (strcmp(category, categories[i]) == 0) return accepting[i];
  return any;
}

const char *jw_unit_kind_name(const char *kind) {
  static const char *const names[][2] = {{"bureau", "市公安局"},          {"branch", "分局"},
                                         {"station", "派出所"},           {"community_station", "社区警务室"},
                                         {"traffic_brigade", "交警支队"}, {"village_office", "村警务室"},
                                         {"inspection_station", "检测站"}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(kind, names[i][0]) == 0) return names[i][1];
  return kind;
}

/* Kinds of element. E_OPT_STR may be empty even in a complete item. */
enum kind { E_STR, E_OPT_STR, E_ENUM, E_INT, E_BOOL, E_ARRAY, E_FORM };

struct element {
  const char *name;
  enum kind kind;
  int64_t min, max; /* characters of a string, range of an integer, items of an array */
  const char *const *choices;
  const struct element *members; /* E_ARRAY: the members of each object, NULL-name terminated */
};

static const struct element material[] = {
    {"name", E_STR, 1, 100, NULL, NULL},
    {"required", E_BOOL, 0, 1, NULL, NULL},
    {"original", E_ENUM, 0, 0, originals, NULL},
    {"count", E_INT, 1, 20, NULL, NULL},
    {"format", E_STR, 1, 40, NULL, NULL},
    {"notes", E_OPT_STR, 0, 200, NULL, NULL},
    {NULL, 0, 0, 0, NULL, NULL},
};
static const struct element step[] = {
    {"name", E_STR, 1, 40, NULL, NULL}, {"description", E_STR, 1, 300, NULL, NULL}, {NULL, 0, 0, 0, NULL, NULL}};
static const struct element faq[] = {
    {"q", E_STR, 1, 200, NULL, NULL}, {"a", E_STR, 1, 1000, NULL, NULL}, {NULL, 0, 0, 0, NULL, NULL}};

static const struct element item[] = {
    {"code", E_STR, 3, 40, NULL, NULL},
    {"name", E_STR, 2, 60, NULL, NULL},
    {"category", E_ENUM, 0, 0, categories, NULL},
    {"type", E_ENUM, 0, 0, item_types, NULL},
    {"implementing_unit", E_STR, 2, 100, NULL, NULL},
    {"accepting_units", E_STR, 2, 300, NULL, NULL},
    {"conditions", E_STR, 2, 2000, NULL, NULL},
    {"materials", E_ARRAY, 1, 50, NULL, material},
    {"steps", E_ARRAY, 1, 20, NULL, step},
    {"legal_basis", E_STR, 2, 2000, NULL, NULL},
    {"statutory_days", E_INT, 1, 365, NULL, NULL},
    {"promised_days", E_INT, 1, 365, NULL, NULL},
    {"fee_cents", E_INT, 0, 100000000, NULL, NULL},
    {"fee_standard", E_STR, 1, 300, NULL, NULL},
    {"fee_basis", E_STR, 1, 500, NULL, NULL},
    {"fee_waiver", E_STR, 1, 300, NULL, NULL},
    {"online_level", E_ENUM, 0, 0, online_levels, NULL},
    {"max_visits", E_INT, 0, 1, NULL, NULL},
    {"place", E_STR, 2, 300, NULL, NULL},
    {"hours", E_STR, 2, 200, NULL, NULL},
    {"consult_phone", E_STR, 3, 100, NULL, NULL},
    {"complaint_phone", E_STR, 3, 200, NULL, NULL},
    {"faq", E_ARRAY, 1, 50, NULL, faq},
    {"keywords", E_STR, 1, 200, NULL, NULL},
    {"form", E_FORM, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, NULL, NULL},
};

static int in_choices(const char *s, const char *const *choices) {
  for (int i = 0; choices[i]; i++)
    if (strcmp(s, choices[i]) == 0) return 1;
  return 0;
}

static void check_form(json_t *form, const char *at, int complete, struct jw_error *err);

/* Checks one value v of element e at path at. */
static void check_value(json_t *v, const struct element *e, const char *at, int complete, struct jw_error *err) {
  switch (e->kind) {
  case E_STR:
  case E_OPT_STR:
  case E_ENUM: {
    if (!json_is_string(v)) {
      jw_field_fail(err, at, "must be a string");
      return;
    }
    const char *s = json_string_value(v);
    long n = jw_utf8_len(s, json_string_length(v));
    if (e->kind == E_ENUM) {
      if (!in_choices(s, e->choices)) jw_field_fail(err, at, "is not one of the allowed values");
    } else if (n > e->max) {
      jw_field_fail(err, at, "must have at most %lld characters", (long long)e->max);
    } else if (complete && e->kind == E_STR && n < e->min) {
      jw_field_fail(err, at, "must have at least %lld characters", (long long)e->min);
    }
    return;
  }
  case E_INT:
    if (!json_is_integer(v) || json_integer_value(v) < e->min || json_integer_value(v) > e->max)
      jw_field_fail(err, at, "must be a whole number from %lld to %lld", (long long)e->min, (long long)e->max);
    return;
  case E_BOOL:
    if (!json_is_boolean(v)) jw_field_fail(err, at, "must be true or false");
    return;
  case E_FORM: {
    check_form(v, at, complete, err);
    return;
  }
  case E_ARRAY:
    break;
  }
  if (!json_is_array(v) || json_array_size(v) > (size_t)e->max) {
    jw_field_fail(err, at, "must be a list of at most %lld entries", (long long)e->max);
    return;
  }
  if (complete && json_array_size(v) < (size_t)e->min) jw_field_fail(err, at, "must not be empty");
  size_t i;
  json_t *o;
  json_array_foreach(v, i, o) {
    char sub[64];
    snprintf(sub, sizeof sub, "%s[%zu]", at, i);
    if (!json_is_object(o)) {
      jw_field_fail(err, sub, "must be an object");
      continue;
    }
    const char *k;
    json_t *mv;
    json_object_foreach(o, k, mv) {
      const struct element *m = e->members;
      while (m->name && strcmp(m->name, k) != 0) m++;
      char f[96];
      snprintf(f, sizeof f, "%s.%s", sub, k);
      if (!m->name)
        jw_field_fail(err, f, "is not a known element");
      else
        check_value(mv, m, f, complete, err);
    }
    for (const struct element *m = e->members; m->name; m++) {
      char f[96];
      snprintf(f, sizeof f, "%s.%s", sub, m->name);
      if (!json_object_get(o, m->name)) jw_field_fail(err, f, "is missing");
    }
  }
}

/* A field or attachment name: 1–32 of [a-z0-9_], starting with a letter. */
static int good_name(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 32 || s[0] < 'a' || s[0] > 'z') return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) return 0;
  return 1;
}

static void check_field(json_t *f, const char *at, struct jw_error *err) {
  json_t *name = json_object_get(f, "name"), *label = json_object_get(f, "label"), *type = json_object_get(f, "type");
  json_t *req = json_object_get(f, "required"), *opts = json_object_get(f, "options");
  char m[96];
  snprintf(m, sizeof m, "%s.name", at);
  if (!json_is_string(name) || !good_name(json_string_value(name)))
    jw_field_fail(err, m, "must be 1-32 of a-z, 0-9, _");
  snprintf(m, sizeof m, "%s.label", at);
  if (!json_is_string(label) || json_string_length(label) == 0 || json_string_length(label) > 120)
    jw_field_fail(err, m, "must be a label of at most 40 characters");
  snprintf(m, sizeof m, "%s.type", at);
  if (!json_is_string(type) || !in_choices(json_string_value(type), jw_form_field_types))
    jw_field_fail(err, m, "must be one of text, textarea, number, date, choice, id_number, phone, address, plate");
  snprintf(m, sizeof m, "%s.required", at);
  if (!json_is_boolean(req)) jw_field_fail(err, m, "must be true or false");
  snprintf(m, sizeof m, "%s.options", at);
  int choice = json_is_string(type) && strcmp(json_string_value(type), "choice") == 0;
  if (choice && (!json_is_array(opts) || json_array_size(opts) == 0 || json_array_size(opts) > 50))
    jw_field_fail(err, m, "a choice needs 1-50 options");
  if (opts && !choice) jw_field_fail(err, m, "only a choice has options");
  static const char *const known[] = {"name", "label", "type", "required", "options", "max_length", "min", "max", NULL};
  const char *k;
  json_t *v;
  json_object_foreach(f, k, v) {
    snprintf(m, sizeof m, "%s.%s", at, k);
    if (!in_choices(k, known))
      jw_field_fail(err, m, "is not a known field property");
    else if (strcmp(k, "options") == 0) {
      size_t i;
      json_t *o;
      json_array_foreach(v, i, o) if (!json_is_string(o) || json_string_length(o) == 0 || json_string_length(o) > 120)
          jw_field_fail(err, m, "options must be short text");
    } else if ((strcmp(k, "max_length") == 0 &&
                (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 2000)) ||
               ((strcmp(k, "min") == 0 || strcmp(k, "max") == 0) && !json_is_integer(v)))
      jw_field_fail(err, m, "must be a whole number (max_length 1-2000)");
  }
}

static void check_attachment(json_t *a, const char *at, struct jw_error *err) {
  char m[96];
  static const char *const known[] = {"name", "label", "required", "types", "max_bytes", "max_count", "material", NULL};
  const char *k;
  json_t *v;
  json_object_foreach(a, k, v) {
    snprintf(m, sizeof m, "%s.%s", at, k);
    if (!in_choices(k, known)) jw_field_fail(err, m, "is not a known attachment property");
  }
  json_t *name = json_object_get(a, "name"), *label = json_object_get(a, "label"), *types = json_object_get(a, "types");
  json_t *mb = json_object_get(a, "max_bytes"), *mc = json_object_get(a, "max_count");
  snprintf(m, sizeof m, "%s.name", at);
  if (!json_is_string(name) || !good_name(json_string_value(name)))
    jw_field_fail(err, m, "must be 1-32 of a-z, 0-9, _");
  snprintf(m, sizeof m, "%s.label", at);
  if (!json_is_string(label) || json_string_length(label) == 0 || json_string_length(label) > 200)
    jw_field_fail(err, m, "must be a short label");
  snprintf(m, sizeof m, "%s.required", at);
  if (!json_is_boolean(json_object_get(a, "required"))) jw_field_fail(err, m, "must be true or false");
  snprintf(m, sizeof m, "%s.types", at);
  int ok = json_is_array(types) && json_array_size(types) > 0;
  size_t i;
  json_t *t;
  if (ok) json_array_foreach(types, i, t) ok &= json_is_string(t) && in_choices(json_string_value(t), jw_upload_types);
  if (!ok) jw_field_fail(err, m, "must list image/jpeg, image/png or application/pdf");
  snprintf(m, sizeof m, "%s.max_bytes", at);
  if (!json_is_integer(mb) || json_integer_value(mb) < 1024 || json_integer_value(mb) > 20 * 1048576)
    jw_field_fail(err, m, "must be from 1024 to 20971520");
  snprintf(m, sizeof m, "%s.max_count", at);
  if (!json_is_integer(mc) || json_integer_value(mc) < 1 || json_integer_value(mc) > 10)
    jw_field_fail(err, m, "must be from 1 to 10");
}

/* The form definition: {"fields": [...], "attachments": [...]}, names unique. */
static void check_form(json_t *form, const char *at, int complete, struct jw_error *err) {
  json_t *fields = json_object_get(form, "fields"), *atts = json_object_get(form, "attachments");
  if (!json_is_object(form) || !json_is_array(fields) || !json_is_array(atts) || json_object_size(form) != 2) {
    jw_field_fail(err, at, "must be {\"fields\": [...], \"attachments\": [...]}");
    return;
  }
  if (json_array_size(fields) > 40 || json_array_size(atts) > 10) {
    jw_field_fail(err, at, "has too many fields (40) or attachments (10)");
    return;
  }
  if (complete && json_array_size(fields) == 0) jw_field_fail(err, "form.fields", "must not be empty");
  size_t i, j;
  json_t *f;
  json_array_foreach(fields, i, f) {
    char sub[64];
    snprintf(sub, sizeof sub, "form.fields[%zu]", i);
    if (!json_is_object(f)) {
      jw_field_fail(err, sub, "must be an object");
      continue;
    }
    check_field(f, sub, err);
    for (j = 0; j < i; j++)
      if (json_equal(json_object_get(f, "name"), json_object_get(json_array_get(fields, j), "name")))
        jw_field_fail(err, sub, "repeats the name of another field");
  }
  json_array_foreach(atts, i, f) {
    char sub[64];
    snprintf(sub, sizeof sub, "form.attachments[%zu]", i);
    if (!json_is_object(f)) {
      jw_field_fail(err, sub, "must be an object");
      continue;
    }
    check_attachment(f, sub, err);
    for (j = 0; j < i; j++)
      if (json_equal(json_object_get(f, "name"), json_object_get(json_array_get(atts, j), "name")))
        jw_field_fail(err, sub, "repeats the name of another attachment");
  }
}

/* The material of doc named name, or NULL. */
static json_t *material_named(json_t *doc, const char *name) {
  size_t i;
  json_t *m;
  json_array_foreach(json_object_get(doc, "materials"), i, m) {
    const char *n = json_string_value(json_object_get(m, "name"));
    if (n && name && strcmp(n, name) == 0) return m;
  }
  return NULL;
}

/* An attachment's "material" names one of the item's materials. */
static void check_materials_named(json_t *doc, struct jw_error *err) {
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(json_object_get(doc, "form"), "attachments"), i, a) {
    json_t *name = json_is_object(a) ? json_object_get(a, "material") : NULL;
    if (!name) continue;
    char at[64];
    snprintf(at, sizeof at, "form.attachments[%zu].material", i);
    if (!json_is_string(name) || !material_named(doc, json_string_value(name)))
      jw_field_fail(err, at, "must be the name of one of the item's materials");
  }
}

void jw_service_resolve(json_t *doc) {
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(json_object_get(doc, "form"), "attachments"), i, a) {
    json_t *m = material_named(doc, json_string_value(json_object_get(a, "material")));
    json_t *req = m ? json_object_get(m, "required") : NULL;
    if (json_is_boolean(req)) json_object_set(a, "required", req);
  }
}

enum jw_code jw_service_check(json_t *doc, int complete, struct jw_error *err) {
  if (!json_is_object(doc)) return jw_fail(err, JW_E_BAD_JSON, "Send the item as a JSON object.");
  const char *k;
  json_t *v;
  json_object_foreach(doc, k, v) {
    const struct element *e = item;
    while (e->name && strcmp(e->name, k) != 0) e++;
    if (!e->name)
      jw_field_fail(err, k, "is not an element of an item");
    else
      check_value(v, e, k, complete, err);
  }
  check_materials_named(doc, err);
  if (complete) {
    for (const struct element *e = item; e->name; e++)
      if (!json_object_get(doc, e->name)) jw_field_fail(err, e->name, "is missing: every element is required");
    json_t *sd = json_object_get(doc, "statutory_days"), *pd = json_object_get(doc, "promised_days");
    if (json_is_integer(sd) && json_is_integer(pd) && json_integer_value(pd) > json_integer_value(sd))
      jw_field_fail(err, "promised_days", "must not be longer than the statutory time limit");
  }
  return err->nfields ? JW_E_VALIDATION : JW_OK;
}

enum jw_code jw_service_doc(struct jw_conn *c, int64_t id, int version, json_t **doc, int *out_version,
                            struct jw_error *err) {
  struct jw_arena a = {0};
  const char *text;
  int v;
  enum jw_code rc = jw_svc_store_doc(c, &a, id, version, &text, &v, err);
  if (rc == JW_OK) {
    json_t *d = json_loads(text, 0, NULL);
    if (d) {
      jw_service_resolve(d);
      *doc = d;
      *out_version = v;
    } else {
      rc = jw_fail(err, JW_E_DB, "The stored item %lld cannot be read.", (long long)id);
    }
  }
  jw_arena_free(&a);
  return rc;
}

#define STR(doc, k) json_string_value(json_object_get(doc, k))

char *jw_service_summary_text(struct jw_arena *a, json_t *d, int64_t id, int version) {
  json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:O, s:O, s:O, s:O, s:s, s:i}", "id", (json_int_t)id,
                        "code", STR(d, "code"), "name", STR(d, "name"), "category", STR(d, "category"), "category_name",
                        jw_service_category_name(STR(d, "category")), "type", STR(d, "type"), "online_level",
                        STR(d, "online_level"), "max_visits", json_object_get(d, "max_visits"), "promised_days",
                        json_object_get(d, "promised_days"), "statutory_days", json_object_get(d, "statutory_days"),
                        "fee_cents", json_object_get(d, "fee_cents"), "implementing_unit", STR(d, "implementing_unit"),
                        "version", version);
  char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
  json_decref(o);
  if (!text) return NULL;
  char *copy = jw_arena_strdup(a, text);
  free(text);
  return copy;
}
