/* Decoding JPEG and PNG, encoding JPEG (media_image.h). */
#include "media_image.h"

#include <stdio.h>   /* before jpeglib.h, which uses FILE */

#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void media_image_free(struct media_image *img)
{
	free(img->rgb);
	img->rgb = NULL;
	img->width = img->height = 0;
}

/* ------------------------------------------------------------------ JPEG */

/* libjpeg reports errors through error_exit, which must not return: it
 * jumps back.  Warnings (a truncated file's "premature end of data", corrupt
 * entropy data) are counted: the decoder would fill the rest with grey, and
 * such a photo is refused rather than posted. */
struct jpeg_guard {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	int warnings;
};

static void jpeg_fail(j_common_ptr cinfo)
{
	longjmp(((struct jpeg_guard *)cinfo->err)->jump, 1);
}

static void jpeg_note(j_common_ptr cinfo, int level)
{
	if (level < 0)
		((struct jpeg_guard *)cinfo->err)->warnings++;
}

static enum media_decode_result decode_jpeg(const uint8_t *p, size_t n, struct media_image *out)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_guard guard;
	/* volatile: read after a longjmp */
	uint8_t *volatile rgb = NULL;
	cinfo.err = jpeg_std_error(&guard.mgr);
	guard.mgr.error_exit = jpeg_fail;
	guard.mgr.emit_message = jpeg_note;
	guard.warnings = 0;
	if (setjmp(guard.jump)) {
		jpeg_destroy_decompress(&cinfo);
		free(rgb);
		return MEDIA_DECODE_CORRUPT;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, p, (unsigned long)n);
	jpeg_read_header(&cinfo, TRUE);
	if (cinfo.image_width > MEDIA_MAX_SIDE || cinfo.image_height > MEDIA_MAX_SIDE) {
		jpeg_destroy_decompress(&cinfo);
		return MEDIA_DECODE_TOO_LARGE;
	}
	cinfo.out_color_space = JCS_RGB;
	jpeg_start_decompress(&cinfo);
	size_t stride = (size_t)cinfo.output_width * 3;
	rgb = malloc(stride * cinfo.output_height);
	if (!rgb || cinfo.output_components != 3) {
		jpeg_destroy_decompress(&cinfo);
		free(rgb);
		return rgb ? MEDIA_DECODE_CORRUPT : MEDIA_DECODE_NOMEM;
	}
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW row = rgb + stride * cinfo.output_scanline;
		jpeg_read_scanlines(&cinfo, &row, 1);
	}
	jpeg_finish_decompress(&cinfo);
	out->width = (int)cinfo.output_width;
	out->height = (int)cinfo.output_height;
	jpeg_destroy_decompress(&cinfo);
	if (guard.warnings > 0) {
		free(rgb);
		return MEDIA_DECODE_CORRUPT;
	}
	out->rgb = rgb;
	return MEDIA_DECODE_OK;
}

/* ------------------------------------------------------------------- PNG */

struct png_source {
	const uint8_t *p;
	size_t n, at;
};

static void png_read_mem(png_structp png, png_bytep data, size_t len)
{
	struct png_source *src = png_get_io_ptr(png);
	if (src->n - src->at < len)
		png_error(png, "truncated");
	memcpy(data, src->p + src->at, len);
	src->at += len;
}

/* libpng's errors jump back to decode_png's setjmp without a word: a bad
 * upload is the participant's answer, not a line in the worker's log. */
