/*
 * datetime.h - instants, IANA time zones and the WHEN syntax.
 *
 * Instants are int64_t seconds since the epoch, UTC. Nothing here depends on
 * the machine's TZ or locale: a zone is always named explicitly ("UTC" when
 * the project has none).
 */
#ifndef STORIED_DATETIME_H
#define STORIED_DATETIME_H

#include <stddef.h>
#include <stdint.h>

#include "storied.h"

/* 1 when zone names an IANA time zone this machine knows (tzdata). */
int tz_valid(const char *zone);

/*
 * WHEN: ISO 8601 "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.frac]]", optionally
 * followed by "Z" or "+HH:MM"/"-HH:MM"/"+HHMM"/"+HH"; a space may stand for
 * the "T". Without an offset it is read in `zone`. Fills *out and returns 0,
 * or fills e (ERR_USAGE) and returns -1.
 */
int when_parse(const char *s, const char *zone, int64_t *out, struct err *e);

/*
 * Dates as found in feeds: ISO 8601 / RFC 3339 (an absent offset means UTC).
 * Returns 0 and fills *out, or -1 when s is not such a date.
 */
int date_parse_iso8601(const char *s, int64_t *out);
/* 1 when t falls in years 0000 to 9999, the only ones a date is read in
 * (a later one is unreadable rather than printed wrongly). */
int time_in_range(int64_t t);

/* "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void time_format_utc(int64_t t, char *out, size_t n);
/* strftime(fmt) of t as wall time in zone; returns 0, or -1 when it fails. */
int time_format_zone(int64_t t, const char *zone, const char *fmt, char *out, size_t n);
/* Wall time in zone (written as if it were UTC seconds) -> the instant. */
int64_t time_from_local(int64_t wall, const char *zone);
/*
 * The day of t in zone, named for people in language (BCP 47; English,
 * French, German, Spanish, Italian, Portuguese, Dutch, Norwegian, Swedish
 * and Danish; English for others): "Saturday 14 March", "samedi 14 mars".
 */
void time_day_name(int64_t t, const char *zone, const char *language, char *out, size_t n);
/* The zone's offset from UTC at instant t, in seconds (east positive). */
int64_t time_zone_offset(int64_t t, const char *zone);
/* RFC 3339 with the zone's offset: "2026-02-01T09:00:00+01:00". */
int time_format_rfc3339(int64_t t, const char *zone, char *out, size_t n);
/* Days-from-civil, exact for the proleptic Gregorian calendar. */
int64_t time_from_civil(int64_t y, int mon, int day, int h, int min, int sec);
/* The current time; STORIED_NOW (seconds since the epoch) overrides it, so
 * tests and reproducible renders can pin it. */
int64_t time_now(void);

#endif
