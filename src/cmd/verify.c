/*
 * verify.c - `storied verify`: is the archive whole? SQLite's integrity
 * and foreign-key checks, every blob's bytes against the SHA-256 they are
 * kept under, every captured HTTP body (decoded, in pieces) against its
 * SHA-1, every media row's and image's blob present, every story item's
 * post present. One line on stdout for each problem, exit 1 when
 * there is any; a one-line summary and exit 0 when all holds.
 */
#include <stdio.h>

#include "cli.h"
#include "store_archive.h"
#include "store_render.h"
#include "store_archive.h"

static void
print_problem(void *arg, const char *line)
{
	(void)arg;
	puts(line);
}

static int
cmd_verify(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	struct archive_counts a;
	int64_t problems = 0;

	optind = 0;
	if (cli_getopt(ctx, "", longopts) != -1)
		return EXIT_USAGE;
	if (optind < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);
	if (store_read_begin(ctx->store, &ctx->err) == -1 ||
	    store_verify(ctx->store, print_problem, NULL, &problems, &ctx->err) == -1 ||
	    store_archive_counts(ctx->store, &a, &ctx->err) == -1) {
		store_rollback(ctx->store);
		return cli_error(ctx);
	}
	store_rollback(ctx->store);
	if (problems > 0)
		return cli_fail(ctx, "%lld problem%s: the archive is not whole",
		    (long long)problems, problems == 1 ? "" : "s");
	printf("the archive is whole: %lld files (%lld bytes) match their SHA-256, %lld captured"
	       " HTTP bodies their SHA-1; %lld of %lld media archived\n",
	    (long long)a.blobs, (long long)a.blob_bytes, (long long)a.capture_bodies,
	    (long long)a.media_archived, (long long)a.media);
	return EXIT_OK;
}

const struct cmd_entry cmd_verify_entry = {"verify", "",
    "check that the project file's archive is whole",
    "Checks SQLite's integrity, every archived file's bytes against the\n"
    "SHA-256 it is kept under, every recorded HTTP body (what export warc\n"
    "writes) against its SHA-1, that every media row's and avatar's file is\n"
    "there, and that every story item's post is. Prints one line for each\n"
    "problem and exits 1 when there is any; exits 0 when all holds. Media not\n"
    "archived yet (see storied info) are not problems.\n",
    CMD_PROJECT, cmd_verify};
