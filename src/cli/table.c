/*
 * table.c - the command table: every command's exact name, usage, help and
 * the setup its flags ask the dispatcher for.
 */
#include "cli.h"

const struct cmd_entry cmd_table[] = {
	{"init", "[--title T] [--tag TAG]... [--since WHEN] [--until WHEN] [--timezone ZONE]",
	    "create a project file (never overwrites one)",
	    "Options:\n"
	    "  --title T         the story's title\n"
	    "  --tag TAG         a hashtag to keep (repeatable; with or without '#')\n"
	    "  --since WHEN      keep posts published at or after WHEN\n"
	    "  --until WHEN      keep posts published before WHEN\n"
	    "  --timezone ZONE   IANA zone for WHEN and shown times (default UTC)\n"
	    "  --description D   a paragraph under the title (Markdown)\n"
	    "  --language L      the story's language, BCP 47 (default en)\n"
	    "\n"
	    "WHEN is ISO 8601: 2026-02-01, 2026-02-01T09:00 or 2026-02-01T09:00+01:00;\n"
	    "without an offset it is read in the project's time zone. The window is\n"
	    "since <= published < until.\n",
	    0, cmd_init},
	{"info", "[--json]", "show the project's settings and counts", "", CMD_PROJECT, cmd_info},
	{"config", "[KEY [VALUE]]", "read or change a project setting",
	    "Without KEY, lists every setting. With KEY, prints it; with VALUE, sets it.\n"
	    "Keys: title, description, language, timezone, since, until, tags.\n"
	    "An empty VALUE (\"\") unsets description, language, timezone, since or until.\n"
	    "tags takes a list: \"a b\" replaces the tags, \"+c -a\" adds and removes.\n",
	    CMD_PROJECT | CMD_WRITE, cmd_config},
	{"render", "[--format html|md|embed|json] [-o FILE] [--templates DIR] [--front-matter]",
	    "write the story as HTML, an embeddable fragment, Markdown or JSON",
	    "Options:\n"
	    "  --format F        html (default: a standalone page), embed (a fragment to\n"
	    "                    paste into a page), md (CommonMark) or json\n"
	    "  -o FILE           write FILE (atomically); '-' or none: standard output\n"
	    "  --templates DIR   use DIR's templates where a file has a built-in's name\n"
	    "  --front-matter    md: YAML front matter (title, date, tags, description)\n"
	    "  --generated-at    include the time of rendering (STORIED_NOW pins it)\n"
	    "\n"
	    "The same project renders to the same bytes. Template data: docs/templates.md.\n",
	    CMD_PROJECT, cmd_render},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
