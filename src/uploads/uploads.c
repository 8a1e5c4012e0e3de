/* uploads.c — sniffing, naming and storing uploaded files. */
#include "uploads/uploads.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "calendar/calendar.h"
#include "core/log.h"
#include "core/validate.h"
#include "uploads/multipart.h"

const char *jw_upload_sniff(const void *data, size_t n) {
  const unsigned char *b = data;
  if (n >= 4 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "image/jpeg";
  if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) return "image/png";
  if (n >= 5 && memcmp(b, "%PDF-", 5) == 0) return "application/pdf";
  return NULL;
}

/* The extensions each accepted type may carry; the first is the one given. */
static const struct {
  const char *type;
  const char *exts[3];
} extensions[] = {
    {"image/jpeg", {"jpg", "jpeg", NULL}},
    {"image/png", {"png", NULL, NULL}},
    {"application/pdf", {"pdf", NULL, NULL}},
};

const char *jw_upload_ext(const char *type) {
  for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++)
    if (type && strcmp(extensions[i].type, type) == 0) return extensions[i].exts[0];
  return "bin";
}

char *jw_upload_file_name(struct jw_arena *a, const char *name, const char *type) {
  size_t n = strlen(name);
  const char *dot = strrchr(name, '.');
  /* An extension is 1-8 ASCII letters or digits after a dot that does not
   * start the name ("a.HTML", not ".profile" or "报告.第二版"). */
  size_t stem = n;
  if (dot && dot != name && name[n - 1] != '.' && (size_t)(name + n - dot - 1) <= 8) {
    int ascii = 1;
    for (const char *p = dot + 1; *p; p++) ascii &= isalnum((unsigned char)*p) != 0;
    if (ascii) stem = (size_t)(dot - name);
  }
  if (stem < n)
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++)
      if (type && strcmp(extensions[i].type, type) == 0)
        for (int k = 0; extensions[i].exts[k]; k++)
          if (strcasecmp(name + stem + 1, extensions[i].exts[k]) == 0) return jw_arena_strdup(a, name);
  return jw_arena_printf(a, "%.*s.%s", (int)stem, name, jw_upload_ext(type));
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

/* ---- quota, store and clean-up ---- */

static const char SQL_USAGE[] =
    "INSERT INTO upload_usage (user_id, day, bytes, files) VALUES (?, ?, ?, 1)"
    " ON CONFLICT (user_id, day) DO UPDATE SET bytes = upload_usage.bytes + excluded.bytes,"
    " files = upload_usage.files + 1"
    " WHERE upload_usage.bytes + excluded.bytes <= ? AND upload_usage.files + 1 <= ? RETURNING files";
static const char SQL_BLOB_TOUCH[] =
    "INSERT INTO upload_blobs (sha256, size, last_used_at) VALUES (?, ?, ?)"
    " ON CONFLICT (sha256) DO UPDATE SET last_used_at = excluded.last_used_at";
static const char SQL_UPLOAD_ADD[] =
    "INSERT INTO uploads (user_id, sha256, content_type, size, name, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_UNATTACHED[] =
    "SELECT CAST(COALESCE(SUM(u.size), 0) AS BIGINT) FROM uploads u WHERE u.user_id = ?"
    " AND NOT EXISTS (SELECT 1 FROM application_files f WHERE f.upload_id = u.id)";
static const char SQL_UPLOAD_UNDO[] = "DELETE FROM uploads WHERE id = ?";

struct add {
  struct jw_req *r;
  const char *hex, *type, *name;
  size_t size;
  int64_t id; /* the result */
};

static enum jw_code daily_full(struct jw_req *r, struct jw_error *err) {
  const struct jw_config *cfg = &r->app->cfg;
  err->retry_after = jw_secs_to_midnight(time(NULL), cfg->tz_offset_min); /* when the quota renews */
  return jw_fail(err, JW_E_RATE_LIMITED,
                 "You have reached today's upload quota (%d files, %ld MiB); uploads open again at midnight.",
                 cfg->upload_daily_files, cfg->upload_daily_bytes / (1024 * 1024));
}

