/* multipart_file() (media_multipart.h): the input's first line is the
 * Content-Type's boundary parameter, the rest the body.  Properties: a file
 * found is a slice of the body, right after an empty line and right before a
 * delimiter of that boundary; the reader never reads outside the input. */
#include "fuzz.h"

#include "media_multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size < 100 ? size : 100);
	if (!nl)
		return 0;
	size_t plen = (size_t)(nl - data);
	char ct[160];
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=%.*s", (int)plen, (const char *)data);
	if (memchr(data, '\0', plen))
		return 0;   /* a header value holds no NUL */
	const uint8_t *body = nl + 1, *file;
	size_t len = size - plen - 1, flen;
	/* The body in its own allocation, so that a read past it is caught. */
	uint8_t *copy = malloc(len ? len : 1);
	memcpy(copy, body, len);
	if (multipart_file(ct, copy, len, "photo", &file, &flen) == MULTIPART_OK) {
		FUZZ_CHECK(file >= copy && file + flen <= copy + len);
		FUZZ_CHECK(file - copy >= 4 && memcmp(file - 4, "\r\n\r\n", 4) == 0);
		FUZZ_CHECK((size_t)(copy + len - (file + flen)) >= 4 + 2 && memcmp(file + flen, "\r\n--", 4) == 0);
	}
	free(copy);
	return 0;
}
