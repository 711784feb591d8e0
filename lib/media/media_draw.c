/* Drawing shared by the poster and the certificate (media_draw.h). */
#include "media_draw.h"
#include "media_image.h"
#include "media_poster.h"

#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>

bool media_draw_svg(cairo_t *cr, const char *svg, size_t len, int width, int height)
{
	GError *err = NULL;
	RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg, len, &err);
	if (!h) {
		g_clear_error(&err);
		return false;
	}
	RsvgRectangle viewport = { 0, 0, width, height };
	bool ok = rsvg_handle_render_document(h, cr, &viewport, &err);
	g_clear_error(&err);
	g_object_unref(h);
	return ok;
}

void media_rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
	cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
	cairo_close_path(cr);
}

void media_text_line(cairo_t *cr, const char *text, double y, int px, bool bold, double r, double g,
                      double b, int *missing)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *font = pango_font_description_from_string(MEDIA_FONTS);
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

void media_thousands(int64_t v, char *out, size_t size)
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

/* The surface's pixels (xRGB, native order) as RGB rows for the encoder. */
int media_encode_surface(cairo_surface_t *s, int width, int height, int quality, uint8_t **jpeg, size_t *jpeg_len)
{
	cairo_surface_flush(s);
	const uint8_t *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	struct media_image img = { width, height, malloc((size_t)width * height * 3) };
	if (!img.rgb)
		return -1;
	for (int y = 0; y < height; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * stride);
		uint8_t *out = img.rgb + (size_t)y * width * 3;
		for (int x = 0; x < width; x++) {
			out[3 * x] = (uint8_t)(row[x] >> 16);
			out[3 * x + 1] = (uint8_t)(row[x] >> 8);
			out[3 * x + 2] = (uint8_t)row[x];
		}
	}
	int rc = media_encode_jpeg(&img, quality, jpeg, jpeg_len);
	media_image_free(&img);
	return rc;
}

