#ifndef WALK_WXPAY_VECTORS_H
#define WALK_WXPAY_VECTORS_H
/*
 * Fixed vectors of WeChat Pay's signatures and AEAD, made by other
 * implementations than the one under test, so that anyone can re-check them.
 * Paths are relative to the repository's root (where the tests run).
 *
 * The keys (test keys only, test/fixtures/wxpay/) were made with
 *   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out merchant_key.pem
 *   openssl pkey -in merchant_key.pem -pubout -out merchant_pub.pem
 * and the same for wxpay_key.pem / wxpay_pub.pem, then
 *   openssl rsa -in wxpay_key.pem -traditional -out wxpay_key_pkcs1.pem   (the PKCS#1 form)
 *   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out short_key.pem
 *   openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec_key.pem
 */

#define FIXTURE_DIR "test/fixtures/wxpay/"
#define MERCHANT_KEY FIXTURE_DIR "merchant_key.pem"
#define MERCHANT_PUB FIXTURE_DIR "merchant_pub.pem"
#define WXPAY_KEY FIXTURE_DIR "wxpay_key.pem"
#define WXPAY_KEY_PKCS1 FIXTURE_DIR "wxpay_key_pkcs1.pem"
#define WXPAY_PUB FIXTURE_DIR "wxpay_pub.pem"
#define SHORT_KEY FIXTURE_DIR "short_key.pem"
#define EC_KEY FIXTURE_DIR "ec_key.pem"

#define MCH_ID "1900000109"
#define MCH_SERIAL "3775B6A45ACD588826D15E583A95F5DD00000001"
#define PUBLIC_KEY_ID "PUB_KEY_ID_0119000001092026120100000000000001"

/* A transfer request, signed by merchant_key.pem:
 *   printf 'POST\n/v3/fund-app/mch-transfer/transfer-bills\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n%s\n' \
 *     "$TRANSFER_BODY" | openssl dgst -sha256 -sign merchant_key.pem | base64 -w0
 * (check with ... | openssl dgst -sha256 -verify merchant_pub.pem -signature <(echo SIG | base64 -d)). */
#define TRANSFER_PATH "/v3/fund-app/mch-transfer/transfer-bills"
#define REQUEST_TIMESTAMP 1554208460
#define REQUEST_NONCE "593BEC0C930BF1AFEB40B4A08C8FB242"
#define TRANSFER_BODY                                                                                              \
	"{\"appid\":\"wxd678efh567hg6787\",\"out_bill_no\":\"plfk2020042013\",\"transfer_scene_id\":\"1000\","    \
	"\"openid\":\"o-MYE42l80oelYMDE34nYD456Xoy\",\"transfer_amount\":30,\"transfer_remark\":\"与祖国同行 红包\"," \
	"\"notify_url\":\"https://example.org/api/pay/notify\",\"user_recv_perception\":\"活动奖励\","            \
	"\"transfer_scene_report_infos\":[{\"info_type\":\"活动名称\",\"info_content\":\"与祖国同行\"},"            \
	"{\"info_type\":\"奖励说明\",\"info_content\":\"步数红包\"}]}"
#define TRANSFER_SIGNATURE                                                                                         \
	"Hr8F48IWY/LIxAybXo+ywM6ZdGl5H8OXAJweDwzosIykJDZbKxDMcy/aMEJLaWmamWCHZYVzbNdGgNsKYxdzHOq1H7tdxrQ33TNI2zmEUrI/" \
	"X4Z4wtsugBmj6PI1RoEwbnn8kntIVyk/2IN2CWZJ+dmVe/uFmAit6h0HVv9P75ZAQybpXnIVyErLjJlSf7Z6KQz1cyl25eoQMHMzC15N8jv3" \
	"cGSXcika/Yu4kW+6Gpj3hTBucrJENKF/B5OZShi/SozI7lx8nsSY7dJmxKNcJBDHiNpQM0yIwYfb5eYMSNVTFlgVEqwdGWpQAbL+IzxpjrGU" \
	"LI4VKzbVAoa0KOy3QA=="

/* A query (GET, empty body) with the same timestamp and nonce:
 *   printf 'GET\n/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/plfk2020042013\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n' \
 *     | openssl dgst -sha256 -sign merchant_key.pem | base64 -w0 */
#define QUERY_PATH "/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/plfk2020042013"
#define QUERY_SIGNATURE                                                                                            \
	"xARdlHPOPqpr1j62Hueqe4gVEJX14s2IfZWLuc5QH1sr+G+z7U7SR2D/T0Jq9VeZM9c6/1TJ/lxyAUe7HLdVPtk13jXyGWTgINd4ippoPNtP" \
	"9hV231tJw1xK6SK0PvFnZ57TFHZgI7TC/lKjj+FgNgEW+48KoNSQncL2AnGgahRfPxBSM4du7kmUOI2BWMVRvcP37zdRpcu1HE3J20/wElYo" \
	"hZVFvVnyF6ObAo8IBSRsRQ2pJEC+ardCtHzrjcGVqARIPptueilziG0zGtzAIesGxZXSGull4zKXd8uL1qsXHRDFtxNRWN29YLgqFbjV5EtH" \
	"393CRNkVtMAW54/p+w=="

