/*
 * serve.c - `storied serve [--port N] [--listen ADDR] [--open]`: the local
 * web editor (src/serve/). Prints the address to open, with this start's
 * token, as the first line on standard output, then serves until SIGINT
 * or SIGTERM, which finish the request in flight and exit 0. It opens the
 * project itself (no CMD_PROJECT): a path with no project yet is served
 * too, and the page's Project form creates it on its first save.
 */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "cli.h"
#include "serve.h"

extern char **environ;

#define DEFAULT_PORT 8420

/* --open: the desktop's browser; failing is only a warning (the address is printed). */
static void
open_browser(struct cmd_ctx *ctx, const char *url)
{
	char *argv[] = {"xdg-open", (char *)url, NULL};
	pid_t pid;
	int rc = posix_spawnp(&pid, "xdg-open", NULL, NULL, argv, environ);

	if (rc != 0)
		cli_warn(ctx, "cannot open a browser (xdg-open: %s): open the address above",
		    strerror(rc));
}

static int
cmd_serve(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"port", required_argument, NULL, 'P'},
	    {"listen", required_argument, NULL, 'l'},
	    {"open", no_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	struct serve_options o = {ctx->project_path, NULL, DEFAULT_PORT, "/proc/self/exe"};
	struct serve *sv = NULL;
	sigset_t stop, old;
	int ch, sig, open = 0, port_given = 0;
	int64_t port;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		switch (ch) {
		case 'P':
			if (str_to_int64(optarg, 0, 65535, &port) == -1)
				return cli_usage(
				    ctx, "--port: '%s' is not a port (0 to 65535)", optarg);
			o.port = (int)port;
			port_given = 1;
			break;
		case 'l':
			o.listen = optarg;
			break;
		case 'o':
			open = 1;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);

	/* Signals are taken here, by sigwait: the server's threads never see them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old);
	signal(SIGPIPE, SIG_IGN);
	if (serve_start(&o, &sv, &ctx->err) == -1 && !port_given && ctx->err.code == ERR_FAIL) {
		/* The usual port is taken (another editor is open): any free one will do. */
		o.port = 0;
		serve_start(&o, &sv, &ctx->err);
	}
	if (sv == NULL) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return cli_error(ctx);
	}
	printf("%s\n", serve_url(sv));
	fflush(stdout);
	if (!serve_is_loopback(sv))
		cli_warn(ctx,
		    "listening on %s, not only this machine: anyone who has the address "
		    "with its token can change the project",
		    o.listen);
	cli_note(ctx, "editing %s; open the address above in a browser; Ctrl-C stops",
	    ctx->project_path);
	if (open)
		open_browser(ctx, serve_url(sv));
	while (sigwait(&stop, &sig) != 0)
		;
	cli_note(ctx, "stopping");
	serve_stop(sv);
	sigprocmask(SIG_SETMASK, &old, NULL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return EXIT_OK;
}

const struct cmd_entry cmd_serve_entry = {"serve", "[--port N] [--listen ADDR] [--open]",
    "edit the story in a web browser (a local editor)",
    "Prints the address to open (with a fresh token) and serves the editor\n"
    "until Ctrl-C. A path with no project yet opens the Project page, which\n"
    "creates it.\n"
    "  --port N       port (default 8420, else any free one; 0: any free port)\n"
    "  --listen ADDR  address to listen on (default 127.0.0.1); anything but\n"
    "                 loopback lets other machines in, with the token\n"
    "  --open         open the address in the desktop's browser\n",
    0, cmd_serve};
