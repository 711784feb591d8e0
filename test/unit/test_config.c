/* lib/base/config: the file, the environment, what production refuses, and
 * failing closed. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[64];

#define PRODUCTION_DATA_KEY "data_key = 8f3a9c2e51d7b604e9a1c3f5d7b9e1a3c5e7f9b1d3f5a7c9e1b3d5f7a9c1e3f5\n"

static void write_conf(const char *text)
{
	snprintf(path, sizeof path, "/tmp/walk-conf-test-%d.conf", (int)getpid());
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	unsetenv("WALK_MODE");
	unsetenv("WALK_DB");
	unsetenv("WALK_POOL");
	return 0;
}

static void defaults_suit_the_dev_stack(void **state)
{
	(void)state;
	struct walk_config c;
	char err[256];
	assert_int_equal(config_load_file(&c, NULL, err, sizeof err), 0);
	assert_int_equal(c.mode, MODE_DEV);
	assert_string_equal(c.db_path, "var/walk.db");
	assert_string_equal(c.wx_api_base, "http://127.0.0.1:8081");
	assert_int_equal(c.session_ttl_days, 30);
	assert_true(config_clock_shift_allowed(&c));
	assert_string_equal(c.pool, "participants");
	assert_string_equal(c.run_dir, "var/run");
	assert_int_equal(c.admin_pbkdf2_slots, 1);
}

/* The admin and outbound pools are the same binary told so by its environment. */
static void the_pool_is_participants_outbound_or_admin(void **state)
{
	(void)state;
	struct walk_config c;
	char err[256];
	setenv("WALK_POOL", "admin", 1);
	assert_int_equal(config_load_file(&c, NULL, err, sizeof err), 0);
	assert_string_equal(c.pool, "admin");
	setenv("WALK_POOL", "outbound", 1);
	assert_int_equal(config_load_file(&c, NULL, err, sizeof err), 0);
	assert_string_equal(c.pool, "outbound");
	setenv("WALK_POOL", "everything", 1);
	assert_int_equal(config_load_file(&c, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "pool must be participants, outbound or admin"));
	unsetenv("WALK_POOL");
	write_conf("admin_pbkdf2_slots = 0\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "admin_pbkdf2_slots must be an integer from 1 to 64"));
}

/* A fair-play pattern that needs more days than it looks at would never fire. */
static void a_flag_needs_no_more_days_than_its_window(void **state)
{
	(void)state;
	struct walk_config c;
	char err[256];
	write_conf("mode = test\nflag_same_window = 4\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "flag_same_days and flag_team_same_days must not exceed flag_same_window (4)"));
	write_conf("mode = test\nflag_same_window = 5\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), 0);
	assert_int_equal(c.flag_same_window, 5);
	write_conf("mode = test\nflag_cap_days = 11\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "flag_cap_days must not exceed flag_cap_window (10)"));
}

static void file_then_environment(void **state)
{
	(void)state;
	write_conf("# comment\nmode = test\n db = /tmp/x.db  # trailing\nwx_timeout_ms=1500\n");
	struct walk_config c;
	char err[256];
	assert_int_equal(config_load_file(&c, path, err, sizeof err), 0);
	assert_int_equal(c.mode, MODE_TEST);
	assert_string_equal(c.db_path, "/tmp/x.db");
	assert_int_equal(c.wx_timeout_ms, 1500);
	setenv("WALK_DB", "/tmp/y.db", 1);
	assert_int_equal(config_load_file(&c, path, err, sizeof err), 0);
	assert_string_equal(c.db_path, "/tmp/y.db");
}

static void bad_lines_are_named(void **state)
{
	(void)state;
	struct walk_config c;
	char err[256];
	write_conf("mode = dev\ncolour = blue\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, ":2: unknown key 'colour'"));
	write_conf("wx_timeout_ms = fast\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "wx_timeout_ms must be an integer"));
	write_conf("mode = staging\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "mode must be dev, test or production"));
	write_conf("no equals sign\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "expected key = value"));
	assert_int_equal(config_load_file(&c, "/nonexistent/walk.conf", err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot read configuration"));
}

static void production_refuses_the_fake_and_the_clock(void **state)
{
	(void)state;
	struct walk_config c;
	char err[256];
	write_conf("mode = production\napp_secret = real\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "production mode refuses wx_api_base"));
	write_conf("mode = production\napp_secret = real\nwx_api_base = https://api.weixin.qq.com\n"
	           "pay_api_base = http://127.0.0.1:8081\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "pay_api_base"));
	write_conf("mode = production\nwx_api_base = https://api.weixin.qq.com\n"
	           "pay_api_base = https://api.mch.weixin.qq.com\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "real app_secret"));
	write_conf("mode = production\napp_secret = real\nwx_api_base = https://api.weixin.qq.com\n"
	           "pay_api_base = https://api.mch.weixin.qq.com\n" PRODUCTION_DATA_KEY);
	assert_int_equal(config_load_file(&c, path, err, sizeof err), 0);
	assert_false(config_clock_shift_allowed(&c));
}

/* The data key (sealed.h): 64 hex digits in every mode, the dev stacks' own
 * by default, which production refuses; no message ever quotes it. */
static void the_data_key_is_checked_and_never_quoted(void **state)
{
	(void)state;
	struct walk_config c;
	char err[256];
	assert_int_equal(config_load_file(&c, NULL, err, sizeof err), 0);
	char dev_key[sizeof c.data_key];
	snprintf(dev_key, sizeof dev_key, "%s", c.data_key);
	assert_int_equal(strlen(dev_key), 64);
	static const char *const bad[] = {
		"data_key = 6465762d646174612d6b65792d6e6f742d666f722d70726f64756374696f6e2\n",    /* 63 digits */
		"data_key = 6465762d646174612d6b65792d6e6f742d666f722d70726f64756374696f6e21a\n",  /* 65 */
		"data_key = 6465762d646174612d6b65792d6e6f742d666f722d70726f64756374696f6e2g\n",   /* not hex */
		"data_key =\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[256];
		snprintf(text, sizeof text, "mode = test\n%s", bad[i]);
		write_conf(text);
		assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
		assert_non_null(strstr(err, "data_key"));
		assert_null(strstr(err, "6465762d"));
	}
	write_conf("mode = production\napp_secret = real\nwx_api_base = https://api.weixin.qq.com\n"
	           "pay_api_base = https://api.mch.weixin.qq.com\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "production mode needs its own data_key"));
	assert_null(strstr(err, dev_key));
	/* The dev key in upper case is still the dev key. */
	char text[512];
	for (char *p = dev_key; *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'f' ? *p - 'a' + 'A' : *p);
	snprintf(text, sizeof text, "mode = production\napp_secret = real\nwx_api_base = https://api.weixin.qq.com\n"
	         "pay_api_base = https://api.mch.weixin.qq.com\ndata_key = %s\n", dev_key);
	write_conf(text);
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "its own data_key"));
	write_conf("mode = test\n" PRODUCTION_DATA_KEY);
	assert_int_equal(config_load_file(&c, path, err, sizeof err), 0);
	assert_string_equal(c.data_key, "8f3a9c2e51d7b604e9a1c3f5d7b9e1a3c5e7f9b1d3f5a7c9e1b3d5f7a9c1e3f5");
}

static void text_lines_are_whole_and_without_nul(void **state)
{
	(void)state;
	struct walk_config c;
	char err[256], line[1100];
	static const char nul_line[] = "db = /tmp/a.db\0 # after a NUL\n";
	assert_int_equal(config_load_text(&c, nul_line, sizeof nul_line - 1, "walk.conf", err, sizeof err), -1);
	assert_string_equal(err, "walk.conf:1: NUL byte in the line");
	int n = snprintf(line, sizeof line, "# %01030d\nmode = test", 0);
	assert_int_equal(config_load_text(&c, line, (size_t)n, "walk.conf", err, sizeof err), -1);
	assert_string_equal(err, "walk.conf:1: line longer than 1023 bytes");
	/* The last line needs no line end; CRLF line ends are read as LF. */
	static const char crlf[] = "mode = test\r\ndb = /tmp/b.db";
	assert_int_equal(config_load_text(&c, crlf, sizeof crlf - 1, "walk.conf", err, sizeof err), 0);
	assert_int_equal(c.mode, MODE_TEST);
	assert_string_equal(c.db_path, "/tmp/b.db");
}

static void a_file_must_say_its_mode(void **state)
{
	(void)state;
	struct walk_config c;
	char err[256];
	write_conf("db = /tmp/x.db\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "no mode"));
	setenv("WALK_MODE", "test", 1);   /* the environment may give it instead */
	assert_int_equal(config_load_file(&c, path, err, sizeof err), 0);
	assert_int_equal(c.mode, MODE_TEST);
}

/* Which file is read fails closed: what is at the default path is used even
 * when it cannot be read, so that the read fails loudly instead of the
 * program starting with the dev defaults. */
static void the_file_is_found_or_its_absence_explained(void **state)
{
	(void)state;
	char dir[64], conf[96], cmd[256], err[256];
	snprintf(dir, sizeof dir, "/tmp/walk-conf-dir-%d", (int)getpid());
	snprintf(conf, sizeof conf, "%s/walk.conf", dir);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	const char *found = "x";
	struct walk_config c;

	/* Neither the folder nor the file: no file, the defaults. */
	assert_int_equal(config_file_path(NULL, conf, &found, err, sizeof err), 0);
	assert_null(found);
	/* WALK_CONF wins over the default path. */
	assert_int_equal(config_file_path("/elsewhere.conf", conf, &found, err, sizeof err), 0);
	assert_string_equal(found, "/elsewhere.conf");
	/* The folder without its file: an installation that lost its file. */
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(config_file_path("", conf, &found, err, sizeof err), -1);
	assert_non_null(strstr(err, "holds no walk.conf"));
	/* A file that is there but cannot be read: a broken link, a folder. */
	assert_int_equal(symlink("/nonexistent/walk.conf", conf), 0);
	assert_int_equal(config_file_path(NULL, conf, &found, err, sizeof err), 0);
	assert_string_equal(found, conf);
	assert_int_equal(config_load_file(&c, found, err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot read configuration"));
	assert_int_equal(unlink(conf), 0);
	assert_int_equal(mkdir(conf, 0755), 0);
	assert_int_equal(config_file_path(NULL, conf, &found, err, sizeof err), 0);
	assert_int_equal(config_load_file(&c, found, err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot read configuration"));
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(defaults_suit_the_dev_stack, teardown),
		cmocka_unit_test_teardown(file_then_environment, teardown),
		cmocka_unit_test_teardown(the_pool_is_participants_outbound_or_admin, teardown),
		cmocka_unit_test_teardown(a_flag_needs_no_more_days_than_its_window, teardown),
		cmocka_unit_test_teardown(bad_lines_are_named, teardown),
		cmocka_unit_test_teardown(production_refuses_the_fake_and_the_clock, teardown),
		cmocka_unit_test_teardown(the_data_key_is_checked_and_never_quoted, teardown),
		cmocka_unit_test_teardown(text_lines_are_whole_and_without_nul, teardown),
		cmocka_unit_test_teardown(a_file_must_say_its_mode, teardown),
		cmocka_unit_test_teardown(the_file_is_found_or_its_absence_explained, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
