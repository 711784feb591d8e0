#include "arena.h"

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

static struct arena_block *block_new(size_t size)
{
	struct arena_block *blk = malloc(sizeof *blk + size);
	if (!blk)
		abort();
	blk->next = NULL;
	blk->size = size;
	blk->used = 0;
	return blk;
}

void arena_init(struct arena *a, size_t block_size)
{
	a->block_size = block_size ? block_size : 64 * 1024;
	a->first = a->current = block_new(a->block_size);
}

void *arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	size_t need = (n + align - 1) & ~(align - 1);
	if (need == 0)
		need = align;
	struct arena_block *blk = a->current;
	if (blk->size - blk->used < need) {
		size_t size = need > a->block_size ? need : a->block_size;
		struct arena_block *fresh = block_new(size);
		blk->next = fresh;
		a->current = blk = fresh;
	}
	void *p = blk->data + blk->used;
	blk->used += need;
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, copy;
	va_start(ap, fmt);
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_reset(struct arena *a)
{
	struct arena_block *blk = a->first->next;
	while (blk) {
		struct arena_block *next = blk->next;
		free(blk);
		blk = next;
	}
	a->first->next = NULL;
	a->first->used = 0;
	a->current = a->first;
}

void arena_free(struct arena *a)
{
	arena_reset(a);
	free(a->first);
	a->first = a->current = NULL;
}
