#ifndef WALK_MEDIA_CERTIFICATE_H
#define WALK_MEDIA_CERTIFICATE_H
/*
 * A themed walk's certificate (完成证书, README "Themed walks"): the walk's
 * template (lib/media/templates/walk_certificate.svg, compiled in), the
 * walk's name, the person, their union, the day they reached the goal and
 * their figures, set in the poster's CJK fonts, encoded as a JPEG of
 * CERTIFICATE_WIDTH x CERTIFICATE_HEIGHT.
 */
#include "rules_walk.h"

#include <stddef.h>
#include <stdint.h>

enum { CERTIFICATE_WIDTH = 1080, CERTIFICATE_HEIGHT = 1440 };

struct certificate_text {
	const char *walk;       /* the walk's name */
	const char *name;       /* the participant's name as enrolled */
	const char *union_name; /* 西安市总工会 */
	const char *date;       /* the day the goal was reached: 2019年7月5日 */
	const struct rules_walk_plan *plan;   /* the goal, in words on the page */
	int64_t steps;          /* counted steps over the walk */
	int64_t days;           /* days with counted steps */
};

/* The goal in words: "累计100,000步", "20天每天8,000步以上". */
void media_certificate_goal(const struct rules_walk_plan *p, char *out, size_t size);

/* Composes the certificate into a malloc'ed JPEG.  *missing_glyphs (may be
 * NULL) gets how many characters the fonts could not draw.  Returns 0 or -1. */
int media_certificate(const struct certificate_text *t, uint8_t **jpeg, size_t *jpeg_len, int *missing_glyphs);

#endif
