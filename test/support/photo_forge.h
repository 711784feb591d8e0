#ifndef WALK_TEST_PHOTO_FORGE_H
#define WALK_TEST_PHOTO_FORGE_H
/*
 * Test images made on the spot: a JPEG whose left half is red and right half
 * blue, with an EXIF block carrying an orientation and (optionally) a GPS
 * position, as a phone writes them; a PNG of the same picture; a PNG header
 * claiming any size.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* w x h, left half red, right half blue, EXIF orientation (0: no EXIF) and a
 * GPS block (34°15'N 108°57'E, Xi'an) when gps.  Malloc'ed. */
int forge_jpeg(int w, int h, int orientation, bool gps, uint8_t **out, size_t *len);
/* The same picture as an RGB PNG.  Malloc'ed. */
int forge_png(int w, int h, uint8_t **out, size_t *len);
/* A PNG signature, an IHDR claiming w x h (with its right CRC), a tiny IDAT and
 * IEND into out (at least 128 bytes); returns the length. */
size_t forge_png_header(uint32_t w, uint32_t h, uint8_t *out);
/* Whether the bytes hold an EXIF block ("Exif\0\0") anywhere. */
bool forge_has_exif(const uint8_t *p, size_t n);

#endif
