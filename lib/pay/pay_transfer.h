#ifndef WALK_PAY_TRANSFER_H
#define WALK_PAY_TRANSFER_H
/*
 * The merchant transfer's two calls (WECHAT.md §6): make the bill, and ask
 * for it by its out_bill_no.  Each is one signed exchange (pay_client.h)
 * whose answer is believed only when its signature verified.
 *
 * The request's fields come from the payout row alone plus constants, so that
 * every retry of a bill sends exactly the same fields (WeChat Pay refuses a
 * known out_bill_no with different ones).
 */
#include "buf.h"
#include "pay_answer.h"
#include "store_payouts.h"

#include <stdint.h>

struct pay_client;

/* The transfer's JSON body for p into out (emptied first). */
void pay_transfer_body(const struct payout *p, const char *appid, const char *notify_url, struct buf *out);

/* POST …/transfer-bills for p; the answer into *a (PAY_NO_ANSWER when none
 * came or it did not verify). */
void pay_transfer(struct pay_client *pc, const char *appid, const struct payout *p, int64_t now_real,
                  struct pay_answer *a);
/* GET …/transfer-bills/out-bill-no/{out_bill_no}. */
void pay_query(struct pay_client *pc, const char *out_bill_no, int64_t now_real, struct pay_answer *a);

#endif
