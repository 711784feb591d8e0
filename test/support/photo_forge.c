/* Test images (photo_forge.h). */
#include "photo_forge.h"

#include <stdio.h>   /* before jpeglib.h */

#include <jpeglib.h>
#include <libexif/exif-data.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

static void paint(uint8_t *rgb, int w, int h)
{
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint8_t *p = rgb + ((size_t)y * w + x) * 3;
			p[0] = x < w / 2 ? 230 : 20;
			p[1] = 20;
			p[2] = x < w / 2 ? 20 : 230;
		}
}

static ExifEntry *add_entry(ExifData *ed, ExifIfd ifd, ExifTag tag, ExifFormat format, unsigned long components)
{
	ExifMem *mem = exif_mem_new_default();
	ExifEntry *e = exif_entry_new_mem(mem);
	e->tag = tag;
	e->format = format;
	e->components = components;
	e->size = (unsigned int)(exif_format_get_size(format) * components);
	e->data = exif_mem_alloc(mem, e->size);
	exif_content_add_entry(ed->ifd[ifd], e);
	exif_mem_unref(mem);
	exif_entry_unref(e);
	return e;   /* owned by its IFD now */
}

static void rationals(ExifData *ed, ExifEntry *e, const unsigned *num)
{
	for (int i = 0; i < 3; i++)
		exif_set_rational(e->data + 8 * i, exif_data_get_byte_order(ed), (ExifRational){ num[i], 1 });
}

/* The EXIF block (starting "Exif\0\0"), malloc'ed by libexif. */
static void make_exif(int orientation, bool gps, unsigned char **buf, unsigned int *len)
{
	ExifData *ed = exif_data_new();
	exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_INTEL);
	ExifEntry *o = add_entry(ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION, EXIF_FORMAT_SHORT, 1);
	exif_set_short(o->data, EXIF_BYTE_ORDER_INTEL, (ExifShort)orientation);
	if (gps) {
		ExifEntry *ref = add_entry(ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LATITUDE_REF, EXIF_FORMAT_ASCII, 2);
		memcpy(ref->data, "N", 2);
		rationals(ed, add_entry(ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LATITUDE, EXIF_FORMAT_RATIONAL, 3),
		          (const unsigned[]){ 34, 15, 0 });
		ref = add_entry(ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LONGITUDE_REF, EXIF_FORMAT_ASCII, 2);
		memcpy(ref->data, "E", 2);
		rationals(ed, add_entry(ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LONGITUDE, EXIF_FORMAT_RATIONAL, 3),
		          (const unsigned[]){ 108, 57, 0 });
	}
	exif_data_save_data(ed, buf, len);
	exif_data_unref(ed);
}

int forge_jpeg(int w, int h, int orientation, bool gps, uint8_t **out, size_t *len)
{
	uint8_t *rgb = malloc((size_t)w * h * 3);
	if (!rgb)
		return -1;
	paint(rgb, w, h);
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	unsigned char *mem = NULL;
	unsigned long mlen = 0;
	jpeg_mem_dest(&c, &mem, &mlen);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 92, TRUE);
	jpeg_start_compress(&c, TRUE);
	if (orientation) {
		unsigned char *exif = NULL;
		unsigned int elen = 0;
		make_exif(orientation, gps, &exif, &elen);
		jpeg_write_marker(&c, JPEG_APP0 + 1, exif, elen);
		free(exif);
	}
	while (c.next_scanline < c.image_height) {
		JSAMPROW row = rgb + (size_t)c.next_scanline * w * 3;
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(rgb);
	*out = mem;
	*len = mlen;
	return 0;
}

struct png_sink {
	uint8_t *p;
	size_t n, cap;
};

static void sink_write(png_structp png, png_bytep data, size_t n)
{
	struct png_sink *s = png_get_io_ptr(png);
	if (s->n + n > s->cap) {
		s->cap = (s->n + n) * 2;
		s->p = realloc(s->p, s->cap);
	}
	memcpy(s->p + s->n, data, n);
	s->n += n;
}

static void sink_flush(png_structp png)
{
	(void)png;
}

int forge_png(int w, int h, uint8_t **out, size_t *len)
{
	uint8_t *rgb = malloc((size_t)w * h * 3);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	struct png_sink s = { 0 };
	paint(rgb, w, h);
	png_set_write_fn(png, &s, sink_write, sink_flush);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < h; y++)
		png_write_row(png, rgb + (size_t)y * w * 3);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(rgb);
	*out = s.p;
	*len = s.n;
	return 0;
}

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
	}
	return ~c;
}

static size_t chunk(uint8_t *out, const char *type, const uint8_t *data, uint32_t n)
{
	out[0] = (uint8_t)(n >> 24), out[1] = (uint8_t)(n >> 16), out[2] = (uint8_t)(n >> 8), out[3] = (uint8_t)n;
	memcpy(out + 4, type, 4);
	if (n)
		memcpy(out + 8, data, n);
	uint32_t c = crc32_of(out + 4, n + 4);
	out[8 + n] = (uint8_t)(c >> 24), out[9 + n] = (uint8_t)(c >> 16), out[10 + n] = (uint8_t)(c >> 8);
	out[11 + n] = (uint8_t)c;
	return 12 + n;
}

size_t forge_png_header(uint32_t w, uint32_t h, uint8_t *out)
{
	static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	uint8_t ihdr[13] = { (uint8_t)(w >> 24), (uint8_t)(w >> 16), (uint8_t)(w >> 8), (uint8_t)w,
		                 (uint8_t)(h >> 24), (uint8_t)(h >> 16), (uint8_t)(h >> 8), (uint8_t)h,
		                 8, 2, 0, 0, 0 };
	/* A zlib stream of a few zero bytes: what a "bomb" would inflate from. */
	static const uint8_t idat[] = { 0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01 };
	size_t n = 0;
	memcpy(out, sig, sizeof sig);
	n += sizeof sig;
	n += chunk(out + n, "IHDR", ihdr, sizeof ihdr);
	n += chunk(out + n, "IDAT", idat, sizeof idat);
	n += chunk(out + n, "IEND", NULL, 0);
	return n;
}

bool forge_has_exif(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 6 <= n; i++)
		if (memcmp(p + i, "Exif\0\0", 6) == 0)
			return true;
	return false;
}
