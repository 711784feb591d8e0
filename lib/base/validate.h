#ifndef WALK_VALIDATE_H
#define WALK_VALIDATE_H
/*
 * Validation of what participants type (RULES §11):
 * strings are checked, never rewritten — what passes is stored exactly as sent.
 */
#include <stdbool.h>
#include <stddef.h>

/* A union's code (schema/002_reference_data.sql: a few ASCII letters) with
 * its NUL; a longer code in the database is a bug, cut to fit where read. */
enum { UNION_CODE_SIZE = 16 };

/* Well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF) and
 * no control characters (C0, DEL, C1).  *chars (if not NULL) gets the number
 * of code points. */
bool valid_text(const char *s, size_t *chars);
/* A real name: 2 to 20 characters, each a CJK ideograph (U+3400–U+4DBF,
 * U+4E00–U+9FFF, U+F900–U+FAFF, U+20000–U+3134F) or the middle dot of
 * minority names (U+00B7 or U+30FB), a dot neither first nor last nor doubled. */
bool valid_real_name(const char *s);
/* A mainland mobile number: 11 ASCII digits, 1[3-9]xxxxxxxxx. */
bool valid_mobile(const char *s);
/* Free text of min..max characters (valid_text), not only white space when
 * min > 0. */
bool valid_free_text(const char *s, size_t min, size_t max);
/* A name others will read (a team's, a work unit's): free text as above that
 * also holds no invisible or direction-changing formatting character
 * (zero-width spaces and joiners, bidirectional embeddings, overrides and
 * isolates, soft hyphen, word joiner, byte-order mark, fillers, variation
 * selectors, tags), so that two names that look the same are the same. */
bool valid_name(const char *s, size_t min, size_t max);
/* A JSON text as the API accepts it, before cJSON reads its grammar:
 * well-formed UTF-8 (RFC 8259 §8.1), no NUL byte, no raw byte below 0x20
 * inside a string (RFC 8259 §7; cJSON would keep it), and no \u0000 escape
 * (cJSON would cut the string there, storing something other than what was
 * sent). */
bool valid_json_text(const char *s, size_t len);

#endif
