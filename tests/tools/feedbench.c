/*
 * feedbench.c - benchmark helper: parse feeds the way collect does (every
 * field extracted, nothing stored) and print "FILE: N items".
 *
 *   feedbench FILE...
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "feed.h"

static int
count(void *arg, const struct incoming_post *it, struct err *e)
{
	size_t *n = arg;

	(void)e;
	/* Touch what a collector reads, so nothing is optimised away. */
	if (it->content_text || it->permalink || it->guid)
		(*n)++;
	return 0;
}

int
main(int argc, char **argv)
{
	int status = 0;

	for (int i = 1; i < argc; i++) {
		struct feed_info info;
		struct err e;
		size_t n = 0;
		int fd = open(argv[i], O_RDONLY);

		if (fd == -1 || feed_parse_fd(fd, NULL, count, &n, &info, &e) == -1) {
			fprintf(stderr, "feedbench: %s: %s\n", argv[i],
			    fd == -1 ? strerror(errno) : e.msg);
			status = 1;
		} else {
			printf("%s: %zu items\n", argv[i], n);
			feed_info_release(&info);
		}
		if (fd != -1)
			close(fd);
	}
	return status;
}
