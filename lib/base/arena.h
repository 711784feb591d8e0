#ifndef WALK_ARENA_H
#define WALK_ARENA_H
/*
 * A per-request bump allocator.  Everything a request allocates comes from its
 * arena and is released at once by arena_reset() after the response is sent, so
 * handlers never free and a long-lived worker cannot leak through them.
 *
 * The first block is kept across resets (most requests fit in it); larger
 * blocks made during a request are returned to malloc on reset, so one huge
 * request does not pin its memory for the worker's lifetime.
 */
#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *first;   /* kept across resets */
	struct arena_block *current;
	size_t block_size;
};

void arena_init(struct arena *a, size_t block_size);
/* Memory aligned for any type, valid until the next reset.  Aborts on OOM. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
