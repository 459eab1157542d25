/*
 * import.c - `storied import FILE...`: bring in archives people already
 * hold (Storify stories, Mastodon account archives, twarc collections,
 * JSON Feed or any feed file), matched against the project's tags and
 * window as collect does, unless --all keeps everything.
 *
 * Each file is one transaction: a bad or truncated archive is reported with
 * where reading stopped and leaves nothing of itself stored, and the other
 * files go on (exit 3 when some failed, 1 when all did), as collect treats
 * sources. Each file becomes a source of kind 'import' (named by its
 * absolute path), so its posts keep their provenance and `collect` leaves
 * it alone. A Storify story comes back as a story: its posts and its text
 * blocks (as notes) are appended to the story in the story's own order;
 * importing it again adds nothing twice. Because files are separate
 * transactions, an import is not one `undo` step (curation commands are):
 * `rm` takes unwanted items out again.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "hashtag.h"
#include "datetime.h"
#include "digest.h"
#include "import.h"
#include "keep.h"
#include "orderkey.h"
#include "store_collect.h"
#include "store_import.h"
#include "store_story.h"

struct import_run {
	struct store *s;
	struct keep keep;
	struct import_info *info;
	int place;      /* append posts and notes to the story */
	char *last_key; /* the story's last order key */
	int64_t placed, notes_placed, media_kept;
};

static int
place(struct import_run *r, int64_t post_id, const char *note, struct err *e)
{
	char *key = orderkey_between(r->last_key, NULL);
	int placed;

	if (key == NULL)
		return err_set(e, ERR_FAIL, "the story's order key '%s' cannot be followed",
		    r->last_key ? r->last_key : "");
	if (store_story_append(r->s, post_id, note, key, r->keep.now, &placed, e) == -1) {
		free(key);
		return -1;
	}
	if (!placed) { /* the post was already in the story: it stays where it is */
		free(key);
		return 0;
	}
	free(r->last_key);
	r->last_key = key;
	r->placed++;
	if (post_id == 0)
		r->notes_placed++;
	return 0;
}

static int
on_item(void *arg, const struct incoming_post *it, struct err *e)
{
	struct import_run *r = arg;

	r->keep.format = r->info->raw_format;
	if (keep_item(&r->keep, it, e) == -1)
		return -1;
	if (r->place && r->keep.last_post_id)
		return place(r, r->keep.last_post_id, NULL, e);
	return 0;
}

static int
on_note(void *arg, const char *markdown, struct err *e)
{
	struct import_run *r = arg;

	return r->place ? place(r, 0, markdown, e) : 0;
}

static int
media_bytes(
    void *arg, const char *url, const void *data, size_t len, const char *sha256, struct err *e)
{
	struct import_run *r = arg;
	int64_t n = 0;

	if (store_media_archive(r->s, url, data, len, sha256, r->keep.now, &n, e) == -1)
		return -1;
	r->media_kept += n;
	return 0;
}

/*
 * The file's SHA-1 (base32) and size, for `export warc`: an import is
 * recorded there by its name and digest. "" when it cannot be read here.
 */
static void
file_digest(const char *path, char sha1[33], long long *bytes)
{
	struct buf b;
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	sha1[0] = '\0';
	*bytes = 0;
	if (f == NULL)
		return;
	buf_init(&b, (size_t)1 << 30);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_add(&b, chunk, n) == -1)
			break;
	if (!ferror(f) && feof(f)) {
		digest_sha1_base32(b.data, b.len, sha1);
		*bytes = (long long)b.len;
	}
	fclose(f);
	buf_release(&b);
}

/* The source that names this file, made on its first import. */
static int
file_source(struct cmd_ctx *ctx, const char *path, enum import_format f, int64_t *id)
{
	char *copy, *opts, sha1[33];
	long long bytes;

	if (store_source_find(ctx->store, path, id, &ctx->err) == 0)
		return 0;
	if (ctx->err.code != ERR_NOTFOUND)
		return -1;
	copy = xstrdup(path);
	file_digest(path, sha1, &bytes);
	if (sha1[0])
		opts = xasprintf("{\"format\":\"%s\",\"sha1\":\"sha1:%s\",\"bytes\":%lld}",
		    import_format_name(f), sha1, bytes);
	else
		opts = xasprintf("{\"format\":\"%s\"}", import_format_name(f));
	if (store_source_add(ctx->store, path, basename(copy), id, &ctx->err) == -1 ||
	    store_source_set_kind(ctx->store, *id, "import", opts, &ctx->err) == -1) {
		free(copy);
		free(opts);
		return -1;
	}
	free(copy);
	free(opts);
	return 0;
}

