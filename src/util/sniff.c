/* sniff.c - file types from their magic numbers (include/sniff.h). */
#include <string.h>
#include <strings.h>

#include "sniff.h"
#include "storied.h"

static int
at(const unsigned char *p, size_t n, size_t off, const char *magic, size_t len)
{
	return n >= off + len && memcmp(p + off, magic, len) == 0;
}

/* The ISO BMFF brand at 8 (after "ftyp" at 4), and the compatible ones. */
static const char *
bmff_type(const unsigned char *p, size_t n)
{
	size_t box =
	    n >= 4 ? ((size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3]) : 0;

	if (box < 16 || box > n)
		box = n < 32 ? n : 32;
	for (size_t off = 8; off + 4 <= box; off += 4) {
		if (off == 12)
			continue; /* minor version */
		if (at(p, n, off, "avif", 4) || at(p, n, off, "avis", 4))
			return "image/avif";
	}
	if (at(p, n, 8, "M4A ", 4))
		return "audio/mp4";
	if (at(p, n, 8, "qt  ", 4))
		return "video/quicktime";
	if (at(p, n, 8, "heic", 4) || at(p, n, 8, "heix", 4) || at(p, n, 8, "mif1", 4))
		return "image/heic";
	return "video/mp4";
}

/* Skip white space, a BOM, XML declarations, comments and doctypes. */
static size_t
markup_start(const unsigned char *p, size_t n)
{
	size_t i = 0;

	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;
	for (;;) {
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
			i++;
		if (i + 4 <= n && memcmp(p + i, "<!--", 4) == 0) {
			const unsigned char *end = NULL;
			for (size_t k = i + 4; k + 3 <= n; k++)
				if (memcmp(p + k, "-->", 3) == 0) {
					end = p + k + 3;
					break;
				}
			if (end == NULL)
				return n;
			i = (size_t)(end - p);
		} else if (i + 2 <= n && p[i] == '<' && (p[i + 1] == '?' || p[i + 1] == '!') &&
		    !(i + 9 <= n && strncasecmp((const char *)p + i, "<!doctype", 9) == 0 &&
		        i + 14 <= n && strncasecmp((const char *)p + i + 10, "html", 4) == 0)) {
			const unsigned char *gt = memchr(p + i, '>', n - i);
			if (gt == NULL)
				return n;
			i = (size_t)(gt - p) + 1;
		} else {
			return i;
		}
	}
}

static int
tag_at(const unsigned char *p, size_t n, size_t i, const char *name)
{
	size_t len = strlen(name);

	return i + len + 1 < n && p[i] == '<' &&
	    strncasecmp((const char *)p + i + 1, name, len) == 0 &&
	    (p[i + 1 + len] == ' ' || p[i + 1 + len] == '>' || p[i + 1 + len] == '\t' ||
	        p[i + 1 + len] == '\r' || p[i + 1 + len] == '\n' || p[i + 1 + len] == '/');
}

const char *
sniff_type(const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	if (at(p, n, 0, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (at(p, n, 0, "\xff\xd8\xff", 3))
		return "image/jpeg";
	if (at(p, n, 0, "GIF87a", 6) || at(p, n, 0, "GIF89a", 6))
		return "image/gif";
	if (at(p, n, 0, "RIFF", 4) && at(p, n, 8, "WEBP", 4))
		return "image/webp";
	if (at(p, n, 0, "RIFF", 4) && at(p, n, 8, "WAVE", 4))
		return "audio/wav";
	if (at(p, n, 4, "ftyp", 4))
		return bmff_type(p, n);
	if (at(p, n, 0, "\x1a\x45\xdf\xa3", 4))
		return "video/webm";
	if (at(p, n, 0, "OggS", 4))
		/* Vorbis or Opus audio, or Theora video: the first packet says. */
		return n >= 36 && (at(p, n, 28, "\x80theora", 7)) ? "video/ogg" : "audio/ogg";
	if (at(p, n, 0, "ID3", 3) ||
	    (n >= 2 && p[0] == 0xff && (p[1] & 0xe0) == 0xe0 && (p[1] & 0x06) != 0))
		return "audio/mpeg";
	if (at(p, n, 0, "fLaC", 4))
		return "audio/flac";
	if (at(p, n, 0, "BM", 2) && n >= 14)
		return "image/bmp";
	if (at(p, n, 0, "\0\0\1\0", 4) && n >= 6)
		return "image/x-icon";
	i = markup_start(p, n);
	if (tag_at(p, n, i, "svg"))
		return "image/svg+xml";
	if (i + 14 <= n && strncasecmp((const char *)p + i, "<!doctype html", 14) == 0)
		return "text/html";
	if (tag_at(p, n, i, "html") || tag_at(p, n, i, "head") || tag_at(p, n, i, "body") ||
	    tag_at(p, n, i, "meta") || tag_at(p, n, i, "title") || tag_at(p, n, i, "p") ||
	    tag_at(p, n, i, "div") || tag_at(p, n, i, "h1") || tag_at(p, n, i, "script"))
		return "text/html";
	return NULL;
}

int
sniff_is_image(const char *type)
{
	return type != NULL && strncmp(type, "image/", 6) == 0;
}

int
sniff_is_media(const char *type)
{
	return type != NULL &&
	    (strncmp(type, "image/", 6) == 0 || strncmp(type, "video/", 6) == 0 ||
	        strncmp(type, "audio/", 6) == 0);
}

const char *
sniff_extension(const char *type)
{
	static const struct {
		const char *type, *ext;
	} v[] = {
	    {"image/png", "png"},
	    {"image/jpeg", "jpg"},
	    {"image/gif", "gif"},
	    {"image/webp", "webp"},
	    {"image/avif", "avif"},
	    {"image/svg+xml", "svg"},
	    {"image/bmp", "bmp"},
	    {"image/x-icon", "ico"},
	    {"image/heic", "heic"},
	    {"video/mp4", "mp4"},
	    {"video/webm", "webm"},
	    {"video/ogg", "ogv"},
	    {"video/quicktime", "mov"},
	    {"audio/mpeg", "mp3"},
	    {"audio/ogg", "ogg"},
	    {"audio/wav", "wav"},
	    {"audio/flac", "flac"},
	    {"audio/mp4", "m4a"},
	    {"text/html", "html"},
	};

	for (size_t i = 0; type && i < ARRAY_LEN(v); i++)
		if (strcmp(type, v[i].type) == 0)
			return v[i].ext;
	return "bin";
}
