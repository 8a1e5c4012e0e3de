/*
 * views.c — page views batched in memory and counted at the tick.
 *
 * The hot path (jw_stats_view_queue) takes a short mutex and appends a copy
 * of the view to this process's batch: no database work per view. The tick
 * and the graceful stop (jw_stats_views_flush) swap the batch out and count
 * it in ONE transaction: every (visitor, page, window) row goes into
 * page_views_seen with ON CONFLICT DO NOTHING, and only a row that is new
 * there (and within its address's cap) adds to counters.page_views. The
 * unique key of page_views_seen is what makes several instances on one
 * database exact: whichever instance inserts a row first counts it, the
 * other finds it there. A flush that fails puts its views back for the
 * next one: nothing is lost, nothing counted twice (the transaction is
 * all or nothing).
 *
 * Lock order (no deadlock between instances flushing at once on
 * PostgreSQL): the seen rows in key order, then the rate_limits rows in
 * address order, then the counter row.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "stats/stats.h"
#include "stats/store.h"

/* A view waiting to be counted: its strings are in the same allocation. */
struct pending {
  char *key, *fresh, *path, *ip; /* fresh and ip may be NULL */
  int64_t window_start;
  int ip_limit, window_secs;
};

/* Views a flush takes at most in one transaction; more stay for the next. */
#define FLUSH_MAX 20000
/* A batch this long is flushed by the request that finds it so (a flood
 * between two ticks must not grow memory without bound). */
#define QUEUE_HIGH 100000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct pending *queue;
static size_t qlen, qcap;

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void pending_free(struct pending *p) {
  free(p->key);
  free(p->fresh);
  free(p->path);
  free(p->ip);
}

/* Adds n views to the batch: at its end, or at its front (a failed flush's
 * views go back before the newer ones, so the order of a visitor's first
 * view and its later ones holds). Returns 0, or -1 when memory ran out (the
 * views are then freed). */
static int push(struct pending *v, size_t n, int front) {
  pthread_mutex_lock(&mu);
  if (qlen + n > qcap) {
    size_t cap = qcap ? qcap : 256;
    while (cap < qlen + n) cap *= 2;
    struct pending *q = realloc(queue, cap * sizeof *q);
    if (!q) {
      pthread_mutex_unlock(&mu);
      for (size_t i = 0; i < n; i++) pending_free(&v[i]);
      return -1;
    }
    queue = q;
    qcap = cap;
  }
  if (front) {
    memmove(queue + n, queue, qlen * sizeof *queue);
    memcpy(queue, v, n * sizeof *v);
  } else {
    memcpy(queue + qlen, v, n * sizeof *v);
  }
  qlen += n;
  pthread_mutex_unlock(&mu);
  return 0;
}

size_t jw_stats_views_pending(void) {
  pthread_mutex_lock(&mu);
  size_t n = qlen;
  pthread_mutex_unlock(&mu);
  return n;
}

int jw_stats_view_queue(const struct jw_page_view *v) {
  struct pending p = {dup_or_null(v->key), dup_or_null(v->fresh_key), dup_or_null(v->path),
                      dup_or_null(v->ip),  v->window_start,           v->ip_limit,
                      v->window_secs};
  if (!p.key || !p.path || (v->fresh_key && !p.fresh) || (v->ip && !p.ip)) {
    pending_free(&p);
    return -1;
  }
  if (push(&p, 1, 0) != 0) return -1;
  return jw_stats_views_pending() >= QUEUE_HIGH;
}

/* One insert into page_views_seen: a visitor's key, or the fresh id it was
 * just given (marked seen, never counted itself). */
struct seen_op {
  const struct pending *v;
  const char *key;
  int counts; /* 0: the fresh id's mark; 1: the view itself */
};

/* Key, page, window; at equal ones the marks before the views, as one
 * request after another would have done them. */
static int seen_cmp(const void *a, const void *b) {
  const struct seen_op *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  if (!c) c = strcmp(x->v->path, y->v->path);
  if (!c) c = (x->v->window_start > y->v->window_start) - (x->v->window_start < y->v->window_start);
  if (!c) c = x->counts - y->counts;
  return c;
}

