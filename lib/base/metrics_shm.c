#include "metrics_shm.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define METRICS_MAGIC 0x31534d4b4c415701ull   /* "\x01WALKMS1" */

struct shm_header {
	uint64_t magic;
	uint64_t fingerprint;
	uint64_t n;
	uint64_t reserved;
};

uint64_t metrics_fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	h ^= 0xff;   /* a separator: ("ab","c") and ("a","bc") differ */
	return h * 1099511628211ull;
}

static bool header_matches(int fd, uint64_t fingerprint, size_t n, size_t size)
{
	struct stat st;
	struct shm_header h;
	return fstat(fd, &st) == 0 && (size_t)st.st_size == size && pread(fd, &h, sizeof h, 0) == (ssize_t)sizeof h &&
	       h.magic == METRICS_MAGIC && h.fingerprint == fingerprint && h.n == n;
}

/* A new file in place of path: zeroed counters under a valid header, written
 * aside and renamed over path.  Never truncated in place: a process that
 * still maps the old file (an older build, during a restart) would take
 * SIGBUS; it keeps counting into the old inode until it restarts. */
static int replace_file(const char *path, uint64_t fingerprint, size_t n, size_t size)
{
	char tmp[600];
	snprintf(tmp, sizeof tmp, "%s.%d.tmp", path, (int)getpid());
	int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0660);
	if (fd < 0)
		return -1;
	struct shm_header h = { METRICS_MAGIC, fingerprint, n, 0 };
	int rc = ftruncate(fd, (off_t)size) == 0 && pwrite(fd, &h, sizeof h, 0) == (ssize_t)sizeof h ? 0 : -1;
	close(fd);
	if (rc == 0)
		rc = rename(tmp, path);
	if (rc != 0)
		unlink(tmp);
	return rc;
}

int metrics_shm_open(struct metrics_shm *shm, const char *path, uint64_t fingerprint, size_t n, char *err,
                     size_t errlen)
{
	memset(shm, 0, sizeof *shm);
	size_t size = sizeof(struct shm_header) + n * sizeof(uint64_t);
	/* One process at a time decides whether the file must start over, so
	 * that two new processes never map two different files. */
	char lock_path[600];
	snprintf(lock_path, sizeof lock_path, "%s.lock", path);
	int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0660);
	if (lock < 0 || flock(lock, LOCK_EX) != 0) {
		snprintf(err, errlen, "metrics lock %s: %s", lock_path, strerror(errno));
		if (lock >= 0)
			close(lock);
		return -1;
	}
	int fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || !header_matches(fd, fingerprint, n, size)) {
		if (fd >= 0)
			close(fd);
		fd = replace_file(path, fingerprint, n, size) == 0 ? open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW) : -1;
	}
	void *map = fd >= 0 ? mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	close(lock);   /* drops the flock */
	if (map == MAP_FAILED) {
		snprintf(err, errlen, "metrics file %s: %s", path, strerror(saved));
		return -1;
	}
	shm->map = map;
	shm->map_size = size;
	shm->counters = (uint64_t *)(void *)((char *)map + sizeof(struct shm_header));
	shm->n = n;
	return 0;
}

void metrics_shm_close(struct metrics_shm *shm)
{
	if (shm->map)
		munmap(shm->map, shm->map_size);
	memset(shm, 0, sizeof *shm);
}
