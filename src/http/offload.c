/*
 * offload.c — a small bounded pool of threads for slow handlers.
 *
 * Password hashing (argon2id) takes tens of milliseconds of CPU and tens of
 * MiB; run on the libmicrohttpd worker threads, a sign-in flood stalls every
 * other request. Routes flagged offload are queued here instead while their
 * connection is suspended; a pool thread runs the handler and resumes the
 * connection, whose next callback queues the answer. When the queue is full
 * the dispatcher answers 503 with Retry-After.
 *
 * The pool threads keep the normal scheduling priority on purpose: argon2
 * maps and faults in tens of MiB per hash under the process's mm lock, and
 * a lowered-priority thread preempted while holding it stalls the HTTP
 * threads (measured: /healthz 0.5–1 s with nice 10, ~30 ms without).
 */
#include <pthread.h>
#include <stdlib.h>

#include "core/log.h"
#include "core/mem.h"
#include "http/internal.h"

struct jw_pool {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct jw_ctx **q; /* ring of qsize */
  int qsize, head, count;
  int stop;
  int nthreads;
  pthread_t *threads;
};

static void *worker(void *arg) {
  struct jw_pool *p = arg;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->count == 0 && !p->stop) pthread_cond_wait(&p->cv, &p->mu);
    if (p->count == 0 && p->stop) break;
    struct jw_ctx *c = p->q[p->head];
    p->head = (p->head + 1) % p->qsize;
    p->count--;
    pthread_mutex_unlock(&p->mu);
    jw_run_handler(c);
    atomic_store(&c->offload, 2);
    MHD_resume_connection(c->conn);
    pthread_mutex_lock(&p->mu);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

struct jw_pool *jw_pool_start(int nthreads, int qsize) {
  if (nthreads < 1 || qsize < 1) return NULL;
  struct jw_pool *p = jw_xcalloc(1, sizeof *p);
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->cv, NULL);
  p->qsize = qsize;
  p->q = jw_xcalloc((size_t)qsize, sizeof *p->q);
  p->threads = jw_xcalloc((size_t)nthreads, sizeof *p->threads);
  for (int i = 0; i < nthreads; i++) {
    if (pthread_create(&p->threads[i], NULL, worker, p) != 0) {
      jw_error("offload: cannot start thread %d", i);
      break;
    }
    p->nthreads++;
  }
  if (p->nthreads == 0) {
    jw_pool_stop(p);
    return NULL;
  }
  return p;
}

int jw_pool_submit(struct jw_pool *p, struct jw_ctx *c) {
  pthread_mutex_lock(&p->mu);
  if (p->count >= p->qsize || p->stop) {
    pthread_mutex_unlock(&p->mu);
    return -1;
  }
  /* Suspended before any thread can see the job, so that its resume always
   * finds the connection suspended. */
  MHD_suspend_connection(c->conn);
  p->q[(p->head + p->count) % p->qsize] = c;
  p->count++;
  pthread_cond_signal(&p->cv);
  pthread_mutex_unlock(&p->mu);
  return 0;
}

void jw_pool_stop(struct jw_pool *p) {
  if (!p) return;
  pthread_mutex_lock(&p->mu);
  p->stop = 1;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < p->nthreads; i++) pthread_join(p->threads[i], NULL);
  pthread_cond_destroy(&p->cv);
  pthread_mutex_destroy(&p->mu);
  free(p->threads);
  free(p->q);
  free(p);
}
