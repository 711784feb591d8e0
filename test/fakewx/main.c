/* fakewx-worker: the fake WeChat's FastCGI worker (see fakewx.h). */
#include "fakewx.h"
#include "pay.h"

#include "clock.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct route fake_routes[] = {
	{ "GET",  "/sns/jscode2session", 0, fake_jscode2session },
	{ "GET",  "/cgi-bin/token", 0, fake_token },
	/* Raw bodies: WeChat answers a malformed body with errcode 47001, not 400. */
	{ "POST", "/cgi-bin/stable_token", R_RAW_BODY, fake_stable_token },
	{ "POST", "/wxa/msg_sec_check", R_RAW_BODY, fake_msg_sec_check },
	{ "POST", "/cgi-bin/message/subscribe/send", R_RAW_BODY, fake_subscribe_send },
	{ "POST", "/wxa/getwxacodeunlimit", R_RAW_BODY, fake_getwxacodeunlimit },
	{ "POST", "/fake/users", R_JSON_BODY, fake_users_create },
	{ "GET",  "/fake/users/{openid}", 0, fake_users_get },
	{ "POST", "/fake/login", R_JSON_BODY, fake_login },
	{ "POST", "/fake/faults", R_JSON_BODY, fake_faults },
	{ "GET",  "/fake/calls", 0, fake_calls },
	{ "GET",  "/fake/messages", 0, fake_messages },
	{ "POST", "/fake/werun", R_JSON_BODY, fake_werun },
	{ "POST", "/fake/verdicts", R_JSON_BODY, fake_verdicts_add },
	{ "DELETE", "/fake/verdicts", 0, fake_verdicts_clear },
	/* WeChat Pay (pay.h): raw bodies, for their bytes are what is signed. */
	{ "POST", "/v3/fund-app/mch-transfer/transfer-bills", R_RAW_BODY, fake_pay_transfer },
	{ "GET",  "/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}", 0, fake_pay_query },
	{ "POST", "/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}/cancel", R_RAW_BODY,
	  fake_pay_cancel },
	{ "GET",  "/fake/pay/bills", 0, fake_pay_bills },
	{ "POST", "/fake/pay/confirm", R_JSON_BODY, fake_pay_confirm },
	{ "POST", "/fake/pay/notify", R_JSON_BODY, fake_pay_notify },
};

static bool before_request(struct request *req, struct response *resp)
{
	struct fakewx *fx = fake_of(req);
	if (!fx->walk_db) {
		char err[512];
		if (db_open(&fx->walk_db, fx->cfg.db_path, 2000, false, err, sizeof err) != 0)
			fx->walk_db = NULL;   /* no walk database yet: real time */
	}
	if (fx->walk_db)
		clock_refresh(fx->walk_db, config_clock_shift_allowed(&fx->cfg));
	(void)resp;
	return true;
}

int main(int argc, char **argv)
{
	static struct fakewx fx;
	char err[512];
	if (config_load(&fx.cfg, err, sizeof err) != 0) {
		log_error("configuration: %s", err);
		return 2;
	}
	if (fx.cfg.mode == MODE_PRODUCTION) {
		log_error("the fake WeChat refuses to run in production mode");
		return 2;
	}
	const char *state = getenv("FAKEWX_DB");
	snprintf(fx.state_path, sizeof fx.state_path, "%s", state && *state ? state : "var/fakewx.db");
	if (fake_state_open(&fx, err, sizeof err) != 0) {
		log_error("%s", err);
		return 2;
	}
	/* fakewx-worker --pay-sender: the fake WeChat Pay's callback sender (pay_notify.c). */
	if (argc > 1 && strcmp(argv[1], "--pay-sender") == 0) {
		int sender_rc = fake_pay_sender_main(&fx);
		db_close(fx.state);
		db_close(fx.walk_db);
		return sender_rc;
	}
	fake_pay_init();
	struct app app = {
		.name = "fakewx",
		.routes = fake_routes,
		.nroutes = sizeof fake_routes / sizeof fake_routes[0],
		.max_json_body = 1024 * 1024,
		.max_raw_body = 8 * 1024 * 1024,
		.ctx = &fx,
		.before = before_request,
	};
	int rc = server_run(&app);
	fake_pay_free();
	db_close(fx.state);
	db_close(fx.walk_db);
	return rc;
}
