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
	{"source add", "URL|PATH... [--name NAME] [--api] [--token T] [--local|--remote] [--max-pages N]",
	    "add feeds to collect (http(s) URLs or local files)",
	    "Options:\n"
	    "  --name NAME       a name for the source (with one URL or PATH)\n"
	    "  --api             read https://SERVER/tags/NAME.rss through Mastodon's API\n"
	    "  --token T         a Mastodon access token (stored in the project file;\n"
	    "                    STORIED_MASTODON_TOKEN is used when none is given)\n"
	    "  --local, --remote only the instance's own posts, or only others'\n"
	    "  --max-pages N     API pages read at most per collect (default 100)\n"
	    "\n"
	    "Local paths and file:// URLs are stored as absolute paths. A URL that is\n"
	    "already a source is refused, and nothing is added (exit 1).\n"
	    "\n"
	    "A hashtag's address is read through the platform's search API, which pages\n"
	    "back to the project's --since on the first collect and then fetches only\n"
	    "newer posts: https://SERVER/tags/NAME (Mastodon), https://bsky.app/hashtag/NAME\n"
	    "or bluesky:#NAME (Bluesky: set STORIED_BSKY_HANDLE and\n"
	    "STORIED_BSKY_APP_PASSWORD; STORIED_BSKY_SERVICE, default https://bsky.social).\n",
	    CMD_PROJECT | CMD_WRITE, cmd_source_add},
	{"source list", "[--json]", "list the sources and what their last fetch did",
	    "Shows each source's last fetch: when, HTTP status, items seen, new and\n"
	    "updated, or the error. --json: an array of objects (id, url, name, local,\n"
	    "added, last_fetch, status, format, seen, new, updated, error).\n",
	    CMD_PROJECT, cmd_source_list},
	{"source rm", "ID [--purge]", "remove a source (its posts stay unless --purge)",
	    "Options:\n"
	    "  --purge           also remove the posts only this source reached, and\n"
	    "                    their story items\n",
	    CMD_PROJECT | CMD_WRITE, cmd_source_rm},
	{"collect", "[--jobs N] [--max-size BYTES] [-q]",
	    "fetch every source and store the posts under the project's tags",
	    "Options:\n"
	    "  -j, --jobs N           transfers at once (default 8; at most 2 per host)\n"
	    "  --max-size BYTES       largest response accepted (default 50M; K, M, G)\n"
	    "  -q, --quiet            no progress on the terminal\n"
	    "  --timeout S            whole-transfer timeout in seconds (default 300)\n"
	    "  --connect-timeout S    connection timeout (default 30)\n"
	    "  --stall-timeout S      fail a transfer that sends nothing for S seconds (60)\n"
	    "  --retries N            retries of a 429/503 with Retry-After (default 2)\n"
	    "  --max-wait S           longest Retry-After waited for (default 60)\n"
	    "\n"
	    "Keeps the posts that carry a project tag (#tag in the text, or a category)\n"
	    "and fall in the window; a project without tags keeps every post. A post\n"
	    "reached twice is stored once; an edited one is updated in place. Each\n"
	    "source is stored in its own transaction. Exit 0 when every source worked,\n"
	    "3 when some failed (the others were stored), 1 when all failed.\n",
	    CMD_PROJECT, cmd_collect},
	{"import", "FILE... [--format auto|storify|mastodon-archive|twarc|jsonfeed] [--all]",
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
	    CMD_PROJECT, cmd_import},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
