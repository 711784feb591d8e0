#ifndef WALK_MEDIA_HEADER_H
#define WALK_MEDIA_HEADER_H
/*
 * What an uploaded image claims to be, read from its first bytes before any
 * decoder sees it: the format by its magic bytes (JPEG's SOI, PNG's
 * signature: nothing else is accepted, whatever the Content-Type said) and its
 * dimensions (JPEG's frame header, PNG's IHDR).  Pure, no allocation: a small
 * file claiming 100,000 x 100,000 pixels is refused here, before a decoder
 * allocates anything for it.
 */
#include <stddef.h>
#include <stdint.h>

enum { MEDIA_MAX_SIDE = 4096 };

enum media_format { MEDIA_UNKNOWN, MEDIA_JPEG, MEDIA_PNG };

enum media_header_result {
	MEDIA_HEADER_OK,
	MEDIA_HEADER_UNKNOWN,     /* neither JPEG nor PNG by its magic bytes */
	MEDIA_HEADER_MALFORMED,   /* truncated, or its headers are broken */
	MEDIA_HEADER_TOO_LARGE,   /* a side over MEDIA_MAX_SIDE (or zero) */
};

struct media_header {
	enum media_format format;
	uint32_t width, height;
};

/* The format of n bytes by their magic bytes alone. */
enum media_format media_sniff(const uint8_t *p, size_t n);
/* The format and dimensions into *h (format set even when the rest fails). */
enum media_header_result media_read_header(const uint8_t *p, size_t n, struct media_header *h);

#endif
