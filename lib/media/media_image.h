#ifndef WALK_MEDIA_IMAGE_H
#define WALK_MEDIA_IMAGE_H
/*
 * Decoding an uploaded photo into pixels (libjpeg-turbo, libpng), turned
 * upright by its EXIF orientation (libexif), and encoding pixels as a JPEG
 * that carries no metadata at all: no EXIF, so no GPS position, survives.
 */
#include "media_header.h"

#include <stddef.h>
#include <stdint.h>

/* Pixels, 3 bytes (R, G, B) each, row after row, malloc'ed. */
struct media_image {
	int width, height;
	uint8_t *rgb;
};

enum media_decode_result {
	MEDIA_DECODE_OK,
	MEDIA_DECODE_UNKNOWN,     /* neither JPEG nor PNG by its magic bytes */
	MEDIA_DECODE_TOO_LARGE,   /* over MEDIA_MAX_SIDE on a side, refused before decoding */
	MEDIA_DECODE_CORRUPT,     /* truncated or damaged: the decoder failed or warned */
	MEDIA_DECODE_NOMEM,
};

/* Decodes n bytes, the headers checked first (media_read_header), and applies
 * the EXIF orientation of a JPEG (1-8; any other value counts as 1). */
enum media_decode_result media_decode(const uint8_t *p, size_t n, struct media_image *out);
void media_image_free(struct media_image *img);

/* The EXIF orientation a JPEG declares (1-8), 1 when it says none. */
int media_exif_orientation(const uint8_t *p, size_t n);
/* Turns img upright for orientation o (EXIF's 1-8) in place (a new buffer
 * for the turns).  Returns 0, or -1 when out of memory (img unchanged). */
int media_orient(struct media_image *img, int orientation);

/* The long side of a stored photo: what WeChat checks and an admin reviews
 * (the poster shows it at 900 px), a few hundred KB rather than a camera's
 * megabytes (README, "Disk"). */
enum { MEDIA_STORED_MAX_SIDE = 1920 };

/* Shrinks img in place (a new buffer) so that neither side exceeds max_side,
 * keeping its proportions, each new pixel the average of the area it covers;
 * a smaller image is left alone.  Returns 0, or -1 when out of memory (img
 * unchanged). */
int media_shrink(struct media_image *img, int max_side);

/* img as a baseline JPEG of quality 1-100 (JFIF header only), into a malloc'ed
 * *out of *out_len bytes.  Returns 0 or -1. */
int media_encode_jpeg(const struct media_image *img, int quality, uint8_t **out, size_t *out_len);

#endif
