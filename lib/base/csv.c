#include "csv.h"

#include <string.h>

/* The characters after which a spreadsheet reads a cell as a formula, the
 * full-width forms included (Excel and WPS take "＝1+1" as "=1+1"). */
static bool starts_formula(const char *s)
{
	static const char *const full_width[] = { "\xef\xbc\x9d", "\xef\xbc\x8b", "\xef\xbc\x8d", "\xef\xbc\xa0" };
	if (*s == '\t' || *s == '\r')
		return true;
	for (;;) {   /* a leading space hides nothing: the spreadsheet skips it */
		if (*s == ' ')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)   /* U+3000, the ideographic space */
			s += 3;
		else
			break;
	}
	if (*s != '\0' && strchr("=+-@\t\r", *s))
		return true;
	for (size_t i = 0; i < sizeof full_width / sizeof full_width[0]; i++)
		if (strncmp(s, full_width[i], 3) == 0)
			return true;
	return false;
}

void csv_cell(struct buf *b, const char *s, bool first)
{
	if (!first)
		buf_puts(b, ",");
	bool formula = starts_formula(s);
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
