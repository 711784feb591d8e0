#ifndef WALK_CSV_H
#define WALK_CSV_H
/*
 * CSV for the admins' exports, as Excel reads it: UTF-8 with a byte-order
 * mark (without one, Excel takes the file for the local code page and the
 * Chinese turns to garbage), comma-separated, CRLF line ends, RFC 4180
 * quoting.  A cell that a spreadsheet would run as a formula (its first
 * character other than a space, the ideographic one included, is '=', '+',
 * '-', '@', their full-width forms, TAB or CR) gets a leading apostrophe:
 * participants type their unit and department themselves.
 */
#include "buf.h"

#include <stdbool.h>
#include <stdint.h>

/* The UTF-8 byte-order mark that starts the file. */
#define CSV_BOM "\xEF\xBB\xBF"

/* Appends one cell, preceded by a comma unless first. */
void csv_cell(struct buf *b, const char *s, bool first);
/* Appends one integer cell. */
void csv_int(struct buf *b, int64_t v, bool first);
/* Ends the row (CRLF). */
void csv_end_row(struct buf *b);

#endif
