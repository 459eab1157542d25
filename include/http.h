/*
 * http.h - the one wrapper around libcurl (only src/collect/http.c
 * includes <curl/curl.h>).
 */
#ifndef STORIED_HTTP_H
#define STORIED_HTTP_H

#include <stdint.h>

/* An HTTP/RFC 822 date through curl_getdate; 0 and *out filled, or -1. */
int http_parse_date(const char *s, int64_t *out);

#endif
