#ifndef FAKEWX_PAY_H
#define FAKEWX_PAY_H
/*
 * The fake WeChat Pay (WECHAT.md §6, API.md "Dev stack"), beside the fake
 * WeChat on the same port and in the same SQLite state: the merchant
 * transfer's three endpoints, their signature checks and signed answers, the
 * bills' states and their 24 h expiry on the server clock, the completion
 * callbacks, the faults, and the /fake/pay/... controls.
 *
 * Its configuration is the environment nginx/devstack.sh gives it:
 *   FAKEPAY_DIR            merchant_pub.pem (verifies our requests),
 *                          wxpay_key.pem (signs answers and callbacks), apiv3_key
 *   FAKEPAY_MCH_ID, FAKEPAY_MCH_SERIAL, FAKEPAY_PUBLIC_KEY_ID
 *   FAKEPAY_MAX_AMOUNT     the largest transfer in fen (20000, 200 yuan)
 *   FAKEPAY_NOTIFY_TRIES, FAKEPAY_NOTIFY_RETRY_MS, FAKEPAY_NOTIFY_HOLD_MS,
 *   FAKEPAY_NOTIFY_TIMEOUT_MS   the callback sender's pace (pay_notify.c)
 *
 * Files: pay.c configuration, request checks, signed answers, the call log;
 * pay_transfer.c the three endpoints; pay_fields.c the transfer's fields;
 * pay_bills.c the bills and their states; pay_faults.c injected faults;
 * pay_notify.c the callbacks (queued with the state change that causes them,
 * sent by the sender process); pay_control.c the /fake/pay/... controls.
 */
#include "fakewx.h"
#include "rsa_sign.h"
#include "wxpay_auth.h"

#include <stdbool.h>
#include <stdint.h>

struct fakepay {
	bool ready;                    /* false: every pay endpoint answers 500 with why */
	char why[300];
	struct rsa_key *merchant_pub;  /* verifies the merchant's requests */
	struct rsa_key *wxpay_key;     /* signs answers and callbacks */
	unsigned char apiv3_key[WXPAY_APIV3_KEY_BYTES];
	char mch_id[WXPAY_MCHID_SIZE];
	char mch_serial[WXPAY_SERIAL_SIZE];
	char public_key_id[WXPAY_SERIAL_SIZE];
	int64_t max_amount;            /* fen */
};

/* pay.c */
/* Reads the environment and the keys (once per process); fake_pay() is the
 * result, ready or not. */
void fake_pay_init(void);
const struct fakepay *fake_pay(void);
void fake_pay_free(void);
/* The pay tables of the fake's state (pay_bills.c), created with the rest. */
extern const char fake_pay_schema[];

/* What one call to a pay endpoint was, for GET /fake/calls?api=… */
struct pay_call {
	const char *api;          /* "transfer", "query", "cancel" */
	const char *out_bill_no;  /* NULL until known */
	int64_t amount;           /* -1: none */
	bool signature_valid;
	const char *code;         /* the error code answered, "" for none */
	const char *fault;        /* the fault applied, "" for none */
};
/* Checks the request's Authorization (WECHATPAY2-SHA256-RSA2048 by our
 * merchant, its serial, signed over this request within 5 minutes).  Returns
 * true, or false after answering 401 SIGN_ERROR (or 500 when the fake is not
 * configured). */
bool pay_authenticate(struct request *req, struct response *resp, struct pay_call *call);
/* A signed JSON answer (root is freed), and a signed {"code","message"} error. */
void pay_reply(struct request *req, struct response *resp, int status, cJSON *root);
void pay_error(struct request *req, struct response *resp, struct pay_call *call, int status, const char *code,
               const char *message);
/* Ends a call: applies the answer's fault (bad_signature: a signature of
 * another text; lost_reply: the answer is dropped for a gateway's 502 after
 * the fault's seconds), signs, and records the call. */
void pay_finish(struct request *req, struct response *resp, struct pay_call *call, int fault_seconds);
/* Adds a call (or a callback's delivery) to the log GET /fake/calls reads. */
void pay_record_call(struct db *db, const struct pay_call *call, const char *method, const char *path,
                     const char *query, const char *body, int status);
/* "2019-07-01T20:30:00+08:00" for t, in the arena. */
const char *pay_time_text(struct request *req, int64_t t);

/* pay_faults.c */
/* Takes the next pending fault of call->api.  Faults that replace the answer
 * (system_error, timeout, frequency_limited, not_enough) are answered here:
 * returns true, the call then only needs pay_finish.  Faults of the work or
 * the answer (accepted, lost_reply, bad_signature) are left in call->fault
 * for the handler and pay_finish. */
