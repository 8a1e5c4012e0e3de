/* uploads.c — sniffing, naming and storing uploaded files. */
#include "uploads/uploads.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "core/validate.h"
#include "uploads/multipart.h"

const char *jw_upload_sniff(const void *data, size_t n) {
  const unsigned char *b = data;
  if (n >= 4 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "image/jpeg";
  if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) return "image/png";
  if (n >= 5 && memcmp(b, "%PDF-", 5) == 0) return "application/pdf";
  return NULL;
}

const char *jw_upload_name_problem(const char *name, size_t n) {
  if (n == 0) return "the file has no name";
  if (n > 255) return "the file name is longer than 255 bytes";
  if (jw_utf8_len(name, n) < 0) return "the file name is not valid UTF-8";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)name[i];
    if (c < 0x20 || c == 0x7F) return "the file name contains control characters";
    if (c == '/' || c == '\\') return "the file name must not contain a path";
  }
  if (memmem(name, n, "..", 2)) return "the file name must not contain \"..\"";
  return NULL;
}

/* dir/ab/abcdef… for a hex digest. Arena-owned. */
static char *blob_path(struct jw_req *r, const char *hex) {
  return jw_arena_printf(r->arena, "%s/%.2s/%s", r->app->cfg.upload_dir, hex, hex);
}

static int mkdir_p(const char *dir) {
  char tmp[512];
  if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp) return -1;
  for (char *p = tmp + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      if (mkdir(tmp, 0750) != 0 && errno != EEXIST) return -1;
      *p = '/';
    }
  return mkdir(tmp, 0750) != 0 && errno != EEXIST ? -1 : 0;
}

/* Writes the bytes under their digest, once: a file already there has the
 * same content. Written to a temporary name and renamed into place. */
static enum jw_code store(struct jw_req *r, const char *hex, const void *data, size_t n, struct jw_error *err) {
  const char *path = blob_path(r, hex);
  struct stat st;
  if (stat(path, &st) == 0 && (size_t)st.st_size == n) return JW_OK;
  const char *dir = jw_arena_printf(r->arena, "%s/%.2s", r->app->cfg.upload_dir, hex);
  if (mkdir_p(dir) != 0) return jw_fail(err, JW_E_INTERNAL, "The upload directory cannot be created.");
  unsigned char rnd[8];
  randombytes_buf(rnd, sizeof rnd);
  const char *tmp = jw_arena_printf(r->arena, "%s.%02x%02x%02x%02x%02x%02x%02x%02x.tmp", path, rnd[0], rnd[1], rnd[2],
                                    rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return jw_fail(err, JW_E_INTERNAL, "The upload cannot be stored.");
  size_t done = 0;
  while (done < n) {
    ssize_t w = write(fd, (const char *)data + done, n - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    done += (size_t)w;
  }
  int ok = done == n && fsync(fd) == 0;
  ok &= close(fd) == 0;
  if (!ok || rename(tmp, path) != 0) {
    unlink(tmp);
    return jw_fail(err, JW_E_INTERNAL, "The upload cannot be stored.");
  }
  return JW_OK;
}

enum jw_code jw_upload_read(struct jw_req *r, const char *sha256, int64_t size, const void **data,
                            struct jw_error *err) {
  if (strlen(sha256) != 64 || strspn(sha256, "0123456789abcdef") != 64)
    return jw_fail(err, JW_E_NOT_FOUND, "The file is missing.");
  int fd = open(blob_path(r, sha256), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return jw_fail(err, JW_E_NOT_FOUND, "The file is missing from the store.");
  char *buf = jw_arena_alloc(r->arena, (size_t)size + 1);
  size_t got = 0;
  while (got < (size_t)size + 1) {
    ssize_t n = read(fd, buf + got, (size_t)size + 1 - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += (size_t)n;
  }
  close(fd);
  if (got != (size_t)size) return jw_fail(err, JW_E_NOT_FOUND, "The stored file has changed.");
  *data = buf;
  return JW_OK;
}

static const char SQL_UPLOAD_ADD[] =
    "INSERT INTO uploads (user_id, sha256, content_type, size, name, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";

enum jw_code jw_uploads_api_create(struct jw_req *r, struct jw_error *err) {
  char boundary[JW_MULTIPART_BOUNDARY_MAX + 1];
  if (jw_multipart_boundary(r->raw_type, boundary) != 0)
    return jw_fail(err, JW_E_MEDIA_TYPE, "Send the file as multipart/form-data in the field \"file\".");
  struct jw_part p;
  int found = r->raw_body ? jw_multipart_find(r->raw_body, r->raw_len, boundary, "file", &p) : 0;
  if (found < 0) return jw_fail(err, JW_E_BAD_REQUEST, "The multipart body is malformed.");
  if (found == 0 || !p.filename) {
    jw_field_fail(err, "file", "send one file in the field \"file\"");
    return err->code;
  }
  const char *problem = jw_upload_name_problem(p.filename, p.filename_len);
  if (problem) {
    jw_field_fail(err, "file", "%s", problem);
    return err->code;
  }
  if (p.len == 0) {
    jw_field_fail(err, "file", "the file is empty");
    return err->code;
  }
  const char *type = jw_upload_sniff(p.data, p.len);
  if (!type)
    return jw_fail(err, JW_E_MEDIA_TYPE,
                   "Only JPEG and PNG pictures and PDF documents are accepted; "
                   "this file is none of them, whatever its name says.");
  char key[48];
  snprintf(key, sizeof key, "upload:%lld", (long long)r->user->id);
  /* 200 files an hour is more than any honest applicant needs. */
  if (jw_rate_limit(r->db, key, 200, 3600, err) != JW_OK) return err->code;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, (const unsigned char *)p.data, p.len);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  if (store(r, hex, p.data, p.len, err) != JW_OK) return err->code;
  const char *name = jw_arena_strndup(r->arena, p.filename, p.filename_len);
  struct jw_stmt *s = jw_prepare(r->db, SQL_UPLOAD_ADD, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_text(s, 2, hex);
  jw_bind_text(s, 3, type);
  jw_bind_int(s, 4, (int64_t)p.len);
  jw_bind_text(s, 5, name);
  jw_bind_int(s, 6, time(NULL));
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  int64_t id = jw_col_int(s, 0);
  jw_reply_json(r, 201,
                json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)id, "sha256", hex, "content_type", type,
                          "size", (json_int_t)p.len, "name", name));
  return JW_OK;
}
