/* The checks the dispatcher applies to an R_JSON_BODY request (http.h):
 * http_parse_json_object() on the input as the body (followed by a NUL, as
 * req_read_body() leaves it) and http_is_json_type() on it as a Content-Type.
 * Properties: an accepted body is a JSON object and holds no NUL byte
 * (nothing after one can be hidden from the handler); printing the tree and
 * parsing the print is accepted too and prints the same; the Content-Type
 * check agrees with a plain reading of its rule. */
#include "fuzz.h"

#include "http.h"

#include <stdbool.h>

static void check_body(const char *body, size_t size)
{
	cJSON *json = http_parse_json_object(body, size);
	if (!json)
		return;
	FUZZ_CHECK(cJSON_IsObject(json));
	FUZZ_CHECK(memchr(body, '\0', size) == NULL);

	char *printed = cJSON_PrintUnformatted(json);
	FUZZ_CHECK(printed != NULL);
	cJSON *again = http_parse_json_object(printed, strlen(printed));
	FUZZ_CHECK(again != NULL);
	char *reprinted = cJSON_PrintUnformatted(again);
	FUZZ_CHECK(reprinted != NULL && strcmp(printed, reprinted) == 0);
	cJSON_free(reprinted);
	cJSON_Delete(again);
	cJSON_free(printed);
	cJSON_Delete(json);
}

/* "application/json" in any case, then spaces, then the end or a ';'. */
static bool json_type_reference(const char *ct)
{
	static const char type[] = "application/json";
	for (size_t i = 0; i < sizeof type - 1; i++) {
		char lower = ct[i] >= 'A' && ct[i] <= 'Z' ? (char)(ct[i] - 'A' + 'a') : ct[i];
		if (lower != type[i])
			return false;
	}
	ct += sizeof type - 1;
	while (*ct == ' ')
		ct++;
	return *ct == '\0' || *ct == ';';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body = fuzz_strndup(data, size);
	check_body(body, size);
	FUZZ_CHECK(http_is_json_type(body) == json_type_reference(body));
	free(body);
	return 0;
}
