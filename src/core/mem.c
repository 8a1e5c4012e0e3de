/* mem.c — aborting allocators and the request arena. */
#include "core/mem.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_MIN 4096
#define ARENA_ALIGN     _Alignof(max_align_t)

struct jw_arena_block {
  struct jw_arena_block *next;
  size_t cap; /* usable bytes in data[] */
  size_t used;
  _Alignas(max_align_t) unsigned char data[];
};

struct jw_arena_defer {
  struct jw_arena_defer *next;
  void (*fn)(void *);
  void *p;
};

static void oom(size_t n) {
  fprintf(stderr, "jingwu: out of memory allocating %zu bytes\n", n);
  abort();
}

/* a + b, or an out-of-memory abort when the sum does not fit a size_t (a
 * size computed from lengths that wrapped would allocate too little). */
static size_t add_size(size_t a, size_t b) {
  if (b > SIZE_MAX - a) {
    fprintf(stderr, "jingwu: allocation size overflow (%zu + %zu)\n", a, b);
    abort();
  }
  return a + b;
}

void *jw_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) oom(n);
  return p;
}

void *jw_xcalloc(size_t nmemb, size_t size) {
  void *p = calloc(nmemb ? nmemb : 1, size ? size : 1); /* calloc checks nmemb * size */
  if (!p) oom(size && nmemb > SIZE_MAX / size ? SIZE_MAX : nmemb * size);
  return p;
}

void *jw_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) oom(n);
  return q;
}

char *jw_xstrdup(const char *s) {
  size_t n = add_size(strlen(s), 1);
  char *d = jw_xmalloc(n);
  memcpy(d, s, n);
  return d;
}

void *jw_arena_alloc(struct jw_arena *a, size_t n) {
  size_t need = add_size(n, ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  struct jw_arena_block *b = a->head;
  assert(!b || b->used <= b->cap);
  if (!b || b->cap - b->used < need) {
    size_t cap = need > ARENA_BLOCK_MIN ? need : ARENA_BLOCK_MIN;
    /* Grow block sizes with the arena so that big requests make few blocks. */
    if (a->total > cap && a->total < SIZE_MAX / 2) cap = a->total;
    b = jw_xmalloc(add_size(sizeof *b, cap));
    b->cap = cap;
    b->used = 0;
    b->next = a->head;
    a->head = b;
  }
  void *p = b->data + b->used;
  b->used += need;
  a->total = a->total > SIZE_MAX - need ? SIZE_MAX : a->total + need;
  return p;
}

void *jw_arena_zalloc(struct jw_arena *a, size_t n) {
  void *p = jw_arena_alloc(a, n);
  memset(p, 0, n);
  return p;
}

char *jw_arena_strndup(struct jw_arena *a, const char *s, size_t n) {
  char *d = jw_arena_alloc(a, add_size(n, 1));
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *jw_arena_strdup(struct jw_arena *a, const char *s) { return jw_arena_strndup(a, s, strlen(s)); }

char *jw_arena_vprintf(struct jw_arena *a, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) return jw_arena_strdup(a, "");
  char *d = jw_arena_alloc(a, (size_t)n + 1);
  vsnprintf(d, (size_t)n + 1, fmt, ap);
  return d;
}

char *jw_arena_printf(struct jw_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *d = jw_arena_vprintf(a, fmt, ap);
  va_end(ap);
  return d;
}

void *jw_arena_grow(struct jw_arena *a, void *items, size_t len, size_t *cap, size_t elem) {
  if (len < *cap) return items;
  size_t ncap = *cap ? add_size(*cap, *cap) : 16;
  if (elem && ncap > SIZE_MAX / elem) {
    fprintf(stderr, "jingwu: allocation size overflow (%zu x %zu)\n", ncap, elem);
    abort();
  }
  void *n = jw_arena_alloc(a, ncap * elem);
  if (len) memcpy(n, items, len * elem);
  *cap = ncap;
  return n;
}

void jw_buf_put(struct jw_buf *b, const char *s, size_t n) {
  assert(b->n <= b->cap);
  size_t want = add_size(add_size(b->n, n), 1);
  if (want > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    /* Doubling stops short of wrapping: past SIZE_MAX / 2 take exactly want. */
    while (cap < want) cap = cap > SIZE_MAX / 2 ? want : cap * 2;
    char *p = jw_arena_alloc(b->a, cap);
    if (b->n) memcpy(p, b->p, b->n);
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

void jw_buf_puts(struct jw_buf *b, const char *s) { jw_buf_put(b, s, strlen(s)); }

void jw_buf_printf(struct jw_buf *b, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    jw_buf_put(b, small, (size_t)n);
    return;
  }
  va_start(ap, fmt);
  char *big = jw_arena_vprintf(b->a, fmt, ap);
  va_end(ap);
  jw_buf_put(b, big, (size_t)n);
}

void jw_arena_defer(struct jw_arena *a, void (*fn)(void *), void *p) {
  struct jw_arena_defer *d = jw_arena_alloc(a, sizeof *d);
  d->fn = fn;
  d->p = p;
  d->next = a->defers;
  a->defers = d;
}

void jw_arena_free(struct jw_arena *a) {
  /* Destructors first: they may read arena memory. */
  for (struct jw_arena_defer *d = a->defers; d; d = d->next) d->fn(d->p);
  a->defers = NULL;
  struct jw_arena_block *b = a->head;
  while (b) {
    struct jw_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->total = 0;
}
