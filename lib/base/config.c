#include "config.h"

#include "buf.h"
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum key_type { KEY_STRING, KEY_INT, KEY_MODE };

struct config_key {
	const char *name;
	enum key_type type;
	size_t offset;
	size_t size;      /* for strings: capacity of the field */
	int min, max;     /* for integers */
};

#define STR_KEY(name, field) { name, KEY_STRING, offsetof(struct walk_config, field), \
                               sizeof(((struct walk_config *)0)->field), 0, 0 }
#define INT_KEY(name, field, lo, hi) { name, KEY_INT, offsetof(struct walk_config, field), 0, lo, hi }

static const struct config_key config_keys[] = {
	{ "mode", KEY_MODE, offsetof(struct walk_config, mode), 0, 0, 0 },
	STR_KEY("db", db_path),
	INT_KEY("db_busy_timeout_ms", db_busy_timeout_ms, 1, 600000),
	STR_KEY("appid", appid),
	STR_KEY("app_secret", app_secret),
	STR_KEY("data_key", data_key),
	STR_KEY("data_key_previous", data_key_previous),
	STR_KEY("wx_api_base", wx_api_base),
	STR_KEY("pay_api_base", pay_api_base),
	INT_KEY("wx_timeout_ms", wx_timeout_ms, 100, 120000),
	INT_KEY("wx_check_timeout_ms", wx_check_timeout_ms, 100, 120000),
	INT_KEY("session_ttl_days", session_ttl_days, 1, 365),
	STR_KEY("log_level", log_level),
	STR_KEY("pool", pool),
	STR_KEY("run_dir", run_dir),
	INT_KEY("admin_pbkdf2_slots", admin_pbkdf2_slots, 1, 64),
	STR_KEY("wx_env_version", wx_env_version),
	STR_KEY("remind_template_id", remind_template_id),
	STR_KEY("remind_page", remind_page),
	STR_KEY("remind_data", remind_data),
	INT_KEY("remind_rate", remind_rate, 1, 5000),
	INT_KEY("remind_concurrency", remind_concurrency, 1, 64),
	STR_KEY("invite_code_page", invite_code_page),
	STR_KEY("invite_code_dir", invite_code_dir),
	STR_KEY("media_dir", media_dir),
	STR_KEY("public_base_url", public_base_url),
	STR_KEY("wx_push_token", wx_push_token),
	STR_KEY("wx_push_aes_key", wx_push_aes_key),
	STR_KEY("pay_mch_id", pay_mch_id),
	STR_KEY("pay_mch_serial", pay_mch_serial),
	STR_KEY("pay_mch_key_file", pay_mch_key_file),
	STR_KEY("pay_apiv3_key_file", pay_apiv3_key_file),
	STR_KEY("pay_public_key_id", pay_public_key_id),
	STR_KEY("pay_public_key_file", pay_public_key_file),
	STR_KEY("pay_platform_serial", pay_platform_serial),
	STR_KEY("pay_platform_key_file", pay_platform_key_file),
	STR_KEY("pay_notify_url", pay_notify_url),
	INT_KEY("pay_timeout_ms", pay_timeout_ms, 100, 120000),
	INT_KEY("pay_slow_ms", pay_slow_ms, 1, 60000),
	STR_KEY("backup_dir", backup_dir),
	INT_KEY("backup_keep", backup_keep, 1, 1000),
	STR_KEY("log_levels", log_levels),
	INT_KEY("flag_cap_days", flag_cap_days, 1, 400),
	INT_KEY("flag_cap_window", flag_cap_window, 1, 400),
	INT_KEY("flag_cap_mean_percent", flag_cap_mean_percent, 1, 10000),
	INT_KEY("flag_same_days", flag_same_days, 2, 400),
	INT_KEY("flag_same_window", flag_same_window, 1, 400),
	INT_KEY("flag_team_same_members", flag_team_same_members, 2, 64),
	INT_KEY("flag_team_same_days", flag_team_same_days, 1, 400),
	INT_KEY("flag_bad_payloads", flag_bad_payloads, 1, 1000000),
	INT_KEY("flag_multi_mobile", flag_multi_mobile, 2, 1000),
};

/* The dev and test stacks' data key: the hex of "dev-data-key-not-for-production!". */
#define DEV_DATA_KEY "6465762d646174612d6b65792d6e6f742d666f722d70726f64756374696f6e21"

