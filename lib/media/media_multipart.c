/* multipart/form-data, strictly (media_multipart.h). */
#include "media_multipart.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The first occurrence of needle (n > 0 bytes) in hay (len bytes), or NULL. */
static const char *find(const char *hay, size_t len, const char *needle, size_t n)
{
	const char *end = hay + len;
	for (const char *p = hay; (size_t)(end - p) >= n; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, n) == 0)
			return p;
	}
	return NULL;
}

/* RFC 2046 bchars: DIGIT / ALPHA / "'()+_,-./:=?" and space (not last). */
static bool is_bchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c && strchr("'()+_,-./:=? ", c) != NULL);
}

int multipart_is_form_data(const char *content_type)
{
	static const char type[] = "multipart/form-data";
	if (!content_type || strncasecmp(content_type, type, sizeof type - 1) != 0)
		return 0;
	char next = content_type[sizeof type - 1];
	return next == '\0' || next == ';' || next == ' ' || next == '\t';
}

/* The boundary parameter of content_type into out (NUL-terminated), quoted or
 * not; false when absent or invalid. */
static bool read_boundary(const char *content_type, char out[MULTIPART_MAX_BOUNDARY + 1])
{
	const char *p = strchr(content_type, ';');
	while (p) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9) == 0) {
			p += 9;
			bool quoted = *p == '"';
			p += quoted;
			size_t n = 0;
			while (p[n] && (quoted ? p[n] != '"' : p[n] != ';' && p[n] != ' ' && p[n] != '\t')) {
				if (n == MULTIPART_MAX_BOUNDARY || !is_bchar(p[n]))
					return false;
				out[n] = p[n];
				n++;
			}
			if (quoted && p[n] != '"')
				return false;
			out[n] = '\0';
			return n > 0 && out[n - 1] != ' ';
		}
		p = strchr(p, ';');
	}
	return false;
}

/* The value of parameter name (name="value" or name=token) in a
 * Content-Disposition line of len bytes into out; false when absent, badly
 * quoted or longer than outsize - 1. */
static bool disposition_param(const char *line, size_t len, const char *name, char *out, size_t outsize)
{
	size_t nlen = strlen(name);
	for (size_t i = 0; i + nlen + 1 < len; i++) {
		if (line[i] != ';')
			continue;
		size_t j = i + 1;
		while (j < len && (line[j] == ' ' || line[j] == '\t'))
			j++;
		if (j + nlen + 1 > len || strncasecmp(line + j, name, nlen) != 0 || line[j + nlen] != '=')
			continue;
		j += nlen + 1;
		size_t n = 0;
		if (j < len && line[j] == '"') {
			for (j++; j < len && line[j] != '"'; j++) {
				if (n + 1 >= outsize)
					return false;
				out[n++] = line[j];
			}
			if (j >= len)
				return false;   /* the quote is never closed */
		} else {
			for (; j < len && line[j] != ';' && line[j] != ' '; j++) {
				if (n + 1 >= outsize)
					return false;
				out[n++] = line[j];
			}
		}
		out[n] = '\0';
		return true;
	}
	return false;
}

struct part_head {
	bool form_data;
	bool has_name, has_filename;
	char name[64];
};

/* Reads the header lines in [p, end): each ends with CRLF, none is folded. */
static bool read_part_head(const char *p, const char *end, struct part_head *h)
{
	memset(h, 0, sizeof h[0]);
	while (p < end) {
		const char *eol = find(p, (size_t)(end - p), "\r\n", 2);
		if (!eol || eol == p || *p == ' ' || *p == '\t')
			return false;   /* no CRLF, an empty line inside, or a folded line */
		size_t len = (size_t)(eol - p);
		if (memchr(p, '\0', len))
			return false;
		static const char cd[] = "content-disposition:";
		if (len >= sizeof cd - 1 && strncasecmp(p, cd, sizeof cd - 1) == 0) {
			if (h->form_data)
				return false;   /* twice */
			const char *v = p + sizeof cd - 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			if ((size_t)(eol - v) < 9 || strncasecmp(v, "form-data", 9) != 0 ||
			    (v + 9 < eol && v[9] != ';' && v[9] != ' '))
				return false;
			char filename[256];
			h->form_data = true;
			h->has_name = disposition_param(v, (size_t)(eol - v), "name", h->name, sizeof h->name);
			h->has_filename = disposition_param(v, (size_t)(eol - v), "filename", filename, sizeof filename);
		}
		p = eol + 2;
	}
	return h->form_data && h->has_name;
}

enum multipart_result multipart_file(const char *content_type, const uint8_t *body, size_t len,
                                     const char *field, const uint8_t **data, size_t *data_len)
{
	*data = NULL;
	*data_len = 0;
	if (!multipart_is_form_data(content_type))
		return MULTIPART_NOT_MULTIPART;
	char boundary[MULTIPART_MAX_BOUNDARY + 1];
	if (!read_boundary(content_type, boundary))
		return MULTIPART_BAD_BOUNDARY;
	/* "\r\n--" boundary: the delimiter as it appears after the first. */
	char delim[MULTIPART_MAX_BOUNDARY + 5];
	size_t dlen = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", boundary);
	const char *b = (const char *)body, *end = b + len;
	const char *at;
	if (len >= dlen - 2 && memcmp(b, delim + 2, dlen - 2) == 0) {
		at = b;   /* the body opens with the first delimiter */
	} else {
		at = find(b, len, delim, dlen);   /* after a preamble */
		if (!at)
			return MULTIPART_MALFORMED;
		at += 2;
	}
	const char *p = at + dlen - 2;   /* just after the first delimiter */
	int parts = 0, files = 0;
	const uint8_t *found = NULL;
	size_t found_len = 0;
	for (;;) {
		/* After a delimiter: "--" closes, else optional white space and CRLF. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return MULTIPART_MALFORMED;
		p += 2;
		if (++parts > MULTIPART_MAX_PARTS)
			return MULTIPART_MALFORMED;
		size_t room = (size_t)(end - p) < MULTIPART_MAX_HEADER + 4 ? (size_t)(end - p) : MULTIPART_MAX_HEADER + 4;
		const char *head_end = find(p, room, "\r\n\r\n", 4);
		if (!head_end)
			return MULTIPART_MALFORMED;   /* no end of headers within the limit */
		struct part_head h;
		if (!read_part_head(p, head_end + 2, &h))
			return MULTIPART_MALFORMED;
		const char *content = head_end + 4;
		const char *next = find(content, (size_t)(end - content), delim, dlen);
		if (!next)
			return MULTIPART_MALFORMED;   /* no closing delimiter */
		if (h.has_filename) {
			files++;
			if (strcmp(h.name, field) == 0) {
				found = (const uint8_t *)content;
				found_len = (size_t)(next - content);
			}
		}
		p = next + dlen;
	}
	if (files != 1 || !found)
		return MULTIPART_NO_FILE;
	*data = found;
	*data_len = found_len;
	return MULTIPART_OK;
}
