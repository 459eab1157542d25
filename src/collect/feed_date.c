/*
 * feed_date.c - dates as feeds write them.
 *
 * ISO 8601 / RFC 3339 (Atom, dc:date, JSON Feed) goes to the shared reader
 * in datetime.c, with the W3C-DTF shortenings ("2003", "2003-12") and a
 * space before the offset allowed. Everything else is taken for RFC 822
 * (RSS pubDate) and handed to curl_getdate (through http_parse_date), after
 * rewriting the variants feeds use and curl does not read: "+hh:mm" and
 * "GMT+hh:mm" offsets, full month names, "Etc/GMT", the US zone shorthands
 * (ET, CT...), a comment in parentheses, and Perforce's "2006/09/15".
 * Whatever cannot be read is rejected, never guessed.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "datetime.h"
#include "feed_internal.h"
#include "http.h"

static int
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* ISO 8601 and its W3C-DTF shortenings; -1 when s is not one. */
static int
iso_date(const char *s, int64_t *out)
{
	char tmp[96];
	size_t n = strlen(s), k = 0;

	if (n >= sizeof tmp)
		return -1;
	if (n == 4 && all_digits(s, 4)) {
		*out = time_from_civil(
		    (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'), 1,
		    1, 0, 0, 0);
		return 0;
	}
	if (n == 7 && all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2)) {
		int mo = (s[5] - '0') * 10 + (s[6] - '0');

		if (mo < 1 || mo > 12)
			return -1;
		*out = time_from_civil(
		    (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'), mo,
		    1, 0, 0, 0);
		return 0;
	}
	/* "2004-07-08 23:56:58 -00:20": drop the space before the offset. */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' && i > 10 &&
		    (s[i + 1] == '+' || s[i + 1] == '-' || s[i + 1] == 'Z') &&
		    isdigit((unsigned char)s[i - 1]))
			continue;
		tmp[k++] = s[i];
	}
	tmp[k] = '\0';
	return date_parse_iso8601(tmp, out);
}

static const char *const months[] = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
};

/* Offsets of zone names curl_getdate does not know, in minutes. */
static const struct {
	const char *name;
	int minutes;
} zones[] = {
    {"AT", -4 * 60},
    {"ET", -5 * 60},
    {"CT", -6 * 60},
    {"MT", -7 * 60},
    {"PT", -8 * 60},
};

/* Rewrites one word of an RFC 822 date into what curl_getdate reads. */
static void
rfc822_word(struct buf *b, const char *w, size_t n)
{
	char low[32];

	if (n < sizeof low) {
		for (size_t i = 0; i < n; i++)
			low[i] = (char)tolower((unsigned char)w[i]);
		low[n] = '\0';
		for (size_t i = 0; i < ARRAY_LEN(months); i++)
			if (n > 3 && strcmp(low, months[i]) == 0) {
				buf_add(b, w, 3);
				return;
			}
		for (size_t i = 0; i < ARRAY_LEN(zones); i++)
			if (strcasecmp(low, zones[i].name) == 0) {
				int m = zones[i].minutes < 0 ? -zones[i].minutes : zones[i].minutes;

				buf_printf(b, "%c%02d%02d", zones[i].minutes < 0 ? '-' : '+',
				    m / 60, m % 60);
				return;
			}
		if (str_startswith(low, "etc/")) {
			w += 4;
			n -= 4;
		}
	}
	/* "GMT+01:00", "UTC-0100", "+01:00": a numeric offset. */
	if (n >= 3 && (strncasecmp(w, "GMT", 3) == 0 || strncasecmp(w, "UTC", 3) == 0) && n > 3 &&
	    (w[3] == '+' || w[3] == '-')) {
		w += 3;
		n -= 3;
	}
	if (n == 6 && (w[0] == '+' || w[0] == '-') && all_digits(w + 1, 2) && w[3] == ':' &&
	    all_digits(w + 4, 2)) {
		buf_addc(b, w[0]);
		buf_add(b, w + 1, 2);
		buf_add(b, w + 4, 2);
		return;
	}
	/* Perforce: "2006/09/15". */
	if (n == 10 && all_digits(w, 4) && w[4] == '/' && all_digits(w + 5, 2) && w[7] == '/' &&
	    all_digits(w + 8, 2)) {
		int mo = (w[5] - '0') * 10 + (w[6] - '0');

		if (mo >= 1 && mo <= 12) {
			buf_printf(b, "%.2s %.3s %.4s", w + 8, months[mo - 1], w);
			return;
		}
	}
	buf_add(b, w, n);
}

