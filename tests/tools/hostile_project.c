/*
 * hostile_project.c - SQL for a project where everything a feed or a
 * curator can write is hostile, for the rendered-page browser test
 * (tests/cli/render_browser.sh).
 *
 * usage: hostile_project FIXTURE_DIR | sqlite3 story.sqlite
 *
 * Every sanitizer fixture becomes a post's content; around them, author
 * names, handles, avatars, profile and permalinks, titles, content
 * warnings, languages, media URLs and alt text, source names, notes,
 * captions, headings and the project's title and description carry
 * payloads too. Each payload's "alert(1)" becomes a marker needing no
 * quotes (top.document.documentElement.dataset.pwnedN=1), so a payload
 * that runs leaves data-pwnedN on <html>: posts use N = the fixture's
 * number, the other fields N >= 10000.
 */
#include <stdio.h>
#include <string.h>

#include "../unit/sanitize_cases.h"

static struct buf sql, tmp;
static unsigned next_marker = 10000;

/* s with every "alert(1)" made marker n, as an SQL literal, into sql. */
static void
lit_marked(const char *s, unsigned n)
{
	const char *p = s, *hit;

	buf_reset(&tmp);
	while ((hit = strstr(p, "alert(1)")) != NULL) {
		buf_add(&tmp, p, (size_t)(hit - p));
		buf_printf(&tmp, "top.document.documentElement.dataset.pwned%u=1", n);
		p = hit + strlen("alert(1)");
	}
	buf_adds(&tmp, p);
	buf_addc(&sql, '\'');
	for (p = tmp.data; *p; p++) {
		if (*p == '\'')
			buf_addc(&sql, '\'');
		buf_addc(&sql, *p);
	}
	buf_addc(&sql, '\'');
}

/* A fresh payload for a plain field (a name, a title...). */
static const char *const field_payloads[] = {
    "<img src=x onerror=alert(1)>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea></style><script>alert(1)</script>",
    "javascript:alert(1)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "{{{x}}}<!--<script>alert(1)</script>-->",
};
/* URLs an attribute must never keep. */
static const char *const url_payloads[] = {
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:alert(1)",
    "\"><img src=x onerror=alert(1)>",
    "https://x.example/\" onerror=\"alert(1)",
};
/* Markdown a curator might paste: raw HTML and unsafe links. */
static const char *const md_payloads[] = {
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)> text",
    "[click](javascript:alert(1))",
    "![img](javascript:alert(1))",
    "[x](JaVaScRiPt&#58;alert(1))",
    "<a href=\"javascript:alert(1)\">a</a>",
    "<details open ontoggle=alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "`<script>alert(1)</script>` and <svg/onload=alert(1)>",
};

static void
field(const char *const *set, size_t n, unsigned i)
{
	lit_marked(set[i % n], next_marker++);
}

#define FIELD(set, i) field(set, ARRAY_LEN(set), i)

int
main(int argc, char **argv)
{
	struct sanitize_cases cases;
	unsigned i, pos = 0;

	if (argc != 2 || sanitize_cases_load(&cases, argv[1]) == -1) {
		fprintf(stderr, "usage: hostile_project FIXTURE_DIR\n");
		return 2;
	}
	buf_init(&sql, BUF_NOLIMIT);
	buf_init(&tmp, BUF_NOLIMIT);
	buf_adds(&sql, "BEGIN;\nUPDATE settings SET value = ");
	FIELD(field_payloads, 3);
	buf_adds(&sql,
	    " WHERE key = 'title';\nINSERT INTO settings (key, value) VALUES ('description', ");
	FIELD(md_payloads, 1);
	buf_adds(&sql, ");\nINSERT INTO project_tags (tag, display, position) VALUES ('x', ");
	FIELD(field_payloads, 0);
	buf_adds(&sql, ", 1);\nINSERT INTO sources (id, url, name, added_at) VALUES (1, ");
	FIELD(url_payloads, 0);
	buf_adds(&sql, ", ");
	FIELD(field_payloads, 1);
	buf_adds(&sql, ", 0);\n");

	for (i = 0; i < cases.n; i++) {
		unsigned id = i + 1;

		buf_printf(&sql,
		    "INSERT INTO posts (id, source_id, permalink, author_name, author_handle,"
		    " author_url, author_avatar, published, title, content_html, content_text,"
		    " language, content_warning, sensitive, fetched_at) VALUES (%u, 1, ",
		    id);
		if (i % 3 == 0) {
			FIELD(url_payloads, i);
			buf_printf(&sql, " || '#%u'", id); /* permalinks are unique */
		} else {
			buf_printf(&sql, "'https://social.example/@u/%u'", id);
		}
		buf_adds(&sql, ", ");
		FIELD(field_payloads, i);
		buf_adds(&sql, ", ");
		FIELD(field_payloads, i + 1);
		buf_adds(&sql, ", ");
		FIELD(url_payloads, i + 1);
		buf_adds(&sql, ", ");
		FIELD(url_payloads, i + 2);
		buf_printf(&sql, ", %u, ", 1773478800 + 60 * id);
		if (i % 4 == 0)
			FIELD(field_payloads, i + 2);
		else
			buf_adds(&sql, "NULL");
		buf_adds(&sql, ", ");
		lit_marked(cases.v[i].input, id);
		buf_adds(&sql, ", ");
		FIELD(field_payloads, i + 3);
		buf_adds(&sql, ", ");
		if (i % 5 == 0)
			buf_adds(&sql,
			    "'en\" onmouseover=\"top.document.documentElement.dataset.pwnedlang=1'");
		else
			buf_adds(&sql, "'en'");
		buf_adds(&sql, ", ");
		if (i % 6 == 0)
			FIELD(field_payloads, i + 4);
		else
			buf_adds(&sql, "NULL");
		buf_printf(&sql, ", %d, 0);\n", i % 6 == 0);
		if (i % 2 == 0) {
			buf_printf(&sql,
			    "INSERT INTO media (post_id, position, url, alt, preview_url, type)"
			    " VALUES (%u, 0, ",
			    id);
			FIELD(url_payloads, i);
			buf_adds(&sql, ", ");
			FIELD(field_payloads, i + 1);
			buf_adds(&sql, ", ");
			FIELD(url_payloads, i + 3);
			buf_adds(&sql, ", 'image/png'), (");
			buf_printf(&sql, "%u, 1, 'https://img.example/%u.png', ", id, id);
			FIELD(field_payloads, i + 2);
			buf_adds(&sql, ", NULL, ");
			FIELD(field_payloads, i + 5);
			buf_adds(&sql, ");\n");
		}
		if (i % 7 == 0) {
			buf_printf(&sql,
			    "INSERT INTO story_items (kind, body, level, position, created_at,"
			    " updated_at) VALUES ('heading', ");
			FIELD(md_payloads, i);
			buf_printf(&sql, ", %u, 'p%06u', 0, 0), ('note', ", 2 + i % 3, pos++);
			FIELD(md_payloads, i + 1);
			buf_printf(&sql, ", NULL, 'p%06u', 0, 0);\n", pos++);
		}
		buf_printf(&sql,
		    "INSERT INTO story_items (kind, post_id, body, position, created_at,"
		    " updated_at) VALUES ('post', %u, ",
		    id);
		if (i % 2 == 1)
			FIELD(md_payloads, i + 2);
		else
			buf_adds(&sql, "NULL");
		buf_printf(&sql, ", 'p%06u', 0, 0);\n", pos++);
	}
	buf_adds(&sql, "COMMIT;\n");
	fputs(sql.data, stdout);
	buf_release(&sql);
	buf_release(&tmp);
	sanitize_cases_free(&cases);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
