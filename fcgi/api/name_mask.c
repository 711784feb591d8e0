/* Names on the boards (name_mask.h). */
#include "name_mask.h"

#include "validate.h"

#include <string.h>

/* "张**": the family name and a star per other character (RULES §12: no
 * more of other people than the boards need). */
char *masked_name(struct arena *a, const char *name)
{
	size_t chars = 0;
	valid_text(name, &chars);
	const unsigned char *p = (const unsigned char *)name;
	size_t first = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
	if (chars == 0 || first > strlen(name))
		return arena_strdup(a, "");
	char *out = arena_alloc(a, first + chars);
	memcpy(out, name, first);
	memset(out + first, '*', chars - 1);
	out[first + chars - 1] = '\0';
	return out;
}
