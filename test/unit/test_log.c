/* Log levels: one for everything, and per component (the source folder). */
#include "log.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What the calls of fn wrote to stderr, into out. */
static void capture(void (*fn)(void), char *out, size_t size)
{
	char path[] = "/tmp/test_log_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	int saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	fn();
	dup2(saved, STDERR_FILENO);
	close(saved);
	ssize_t n = pread(fd, out, size - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
}

static void one_line_per_component(void)
{
	log_msg_at("lib/wx/wx.c", LOG_DEBUG, "wx-debug");
	log_msg_at("lib/store/store_team.c", LOG_DEBUG, "store-debug");
	log_msg_at("lib/store/store_team.c", LOG_INFO, "store-info");
	log_msg_at("lib/settle/settle.c", LOG_INFO, "settle-info");
	log_msg_at("lib/settle/settle.c", LOG_WARN, "settle-warn");
	log_msg_at("fcgi/main.c", LOG_INFO, "worker-info");
	log_msg_at("fcgi/fw/server.c", LOG_INFO, "fw-info");
}

static void components_have_levels_of_their_own(void **state)
{
	(void)state;
	char err[256], out[4096];
	assert_int_equal(log_configure("info", "wx=debug,settle=warn,worker=error", err, sizeof err), 0);
	capture(one_line_per_component, out, sizeof out);
	assert_non_null(strstr(out, "DEBUG rid=- "));
	assert_non_null(strstr(out, "wx-debug"));
	assert_null(strstr(out, "store-debug"));    /* the general level: info */
	assert_non_null(strstr(out, "store-info"));
	assert_null(strstr(out, "settle-info"));    /* settle=warn */
	assert_non_null(strstr(out, "settle-warn"));
	assert_null(strstr(out, "worker-info"));    /* fcgi/main.c and the like: the worker */
	assert_non_null(strstr(out, "fw-info"));
	/* Without components, one level for all. */
	assert_int_equal(log_configure("warn", "", err, sizeof err), 0);
	capture(one_line_per_component, out, sizeof out);
	assert_null(strstr(out, "wx-debug"));
	assert_null(strstr(out, "store-info"));
	assert_non_null(strstr(out, "settle-warn"));
	log_configure("info", "", err, sizeof err);
}

static void bad_levels_are_refused_and_change_nothing(void **state)
{
	(void)state;
	char err[256], out[4096];
	assert_int_equal(log_configure("info", "", err, sizeof err), 0);
	assert_int_equal(log_configure("verbose", "", err, sizeof err), -1);
	assert_non_null(strstr(err, "log_level"));
	const char *bad[] = { "wx", "wx=", "=debug", "nosuch=debug", "wx=loud", "wx=debug,", "wx=debug,,store=info",
	                      "wx=debugx" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(log_configure("debug", bad[i], err, sizeof err), -1);
		assert_non_null(strstr(err, "log_levels"));
	}
	capture(one_line_per_component, out, sizeof out);
	assert_null(strstr(out, "wx-debug"));       /* still info: nothing was applied */
	assert_non_null(strstr(out, "store-info"));
	assert_int_equal(log_levels_check("error", "store=debug", err, sizeof err), 0);
	capture(one_line_per_component, out, sizeof out);
	assert_non_null(strstr(out, "store-info"));  /* a check applies nothing */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(components_have_levels_of_their_own),
		cmocka_unit_test(bad_levels_are_refused_and_change_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
