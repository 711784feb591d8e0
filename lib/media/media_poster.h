#ifndef WALK_MEDIA_POSTER_H
#define WALK_MEDIA_POSTER_H
/*
 * A checkpoint's poster (RULES §7): the checkpoint's template (an SVG of its
 * landmark, lib/media/templates/, compiled into the programs), the photo, the
 * participant's name, the checkpoint and its landmark, the date and the
 * cumulative steps, set in a CJK font (Noto Sans CJK SC, else WenQuanYi Micro
 * Hei), composed with cairo, pango and librsvg and encoded as a JPEG of
 * POSTER_WIDTH x POSTER_HEIGHT.
 */
#include "media_image.h"

#include <stddef.h>
#include <stdint.h>

enum { POSTER_WIDTH = 1080, POSTER_HEIGHT = 1440, POSTER_TEMPLATES = 13 };

struct poster_text {
	int seq;                 /* the checkpoint, 1-based: picks the template */
	const char *checkpoint;  /* 西安 */
	const char *landmark;    /* 大雁塔 */
	const char *name;        /* the participant's name as enrolled */
	const char *date;        /* 2019年7月5日 */
	int64_t steps;           /* cumulative counted steps */
};

/* The SVG of template seq (1..POSTER_TEMPLATES; others wrap around), and its
 * length (poster_templates.c, generated). */
const char *poster_template(int seq, size_t *len);

/* Composes the poster into a malloc'ed JPEG.  *missing_glyphs (may be NULL)
 * gets how many characters the fonts could not draw (0 unless the CJK font
 * is missing).  Returns 0, or -1 (a template that does not render, out of
 * memory). */
int media_poster(const struct media_image *photo, const struct poster_text *t, uint8_t **jpeg,
                 size_t *jpeg_len, int *missing_glyphs);

#endif
