/*
 * utf8.c - UTF-8 validation and repair, display width.
 *
 * Validation is by hand because it sits on the hot path of every stored
 * string and is a dozen lines; widths come from utf8proc's tables.
 */
#include <string.h>
#include <utf8proc.h>

#include "util.h"

int
utf8_decode(const char *s, size_t n, int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	int32_t c;
	int len, i;

	if (n == 0)
		return -1;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	} else if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		return -1;
	}
	if ((size_t)len > n)
		return -1;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return len;
}

int
utf8_encode(int32_t cp, char out[4])
{
	if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Where the ASCII run from s[i] ends (n, or a byte with its high bit
 * set): eight bytes at a time, as every post's HTML and text is read
 * through utf8_valid and utf8_sanitize, and most of it is ASCII.
 */
static size_t
ascii_end(const char *s, size_t i, size_t n)
{
	uint64_t w;

	while (n - i >= 8 && (memcpy(&w, s + i, 8), (w & 0x8080808080808080ULL) == 0))
		i += 8;
	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	return i;
}

int
utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	int32_t cp;
	int len;

	while (i < n) {
		if ((i = ascii_end(s, i, n)) == n)
			break;
		if ((len = utf8_decode(s + i, n - i, &cp)) < 0)
			return 0;
		i += (size_t)len;
	}
	return 1;
}

int
utf8_sanitize(struct buf *b, const char *s, size_t n)
{
	size_t i = 0, run = 0;
	int32_t cp;
	int len;

	while (i < n) {
		if ((i = ascii_end(s, i, n)) == n)
			break;
		if ((len = utf8_decode(s + i, n - i, &cp)) > 0) {
			i += (size_t)len;
			continue;
		}
		if (buf_add(b, s + run, i - run) == -1 || buf_adds(b, "\xef\xbf\xbd") == -1)
			return -1;
		run = ++i;
	}
	return buf_add(b, s + run, n - run);
}

size_t
utf8_len(const char *s)
{
	size_t n = strlen(s), i = 0, count = 0;
	int32_t cp;
	int len;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		i += len > 0 ? (size_t)len : 1;
		count++;
	}
	return count;
}

static int
cp_width(int32_t cp)
{
	int w = utf8proc_charwidth(cp);

	return w < 0 ? 0 : w;
}

size_t
utf8_width(const char *s)
{
	size_t n = strlen(s), i = 0, cols = 0;
	int32_t cp;
	int len;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len < 0) {
			len = 1;
			cp = 0xfffd;
		}
		cols += (size_t)cp_width(cp);
		i += (size_t)len;
	}
	return cols;
}

int
utf8_append_cols(struct buf *b, const char *s, size_t cols)
{
	size_t n = strlen(s), i = 0, used = 0;
	int32_t cp;
	int len, w;

	if (utf8_width(s) <= cols)
		return buf_adds(b, s);
	if (cols == 0)
		return 0;
	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len < 0) {
			len = 1;
			cp = 0xfffd;
		}
		w = cp_width(cp);
		if (used + (size_t)w > cols - 1)
			break;
		if (buf_add(b, s + i, (size_t)len) == -1)
			return -1;
		used += (size_t)w;
		i += (size_t)len;
	}
	return buf_adds(b, "\xe2\x80\xa6");
}
