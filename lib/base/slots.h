#ifndef WALK_SLOTS_H
#define WALK_SLOTS_H
/*
 * A fixed number of slots shared by every process that names the same files,
 * for work that must not run more than N times at once across processes (the
 * admin login's PBKDF2, whatever the number of workers).
 *
 * Slot i is the lock file DIR/NAME.i.lock, held with flock(LOCK_EX).  Taking a
 * slot never waits: when every file is locked the caller is told so, and
 * answers "come back later" instead of queueing behind the others.  The kernel
 * drops the locks of a process that dies, so a worker killed in the middle of
 * its work never keeps a slot.
 *
 * A flock() belongs to an open file description, not to a process: two
 * struct slots in one process contend exactly as two processes do (the unit
 * test relies on it), and a slot is held by the struct slots that took it.
 *
 * The files are opened on first use and stay open until slots_close(); one
 * struct slots per process, not shared between threads.
 */
#include <stdbool.h>
#include <stddef.h>

enum { SLOTS_MAX = 64 };

struct slots {
	char dir[512];
	char name[64];
	int count;
	int fds[SLOTS_MAX];   /* -1 until opened */
	bool held[SLOTS_MAX]; /* by this struct: flock() on a description that holds the lock succeeds again */
};

/* Names count (1..SLOTS_MAX) slots DIR/NAME.0.lock … DIR/NAME.{count-1}.lock.
 * Opens nothing: the files are made by the first slots_take(), so that a
 * directory that appears after the process started still serves. */
void slots_init(struct slots *s, const char *dir, const char *name, int count);

enum slots_result {
	SLOT_TAKEN,     /* *index is held until slots_give() */
	SLOTS_BUSY,     /* every slot is held (by this struct slots too, maybe) */
	SLOTS_BROKEN,   /* a lock file could not be opened or locked (errno says why); nothing is held */
};

/* Takes a free slot without waiting. */
enum slots_result slots_take(struct slots *s, int *index);
/* Gives back the slot that slots_take() returned as index. */
void slots_give(struct slots *s, int index);
/* Closes every file, which gives back any slot still held. */
void slots_close(struct slots *s);

#endif
