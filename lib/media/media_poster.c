/* The poster: template, photo and text on one cairo surface (media_poster.h). */
#include "media_poster.h"
#include "media_draw.h"

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The photo's frame on the poster. */
enum { PHOTO_X = 90, PHOTO_Y = 250, PHOTO_W = 900, PHOTO_H = 675, FRAME = 14 };
enum { POSTER_QUALITY = 86 };

/* The photo cropped to the frame's shape (centred) and shrunk to it by
 * averaging each target pixel's source area, into an RGB24 cairo surface.
 * Shrinking here keeps the cairo surface at the frame's size whatever the
 * photo's (a 4096 x 3072 photo would be 50 MB as a cairo surface). */
static cairo_surface_t *fit_photo(const struct media_image *img)
{
	double want = (double)PHOTO_W / PHOTO_H;
	double cw = img->width, ch = img->height;
	if (cw / ch > want)
		cw = ch * want;
	else
		ch = cw / want;
	double x0 = (img->width - cw) / 2, y0 = (img->height - ch) / 2;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, PHOTO_W, PHOTO_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		return s;
	cairo_surface_flush(s);
	uint8_t *dst = cairo_image_surface_get_data(s);
	int dstride = cairo_image_surface_get_stride(s);
	double sx = cw / PHOTO_W, sy = ch / PHOTO_H;
	for (int y = 0; y < PHOTO_H; y++) {
		int ya = (int)(y0 + y * sy), yb = (int)(y0 + (y + 1) * sy);
		if (yb <= ya)
			yb = ya + 1;
		if (yb > img->height)
			yb = img->height;
		uint32_t *row = (uint32_t *)(void *)(dst + (size_t)y * dstride);
		for (int x = 0; x < PHOTO_W; x++) {
			int xa = (int)(x0 + x * sx), xb = (int)(x0 + (x + 1) * sx);
			if (xb <= xa)
				xb = xa + 1;
			if (xb > img->width)
				xb = img->width;
			uint64_t r = 0, g = 0, b = 0, n = 0;
			for (int yy = ya; yy < yb; yy++) {
				const uint8_t *p = img->rgb + ((size_t)yy * img->width + xa) * 3;
				for (int xx = xa; xx < xb; xx++, p += 3) {
					r += p[0];
					g += p[1];
					b += p[2];
					n++;
				}
			}
			row[x] = n ? (uint32_t)(r / n) << 16 | (uint32_t)(g / n) << 8 | (uint32_t)(b / n) : 0;
		}
	}
	cairo_surface_mark_dirty(s);
	return s;
}

static bool draw_template(cairo_t *cr, int seq)
{
	size_t len;
	const char *svg = poster_template(seq, &len);
	return media_draw_svg(cr, svg, len, POSTER_WIDTH, POSTER_HEIGHT);
}

static void draw_photo(cairo_t *cr, const struct media_image *photo)
{
	/* A white frame with a soft shadow, then the photo inside it. */
	cairo_set_source_rgba(cr, 0, 0, 0, 0.18);
	media_rounded_rect(cr, PHOTO_X - FRAME + 6, PHOTO_Y - FRAME + 10, PHOTO_W + 2 * FRAME, PHOTO_H + 2 * FRAME, 22);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	media_rounded_rect(cr, PHOTO_X - FRAME, PHOTO_Y - FRAME, PHOTO_W + 2 * FRAME, PHOTO_H + 2 * FRAME, 22);
	cairo_fill(cr);
	cairo_surface_t *ps = fit_photo(photo);
	cairo_save(cr);
	media_rounded_rect(cr, PHOTO_X, PHOTO_Y, PHOTO_W, PHOTO_H, 10);
	cairo_clip(cr);
	cairo_set_source_surface(cr, ps, PHOTO_X, PHOTO_Y);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(ps);
}

static void draw_texts(cairo_t *cr, const struct poster_text *t, int *missing)
{
	char line[512], steps[32];
	media_text_line(cr, "与祖国同行", 52, 84, true, 1, 1, 1, missing);
	media_text_line(cr, "全省百万职工网上健步走", 162, 34, false, 1, 1, 1, missing);
	/* The text panel under the photo. */
	cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
	media_rounded_rect(cr, PHOTO_X - FRAME, 958, PHOTO_W + 2 * FRAME, 196, 22);
	cairo_fill(cr);
	if (strcmp(t->checkpoint, t->landmark) == 0)   /* the last: 陕西省总工会 is both */
		snprintf(line, sizeof line, "第%d站 · %s", t->seq, t->checkpoint);
	else
		snprintf(line, sizeof line, "第%d站 · %s · %s", t->seq, t->checkpoint, t->landmark);
	media_text_line(cr, line, 976, 50, true, 0.62, 0.08, 0.08, missing);
	snprintf(line, sizeof line, "%s 闯关成功", t->name);
	media_text_line(cr, line, 1046, 38, false, 0.15, 0.15, 0.15, missing);
	media_thousands(t->steps, steps, sizeof steps);
	snprintf(line, sizeof line, "%s · 累计 %s 步", t->date, steps);
	media_text_line(cr, line, 1100, 32, false, 0.35, 0.35, 0.35, missing);
}

int media_poster(const struct media_image *photo, const struct poster_text *t, uint8_t **jpeg,
                 size_t *jpeg_len, int *missing_glyphs)
{
	*jpeg = NULL;
	*jpeg_len = 0;
	int missing = 0;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, POSTER_WIDTH, POSTER_HEIGHT);
	cairo_t *cr = cairo_create(s);
	int rc = -1;
	if (cairo_status(cr) == CAIRO_STATUS_SUCCESS) {
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
		if (draw_template(cr, t->seq)) {
			draw_photo(cr, photo);
			draw_texts(cr, t, &missing);
			if (cairo_status(cr) == CAIRO_STATUS_SUCCESS)
				rc = media_encode_surface(s, POSTER_WIDTH, POSTER_HEIGHT, POSTER_QUALITY, jpeg, jpeg_len);
		}
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	if (missing_glyphs)
		*missing_glyphs = missing;
	return rc;
}
