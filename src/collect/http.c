/*
 * http.c - storied's only use of libcurl.
 */
#include <curl/curl.h>

#include "http.h"

int
http_parse_date(const char *s, int64_t *out)
{
	time_t t = curl_getdate(s, NULL);

	if (t == -1)
		return -1;
	*out = (int64_t)t;
	return 0;
}