/* A first view, weighed against its address's cap in phase two. */
static int first_cmp(const void *a, const void *b) {
  const struct pending *x = *(const struct pending *const *)a, *y = *(const struct pending *const *)b;
  return strcmp(x->ip ? x->ip : "", y->ip ? y->ip : "");
}

struct flush_tx {
  struct pending *v;
  size_t n;
  struct seen_op *ops;
  const struct pending **firsts;
  int64_t counted;
};

static enum jw_code flush_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct flush_tx *t = arg;
  size_t nops = 0, nfirst = 0;
  for (size_t i = 0; i < t->n; i++) {
    if (t->v[i].fresh) t->ops[nops++] = (struct seen_op){&t->v[i], t->v[i].fresh, 0};
    t->ops[nops++] = (struct seen_op){&t->v[i], t->v[i].key, 1};
  }
  qsort(t->ops, nops, sizeof *t->ops, seen_cmp);
  for (size_t i = 0; i < nops; i++) {
    int first = jw_stats_store_view_seen(c, t->ops[i].key, t->ops[i].v->path, t->ops[i].v->window_start, err);
    if (first < 0) return err->code;
    if (first && t->ops[i].counts) t->firsts[nfirst++] = t->ops[i].v;
  }
  qsort(t->firsts, nfirst, sizeof *t->firsts, first_cmp);
  t->counted = 0;
  for (size_t i = 0; i < nfirst; i++) {
    const struct pending *v = t->firsts[i];
    /* However many ids one address collects, it adds at most so many views
     * per window. */
    char key[80];
    snprintf(key, sizeof key, "page-view-ip:%.60s", v->ip ? v->ip : "");
    enum jw_code rc = jw_rate_limit(c, key, v->ip_limit, v->window_secs > 0 ? v->window_secs : 1800, err);
    if (rc == JW_E_RATE_LIMITED) {
      jw_error_clear(err);
      continue;
    }
    if (rc != JW_OK) return rc;
    t->counted++;
  }
  if (t->counted == 0) return JW_OK;
  return jw_stats_store_counter_add(c, "page_views", t->counted, err);
}

enum jw_code jw_stats_views_flush(struct jw_conn *c, int64_t *counted, struct jw_error *err) {
  if (counted) *counted = 0;
  /* What was queued when the flush began, not a stream that never ends. */
  size_t todo = jw_stats_views_pending();
  while (todo > 0) {
    pthread_mutex_lock(&mu);
    size_t n = qlen < FLUSH_MAX ? qlen : FLUSH_MAX;
    if (n > todo) n = todo;
    todo -= n;
    struct pending *batch = n ? malloc(n * sizeof *batch) : NULL;
    if (batch) {
      /* The oldest views first; the rest move up. */
      memcpy(batch, queue, n * sizeof *batch);
      memmove(queue, queue + n, (qlen - n) * sizeof *queue);
      qlen -= n;
    }
    pthread_mutex_unlock(&mu);
    if (!n) return JW_OK;
    if (!batch) return jw_fail(err, JW_E_INTERNAL, "out of memory counting page views");
    struct flush_tx t = {batch, n, malloc(2 * n * sizeof(struct seen_op)), malloc(n * sizeof(struct pending *)), 0};
    enum jw_code rc = JW_E_INTERNAL;
    if (t.ops && t.firsts)
      rc = jw_tx(c, flush_tx, &t, err);
    else
      jw_fail(err, JW_E_INTERNAL, "out of memory counting page views");
    jw_conn_release(c);
    free(t.ops);
    free(t.firsts);
    if (rc != JW_OK) {
      push(batch, n, 1); /* rolled back: counted by a later flush */
      free(batch);
      return rc;
    }
    for (size_t i = 0; i < n; i++) pending_free(&batch[i]);
    free(batch);
    if (counted) *counted += t.counted;
  }
  return JW_OK;
}

void jw_stats_views_discard(void) {
  pthread_mutex_lock(&mu);
  for (size_t i = 0; i < qlen; i++) pending_free(&queue[i]);
  free(queue);
  queue = NULL;
  qlen = qcap = 0;
  pthread_mutex_unlock(&mu);
}
