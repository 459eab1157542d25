/* feed.c - libFuzzer target: any bytes through the feed parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feed.h"

static int
item(void *arg, const struct incoming_post *it, struct err *e)
{
	(void)arg;
	(void)e;
	/* Every string that comes out must be valid UTF-8. */
	const char *s[] = {it->guid, it->permalink, it->title, it->content_html, it->content_text};
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		if (s[i] && !utf8_valid(s[i], strlen(s[i])))
			abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	struct feed_options opt = {.base_url = "https://fuzz.example/feed"};
	struct feed_info info = {0};
	struct err e;
	FILE *f = tmpfile();

	if (f == NULL)
		return 0;
	fwrite(data, 1, n, f);
	fflush(f);
	rewind(f);
	feed_parse_fd(fileno(f), &opt, item, NULL, &info, &e);
	feed_info_release(&info);
	fclose(f);
	return 0;
}
