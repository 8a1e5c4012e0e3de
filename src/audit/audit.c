/* audit.c — writing and verifying the audit hash chain. */
#include "audit/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/log.h"
#include "core/mem.h"
#include "audit/store.h"

/* Appends "len:value;" so that no field can run into the next. */
static size_t put_field(char *buf, size_t cap, size_t len, const char *v) {
  if (len >= cap) return len;
  int n = snprintf(buf + len, cap - len, "%zu:%s;", strlen(v), v);
  return n < 0 ? len : len + (size_t)n;
}

/* The chain hash of one row. Fields are bounded by the table's writers;
 * a row too long for the buffer hashes its truncation, which verify()
 * computes the same way. */
static void row_hash(int64_t id, int64_t at, int64_t actor_id, const char *actor_login, const char *action,
                     const char *object_type, const char *object_id, const char *detail, const char *ip,
                     const char *prev, char out[2 * JW_HASH_BYTES + 1]) {
  char buf[4096];
  size_t len = (size_t)snprintf(buf, sizeof buf, "%lld;%lld;%lld;", (long long)id, (long long)at, (long long)actor_id);
  const char *fields[] = {actor_login, action, object_type, object_id, detail, ip, prev};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) len = put_field(buf, sizeof buf, len, fields[i]);
  if (len > sizeof buf - 1) len = sizeof buf - 1;
  jw_audit_mac(buf, len, out);
}

enum jw_code jw_audit_write(struct jw_conn *c, const struct jw_audit_entry *e, struct jw_error *err) {
  int64_t id;
  char prev[2 * JW_HASH_BYTES + 1];
  if (jw_audit_store_head_next(c, &id, prev, err) != JW_OK) return err->code;

  /* Detail is cut to keep rows bounded (and inside row_hash's buffer). */
  char detail[1024];
  snprintf(detail, sizeof detail, "%s", e->detail ? e->detail : "");
  const char *login = e->actor_login ? e->actor_login : "";
  const char *otype = e->object_type ? e->object_type : "";
  const char *oid = e->object_id ? e->object_id : "";
  const char *ip = e->ip ? e->ip : "";
  int64_t at = (int64_t)time(NULL);
  char hash[2 * JW_HASH_BYTES + 1];
  row_hash(id, at, e->actor_id, login, e->action, otype, oid, detail, ip, prev, hash);

  struct jw_audit_row row = {id, at, e->actor_id, login, e->action, otype, oid, detail, ip, prev, hash};
  if (jw_audit_store_insert(c, &row, err) != JW_OK) return err->code;
  return jw_audit_store_head_set(c, hash, err);
}

enum jw_code jw_audit_page(struct jw_conn *c, int64_t before, const char *action, int64_t actor_id, int64_t limit,
                           struct jw_arena *a, struct jw_audit_row **out, size_t *n, struct jw_error *err) {
  return jw_audit_store_page(c, before, action, actor_id, limit, a, out, n, err);
}

/* ---- anchors ---- */

/* One anchored head. */
struct anchor {
  int64_t at, seq;
  char hash[2 * JW_HASH_BYTES + 1];
};

#define ANCHOR_TAG "jingwu-audit-anchor 1"

/* Names the audit key without revealing it (a MAC of a constant, first 16
 * hex digits), so that lines another installation (another key) wrote to
 * the same file are told apart from edited ones. */
static void key_id(char out[17]) {
  char mac[2 * JW_HASH_BYTES + 1];
  jw_audit_mac("jingwu-audit-anchor-key", strlen("jingwu-audit-anchor-key"), mac);
  memcpy(out, mac, 16);
  out[16] = '\0';
}

/* The MAC of an anchor line's content. */
static void anchor_mac(const char *kid, int64_t at, int64_t seq, const char *hash, char out[2 * JW_HASH_BYTES + 1]) {
  char buf[220];
  int n = snprintf(buf, sizeof buf, "%s;%s;%lld;%lld;%s", ANCHOR_TAG, kid, (long long)at, (long long)seq, hash);
  jw_audit_mac(buf, (size_t)n, out);
}

static pthread_mutex_t anchor_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t anchored_seq = -1; /* the head this process last anchored */
static char anchored_hash[2 * JW_HASH_BYTES + 1];
static time_t anchored_at;

/* Appends one line and fsyncs; 0 on success. */
static int append_line(const char *path, const char *line) {
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 && errno == ENOENT) { /* its directory is missing: make it (one level, like ./data) */
    char dir[512];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
      *slash = '\0';
      if (mkdir(dir, 0750) == 0 || errno == EEXIST) fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    }
  }
  if (fd < 0) return -1;
  size_t n = strlen(line);
  ssize_t w = write(fd, line, n);
  int rc = (w == (ssize_t)n && fsync(fd) == 0) ? 0 : -1;
  if (close(fd) != 0) rc = -1;
  return rc;
}

