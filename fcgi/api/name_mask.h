#ifndef WALK_NAME_MASK_H
#define WALK_NAME_MASK_H
/* How a participant's name appears to other participants on every board
 * (RULES §6, §12). */
#include "arena.h"

/* "张**": the family name and a star per other character, in the arena
 * ("" for a name that is not text). */
char *masked_name(struct arena *a, const char *name);

#endif
