/*
 * hashtag.c - hashtag normalisation with utf8proc (NFKC + case folding),
 * the library Debian has for Unicode normalisation.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "hashtag.h"
#include "util.h"

int
hashtag_char(int cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return cp == '_' || cp == 0xb7 || cp == 0x200c || cp == 0x200d;
	}
}

char *
hashtag_normalize(const char *s)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n;
	utf8proc_int32_t cp;
	size_t i, len;
	char *out;

	if (s == NULL)
		return NULL;
	if (*s == '#' || strncmp(s, "\xef\xbc\x83", 3) == 0) /* '#' or fullwidth '＃' */
		s += *s == '#' ? 1 : 3;
	len = strlen(s);
	if (len == 0 || len > 1024)
		return NULL;
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &folded,
	    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
	if (n <= 0) {
		free(folded);
		return NULL;
	}
	for (i = 0; i < (size_t)n;) {
		utf8proc_ssize_t l = utf8proc_iterate(folded + i, n - (utf8proc_ssize_t)i, &cp);
		if (l <= 0 || !hashtag_char(cp)) {
			free(folded);
			return NULL;
		}
		i += (size_t)l;
	}
	/* utf8proc allocates with malloc; hand back our own copy so callers
	 * need not know which allocator made it. */
	out = xstrndup((const char *)folded, (size_t)n);
	free(folded);
	return out;
}
