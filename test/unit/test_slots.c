/* lib/base/slots: N lock files shared by processes, taken without waiting,
 * given back by the kernel when their holder dies. */
#include "slots.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/walk-slots-test-%d", (int)getpid());
	return mkdir(dir, 0700);
}

static int remove_dir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

/* Two workers' views of the same two slots: what one holds, the other cannot
 * take, and a slot given back is free for anyone. */
static void two_holders_share_the_slots(void **state)
{
	(void)state;
	struct slots a, b;
	slots_init(&a, dir, "pbkdf2", 2);
	slots_init(&b, dir, "pbkdf2", 2);
	int first = -1, second = -1, other = -1;
	assert_int_equal(slots_take(&a, &first), SLOT_TAKEN);
	assert_int_equal(slots_take(&b, &second), SLOT_TAKEN);
	assert_int_not_equal(first, second);
	assert_int_equal(slots_take(&a, &other), SLOTS_BUSY);
	assert_int_equal(slots_take(&b, &other), SLOTS_BUSY);
	slots_give(&a, first);
	assert_int_equal(slots_take(&b, &other), SLOT_TAKEN);
	assert_int_equal(other, first);
	assert_int_equal(slots_take(&a, &other), SLOTS_BUSY);
	/* Closing gives back whatever is held. */
	slots_close(&b);
	assert_int_equal(slots_take(&a, &first), SLOT_TAKEN);
	assert_int_equal(slots_take(&a, &second), SLOT_TAKEN);
	assert_int_equal(slots_take(&a, &other), SLOTS_BUSY);
	slots_close(&a);
}

/* One holder cannot take the same slot twice (flock() alone would let it). */
static void a_holder_counts_what_it_holds(void **state)
{
	(void)state;
	struct slots a;
	slots_init(&a, dir, "single", 1);
	int i = -1, j = -1;
	assert_int_equal(slots_take(&a, &i), SLOT_TAKEN);
	assert_int_equal(slots_take(&a, &j), SLOTS_BUSY);
	slots_give(&a, i);
	assert_int_equal(slots_take(&a, &j), SLOT_TAKEN);
	assert_int_equal(j, i);
	slots_close(&a);
}

/* A process killed while it holds every slot frees them by dying. */
static void a_dead_holder_frees_its_slots(void **state)
{
	(void)state;
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct slots c;
		slots_init(&c, dir, "dying", 2);
		int i, j;
		char ok = slots_take(&c, &i) == SLOT_TAKEN && slots_take(&c, &j) == SLOT_TAKEN ? 'y' : 'n';
		if (write(ready[1], &ok, 1) != 1)
			_exit(1);
		alarm(10);   /* should the parent fail before it kills, this ends anyway */
		pause();     /* holds them until killed */
		_exit(0);
	}
	char ok = 0;
	assert_int_equal(read(ready[0], &ok, 1), 1);
	assert_int_equal(ok, 'y');
	struct slots p;
	slots_init(&p, dir, "dying", 2);
	int i = -1;
	assert_int_equal(slots_take(&p, &i), SLOTS_BUSY);
	kill(child, SIGKILL);
	int status;
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_int_equal(slots_take(&p, &i), SLOT_TAKEN);
	assert_int_equal(slots_take(&p, &i), SLOT_TAKEN);
	slots_close(&p);
	close(ready[0]);
	close(ready[1]);
}

/* Without its directory nothing can be counted: the caller hears it, and the
 * directory made later serves without a restart. */
static void a_missing_directory_is_broken_until_it_exists(void **state)
{
	(void)state;
	char late[128];
	snprintf(late, sizeof late, "%s/late", dir);
	struct slots s;
	slots_init(&s, late, "x", 1);
	int i = -1;
	assert_int_equal(slots_take(&s, &i), SLOTS_BROKEN);
	assert_int_equal(mkdir(late, 0700), 0);
	assert_int_equal(slots_take(&s, &i), SLOT_TAKEN);
	assert_int_equal(i, 0);
	slots_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_holders_share_the_slots),
		cmocka_unit_test(a_holder_counts_what_it_holds),
		cmocka_unit_test(a_dead_holder_frees_its_slots),
		cmocka_unit_test(a_missing_directory_is_broken_until_it_exists),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