enum jw_code jw_audit_anchor(struct jw_conn *c, const char *path, struct jw_error *err) {
  if (!path || !*path) return JW_OK;
  int64_t seq;
  char hash[2 * JW_HASH_BYTES + 1];
  if (jw_audit_store_head(c, &seq, hash, err) != JW_OK) return err->code;
  enum jw_code rc = JW_OK;
  pthread_mutex_lock(&anchor_mu);
  if (seq > 0 && (seq != anchored_seq || strcmp(hash, anchored_hash) != 0)) {
    int64_t at = (int64_t)time(NULL);
    char mac[2 * JW_HASH_BYTES + 1], line[400], kid[17];
    key_id(kid);
    anchor_mac(kid, at, seq, hash, mac);
    snprintf(line, sizeof line, "%s %s %lld %lld %s %s\n", ANCHOR_TAG, kid, (long long)at, (long long)seq, hash, mac);
    if (append_line(path, line) != 0) {
      rc = jw_fail(err, JW_E_INTERNAL, "cannot append to the audit anchor file %s: %s", path, strerror(errno));
    } else {
      anchored_seq = seq;
      snprintf(anchored_hash, sizeof anchored_hash, "%s", hash);
    }
  }
  anchored_at = time(NULL);
  pthread_mutex_unlock(&anchor_mu);
  return rc;
}

void jw_audit_anchor_tick(struct jw_conn *c, const char *path) {
  pthread_mutex_lock(&anchor_mu);
  int due = time(NULL) - anchored_at >= 60;
  pthread_mutex_unlock(&anchor_mu);
  if (!due) return;
  struct jw_error err = {0};
  if (jw_audit_anchor(c, path, &err) != JW_OK) jw_warn("audit: anchor not written: %s", err.detail);
}