bool pay_fault_first(struct request *req, struct response *resp, struct pay_call *call, int *seconds);
/* Callback faults, taken when a callback is queued: each true when one was
 * pending (and is now consumed). */
struct pay_notify_faults {
	bool duplicate, out_of_order, bad_signature;
};
struct pay_notify_faults pay_take_notify_faults(struct db *db);

/* pay_fields.c: the transfer request's fields, checked as WeChat Pay does. */
struct pay_transfer {
	const char *appid, *out_bill_no, *scene_id, *openid, *remark, *notify_url, *perception;
	int64_t amount;
	const char *fields;       /* every field that makes the bill, canonical (idempotency) */
};
/* 0 with *t filled (strings in the arena), or -1 with *status, *code and
 * *message (WeChat's PARAM_ERROR / INVALID_REQUEST and their messages). */
int pay_transfer_read(struct request *req, const cJSON *body, struct pay_transfer *t, int *status,
                      const char **code, const char **message);
/* Whether s is an out_bill_no as WeChat Pay takes it: 1..32 of [0-9A-Za-z]. */
bool pay_bill_no_valid(const char *s);

/* pay_bills.c */
struct pay_bill {
	const char *out_bill_no, *transfer_bill_no, *appid, *openid, *remark, *notify_url, *fields;
	const char *state, *fail_reason, *package_info;
	int64_t amount, created_at, updated_at;   /* server clock */
};
enum { PAY_CONFIRM_SECONDS = 24 * 3600 };
/* Looks a bill up (strings in the arena): SQLITE_OK, DB_NOTFOUND or an error. */
int pay_bill_get(struct request *req, const char *out_bill_no, struct pay_bill *b);
/* Inserts a new bill in state (WAIT_USER_CONFIRM, or ACCEPTED) from t at now;
 * SQLite code. */
int pay_bill_create(struct request *req, const struct pay_transfer *t, const char *state, int64_t now,
                    struct pay_bill *b);
/* Moves a bill to state (if it is in one of from, a '|'-separated list) at
 * now, and queues its callback when the new state is final, in one
 * transaction of the caller's.  SQLITE_OK, DB_NOTFOUND (not in from), or an
 * error. */
int pay_bill_move(struct db *db, const char *out_bill_no, const char *from, const char *state,
                  const char *fail_reason, int64_t now);
/* Moves what time moves, in one transaction, a callback with each final
 * state: WAIT_USER_CONFIRM bills 24 h old (server clock) → CANCELLED,
 * CANCELING → CANCELLED, ACCEPTED → WAIT_USER_CONFIRM.  SQLite code. */
int pay_bills_settle(struct db *db, int64_t now);
bool pay_state_final(const char *state);
/* The bill as the query answers it; the transfer's own answer. */
cJSON *pay_bill_json(struct request *req, const struct pay_bill *b);
cJSON *pay_bill_created_json(struct request *req, const struct pay_bill *b);
/* The bill as GET /fake/pay/bills lists it. */
cJSON *pay_bill_control_json(const struct pay_bill *b);
/* Reads the bill of st's current row (the columns of PAY_BILL_COLUMNS). */
#define PAY_BILL_COLUMNS                                                                                           \
	"out_bill_no, transfer_bill_no, appid, openid, remark, notify_url, fields, state, fail_reason, "             \
	"package_info, amount, created_at, updated_at"
void pay_bill_from_row(struct arena *a, sqlite3_stmt *st, struct pay_bill *b);

/* pay_notify.c */
/* Queues the completion callback of a bill in a final state (copies: how
 * many times it is to be delivered; faults add copies, hold it back or spoil
 * its signature).  In the caller's transaction.  SQLite code. */
int pay_notify_queue(struct db *db, const char *out_bill_no, int copies);
/* The sender process (fakewx-worker --pay-sender): delivers due callbacks,
 * retries those not answered 200/204, settles what time closes; until SIGTERM. */
int fake_pay_sender_main(struct fakewx *fx);

/* Handlers. */
void fake_pay_transfer(struct request *req, struct response *resp);
void fake_pay_query(struct request *req, struct response *resp);
void fake_pay_cancel(struct request *req, struct response *resp);
void fake_pay_bills(struct request *req, struct response *resp);
void fake_pay_confirm(struct request *req, struct response *resp);
void fake_pay_notify(struct request *req, struct response *resp);
/* GET /fake/calls for a pay api (transfer, query, cancel, notify): answers
 * and returns true; false (resp untouched) for any other api. */
bool fake_pay_calls(struct request *req, struct response *resp, const char *api);

#endif
