/*
 * embedded.h - files compiled into the binary (schema, templates).
 * The table is generated at build time by tools/embed.c.
 */
#ifndef STORIED_EMBEDDED_H
#define STORIED_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* "schema.sql", "story.html.mustache", ... */
	const char *data; /* NUL-terminated; static */
	size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* The named file, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
