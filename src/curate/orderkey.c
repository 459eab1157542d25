/*
 * orderkey.c - fractional indexing keys (see orderkey.h for the format).
 *
 * Written by hand: it is a page of string arithmetic with no Debian
 * library behind it. A new key is at most one character longer than the
 * longer of its bounds, so one allocation of that size holds the work.
 */
#include <stdlib.h>
#include <string.h>

#include "orderkey.h"
#include "util.h"

#define BASE 62

static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static int
digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 36;
	return -1;
}

/* Length of the integer part that head announces, or 0 for a bad head. */
static size_t
int_len(char head)
{
	if (head >= 'a' && head <= 'z')
		return (size_t)(head - 'a') + 2;
	if (head >= 'A' && head <= 'Z')
		return (size_t)('Z' - head) + 2;
	return 0;
}

/* "A000...0": the smallest integer, which has nothing below it. */
static int
is_smallest_int(const char *k, size_t n)
{
	if (n != int_len('A') || k[0] != 'A')
		return 0;
	for (size_t i = 1; i < n; i++)
		if (k[i] != '0')
			return 0;
	return 1;
}

int
orderkey_valid(const char *k)
{
	size_t n, len, i;

	if (k == NULL || (n = int_len(k[0])) == 0)
		return 0;
	len = strlen(k);
	if (len < n || is_smallest_int(k, n))
		return 0;
	for (i = 1; i < len; i++)
		if (digit_value(k[i]) < 0)
			return 0;
	return len == n || k[len - 1] != '0';
}

/*
 * The midpoint of two fractions a < b (b NULL: 1), written to out at *o;
 * out has room for max(len a, len b) + 2 more bytes.
 */
static void
midpoint(const char *a, const char *b, char *out, size_t *o)
{
	size_t n = 0, alen = strlen(a);
	int da, db;

	if (b != NULL) {
		/* A common prefix (a padded with '0's) is copied as is. */
		for (; b[n] != '\0'; n++)
			if ((n < alen ? a[n] : '0') != b[n])
				break;
		memcpy(out + *o, b, n);
		*o += n;
		if (n > 0) {
			midpoint(alen >= n ? a + n : "", b + n, out, o);
			return;
		}
	}
	da = a[0] ? digit_value(a[0]) : 0;
	db = b != NULL ? digit_value(b[0]) : BASE;
	if (db - da > 1) {
		out[(*o)++] = digits[(da + db + 1) / 2];
		return;
	}
	if (b != NULL && b[0] && b[1]) {
		out[(*o)++] = b[0];
		return;
	}
	out[(*o)++] = digits[da];
	midpoint(a[0] ? a + 1 : "", NULL, out, o);
}

/* Integer part plus one into out; -1 when it is the largest there is. */
static int
int_increment(const char *k, size_t n, char *out)
{
	char head = k[0];
	size_t i;

	memcpy(out, k, n);
	out[n] = '\0';
	for (i = n - 1; i >= 1; i--) {
		int d = digit_value(out[i]) + 1;
		if (d < BASE) {
			out[i] = digits[d];
			return 0;
		}
		out[i] = '0';
	}
	/* Carried out of every digit: one more digit (or one fewer, below zero). */
	if (head == 'Z') {
		memcpy(out, "a0", 3);
		return 0;
	}
	if (head == 'z')
		return -1;
	out[0] = (char)(head + 1);
	if (out[0] > 'a') {
		out[n] = '0';
		out[n + 1] = '\0';
	} else {
		out[n - 1] = '\0';
	}
	return 0;
}

/* Integer part minus one into out; -1 when it is the smallest there is. */
static int
int_decrement(const char *k, size_t n, char *out)
{
	char head = k[0];
	size_t i;

	memcpy(out, k, n);
	out[n] = '\0';
	for (i = n - 1; i >= 1; i--) {
		int d = digit_value(out[i]) - 1;
		if (d >= 0) {
			out[i] = digits[d];
			return 0;
		}
		out[i] = digits[BASE - 1];
	}
	if (head == 'a') {
		out[0] = 'Z';
		out[1] = digits[BASE - 1];
		out[2] = '\0';
		return 0;
	}
	if (head == 'A')
		return -1;
	out[0] = (char)(head - 1);
	if (out[0] < 'Z') {
		out[n] = digits[BASE - 1];
		out[n + 1] = '\0';
	} else {
		out[n - 1] = '\0';
	}
	return 0;
}

/* Terminates out at o; returns it when it is a valid key, else frees it. */
static char *
finish(char *out, size_t o)
{
	out[o] = '\0';
	if (orderkey_valid(out))
		return out;
	free(out);
	return NULL;
}

char *
orderkey_between(const char *a, const char *b)
{
	size_t o, na, nb, room;
	char *out;

	if ((a != NULL && !orderkey_valid(a)) || (b != NULL && !orderkey_valid(b)) ||
	    (a != NULL && b != NULL && strcmp(a, b) >= 0))
		return NULL;
	if (a == NULL && b == NULL)
		return xstrdup("a0");
	room = (a ? strlen(a) : 0) + (b ? strlen(b) : 0) + 32;
	out = xmalloc(room);
	if (a == NULL) {
		nb = int_len(b[0]);
		memcpy(out, b, nb);
		if (b[nb] != '\0' && is_smallest_int(b, nb)) {
			o = nb;
			midpoint("", b + nb, out, &o);
			return finish(out, o);
		}
		/* b's integer part alone sorts before b when b has a fraction. */
		if (b[nb] != '\0')
			return finish(out, nb);
		if (int_decrement(b, nb, out) == 0)
			return finish(out, strlen(out));
		free(out);
		return NULL;
	}
	na = int_len(a[0]);
	if (b == NULL) {
		if (int_increment(a, na, out) == 0)
			return finish(out, strlen(out));
		memcpy(out, a, na);
		o = na;
		midpoint(a + na, NULL, out, &o);
		return finish(out, o);
	}
	nb = int_len(b[0]);
	if (na == nb && memcmp(a, b, na) == 0) {
		memcpy(out, a, na);
		o = na;
		midpoint(a + na, b + nb, out, &o);
		return finish(out, o);
	}
	if (int_increment(a, na, out) == 0 && strcmp(out, b) < 0)
		return finish(out, strlen(out));
	memcpy(out, a, na);
	o = na;
	midpoint(a + na, NULL, out, &o);
	return finish(out, o);
}

/* Fills out[0..n) or frees what it made and returns -1. */
int
orderkey_n_between(const char *a, const char *b, size_t n, char **out)
{
	size_t mid, i;
	char *c;

	if (n == 0)
		return 0;
	if (b == NULL || a == NULL) {
		/* At an end: step away from the one bound, keys stay logarithmic. */
		for (i = 0; i < n; i++) {
			if (b == NULL)
				c = orderkey_between(i ? out[i - 1] : a, NULL);
			else
				c = orderkey_between(NULL, i ? out[n - i] : b);
			if (c == NULL)
				goto fail;
			out[b == NULL ? i : n - 1 - i] = c;
		}
		return 0;
	}
	mid = n / 2;
	if ((c = orderkey_between(a, b)) == NULL)
		return -1;
	out[mid] = c;
	if (orderkey_n_between(a, c, mid, out) == -1) {
		free(c);
		return -1;
	}
	if (orderkey_n_between(c, b, n - mid - 1, out + mid + 1) == -1) {
		for (i = 0; i <= mid; i++)
			free(out[i]);
		return -1;
	}
	return 0;
fail:
	for (size_t j = 0; j < i; j++)
		free(out[b == NULL ? j : n - 1 - j]);
	return -1;
}
