#include "store_awards_import.h"

#include "validate.h"

#include <stdlib.h>
#include <string.h>

enum { CELLS = 3 };

struct cursor {
	const char *p, *end;
};

/* One cell into out (at most SHIPPING_CELL_MAX bytes): false when it is too
 * long or its quotes are broken.  Leaves the cursor on the separator or the
 * line's end. */
static bool read_cell(struct cursor *c, char out[SHIPPING_CELL_MAX + 1])
{
	size_t n = 0;
	bool quoted = c->p < c->end && *c->p == '"';
	if (quoted)
		c->p++;
	while (c->p < c->end) {
		char ch = *c->p;
		if (quoted && ch == '"') {
			if (c->p + 1 < c->end && c->p[1] == '"') {
				c->p++;
			} else {
				c->p++;
				quoted = false;
				break;
			}
		} else if (!quoted && (ch == ',' || ch == '\n' || ch == '\r')) {
			break;
		} else if (ch == '\0') {
			return false;
		}
		if (n == SHIPPING_CELL_MAX)
			return false;
		out[n++] = *c->p++;
	}
	out[n] = '\0';
	if (quoted)
		return false;   /* the file ended inside quotes */
	return c->p == c->end || *c->p == ',' || *c->p == '\n' || *c->p == '\r';
}

static void skip_line(struct cursor *c)
{
	while (c->p < c->end && *c->p != '\n')
		c->p++;
	if (c->p < c->end)
		c->p++;
}

/* The cells of one line: their number, or -1 when a cell is malformed (the
 * rest of the line is skipped). */
static int read_line(struct cursor *c, char cells[CELLS][SHIPPING_CELL_MAX + 1])
{
	int n = 0;
	char extra[SHIPPING_CELL_MAX + 1];
	for (;;) {
		if (!read_cell(c, n < CELLS ? cells[n] : extra)) {
			skip_line(c);
			return -1;
		}
		n++;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		skip_line(c);
		return n;
	}
}

bool shipping_valid_tracking(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	return len >= 6 && len <= 40 &&
	       strspn(s, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-") == len;
}

static bool parse_id(const char *s, int64_t *out)
{
	if (!*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s) || *s == '0')
		return false;
	*out = strtoll(s, NULL, 10);
	return true;
}

static const char *check_line(char cells[CELLS][SHIPPING_CELL_MAX + 1], int n, struct shipping_line *l)
{
	if (n < 0)
		return "格式错误（引号不配对或单元格过长）";
	if (n != CELLS)
		return "每行须为三列：奖项ID,快递公司,快递单号";
	if (!parse_id(cells[0], &l->award_id))
		return "奖项ID须为正整数";
	if (!valid_free_text(cells[1], 1, 32))
		return "快递公司须为1到32个字";
	if (!shipping_valid_tracking(cells[2]))
		return "快递单号须为6到40位字母、数字或-";
	memcpy(l->courier, cells[1], sizeof l->courier);
	memcpy(l->tracking, cells[2], sizeof l->tracking);
	return NULL;
}

bool shipping_import_parse(const char *data, size_t len, void (*ok)(const struct shipping_line *l, void *arg),
                           void (*bad)(int64_t line, const char *message, void *arg), void *arg)
{
	struct cursor c = { data, data + len };
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		c.p += 3;
	int64_t line = 0;
	while (c.p < c.end) {
		line++;
		if (line > SHIPPING_IMPORT_MAX_LINES) {
			bad(0, "文件超过5000行，请分批导入", arg);
			return false;
		}
		if (*c.p == '\n' || *c.p == '\r') {
			skip_line(&c);
			continue;
		}
		char cells[CELLS][SHIPPING_CELL_MAX + 1] = { { 0 } };
		int n = read_line(&c, cells);
		int64_t first;
		if (line == 1 && n > 0 && !parse_id(cells[0], &first) && strspn(cells[0], "0123456789") == 0)
			continue;   /* the headings */
		struct shipping_line l = { .line = line };
		const char *problem = check_line(cells, n, &l);
		if (problem)
			bad(line, problem, arg);
		else
			ok(&l, arg);
	}
	return true;
}
