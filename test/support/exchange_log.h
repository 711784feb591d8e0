#ifndef WALK_TEST_EXCHANGE_LOG_H
#define WALK_TEST_EXCHANGE_LOG_H
/*
 * Every exchange of the test HTTP client, one line of JSON each, for the
 * contract's validator (test/contract/validate-answers.mjs), which checks each
 * answer of the server against fcgi/openapi.yaml at the end of test/run.sh:
 *
 *   {"method":"GET","url":"http://127.0.0.1:9123/api/health","status":200,
 *    "content_type":"application/json","body":{…}}           (JSON answers,
 *                                     "body_not_json":true when it does not parse)
 *   {…,"content_type":"image/jpeg","body_len":48213}           (any other)
 *
 * The file is $WALK_EXCHANGE_LOG, else test-out/exchanges/PROGRAM-PID.jsonl
 * under $PWD; WALK_EXCHANGE_LOG=off writes nothing.  A failure to write is
 * never a test's failure: the validator then finds fewer exchanges.
 */
#include <stddef.h>

void exchange_log(const char *method, const char *url, long status, const char *content_type,
                  const char *body, size_t len);

#endif
