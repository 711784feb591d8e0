/* config_load_text() (config.h) on the input as a configuration file.
 * Properties: refused with a reason in err, or accepted with every string
 * NUL-terminated inside its field, the integers in their ranges and a known
 * mode; an accepted configuration written back out as `key = value` lines is
 * accepted again with the same values. */
#include "fuzz.h"

#include "buf.h"
#include "config.h"

#include <stdbool.h>

#define TERMINATED(field) (memchr((field), '\0', sizeof(field)) != NULL)

static void check_fields(const struct walk_config *c)
{
	FUZZ_CHECK(c->mode == MODE_DEV || c->mode == MODE_TEST || c->mode == MODE_PRODUCTION);
	FUZZ_CHECK(TERMINATED(c->db_path) && TERMINATED(c->appid) && TERMINATED(c->app_secret));
	FUZZ_CHECK(strlen(c->data_key) == 64 && strspn(c->data_key, "0123456789abcdefABCDEF") == 64);
	FUZZ_CHECK(TERMINATED(c->wx_api_base) && TERMINATED(c->pay_api_base) && TERMINATED(c->log_level));
	FUZZ_CHECK(c->db_busy_timeout_ms >= 1 && c->db_busy_timeout_ms <= 600000);
	FUZZ_CHECK(c->wx_timeout_ms >= 100 && c->wx_timeout_ms <= 120000);
	FUZZ_CHECK(c->session_ttl_days >= 1 && c->session_ttl_days <= 365);
	FUZZ_CHECK(strncmp(c->appid, "wx", 2) == 0);
}

static void write_back(const struct walk_config *c, struct buf *out)
{
	buf_printf(out, "mode = %s\n", config_mode_name(c->mode));
	buf_printf(out, "db = %s\n", c->db_path);
	buf_printf(out, "db_busy_timeout_ms = %d\n", c->db_busy_timeout_ms);
	buf_printf(out, "appid = %s\n", c->appid);
	buf_printf(out, "app_secret = %s\n", c->app_secret);
	buf_printf(out, "data_key = %s\n", c->data_key);
	buf_printf(out, "wx_api_base = %s\n", c->wx_api_base);
	buf_printf(out, "pay_api_base = %s\n", c->pay_api_base);
	buf_printf(out, "wx_timeout_ms = %d\n", c->wx_timeout_ms);
	buf_printf(out, "session_ttl_days = %d\n", c->session_ttl_days);
	buf_printf(out, "log_level = %s\n", c->log_level);
}

static bool same_values(const struct walk_config *a, const struct walk_config *b)
{
	return a->mode == b->mode && strcmp(a->db_path, b->db_path) == 0 &&
	       a->db_busy_timeout_ms == b->db_busy_timeout_ms && strcmp(a->appid, b->appid) == 0 &&
	       strcmp(a->app_secret, b->app_secret) == 0 && strcmp(a->data_key, b->data_key) == 0 &&
	       strcmp(a->wx_api_base, b->wx_api_base) == 0 &&
	       strcmp(a->pay_api_base, b->pay_api_base) == 0 && a->wx_timeout_ms == b->wx_timeout_ms &&
	       a->session_ttl_days == b->session_ttl_days && strcmp(a->log_level, b->log_level) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct walk_config cfg, again;
	char err[256] = "", err_again[256] = "";
	if (config_load_text(&cfg, (const char *)data, size, "fuzz.conf", err, sizeof err) != 0) {
		FUZZ_CHECK(err[0] != '\0' && memchr(err, '\0', sizeof err) != NULL);
		return 0;
	}
	check_fields(&cfg);
	struct buf text = { 0 };
	write_back(&cfg, &text);
	FUZZ_CHECK(config_load_text(&again, buf_str(&text), text.len, "again.conf", err_again, sizeof err_again) == 0);
	FUZZ_CHECK(same_values(&cfg, &again));
	buf_free(&text);
	return 0;
}