static void set_defaults(struct walk_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->mode = MODE_DEV;
	snprintf(cfg->db_path, sizeof cfg->db_path, "var/walk.db");
	cfg->db_busy_timeout_ms = 5000;
	snprintf(cfg->appid, sizeof cfg->appid, "wxd0e1a2b3c4d5e6f7");
	snprintf(cfg->app_secret, sizeof cfg->app_secret, "dev-app-secret");
	snprintf(cfg->data_key, sizeof cfg->data_key, DEV_DATA_KEY);
	snprintf(cfg->wx_api_base, sizeof cfg->wx_api_base, "http://127.0.0.1:8081");
	snprintf(cfg->pay_api_base, sizeof cfg->pay_api_base, "http://127.0.0.1:8081");
	cfg->wx_timeout_ms = 5000;
	cfg->wx_check_timeout_ms = 2000;
	cfg->session_ttl_days = 30;
	snprintf(cfg->log_level, sizeof cfg->log_level, "info");
	snprintf(cfg->pool, sizeof cfg->pool, "participants");
	snprintf(cfg->run_dir, sizeof cfg->run_dir, "var/run");
	cfg->admin_pbkdf2_slots = 1;
	snprintf(cfg->wx_env_version, sizeof cfg->wx_env_version, "release");
	snprintf(cfg->remind_template_id, sizeof cfg->remind_template_id, "%s", CONFIG_DEV_REMIND_TEMPLATE);
	snprintf(cfg->remind_page, sizeof cfg->remind_page, "pages/index/index");
	snprintf(cfg->remind_data, sizeof cfg->remind_data,
	         "thing1={activity};thing2=今日步数尚未结算，请在24点前打开小程序;time3={deadline}");
	cfg->remind_rate = 200;
	cfg->remind_concurrency = 16;
	snprintf(cfg->invite_code_page, sizeof cfg->invite_code_page, "pages/team/join");
	snprintf(cfg->public_base_url, sizeof cfg->public_base_url, "http://127.0.0.1:8080");
	snprintf(cfg->wx_push_token, sizeof cfg->wx_push_token, CONFIG_DEV_PUSH_TOKEN);
	snprintf(cfg->wx_push_aes_key, sizeof cfg->wx_push_aes_key, CONFIG_DEV_PUSH_AES_KEY);
	cfg->pay_timeout_ms = 5000;
	cfg->pay_slow_ms = 1000;
	cfg->backup_keep = 14;
	cfg->flag_cap_days = CONFIG_FLAG_CAP_DAYS;
	cfg->flag_cap_window = CONFIG_FLAG_CAP_WINDOW;
	cfg->flag_cap_mean_percent = CONFIG_FLAG_CAP_MEAN_PERCENT;
	cfg->flag_same_days = CONFIG_FLAG_SAME_DAYS;
	cfg->flag_same_window = CONFIG_FLAG_SAME_WINDOW;
	cfg->flag_team_same_members = CONFIG_FLAG_TEAM_SAME_MEMBERS;
	cfg->flag_team_same_days = CONFIG_FLAG_TEAM_SAME_DAYS;
	cfg->flag_bad_payloads = CONFIG_FLAG_BAD_PAYLOADS;
	cfg->flag_multi_mobile = CONFIG_FLAG_MULTI_MOBILE;
}

const char *config_mode_name(enum walk_mode mode)
{
	switch (mode) {
	case MODE_DEV: return "dev";
	case MODE_TEST: return "test";
	case MODE_PRODUCTION: return "production";
	}
	return "?";
}

bool config_clock_shift_allowed(const struct walk_config *cfg)
{
	return cfg->mode != MODE_PRODUCTION;
}

