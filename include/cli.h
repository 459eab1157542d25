/*
 * cli.h - the command table and what a command is handed.
 *
 * One table (tmux's cmd_table, git's commands[]) names every command
 * exactly; its flags tell the dispatcher what to set up before the command
 * runs, so commands do not repeat that work: CMD_PROJECT opens the project
 * file and loads its settings, CMD_WRITE also wraps the command in one
 * transaction, committed when it returns EXIT_OK and rolled back otherwise;
 * CMD_HISTORY records what a curation command changed, for `undo`.
 */
#ifndef STORIED_CLI_H
#define STORIED_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

#include "storied.h"
#include "store.h"

enum cmd_flags {
	CMD_PROJECT = 1 << 0,
	CMD_WRITE = 1 << 1,
	CMD_HISTORY = 1 << 2, /* with CMD_WRITE: record the changes for `undo` */
};

struct cmd_ctx;

struct cmd_entry {
	const char *name;    /* "init", "source add": exact, never abbreviated */
	const char *usage;   /* arguments, after the name */
	const char *summary; /* one line for `storied --help` */
	const char *help;    /* the rest of `storied NAME --help` */
	int flags;
	int (*exec)(struct cmd_ctx *ctx); /* returns an enum exit_status */
};

struct cmd_ctx {
	const struct cmd_entry *entry;
	int argc; /* argv[0] is the command's name */
	char **argv;
	const char *project_path;
	struct store *store;    /* CMD_PROJECT: open */
	struct project project; /* CMD_PROJECT: loaded */
	int quiet;              /* -q: no progress, fewer notes */
	char *command_line;     /* the words after the global options, joined */
	struct err err;         /* a command returning non-zero fills it */
	struct buf said;        /* what a change did (curate_say): shown only
	                           once its transaction is committed */
	struct buf out;         /* a change's standard output (the new items'
	                           ids: curate_print_id), written likewise */
};

/* Every command, NULL-terminated (table.c). */
extern const struct cmd_entry *const cmd_table[];

/*
 * getopt_long over the command's arguments, options and operands in any
 * order. Returns the option's value, -1 when all are read (ctx->argv +
 * optind are then the operands), or '?' after filling ctx->err with a usage
 * error naming the option. Call it in a loop starting at a fresh command.
 */
int cli_getopt(struct cmd_ctx *ctx, const char *shortopts, const struct option *longopts);

/* Fill ctx->err with a usage error (adding how to get help); returns EXIT_USAGE. */
int cli_usage(struct cmd_ctx *ctx, const char *fmt, ...) PRINTFLIKE(2, 3);
/* Fill ctx->err with a failure; returns EXIT_FAILURE_. */
int cli_fail(struct cmd_ctx *ctx, const char *fmt, ...) PRINTFLIKE(2, 3);
/* The exit status for ctx->err after a library call failed. */
int cli_error(struct cmd_ctx *ctx);

/* Print "storied: COMMAND: message" on stderr (a warning or a per-item line). */
void cli_warn(struct cmd_ctx *ctx, const char *fmt, ...) PRINTFLIKE(2, 3);
/* Print an informational line on stderr unless -q. */
void cli_note(struct cmd_ctx *ctx, const char *fmt, ...) PRINTFLIKE(2, 3);

/*
 * Ask "storied: COMMAND: QUESTION [y/N] " on a terminal and read the
 * answer: 1 for y or yes, 0 for anything else. Without a terminal on
 * standard input nothing is asked and the answer is 1: the caller has
 * already said what it will do.
 */
int cli_confirm(struct cmd_ctx *ctx, const char *question);

/* Parse an item/post/source id operand; a usage error names `what`. */
int cli_parse_id(struct cmd_ctx *ctx, const char *s, const char *what, int64_t *out);

/*
 * For commands whose only option is --json and that take no operands:
 * sets *json; returns EXIT_OK or a usage error's status.
 */
int cli_json_flag(struct cmd_ctx *ctx, int *json);
/* Print v (borrowed) on stdout as indented JSON and a newline. */
int cli_json_print(struct cmd_ctx *ctx, json_t *v);

/*
 * When stdout or stderr is a terminal, replace it with a stream that shows
 * control characters (but tab and newline) as visible escapes, so nothing
 * from remote data reaches the terminal raw (terminal.c). Called once by
 * main. Progress lines that need '\r' write to the file descriptor.
 */
void cli_terminal_guard(void);

/*
 * Columns for tables: `width` when given (> 0), else $COLUMNS, else the
 * terminal's width; 0 (no limit: every line whole) when standard output is
 * not a terminal.
 */
int cli_columns(int width);
/* The --width N option of listings: 20..10000, or a usage error. */
int cli_width_opt(struct cmd_ctx *ctx, const char *arg, int *width);

/* Command entries, one file each under src/cmd/ (cmd_add_entry in add.c). */
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_info_entry;
extern const struct cmd_entry cmd_config_entry;
extern const struct cmd_entry cmd_source_add_entry;
extern const struct cmd_entry cmd_source_list_entry;
extern const struct cmd_entry cmd_source_rm_entry;
extern const struct cmd_entry cmd_collect_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_posts_entry;
extern const struct cmd_entry cmd_hide_entry;
extern const struct cmd_entry cmd_unhide_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_add_entry;
extern const struct cmd_entry cmd_note_entry;
extern const struct cmd_entry cmd_heading_entry;
extern const struct cmd_entry cmd_annotate_entry;
extern const struct cmd_entry cmd_move_entry;
extern const struct cmd_entry cmd_rm_entry;
extern const struct cmd_entry cmd_undo_entry;
extern const struct cmd_entry cmd_redo_entry;
extern const struct cmd_entry cmd_history_entry;
extern const struct cmd_entry cmd_storyboard_export_entry;
extern const struct cmd_entry cmd_export_warc_entry;
extern const struct cmd_entry cmd_storyboard_apply_entry;
extern const struct cmd_entry cmd_edit_entry;
extern const struct cmd_entry cmd_render_entry;
extern const struct cmd_entry cmd_serve_entry;
extern const struct cmd_entry cmd_stats_entry;
extern const struct cmd_entry cmd_verify_entry;

#endif
