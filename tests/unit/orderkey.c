/* orderkey.c - unit tests: fractional-indexing order keys. */
#include <stdlib.h>

#include "orderkey.h"
#include "unit.h"
#include "util.h"

static int
between_ok(const char *a, const char *k, const char *b)
{
	return k != NULL && orderkey_valid(k) && (a == NULL || strcmp(a, k) < 0) &&
	    (b == NULL || strcmp(k, b) < 0);
}

static void
test_basics(void)
{
	char *k;

	k = orderkey_between(NULL, NULL);
	CHECK_STR(k, "a0", "first key");
	free(k);
	k = orderkey_between("a0", NULL);
	CHECK_STR(k, "a1", "after a0");
	free(k);
	k = orderkey_between(NULL, "a0");
	CHECK_STR(k, "Zz", "before a0");
	free(k);
	k = orderkey_between("a0", "a1");
	CHECK_STR(k, "a0V", "between a0 and a1");
	free(k);
	k = orderkey_between("az", NULL);
	CHECK_STR(k, "b00", "integer part grows a digit");
	free(k);
	k = orderkey_between("a0V", "a1");
	CHECK(between_ok("a0V", k, "a1"), "between a fraction and an integer: %s", k ? k : "NULL");
	free(k);
	CHECK(orderkey_between("a1", "a0") == NULL, "a >= b refused");
	CHECK(orderkey_between("a1", "a1") == NULL, "a == b refused");
	CHECK(orderkey_between("a10", NULL) == NULL, "trailing zero is not a key");
	CHECK(orderkey_between("!", NULL) == NULL, "garbage is not a key");
	CHECK(!orderkey_valid(""), "empty is not a key");
	CHECK(!orderkey_valid("b1"), "short integer part is not a key");
	CHECK(orderkey_valid("a0"), "a0 is a key");
}

static void
test_growth(void)
{
	char *prev = orderkey_between(NULL, NULL), *lo, *hi, *k;
	size_t maxlen = 0;
	int ok = 1;

	/* 100,000 appends: the integer part grows logarithmically. */
	for (int i = 0; i < 100000; i++) {
		k = orderkey_between(prev, NULL);
		ok = ok && between_ok(prev, k, NULL);
		free(prev);
		prev = k;
	}
	CHECK(ok, "100000 appends stay ordered");
	CHECK(strlen(prev) <= 4, "100000 appends give short keys (%s)", prev);
	free(prev);

	/* 1,000 inserts at one spot: right after the same item each time. */
	lo = orderkey_between(NULL, NULL);
	hi = orderkey_between(lo, NULL);
	ok = 1;
	for (int i = 0; i < 1000; i++) {
		k = orderkey_between(lo, hi);
		ok = ok && between_ok(lo, k, hi);
		if (strlen(k) > maxlen)
			maxlen = strlen(k);
		free(hi);
		hi = k;
	}
	CHECK(ok, "1000 inserts at one spot stay ordered");
	CHECK(maxlen < 200, "1000 inserts at one spot: longest key %zu bytes", maxlen);
	/* Far past any story: keys keep existing (no length cap). */
	for (int i = 0; i < 30000 && ok; i++) {
		k = orderkey_between(lo, hi);
		ok = between_ok(lo, k, hi);
		free(hi);
		hi = k;
	}
	CHECK(ok, "31000 inserts at one spot: a key between always exists (%zu bytes)",
	    hi ? strlen(hi) : 0);
	free(lo);
	free(hi);
}

static void
test_random(void)
{
	enum { N = 3000 };
	char *keys[N];
	size_t n = 0;
	int ok = 1;

	srand(42);
	while (n < N) {
		size_t at = (size_t)rand() % (n + 1);
		const char *a = at > 0 ? keys[at - 1] : NULL, *b = at < n ? keys[at] : NULL;
		char *k = orderkey_between(a, b);
		if (!between_ok(a, k, b)) {
			ok = 0;
			free(k);
			break;
		}
		memmove(keys + at + 1, keys + at, (n - at) * sizeof *keys);
		keys[at] = k;
		n++;
	}
	CHECK(ok, "3000 random inserts: every key strictly between its neighbours");
	for (size_t i = 1; i < n; i++)
		ok = ok && strcmp(keys[i - 1], keys[i]) < 0;
	CHECK(ok, "random inserts: keys strictly ascending");
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
}

static void
test_n_between(void)
{
	char *out[500];
	int ok = 1;
	const char *bounds[][2] = {
	    {NULL, NULL}, {"a0", NULL}, {NULL, "a0"}, {"a0", "a1"}, {"a0V", "a0W"}};

	for (size_t t = 0; t < ARRAY_LEN(bounds); t++) {
		const char *a = bounds[t][0], *b = bounds[t][1];
		if (orderkey_n_between(a, b, 500, out) == -1) {
			ok = 0;
			continue;
		}
		for (size_t i = 0; i < 500; i++) {
			ok = ok && between_ok(i ? out[i - 1] : a, out[i], b);
			ok = ok && strlen(out[i]) < 12;
		}
		for (size_t i = 0; i < 500; i++)
			free(out[i]);
	}
	CHECK(ok, "500 keys at once, between any bounds, ascending and short");
	CHECK(orderkey_n_between("a1", "a0", 3, out) == -1, "n keys: a >= b refused");
}

int
main(void)
{
	test_basics();
	test_growth();
	test_random();
	test_n_between();
	UNIT_DONE();
}
