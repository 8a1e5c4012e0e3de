/* uploads.c — sniffing, naming and storing uploaded files. */
#include "uploads/uploads.h"

#include <assert.h>
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
#include "uploads/store.h"

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
static char *blob_path(struct jw_arena *a, const char *dir, const char *hex) {
  return jw_arena_printf(a, "%s/%.2s/%s", dir, hex, hex);
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

/* Writes the bytes under their digest in dir, once: a file already there
 * has the same content. Written to a temporary name and renamed into place. */
static enum jw_code write_blob(struct jw_arena *a, const char *dir, const char *hex, const void *data, size_t n,
                               struct jw_error *err) {
  const char *path = blob_path(a, dir, hex);
  struct stat st;
  if (stat(path, &st) == 0 && (size_t)st.st_size == n) return JW_OK;
  if (mkdir_p(jw_arena_printf(a, "%s/%.2s", dir, hex)) != 0)
    return jw_fail(err, JW_E_INTERNAL, "The upload directory cannot be created.");
  unsigned char rnd[8];
  randombytes_buf(rnd, sizeof rnd);
  const char *tmp = jw_arena_printf(a, "%s.%02x%02x%02x%02x%02x%02x%02x%02x.tmp", path, rnd[0], rnd[1], rnd[2], rnd[3],
                                    rnd[4], rnd[5], rnd[6], rnd[7]);
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

enum jw_code jw_upload_read(struct jw_arena *a, const char *upload_dir, const char *sha256, int64_t size,
                            const void **data, struct jw_error *err) {
  if (strlen(sha256) != 64 || strspn(sha256, "0123456789abcdef") != 64)
    return jw_fail(err, JW_E_NOT_FOUND, "The file is missing.");
  if (size < 0) return jw_fail(err, JW_E_NOT_FOUND, "The stored file has changed.");
  int fd = open(blob_path(a, upload_dir, sha256), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return jw_fail(err, JW_E_NOT_FOUND, "The file is missing from the store.");
  char *buf = jw_arena_alloc(a, (size_t)size + 1);
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

static enum jw_code daily_full(const struct jw_config *cfg, struct jw_error *err) {
  err->retry_after = jw_secs_to_midnight(time(NULL), cfg->tz_offset_min); /* when the quota renews */
  return jw_fail(err, JW_E_RATE_LIMITED,
                 "You have reached today's upload quota (%d files, %ld MiB); uploads open again at midnight.",
                 cfg->upload_daily_files, cfg->upload_daily_bytes / (1024 * 1024));
}

struct add {
  const struct jw_config *cfg;
  int64_t user_id;
  const struct jw_upload *up; /* sha256, type, size, name */
  int64_t id;                 /* the result */
};

/* The quota row, the file's row and the upload's row, and the check of the
 * unattached total, in one transaction: the quota row is locked first, so
 * one account's uploads pass here one at a time on every database. */
static enum jw_code add_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct add *t = arg;
  const struct jw_config *cfg = t->cfg;
  const struct jw_upload *up = t->up;
  int64_t now = (int64_t)time(NULL);
  char today[11];
  jw_local_date(now, cfg->tz_offset_min, today);
  int counted = 0;
  if (jw_uploads_store_count_usage(c, t->user_id, today, (int64_t)up->size, cfg->upload_daily_bytes,
                                   cfg->upload_daily_files, &counted, err) != JW_OK)
    return err->code;
  if (!counted) return daily_full(cfg, err);
  if (jw_uploads_store_touch_blob(c, up->sha256, (int64_t)up->size, now, err) != JW_OK) return err->code;
  if (jw_uploads_store_insert(c, t->user_id, up->sha256, up->type, (int64_t)up->size, up->name, now, &t->id, err) !=
      JW_OK)
    return err->code;
  int64_t held = 0;
  if (jw_uploads_store_unattached_bytes(c, t->user_id, &held, err) != JW_OK) return err->code;
  if (held > cfg->upload_unattached_bytes) {
    err->retry_after = cfg->upload_keep_hours * 3600;
    return jw_fail(err, JW_E_RATE_LIMITED,
                   "Your uploads that no application uses would hold more than %ld MiB; attach them to an "
                   "application first (unused ones are removed after %d hours).",
                   cfg->upload_unattached_bytes / (1024 * 1024), cfg->upload_keep_hours);
  }
  return JW_OK;
}

enum jw_code jw_upload_add(struct jw_conn *c, const struct jw_config *cfg, int64_t user_id, const char *filename,
                           size_t filename_len, const void *data, size_t n, struct jw_arena *a, struct jw_upload *out,
                           struct jw_error *err) {
  assert(c && cfg && filename && a && out);
  const char *problem = jw_upload_name_problem(filename, filename_len);
  if (problem) {
    jw_field_fail(err, "file", "%s", problem);
    return err->code;
  }
  if (n == 0) {
    jw_field_fail(err, "file", "the file is empty");
    return err->code;
  }
  struct jw_upload up = {0};
  up.type = jw_upload_sniff(data, n);
  if (!up.type)
    return jw_fail(err, JW_E_MEDIA_TYPE,
                   "Only JPEG and PNG pictures and PDF documents are accepted; "
                   "this file is none of them, whatever its name says.");
  if ((long)n > cfg->upload_daily_bytes || cfg->upload_daily_files < 1) return daily_full(cfg, err);
  char key[48];
  snprintf(key, sizeof key, "upload:%lld", (long long)user_id);
  /* 200 files an hour is more than any honest applicant needs. */
  if (jw_rate_limit(c, key, 200, 3600, err) != JW_OK) return err->code;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, (const unsigned char *)data, n);
  sodium_bin2hex(up.sha256, sizeof up.sha256, digest, sizeof digest);
  up.size = n;
  /* The name kept (and given back on download) carries the extension of
   * what the bytes are: "poly.html" holding a PNG becomes "poly.png". */
  up.name = jw_upload_file_name(a, jw_arena_strndup(a, filename, filename_len), up.type);
  struct add t = {cfg, user_id, &up, 0};
  if (jw_tx(c, add_tx, &t, err) != JW_OK) return err->code;
  up.id = t.id;
  /* The bytes are written once the row is committed: the clean-up cannot
   * remove the file under it (see upload_blobs in migration 0010). */
  if (write_blob(a, cfg->upload_dir, up.sha256, data, n, err) != JW_OK) {
    struct jw_error ignored = {0};
    jw_uploads_store_delete(c, up.id, &ignored);
    return err->code;
  }
  *out = up;
  return JW_OK;
}

struct sweep {
  const struct jw_config *cfg;
  int64_t cutoff;
  char (*blobs)[65];
  int nblobs, removed;
};

static enum jw_code drop_rows_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct sweep *w = arg;
  return jw_uploads_store_drop_unused(c, w->cutoff, &w->removed, err);
}

/* Each file row is deleted, and its file unlinked, before the commit: an
 * upload adding the same bytes meanwhile waits on the row (or, on SQLite,
 * on the write lock) and then finds no file and writes it anew. */
static enum jw_code drop_blobs_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct sweep *w = arg;
  for (int i = 0; i < w->nblobs; i++) {
    int dropped = 0;
    if (jw_uploads_store_drop_blob(c, w->blobs[i], w->cutoff, &dropped, err) != JW_OK) return err->code;
    if (!dropped) continue;
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
  int any = 0;
  if (jw_uploads_store_any_unused(c, w.cutoff, &any, &err) != JW_OK) return -1;
  if (any && jw_tx(c, drop_rows_tx, &w, &err) != JW_OK) return -1;
  char blobs[64][65];
  w.nblobs = jw_uploads_store_orphan_blobs(c, w.cutoff, blobs, 64, &err);
  if (w.nblobs < 0) return -1;
  w.blobs = blobs;
  if (w.nblobs && jw_tx(c, drop_blobs_tx, &w, &err) != JW_OK) return -1;
  /* Quota rows of days long past (a failure here waits for the next tick). */
  char old[11];
  jw_local_date(now - 3 * 86400, cfg->tz_offset_min, old);
  jw_uploads_store_drop_usage_before(c, old, &err);
  if (w.removed) jw_info("uploads: removed %d upload(s) no application used", w.removed);
  return w.removed;
}
