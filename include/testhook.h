/*
 * testhook.h - named points where a test build of storied stops, so a
 * test can kill it at a known moment instead of after a guessed sleep.
 *
 * Only the test binary (build/.../tests/tools/storied-hooks, made by
 * `make test`) compiles src/util/testhook.c with STORIED_TEST_HOOKS; in
 * the storied that is installed, test_hook() does nothing and no
 * STORIED_TEST_* variable is read. In the test binary:
 *
 *   STORIED_TEST_HOOK=POINT[#N]   stop the Nth time (default the first)
 *                                 POINT is reached
 *   STORIED_TEST_HOOK_READY=FILE  written ("POINT N") just before stopping
 *
 * Stopping is raise(SIGSTOP): the process waits there until the test
 * sends SIGKILL (or SIGCONT). Points: "before-commit" and "after-commit"
 * (store_commit, so every command's transaction and each collected
 * source's), "collect-parsing" (a kept post read from a feed, before it
 * is handed to the store), "collect-stored" (a kept post stored, in the
 * source's transaction, maybe while the feed is still parsed).
 */
#ifndef STORIED_TESTHOOK_H
#define STORIED_TESTHOOK_H

void test_hook(const char *point);

/*
 * The one address the test build takes as public although it is local
 * (STORIED_TEST_PUBLIC_ADDR: tests stand a "public" server on 127.0.0.2),
 * or NULL: always NULL in the storied that is installed.
 */
const char *test_hook_public_addr(void);

/*
 * How many bytes of kept posts collect holds in memory before it reads a
 * feed again as a stream (STORIED_TEST_HELD_MAX, so a test reaches that
 * path with a small feed), or def: always def in the storied installed.
 */
unsigned long long test_hook_held_max(unsigned long long def);

#endif
