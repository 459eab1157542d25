/*
 * collect.c - `storied collect`: fetch every source and store the posts
 * that carry a project tag and fall in the window.
 *
 * Sources are fetched concurrently (--jobs, at most 2 at once per host)
 * and each is stored in its own transaction, so a failing source neither
 * stops the others nor leaves anything half-stored: the command is not
 * wrapped in one transaction as the others are. Progress (sources done,
 * new posts) goes to stderr only when it is a terminal and -q is not
 * given; then one line a source (failures on stderr as
 * "storied: collect: source N (URL): reason") and a total on stdout.
 * Exit 0 when every source worked, 3 when some failed (or the media pass
 * stopped on an error after the posts were stored), 1 when all did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "cli.h"
#include "hashtag.h"
#include "collect.h"
#include "datetime.h"
#include "store_collect.h"
#include "media.h"
#include "redact.h"

static void
show_progress(void *arg, size_t done, size_t total, int64_t posts_new)
{
	(void)arg;
	/* To the descriptor: stderr shows control characters as escapes
	 * (cli_terminal_guard), and this line is our own. */
	dprintf(STDERR_FILENO, "\rcollecting: %zu/%zu sources, %lld new posts", done, total,
	    (long long)posts_new);
	if (done == total)
		dprintf(STDERR_FILENO, "\r\033[K");
}

/* "50M", "2G", "1048576": a size in bytes. */
static int
parse_size(const char *s, int64_t *out)
{
	size_t n = strlen(s);
	int64_t mult = 1, v;
	char num[32];

	if (n == 0 || n >= sizeof num)
		return -1;
	memcpy(num, s, n + 1);
	switch (num[n - 1]) {
	case 'k':
	case 'K':
		mult = 1 << 10;
		break;
	case 'm':
	case 'M':
		mult = 1 << 20;
		break;
	case 'g':
	case 'G':
		mult = 1 << 30;
		break;
	default:
		break;
	}
	if (mult != 1)
		num[n - 1] = '\0';
	if (str_to_int64(num, 1, INT64_MAX / mult, &v) == -1)
		return -1;
	*out = v * mult;
	return 0;
}

static void
report_line(struct cmd_ctx *ctx, const struct collect_report *r)
{
	char *shown = redact_url(r->url);
	struct buf b;

	if (!r->ok) {
		fflush(stdout); /* keep the lines in order on a terminal */
		cli_warn(ctx, "source %lld (%s): %s", (long long)r->source_id, shown, r->err.msg);
		free(shown);
		return;
	}
	buf_init(&b, BUF_NOLIMIT);
	buf_printf(&b, "source %lld (%s): ", (long long)r->source_id, shown);
	free(shown);
	if (r->not_modified) {
		buf_adds(&b, "not modified");
	} else {
		buf_printf(&b, "%s%s%lld items, %lld new, %lld updated", r->format ? r->format : "",
		    r->format ? ", " : "", (long long)r->seen, (long long)r->new_,
		    (long long)r->updated);
		if (r->enriched)
			buf_printf(&b, ", %lld enriched", (long long)r->enriched);
		if (r->unmatched)
			buf_printf(&b, ", %lld without a project tag", (long long)r->unmatched);
		if (r->outside)
			buf_printf(&b, ", %lld outside the window", (long long)r->outside);
		if (r->undated) {
			buf_printf(&b, ", %lld with an unreadable date", (long long)r->undated);
			if (r->undated_kept)
				buf_printf(&b, " (%lld kept: the project has no window)",
				    (long long)r->undated_kept);
			else if (ctx->project.has_since || ctx->project.has_until)
				buf_adds(&b, " (not kept: the project has a window)");
		}
		if (r->noid)
			buf_printf(
			    &b, ", %lld without an id or link (skipped)", (long long)r->noid);
		if (r->tags_dropped)
			buf_printf(&b, ", %lld tags dropped (at most %d on one post)",
			    (long long)r->tags_dropped, HASHTAG_LIST_MAX);
		if (r->recovered)
			buf_adds(&b, ", broken XML read as far as it goes");
	}
	if (r->note)
		buf_printf(&b, " (%s)", r->note);
	puts(b.data);
	buf_release(&b);
}

/*
 * Posts refused for falling within a day of the window: most often the
 * event's last day given as --until (the window ends as that day starts).
 * Say which day and the command that takes it in.
 */
static void
hint_window(struct cmd_ctx *ctx, int64_t after, int64_t before)
{
	const struct project *p = &ctx->project;
	char day[32], next[32];

	if (after > 0 &&
	    time_format_zone(p->until_t, p->timezone, "%Y-%m-%d", day, sizeof day) == 0 &&
	    time_format_zone(
	        p->until_t + 86400 + 3600, p->timezone, "%Y-%m-%d", next, sizeof next) == 0) {
		printf(
		    "%lld post%s on %s, the day after the window: until %s ends the window as "
		    "that day starts. If the event's last day is %s, run: storied config until %s\n",
		    (long long)after, after == 1 ? "" : "s", day, p->until, day, next);
	}
	if (before > 0 &&
	    time_format_zone(p->since_t - 86400 + 3600, p->timezone, "%Y-%m-%d", day, sizeof day) ==
	        0) {
		printf("%lld post%s on %s, the day before the window starts. To keep them, run: "
		       "storied config since %s\n",
		    (long long)before, before == 1 ? "" : "s", day, day);
	}
}

