#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static char request_id[64] = "-";

/* The components a configuration may name: the source folders. */
static const char *const components[] = { "base", "crypto", "store", "settle", "wx", "remind", "rules",
                                          "fw", "api", "admin", "worker", "cli", "fakewx" };
enum { NCOMPONENTS = sizeof components / sizeof components[0] };
static enum log_level component_level[NCOMPONENTS];
static bool component_set[NCOMPONENTS];
static bool any_component_set;
static enum log_level lowest_level = LOG_INFO;   /* of min_level and every component's */


void log_set_level(enum log_level level)
{
	min_level = lowest_level = level;
	any_component_set = false;
}

void log_set_request_id(const char *rid)
{
	if (!rid || !*rid)
		rid = "-";
	snprintf(request_id, sizeof request_id, "%s", rid);
}

const char *log_request_id(void)
{
	return request_id;
}

static int parse_level(const char *s, size_t n, enum log_level *out)
{
	static const char *const words[] = { "debug", "info", "warn", "error" };
	for (int i = 0; i < 4; i++)
		if (strlen(words[i]) == n && strncmp(words[i], s, n) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

/* The component of a source path: its last folder ("lib/wx/wx.c" → wx;
 * "fcgi/main.c" → worker; "cli/…" → cli). */
static int component_of(const char *file)
{
	const char *end = strrchr(file, '/');
	if (!end)
		return -1;
	const char *start = end;
	while (start > file && start[-1] != '/')
		start--;
	size_t n = (size_t)(end - start);
	if (n == 4 && strncmp(start, "fcgi", 4) == 0) {
		start = "worker";   /* fcgi/main.c, worker.c, routes.c: the worker */
		n = strlen(start);
	}
	for (int i = 0; i < NCOMPONENTS; i++)
		if (strlen(components[i]) == n && strncmp(components[i], start, n) == 0)
			return i;
	return -1;
}

static int configure(const char *level, const char *levels, bool apply, char *err, size_t errlen)
{
	enum log_level base, parsed[NCOMPONENTS];
	bool set[NCOMPONENTS] = { false };
	if (parse_level(level, strlen(level), &base) != 0) {
		snprintf(err, errlen, "log_level must be debug, info, warn or error");
		return -1;
	}
	for (const char *p = levels; *p;) {
		size_t len = strcspn(p, ",");
		const char *eq = memchr(p, '=', len);
		int c = -1;
		for (int i = 0; eq && i < NCOMPONENTS; i++)
			if (strlen(components[i]) == (size_t)(eq - p) && strncmp(components[i], p, (size_t)(eq - p)) == 0)
				c = i;
		bool trailing_comma = p[len] == ',' && p[len + 1] == '\0';
		if (c < 0 || trailing_comma || parse_level(eq + 1, len - (size_t)(eq + 1 - p), &parsed[c]) != 0) {
			snprintf(err, errlen, "log_levels: '%.*s' is not component=level (components: base, crypto, store, "
			         "settle, wx, remind, rules, fw, api, admin, worker, cli; levels: debug, info, warn, error)",
			         (int)(len > 60 ? 60 : len), p);
			return -1;
		}
		set[c] = true;
		p += len + (p[len] == ',');
	}
	if (!apply)
		return 0;
	min_level = lowest_level = base;
	any_component_set = false;
	for (int i = 0; i < NCOMPONENTS; i++) {
		component_set[i] = set[i];
		component_level[i] = parsed[i];
		if (set[i]) {
			any_component_set = true;
			if (parsed[i] < lowest_level)
				lowest_level = parsed[i];
		}
	}
	return 0;
}

int log_configure(const char *level, const char *levels, char *err, size_t errlen)
{
	return configure(level, levels, true, err, errlen);
}

int log_levels_check(const char *level, const char *levels, char *err, size_t errlen)
{
	return configure(level, levels, false, err, errlen);
}

static void write_line(enum log_level level, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

void log_msg(enum log_level level, const char *fmt, ...)
{
	if (level < min_level)
		return;
	va_list ap;
	va_start(ap, fmt);
	write_line(level, fmt, ap);
	va_end(ap);
}

void log_msg_at(const char *file, enum log_level level, const char *fmt, ...)
{
	if (level < lowest_level)
		return;   /* the usual case for debug lines: one comparison */
	enum log_level wanted = min_level;
	if (any_component_set) {
		int c = component_of(file);
		if (c >= 0 && component_set[c])
			wanted = component_level[c];
	}
	if (level < wanted)
		return;
	va_list ap;
	va_start(ap, fmt);
	write_line(level, fmt, ap);
	va_end(ap);
}

static void write_line(enum log_level level, const char *fmt, va_list ap)
{
	static const char *const names[] = { "DEBUG", "INFO ", "WARN ", "ERROR" };
	char line[2048];
	/* Once per process, not a system call per line: nothing here forks a
	 * process that logs (walkctl's children exec at once). */
	static int pid;
	if (!pid)
		pid = (int)getpid();
	struct timeval tv;
	gettimeofday(&tv, NULL);
	struct tm tm;
	gmtime_r(&tv.tv_sec, &tm);
	int n = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s rid=%s pid=%d ",
	                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	                 tm.tm_sec, (long)(tv.tv_usec / 1000), names[level], request_id, pid);
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof line - 2)
		len = sizeof line - 2;   /* truncated: still one line */
	for (size_t i = (size_t)n; i < len; i++)
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';   /* a value from a request must not forge a log line */
	line[len++] = '\n';
	ssize_t ignored = write(STDERR_FILENO, line, len);
	(void)ignored;
}