static const struct config_key *find_key(const char *name)
{
	for (size_t i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

static int set_value(struct walk_config *cfg, const struct config_key *key, const char *value,
                     const char *where, char *err, size_t errlen)
{
	char *field = (char *)cfg + key->offset;
	switch (key->type) {
	case KEY_STRING:
		if (strlen(value) >= key->size) {
			snprintf(err, errlen, "%s: %s is too long (at most %zu bytes)", where, key->name,
			         key->size - 1);
			return -1;
		}
		memcpy(field, value, strlen(value) + 1);
		return 0;
	case KEY_INT: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < key->min || v > key->max) {
			snprintf(err, errlen, "%s: %s must be an integer from %d to %d", where, key->name,
			         key->min, key->max);
			return -1;
		}
		*(int *)(void *)field = (int)v;
		return 0;
	}
	case KEY_MODE:
		if (strcmp(value, "dev") == 0)
			cfg->mode = MODE_DEV;
		else if (strcmp(value, "test") == 0)
			cfg->mode = MODE_TEST;
		else if (strcmp(value, "production") == 0)
			cfg->mode = MODE_PRODUCTION;
		else {
			snprintf(err, errlen, "%s: mode must be dev, test or production", where);
			return -1;
		}
		cfg->mode_given = true;
		return 0;
	}
	return -1;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* The longest line a configuration may hold: the longest value (db, 511
 * bytes) with its key, spaces and a comment fit in it with room to spare. */
enum { CONFIG_LINE_MAX = 1023 };
/* A configuration is a few hundred bytes: a file far larger is not one. */
enum { CONFIG_FILE_MAX = 64 * 1024 };

/* Applies the `key = value` lines of text (len bytes) onto cfg. */
static int parse_lines(struct walk_config *cfg, const char *text, size_t len, const char *name, char *err,
                       size_t errlen)
{
	int lineno = 0;
	for (size_t start = 0; start < len;) {
		const char *newline = memchr(text + start, '\n', len - start);
		size_t line_len = (newline ? (size_t)(newline - text) : len) - start;
		char where[600], line[CONFIG_LINE_MAX + 1];
		snprintf(where, sizeof where, "%s:%d", name, ++lineno);
		if (line_len > CONFIG_LINE_MAX) {
			snprintf(err, errlen, "%s: line longer than %d bytes", where, CONFIG_LINE_MAX);
			return -1;
		}
		/* A NUL would end the line early and hide the rest of it. */
		if (memchr(text + start, '\0', line_len)) {
			snprintf(err, errlen, "%s: NUL byte in the line", where);
			return -1;
		}
		memcpy(line, text + start, line_len);
		line[line_len] = '\0';
		start += line_len + 1;

		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *s = trim(line);
		if (!*s)
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s: expected key = value", where);
			return -1;
		}
		*eq = '\0';
		const char *key_name = trim(s), *value = trim(eq + 1);
		const struct config_key *key = find_key(key_name);
		if (!key) {
			snprintf(err, errlen, "%s: unknown key '%s'", where, key_name);
			return -1;
		}
		if (set_value(cfg, key, value, where, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* Appends the whole file at path to text. */
static int read_file(const char *path, struct buf *text, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read configuration %s: %s", path, strerror(errno));
		return -1;
	}
	char chunk[4096];
	size_t n;
	while (text->len <= CONFIG_FILE_MAX && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(text, chunk, n);
	int read_errno = ferror(f) ? errno : 0;
	fclose(f);
	if (read_errno) {
		snprintf(err, errlen, "cannot read configuration %s: %s", path, strerror(read_errno));
		return -1;
	}
	if (text->len > CONFIG_FILE_MAX) {
		snprintf(err, errlen, "configuration %s is larger than %d bytes", path, CONFIG_FILE_MAX);
		return -1;
	}
	return 0;
}

static int read_environment(struct walk_config *cfg, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++) {
		char var[64] = "WALK_";
		size_t n = strlen(var);
		for (const char *p = config_keys[i].name; *p && n < sizeof var - 1; p++)
			var[n++] = (char)toupper((unsigned char)*p);
		var[n] = '\0';
		const char *value = getenv(var);
		if (value && set_value(cfg, &config_keys[i], value, var, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* In production nothing may point at a fake: WeChat is reached over https only,
 * never on this machine's loopback. */
static int validate(const struct walk_config *cfg, char *err, size_t errlen)
{
	if (strncmp(cfg->appid, "wx", 2) != 0) {
		snprintf(err, errlen, "appid must start with 'wx'");
		return -1;
	}
	if (strcmp(cfg->pool, "participants") != 0 && strcmp(cfg->pool, "admin") != 0 &&
	    strcmp(cfg->pool, "outbound") != 0) {
		snprintf(err, errlen, "pool must be participants, outbound or admin");
		return -1;
	}
	if (strcmp(cfg->wx_env_version, "release") != 0 && strcmp(cfg->wx_env_version, "trial") != 0 &&
	    strcmp(cfg->wx_env_version, "develop") != 0) {
		snprintf(err, errlen, "wx_env_version must be release, trial or develop");
		return -1;
	}
	if (log_levels_check(cfg->log_level, cfg->log_levels, err, errlen) != 0)
		return -1;
	/* A pattern that needs more days than it looks at would never fire. */
	if (cfg->flag_same_days > cfg->flag_same_window || cfg->flag_team_same_days > cfg->flag_same_window) {
		snprintf(err, errlen, "flag_same_days and flag_team_same_days must not exceed flag_same_window (%d)",
		         cfg->flag_same_window);
		return -1;
	}
	if (cfg->flag_cap_days > cfg->flag_cap_window) {
		snprintf(err, errlen, "flag_cap_days must not exceed flag_cap_window (%d)", cfg->flag_cap_window);
		return -1;
	}
	/* The message never quotes the value: it is a secret. */
	if (strspn(cfg->data_key, "0123456789abcdefABCDEF") != 64) {
		snprintf(err, errlen, "data_key must be 64 hex digits (256 bits)");
		return -1;
	}
	if (cfg->data_key_previous[0] && strspn(cfg->data_key_previous, "0123456789abcdefABCDEF") != 64) {
		snprintf(err, errlen, "data_key_previous must be empty or 64 hex digits (256 bits)");
		return -1;
	}
	if (cfg->mode != MODE_PRODUCTION)
		return 0;
	const char *bases[] = { cfg->wx_api_base, cfg->pay_api_base };
	for (int i = 0; i < 2; i++) {
		const char *b = bases[i];
		if (strncmp(b, "https://", 8) != 0 || strstr(b, "://127.") || strstr(b, "://localhost") ||
		    strstr(b, "://[::1]")) {
			snprintf(err, errlen, "production mode refuses %s: WeChat must be reached over https, "
			         "not a local fake", i == 0 ? "wx_api_base" : "pay_api_base");
			return -1;
		}
	}
	if (cfg->pay_mch_id[0] && strncmp(cfg->pay_notify_url, "https://", 8) != 0) {
		snprintf(err, errlen, "production mode needs an https pay_notify_url");
		return -1;
	}
	if (strcmp(cfg->app_secret, "dev-app-secret") == 0) {
		snprintf(err, errlen, "production mode needs the real app_secret");
		return -1;
	}
	if (strcasecmp(cfg->data_key, DEV_DATA_KEY) == 0) {
		snprintf(err, errlen, "production mode needs its own data_key (openssl rand -hex 32)");
		return -1;
	}
	return 0;
}

/* The message push's key, in every mode (the dev default is one); the message
 * never quotes it.  Production's refusal of the dev Token and key is the
 * push handler's (config_push_is_dev): a server without them still runs. */
static int validate_push(const struct walk_config *cfg, char *err, size_t errlen)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	if (strlen(cfg->wx_push_aes_key) != 43 || strspn(cfg->wx_push_aes_key, b64) != 43) {
		snprintf(err, errlen, "wx_push_aes_key must be 43 base64 characters (the EncodingAESKey)");
		return -1;
	}
	return 0;
}

bool config_push_is_dev(const struct walk_config *cfg)
{
	return strcmp(cfg->wx_push_token, CONFIG_DEV_PUSH_TOKEN) == 0 ||
	       strcmp(cfg->wx_push_aes_key, CONFIG_DEV_PUSH_AES_KEY) == 0;
}

int config_load_text(struct walk_config *cfg, const char *text, size_t len, const char *name, char *err,
                     size_t errlen)
{
	set_defaults(cfg);
	if (parse_lines(cfg, text, len, name, err, errlen) != 0)
		return -1;
	if (read_environment(cfg, err, errlen) != 0)
		return -1;
	if (validate_push(cfg, err, errlen) != 0)
		return -1;
	return validate(cfg, err, errlen);
}

int config_load_file(struct walk_config *cfg, const char *path, char *err, size_t errlen)
{
	if (!path)
		return config_load_text(cfg, "", 0, "(no file)", err, errlen);
	struct buf text = { 0 };
	int rc = read_file(path, &text, err, errlen);
	if (rc == 0)
		rc = config_load_text(cfg, buf_str(&text), text.len, path, err, errlen);
	else
		set_defaults(cfg);
	buf_free(&text);
	/* A file is an installation's: it says what it is rather than fall back on
	 * the dev defaults, which serve /api/dev/echo and trust a local fake. */
	if (rc == 0 && !cfg->mode_given) {
		snprintf(err, errlen, "%s: no mode: the file must say mode = dev, test or production", path);
		rc = -1;
	}
	return rc;
}

int config_file_path(const char *env_path, const char *default_path, const char **out, char *err,
                     size_t errlen)
{
	*out = NULL;
	if (env_path && *env_path) {
		*out = env_path;
		return 0;
	}
	/* A file that is there but cannot be read (chmod 600 against the walk
	 * user, a broken link) is an error to report, never a reason for defaults. */
	struct stat st;
	if (lstat(default_path, &st) == 0 || errno != ENOENT) {
		*out = default_path;
		return 0;
	}
	/* The folder without its file: an installation that lost its configuration. */
	char dir[512];
	snprintf(dir, sizeof dir, "%s", default_path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (lstat(dir, &st) == 0 || errno != ENOENT) {
			snprintf(err, errlen, "%s exists but holds no %s: refusing to start with the dev defaults", dir,
			         slash + 1);
			return -1;
		}
	}
	return 0;
}

int config_load(struct walk_config *cfg, char *err, size_t errlen)
{
	const char *path;
	if (config_file_path(getenv("WALK_CONF"), "/etc/walk/walk.conf", &path, err, errlen) != 0) {
		set_defaults(cfg);
		return -1;
	}
	return config_load_file(cfg, path, err, errlen);
}
