#include "stack.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bool port_free(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return false;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bool ok = bind(fd, (struct sockaddr *)&a, sizeof a) == 0;
	close(fd);
	return ok;
}

static int pick_ports(void)
{
	srand((unsigned)(time(NULL) ^ (getpid() << 8)));
	for (int tries = 0; tries < 200; tries++) {
		int port = 20000 + (rand() % 20000) * 2;
		if (port_free(port) && port_free(port + 1))
			return port;
	}
	return -1;
}

int stack_sh(const struct stack *s, char *out, int outsize, const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	const char *bin = getenv("WALK_BIN") ? getenv("WALK_BIN") : "build/asan";
	char full[8192];
	snprintf(full, sizeof full,
	         "export PORT=%d WALK_VAR='%s' WALK_BIN='%s' WALK_CONF='%s/walk.conf' FAKEWX_DB='%s/fakewx.db' "
	         "PATH=\"%s:$PATH\" %s; %s 2>&1",
	         s->port, s->var, bin, s->var, s->var, bin, s->env, cmd);
	FILE *p = popen(full, "r");
	if (!p)
		return -1;
	int used = 0;
	char chunk[1024];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) {
		if (out && used < outsize - 1) {
			size_t room = (size_t)(outsize - 1 - used);
			size_t take = n < room ? n : room;
			memcpy(out + used, chunk, take);
			used += (int)take;
		}
	}
	if (out)
		out[used] = '\0';
	int status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int stack_start(struct stack *s, const char *name, const char *env)
{
	memset(s, 0, sizeof *s);
	s->port = pick_ports();
	if (s->port < 0) {
		fprintf(stderr, "stack: no free port pair\n");
		return -1;
	}
	snprintf(s->var, sizeof s->var, "%s/test-out/%s-%d", getenv("PWD") ? getenv("PWD") : ".",
	         name, s->port);
	snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
	snprintf(s->fake, sizeof s->fake, "http://127.0.0.1:%d", s->port + 1);
	snprintf(s->env, sizeof s->env, "%s", env ? env : "");
	char out[8192];
	int rc = stack_sh(s, out, sizeof out, "rm -rf '%s' && bash nginx/devstack.sh start", s->var);
	if (rc != 0) {
		fprintf(stderr, "stack: start failed (%d):\n%s\n", rc, out);
		return -1;
	}
	return 0;
}

void stack_stop(struct stack *s)
{
	if (s->port > 0)
		stack_sh(s, NULL, 0, "bash nginx/devstack.sh stop");
}

int stack_req(struct http_reply *r, const struct stack *s, enum stack_target t, const char *method,
              const char *path, const char *content_type, const char *body, long body_len,
              const char *const *headers)
{
	char url[2048];
	snprintf(url, sizeof url, "%s%s", t == WALK ? s->base : s->fake, path);
	return http_do(r, method, url, content_type, body, body_len, headers);
}

int stack_get(struct http_reply *r, const struct stack *s, enum stack_target t, const char *path)
{
	return stack_req(r, s, t, "GET", path, NULL, NULL, 0, NULL);
}

int stack_post(struct http_reply *r, const struct stack *s, enum stack_target t, const char *path,
               const char *json)
{
	return stack_req(r, s, t, "POST", path, "application/json", json, -1, NULL);
}
