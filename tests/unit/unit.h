/*
 * unit.h - a minimal unit-test harness: each CHECK prints one "ok - ..." or
 * "not ok - ..." line (counted by tests/run.sh); main returns failures.
 */
#ifndef STORIED_UNIT_H
#define STORIED_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failures;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (cond) {                                                                        \
			printf("ok - ");                                                           \
		} else {                                                                           \
			unit_failures++;                                                           \
			printf("not ok - %s:%d: ", __FILE__, __LINE__);                            \
		}                                                                                  \
		printf(__VA_ARGS__);                                                               \
		putchar('\n');                                                                     \
	} while (0)

#define CHECK_STR(got, want, ...)                                                                  \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		int same_ = (g_ == NULL && w_ == NULL) || (g_ && w_ && strcmp(g_, w_) == 0);       \
		CHECK(same_, __VA_ARGS__);                                                         \
		if (!same_)                                                                        \
			printf("#   got  \"%s\"\n#   want \"%s\"\n", g_ ? g_ : "(null)",           \
			    w_ ? w_ : "(null)");                                                   \
	} while (0)

#define UNIT_DONE() return unit_failures ? 1 : 0

#endif
