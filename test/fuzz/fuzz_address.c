/* award_address_fields() (store_awards_address.h): the body of PUT
 * …/me/awards/{id}/address.  Properties: an accepted address has every field,
 * a six-digit division outside 71, 81 and 82; a refusal names a field and a
 * code that is one of the two the API documents. */
#include "fuzz.h"

#include "store_awards_address.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *body = cJSON_ParseWithLength((const char *)data, size);
	struct award_address a;
	struct address_problem p;
	if (award_address_fields(body, &a, &p)) {
		FUZZ_CHECK(a.recipient && a.mobile && a.division && a.detail);
		FUZZ_CHECK(strlen(a.division) == 6 && strspn(a.division, "0123456789") == 6);
		FUZZ_CHECK(strncmp(a.division, "71", 2) && strncmp(a.division, "81", 2) && strncmp(a.division, "82", 2));
		FUZZ_CHECK(valid_mobile(a.mobile));
	} else {
		FUZZ_CHECK(p.field && p.message);
		FUZZ_CHECK(strcmp(p.code, "validation_failed") == 0 || strcmp(p.code, "not_mainland") == 0);
	}
	cJSON_Delete(body);
	return 0;
}
