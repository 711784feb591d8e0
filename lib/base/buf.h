#ifndef WALK_BUF_H
#define WALK_BUF_H
/*
 * A growable byte buffer, always NUL-terminated so that its text can be used as
 * a C string.  The buffer owns its memory: buf_free() releases it, buf_reset()
 * empties it but keeps the capacity for the next use (a worker reuses one
 * response buffer for every request).
 */
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;    /* NULL until the first append; then always NUL-terminated */
	size_t len;    /* bytes used, not counting the terminating NUL */
	size_t cap;    /* bytes allocated */
};

/* Appends n bytes.  Aborts on out-of-memory, like every allocation here: a
 * worker that cannot allocate a few kilobytes cannot answer anything. */
void buf_append(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Empties the buffer; keeps at most keep_cap bytes of capacity (0: keep all). */
void buf_reset(struct buf *b, size_t keep_cap);
void buf_free(struct buf *b);
/* The text, "" for a buffer never appended to. */
const char *buf_str(const struct buf *b);

#endif
