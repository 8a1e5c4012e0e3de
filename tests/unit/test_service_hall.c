/* test_service_hall.c — the pieces of the service hall that need no server:
 * the multipart reader, content sniffing and file names, the form checks
 * per field type, plate numbers, the lifecycle table, and every catalogue
 * item the migration ships passing the completeness check publication uses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <jansson.h>

#include "applications/applications.h"
#include "core/mem.h"
#include "services/document.h"
#include "services/services.h"
#include "uploads/multipart.h"
#include "uploads/uploads.h"
#include "vehicles/vehicles.h"

#define BODY(s) s, sizeof(s) - 1

static void boundary(void **state) {
  (void)state;
  char b[JW_MULTIPART_BOUNDARY_MAX + 1];
  assert_int_equal(jw_multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundaryx7", b), 0);
  assert_string_equal(b, "----WebKitFormBoundaryx7");
  assert_int_equal(jw_multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"", b), -1);
  assert_int_equal(jw_multipart_boundary("multipart/form-data; boundary=\"abc\"", b), 0);
  assert_string_equal(b, "abc");
  assert_int_equal(jw_multipart_boundary("multipart/form-data", b), -1);
  assert_int_equal(jw_multipart_boundary("multipart/form-data; boundary=", b), -1);
  assert_int_equal(jw_multipart_boundary("application/json; boundary=abc", b), -1);
  assert_int_equal(jw_multipart_boundary(NULL, b), -1);
  /* What libmicrohttpd 0.9.75-6's post processor gets wrong (docs/ARCHITECTURE.md, "Uploads: why our own
   * multipart parser"): a one-character boundary, and a parameter after the boundary. */
  assert_int_equal(jw_multipart_boundary("multipart/form-data; boundary=b", b), 0);
  assert_string_equal(b, "b");
  assert_int_equal(jw_multipart_boundary("multipart/form-data; boundary=xyz; charset=utf-8", b), 0);
  assert_string_equal(b, "xyz");
  char longer[128] = "multipart/form-data; boundary=";
  memset(longer + strlen(longer), 'x', 71);
  assert_int_equal(jw_multipart_boundary(longer, b), -1);
}

static void parts(void **state) {
  (void)state;
  struct jw_part p;
  static const char two[] =
      "--XY\r\n"
      "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
      "hello\r\n"
      "--XY\r\n"
      "content-disposition: form-data; name=\"file\"; filename=\"a;b.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n"
      "\xff\xd8\xff\r\n--X not yet\r\n"
      "--XY--\r\n";
  assert_int_equal(jw_multipart_find(BODY(two), "XY", "file", &p), 1);
  assert_int_equal(p.filename_len, 7);
  assert_memory_equal(p.filename, "a;b.jpg", 7);
  assert_int_equal(p.len, 3 + 2 + 11);
  assert_memory_equal(p.data, "\xff\xd8\xff\r\n--X not yet", p.len);
  assert_memory_equal(p.type, "image/jpeg", 10);
  assert_int_equal(jw_multipart_find(BODY(two), "XY", "note", &p), 1);
  assert_null(p.filename);
  assert_int_equal(jw_multipart_find(BODY(two), "XY", "other", &p), 0);
  /* Malformed: no final boundary, no blank line, a repeated field, a preamble. */
  static const char open[] = "--XY\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc";
  assert_int_equal(jw_multipart_find(BODY(open), "XY", "file", &p), -1);
  static const char noblank[] = "--XY\r\nContent-Disposition: form-data; name=\"file\"\r\nabc\r\n--XY--";
  assert_int_equal(jw_multipart_find(BODY(noblank), "XY", "file", &p), -1);
  static const char twice[] =
      "--XY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n1\r\n"
      "--XY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b\"\r\n\r\n2\r\n--XY--";
  assert_int_equal(jw_multipart_find(BODY(twice), "XY", "file", &p), -1);
  static const char preamble[] = "junk\r\n--XY\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n1\r\n--XY--";
  assert_int_equal(jw_multipart_find(BODY(preamble), "XY", "file", &p), -1);
  static const char nodisp[] = "--XY\r\nContent-Type: text/plain\r\n\r\n1\r\n--XY--";
  assert_int_equal(jw_multipart_find(BODY(nodisp), "XY", "file", &p), -1);
  static const char unterminated[] =
      "--XY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"abc\r\n\r\n1\r\n--XY--";
  assert_int_equal(jw_multipart_find(BODY(unterminated), "XY", "file", &p), -1);
  static const char empty[] =
      "--XY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"e.jpg\"\r\n\r\n\r\n--XY--";
  assert_int_equal(jw_multipart_find(BODY(empty), "XY", "file", &p), 1);
  assert_int_equal(p.len, 0);
  assert_int_equal(jw_multipart_find("", 0, "XY", "file", &p), -1);
  static const char one[] =
      "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nxy\r\n--b--\r\n";
  assert_int_equal(jw_multipart_find(BODY(one), "b", "file", &p), 1);
  assert_int_equal(p.len, 2);
  /* A body of dashes is refused at its first bytes (the post processor spends O(length x buffer) on it). */
  size_t dashes = 1 << 20;
  char *dash = malloc(dashes);
  memset(dash, '-', dashes);
  assert_int_equal(jw_multipart_find(dash, dashes, "xyz", "file", &p), -1);
  free(dash);
  /* Header blocks are bounded. */
  size_t big = 10000;
  char *huge = malloc(big);
  memset(huge, 'a', big);
  memcpy(huge, "--XY\r\nX-Pad: ", 13);
  assert_int_equal(jw_multipart_find(huge, big, "XY", "file", &p), -1);
  free(huge);
}

