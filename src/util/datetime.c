/*
 * datetime.c - WHEN parsing and zone-aware formatting.
 *
 * Zones go through the C library (TZ + tzset + mktime/localtime_r): it reads
 * tzdata's compiled files, which is the maintained source of the rules.
 * ISO 8601 parsing is by hand because the C library has no parser for it
 * that handles offsets (strptime's %z is a glibc extension and rejects
 * "Z" on older versions).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "datetime.h"

static char tz_current[256];

/* Make the C library's local time be `zone`; a no-op when it already is. */
static void
tz_use(const char *zone)
{
	char value[sizeof tz_current + 1];

	if (strcmp(tz_current, zone) == 0)
		return;
	snprintf(tz_current, sizeof tz_current, "%s", zone);
	snprintf(value, sizeof value, ":%s", zone);
	setenv("TZ", value, 1);
	tzset();
}

int
tz_valid(const char *zone)
{
	const char *dir = getenv("TZDIR");
	char path[4096], magic[4];
	struct stat st;
	FILE *f;
	int ok;

	if (zone == NULL || *zone == '\0' || zone[0] == '/' || strlen(zone) > 200 ||
	    strstr(zone, "..") != NULL)
		return 0;
	for (const char *p = zone; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		        (*p >= '0' && *p <= '9') || strchr("/_+-", *p)))
			return 0;
	if (strcmp(zone, "UTC") == 0)
		return 1;
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", zone);
	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return 0;
	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

int64_t
time_from_civil(int64_t y, int mon, int day, int h, int min, int sec)
{
	/* Howard Hinnant's days_from_civil. */
	int64_t era, yoe, doy, doe;

	y -= mon <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468) * 86400 + h * 3600 + min * 60 + sec;
}

static int
digits(const char **sp, int n, int *out)
{
	const char *s = *sp;
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	*out = v;
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/*
 * The shared ISO 8601 reader. *has_offset tells whether an offset was
 * present; when it was, *out is UTC, otherwise *out is the wall time read
 * as if it were UTC (the caller converts).
 */
static int
iso8601_read(const char *s, int64_t *out, int *has_offset)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (digits(&s, 4, &y) == -1 || *s++ != '-' || digits(&s, 2, &mo) == -1 || *s++ != '-' ||
	    digits(&s, 2, &d) == -1)
		return -1;
	if (*s == 'T' || *s == 't' || (*s == ' ' && s[1] >= '0' && s[1] <= '9')) {
		s++;
		if (digits(&s, 2, &h) == -1 || *s++ != ':' || digits(&s, 2, &mi) == -1)
			return -1;
		if (*s == ':') {
			s++;
			if (digits(&s, 2, &sec) == -1)
				return -1;
			if (*s == '.' || *s == ',') {
				s++;
				if (*s < '0' || *s > '9')
					return -1;
				while (*s >= '0' && *s <= '9')
					s++;
			}
		}
		if (*s == 'Z' || *s == 'z') {
			s++;
			sign = 1;
		} else if (*s == '+' || *s == '-') {
			sign = *s++ == '+' ? 1 : -1;
			if (digits(&s, 2, &oh) == -1)
				return -1;
			if (*s == ':')
				s++;
			if (*s >= '0' && *s <= '9' && digits(&s, 2, &om) == -1)
				return -1;
			if (oh > 23 || om > 59)
				return -1;
		}
	}
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (*s != '\0')
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 24 || mi > 59 ||
	    sec > 60 || (h == 24 && (mi || sec)))
		return -1;
	if (sec == 60)
		sec = 59; /* a leap second reads as the second before it */
	*out = time_from_civil(y, mo, d, h, mi, sec);
	if (sign)
		*out -= (int64_t)sign * (oh * 3600 + om * 60);
	*has_offset = sign != 0;
	return 0;
}

int
time_in_range(int64_t t)
{
	/* 0000-01-01T00:00:00Z <= t < 10000-01-01T00:00:00Z */
	return t >= -62167219200 && t < 253402300800;
}

int
date_parse_iso8601(const char *s, int64_t *out)
{
	int has_offset;

	if (iso8601_read(s, out, &has_offset) == -1 || !time_in_range(*out))
		return -1;
	return 0;
}

/* Wall time (read as UTC seconds) in zone -> instant. */
static int64_t
wall_to_instant(int64_t wall, const char *zone)
{
	struct tm tm;
	time_t t = (time_t)wall;

	if (strcmp(zone, "UTC") == 0)
		return wall;
	gmtime_r(&t, &tm);
	tm.tm_isdst = -1;
	tz_use(zone);
	return (int64_t)mktime(&tm);
}

int64_t
time_from_local(int64_t wall, const char *zone)
{
	return wall_to_instant(wall, zone ? zone : "UTC");
}

int
when_parse(const char *s, const char *zone, int64_t *out, struct err *e)
{
	int has_offset;
	int64_t t;

	if (iso8601_read(s, &t, &has_offset) == -1)
		return err_set(e, ERR_USAGE,
		    "'%s' is not a date: use ISO 8601, like 2026-02-01, "
		    "2026-02-01T09:00 or 2026-02-01T09:00+01:00",
		    s);
	*out = has_offset ? t : wall_to_instant(t, zone ? zone : "UTC");
	return 0;
}

/* Howard Hinnant's civil_from_days: day number since 1970-01-01 -> date. */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* t as YYYY-MM-DDTHH:MM:SS, the year always four digits (0999, not 999),
 * without gmtime's limits or strftime's unpadded years. */
