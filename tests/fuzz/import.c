/*
 * import.c - libFuzzer target: any bytes through the platform converters
 * (a Mastodon page, a Bluesky search answer) and every archive reader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import.h"

static int
item(void *arg, const struct incoming_post *it, struct err *e)
{
	const char *s[] = {it->guid, it->permalink, it->title, it->author_name, it->author_handle,
	    it->content_html, it->content_text, it->content_warning};

	(void)arg;
	(void)e;
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		if (s[i] && !utf8_valid(s[i], strlen(s[i])))
			abort();
	return 0;
}

static int
note(void *arg, const char *md, struct err *e)
{
	(void)arg;
	(void)e;
	if (!utf8_valid(md, strlen(md)))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	static const enum import_format formats[] = {
	    IMPORT_STORIFY, IMPORT_MASTODON_ARCHIVE, IMPORT_TWARC};
	struct import_sink sink = {NULL, item, note, NULL};
	struct mastodon_page mp;
	struct bluesky_page bp;
	struct import_info info;
	char path[] = "/tmp/storied-fuzz-import-XXXXXX";
	struct err e;
	int fd;

	mastodon_parse_page((const char *)data, n, "fuzz.example", item, NULL, &mp, &e);
	mastodon_page_release(&mp);
	bluesky_parse_search((const char *)data, n, item, NULL, &bp, &e);
	bluesky_page_release(&bp);
	if ((fd = mkstemp(path)) == -1)
		return 0;
	if (write(fd, data, n) == (ssize_t)n)
		for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
			import_file(path, formats[i], &sink, &info, &e);
			import_info_release(&info);
		}
	close(fd);
	unlink(path);
	return 0;
}
