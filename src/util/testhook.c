/* testhook.c - stopping points for tests, active only when built with STORIED_TEST_HOOKS
 * (testhook.h). */
#include <stddef.h>

#include "testhook.h"

#ifdef STORIED_TEST_HOOKS
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
test_hook(const char *point)
{
	static long hits;
	const char *want = getenv("STORIED_TEST_HOOK");
	const char *ready = getenv("STORIED_TEST_HOOK_READY");
	size_t n = strlen(point);
	long at = 1;
	char line[256];
	int fd, len;

	if (want == NULL || strncmp(want, point, n) != 0 || (want[n] != '\0' && want[n] != '#'))
		return;
	if (want[n] == '#')
		at = strtol(want + n + 1, NULL, 10);
	if (++hits != at)
		return;
	len = snprintf(line, sizeof line, "%s %ld\n", point, hits);
	if (ready != NULL &&
	    (fd = open(ready, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) != -1) {
		if (write(fd, line, (size_t)len) != len)
			_exit(125);
		close(fd);
	}
	raise(SIGSTOP);
}

const char *
test_hook_public_addr(void)
{
	return getenv("STORIED_TEST_PUBLIC_ADDR");
}

unsigned long long
test_hook_held_max(unsigned long long def)
{
	const char *v = getenv("STORIED_TEST_HELD_MAX");

	return v && *v ? strtoull(v, NULL, 10) : def;
}
#else
void
test_hook(const char *point)
{
	(void)point;
}

const char *
test_hook_public_addr(void)
{
	return NULL;
}

unsigned long long
test_hook_held_max(unsigned long long def)
{
	return def;
}
#endif
