/*
 * import.c - `storied import`'s reading side: which kind of archive a file
 * is (from its content, never its name) and the reader for each kind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "incoming_internal.h"
#include "import_internal.h"

#define HEAD_SIZE (64 * 1024)

static const char *const format_names[] = {
    [IMPORT_AUTO] = "auto",
    [IMPORT_STORIFY] = "storify",
    [IMPORT_MASTODON_ARCHIVE] = "mastodon-archive",
    [IMPORT_TWARC] = "twarc",
    [IMPORT_FEED] = "jsonfeed",
};

const char *
import_format_name(enum import_format f)
{
	return (size_t)f < ARRAY_LEN(format_names) ? format_names[f] : "unknown";
}

int
import_format_parse(const char *name, enum import_format *out)
{
	for (size_t i = 0; i < ARRAY_LEN(format_names); i++)
		if (str_eq(name, format_names[i])) {
			*out = (enum import_format)i;
			return 0;
		}
	if (str_eq(name, "feed")) {
		*out = IMPORT_FEED;
		return 0;
	}
	return -1;
}

void
import_info_release(struct import_info *info)
{
	free(info->title);
	info->title = NULL;
}

/* The first HEAD_SIZE bytes of the file, NUL-terminated; *n its length. */
static char *
read_head(const char *path, size_t *n, struct err *e)
{
	char *head = xmalloc(HEAD_SIZE + 1);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd == -1) {
		free(head);
		err_set(e, ERR_FAIL, "%s", strerror(errno));
		return NULL;
	}
	*n = 0;
	while (*n < HEAD_SIZE && (r = read(fd, head + *n, HEAD_SIZE - *n)) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			err_set(e, ERR_FAIL, "%s", strerror(errno));
			close(fd);
			free(head);
			return NULL;
		}
		*n += (size_t)r;
	}
	close(fd);
	head[*n] = '\0';
	return head;
}

/* A JSON object on the first line that looks like a tweet (twarc). */
static int
first_line_tweet(const char *head, size_t n)
{
	const char *nl = memchr(head, '\n', n);
	json_t *o;
	int yes;

	o = json_loadb(head, nl ? (size_t)(nl - head) : n, 0, NULL);
	if (o == NULL)
		return 0;
	yes = json_is_object(o) &&
	    (json_object_get(o, "id_str") || json_object_get(o, "full_text") ||
	        json_object_get(o, "author_id") || conv_obj(o, "user") ||
	        (conv_arr(o, "data") && json_object_get(o, "includes")) ||
	        (conv_str(o, "text") && conv_str(o, "id") && conv_str(o, "created_at")));
	json_decref(o);
	return yes;
}

int
import_detect(const char *path, enum import_format *out, struct err *e)
{
	size_t n;
	char *head = read_head(path, &n, e);
	const char *p;

	if (head == NULL)
		return -1;
	p = head;
	if (n >= 2 && (unsigned char)p[0] == 0x1f && (unsigned char)p[1] == 0x8b)
		*out = IMPORT_MASTODON_ARCHIVE;
	else if ((n >= 4 && memcmp(p, "PK\3\4", 4) == 0) ||
	    (n >= 262 && memcmp(p + 257, "ustar", 5) == 0))
		*out = IMPORT_MASTODON_ARCHIVE;
	else {
		if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		p += strspn(p, " \t\r\n");
		if (*p == '<')
			*out = IMPORT_FEED;
		else if (*p == '{' && first_line_tweet(p, n - (size_t)(p - head)))
			*out = IMPORT_TWARC;
		else if (*p == '{' && strstr(p, "jsonfeed.org/version"))
			*out = IMPORT_FEED;
		else if (*p == '{' && strstr(p, "\"orderedItems\""))
			*out = IMPORT_MASTODON_ARCHIVE;
		else if (*p == '{' && strstr(p, "\"elements\""))
			*out = IMPORT_STORIFY;
		else {
			free(head);
			return err_set(e, ERR_FAIL,
			    "not a Storify story, Mastodon archive, twarc file or feed "
			    "(--format names one)");
		}
	}
	free(head);
	return 0;
}

/* posts.raw_format for a feed file, from its first bytes. */
static const char *
feed_raw_format(const char *path)
{
	struct err e;
	size_t n;
	char *head = read_head(path, &n, &e);
	const char *f = "rss";

	if (head == NULL)
		return f;
	if (strstr(head, "jsonfeed.org/version"))
		f = "jsonfeed";
	else if (strstr(head, "<feed"))
		f = "atom";
	else if (strstr(head, "RDF"))
		f = "rdf";
	free(head);
	return f;
}

static int
import_feed(
    const char *path, const struct import_sink *sink, struct import_info *info, struct err *e)
{
	struct feed_options opt = {0};
	struct feed_info fi = {0};
	int fd = open(path, O_RDONLY | O_CLOEXEC), r;

	if (fd == -1)
		return err_set(e, ERR_FAIL, "%s", strerror(errno));
	r = feed_parse_fd(fd, &opt, sink->item, sink->arg, &fi, e);
	close(fd);
	info->items = fi.items;
	if (fi.format != FEED_UNKNOWN)
		info->raw_format = feed_format_name(fi.format);
	conv_set(&info->title, fi.title);
	feed_info_release(&fi);
	return r;
}

int
import_file(const char *path, enum import_format format, const struct import_sink *sink,
    struct import_info *info, struct err *e)
{
	json_error_t je;
	json_t *root;
	FILE *f;
	int r;

	memset(info, 0, sizeof *info);
	if (format == IMPORT_AUTO && import_detect(path, &format, e) == -1)
		return -1;
	info->format = format;
	switch (format) {
	case IMPORT_STORIFY:
		info->raw_format = "storify";
		root = json_load_file(path, 0, &je);
		if (root == NULL)
			return conv_json_error(e, &je);
		r = import_storify(root, sink, info, e);
		json_decref(root);
		return r;
	case IMPORT_MASTODON_ARCHIVE:
		info->raw_format = "mastodon-archive";
		return import_mastodon_archive(path, sink, info, e);
	case IMPORT_TWARC:
		info->raw_format = "twarc";
		if ((f = fopen(path, "re")) == NULL)
			return err_set(e, ERR_FAIL, "%s", strerror(errno));
		r = import_twarc(f, sink, info, e);
		fclose(f);
		return r;
	case IMPORT_FEED:
		info->raw_format = feed_raw_format(path);
		return import_feed(path, sink, info, e);
	case IMPORT_AUTO:
		break;
	}
	return err_set(e, ERR_USAGE, "unknown import format");
}
