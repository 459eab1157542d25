/* err.c - the error record and the one map from errors to exit statuses. */
#include <stdio.h>
#include <string.h>

#include "storied.h"

void
err_clear(struct err *e)
{
	e->code = ERR_NONE;
	e->msg[0] = '\0';
}

int
err_set(struct err *e, enum err_code code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	/* One line, always: a newline from a library message would break it. */
	for (char *p = e->msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return -1;
}

int
err_prefix(struct err *e, const char *fmt, ...)
{
	char prefix[512], old[sizeof e->msg];
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	/* Truncation is the intent when the two do not fit. */
	size_t n = strlen(prefix);
	if (n >= sizeof e->msg)
		n = sizeof e->msg - 1;
	memcpy(e->msg, prefix, n);
	size_t rest = strlen(old);
	if (rest > sizeof e->msg - 1 - n)
		rest = sizeof e->msg - 1 - n;
	memcpy(e->msg + n, old, rest);
	e->msg[n + rest] = '\0';
	return -1;
}

int
err_exit_status(const struct err *e)
{
	switch (e->code) {
	case ERR_NONE:
		return EXIT_OK;
	case ERR_USAGE:
		return EXIT_USAGE;
	case ERR_PARTIAL:
		return EXIT_PARTIAL;
	default:
		return EXIT_FAILURE_;
	}
}