static int anchor_cmp(const void *a, const void *b) {
  const struct anchor *x = a, *y = b;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* What verify needs while it walks: the anchors, in seq order. */
struct verify_state {
  struct jw_audit_check *out;
  struct anchor *anchors;
  size_t n;
  /* The walk's position (reset by verify_tx on every try). */
  char prev[2 * JW_HASH_BYTES + 1]; /* hash of the last sound row */
  int64_t expect;                   /* the id the next row must have */
  size_t ai;                        /* the next anchor to compare */
};

/*
 * Reads every line of the anchor file into st->anchors (sorted by seq).
 * Lines of another key (another installation sharing the file) are counted
 * in out->foreign and skipped. A line of this key that does not parse or
 * whose MAC is wrong makes the check fail (out->ok = 0): someone edited it.
 */
static enum jw_code load_anchors(const char *path, struct verify_state *st, struct jw_error *err) {
  FILE *f = fopen(path, "re");
  if (!f) {
    if (errno == ENOENT) return JW_OK;
    return jw_fail(err, JW_E_INTERNAL, "cannot read the audit anchor file %s: %s", path, strerror(errno));
  }
  st->out->anchor_file = 1;
  size_t cap = 0;
  char line[512], ours[17];
  long lineno = 0;
  key_id(ours);
  while (fgets(line, sizeof line, f)) {
    lineno++;
    struct anchor a;
    char mac[2 * JW_HASH_BYTES + 1], want[2 * JW_HASH_BYTES + 1];
    long long at, seq;
    char kid[17];
    int fields = sscanf(line, ANCHOR_TAG " %16s %lld %lld %64s %64s", kid, &at, &seq, a.hash, mac);
    if (fields >= 1 && strcmp(kid, ours) != 0) { /* another installation's line */
      st->out->foreign++;
      continue;
    }
    if (fields != 5 || (anchor_mac(kid, at, seq, a.hash, want), strcmp(mac, want) != 0)) {
      if (st->out->ok) {
        st->out->ok = 0;
        snprintf(st->out->problem, sizeof st->out->problem,
                 "line %ld of the anchor file is not signed with this installation's audit key (edited?)", lineno);
      }
      continue;
    }
    a.at = at;
    a.seq = seq;
    if (st->n == cap) {
      cap = cap ? cap * 2 : 64;
      st->anchors = jw_xrealloc(st->anchors, cap * sizeof *st->anchors);
    }
    st->anchors[st->n++] = a;
  }
  fclose(f);
  qsort(st->anchors, st->n, sizeof *st->anchors, anchor_cmp);
  st->out->anchors = (int64_t)st->n;
  return JW_OK;
}

/* Marks the check failed at row id (the first failure wins). */
static void broken(struct jw_audit_check *out, int64_t id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void broken(struct jw_audit_check *out, int64_t id, const char *fmt, ...) {
  if (!out->ok) return;
  out->ok = 0;
  out->broken_at = id;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(out->problem, sizeof out->problem, fmt, ap);
  va_end(ap);
}

/* t as "2026-11-30T15:30:00Z". */
static void utc(int64_t t, char out[32]) {
  time_t tt = (time_t)t;
  struct tm tm;
  if (!gmtime_r(&tt, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm)) snprintf(out, 32, "%lld", (long long)t);
}

/* Checks one row of the walk against the chain and the anchors; 0 stops
 * the walk (the chain is broken there). */
static int verify_row(void *arg, const struct jw_audit_row *row) {
  struct verify_state *st = arg;
  struct jw_audit_check *out = st->out;
  int64_t id = row->id;
  char hash[2 * JW_HASH_BYTES + 1];
  row_hash(id, row->at, row->actor_id, row->actor_login, row->action, row->object_type, row->object_id, row->detail,
           row->ip, row->prev_hash, hash);
  if (id != st->expect || strcmp(row->prev_hash, st->prev) != 0 || strcmp(row->hash, hash) != 0) {
    broken(out, st->expect, "row %lld is changed, missing or out of place", (long long)st->expect);
    return 0;
  }
  for (; st->ai < st->n && st->anchors[st->ai].seq <= id; st->ai++)
    if (st->anchors[st->ai].seq == id && strcmp(st->anchors[st->ai].hash, hash) != 0) {
      char when[32];
      utc(st->anchors[st->ai].at, when);
      broken(out, id, "row %lld is not the row anchored at %s (the log was rewritten from there)", (long long)id, when);
      return 0;
    }
  snprintf(st->prev, sizeof st->prev, "%s", row->hash);
  out->rows++;
  st->expect++;
  return 1;
}

/* The walk, inside one read snapshot (jw_tx_read). */
static enum jw_code verify_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct verify_state *st = arg;
  struct jw_audit_check *out = st->out;
  st->prev[0] = '\0';
  st->expect = 1;
  st->ai = 0;
  out->ok = 1; /* from the start on a retry */
  out->rows = 0;
  out->broken_at = 0;
  out->problem[0] = '\0';
  for (;;) {
    int got = 0;
    if (jw_audit_store_walk(c, st->expect - 1, 1000, verify_row, st, &got, err) != JW_OK) return err->code;
    if (!out->ok) return JW_OK;
    if (got < 1000) break;
  }
  /* A deleted tail shows as a head that is ahead of the rows … */
  int64_t head_seq;
  char head_hash[2 * JW_HASH_BYTES + 1];
  if (jw_audit_store_head(c, &head_seq, head_hash, err) != JW_OK) return err->code;
  if (head_seq != out->rows || strcmp(head_hash, st->prev) != 0)
    broken(out, out->rows + 1, "the head says %lld rows but the chain ends at row %lld", (long long)head_seq,
           (long long)out->rows);
  /* … unless the head was rewound too: then only the anchors know. */
  if (st->n > 0 && st->anchors[st->n - 1].seq > out->rows) {
    char when[32];
    utc(st->anchors[st->n - 1].at, when);
    broken(out, out->rows + 1,
           "rows %lld to %lld are gone: the chain reached row %lld when it was anchored at %s, so the log was cut "
           "at the end",
           (long long)out->rows + 1, (long long)st->anchors[st->n - 1].seq, (long long)st->anchors[st->n - 1].seq,
           when);
  }
  return JW_OK;
}

enum jw_code jw_audit_verify(struct jw_conn *c, const char *anchor_path, struct jw_audit_check *out,
                             struct jw_error *err) {
  memset(out, 0, sizeof *out);
  out->ok = 1;
  struct verify_state st = {.out = out};
  enum jw_code rc = JW_OK;
  if (anchor_path && *anchor_path) rc = load_anchors(anchor_path, &st, err);
  if (rc == JW_OK) {
    /* A break in the chain is named first; else a bad anchor line. */
    struct jw_audit_check loaded = *out;
    rc = jw_tx_read(c, verify_tx, &st, err);
    if (rc == JW_OK && out->ok && !loaded.ok) {
      out->ok = 0;
      out->broken_at = 0;
      memcpy(out->problem, loaded.problem, sizeof out->problem);
    }
  }
  free(st.anchors);
  return rc;
}
