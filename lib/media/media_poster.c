/* The poster: template, photo and text on one cairo surface (media_poster.h). */
#include "media_poster.h"

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

#define POSTER_FONTS "Noto Sans CJK SC, WenQuanYi Micro Hei"

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

static void rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
	cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
	cairo_close_path(cr);
}

/* One line of text centred on the poster at baseline-free top y, size px. */
static void text_line(cairo_t *cr, const char *text, double y, int px, bool bold, double r, double g,
                      double b, int *missing)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *font = pango_font_description_from_string(POSTER_FONTS);
	pango_font_description_set_absolute_size(font, px * PANGO_SCALE);
	pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, font);
	pango_layout_set_width(layout, (POSTER_WIDTH - 120) * PANGO_SCALE);
	pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
	pango_layout_set_text(layout, text, -1);
	*missing += pango_layout_get_unknown_glyphs_count(layout);
	cairo_set_source_rgb(cr, r, g, b);
	cairo_move_to(cr, 60, y);
	pango_cairo_show_layout(cr, layout);
	pango_font_description_free(font);
	g_object_unref(layout);
}

/* 1234567 as "1,234,567". */
static void thousands(int64_t v, char *out, size_t size)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? 0 : v));
	size_t o = 0;
	for (int i = 0; i < n && o + 2 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

static bool draw_template(cairo_t *cr, int seq)
{
	size_t len;
	const char *svg = poster_template(seq, &len);
	GError *err = NULL;
	RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg, len, &err);
	if (!h) {
		g_clear_error(&err);
		return false;
	}
	RsvgRectangle viewport = { 0, 0, POSTER_WIDTH, POSTER_HEIGHT };
	bool ok = rsvg_handle_render_document(h, cr, &viewport, &err);
	g_clear_error(&err);
	g_object_unref(h);
	return ok;
}

static void draw_photo(cairo_t *cr, const struct media_image *photo)
{
	/* A white frame with a soft shadow, then the photo inside it. */
	cairo_set_source_rgba(cr, 0, 0, 0, 0.18);
	rounded_rect(cr, PHOTO_X - FRAME + 6, PHOTO_Y - FRAME + 10, PHOTO_W + 2 * FRAME, PHOTO_H + 2 * FRAME, 22);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	rounded_rect(cr, PHOTO_X - FRAME, PHOTO_Y - FRAME, PHOTO_W + 2 * FRAME, PHOTO_H + 2 * FRAME, 22);
	cairo_fill(cr);
	cairo_surface_t *ps = fit_photo(photo);
	cairo_save(cr);
	rounded_rect(cr, PHOTO_X, PHOTO_Y, PHOTO_W, PHOTO_H, 10);
	cairo_clip(cr);
	cairo_set_source_surface(cr, ps, PHOTO_X, PHOTO_Y);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(ps);
}

static void draw_texts(cairo_t *cr, const struct poster_text *t, int *missing)
{
	char line[512], steps[32];
	text_line(cr, "与祖国同行", 52, 84, true, 1, 1, 1, missing);
	text_line(cr, "全省百万职工网上健步走", 162, 34, false, 1, 1, 1, missing);
	/* The text panel under the photo. */
	cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
	rounded_rect(cr, PHOTO_X - FRAME, 958, PHOTO_W + 2 * FRAME, 196, 22);
	cairo_fill(cr);
	if (strcmp(t->checkpoint, t->landmark) == 0)   /* the last: 陕西省总工会 is both */
		snprintf(line, sizeof line, "第%d站 · %s", t->seq, t->checkpoint);
	else
		snprintf(line, sizeof line, "第%d站 · %s · %s", t->seq, t->checkpoint, t->landmark);
	text_line(cr, line, 976, 50, true, 0.62, 0.08, 0.08, missing);
	snprintf(line, sizeof line, "%s 闯关成功", t->name);
	text_line(cr, line, 1046, 38, false, 0.15, 0.15, 0.15, missing);
	thousands(t->steps, steps, sizeof steps);
	snprintf(line, sizeof line, "%s · 累计 %s 步", t->date, steps);
	text_line(cr, line, 1100, 32, false, 0.35, 0.35, 0.35, missing);
}

/* The surface's pixels (xRGB, native order) as RGB rows for the encoder. */
static int encode_surface(cairo_surface_t *s, uint8_t **jpeg, size_t *jpeg_len)
{
	cairo_surface_flush(s);
	const uint8_t *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	struct media_image img = { POSTER_WIDTH, POSTER_HEIGHT, malloc((size_t)POSTER_WIDTH * POSTER_HEIGHT * 3) };
	if (!img.rgb)
		return -1;
	for (int y = 0; y < POSTER_HEIGHT; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * stride);
		uint8_t *out = img.rgb + (size_t)y * POSTER_WIDTH * 3;
		for (int x = 0; x < POSTER_WIDTH; x++) {
			out[3 * x] = (uint8_t)(row[x] >> 16);
			out[3 * x + 1] = (uint8_t)(row[x] >> 8);
			out[3 * x + 2] = (uint8_t)row[x];
		}
	}
	int rc = media_encode_jpeg(&img, POSTER_QUALITY, jpeg, jpeg_len);
	media_image_free(&img);
	return rc;
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
				rc = encode_surface(s, jpeg, jpeg_len);
		}
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	if (missing_glyphs)
		*missing_glyphs = missing;
	return rc;
}
