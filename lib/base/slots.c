#include "slots.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

void slots_init(struct slots *s, const char *dir, const char *name, int count)
{
	assert(count >= 1 && count <= SLOTS_MAX);
	snprintf(s->dir, sizeof s->dir, "%s", dir);
	snprintf(s->name, sizeof s->name, "%s", name);
	s->count = count;
	for (int i = 0; i < SLOTS_MAX; i++) {
		s->fds[i] = -1;
		s->held[i] = false;
	}
}

static int open_slot(struct slots *s, int i)
{
	if (s->fds[i] >= 0)
		return s->fds[i];
	char path[640];
	if (snprintf(path, sizeof path, "%s/%s.%d.lock", s->dir, s->name, i) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	s->fds[i] = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	return s->fds[i];
}

enum slots_result slots_take(struct slots *s, int *index)
{
	for (int i = 0; i < s->count; i++) {
		if (s->held[i])
			continue;
		int fd = open_slot(s, i);
		if (fd < 0)
			return SLOTS_BROKEN;
		int rc;
		do
			rc = flock(fd, LOCK_EX | LOCK_NB);
		while (rc != 0 && errno == EINTR);
		if (rc == 0) {
			s->held[i] = true;
			*index = i;
			return SLOT_TAKEN;
		}
		if (errno != EWOULDBLOCK)
			return SLOTS_BROKEN;
	}
	return SLOTS_BUSY;
}

void slots_give(struct slots *s, int index)
{
	assert(index >= 0 && index < s->count && s->held[index]);
	flock(s->fds[index], LOCK_UN);
	s->held[index] = false;
}

void slots_close(struct slots *s)
{
	for (int i = 0; i < SLOTS_MAX; i++) {
		if (s->fds[i] >= 0)
			close(s->fds[i]);
		s->fds[i] = -1;
		s->held[i] = false;
	}
}