static void
format_civil(int64_t t, char *out, size_t n)
{
	int64_t days = t / 86400, secs = t % 86400, y;
	int m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	if (y >= 0 && y <= 9999 && n > 19) {
		/* The common case without snprintf: a render formats every post's time. */
		const int v[6] = {
		    (int)y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60)};
		char *o = out;

		*o++ = (char)('0' + v[0] / 1000);
		*o++ = (char)('0' + v[0] / 100 % 10);
		for (int i = 0; i < 6; i++) {
			if (i > 0)
				*o++ = i == 3 ? 'T' : i > 3 ? ':' : '-';
			*o++ = (char)('0' + v[i] / 10 % 10);
			*o++ = (char)('0' + v[i] % 10);
		}
		*o = '\0';
		return;
	}
	snprintf(out, n, "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)y, m, d, (int)(secs / 3600),
	    (int)(secs / 60 % 60), (int)(secs % 60));
}

void
time_format_utc(int64_t t, char *out, size_t n)
{
	size_t len;

	format_civil(t, out, n);
	len = strlen(out);
	if (len + 1 < n) {
		out[len] = 'Z';
		out[len + 1] = '\0';
	}
}

int
time_format_zone(int64_t t, const char *zone, const char *fmt, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (zone == NULL || strcmp(zone, "UTC") == 0) {
		gmtime_r(&tt, &tm);
	} else {
		tz_use(zone);
		localtime_r(&tt, &tm);
	}
	return strftime(out, n, fmt, &tm) == 0 ? -1 : 0;
}

/* Day names: weekday names from Sunday, month names, and the pattern
 * (W weekday, D day of the month, M month). */
static const struct day_names {
	const char *lang;
	const char *weekdays[7];
	const char *months[12];
	const char *pattern;
} day_names[] = {
    {"en", {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
        {"January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December"},
        "W D M"},
    {"fr", {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
        {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
            "octobre", "novembre", "décembre"},
        "W D M"},
    {"de", {"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
        {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
            "Oktober", "November", "Dezember"},
        "W, D. M"},
    {"es", {"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
        {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
            "octubre", "noviembre", "diciembre"},
        "W D de M"},
    {"it", {"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"},
        {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
            "settembre", "ottobre", "novembre", "dicembre"},
        "W D M"},
    {"pt",
        {"domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
            "sábado"},
        {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
            "outubro", "novembro", "dezembro"},
        "W, D de M"},
    {"nl", {"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"},
        {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
            "oktober", "november", "december"},
        "W D M"},
    {"nb", {"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"},
        {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
            "oktober", "november", "desember"},
        "W D. M"},
    {"sv", {"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"},
        {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
            "oktober", "november", "december"},
        "W D M"},
    {"da", {"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"},
        {"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
            "oktober", "november", "december"},
        "W D. M"},
};

static const struct day_names *
day_names_for(const char *language)
{
	char lang[4] = "";
	size_t n = language ? strcspn(language, "-_") : 0;

	if (n >= 2 && n <= 3) {
		for (size_t i = 0; i < n; i++)
			lang[i] = (char)(language[i] | 0x20);
		lang[n] = '\0';
	}
	if (strcmp(lang, "no") == 0 || strcmp(lang, "nn") == 0)
		return &day_names[7];
	for (size_t i = 0; i < sizeof day_names / sizeof day_names[0]; i++)
		if (strcmp(day_names[i].lang, lang) == 0)
			return &day_names[i];
	return &day_names[0];
}

void
time_day_name(int64_t t, const char *zone, const char *language, char *out, size_t n)
{
	const struct day_names *d = day_names_for(language);
	time_t tt = (time_t)t;
	struct tm tm;
	size_t len = 0;

	if (zone == NULL || strcmp(zone, "UTC") == 0) {
		gmtime_r(&tt, &tm);
	} else {
		tz_use(zone);
		localtime_r(&tt, &tm);
	}
	if (n == 0)
		return;
	out[0] = '\0';
	for (const char *p = d->pattern; *p && len + 1 < n; p++) {
		int w;
		if (*p == 'W')
			w = snprintf(out + len, n - len, "%s", d->weekdays[tm.tm_wday % 7]);
		else if (*p == 'D')
			w = snprintf(out + len, n - len, "%d", tm.tm_mday);
		else if (*p == 'M')
			w = snprintf(out + len, n - len, "%s", d->months[tm.tm_mon % 12]);
		else
			w = snprintf(out + len, n - len, "%c", *p);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

int64_t
time_zone_offset(int64_t t, const char *zone)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (zone == NULL || strcmp(zone, "UTC") == 0)
		return 0;
	tz_use(zone);
	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return (int64_t)tm.tm_gmtoff;
}

int
time_format_rfc3339(int64_t t, const char *zone, char *out, size_t n)
{
	char z[8];

	if (zone == NULL || strcmp(zone, "UTC") == 0) {
		time_format_utc(t, out, n);
		return 0;
	}
	if (time_format_zone(t, zone, "%z", z, sizeof z) == -1 || strlen(z) != 5)
		return -1;
	format_civil(t + time_zone_offset(t, zone), out, n);
	if (strlen(out) + 7 > n)
		return -1;
	snprintf(out + strlen(out), 7, "%.3s:%.2s", z, z + 3);
	return 0;
}

int64_t
time_now(void)
{
	const char *pin = getenv("STORIED_NOW");
	int64_t t;

	if (pin != NULL && str_to_int64(pin, 0, INT64_MAX, &t) == 0)
		return t;
	return (int64_t)time(NULL);
}
