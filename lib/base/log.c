#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static char request_id[64] = "-";

void log_set_level(enum log_level level)
{
	min_level = level;
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

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const names[] = { "DEBUG", "INFO ", "WARN ", "ERROR" };
	if (level < min_level)
		return;
	char line[2048];
	struct timeval tv;
	gettimeofday(&tv, NULL);
	struct tm tm;
	gmtime_r(&tv.tv_sec, &tm);
	int n = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s rid=%s pid=%d ",
	                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	                 tm.tm_sec, (long)(tv.tv_usec / 1000), names[level], request_id, (int)getpid());
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
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