/* An answer, signed by wxpay_key.pem:
 *   printf '1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n%s\n' "$ANSWER_BODY" \
 *     | openssl dgst -sha256 -sign wxpay_key.pem | base64 -w0 */
#define ANSWER_TIMESTAMP_TEXT "1554209980"
#define ANSWER_TIMESTAMP 1554209980
#define ANSWER_NONCE "c5ac7061fccab6bf3e254dcf98995b8c"
#define ANSWER_BODY                                                                                                \
	"{\"out_bill_no\":\"plfk2020042013\",\"transfer_bill_no\":\"1330000071100999991182020050700019480001\","   \
	"\"create_time\":\"2015-05-20T13:29:35.120+08:00\",\"state\":\"WAIT_USER_CONFIRM\","                       \
	"\"package_info\":\"affffddafdfafddffda==\"}"
#define ANSWER_SIGNATURE                                                                                           \
	"AiChaB54so91Ky70RA3PJSokA+qjxtoBpXPmWRqCeV4OcRAN5Clyjeto1pLpeR6KvXTJ4DPydtng0ChFoEEusS+GCO5tZ2U39TUkL56gP5H5" \
	"jadjHHRdyW5bmNQVgVLrlhntJXOdJfjMNPplWEEGlgJjxW9fz/GvYarLgFJyTP/qIIn11qaEsolPFBZH2yqOFuXm97r+cD1eD3ai/HMR2d0X" \
	"z++pRgzuTakuC2y/ppvVzBUyZ3gH+A+bhcB7Z/cnX1dmUAayqylzAwbMdkrW8aFADbEcym1PxQNUkdmrDgRL1AlPnrq7I2Z7jmgOtwseY4TM" \
	"6FjRnBk/K+rctEwbOg=="

/* A callback's resource: AES-256-GCM of RESOURCE_PLAIN under the APIv3 key
 * APIV3_KEY (its 32 ASCII characters as the key), nonce RESOURCE_NONCE (12
 * ASCII characters as the IV), associated data "mch_payment".  `openssl enc`
 * refuses AEAD ciphers, so it was made by OpenSSL's GCM through node:
 *   node -e 'const c=require("crypto"),e=c.createCipheriv("aes-256-gcm",Buffer.from(process.argv[1]),
 *     Buffer.from(process.argv[2]));e.setAAD(Buffer.from("mch_payment"));
 *     console.log(Buffer.concat([e.update(process.argv[3]),e.final(),e.getAuthTag()]).toString("base64"))' \
 *     "$APIV3_KEY" "$RESOURCE_NONCE" "$RESOURCE_PLAIN"
 * and the same bytes came out of python3's cryptography (AESGCM(key).encrypt(nonce, plain, b"mch_payment")). */
#define APIV3_KEY "Wk5uV9qT3mX8rB2cL7dF4gH1jK6sP0aZ"
#define RESOURCE_NONCE "fdasflkja484"
#define RESOURCE_PLAIN                                                                                             \
	"{\"out_bill_no\":\"plfk2020042013\",\"transfer_bill_no\":\"1330000071100999991182020050700019480001\","   \
	"\"state\":\"SUCCESS\",\"mch_id\":\"1900000109\",\"transfer_amount\":30,"                                  \
	"\"openid\":\"o-MYE42l80oelYMDE34nYD456Xoy\",\"create_time\":\"2015-05-20T13:29:35+08:00\","              \
	"\"update_time\":\"2015-05-20T13:30:35+08:00\"}"
#define RESOURCE_CIPHERTEXT                                                                                        \
	"BAWfiBSihjQWxwbvMAmrglL89DbW5XvbQL1ipXWC3ehwCfFEeI5XYc8utKNMOdrQge/LUb44JvxHpEE1CbGViibqH/OIwI4xGJmznhiroSHX" \
	"X9r24JwXl+0CoXqg5sl84H7Nh0GuTBVYYs5a9QYDPNQE62hWMebg/LNkCANiCyF/rWjUehj6x7qRw/tNXpe4nLeOcnEvi3EAGQx+6CpEPjGk" \
	"6tXBvaz+z17h1LmxVAZaLwDhCC2GbRsloptdboyFFmiaHaUoFNatKrPbsjCFX+a4t7B7yBXNvR/QRq/fIt3Q0d0pVtz+nTvyqlS1UqEeUCr3" \
	"HDjzMv+CPMJ4SMTvPrEPi7ZBPie4sbqMDfuMKA8vOKLQ+F0N25Z2ahItZL/dK5kuhOBodw=="

#endif
