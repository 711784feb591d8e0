#include "exchange_log.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The program's name (t_teams), for a file name that tells whose exchanges
 * these are. */
static void program_name(char *out, size_t size)
{
	snprintf(out, size, "prog");
	FILE *f = fopen("/proc/self/comm", "r");
	if (!f)
		return;
	if (fgets(out, (int)size, f))
		out[strcspn(out, "\n/")] = '\0';
	fclose(f);
}

static int open_log(void)
{
	const char *path = getenv("WALK_EXCHANGE_LOG");
	char buf[4096];
	if (path && strcmp(path, "off") == 0)
		return -1;
	if (!path || !*path) {
		const char *pwd = getenv("PWD") ? getenv("PWD") : ".";
		char name[64];
		program_name(name, sizeof name);
		snprintf(buf, sizeof buf, "%s/test-out", pwd);
		mkdir(buf, 0777);
		snprintf(buf, sizeof buf, "%s/test-out/exchanges", pwd);
		mkdir(buf, 0777);
		snprintf(buf, sizeof buf, "%s/test-out/exchanges/%s-%d.jsonl", pwd, name, (int)getpid());
		path = buf;
	}
	return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
}

void exchange_log(const char *method, const char *url, long status, const char *content_type,
                  const char *body, size_t len)
{
	int fd = open_log();
	if (fd < 0)
		return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "method", method);
	cJSON_AddStringToObject(o, "url", url);
	cJSON_AddNumberToObject(o, "status", (double)status);
	cJSON_AddStringToObject(o, "content_type", content_type ? content_type : "");
	bool says_json = strncmp(content_type ? content_type : "", "application/json", 16) == 0;
	cJSON *json = says_json ? cJSON_ParseWithLength(body, len) : NULL;
	if (json)
		cJSON_AddItemToObject(o, "body", json);
	else
		cJSON_AddNumberToObject(o, "body_len", (double)len);
	if (says_json && !json)
		cJSON_AddBoolToObject(o, "body_not_json", true);   /* a failure of its own */
	char *line = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (line) {
		size_t n = strlen(line);
		line[n] = '\n';   /* over the NUL: one write() of the whole line, O_APPEND keeps lines whole */
		ssize_t w = write(fd, line, n + 1);
		(void)w;
		free(line);
	}
	close(fd);
}
