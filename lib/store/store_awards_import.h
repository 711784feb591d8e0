#ifndef WALK_STORE_AWARDS_IMPORT_H
#define WALK_STORE_AWARDS_IMPORT_H
/*
 * The shipping CSV an admin imports (untrusted input): one parcel a line,
 * "award_id,courier,tracking", as Excel saves it (an optional UTF-8 BOM,
 * CRLF or LF, cells in double quotes with "" inside); an optional first line
 * of headings (its first cell not a number); empty lines skipped.  Each line
 * is checked on its own: the award id a positive integer, the courier 1 to 32
 * characters, the tracking number 6 to 40 letters, digits or '-'.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { SHIPPING_IMPORT_MAX_LINES = 5000, SHIPPING_CELL_MAX = 128 };

struct shipping_line {
	int64_t line;       /* from 1, as the file numbers it */
	int64_t award_id;
	char courier[SHIPPING_CELL_MAX + 1], tracking[SHIPPING_CELL_MAX + 1];
};

/* A tracking number: 6 to 40 letters, digits or '-'. */
bool shipping_valid_tracking(const char *s);

/* Reads data (len bytes): ok(line, arg) for each good line, bad(line,
 * message, arg) for each bad one (message is static).  Returns false when the
 * file as a whole is unusable (more than SHIPPING_IMPORT_MAX_LINES lines), after
 * one call of bad with line 0. */
bool shipping_import_parse(const char *data, size_t len, void (*ok)(const struct shipping_line *l, void *arg),
                           void (*bad)(int64_t line, const char *message, void *arg), void *arg);

#endif
