/* Photo and poster files under media_dir (media_files.h). */
#include "media_files.h"

#include "crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void media_dir(const struct walk_config *cfg, char *out, size_t size)
{
	if (cfg->media_dir[0]) {
		snprintf(out, size, "%s", cfg->media_dir);
		return;
	}
	const char *slash = strrchr(cfg->db_path, '/');
	if (slash)
		snprintf(out, size, "%.*s/media", (int)(slash - cfg->db_path), cfg->db_path);
	else
		snprintf(out, size, "media");
}

void media_new_file_id(char id[MEDIA_FILE_ID_CHARS + 1])
{
	unsigned char raw[MEDIA_FILE_ID_CHARS / 2];
	crypto_random(raw, sizeof raw);
	crypto_hex(raw, sizeof raw, id);
}

bool media_file_id_valid(const char *id)
{
	size_t n = 0;
	for (; id[n]; n++)
		if (!((id[n] >= '0' && id[n] <= '9') || (id[n] >= 'a' && id[n] <= 'f')))
			return false;
	return n == MEDIA_FILE_ID_CHARS;
}

void media_file_rel(const char *id, enum media_kind kind, char *out, size_t size)
{
	snprintf(out, size, "%.2s/%s.%s.jpg", id, id, kind == MEDIA_PHOTO ? "photo" : "poster");
}

static void full_path(const struct walk_config *cfg, const char *id, enum media_kind kind, char *out,
                      size_t size)
{
	char dir[MEDIA_PATH_MAX / 2], rel[96];
	media_dir(cfg, dir, sizeof dir);
	media_file_rel(id, kind, rel, sizeof rel);
	snprintf(out, size, "%s/%s", dir, rel);
}

static int make_dir(const char *path)
{
	return mkdir(path, 0750) == 0 || errno == EEXIST ? 0 : -1;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int media_file_write(const struct walk_config *cfg, const char *id, enum media_kind kind, const void *data,
                     size_t len)
{
	char dir[MEDIA_PATH_MAX / 2], sub[MEDIA_PATH_MAX], path[MEDIA_PATH_MAX], tmp[MEDIA_PATH_MAX + 16];
	media_dir(cfg, dir, sizeof dir);
	snprintf(sub, sizeof sub, "%s/%.2s", dir, id);
	if (make_dir(dir) != 0 || make_dir(sub) != 0)
		return -1;
	full_path(cfg, id, kind, path, sizeof path);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	int rc = write_all(fd, data, len);
	if (rc == 0)
		rc = fsync(fd);
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0)
		rc = rename(tmp, path);
	if (rc != 0) {
		int saved = errno;
		unlink(tmp);
		errno = saved;
	}
	return rc;
}

int media_files_remove(const struct walk_config *cfg, const char *id)
{
	int rc = 0;
	for (int k = MEDIA_PHOTO; k <= MEDIA_POSTER; k++) {
		char path[MEDIA_PATH_MAX];
		full_path(cfg, id, (enum media_kind)k, path, sizeof path);
		if (unlink(path) != 0 && errno != ENOENT && rc == 0)
			rc = -1;
	}
	return rc;
}
