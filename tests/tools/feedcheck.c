/*
 * feedcheck.c - test tool: parse feeds and print what storied extracts, as
 * one JSON object a line (jansson).
 *
 *   feedcheck [-b BASE_URL] [-c CHARSET] [-m MAX_TEXT] FILE   one feed
 *   feedcheck -l    lines "FILE<TAB>BASE_URL<TAB>CHARSET" on stdin, one
 *                   JSON line out for each (the conformance driver)
 *   feedcheck -d    date strings on stdin, one a line; prints
 *                   "YYYY-MM-DDTHH:MM:SSZ" or "reject" for each
 *   feedcheck -t HTML   prints html_to_text(HTML) between brackets
 *
 * The object: format, title, link, language, recovered, items (count),
 * error (or null), entries: [{guid, permalink, title, author_name,
 * author_handle, author_url, author_avatar, published, updated, date_text,
 * content_html, content_text, language, content_warning, sensitive,
 * categories, media: [{url, type, medium, alt, preview_url, width,
 * height}], raw}].
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "datetime.h"
#include "feed.h"

static json_t *
jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
jtime(int has, int64_t t)
{
	char out[32];

	if (!has)
		return json_null();
	time_format_utc(t, out, sizeof out);
	return json_string(out);
}

static int
on_item(void *arg, const struct incoming_post *it, struct err *e)
{
	json_t *entries = arg, *o = json_object(), *cats = json_array(), *media = json_array();

	(void)e;
	json_object_set_new(o, "guid", jstr(it->guid));
	json_object_set_new(o, "permalink", jstr(it->permalink));
	json_object_set_new(o, "title", jstr(it->title));
	json_object_set_new(o, "author_name", jstr(it->author_name));
	json_object_set_new(o, "author_handle", jstr(it->author_handle));
	json_object_set_new(o, "author_url", jstr(it->author_url));
	json_object_set_new(o, "author_avatar", jstr(it->author_avatar));
	json_object_set_new(o, "published", jtime(it->has_published, it->published));
	json_object_set_new(o, "updated", jtime(it->has_updated, it->updated));
	json_object_set_new(o, "date_text", jstr(it->date_text));
	json_object_set_new(o, "content_html", jstr(it->content_html));
	json_object_set_new(o, "content_text", jstr(it->content_text));
	json_object_set_new(o, "language", jstr(it->language));
	json_object_set_new(o, "content_warning", jstr(it->content_warning));
	json_object_set_new(o, "sensitive", json_boolean(it->sensitive));
	for (size_t i = 0; i < it->ncategories; i++)
		json_array_append_new(cats, jstr(it->categories[i]));
	json_object_set_new(o, "categories", cats);
	for (size_t i = 0; i < it->nmedia; i++) {
		const struct incoming_media *m = &it->media[i];
		json_t *mo = json_object();

		json_object_set_new(mo, "url", jstr(m->url));
		json_object_set_new(mo, "type", jstr(m->type));
		json_object_set_new(mo, "medium", jstr(m->medium));
		json_object_set_new(mo, "alt", jstr(m->alt));
		json_object_set_new(mo, "preview_url", jstr(m->preview_url));
		json_object_set_new(mo, "width", json_integer(m->width));
		json_object_set_new(mo, "height", json_integer(m->height));
		json_array_append_new(media, mo);
	}
	json_object_set_new(o, "media", media);
	json_object_set_new(o, "raw", jstr(it->raw));
	json_array_append_new(entries, o);
	return 0;
}

static void
check(const char *path, const char *base, const char *charset, size_t max_text)
{
	struct feed_options opt = {.base_url = base, .http_charset = charset, .max_text = max_text};
	struct feed_info info;
	struct err e;
	json_t *o = json_object(), *entries = json_array();
	int fd = open(path, O_RDONLY), r;
	char *s;

	if (fd == -1) {
		json_object_set_new(o, "error", json_string("cannot open"));
		goto print;
	}
	r = feed_parse_fd(fd, &opt, on_item, entries, &info, &e);
	close(fd);
	json_object_set_new(o, "format", json_string(feed_format_name(info.format)));
	json_object_set_new(o, "title", jstr(info.title));
	json_object_set_new(o, "link", jstr(info.link));
	json_object_set_new(o, "language", jstr(info.language));
	json_object_set_new(o, "recovered", json_boolean(info.recovered));
	json_object_set_new(o, "items", json_integer((json_int_t)info.items));
	json_object_set_new(o, "error", r == 0 ? json_null() : json_string(e.msg));
	feed_info_release(&info);
print:
	json_object_set_new(o, "entries", entries);
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	puts(s);
	free(s);
	json_decref(o);
}

static char *
field(char **p)
{
	char *s = *p, *t;

	if (s == NULL)
		return NULL;
	if ((t = strchr(s, '\t')) != NULL) {
		*t = '\0';
		*p = t + 1;
	} else {
		*p = NULL;
	}
	return *s ? s : NULL;
}

int
main(int argc, char **argv)
{
	const char *base = NULL, *charset = NULL;
	size_t max_text = 0;
	char line[4096];
	int c;

	while ((c = getopt(argc, argv, "b:c:m:ldt:")) != -1) {
		switch (c) {
		case 'b':
			base = optarg;
			break;
		case 'c':
			charset = optarg;
			break;
		case 'm':
			max_text = (size_t)strtoul(optarg, NULL, 10);
			break;
		case 't': {
			char *t = html_to_text(optarg);

			printf("[%s]\n", t);
			free(t);
			return 0;
		}
		case 'l':
			while (fgets(line, sizeof line, stdin)) {
				char *p = line, *f, *b, *cs;

				line[strcspn(line, "\n")] = '\0';
				f = field(&p);
				b = field(&p);
				cs = field(&p);
				if (f)
					check(f, b, cs, max_text);
				fflush(stdout);
			}
			return 0;
		case 'd':
			while (fgets(line, sizeof line, stdin)) {
				int64_t t;
				char out[32];

				line[strcspn(line, "\n")] = '\0';
				if (feed_date_parse(line, &t) == 0) {
					time_format_utc(t, out, sizeof out);
					puts(out);
				} else {
					puts("reject");
				}
			}
			return 0;
		default:
			fprintf(stderr,
			    "usage: feedcheck [-b base] [-c charset] [-m max] FILE | -l | -d\n");
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(
		    stderr, "usage: feedcheck [-b base] [-c charset] [-m max] FILE | -l | -d\n");
		return 2;
	}
	check(argv[optind], base, charset, max_text);
	return 0;
}
