#ifndef WALK_METRICS_SHM_H
#define WALK_METRICS_SHM_H
/*
 * Counters shared by separate processes: a small file under run_dir mapped
 * MAP_SHARED by every worker (and walkctl), each counter a 64-bit word that
 * is only ever incremented atomically.  The hot path costs one relaxed atomic
 * add into memory the process has already mapped: no lock, no system call.
 *
 * The file starts with a header (magic, a fingerprint of the layout, the
 * number of counters).  A process whose layout differs (another build, another
 * route table) starts the file over: counters reset, which Prometheus reads as
 * a restart, never as a wrong value.
 */
#include <stddef.h>
#include <stdint.h>

struct metrics_shm {
	uint64_t *counters;   /* NULL when the file could not be mapped: adds do nothing */
	size_t n;
	void *map;
	size_t map_size;
};

/* Maps path with room for n counters of the layout named by fingerprint,
 * creating or starting it over under an exclusive flock when its header does
 * not match.  Returns 0, or -1 with a reason in err (shm->counters stays NULL:
 * the program runs on, uncounted). */
int metrics_shm_open(struct metrics_shm *shm, const char *path, uint64_t fingerprint, size_t n, char *err,
                     size_t errlen);
void metrics_shm_close(struct metrics_shm *shm);

static inline void metrics_shm_add(struct metrics_shm *shm, size_t i, uint64_t v)
{
	if (shm->counters && i < shm->n)
		__atomic_fetch_add(&shm->counters[i], v, __ATOMIC_RELAXED);
}

static inline uint64_t metrics_shm_get(const struct metrics_shm *shm, size_t i)
{
	return shm->counters && i < shm->n ? __atomic_load_n(&shm->counters[i], __ATOMIC_RELAXED) : 0;
}

/* FNV-1a over a string, continuing from h (start with METRICS_FNV_START). */
#define METRICS_FNV_START 14695981039346656037ull
uint64_t metrics_fnv(uint64_t h, const char *s);

#endif