static void sniff_and_names(void **state) {
  (void)state;
  assert_string_equal(jw_upload_sniff("\xff\xd8\xff\xe0rest", 8), "image/jpeg");
  assert_string_equal(jw_upload_sniff("\x89PNG\r\n\x1a\nrest", 12), "image/png");
  assert_string_equal(jw_upload_sniff("%PDF-1.7", 8), "application/pdf");
  assert_null(jw_upload_sniff("MZ\x90\x00", 4));
  assert_null(jw_upload_sniff("<html>", 6));
  assert_null(jw_upload_sniff("\xff\xd8", 2));
  assert_null(jw_upload_sniff("", 0));
  assert_null(jw_upload_name_problem(BODY("身份证.jpg")));
  assert_non_null(jw_upload_name_problem(BODY("../etc/passwd")));
  assert_non_null(jw_upload_name_problem(BODY("a\\b.jpg")));
  assert_non_null(jw_upload_name_problem(BODY("a/b.jpg")));
  assert_non_null(jw_upload_name_problem(BODY("..")));
  assert_non_null(jw_upload_name_problem(BODY("a\nb.jpg")));
  assert_non_null(jw_upload_name_problem(BODY("\xff\xfe.jpg")));
  assert_non_null(jw_upload_name_problem("", 0));
}

static json_t *load(const char *text) {
  json_t *j = json_loads(text, 0, NULL);
  assert_non_null(j);
  return j;
}

static int field_error(const struct jw_error *err, const char *field) {
  for (int i = 0; i < err->nfields; i++)
    if (strcmp(err->fields[i].field, field) == 0) return 1;
  return 0;
}

/* jw_form_check() and jw_attachments_check() take JSON text: these run
 * them on parsed values (out: a new reference, or untouched on failure). */
static enum jw_code form_check(json_t *def, json_t *values, json_t **out, struct jw_error *err) {
  char *d = json_dumps(def, JSON_COMPACT), *v = json_dumps(values, JSON_COMPACT | JSON_ENCODE_ANY);
  struct jw_arena a = {0};
  const char *text = NULL;
  enum jw_code rc = jw_form_check(d, v, &a, &text, err);
  if (rc == JW_OK) *out = load(text);
  jw_arena_free(&a);
  free(d);
  free(v);
  return rc;
}

static enum jw_code attachments_check(json_t *def, const struct jw_attachment_in *a, size_t n, struct jw_error *err) {
  char *d = json_dumps(def, JSON_COMPACT);
  enum jw_code rc = jw_attachments_check(d, a, n, err);
  free(d);
  return rc;
}