/* The quota row, the file's row and the upload's row, and the check of the
 * unattached total, in one transaction: the quota row is locked first, so
 * one account's uploads pass here one at a time on every database. */
static enum jw_code add_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct add *t = arg;
  struct jw_req *r = t->r;
  const struct jw_config *cfg = &r->app->cfg;
  int64_t now = (int64_t)time(NULL);
  char today[11];
  jw_local_date(now, cfg->tz_offset_min, today);
  struct jw_stmt *s = jw_prepare(c, SQL_USAGE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_text(s, 2, today);
  jw_bind_int(s, 3, (int64_t)t->size);
  jw_bind_int(s, 4, cfg->upload_daily_bytes);
  jw_bind_int(s, 5, cfg->upload_daily_files);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  jw_conn_release(c);
  if (st == JW_STEP_DONE) return daily_full(r, err);
  if (!(s = jw_prepare(c, SQL_BLOB_TOUCH, err))) return err->code;
  jw_bind_text(s, 1, t->hex);
  jw_bind_int(s, 2, (int64_t)t->size);
  jw_bind_int(s, 3, now);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_UPLOAD_ADD, err))) return err->code;
  jw_bind_int(s, 1, r->user->id);
  jw_bind_text(s, 2, t->hex);
  jw_bind_text(s, 3, t->type);
  jw_bind_int(s, 4, (int64_t)t->size);
  jw_bind_text(s, 5, t->name);
  jw_bind_int(s, 6, now);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  t->id = jw_col_int(s, 0);
  jw_conn_release(c);
  if (!(s = jw_prepare(c, SQL_UNATTACHED, err))) return err->code;
  jw_bind_int(s, 1, r->user->id);
  if (jw_step(s, err) != JW_STEP_ROW) return err->code ? err->code : JW_E_DB;
  int64_t held = jw_col_int(s, 0);
  jw_conn_release(c);
  if (held > cfg->upload_unattached_bytes) {
    err->retry_after = cfg->upload_keep_hours * 3600;
    return jw_fail(err, JW_E_RATE_LIMITED,
                   "Your uploads that no application uses would hold more than %ld MiB; attach them to an "
                   "application first (unused ones are removed after %d hours).",
                   cfg->upload_unattached_bytes / (1024 * 1024), cfg->upload_keep_hours);
  }
  return JW_OK;
}

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
  const struct jw_config *cfg = &r->app->cfg;
  if ((long)p.len > cfg->upload_daily_bytes || cfg->upload_daily_files < 1) return daily_full(r, err);
  char key[48];
  snprintf(key, sizeof key, "upload:%lld", (long long)r->user->id);
  /* 200 files an hour is more than any honest applicant needs. */
  if (jw_rate_limit(r->db, key, 200, 3600, err) != JW_OK) return err->code;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, (const unsigned char *)p.data, p.len);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  /* The name kept (and given back on download) carries the extension of
   * what the bytes are: "poly.html" holding a PNG becomes "poly.png". */
  struct add t = {r, hex, type, NULL, p.len, 0};
  t.name = jw_upload_file_name(r->arena, jw_arena_strndup(r->arena, p.filename, p.filename_len), type);
  if (jw_tx(r->db, add_tx, &t, err) != JW_OK) return err->code;
  /* The bytes are written once the row is committed: the clean-up cannot
   * remove the file under it (see upload_blobs in migration 0010). */
  if (store(r, hex, p.data, p.len, err) != JW_OK) {
    struct jw_error ignored = {0};
    struct jw_stmt *s = jw_prepare(r->db, SQL_UPLOAD_UNDO, &ignored);
    if (s) {
      jw_bind_int(s, 1, t.id);
      jw_step(s, &ignored);
    }
    return err->code;
  }
  jw_reply_json(r, 201,
                json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)t.id, "sha256", hex, "content_type", type,
                          "size", (json_int_t)p.len, "name", t.name));
  return JW_OK;
}

static const char SQL_OLD_UNUSED[] =
    "SELECT 1 FROM uploads u WHERE u.created_at < ?"
    " AND NOT EXISTS (SELECT 1 FROM application_files f WHERE f.upload_id = u.id) LIMIT 1";
