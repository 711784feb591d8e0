#include "csv.h"

#include <string.h>

void csv_cell(struct buf *b, const char *s, bool first)
{
	if (!first)
		buf_puts(b, ",");
	bool formula = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		buf_puts(b, s);
		return;
	}
	buf_puts(b, formula ? "\"'" : "\"");
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_puts(b, "\"\"");
		else
			buf_append(b, p, 1);
	}
	buf_puts(b, "\"");
}

void csv_int(struct buf *b, int64_t v, bool first)
{
	buf_printf(b, first ? "%lld" : ",%lld", (long long)v);
}

void csv_end_row(struct buf *b)
{
	buf_puts(b, "\r\n");
}