static void png_fail(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static enum media_decode_result decode_png(const uint8_t *p, size_t n, struct media_image *out)
{
	struct png_source src = { p, n, 0 };
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	uint8_t *volatile rgb = NULL;
	png_bytep *volatile rows = NULL;
	if (!info) {
		png_destroy_read_struct(&png, NULL, NULL);
		return MEDIA_DECODE_NOMEM;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_read_struct(&png, &info, NULL);
		free(rgb);
		free(rows);
		return MEDIA_DECODE_CORRUPT;
	}
	/* The header check came first; libpng's own limit is a second fence. */
	png_set_user_limits(png, MEDIA_MAX_SIDE, MEDIA_MAX_SIDE);
	png_set_read_fn(png, &src, png_read_mem);
	png_read_info(png, info);
	png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
	int type = png_get_color_type(png, info);
	png_set_expand(png);
	png_set_strip_16(png);
	png_set_gray_to_rgb(png);
	if ((type & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS)) {
		/* Transparent areas are shown on white, as a viewer would. */
		png_color_16 white = { 0, 255, 255, 255, 255 };
		png_set_background(png, &white, PNG_BACKGROUND_GAMMA_SCREEN, 0, 1.0);
	}
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
	size_t stride = (size_t)w * 3;
	if (png_get_rowbytes(png, info) != stride)
		png_error(png, "unexpected row size");
	rgb = malloc(stride * h);
	rows = malloc(sizeof(png_bytep) * h);
	if (!rgb || !rows)
		png_error(png, "out of memory");
	for (png_uint_32 y = 0; y < h; y++)
		rows[y] = rgb + stride * y;
	png_read_image(png, rows);
	png_read_end(png, NULL);
	png_destroy_read_struct(&png, &info, NULL);
	free(rows);
	out->width = (int)w;
	out->height = (int)h;
	out->rgb = rgb;
	return MEDIA_DECODE_OK;
}

enum media_decode_result media_decode(const uint8_t *p, size_t n, struct media_image *out)
{
	memset(out, 0, sizeof *out);
	struct media_header h;
	switch (media_read_header(p, n, &h)) {
	case MEDIA_HEADER_OK:
		break;
	case MEDIA_HEADER_UNKNOWN:
		return MEDIA_DECODE_UNKNOWN;
	case MEDIA_HEADER_TOO_LARGE:
		return MEDIA_DECODE_TOO_LARGE;
	default:
		return MEDIA_DECODE_CORRUPT;
	}
	enum media_decode_result r = h.format == MEDIA_JPEG ? decode_jpeg(p, n, out) : decode_png(p, n, out);
	if (r == MEDIA_DECODE_OK && ((uint32_t)out->width != h.width || (uint32_t)out->height != h.height)) {
		media_image_free(out);   /* the header lied about what followed */
		r = MEDIA_DECODE_CORRUPT;
	}
	if (r == MEDIA_DECODE_OK && h.format == MEDIA_JPEG && media_orient(out, media_exif_orientation(p, n)) != 0) {
		media_image_free(out);
		r = MEDIA_DECODE_NOMEM;
	}
	return r;
}

/* ------------------------------------------------------------ encoding */

int media_encode_jpeg(const struct media_image *img, int quality, uint8_t **out, size_t *out_len)
{
	struct jpeg_compress_struct cinfo;
	struct jpeg_guard guard;
	/* Its address is given to libjpeg, which grows it: it lives in memory, and
	 * holds the current buffer when an error jumps back. */
	unsigned char *dest = NULL;
	unsigned long len = 0;
	*out = NULL;
	*out_len = 0;
	cinfo.err = jpeg_std_error(&guard.mgr);
	guard.mgr.error_exit = jpeg_fail;
	guard.mgr.emit_message = jpeg_note;
	if (setjmp(guard.jump)) {
		jpeg_destroy_compress(&cinfo);
		free(dest);
		return -1;
	}
	jpeg_create_compress(&cinfo);
	jpeg_mem_dest(&cinfo, &dest, &len);
	cinfo.image_width = (JDIMENSION)img->width;
	cinfo.image_height = (JDIMENSION)img->height;
	cinfo.input_components = 3;
	cinfo.in_color_space = JCS_RGB;
	jpeg_set_defaults(&cinfo);
	jpeg_set_quality(&cinfo, quality, TRUE);
	cinfo.optimize_coding = TRUE;
	jpeg_start_compress(&cinfo, TRUE);
	size_t stride = (size_t)img->width * 3;
	while (cinfo.next_scanline < cinfo.image_height) {
		JSAMPROW row = img->rgb + stride * cinfo.next_scanline;
		jpeg_write_scanlines(&cinfo, &row, 1);
	}
	jpeg_finish_compress(&cinfo);
	jpeg_destroy_compress(&cinfo);
	*out = dest;
	*out_len = len;
	return 0;
}
