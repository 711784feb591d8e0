/* The pieces `walkctl backup` and `walkctl restore` share (backup.h). */
#include "backup.h"

#include "media_files.h"

#include <errno.h>
#include <fcntl.h>
#include <mbedtls/sha256.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

size_t backup_media_folders(const struct walk_config *cfg, struct media_folder out[MEDIA_FOLDERS_MAX])
{
	size_t n = 0;
	/* The cached invite codes (api_invite_codes.c): invite_code_dir, else
	 * invite-codes/ beside the database. */
	out[n].name = "invite-codes";
	if (cfg->invite_code_dir[0]) {
		snprintf(out[n].path, sizeof out[n].path, "%s", cfg->invite_code_dir);
	} else {
		const char *slash = strrchr(cfg->db_path, '/');
		int dir_len = slash ? (int)(slash - cfg->db_path) : 1;
		snprintf(out[n].path, sizeof out[n].path, "%.*s/invite-codes", dir_len, slash ? cfg->db_path : ".");
	}
	n++;
	/* Checkpoint photos and posters (lib/media): media_dir, else media/
	 * beside the database. */
	out[n].name = "media";
	media_dir(cfg, out[n].path, sizeof out[n].path);
	n++;
	return n;
}

int backup_run(const char *const argv[], const char *in_path, const char *out_path)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int in = open(in_path ? in_path : "/dev/null", O_RDONLY | O_CLOEXEC);
		if (in < 0 || dup2(in, STDIN_FILENO) < 0)
			_exit(127);
		if (out_path) {
			int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
			if (out < 0 || dup2(out, STDOUT_FILENO) < 0)
				_exit(127);
		}
		execvp(argv[0], (char *const *)(uintptr_t)argv);
		fprintf(stderr, "walkctl: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int backup_sha256_file(const char *path, char hex[65])
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	mbedtls_sha256_context ctx;
	mbedtls_sha256_init(&ctx);
	mbedtls_sha256_starts_ret(&ctx, 0);
	unsigned char chunk[64 * 1024], digest[32];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		mbedtls_sha256_update_ret(&ctx, chunk, n);
	int rc = ferror(f) ? -1 : 0;
	fclose(f);
	mbedtls_sha256_finish_ret(&ctx, digest);
	mbedtls_sha256_free(&ctx);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

int backup_write_checksum(const char *path, char hex[65])
{
	char sum[BACKUP_PATH_MAX + 16], tmp[BACKUP_PATH_MAX + 32];
	snprintf(sum, sizeof sum, "%s.sha256", path);
	snprintf(tmp, sizeof tmp, "%s.partial", sum);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	int rc = fprintf(f, "%s  %s\n", hex, base_name(path)) < 0 ? -1 : 0;
	if (fclose(f) != 0 || rc != 0 || backup_fsync_path(tmp) != 0 || rename(tmp, sum) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int backup_verify_checksum(const char *path, char *err, size_t errlen)
{
	char sum[BACKUP_PATH_MAX + 16], line[BACKUP_PATH_MAX + 100];
	snprintf(sum, sizeof sum, "%s.sha256", path);
	FILE *f = fopen(sum, "r");
	if (!f) {
		snprintf(err, errlen, "no checksum file %s: %s", sum, strerror(errno));
		return -1;
	}
	bool read = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	char want[65] = "", got[65];
	if (!read || strspn(line, "0123456789abcdef") != 64 || strncmp(line + 64, "  ", 2) != 0) {
		snprintf(err, errlen, "%s is not a SHA-256 checksum line", sum);
		return -1;
	}
	memcpy(want, line, 64);
	line[strcspn(line, "\n")] = '\0';
	if (strcmp(line + 66, base_name(path)) != 0) {
		snprintf(err, errlen, "%s is the checksum of %s, not of %s", sum, line + 66, base_name(path));
		return -1;
	}
	if (backup_sha256_file(path, got) != 0) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (strcmp(want, got) != 0) {
		snprintf(err, errlen, "%s does not match its checksum (damaged or changed): refused", path);
		return -1;
	}
	return 0;
}

int backup_fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}
