#ifndef WALK_PAY_CLIENT_H
#define WALK_PAY_CLIENT_H
/*
 * The WeChat Pay client (WECHAT.md §6): the merchant's configuration and keys,
 * loaded once per process, and one signed HTTP exchange.
 *
 * Every request is signed with the merchant's private key; every answer is
 * verified (wxpay_auth.h: the key chosen by Wechatpay-Serial among WeChat
 * Pay's public key and an optional platform certificate, the timestamp within
 * 5 minutes of the real time, the SIGNTEST probe refused) before anything in
 * it is believed.  The keys and the APIv3 key never leave this struct: no log
 * line, no error message quotes them.
 */
#include "buf.h"
#include "config.h"
#include "wxpay_auth.h"

#include <stdbool.h>
#include <stddef.h>

struct pay_client;

/* Whether the configuration names a merchant (pay_mch_id set). */
bool pay_configured(const struct walk_config *cfg);

/* Loads the keys the configuration names.  0 with *out, or -1 with a reason
 * in err (which names the key, never its contents). */
int pay_client_open(const struct walk_config *cfg, struct pay_client **out, char *err, size_t errsize);
void pay_client_close(struct pay_client *pc);

/* The merchant id and the mini-program's appid, as the participant's client
 * needs them for wx.requestMerchantTransfer. */
const char *pay_client_mch_id(const struct pay_client *pc);
const char *pay_client_appid(const struct walk_config *cfg);
const char *pay_client_notify_url(const struct pay_client *pc);

/* One exchange's outcome. */
struct pay_http {
	long status;            /* the HTTP status; 0: no answer (network, timeout) */
	bool verified;          /* the answer's signature verified */
	enum wxpay_verdict verdict;
	struct buf body;        /* the answer's body; the caller frees it (buf_free) */
};

/* Sends method path (path with its query, e.g. "/v3/fund-app/…") with body
 * (NULL: none) to pay_api_base, signed, and reads the answer with its
 * Wechatpay-* headers, verified at now_real (clock_real_now).  Returns 0 when
 * an answer came (whatever its status; out->verified says whether to trust
 * it), -1 when none did.  The answer is capped at 64 KiB. */
int pay_call(struct pay_client *pc, const char *method, const char *path, const char *body, int64_t now_real,
             struct pay_http *out);

/* Verifies a callback's headers and body (pay_notify.h), and opens its
 * resource with the APIv3 key into plain; event_type as wxpay_callback_open.
 * WXPAY_OK only when both hold (a resource that does not open is
 * WXPAY_BAD_SIGNATURE: it is not WeChat Pay's). */
enum wxpay_verdict pay_client_open_callback(struct pay_client *pc, const char *timestamp, const char *nonce,
                                            const char *signature, const char *serial, const char *body,
                                            size_t n, int64_t now_real, struct buf *plain,
                                            char event_type[WXPAY_EVENT_TYPE_SIZE]);

#endif
