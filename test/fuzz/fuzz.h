#ifndef WALK_FUZZ_H
#define WALK_FUZZ_H
/*
 * What every libFuzzer target (test/fuzz/fuzz_<name>.c) shares: the entry
 * point's prototype, and FUZZ_CHECK for the properties a target asserts
 * beyond "does not crash".  A failed property aborts, so that libFuzzer
 * keeps the input as a crash like any sanitizer report.
 *
 * libFuzzer's input is exactly size bytes with nothing after them, so that
 * AddressSanitizer catches a parser reading one byte past its input; a target
 * that needs a C string copies the input with fuzz_strndup().
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: error: property failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* The input as a NUL-terminated string in its own allocation of size + 1
 * bytes (an embedded NUL shortens the string); the caller frees. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
