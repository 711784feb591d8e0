/* lib/config: the file, the environment, and what production refuses. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

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

/* The admin pool is the same binary told so by its environment. */
static void the_pool_is_participants_or_admin(void **state)
{
	(void)state;
	struct walk_config c;
	char err[256];
	setenv("WALK_POOL", "admin", 1);
	assert_int_equal(config_load_file(&c, NULL, err, sizeof err), 0);
	assert_string_equal(c.pool, "admin");
	setenv("WALK_POOL", "everything", 1);
	assert_int_equal(config_load_file(&c, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "pool must be participants or admin"));
	unsetenv("WALK_POOL");
	write_conf("admin_pbkdf2_slots = 0\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "admin_pbkdf2_slots must be an integer from 1 to 64"));
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
	           "pay_api_base = https://api.mch.weixin.qq.com\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof err), 0);
	assert_false(config_clock_shift_allowed(&c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(defaults_suit_the_dev_stack, teardown),
		cmocka_unit_test_teardown(file_then_environment, teardown),
		cmocka_unit_test_teardown(the_pool_is_participants_or_admin, teardown),
		cmocka_unit_test_teardown(bad_lines_are_named, teardown),
		cmocka_unit_test_teardown(production_refuses_the_fake_and_the_clock, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
