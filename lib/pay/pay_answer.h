#ifndef WALK_PAY_ANSWER_H
#define WALK_PAY_ANSWER_H
/*
 * WeChat Pay's answers about a bill (WECHAT.md §6), read from JSON: a
 * transfer's or a query's answer (with its HTTP status), and a callback's
 * decrypted resource.  Pure: no I/O.  The JSON is untrusted even after its
 * signature verified: every field is checked for type and length, and a
 * field that does not fit is treated as absent.
 */
#include <stdbool.h>
#include <stddef.h>

enum pay_answer_kind {
	PAY_NO_ANSWER,   /* nothing trustworthy: network, timeout, bad signature, not JSON */
	PAY_STATE,       /* a bill with its state */
	PAY_ERROR        /* an error status with {"code","message"} (code may be "") */
};

struct pay_answer {
	enum pay_answer_kind kind;
	long status;
	char code[64];
	char message[128];
	char out_bill_no[33];
	char state[24];
	char transfer_bill_no[72];
	char package_info[512];
	char fail_reason[64];
};

/* The answer of status with body (n bytes, no NUL needed) into *a: a 2xx
 * with an object holding a string "state" is PAY_STATE; a 4xx/5xx is
 * PAY_ERROR (code "" when the body gives none); anything else PAY_NO_ANSWER. */
void pay_answer_parse(long status, const char *body, size_t n, struct pay_answer *a);

/* A callback's decrypted resource (the bill: out_bill_no, transfer_bill_no,
 * state, fail_reason …) into *a as PAY_STATE.  0, or -1 (a->kind
 * PAY_NO_ANSWER) when it is not an object with a string out_bill_no and
 * state. */
int pay_bill_parse(const char *json, size_t n, struct pay_answer *a);

#endif
