/* match.c - libFuzzer target: any text through the hashtag scan. */
#include <stdlib.h>
#include <string.h>

#include "hashtag.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	char *text = xstrndup((const char *)data, n);
	struct hashtag_list l;

	hashtag_list_init(&l);
	hashtag_scan(text, &l);
	/* Every tag found is valid UTF-8, already normalised, and unique. */
	for (size_t i = 0; i < l.n; i++) {
		char *again = hashtag_normalize(l.v[i]);

		if (!utf8_valid(l.v[i], strlen(l.v[i])) || again == NULL ||
		    strcmp(again, l.v[i]) != 0)
			abort();
		free(again);
		for (size_t j = 0; j < i; j++)
			if (strcmp(l.v[i], l.v[j]) == 0)
				abort();
	}
	hashtag_list_release(&l);
	free(text);
	return 0;
}
