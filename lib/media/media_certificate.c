/* The certificate of a themed walk (media_certificate.h). */
#include "media_certificate.h"
#include "media_draw.h"
#include "media_poster.h"

#include <stdio.h>

extern const char walk_certificate_svg[];
extern const size_t walk_certificate_svg_len;

enum { CERTIFICATE_QUALITY = 88 };

_Static_assert((int)CERTIFICATE_WIDTH == (int)POSTER_WIDTH, "media_text_line centres on the poster's width");

void media_certificate_goal(const struct rules_walk_plan *p, char *out, size_t size)
{
	char steps[32];
	media_thousands(p->goal_steps, steps, sizeof steps);
	if (p->goal == RULES_WALK_TOTAL)
		snprintf(out, size, "累计%s步", steps);
	else
		snprintf(out, size, "%lld天每天%s步以上", (long long)p->goal_days, steps);
}

static void draw_texts(cairo_t *cr, const struct certificate_text *t, int *missing)
{
	char line[512], steps[32], goal[128];
	media_certificate_goal(t->plan, goal, sizeof goal);
	media_text_line(cr, "与祖国同行", 96, 72, true, 1, 1, 1, missing);
	media_text_line(cr, "主题健步走 · 完成证书", 200, 38, false, 1, 0.93, 0.75, missing);
	media_text_line(cr, t->walk, 380, 56, true, 0.62, 0.08, 0.08, missing);
	snprintf(line, sizeof line, "%s", t->name);
	media_text_line(cr, line, 520, 80, true, 0.15, 0.15, 0.15, missing);
	media_text_line(cr, t->union_name, 640, 36, false, 0.35, 0.35, 0.35, missing);
	snprintf(line, sizeof line, "于%s完成目标：%s", t->date, goal);
	media_text_line(cr, line, 760, 36, false, 0.2, 0.2, 0.2, missing);
	media_thousands(t->steps, steps, sizeof steps);
	snprintf(line, sizeof line, "计入步数 %s 步 · 健走 %lld 天", steps, (long long)t->days);
	media_text_line(cr, line, 840, 36, false, 0.2, 0.2, 0.2, missing);
	media_text_line(cr, "特发此证，以资鼓励", 960, 34, false, 0.45, 0.3, 0.1, missing);
}

int media_certificate(const struct certificate_text *t, uint8_t **jpeg, size_t *jpeg_len, int *missing_glyphs)
{
	*jpeg = NULL;
	*jpeg_len = 0;
	int missing = 0;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, CERTIFICATE_WIDTH, CERTIFICATE_HEIGHT);
	cairo_t *cr = cairo_create(s);
	int rc = -1;
	if (cairo_status(cr) == CAIRO_STATUS_SUCCESS &&
	    media_draw_svg(cr, walk_certificate_svg, walk_certificate_svg_len, CERTIFICATE_WIDTH, CERTIFICATE_HEIGHT)) {
		draw_texts(cr, t, &missing);
		if (cairo_status(cr) == CAIRO_STATUS_SUCCESS)
			rc = media_encode_surface(s, CERTIFICATE_WIDTH, CERTIFICATE_HEIGHT, CERTIFICATE_QUALITY, jpeg, jpeg_len);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	if (missing_glyphs)
		*missing_glyphs = missing;
	return rc;
}
