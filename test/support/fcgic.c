#include "fcgic.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

/* The FastCGI 1.0 specification's record types, the responder role and the
 * flag that keeps the connection. */
enum { BEGIN_REQUEST = 1, END_REQUEST = 3, PARAMS = 4, STDIN = 5, STDOUT = 6, STDERR = 7, GET_VALUES = 9,
       GET_VALUES_RESULT = 10, RESPONDER = 1, KEEP_CONN = 1 };

static int send_record(int fd, int type, unsigned id, const void *content, size_t len)
{
	unsigned char head[8] = { 1, (unsigned char)type, (unsigned char)(id >> 8), (unsigned char)id,
	                          (unsigned char)(len >> 8), (unsigned char)len, 0, 0 };
	return write(fd, head, sizeof head) == (ssize_t)sizeof head &&
	       (len == 0 || write(fd, content, len) == (ssize_t)len) ? 0 : -1;
}

/* One name-value pair, both shorter than 128 bytes (one-byte lengths). */
static size_t add_param(unsigned char *out, size_t at, const char *name, const char *value)
{
	size_t n = strlen(name), v = strlen(value);
	out[at++] = (unsigned char)n;
	out[at++] = (unsigned char)v;
	memcpy(out + at, name, n);
	memcpy(out + at + n, value, v);
	return at + n + v;
}

static int read_all(int fd, void *buf, size_t len)
{
	for (size_t got = 0; got < len;) {
		ssize_t n = read(fd, (char *)buf + got, len - got);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

/* One record: its type, and its content (cut to size) in content. */
static int read_record(int fd, int *type, unsigned char *content, size_t size, size_t *len)
{
	unsigned char head[8], scratch[65536 + 256];
	if (read_all(fd, head, sizeof head) != 0)
		return -1;
	*type = head[1];
	size_t clen = (size_t)head[4] << 8 | head[5], pad = head[6];
	if (read_all(fd, scratch, clen + pad) != 0)
		return -1;
	*len = clen < size ? clen : size;
	memcpy(content, scratch, *len);
	return 0;
}

int fcgi_connect(const char *socket_path)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socket_path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* A worker that never answers fails the exchange instead of hanging the test. */
	struct timeval timeout = { .tv_sec = 10 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
	return fd;
}

int fcgi_exchange(int fd, unsigned id, bool keep, const char *method, const char *path, char *body, size_t size)
{
	unsigned char begin[8] = { 0, RESPONDER, keep ? KEEP_CONN : 0 }, params[1024];
	size_t n = 0;
	n = add_param(params, n, "REQUEST_METHOD", method);
	n = add_param(params, n, "DOCUMENT_URI", path);
	n = add_param(params, n, "REQUEST_URI", path);
	n = add_param(params, n, "QUERY_STRING", "");
	n = add_param(params, n, "REMOTE_ADDR", "127.0.0.1");
	n = add_param(params, n, "CONTENT_LENGTH", "0");
	int rc = send_record(fd, BEGIN_REQUEST, id, begin, sizeof begin) | send_record(fd, PARAMS, id, params, n) |
	         send_record(fd, PARAMS, id, NULL, 0) | send_record(fd, STDIN, id, NULL, 0);
	/* The answer: STDOUT records until END_REQUEST. */
	size_t cap = 65536, len = 0;
	char *out = malloc(cap + 1);
	int type = 0;
	while (rc == 0 && type != END_REQUEST) {
		unsigned char content[65536];
		size_t clen;
		rc = read_record(fd, &type, content, sizeof content, &clen);
		if (rc == 0 && type == STDOUT && len + clen <= cap) {
			memcpy(out + len, content, clen);
			len += clen;
		}
	}
	out[len] = '\0';
	int status = -1;
	if (rc == 0 && sscanf(out, "Status: %d", &status) == 1 && body) {
		const char *b = strstr(out, "\r\n\r\n");
		snprintf(body, size, "%s", b ? b + 4 : "");
	}
	free(out);
	return rc == 0 ? status : -1;
}

int fcgi_get_values(int fd, char *result, size_t size)
{
	unsigned char ask[64];
	size_t n = add_param(ask, 0, "FCGI_MPXS_CONNS", "");
	n = add_param(ask, n, "FCGI_MAX_CONNS", "");
	int type;
	size_t len;
	unsigned char content[1024];
	if (send_record(fd, GET_VALUES, 0, ask, n) != 0 || read_record(fd, &type, content, sizeof content, &len) != 0 ||
	    type != GET_VALUES_RESULT)
		return -1;
	/* name=value lines out of the pairs (one-byte lengths: what a worker answers). */
	size_t at = 0, o = 0;
	while (at + 2 <= len && o < size) {
		size_t nl = content[at], vl = content[at + 1];
		if (at + 2 + nl + vl > len)
			return -1;
		o += (size_t)snprintf(result + o, size - o, "%.*s=%.*s\n", (int)nl, content + at + 2, (int)vl,
		                      content + at + 2 + nl);
		at += 2 + nl + vl;
	}
	if (size)
		result[o < size ? o : size - 1] = '\0';
	return 0;
}

int fcgi_request(const char *socket_path, const char *method, const char *path, char *body, size_t size)
{
	int fd = fcgi_connect(socket_path);
	if (fd < 0)
		return -1;
	int status = fcgi_exchange(fd, 1, false, method, path, body, size);
	close(fd);
	return status;
}
