/* EXIF orientation: reading it (libexif) and applying it; shrinking (media_image.h). */
#include "media_image.h"

#include <libexif/exif-data.h>
#include <stdlib.h>
#include <string.h>

int media_exif_orientation(const uint8_t *p, size_t n)
{
	ExifData *ed = exif_data_new_from_data(p, (unsigned int)n);
	if (!ed)
		return 1;
	int o = 1;
	ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
	if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1 && e->size >= 2)
		o = exif_get_short(e->data, exif_data_get_byte_order(ed));
	exif_data_unref(ed);
	return o >= 1 && o <= 8 ? o : 1;
}

/* Where the upright picture's pixel (x, y) comes from in the stored one of
 * w x h, for EXIF orientation o (2-8: mirrors and quarter turns). */
static void source_of(int o, int w, int h, int x, int y, int *sx, int *sy)
{
	switch (o) {
	case 2: *sx = w - 1 - x; *sy = y; break;               /* mirrored */
	case 3: *sx = w - 1 - x; *sy = h - 1 - y; break;       /* upside down */
	case 4: *sx = x; *sy = h - 1 - y; break;               /* mirrored upside down */
	case 5: *sx = y; *sy = x; break;                       /* transposed */
	case 6: *sx = y; *sy = h - 1 - x; break;               /* needs a quarter turn clockwise */
	case 7: *sx = w - 1 - y; *sy = h - 1 - x; break;       /* transversed */
	default: *sx = w - 1 - y; *sy = x; break;              /* 8: a quarter turn anticlockwise */
	}
}

int media_orient(struct media_image *img, int o)
{
	if (o < 2 || o > 8)
		return 0;
	int w = img->width, h = img->height;
	int ow = o >= 5 ? h : w, oh = o >= 5 ? w : h;
	uint8_t *dst = malloc((size_t)ow * oh * 3);
	if (!dst)
		return -1;
	for (int y = 0; y < oh; y++) {
		for (int x = 0; x < ow; x++) {
			int sx, sy;
			source_of(o, w, h, x, y, &sx, &sy);
			memcpy(dst + ((size_t)y * ow + x) * 3, img->rgb + ((size_t)sy * w + sx) * 3, 3);
		}
	}
	free(img->rgb);
	img->rgb = dst;
	img->width = ow;
	img->height = oh;
	return 0;
}

int media_shrink(struct media_image *img, int max_side)
{
	int w = img->width, h = img->height, big = w > h ? w : h;
	if (big <= max_side)
		return 0;
	int ow = (int)((int64_t)w * max_side / big), oh = (int)((int64_t)h * max_side / big);
	ow = ow < 1 ? 1 : ow;
	oh = oh < 1 ? 1 : oh;
	uint8_t *dst = malloc((size_t)ow * oh * 3);
	if (!dst)
		return -1;
	for (int y = 0; y < oh; y++) {
		int ya = (int)((int64_t)y * h / oh), yb = (int)((int64_t)(y + 1) * h / oh);
		yb = yb > ya ? yb : ya + 1;
		for (int x = 0; x < ow; x++) {
			int xa = (int)((int64_t)x * w / ow), xb = (int)((int64_t)(x + 1) * w / ow);
			xb = xb > xa ? xb : xa + 1;
			uint32_t sum[3] = { 0, 0, 0 }, n = 0;
			for (int yy = ya; yy < yb; yy++) {
				const uint8_t *p = img->rgb + ((size_t)yy * w + xa) * 3;
				for (int xx = xa; xx < xb; xx++, p += 3, n++) {
					sum[0] += p[0];
					sum[1] += p[1];
					sum[2] += p[2];
				}
			}
			uint8_t *o = dst + ((size_t)y * ow + x) * 3;
			for (int c = 0; c < 3; c++)
				o[c] = (uint8_t)(sum[c] / n);
		}
	}
	free(img->rgb);
	img->rgb = dst;
	img->width = ow;
	img->height = oh;
	return 0;
}
