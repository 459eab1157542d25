/*
 * terminal.c - what storied prints to a terminal never carries control
 * characters from remote data.
 *
 * Author names, post text, feed titles and servers' error messages come
 * from other people: an ESC sequence among them could rewrite the screen,
 * retitle the window or fake a prompt. Rather than escaping at each of
 * the many places that print such text (and missing the next one), a
 * stream that is a terminal is wrapped once, here, in a filter that shows
 * C0 controls (but tab and newline), DEL and C1 controls as visible
 * escapes (\x1B, \u009B). Output to a pipe or a file is left exact, and
 * JSON escapes controls itself. fopencookie is glibc's (and musl's): no
 * portable stdio has a way to filter a stream.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

struct guard {
	int fd;
	int pending_c2; /* a 0xC2 byte held until the next one says if it starts a C1 */
};

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static ssize_t
guard_write(void *cookie, const char *buf, size_t size)
{
	struct guard *g = cookie;
	char out[4096 + 16];
	size_t o = 0;

	for (size_t i = 0; i < size; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (o > sizeof out - 16) {
			if (write_all(g->fd, out, o) == -1)
				return -1;
			o = 0;
		}
		if (g->pending_c2) {
			g->pending_c2 = 0;
			if (c >= 0x80 && c <= 0x9f) { /* U+0080..U+009F: C1 */
				o += (size_t)snprintf(out + o, 16, "\\u%04X", c);
				continue;
			}
			out[o++] = (char)0xc2;
		}
		if (c == 0xc2) {
			g->pending_c2 = 1;
			continue;
		}
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			o += (size_t)snprintf(out + o, 16, "\\x%02X", c);
		else
			out[o++] = (char)c;
	}
	if (o && write_all(g->fd, out, o) == -1)
		return -1;
	return (ssize_t)size;
}

static int
guard_close(void *cookie)
{
	struct guard *g = cookie;

	if (g->pending_c2) {
		g->pending_c2 = 0;
		return write_all(g->fd, "\xc2", 1);
	}
	return 0;
}

/* The filtered stream over fd, or NULL (then the caller keeps its own). */
static FILE *
guard_open(struct guard *g, int fd)
{
	cookie_io_functions_t io = {NULL, guard_write, NULL, guard_close};

	g->fd = fd;
	g->pending_c2 = 0;
	return fopencookie(g, "w", io);
}

void
cli_terminal_guard(void)
{
	static struct guard out, err;
	FILE *f;

	if (isatty(STDOUT_FILENO) && (f = guard_open(&out, STDOUT_FILENO)) != NULL) {
		fflush(stdout);
		stdout = f;
	}
	if (isatty(STDERR_FILENO) && (f = guard_open(&err, STDERR_FILENO)) != NULL) {
		setvbuf(f, NULL, _IONBF, 0); /* stderr stays unbuffered */
		stderr = f;
	}
}
