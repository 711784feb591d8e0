#ifndef WALK_CONFIG_H
#define WALK_CONFIG_H
/*
 * The configuration of one installation: a file of `key = value` lines ('#'
 * starts a comment), each key overridable by an environment variable
 * WALK_<KEY> (upper case).  The file is $WALK_CONF, else /etc/walk/walk.conf
 * if it exists, else none (built-in defaults, which suit the dev stack).  It
 * fails closed: a file that exists but cannot be read, a file without a mode
 * line (nor WALK_MODE), or /etc/walk without its walk.conf stop the program.
 * README.md documents every key; config_keys[] below is the list.
 *
 * Rule numbers of an activity are NOT configuration here: they live in the
 * database with the activity.
 */
#include <stdbool.h>
#include <stddef.h>

enum walk_mode { MODE_DEV, MODE_TEST, MODE_PRODUCTION };

/* The reminder template of the dev stack, which production refuses. */
#define CONFIG_DEV_REMIND_TEMPLATE "dev-remind-template"
/* The message push's Token and EncodingAESKey of the dev stack, which
 * production refuses; the fake WeChat pushes with the same. */
#define CONFIG_DEV_PUSH_TOKEN "dev-push-token"
#define CONFIG_DEV_PUSH_AES_KEY "ZGV2LXB1c2gtYWVzLWtleS1ub3QtZm9yLXByb2R1Y3Q"


struct walk_config {
	enum walk_mode mode;
	char db_path[512];
	int db_busy_timeout_ms;
	char appid[64];
	char app_secret[128];
	char data_key[65];         /* 256 bits as hex: seals secrets at rest (sealed.h); never logged */
	char data_key_previous[65];   /* "", or the key a rotation moves away from (walkctl pii rotate-key) */
	char wx_api_base[256];     /* WeChat API; the fake WeChat in dev and test */
	char pay_api_base[256];    /* WeChat Pay API */
	int wx_timeout_ms;         /* whole-request timeout of a WeChat call (code2Session, access_token) */
	int wx_check_timeout_ms;   /* what one text check's calls may take in all: a participant waits */
	int session_ttl_days;      /* participants' bearer tokens */
	char log_level[16];
	char pool[16];             /* the routes this worker serves: "participants" (/api/), "outbound" (the /api/ routes that call WeChat) or "admin" (/admin/api/) */
	char run_dir[512];         /* the workers' lock files (the admin PBKDF2 slots) */
	int admin_pbkdf2_slots;    /* PBKDF2 computations at once, whatever the number of admin workers */
	bool mode_given;           /* mode came from the file or WALK_MODE, not the default */
	/* Reminders (RULES §13, WECHAT.md §5) and invite codes (§5a). */
	char wx_env_version[16];        /* the mini-program version opened: release, trial or develop */
	char remind_template_id[128];   /* the subscribe message's template */
	char remind_page[256];          /* the page a reminder opens */
	char remind_data[512];          /* "key=value;…", the template's fields (wx_subscribe.h) */
	int remind_rate;                /* messages sent a second, at most */
	int remind_concurrency;         /* calls to WeChat in flight, at most */
	char invite_code_page[256];     /* the page a scanned invite code opens */
	char invite_code_dir[512];      /* the cached codes; "" for invite-codes/ beside the database */
	/* Checkpoint photos and posters (lib/media), WeChat's image check and message push (§4, §4a). */
	char media_dir[512];            /* photo and poster files; "" for media/ beside the database */
	char public_base_url[256];      /* this server as WeChat reaches it: the photo URLs of the image check */
	char wx_push_token[64];         /* the message push's Token; never logged */
	char wx_push_aes_key[64];       /* its EncodingAESKey, 43 base64 characters; never logged */
	/* WeChat Pay merchant transfers (WECHAT.md §6).  The key files' contents
	 * are secrets: never logged, never quoted in an error. */
	char pay_mch_id[33];            /* the merchant id; "" : payouts are not configured */
	char pay_mch_serial[65];        /* the serial of the merchant's API certificate */
	char pay_mch_key_file[512];     /* the merchant's private key (PEM) */
	char pay_apiv3_key_file[512];   /* the APIv3 key: 32 characters */
	char pay_public_key_id[65];     /* WeChat Pay's public key id (PUB_KEY_ID_…) */
	char pay_public_key_file[512];  /* WeChat Pay's public key (PEM) */
	char pay_platform_serial[65];   /* optional: an older platform certificate's serial … */
	char pay_platform_key_file[512];/* … and its public key (PEM), during a switch */
	char pay_notify_url[256];       /* our callback URL (https, no query string, in production) */
	int pay_timeout_ms;             /* the whole-request timeout of one call to WeChat Pay */
	int pay_slow_ms;                /* the reconciler's first wait after a rate-limited answer */
	char backup_dir[512];           /* where walkctl backup writes without a DEST; "" for none */
	int backup_keep;                /* the backup sets walkctl backup keeps */
	char log_levels[256];           /* per component: "wx=debug,settle=warn" over log_level */
	/* Fair play (RULES §14): the thresholds of the flags pass (lib/fairplay/fairplay.h). */
	int flag_cap_days, flag_cap_window, flag_cap_mean_percent;
	int flag_same_days, flag_same_window;
	int flag_team_same_members, flag_team_same_days;
	int flag_bad_payloads;
	int flag_multi_mobile;
};

/* The flags pass's defaults (README "Fair play"). */
enum {
	CONFIG_FLAG_CAP_DAYS = 8, CONFIG_FLAG_CAP_WINDOW = 10, CONFIG_FLAG_CAP_MEAN_PERCENT = 150,
	CONFIG_FLAG_SAME_DAYS = 5, CONFIG_FLAG_SAME_WINDOW = 30,
	CONFIG_FLAG_TEAM_SAME_MEMBERS = 3, CONFIG_FLAG_TEAM_SAME_DAYS = 3,
	CONFIG_FLAG_BAD_PAYLOADS = 10,
	CONFIG_FLAG_MULTI_MOBILE = 2,
};

/* Fills defaults, reads the file (if any) and the environment, validates.
 * Returns 0, or -1 with a one-line reason in err. */
int config_load(struct walk_config *cfg, char *err, size_t errlen);
/* Same, from an explicit file path (NULL: none).  A file must give the mode. */
int config_load_file(struct walk_config *cfg, const char *path, char *err, size_t errlen);
/* Which file config_load reads: env_path when set and not empty; else
 * default_path if anything is there (readable or not: the read then fails
 * loudly); else none (*out NULL), unless default_path's folder exists, which
 * is an installation without its file: -1 with the reason in err. */
int config_file_path(const char *env_path, const char *default_path, const char **out, char *err,
                     size_t errlen);
/* Same, from len bytes of text as a file named name would hold them (name
 * only appears in err).  Lines end at '\n'; a line longer than 1023 bytes or
 * holding a NUL byte is refused.  config_load_file() reads the file and
 * calls this. */
int config_load_text(struct walk_config *cfg, const char *text, size_t len, const char *name, char *err,
                     size_t errlen);

const char *config_mode_name(enum walk_mode mode);
/* Whether the message push's Token or EncodingAESKey is the dev stack's
 * published one, which production refuses to trust (api_wx_events.c). */
bool config_push_is_dev(const struct walk_config *cfg);
/* The clock may be shifted in dev and test modes only. */
bool config_clock_shift_allowed(const struct walk_config *cfg);

#endif
