/*
 * feed_pending.c - TEMPORARY weak stand-ins for the feed parser (branch
 * `feed`), so the import converters build and test before it is merged.
 * The real definitions override these; this file goes at that merge.
 */
#include <stdlib.h>

#include "feed.h"

__attribute__((weak)) char *
html_to_text(const char *html)
{
	return xstrdup(html);
}

__attribute__((weak)) const char *
feed_format_name(enum feed_format f)
{
	(void)f;
	return "unknown";
}

__attribute__((weak)) int
feed_parse_fd(int fd, const struct feed_options *opt, feed_item_fn fn, void *arg,
    struct feed_info *info, struct err *e)
{
	(void)fd, (void)opt, (void)fn, (void)arg, (void)info;
	return err_set(e, ERR_FAIL, "feed files cannot be read by this build");
}

__attribute__((weak)) void
feed_info_release(struct feed_info *info)
{
	(void)info;
}