static void forms(void **state) {
  (void)state;
  json_t *def = load(
      "{\"fields\": ["
      "{\"name\":\"t\",\"label\":\"T\",\"type\":\"text\",\"required\":true,\"max_length\":5},"
      "{\"name\":\"a\",\"label\":\"A\",\"type\":\"textarea\",\"required\":false},"
      "{\"name\":\"n\",\"label\":\"N\",\"type\":\"number\",\"required\":false,\"min\":1,\"max\":9},"
      "{\"name\":\"d\",\"label\":\"D\",\"type\":\"date\",\"required\":false},"
      "{\"name\":\"c\",\"label\":\"C\",\"type\":\"choice\",\"required\":false,\"options\":[\"甲\",\"乙\"]},"
      "{\"name\":\"i\",\"label\":\"I\",\"type\":\"id_number\",\"required\":false},"
      "{\"name\":\"p\",\"label\":\"P\",\"type\":\"phone\",\"required\":false},"
      "{\"name\":\"addr\",\"label\":\"Ad\",\"type\":\"address\",\"required\":false},"
      "{\"name\":\"pl\",\"label\":\"Pl\",\"type\":\"plate\",\"required\":false}],"
      "\"attachments\": [{\"name\":\"photo\",\"label\":\"照片\",\"required\":true,"
      "\"types\":[\"image/jpeg\"],\"max_bytes\":1000,\"max_count\":2}]}");
  json_t *out = NULL;
  struct jw_error err = {0};
  json_t *ok = load(
      "{\"t\":\"王小明\",\"n\":3,\"d\":\"2026-10-01\",\"c\":\"乙\",\"i\":\"11010519491231002x\","
      "\"p\":\"13800138000\",\"addr\":\"台州市椒江区\",\"pl\":\"浙J12345\",\"a\":\"多行\\n文字\"}");
  assert_int_equal(form_check(def, ok, &out, &err), JW_OK);
  assert_string_equal(json_string_value(json_object_get(out, "i")), "11010519491231002X");
  json_decref(out);
  json_decref(ok);
  json_t *bad = load(
      "{\"t\":\"六个字太长了\",\"n\":10,\"d\":\"2026-02-29\",\"c\":\"丙\",\"i\":\"110105194912310021\","
      "\"p\":\"1380013800\",\"addr\":\"台州\",\"pl\":\"浙JI2345\",\"zz\":1}");
  out = NULL;
  assert_int_equal(form_check(def, bad, &out, &err), JW_E_VALIDATION);
  assert_null(out);
  const char *fields[] = {"form.t", "form.n",    "form.d",  "form.c", "form.i",
                          "form.p", "form.addr", "form.pl", "form.zz"};
  for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
    if (!field_error(&err, fields[k])) fail_msg("no error for %s", fields[k]);
  json_decref(bad);
  jw_error_clear(&err);
  json_t *missing = load("{\"t\":\"\",\"n\":\"3\"}");
  assert_int_equal(form_check(def, missing, &out, &err), JW_E_VALIDATION);
  assert_true(field_error(&err, "form.t"));
  assert_true(field_error(&err, "form.n"));
  json_decref(missing);

  jw_error_clear(&err);
  struct jw_attachment_in a[] = {
      {"photo", 1, "image/jpeg", 10}, {"photo", 2, "image/jpeg", 10}, {"photo", 3, "image/jpeg", 10}};
  assert_int_equal(attachments_check(def, a, 2, &err), JW_OK);
  assert_int_equal(attachments_check(def, a, 3, &err), JW_E_VALIDATION);
  assert_true(field_error(&err, "attachments.photo"));
  jw_error_clear(&err);
  struct jw_attachment_in b[] = {{"photo", 1, "application/pdf", 10},
                                 {"photo", 2, "image/jpeg", 5000},
                                 {"passport", 3, "image/jpeg", 1},
                                 {"photo", 1, NULL, 0}};
  assert_int_equal(attachments_check(def, b, 4, &err), JW_E_VALIDATION);
  for (int k = 0; k < 4; k++) {
    char f[32];
    snprintf(f, sizeof f, "attachments[%d]", k);
    assert_true(field_error(&err, f));
  }
  jw_error_clear(&err);
  assert_int_equal(attachments_check(def, NULL, 0, &err), JW_E_VALIDATION);
  assert_true(field_error(&err, "attachments.photo"));
  json_decref(def);
}