static const char SQL_DROP_UNUSED[] =
    "DELETE FROM uploads WHERE id IN (SELECT u.id FROM uploads u WHERE u.created_at < ?"
    " AND NOT EXISTS (SELECT 1 FROM application_files f WHERE f.upload_id = u.id) ORDER BY u.id LIMIT 500)";
static const char SQL_ORPHAN_BLOBS[] =
    "SELECT sha256 FROM upload_blobs b WHERE b.last_used_at < ?"
    " AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.sha256 = b.sha256) ORDER BY b.sha256 LIMIT 64";
static const char SQL_DROP_BLOB[] =
    "DELETE FROM upload_blobs WHERE sha256 = ? AND last_used_at < ?"
    " AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.sha256 = upload_blobs.sha256)";
static const char SQL_OLD_USAGE[] = "DELETE FROM upload_usage WHERE day < ?";

struct sweep {
  const struct jw_config *cfg;
  int64_t cutoff;
  char (*blobs)[65];
  int nblobs, removed;
};

static enum jw_code drop_rows_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct sweep *w = arg;
  struct jw_stmt *s = jw_prepare(c, SQL_DROP_UNUSED, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, w->cutoff);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  w->removed = (int)jw_changes(s);
  return JW_OK;
}

/* Each file row is deleted, and its file unlinked, before the commit: an
 * upload adding the same bytes meanwhile waits on the row (or, on SQLite,
 * on the write lock) and then finds no file and writes it anew. */
static enum jw_code drop_blobs_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct sweep *w = arg;
  for (int i = 0; i < w->nblobs; i++) {
    struct jw_stmt *s = jw_prepare(c, SQL_DROP_BLOB, err);
    if (!s) return err->code;
    jw_bind_text(s, 1, w->blobs[i]);
    jw_bind_int(s, 2, w->cutoff);
    if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
    if (jw_changes(s) != 1) continue;
    char path[600];
    snprintf(path, sizeof path, "%s/%.2s/%s", w->cfg->upload_dir, w->blobs[i], w->blobs[i]);
    if (unlink(path) != 0 && errno != ENOENT) jw_warn("uploads: cannot remove %s", path);
  }
  return JW_OK;
}

int jw_uploads_sweep(struct jw_conn *c, const struct jw_config *cfg) {
  struct jw_error err = {0};
  int64_t now = (int64_t)time(NULL);
  int keep = cfg->upload_keep_hours > 0 ? cfg->upload_keep_hours : 1; /* never under an applicant's hands */
  struct sweep w = {cfg, now - (int64_t)keep * 3600, NULL, 0, 0};
  struct jw_stmt *s = jw_prepare(c, SQL_OLD_UNUSED, &err);
  if (!s) return -1;
  jw_bind_int(s, 1, w.cutoff);
  enum jw_step st = jw_step(s, &err);
  jw_conn_release(c);
  if (st == JW_STEP_ERROR) return -1;
  if (st == JW_STEP_ROW && jw_tx(c, drop_rows_tx, &w, &err) != JW_OK) return -1;
  char blobs[64][65];
  if (!(s = jw_prepare(c, SQL_ORPHAN_BLOBS, &err))) return -1;
  jw_bind_int(s, 1, w.cutoff);
  while (w.nblobs < 64 && (st = jw_step(s, &err)) == JW_STEP_ROW)
    snprintf(blobs[w.nblobs++], sizeof blobs[0], "%s", jw_col_text(s, 0));
  jw_conn_release(c);
  if (st == JW_STEP_ERROR) return -1;
  w.blobs = blobs;
  if (w.nblobs && jw_tx(c, drop_blobs_tx, &w, &err) != JW_OK) return -1;
  /* Quota rows of days long past. */
  char old[11];
  jw_local_date(now - 3 * 86400, cfg->tz_offset_min, old);
  if ((s = jw_prepare(c, SQL_OLD_USAGE, &err))) {
    jw_bind_text(s, 1, old);
    jw_step(s, &err);
  }
  jw_conn_release(c);
  if (w.removed) jw_info("uploads: removed %d upload(s) no application used", w.removed);
  return w.removed;
}
