/*
 * export.c - `storied export warc FILE`: the project's provenance as a
 * WARC/1.1 file for web archives (pywb, OpenWayback, institutional
 * repositories). FILE ending in .gz is written with each record gzipped on
 * its own, as replay tools expect; anything else is plain WARC. The
 * narrowing options choose exchanges by capture time and source; the
 * project itself is only read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "datetime.h"
#include "warc.h"

static int
cmd_export_warc(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"since", required_argument, NULL, 's'},
	    {"until", required_argument, NULL, 'u'},
	    {"source", required_argument, NULL, 'S'},
	    {NULL, 0, NULL, 0},
	};
	struct warc_options o;
	struct warc_report r;
	int64_t t;
	size_t n;
	int ch;

	memset(&o, 0, sizeof o);
	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		switch (ch) {
		case 's':
		case 'u':
			if (when_parse(optarg, ctx->project.timezone, &t, &ctx->err) == -1) {
				err_prefix(&ctx->err, "%s: ", ch == 's' ? "--since" : "--until");
				ctx->err.code = ERR_USAGE;
				return cli_error(ctx);
			}
			*(ch == 's' ? &o.since_ms : &o.until_ms) = t * 1000;
			break;
		case 'S':
			if (str_to_int64(optarg, 1, INT64_MAX, &o.source_id) == -1)
				return cli_usage(ctx, "--source: '%s' is not a source id", optarg);
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind >= ctx->argc)
		return cli_usage(ctx, "missing FILE (e.g. story.warc.gz)");
	if (optind + 1 < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind + 1]);
	if (o.since_ms && o.until_ms && o.since_ms >= o.until_ms)
		return cli_usage(ctx, "--since is not before --until");
	o.path = ctx->argv[optind];
	n = strlen(o.path);
	o.gzip = n > 3 && strcmp(o.path + n - 3, ".gz") == 0;
	if (warc_export(ctx->store, &ctx->project, &o, &r, &ctx->err) == -1)
		return cli_error(ctx);
	if (r.items)
		printf(
		    "wrote %s: no captured exchanges in this project (made before they were kept); "
		    "%lld posts' original items",
		    o.path, (long long)r.items);
	else
		printf("wrote %s: %lld HTTP exchanges (%lld not modified, %lld broken off)", o.path,
		    (long long)r.exchanges, (long long)r.revisits, (long long)r.truncated);
	if (r.imports)
		printf(", %lld imported files", (long long)r.imports);
	putchar('\n');
	return EXIT_OK;
}

const struct cmd_entry cmd_export_warc_entry = {"export warc",
    "FILE [--since WHEN] [--until WHEN] [--source ID]",
    "write every HTTP exchange of collect as a WARC/1.1 file",
    "Options:\n"
    "  --since WHEN    exchanges captured at or after WHEN\n"
    "  --until WHEN    exchanges captured before WHEN\n"
    "  --source ID     one source's exchanges (see 'source list')\n"
    "\n"
    "Writes a warcinfo record (software, format, the project's title and\n"
    "sources), then for every exchange collect made a request and a response\n"
    "record (a 304 is a revisit record, profile server-not-modified), with\n"
    "WARC-Target-URI, WARC-Date (the capture time), WARC-IP-Address and SHA-1\n"
    "block and payload digests. Secrets were replaced by REDACTED when the\n"
    "exchange was recorded. A project made before captures existed gets a\n"
    "resource record of each post's original item instead; imported files\n"
    "follow in a warcinfo section of their own. FILE.warc.gz gzips each\n"
    "record on its own; any other name is plain WARC. FILE is replaced whole\n"
    "or not at all: a recorded body that no longer hashes to the SHA-1 it was\n"
    "recorded with stops the export (exit 1; storied verify lists them).\n",
    CMD_PROJECT, cmd_export_warc};
