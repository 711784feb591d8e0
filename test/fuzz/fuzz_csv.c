/* csv_cell(), csv_int() and csv_end_row() (csv.h): the input split at its NUL
 * bytes into the cells of one row, then its first 8 bytes as an integer cell,
 * read back by an RFC 4180 reader written out here.  Properties: the row
 * reads back as exactly as many cells, each the original text, with an
 * apostrophe in front where a spreadsheet would see a formula; no cell as
 * read starts with a formula character; the integer reads back as itself. */
#include "fuzz.h"

#include "csv.h"

#include <stdbool.h>

/* Written out here from the rule in csv.h rather than taken from csv.c: a
 * spreadsheet runs a cell whose first character other than a space (U+0020,
 * U+3000) is = + - @ or their full-width forms, or that starts with TAB or
 * CR. */
static bool looks_like_formula(const char *s, size_t len)
{
	static const char *const full_width[] = { "\xef\xbc\x9d", "\xef\xbc\x8b", "\xef\xbc\x8d", "\xef\xbc\xa0" };
	if (len > 0 && (s[0] == '\t' || s[0] == '\r'))
		return true;
	size_t i = 0;
	while (i < len && (s[i] == ' ' || (len - i >= 3 && memcmp(s + i, "\xe3\x80\x80", 3) == 0)))
		i += s[i] == ' ' ? 1 : 3;
	if (i < len && strchr("=+-@\t\r", s[i]) && s[i] != '\0')
		return true;
	for (size_t k = 0; k < sizeof full_width / sizeof full_width[0]; k++)
		if (len - i >= 3 && memcmp(s + i, full_width[k], 3) == 0)
			return true;
	return false;
}

/* Reads one cell of row at *pos into cell (emptied first); false if the text
 * is not RFC 4180.  *pos ends on the ',' or the "\r\n" after the cell. */
static bool read_cell(const struct buf *row, size_t *pos, struct buf *cell)
{
	const char *s = row->data;
	size_t i = *pos;
	buf_reset(cell, 0);
	if (i < row->len && s[i] == '"') {
		for (i++;; i++) {
			if (i >= row->len)
				return false;   /* no closing quote */
			if (s[i] == '"') {
				if (i + 1 < row->len && s[i + 1] == '"')
					i++;    /* "" stands for one quote */
				else
					break;
			}
			buf_append(cell, &s[i], 1);
		}
		i++;   /* past the closing quote */
	} else {
		size_t n = strcspn(s + i, ",\"\r\n");
		buf_append(cell, s + i, n);
		i += n;
	}
	*pos = i;
	return i < row->len && (s[i] == ',' || (s[i] == '\r' && i + 1 < row->len && s[i + 1] == '\n'));
}

static void check_cells(const uint8_t *data, size_t size)
{
	struct buf row = { 0 }, cell = { 0 }, expected = { 0 };
	size_t cells = 0;
	for (size_t start = 0; start <= size; cells++) {
		const uint8_t *nul = memchr(data + start, '\0', size - start);
		size_t len = (nul ? (size_t)(nul - data) : size) - start;
		char *text = fuzz_strndup(data + start, len);
		csv_cell(&row, text, cells == 0);
		free(text);
		start += len + 1;
	}
	csv_end_row(&row);

	size_t pos = 0, start = 0;
	for (size_t i = 0; i < cells; i++) {
		FUZZ_CHECK(read_cell(&row, &pos, &cell));
		FUZZ_CHECK(!looks_like_formula(buf_str(&cell), cell.len));
		const uint8_t *nul = memchr(data + start, '\0', size - start);
		size_t len = (nul ? (size_t)(nul - data) : size) - start;
		buf_reset(&expected, 0);
		if (looks_like_formula((const char *)data + start, len))
			buf_puts(&expected, "'");
		buf_append(&expected, data + start, len);
		FUZZ_CHECK(cell.len == expected.len && memcmp(buf_str(&cell), buf_str(&expected), cell.len) == 0);
		start += len + 1;
		bool last = i + 1 == cells;
		FUZZ_CHECK(row.data[pos] == (last ? '\r' : ','));
		pos += last ? 2 : 1;
	}
	FUZZ_CHECK(pos == row.len);
	buf_free(&expected);
	buf_free(&cell);
	buf_free(&row);
}

static void check_int(const uint8_t *data, size_t size)
{
	int64_t v = 0;
	memcpy(&v, data, size < sizeof v ? size : sizeof v);
	struct buf row = { 0 };
	csv_int(&row, v, false);
	FUZZ_CHECK(row.len >= 2 && row.data[0] == ',');
	char *end = NULL;
	FUZZ_CHECK(strtoll(row.data + 1, &end, 10) == v && *end == '\0');
	buf_free(&row);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_cells(data, size);
	check_int(data, size);
	return 0;
}
