#ifndef WALK_MEDIA_DRAW_H
#define WALK_MEDIA_DRAW_H
/*
 * What the poster and the certificate share (lib/media only): an SVG drawn
 * on the page, centred lines of CJK text, rounded panels, and the page
 * encoded as a JPEG.  Text is set in Noto Sans CJK SC, else WenQuanYi Micro
 * Hei; every character no font could draw is counted in *missing.
 */
#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEDIA_FONTS "Noto Sans CJK SC, WenQuanYi Micro Hei"

/* svg (len bytes) rendered over the whole width x height page: false when it
 * does not parse or render. */
bool media_draw_svg(cairo_t *cr, const char *svg, size_t len, int width, int height);
void media_rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r);
/* One line of text centred on a page POSTER_WIDTH wide (60 px margins),
 * its top at y, size px, cut with an ellipsis when too long. */
void media_text_line(cairo_t *cr, const char *text, double y, int px, bool bold, double r, double g, double b,
                     int *missing);
/* 1234567 as "1,234,567". */
void media_thousands(int64_t v, char *out, size_t size);
/* The RGB24 surface s (width x height) as a malloc'ed JPEG of quality.
 * Returns 0 or -1. */
int media_encode_surface(cairo_surface_t *s, int width, int height, int quality, uint8_t **jpeg, size_t *jpeg_len);

#endif