/* The form's plate field uses the vehicles module's GA 36 check (one
 * validator): the plates the two used to disagree on now get one answer. */
/* One table of default limits: what the guide publishes is what the form
 * check enforces (a textarea without max_length: 1000 characters). */
static void form_limits(void **state) {
  (void)state;
  json_t *def = load(
      "{\"fields\":[{\"name\":\"a\",\"label\":\"A\",\"type\":\"textarea\",\"required\":true},"
      "{\"name\":\"n\",\"label\":\"N\",\"type\":\"number\",\"required\":false},"
      "{\"name\":\"t\",\"label\":\"T\",\"type\":\"text\",\"required\":false,\"max_length\":7},"
      "{\"name\":\"d\",\"label\":\"D\",\"type\":\"date\",\"required\":false}],"
      "\"attachments\":[]}");
  json_t *guide = json_deep_copy(def);
  jw_form_limits_fill(guide);
  json_t *fa = json_array_get(json_object_get(guide, "fields"), 0);
  json_t *fn = json_array_get(json_object_get(guide, "fields"), 1);
  json_t *ft = json_array_get(json_object_get(guide, "fields"), 2);
  json_t *fd = json_array_get(json_object_get(guide, "fields"), 3);
  int64_t max = json_integer_value(json_object_get(fa, "max_length"));
  assert_int_equal(max, 1000);
  assert_int_equal(json_integer_value(json_object_get(fn, "min")), -1000000000);
  assert_int_equal(json_integer_value(json_object_get(fn, "max")), 1000000000);
  assert_int_equal(json_integer_value(json_object_get(ft, "max_length")), 7);
  assert_null(json_object_get(fd, "max_length"));
  char text[3 * 1001 + 1] = "";
  for (int i = 0; i < 1000; i++) strcat(text, "长");
  json_t *out = NULL;
  struct jw_error err = {0};
  json_t *v = json_pack("{s:s}", "a", text);
  assert_int_equal(form_check(def, v, &out, &err), JW_OK);
  json_decref(out);
  json_decref(v);
  strcat(text, "长");
  v = json_pack("{s:s}", "a", text);
  assert_int_equal(form_check(def, v, &out, &err), JW_E_VALIDATION);
  assert_true(field_error(&err, "form.a"));
  json_decref(v);
  json_decref(guide);
  json_decref(def);
}

static void plates(void **state) {
  (void)state;
  char norm[JW_PLATE_MAX];
  assert_null(jw_check_plate_any("浙J12345", norm));
  assert_string_equal(norm, "浙J12345");
  assert_null(jw_check_plate_any("浙JD12345", NULL));
  assert_null(jw_check_plate_any("京A8K9Z2", NULL));
  assert_non_null(jw_check_plate_any("浙J1234", NULL));
  assert_non_null(jw_check_plate_any("浙JO1234", NULL));
  assert_non_null(jw_check_plate_any("港J12345", NULL));
  assert_non_null(jw_check_plate_any("ZJ123456", NULL));
  assert_non_null(jw_check_plate_any("", NULL));
  /* Disagreements of the old form check: it took three or more letters in
   * the serial and I as the office letter, refused trailer/coach/police
   * plates and lower case. */
  assert_non_null(jw_check_plate_any("浙JABCDE", NULL));
  assert_non_null(jw_check_plate_any("浙I12345", NULL));
  assert_non_null(jw_check_plate_any("浙J123456", NULL));
  assert_null(jw_check_plate_any("浙J1234挂", NULL));
  assert_null(jw_check_plate_any("浙j12345", norm));
  assert_string_equal(norm, "浙J12345");
  /* And the form answers the same as the vehicles module. */
  json_t *def =
      json_loads("{\"fields\":[{\"name\":\"pl\",\"label\":\"Pl\",\"type\":\"plate\",\"required\":true}]}", 0, NULL);
  struct jw_error err = {0};
  json_t *out = NULL;
  json_t *v = json_pack("{s:s}", "pl", "浙JABCDE");
  assert_int_equal(form_check(def, v, &out, &err), JW_E_VALIDATION);
  json_decref(v);
  jw_error_clear(&err);
  v = json_pack("{s:s}", "pl", "浙j 1234挂");
  assert_int_equal(form_check(def, v, &out, &err), JW_OK);
  assert_string_equal(json_string_value(json_object_get(out, "pl")), "浙J1234挂");
  json_decref(out);
  json_decref(v);
  json_decref(def);
}