/* Import one file in one transaction; prints its summary. 0, or -1 with ctx->err. */
static int
import_one(struct cmd_ctx *ctx, const char *arg, enum import_format format, int all)
{
	struct import_info info = {0};
	struct import_sink sink = {NULL, on_item, on_note, media_bytes};
	struct import_run r;
	struct fetch_record f;
	char *path = realpath(arg, NULL);
	int64_t source_id;
	int status = -1;

	memset(&r, 0, sizeof r);
	memset(&f, 0, sizeof f);
	if (path == NULL)
		return err_set(&ctx->err, ERR_FAIL, "%s", strerror(errno));
	if (format == IMPORT_AUTO && import_detect(path, &format, &ctx->err) == -1)
		goto out;
	r.s = ctx->store;
	r.info = &info;
	r.place = format == IMPORT_STORIFY;
	sink.arg = &r;
	f.started_at = time_now();
	if (store_begin(ctx->store, &ctx->err) == -1)
		goto out;
	if (file_source(ctx, path, format, &source_id) == -1 ||
	    keep_init(&r.keep, ctx->store, &ctx->project, source_id, NULL, all, &ctx->err) == -1)
		goto out;
	r.keep.want_post_id = r.place;
	if (r.place &&
	    (store_key_before(ctx->store, NULL, 0, &r.last_key, &ctx->err) == -1 ||
	        store_story_import_begin(ctx->store, &ctx->err) == -1))
		goto out;
	if (import_file(path, format, &sink, &info, &ctx->err) == -1 ||
	    keep_end(&r.keep, &ctx->err) == -1)
		goto out;
	f.finished_at = time_now();
	f.format = info.raw_format;
	f.seen = r.keep.n.seen;
	f.new_ = r.keep.n.new_;
	f.updated = r.keep.n.updated + r.keep.n.enriched;
	if (store_source_fetched(ctx->store, source_id, path, &f, &ctx->err) == -1 ||
	    store_commit(ctx->store, &ctx->err) == -1)
		goto out;
	printf("%s: %s, %lld items, %lld new, %lld updated", arg,
	    info.format == IMPORT_FEED ? info.raw_format : import_format_name(info.format),
	    (long long)r.keep.n.seen, (long long)r.keep.n.new_, (long long)r.keep.n.updated);
	if (r.keep.n.enriched)
		printf(", %lld enriched", (long long)r.keep.n.enriched);
	if (r.keep.n.unmatched)
		printf(", %lld without a project tag", (long long)r.keep.n.unmatched);
	if (r.keep.n.outside)
		printf(", %lld outside the window", (long long)r.keep.n.outside);
	if (r.keep.n.noid)
		printf(", %lld without an id or link (skipped)", (long long)r.keep.n.noid);
	if (r.keep.n.tags_dropped)
		printf(", %lld tags dropped (at most %d on one post)",
		    (long long)r.keep.n.tags_dropped, HASHTAG_LIST_MAX);
	if (r.media_kept)
		printf(", %lld media files kept", (long long)r.media_kept);
	if (r.place)
		printf("; story: %lld items added (%lld notes)", (long long)r.placed,
		    (long long)r.notes_placed);
	putchar('\n');
	status = 0;
out:
	if (status == -1)
		store_rollback(ctx->store);
	keep_release(&r.keep);
	import_info_release(&info);
	free(r.last_key);
	free(path);
	return status;
}

static int
cmd_import(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"all", no_argument, NULL, 'a'},
	    {NULL, 0, NULL, 0},
	};
	enum import_format format = IMPORT_AUTO;
	int ch, all = 0, failed = 0, n;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		switch (ch) {
		case 'f':
			if (import_format_parse(optarg, &format) == -1)
				return cli_usage(ctx,
				    "--format: '%s' is not auto, storify, "
				    "mastodon-archive, twarc or jsonfeed",
				    optarg);
			break;
		case 'a':
			all = 1;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind == ctx->argc)
		return cli_usage(ctx, "missing FILE");
	n = ctx->argc - optind;
	for (int i = optind; i < ctx->argc; i++) {
		err_clear(&ctx->err);
		if (import_one(ctx, ctx->argv[i], format, all) == -1) {
			fflush(stdout);
			cli_warn(ctx, "%s: %s", ctx->argv[i], ctx->err.msg);
			failed++;
		}
	}
	err_clear(&ctx->err);
	if (failed == 0)
		return EXIT_OK;
	/* The per-file lines said why; the exit status says how much. */
	return failed == n ? EXIT_FAILURE_ : EXIT_PARTIAL;
}

const struct cmd_entry cmd_import_entry = {"import",
    "FILE... [--format auto|storify|mastodon-archive|twarc|jsonfeed] [--all]",
    "import archives: Storify, Mastodon account archives, twarc, feed files",
    "Options:\n"
    "  --format F        what the files are (default auto: told from the content)\n"
    "  --all             keep every post, whatever its tags and date\n"
    "\n"
    "Posts are kept as collect keeps them: under a project tag and inside the\n"
    "window, each stored once. A Storify story's posts and text blocks (as\n"
    "notes) are added to the end of the story in the story's order. A Mastodon\n"
    "archive (.tar.gz, or its outbox.json) keeps its media files with the posts.\n"
    "Each file is imported whole or not at all: a bad one is named with where\n"
    "reading stopped. Exit 0 when every file was imported, 3 when some failed,\n"
    "1 when all did.\n",
    CMD_PROJECT, cmd_import};
