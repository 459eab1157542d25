/*
 * main.c - storied's entry point: global options, finding the command in
 * the table, setting up what its flags ask for, and turning the result into
 * an exit status. Nothing else in storied exits.
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sanitize.h"
#include "store_story.h"

static void
usage_tool(FILE *f)
{
	fprintf(f,
	    "usage: storied [-p FILE] [-q] COMMAND [OPTIONS] [ARGS]\n"
	    "\n"
	    "Turn the posts published under an event's hashtags into a curated story.\n"
	    "\n"
	    "Options:\n"
	    "  -p, --project FILE  project file (default $STORIED_PROJECT, else ./story.sqlite)\n"
	    "  -q, --quiet         no progress or notes on stderr\n"
	    "  --version           print the version\n"
	    "  --help              this help; 'storied COMMAND --help' for a command's\n"
	    "\n"
	    "Commands:\n");
	for (const struct cmd_entry *const *cp = cmd_table, *c = *cp; c; c = *++cp)
		fprintf(f, "  %-18s %s\n", c->name, c->summary);
	fprintf(f,
	    "\nExit status: 0 success, 1 failure (nothing changed), 2 usage error,\n"
	    "3 partial success (some sources failed). See storied(1).\n");
}

static void
usage_cmd(const struct cmd_entry *c)
{
	printf(
	    "usage: storied %s%s%s\n\n%s\n", c->name, *c->usage ? " " : "", c->usage, c->summary);
	if (c->help && *c->help)
		printf("\n%s", c->help);
}

/* The entry whose name is argv[0], or "argv[0] argv[1]" for two-word ones. */
static const struct cmd_entry *
cmd_find(int argc, char **argv, int *words)
{
	size_t n = strlen(argv[0]);

	for (const struct cmd_entry *const *cp = cmd_table, *c = *cp; c; c = *++cp) {
		if (strcmp(c->name, argv[0]) == 0) {
			*words = 1;
			return c;
		}
		if (argc > 1 && strncmp(c->name, argv[0], n) == 0 && c->name[n] == ' ' &&
		    strcmp(c->name + n + 1, argv[1]) == 0) {
			*words = 2;
			return c;
		}
	}
	return NULL;
}

/* A group name alone ("source") or with an unknown second word. */
static int
cmd_group(const char *name, char *sub)
{
	size_t n = strlen(name);
	int found = 0;

	for (const struct cmd_entry *const *cp = cmd_table, *c = *cp; c; c = *++cp)
		if (strncmp(c->name, name, n) == 0 && c->name[n] == ' ')
			found = 1;
	if (!found)
		return -1;
	if (sub == NULL || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		FILE *f = sub ? stdout : stderr;
		if (sub == NULL)
			fprintf(f, "storied: %s: missing subcommand\n", name);
		fprintf(f, "usage:\n");
		for (const struct cmd_entry *const *cp = cmd_table, *c = *cp; c; c = *++cp)
			if (strncmp(c->name, name, n) == 0 && c->name[n] == ' ')
				fprintf(f, "  storied %s %s\n", c->name, c->usage);
		return sub ? EXIT_OK : EXIT_USAGE;
	}
	fprintf(stderr, "storied: %s: unknown subcommand '%s' (see 'storied %s --help')\n", name,
	    sub, name);
	return EXIT_USAGE;
}

static int
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

static char *
join_words(int argc, char **argv)
{
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	for (int i = 0; i < argc; i++) {
		if (i)
			buf_addc(&b, ' ');
		buf_adds(&b, argv[i]);
	}
	return buf_detach(&b);
}

/* The lines curate_say held, now that what they say is stored. */
static void
say_what_changed(struct cmd_ctx *ctx)
{
	const char *p = ctx->said.data ? ctx->said.data : "";

	while (*p) {
		size_t n = strcspn(p, "\n");
		cli_note(ctx, "%.*s", (int)n, p);
		p += n + (p[n] == '\n');
	}
	buf_reset(&ctx->said);
}