static void lifecycle(void **state) {
  (void)state;
  int known;
  const struct jw_transition *t = jw_app_transition("accept", APP_SUBMITTED, &known);
  assert_non_null(t);
  assert_int_equal(t->to, APP_ACCEPTED);
  assert_null(jw_app_transition("accept", APP_ACCEPTED, &known));
  assert_true(known);
  assert_null(jw_app_transition("fly", APP_SUBMITTED, &known));
  assert_false(known);
  assert_int_equal(jw_app_transition("withdraw", APP_SUBMITTED, NULL)->who, JW_APP_APPLICANT);
  assert_null(jw_app_transition("withdraw", APP_ACCEPTED, NULL));
  assert_true(jw_app_transition("refuse", APP_UNDER_REVIEW, NULL)->needs_reason);
  assert_true(jw_app_transition("complete", APP_APPROVED, NULL)->needs_result);
  /* Final states have no way out. */
  static const char *const events[] = {"accept",  "not_accept", "request_supplement", "resubmit", "start_review",
                                       "approve", "refuse",     "complete",           "withdraw", NULL};
  enum jw_app_status final[] = {APP_NOT_ACCEPTED, APP_REFUSED, APP_COMPLETED, APP_WITHDRAWN};
  for (size_t k = 0; k < 4; k++)
    for (int e = 0; events[e]; e++) assert_null(jw_app_transition(events[e], final[k], NULL));
  assert_int_equal(jw_app_status_parse("supplement_requested"), APP_SUPPLEMENT);
  assert_int_equal(jw_app_status_parse("lost"), -1);
}

/* Every item the migration ships is complete, as publication demands. */
static void shipped_catalogue(void **state) {
  (void)state;
  char path[64], url[80];
  snprintf(path, sizeof path, "/tmp/jw-sh-%d.db", (int)getpid());
  snprintf(url, sizeof url, "sqlite:%s", path);
  struct jw_db *db;
  struct jw_error err = {0};
  assert_int_equal(jw_db_open(url, &db, &err), JW_OK);
  assert_int_equal(jw_db_migrate(db, NULL, &err), JW_OK);
  struct jw_conn *c = jw_db_conn(db, &err);
  assert_non_null(c);
  int n = 0;
  for (int64_t id = 1; id <= 200; id++) {
    json_t *doc;
    int version;
    if (jw_service_doc(c, id, 0, &doc, &version, &err) != JW_OK) {
      assert_int_equal(err.code, JW_E_NOT_FOUND);
      jw_error_clear(&err);
      continue;
    }
    n++;
    struct jw_error e = {0};
    if (jw_service_check(doc, 1, &e) != JW_OK)
      fail_msg("item %lld: %s %s", (long long)id, e.nfields ? e.fields[0].field : "",
               e.nfields ? e.fields[0].message : "");
    json_t *incomplete = json_deep_copy(doc);
    json_object_del(incomplete, "legal_basis");
    json_object_set_new(incomplete, "faq", json_array());
    assert_int_equal(jw_service_check(incomplete, 1, &e), JW_E_VALIDATION);
    assert_true(field_error(&e, "legal_basis") && field_error(&e, "faq"));
    jw_error_clear(&e);
    assert_int_equal(jw_service_check(incomplete, 0, &e), JW_OK);
    json_decref(incomplete);
    json_decref(doc);
  }
  assert_true(n >= 38);
  jw_db_close(db);
  unlink(path);
  char p[80];
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(boundary),        cmocka_unit_test(parts),
      cmocka_unit_test(sniff_and_names), cmocka_unit_test(forms),
      cmocka_unit_test(plates),          cmocka_unit_test(form_limits),
      cmocka_unit_test(lifecycle),       cmocka_unit_test(shipped_catalogue),
  };
  return cmocka_run_group_tests_name("service hall", tests, NULL, NULL);
}
