/*
 * settings_def.c - the project settings a user can set (init and config
 * share them): their names, how each is validated, and how tags are added
 * and removed; stored through settings.c (include/settings.h).
 */
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "hashtag.h"
#include "settings.h"
#include "store_collect.h"

static int
check_text(const char *v, struct err *e)
{
	if (!utf8_valid(v, strlen(v)))
		return err_set(e, ERR_USAGE, "the value is not valid UTF-8");
	return 0;
}

static int
check_title(const char *v, struct err *e)
{
	if (check_text(v, e) == -1)
		return -1;
	if (*v == '\0')
		return err_set(e, ERR_USAGE, "the title cannot be empty");
	return 0;
}

/* BCP 47 in the shape browsers accept: "en", "pt-BR", "zh-Hant-TW". */
static int
check_language(const char *v, struct err *e)
{
	size_t n = strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	const char *p = v + n;

	if (n < 2 || n > 8)
		goto bad;
	while (*p == '-') {
		n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (n < 1 || n > 8)
			goto bad;
		p += n + 1;
	}
	if (*p == '\0')
		return 0;
bad:
	return err_set(e, ERR_USAGE, "'%s' is not a language tag (BCP 47, like en or pt-BR)", v);
}

static int
check_timezone(const char *v, struct err *e)
{
	if (!tz_valid(v))
		return err_set(e, ERR_USAGE,
		    "'%s' is not a known time zone (use an IANA name like Europe/Brussels or UTC)",
		    v);
	return 0;
}

static int
check_onoff(const char *v, struct err *e)
{
	if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0)
		return err_set(e, ERR_USAGE, "'%s' is neither on nor off", v);
	return 0;
}

const struct setting_def setting_defs[] = {
    {"title", "the story's title", check_title},
    {"description", "a paragraph under the title (Markdown)", check_text},
    {"language", "the story's language, BCP 47 (default en)", check_language},
    {"timezone", "IANA time zone for WHEN and shown times (default UTC)", check_timezone},
    {"since", "start of the window, WHEN (inclusive)", NULL},
    {"until", "end of the window, WHEN (exclusive)", NULL},
    {"tags", "hashtags the project keeps", NULL},
    {"archive.capture", "record every HTTP exchange of collect: on (default) or off", check_onoff},
    {NULL, NULL, NULL},
};

const struct setting_def *
setting_find(const char *key)
{
	for (const struct setting_def *d = setting_defs; d->key; d++)
		if (strcmp(d->key, key) == 0)
			return d;
	return NULL;
}

int
settings_check_window(const char *since, const char *until, const char *zone, struct err *e)
{
	int64_t s = 0, u = 0;

	if (since && when_parse(since, zone, &s, e) == -1)
		return err_prefix(e, "since: ");
	if (until && when_parse(until, zone, &u, e) == -1)
		return err_prefix(e, "until: ");
	if (since && until && s >= u)
		return err_set(e, ERR_USAGE,
		    "the window is empty: since (%s) is not before until (%s)", since, until);
	return 0;
}

int
settings_set(struct store *s, const char *key, const char *value, struct err *e)
{
	const struct setting_def *d = setting_find(key);
	char *zone = NULL, *since = NULL, *until = NULL;
	int r, refetch = 0;

	if (d == NULL || strcmp(key, "tags") == 0)
		return err_set(e, ERR_USAGE, "unknown setting '%s'", key);
	if (value && *value == '\0' && strcmp(key, "title") != 0)
		value = NULL; /* "" unsets an optional setting */
	if (value && d->check && d->check(value, e) == -1)
		return -1;
	if (strcmp(key, "since") == 0 || strcmp(key, "until") == 0 ||
	    strcmp(key, "timezone") == 0) {
		/* Check the window as it will be after the change. */
		if (store_setting_get(s, "timezone", &zone, e) == -1 ||
		    store_setting_get(s, "since", &since, e) == -1 ||
		    store_setting_get(s, "until", &until, e) == -1) {
			r = -1;
			goto out;
		}
		char **slot = strcmp(key, "since") == 0 ? &since
		    : strcmp(key, "until") == 0         ? &until
		                                        : &zone;
		refetch = !str_eq(*slot, value);
		free(*slot);
		*slot = value ? xstrdup(value) : NULL;
		if ((r = settings_check_window(since, until, zone ? zone : "UTC", e)) == -1)
			goto out;
	}
	r = store_setting_set(s, key, value, e);
	/* Posts the old window refused must come in: no 304, no cursor. */
	if (r == 0 && refetch)
		r = store_sources_refetch(s, 0, NULL, e);
out:
	free(zone);
	free(since);
	free(until);
	return r;
}

int
settings_tag_add(struct store *s, const char *word, struct err *e)
{
	char *tag = hashtag_normalize(word);
	const char *display = word[0] == '#' ? word + 1 : word;
	int r;

	if (tag == NULL)
		return err_set(e, ERR_USAGE,
		    "'%s' is not a hashtag (letters, digits and _ only, like #fosdem26)", word);
	r = store_tag_add(s, tag, display, e);
	free(tag);
	/* Posts refused for lack of this tag must come in. */
	if (r == 0)
		r = store_sources_refetch(s, 0, NULL, e);
	return r;
}

int
settings_tag_remove(struct store *s, const char *word, struct err *e)
{
	char *tag = hashtag_normalize(word);
	int r;

	if (tag == NULL)
		return err_set(e, ERR_USAGE, "'%s' is not a hashtag", word);
	r = store_tag_remove(s, tag, e);
	free(tag);
	return r;
}
