/*
 * mem.h — the two kinds of memory.
 *
 * Long-lived objects: jw_xmalloc()/jw_xcalloc()/jw_xstrdup() abort on
 * out-of-memory (a server that cannot allocate a few bytes cannot answer
 * anyway), each object has one owner and a matching _free.
 *
 * Request-lived objects: a struct jw_arena, freed all at once when the
 * response has been sent. jw_arena_defer() runs a destructor at that moment
 * (for json_t * and other library objects).
 */
#ifndef JW_MEM_H
#define JW_MEM_H

#include <stdarg.h>
#include <stddef.h>

void *jw_xmalloc(size_t n);
void *jw_xcalloc(size_t nmemb, size_t size);
void *jw_xrealloc(void *p, size_t n);
char *jw_xstrdup(const char *s);

struct jw_arena_block;
struct jw_arena_defer;

struct jw_arena {
  struct jw_arena_block *head;   /* newest block first */
  struct jw_arena_defer *defers; /* run in reverse order of registration */
  size_t total;                  /* bytes handed out, for limits and tests */
};

/* An arena needs no set-up beyond zeroing: struct jw_arena a = {0}; */

/* n bytes aligned for any type; never NULL (aborts on out-of-memory). */
void *jw_arena_alloc(struct jw_arena *a, size_t n);
void *jw_arena_zalloc(struct jw_arena *a, size_t n);
char *jw_arena_strdup(struct jw_arena *a, const char *s);
char *jw_arena_strndup(struct jw_arena *a, const char *s, size_t n);
char *jw_arena_printf(struct jw_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *jw_arena_vprintf(struct jw_arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/*
 * Room for one more element in an arena array: returns items when len <
 * *cap, else a new array of twice the capacity (16 at first) holding the len
 * elements of elem bytes copied over, and *cap updated. Sizes that would
 * wrap abort. The old array stays in the arena until it is freed.
 */
void *jw_arena_grow(struct jw_arena *a, void *items, size_t len, size_t *cap, size_t elem);

/* A growing text buffer in an arena, for responses written as text.
 * Start with {arena, NULL, 0, 0}; p is NUL-terminated once anything was put. */
struct jw_buf {
  struct jw_arena *a;
  char *p;
  size_t n, cap;
};
void jw_buf_put(struct jw_buf *b, const char *s, size_t n);
void jw_buf_puts(struct jw_buf *b, const char *s);
void jw_buf_printf(struct jw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Calls fn(p) when the arena is reset or freed. */
void jw_arena_defer(struct jw_arena *a, void (*fn)(void *), void *p);

/* Runs the deferred destructors and frees every block; the arena can be
 * used again afterwards. */
void jw_arena_free(struct jw_arena *a);

#endif
