/* args.c - option parsing and error helpers shared by the commands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

int
cli_getopt(struct cmd_ctx *ctx, const char *shortopts, const struct option *longopts)
{
	char spec[64];
	int ch;

	/* A leading ':' makes getopt tell a missing argument from an unknown option. */
	snprintf(spec, sizeof spec, ":%s", shortopts);
	opterr = 0;
	/* -q/--quiet is the global option's, taken after the command too. */
	while ((ch = getopt_long(ctx->argc, ctx->argv, spec, longopts, NULL)) == '?' &&
	    (strcmp(ctx->argv[optind - 1], "--quiet") == 0 ||
	        strcmp(ctx->argv[optind - 1], "-q") == 0))
		ctx->quiet = 1;
	if (ch == '?' || ch == ':') {
		const char *word = ctx->argv[optind - 1];
		char name[64];

		if (optopt && !(word[0] == '-' && word[1] == '-'))
			snprintf(name, sizeof name, "-%c", optopt);
		else
			snprintf(name, sizeof name, "%.*s", (int)strcspn(word, "="), word);
		if (ch == ':')
			cli_usage(ctx, "option %s needs a value", name);
		else
			cli_usage(ctx, "unknown option '%s'", name);
		return '?';
	}
	return ch;
}

int
cli_usage(struct cmd_ctx *ctx, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	err_set(&ctx->err, ERR_USAGE, "%s (see 'storied %s --help')", msg, ctx->entry->name);
	return EXIT_USAGE;
}

int
cli_fail(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	ctx->err.code = ERR_FAIL;
	va_start(ap, fmt);
	vsnprintf(ctx->err.msg, sizeof ctx->err.msg, fmt, ap);
	va_end(ap);
	return EXIT_FAILURE_;
}

int
cli_error(struct cmd_ctx *ctx)
{
	int status = err_exit_status(&ctx->err);

	return status == EXIT_OK ? EXIT_FAILURE_ : status;
}

static void
cli_vwarn(struct cmd_ctx *ctx, const char *fmt, va_list ap)
{
	fprintf(stderr, "storied: %s: ", ctx->entry->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
cli_warn(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vwarn(ctx, fmt, ap);
	va_end(ap);
}

void
cli_note(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_confirm(struct cmd_ctx *ctx, const char *question)
{
	char answer[16];

	if (!isatty(STDIN_FILENO))
		return 1;
	fprintf(stderr, "storied: %s: %s [y/N] ", ctx->entry->name, question);
	fflush(stderr);
	if (fgets(answer, sizeof answer, stdin) == NULL)
		return 0;
	answer[strcspn(answer, "\r\n")] = '\0';
	return strcmp(answer, "y") == 0 || strcmp(answer, "Y") == 0 || strcmp(answer, "yes") == 0;
}

int
cli_parse_id(struct cmd_ctx *ctx, const char *s, const char *what, int64_t *out)
{
	if (str_to_int64(s, 1, INT64_MAX, out) == -1)
		return cli_usage(ctx, "'%s' is not a valid %s id (a positive number)", s, what);
	return EXIT_OK;
}

int
cli_columns(int width)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	int64_t n;

	if (width > 0)
		return width;
	if (!isatty(STDOUT_FILENO))
		return 0;
	if (env && str_to_int64(env, 20, 1000, &n) == 0)
		return (int)n;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

int
cli_width_opt(struct cmd_ctx *ctx, const char *arg, int *width)
{
	int64_t n;

	if (str_to_int64(arg, 20, 10000, &n) == -1)
		return cli_usage(
		    ctx, "--width: '%s' is not a number of columns (20 to 10000)", arg);
	*width = (int)n;
	return EXIT_OK;
}

int
cli_json_flag(struct cmd_ctx *ctx, int *json)
{
	static const struct option longopts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	*json = 0;
	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		if (ch != 'j')
			return EXIT_USAGE;
		*json = 1;
	}
	if (optind < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);
	return EXIT_OK;
}

int
cli_json_print(struct cmd_ctx *ctx, json_t *v)
{
	if (json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == -1 ||
	    putchar('\n') == EOF)
		return cli_fail(ctx, "writing JSON failed");
	return EXIT_OK;
}