/* Archive media, avatars and link cards; one summary line. */
static int
archive_report(struct cmd_ctx *ctx, const struct http_options *o, const struct media_options *mo,
    struct media_report *r)
{
	if (media_collect(ctx->store, o, mo, r, &ctx->err) == -1) {
		media_report_release(r);
		return -1;
	}
	if (mo->media)
		printf("media: %lld archived, %lld already there, %lld failed",
		    (long long)r->archived, (long long)r->already, (long long)r->failed);
	if (mo->media && r->previews)
		printf(" (%lld over --media-max-size: preview kept)", (long long)r->previews);
	if (mo->cards)
		printf("%slink cards: %lld read, %lld failed", mo->media ? "; " : "",
		    (long long)r->cards, (long long)r->cards_failed);
	putchar('\n');
	if (r->first_error && !ctx->quiet) {
		fflush(stdout);
		cli_note(ctx, "first failure: %s (the others: storied info)", r->first_error);
	}
	media_report_release(r);
	return 0;
}

static int
cmd_collect(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"jobs", required_argument, NULL, 'j'},
	    {"max-size", required_argument, NULL, 'm'},
	    {"max-page-size", required_argument, NULL, 'P'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"timeout", required_argument, NULL, 't'},
	    {"connect-timeout", required_argument, NULL, 'c'},
	    {"stall-timeout", required_argument, NULL, 's'},
	    {"retries", required_argument, NULL, 'r'},
	    {"max-wait", required_argument, NULL, 'w'},
	    {"full", no_argument, NULL, 'F'},
	    {"no-media", no_argument, NULL, 'M'},
	    {"no-cards", no_argument, NULL, 'C'},
	    {"media-max-size", required_argument, NULL, 'S'},
	    {"no-capture", no_argument, NULL, 'N'},
	    {NULL, 0, NULL, 0},
	};
	struct http_options o;
	struct media_options mo = {1, 1, MEDIA_MAX_SIZE_DEFAULT, NULL};
	struct media_report mr;
	struct collect_report *v;
	const char **local;
	size_t n, nlocal = 0, failed = 0;
	int64_t x, total_new = 0, total_updated = 0, total_enriched = 0, after = 0, before = 0;
	int ch, status, full = 0;

	http_options_default(&o);
	if ((ch = capture_enabled(ctx->store, &ctx->err)) == -1)
		return cli_error(ctx);
	o.keep_exchanges = ch;
	optind = 0;
	while ((ch = cli_getopt(ctx, "j:q", longopts)) != -1) {
		switch (ch) {
		case 'j':
			if (str_to_int64(optarg, 1, 256, &x) == -1)
				return cli_usage(
				    ctx, "--jobs: '%s' is not a number from 1 to 256", optarg);
			o.jobs = (int)x;
			break;
		case 'm':
		case 'P':
			if (parse_size(optarg, ch == 'm' ? &o.max_size : &o.max_page_size) == -1)
				return cli_usage(ctx,
				    "--%s: '%s' is not a size (bytes, or 512K, 50M, 1G)",
				    ch == 'm' ? "max-size" : "max-page-size", optarg);
			break;
		case 'q':
			ctx->quiet = 1;
			break;
		case 'F':
			full = 1;
			break;
		case 'N':
			o.keep_exchanges = 0;
			break;
		case 't':
		case 'c':
		case 's':
		case 'w':
			if (str_to_int64(optarg, ch == 'w' ? 0 : 1, 86400, &x) == -1)
				return cli_usage(ctx, "'%s' is not a number of seconds", optarg);
			if (ch == 't')
				o.timeout_ms = (long)x * 1000;
			else if (ch == 'c')
				o.connect_timeout_ms = (long)x * 1000;
			else if (ch == 's')
				o.stall_s = (long)x;
			else
				o.max_wait_s = (long)x;
			break;
		case 'r':
			if (str_to_int64(optarg, 0, 10, &x) == -1)
				return cli_usage(
				    ctx, "--retries: '%s' is not a number from 0 to 10", optarg);
			o.max_retries = (int)x;
			break;
		case 'M':
			mo.media = 0;
			break;
		case 'C':
			mo.cards = 0;
			break;
		case 'S':
			if (parse_size(optarg, &mo.max_size) == -1)
				return cli_usage(ctx,
				    "--media-max-size: '%s' is not a size (bytes, or 512K, 25M, 1G)",
				    optarg);
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);
	/* Its own statement: collect is not one transaction (see above). */
	if (full && store_sources_refetch(ctx->store, 0, NULL, &ctx->err) == -1)
		return cli_error(ctx);
	/* Each source's commit is copied into the project file by a thread
	 * of its own while the next source, or the link cards, are worked
	 * on, rather than all at the end (most of the time left once a big
	 * feed is stored; -1, nothing started, is harmless). */
	store_checkpointer_start(ctx->store);
	if (collect_run(ctx->store, &ctx->project, &o,
	        !ctx->quiet && isatty(STDERR_FILENO) ? show_progress : NULL, NULL, &v, &n,
	        &ctx->err) == -1)
		return cli_error(ctx);
	if (n == 0)
		return cli_fail(
		    ctx, "no sources to collect (add one with 'storied source add URL|PATH')");
	local = xcalloc(n + 1, sizeof *local);
	for (size_t i = 0; i < n; i++) {
		report_line(ctx, &v[i]);
		if (v[i].first_local)
			local[nlocal++] = v[i].url;
		if (!v[i].ok)
			failed++;
		total_new += v[i].new_;
		total_updated += v[i].updated;
		total_enriched += v[i].enriched;
		after += v[i].after_until;
		before += v[i].before_since;
	}
	printf("collected %zu source%s", n, n == 1 ? "" : "s");
	if (failed)
		printf(" (%zu failed)", failed);
	printf(": %lld new posts, %lld updated", (long long)total_new, (long long)total_updated);
	if (total_enriched)
		printf(", %lld enriched by a second source", (long long)total_enriched);
	putchar('\n');
	hint_window(ctx, after, before);
	/* Media come after the sources, from what the project holds (posts
	 * of earlier collects too); their failures are counted and kept on
	 * their rows but never change the exit status. */
	mo.local_sources = local;
	/* A project moved away mid-run: the sources' lines said so, once. */
	ch = (mo.media || mo.cards) && !(failed && store_moved(ctx->store))
	    ? archive_report(ctx, &o, &mo, &mr)
	    : 0;
	free(local);
	collect_reports_free(v, n);
	if (ch == -1 && failed < n) {
		/* The sources' posts were each committed already, and so were the
		 * media archived before the failure: a partial success, said so,
		 * not "nothing changed". */
		char why[sizeof ctx->err.msg];

		snprintf(why, sizeof why, "%s", ctx->err.msg);
		err_set(&ctx->err, ERR_FAIL,
		    "archiving media and link cards stopped: %.700s; the posts collected are"
		    " stored: collect again to archive the rest",
		    why);
		return EXIT_PARTIAL;
	}
	if (ch == -1)
		return cli_error(ctx);
	if (failed == 0)
		return EXIT_OK;
	status = failed == n ? EXIT_FAILURE_ : EXIT_PARTIAL;
	/* The per-source lines said why; the exit status says how much. */
	return status;
}

