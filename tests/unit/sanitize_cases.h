/*
 * sanitize_cases.h - the sanitizer's fixture cases, shared by the unit test
 * and tests/tools/sanitize_page.c.
 *
 * tests/fixtures/sanitize/NAME.txt hold cases:
 *
 *     ### name of the case
 *     @base https://example.com/dir/      (optional: the base URL)
 *     input, any number of lines
 *     ---
 *     expected output, any number of lines
 *
 * Lines before the first "###" are comments. Input and output are their
 * lines joined by newlines, without a final one.
 */
#ifndef STORIED_SANITIZE_CASES_H
#define STORIED_SANITIZE_CASES_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "util.h"

struct sanitize_case {
	char *file, *name, *base, *input, *output;
};

struct sanitize_cases {
	struct sanitize_case *v;
	size_t n;
};

static inline int
sanitize_cases_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the cases of one file; -1 when it cannot be read or is malformed. */
static inline int
sanitize_cases_file(struct sanitize_cases *cs, const char *path, const char *shortname)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, nlines[3] = {0, 0, 0};
	ssize_t len;
	struct buf text[3];
	struct sanitize_case *c = NULL;
	int part = 0, rc = 0; /* part: 0 comments, 1 input, 2 output */

	if (f == NULL)
		return -1;
	buf_init(&text[1], BUF_NOLIMIT);
	buf_init(&text[2], BUF_NOLIMIT);
	for (;;) {
		len = getline(&line, &cap, f);
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len < 0 || strncmp(line, "### ", 4) == 0) {
			if (c != NULL) {
				c->input = buf_detach(&text[1]);
				c->output = buf_detach(&text[2]);
				if (part != 2) {
					fprintf(
					    stderr, "%s: case \"%s\" has no ---\n", path, c->name);
					rc = -1;
				}
			}
			if (len < 0)
				break;
			cs->v = xreallocarray(cs->v, cs->n + 1, sizeof *cs->v);
			c = &cs->v[cs->n++];
			memset(c, 0, sizeof *c);
			c->file = xstrdup(shortname);
			c->name = xstrdup(line + 4);
			part = 1;
			nlines[1] = nlines[2] = 0;
			continue;
		}
		if (part == 0)
			continue;
		if (part == 1 && nlines[1] == 0 && c->base == NULL &&
		    strncmp(line, "@base ", 6) == 0) {
			c->base = xstrdup(line + 6);
			continue;
		}
		if (part == 1 && strcmp(line, "---") == 0) {
			part = 2;
			continue;
		}
		if (nlines[part]++ > 0)
			buf_addc(&text[part], '\n');
		buf_adds(&text[part], line);
	}
	fclose(f);
	free(line);
	buf_release(&text[1]);
	buf_release(&text[2]);
	return rc;
}

/* Loads every *.txt of dir, files in name order; -1 on any error. */
static inline int
sanitize_cases_load(struct sanitize_cases *cs, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	int rc = 0;

	cs->v = NULL;
	cs->n = 0;
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		if (l > 4 && strcmp(de->d_name + l - 4, ".txt") == 0) {
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, sanitize_cases_cmp);
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);

		if (sanitize_cases_file(cs, path, names[i]) == -1)
			rc = -1;
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

static inline void
sanitize_cases_free(struct sanitize_cases *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		free(cs->v[i].file);
		free(cs->v[i].name);
		free(cs->v[i].base);
		free(cs->v[i].input);
		free(cs->v[i].output);
	}
	free(cs->v);
	cs->v = NULL;
	cs->n = 0;
}
#endif