static int
num(const char **sp, int min, int max, int *out)
{
	const char *s = *sp;
	int v = 0, k = 0;

	while (k < max && *s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		k++;
	}
	if (k < min)
		return -1;
	*sp = s;
	*out = v;
	return 0;
}

static int
days_in(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

/*
 * The form nearly every RSS feed writes, "Sun, 01 Feb 2026 09:42:17 +0000"
 * (or GMT/UTC/Z), read directly: curl_getdate's general reader costs more
 * than the rest of an item. Returns -2 for any other shape.
 */
static int
rfc822_fast(const char *s, int64_t *out)
{
	int d, y, h, mi, sec, mo = 0, off = 0;

	if (s[0] && s[1] && s[2] && s[3] == ',' && s[4] == ' ')
		s += 5;
	if (num(&s, 1, 2, &d) == -1 || *s++ != ' ')
		return -2;
	for (int i = 0; i < 12 && mo == 0; i++)
		if ((s[0] | 0x20) == (months[i][0] | 0x20) && strncasecmp(s, months[i], 3) == 0)
			mo = i + 1;
	if (mo == 0 || s[3] != ' ')
		return -2;
	s += 4;
	if (num(&s, 4, 4, &y) == -1 || *s++ != ' ' || num(&s, 2, 2, &h) == -1 || *s++ != ':' ||
	    num(&s, 2, 2, &mi) == -1 || *s++ != ':' || num(&s, 2, 2, &sec) == -1 || *s++ != ' ')
		return -2;
	if ((*s == '+' || *s == '-') && strlen(s) == 5) {
		int oh, om;
		const char *z = s + 1;

		if (num(&z, 2, 2, &oh) == -1 || num(&z, 2, 2, &om) == -1 || om > 59)
			return -2;
		off = (s[0] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
	} else if (strcmp(s, "GMT") != 0 && strcmp(s, "UTC") != 0 && strcmp(s, "Z") != 0 &&
	    strcmp(s, "UT") != 0) {
		return -2;
	}
	if (d < 1 || d > days_in(y, mo) || h > 23 || mi > 59 || sec > 60)
		return -1;
	*out = time_from_civil(y, mo, d, h, mi, sec > 59 ? 59 : sec) - off;
	return 0;
}

static int
rfc822_date(const char *s, int64_t *out)
{
	struct buf b;
	int r;

	if ((r = rfc822_fast(s, out)) != -2)
		return r;
	buf_init(&b, 256);
	while (*s) {
		size_t n;

		if (*s == '(') {
			const char *e = strchr(s, ')');

			if (e == NULL)
				break;
			s = e + 1;
			continue;
		}
		if (isspace((unsigned char)*s) || *s == ',') {
			buf_addc(&b, *s++);
			continue;
		}
		n = strcspn(s, " \t\r\n,(");
		rfc822_word(&b, s, n);
		s += n;
	}
	r = http_parse_date(b.data, out);
	buf_release(&b);
	return r;
}

int
feed_date_parse(const char *s, int64_t *out)
{
	char *copy = NULL;
	const char *t = s;
	size_t n;
	int r;

	if (s == NULL)
		return -1;
	/* Trimmed: a copy only when there is white space to trim. */
	n = strlen(s);
	if (n > 0 && (strchr(" \t\n\r\f\v", s[0]) || strchr(" \t\n\r\f\v", s[n - 1])))
		t = copy = str_trim(xstrdup(s));
	if (*t == '\0' || strlen(t) > 200)
		r = -1;
	else if (strlen(t) >= 4 && all_digits(t, 4) && (t[4] == '\0' || t[4] == '-'))
		r = iso_date(t, out); /* ISO-shaped: never second-guessed by curl */
	else
		r = rfc822_date(t, out);
	free(copy);
	if (r == 0 && !time_in_range(*out))
		r = -1; /* year 10000 and later: unreadable, never printed wrongly */
	return r;
}