const struct cmd_entry cmd_collect_entry = {"collect",
    "[--jobs N] [--max-size BYTES] [--full] [--no-media] [--no-cards] [--media-max-size BYTES] [--no-capture] [-q]",
    "fetch every source and store the posts under the project's tags",
    "Options:\n"
    "  -j, --jobs N           transfers at once (default 8; at most 2 per host)\n"
    "  --max-size BYTES       largest response accepted (default 50M; K, M, G)\n"
    "  --max-page-size BYTES  largest Mastodon or Bluesky API page (default 16M)\n"
    "  -q, --quiet            no progress on the terminal\n"
    "  --full                 read every source in full: no conditional request\n"
    "                         (ETag, Last-Modified), API timelines from the start\n"
    "  --timeout S            whole-transfer timeout in seconds (default 300)\n"
    "  --connect-timeout S    connection timeout (default 30)\n"
    "  --stall-timeout S      fail a transfer that sends nothing for S seconds (60)\n"
    "  --retries N            retries of a 429/503 with Retry-After (default 2)\n"
    "  --max-wait S           longest Retry-After waited for (default 60)\n"
    "  --no-media             archive no media, avatars or card images this time\n"
    "  --no-cards             read no link cards this time\n"
    "  --media-max-size BYTES largest medium archived (default 25M); over it the\n"
    "                         preview is kept, and the failure says so\n"
    "  --no-capture           do not record this collect's HTTP exchanges\n"
    "\n"
    "Keeps the posts that carry a project tag (#tag in the text, or a category)\n"
    "and fall in the window; a project without tags keeps every post. A post\n"
    "reached twice is stored once; an edited one is updated in place. A post\n"
    "several sources reach is the union of what they know (storied(1): the\n"
    "rule), counted as enriched when a second source added to it. Each\n"
    "source is stored in its own transaction. Exit 0 when every source worked,\n"
    "3 when some failed (the others were stored) or archiving media stopped on\n"
    "an error such as a full disk (the posts were stored), 1 when all failed.\n"
    "\n"
    "Then the media of every post (also posts of earlier collects), the\n"
    "authors' avatars and the link cards of the pages posts link to are\n"
    "archived into the project, typed from their bytes. A failed download is\n"
    "kept on its row and tried again by the next collects (3 times at most);\n"
    "it never changes the exit status.\n"
    "\n"
    "Every HTTP exchange (request and response heads, bodies as sent, the\n"
    "address and time) is recorded in the project for 'export warc', secrets\n"
    "replaced by REDACTED; 'config archive.capture off' stops that.\n",
    CMD_PROJECT, cmd_collect};
