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
	{"source add", "URL|PATH... [--name NAME]", "add feeds to collect (http(s) URLs or local files)",
	    "Options:\n"
	    "  --name NAME       a name for the source (with one URL or PATH)\n"
	    "\n"
	    "Local paths and file:// URLs are stored as absolute paths. A URL that is\n"
	    "already a source is refused, and nothing is added (exit 1).\n",
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
	{"posts", "[--search QUERY] [--unplaced] [--author TEXT] [--since WHEN] [--until WHEN] "
	    "[--tag TAG] [--limit N] [--reverse] [--hidden | --all] [--json]",
	    "list collected posts, to choose from",
	    "Oldest first: id, a '*' when the post is in the story, time in the project's\n"
	    "time zone, author and first line, fitted to the terminal ($COLUMNS).\n"
	    "\n"
	    "Options:\n"
	    "  --search QUERY  full-text search (SQLite FTS5) over title, author and text\n"
	    "  --unplaced      only posts not in the story yet\n"
	    "  --author TEXT   author handle or name contains TEXT (any case)\n"
	    "  --since WHEN    published at or after WHEN (project time zone)\n"
	    "  --until WHEN    published before WHEN\n"
	    "  --tag TAG       carrying the hashtag TAG\n"
	    "  -n, --limit N   at most N posts\n"
	    "  -r, --reverse   newest first\n"
	    "  --hidden        only hidden posts; --all: hidden ones too\n"
	    "  --json          an array of objects: id, url, author, author_name,\n"
	    "                  author_handle, published (UTC), title, tags, text, placed,\n"
	    "                  item_id, hidden, source_id\n"
	    "\n"
	    "QUERY syntax (FTS5): words match words anywhere (keynote slides: both);\n"
	    "\"a phrase\" in double quotes; OR, AND, NOT in capitals (sqlite NOT mysql);\n"
	    "a prefix with * (slide*); one column with title:, author_name:,\n"
	    "author_handle: or content_text: (author_name: ingrid); NEAR(a b, 5);\n"
	    "parentheses group. Case and accents do not matter. A malformed query is a\n"
	    "usage error (exit 2). Quote the query for the shell: --search '\"full room\"'.\n",
	    CMD_PROJECT, cmd_posts},
	{"hide", "POST...", "keep posts out of listings and 'add --all' (nothing is deleted)",
	    "Hidden posts stay in the project file: 'posts --hidden' lists them and\n"
	    "'unhide' brings them back. A post already in the story stays there until\n"
	    "'storied rm ITEM' takes it out. Undoable.\n",
	    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_hide},
	{"unhide", "POST...", "list hidden posts again", "Undoable.\n",
	    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_unhide},
	{"show", "[--json]", "the story, item by item",
	    "Numbered, in order: item id (what add/move/rm/annotate take), kind, time and\n"
	    "author of posts, and the first line; a post's caption below it.\n"
	    "--json: an array of objects: id, kind (post, note, heading), post_id (or\n"
	    "null), text (a note's or heading's source; a post's plain text), caption\n"
	    "(Markdown, or null), index (1-based), level (headings), and for posts\n"
	    "author, url, published (UTC), title, hidden.\n",
	    CMD_PROJECT, cmd_show},
	{"add", "POST... [--after ITEM | --before ITEM | --top | --bottom] | add --all",
	    "place posts in the story (at the end unless told where)",
	    "Posts go in the order given; each new item's id is printed. A post is\n"
	    "placed at most once: a post already placed, given twice or missing fails\n"
	    "the command and nothing is placed.\n"
	    "  --all   every post not placed and not hidden, oldest first (twice is safe)\n"
	    "Undoable.\n",
	    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_add},
	{"note", "TEXT [--after ITEM | --before ITEM | --top | --bottom]",
	    "add a Markdown note to the story",
	    "TEXT is CommonMark; \"-\" reads it from standard input (several paragraphs\n"
	    "welcome). A TEXT starting with '-' goes after '--': storied note -- \"- item\".\n"
	    "The new item's id is printed. Undoable.\n",
	    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_note},
	{"heading", "TEXT [--level N] [--after ITEM | --before ITEM | --top | --bottom]",
	    "add a section heading to the story",
	    "One line of text. --level 2 to 6 (default 2; the story's title is level 1).\n"
	    "\"-\" reads the text from standard input. The new item's id is printed.\n"
	    "Undoable.\n",
	    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_heading},
	{"annotate", "ITEM TEXT", "set a placed post's caption (\"\" removes it)",
	    "TEXT is CommonMark shown under the post; \"-\" reads it from standard input.\n"
	    "Only posts have captions. A TEXT starting with '-' goes after '--':\n"
	    "storied annotate 3 -- \"- a list\". Undoable.\n",
	    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_annotate},
	{"move", "ITEM (--before ITEM | --after ITEM | --top | --bottom)",
	    "move an item in the story",
	    "Only the moved item changes, whatever the story's length. Undoable.\n",
	    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_move},
	{"rm", "ITEM...", "take items out of the story (posts stay collected)",
	    "A missing item fails the command and nothing is removed. Undoable.\n",
	    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_rm},
	{"undo", "", "reverse the last curation command",
	    "Restores what the newest curation command not yet undone changed (add,\n"
	    "note, heading, annotate, move, rm, hide, unhide, storyboard apply, edit);\n"
	    "run it again to go further back. Undo itself is not recorded and cannot\n"
	    "be undone: run the command again instead. See 'storied history'.\n",
	    CMD_PROJECT | CMD_WRITE, cmd_undo},
	{"history", "[--limit N] [--json]", "list the curation commands undo can reverse",
	    "Newest first: entry id, time, (undone) when it was, and the command line.\n",
	    CMD_PROJECT, cmd_history},
	{"storyboard export", "[-o FILE]", "write the story as an editable storyboard",
	    "-o FILE writes to FILE (- or no -o: standard output). The format is\n"
	    "explained in the comment lines at the top of what it writes.\n",
	    CMD_PROJECT, cmd_storyboard_export},
	{"storyboard apply", "FILE", "make the story what an edited storyboard says",
	    "FILE may be - for standard input. The whole file is checked first: any\n"
	    "invalid line, unknown post or post given twice is reported with its line\n"
	    "number and nothing is applied (exit 1). Otherwise every difference is\n"
	    "applied in one transaction: moved blocks move their items, deleted\n"
	    "blocks take items out, new heading and note blocks are added, changed\n"
	    "captions change. An unchanged block keeps its item (and id), and so does a\n"
	    "note or heading whose text is edited where it stands. Undoable.\n",
	    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_storyboard_apply},
	{"edit", "", "edit the story as a storyboard in $VISUAL or $EDITOR",
	    "Opens the storyboard (see 'storied storyboard export') in $VISUAL, else\n"
	    "$EDITOR, else vi (run as sh -c '$EDITOR \"$1\"', so the variable may hold\n"
	    "options), and applies it when the editor exits: unchanged means \"no\n"
	    "changes\"; an invalid file shows each problem and keeps your text in a\n"
	    "file whose path is printed, to fix and pass to 'storyboard apply'.\n"
	    "The project is not locked while you edit. Undoable.\n",
	    CMD_PROJECT, cmd_edit},
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
