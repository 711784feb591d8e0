/* lib/buf and lib/arena: the memory every request uses. */
#include "arena.h"
#include "buf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void buf_appends_and_stays_terminated(void **state)
{
	(void)state;
	struct buf b = { 0 };
	assert_string_equal(buf_str(&b), "");
	buf_puts(&b, "abc");
	buf_printf(&b, "-%d-%s", 42, "x");
	assert_string_equal(buf_str(&b), "abc-42-x");
	assert_int_equal(b.len, 8);
	for (int i = 0; i < 10000; i++)
		buf_append(&b, "0123456789", 10);
	assert_int_equal(b.len, 8 + 100000);
	assert_int_equal(b.data[b.len], '\0');
	buf_reset(&b, 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_non_null(b.data);   /* capacity kept */
	buf_printf(&b, "%s", "big");
	buf_reset(&b, 1024);       /* more than 1 KiB of capacity is given back */
	assert_null(b.data);
	buf_free(&b);
}

static void arena_allocates_aligned_and_resets(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1024);
	void *p1 = arena_alloc(&a, 3);
	void *p2 = arena_alloc(&a, 5);
	assert_int_equal((uintptr_t)p1 % _Alignof(max_align_t), 0);
	assert_int_equal((uintptr_t)p2 % _Alignof(max_align_t), 0);
	assert_ptr_not_equal(p1, p2);
	char *big = arena_alloc(&a, 100000);   /* larger than a block */
	memset(big, 'x', 100000);
	assert_string_equal(arena_printf(&a, "%s=%d", "n", 7), "n=7");
	assert_string_equal(arena_strndup(&a, "hello", 3), "hel");
	char *z = arena_zalloc(&a, 64);
	for (int i = 0; i < 64; i++)
		assert_int_equal(z[i], 0);
	arena_reset(&a);
	/* After a reset the first block is reused from its start. */
	assert_ptr_equal(arena_alloc(&a, 3), p1);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_appends_and_stays_terminated),
		cmocka_unit_test(arena_allocates_aligned_and_resets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