static int
run(struct cmd_ctx *ctx)
{
	const struct cmd_entry *c = ctx->entry;
	int status, recorded;

	if (c->flags & CMD_PROJECT) {
		if (store_open(ctx->project_path, &ctx->store, &ctx->err) == -1)
			return cli_error(ctx);
		if ((c->flags & CMD_WRITE) && store_begin(ctx->store, &ctx->err) == -1)
			return cli_error(ctx);
		if (store_project_load(ctx->store, &ctx->project, &ctx->err) == -1)
			return cli_error(ctx);
		if ((c->flags & CMD_HISTORY) && store_history_begin(ctx->store, &ctx->err) == -1)
			return cli_error(ctx);
	}
	status = c->exec(ctx);
	if (status == EXIT_OK && (c->flags & CMD_HISTORY) &&
	    store_history_record(ctx->store, ctx->command_line, &recorded, &ctx->err) == -1)
		status = cli_error(ctx);
	if (ctx->store && store_in_transaction(ctx->store)) {
		if (status == EXIT_OK && (c->flags & CMD_WRITE)) {
			if (store_commit(ctx->store, &ctx->err) == -1)
				return cli_error(ctx);
		} else {
			store_rollback(ctx->store);
		}
	}
	if (status == EXIT_OK) {
		if (ctx->out.len)
			fwrite(ctx->out.data, 1, ctx->out.len, stdout);
		say_what_changed(ctx);
	}
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option globals[] = {
	    {"project", required_argument, NULL, 'p'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	struct cmd_ctx ctx;
	const char *env;
	int ch, status, words;

	/* Output never depends on the machine's locale (DESIGN.md). */
	setlocale(LC_ALL, "C");
	cli_terminal_guard();
	/* Posts are stored with their HTML made safe (store.h). */
	store_set_html_sanitizer(sanitize_post_html);
	memset(&ctx, 0, sizeof ctx);
	err_clear(&ctx.err);
	env = getenv("STORIED_PROJECT");
	ctx.project_path = env && *env ? env : "story.sqlite";

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+p:qh", globals, NULL)) != -1) {
		switch (ch) {
		case 'p':
			ctx.project_path = optarg;
			break;
		case 'q':
			ctx.quiet = 1;
			break;
		case 'h':
			usage_tool(stdout);
			return EXIT_OK;
		case 'V':
			printf("storied %s\n", STORIED_VERSION);
			return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILURE_;
		default:
			if (optopt == 'p' ||
			    (optopt == 0 && strncmp(argv[optind - 1], "--project", 9) == 0))
				fprintf(stderr,
				    "storied: option %s needs a file name (see 'storied --help')\n",
				    argv[optind - 1]);
			else
				fprintf(stderr,
				    "storied: unknown option '%s' (see 'storied --help')\n",
				    argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		fprintf(stderr, "storied: missing command (see 'storied --help')\n");
		return EXIT_USAGE;
	}
	if ((ctx.entry = cmd_find(argc, argv, &words)) == NULL) {
		if ((status = cmd_group(argv[0], argc > 1 ? argv[1] : NULL)) != -1)
			return status;
		fprintf(stderr, "storied: unknown command '%s' (see 'storied --help')\n", argv[0]);
		return EXIT_USAGE;
	}
	ctx.command_line = join_words(argc, argv);
	buf_init(&ctx.said, BUF_NOLIMIT);
	buf_init(&ctx.out, BUF_NOLIMIT);
	ctx.argc = argc - (words - 1);
	ctx.argv = argv + (words - 1);
	ctx.argv[0] = (char *)ctx.entry->name;
	if (wants_help(ctx.argc, ctx.argv)) {
		usage_cmd(ctx.entry);
		status = EXIT_OK;
	} else {
		status = run(&ctx);
	}
	if (status != EXIT_OK && ctx.err.msg[0])
		fprintf(stderr, "storied: %s: %s\n", ctx.entry->name, ctx.err.msg);
	/* sfeed's rule: exit 0 only when what was written really got out. */
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(
		    stderr, "storied: %s: writing output: %s\n", ctx.entry->name, strerror(errno));
		if (status == EXIT_OK)
			status = EXIT_FAILURE_;
	}
	project_release(&ctx.project);
	store_close(ctx.store);
	free(ctx.command_line);
	buf_release(&ctx.said);
	buf_release(&ctx.out);
	return status;
}
