/* str.c - small string helpers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
str_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

int
str_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int
str_casestartswith(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char a = *s, b = *prefix;
		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (b >= 'A' && b <= 'Z')
			b += 'a' - 'A';
		if (a != b)
			return 0;
	}
	return 1;
}

int
str_to_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Of the n bytes at s, the trimmed ones are s[start..*n): *n drops the
 * trailing white space, the leading is returned. */
static size_t
trim_span(const char *s, size_t *n)
{
	size_t i = 0;

	while (*n > 0 && is_space(s[*n - 1]))
		(*n)--;
	while (i < *n && is_space(s[i]))
		i++;
	return i;
}

char *
str_trim(char *s)
{
	size_t n = strlen(s), i = trim_span(s, &n);

	if (i > 0)
		memmove(s, s + i, n - i);
	s[n - i] = '\0';
	return s;
}

char *
str_trimmed_dup(const char *s, size_t n)
{
	size_t i = trim_span(s, &n);

	return i < n ? xstrndup(s + i, n - i) : NULL;
}
