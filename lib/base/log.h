#ifndef WALK_LOG_H
#define WALK_LOG_H
/*
 * Logging to stderr, one line per call, written with a single write(2) so that
 * lines of several worker processes sharing one log file never interleave.
 *
 *   2019-07-01T20:00:01.123Z INFO  rid=4f1c… pid=123 message
 *
 * The request id (nginx's $request_id) is set by the worker for the duration of
 * a request, so every line a request causes can be found with one grep.
 * Secrets must never be passed to these functions.
 */
#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
/* The levels of the configuration: level ("debug", "info", "warn", "error")
 * for everything, then levels, "component=level,…", for some components.  A
 * component is the folder of the source file that logs: base, crypto, store,
 * settle, wx, remind (lib/), fw (the framework, whose lines are the access
 * log), api, admin, worker (fcgi/), cli (walkctl).  Returns 0, or -1 with the
 * reason in err (nothing changed). */
int log_configure(const char *level, const char *levels, char *err, size_t errlen);
/* The same check without applying anything (the configuration's validation). */
int log_levels_check(const char *level, const char *levels, char *err, size_t errlen);
/* Sets the id printed on every line until the next call; NULL or "" prints "-". */
void log_set_request_id(const char *rid);
const char *log_request_id(void);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same from the source file file (__FILE__), whose folder is its
 * component. */
void log_msg_at(const char *file, enum log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define log_debug(...) log_msg_at(__FILE__, LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg_at(__FILE__, LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg_at(__FILE__, LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg_at(__FILE__, LOG_ERROR, __VA_ARGS__)

#endif
