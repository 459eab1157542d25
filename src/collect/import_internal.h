/*
 * import_internal.h - the archive readers behind import_file() (import.c).
 * Each hands its content to the sink in the archive's order and returns 0,
 * or -1 with e saying where reading stopped.
 */
#ifndef STORIED_COLLECT_IMPORT_INTERNAL_H
#define STORIED_COLLECT_IMPORT_INTERNAL_H

#include <jansson.h>
#include <stdio.h>

#include "import.h"

/* A Storify document (the export, or the v1 API's {"content": ...}). */
int import_storify(
    json_t *root, const struct import_sink *sink, struct import_info *info, struct err *e);

/* A Mastodon account archive: the .tar.gz at path, or an outbox.json. */
int import_mastodon_archive(
    const char *path, const struct import_sink *sink, struct import_info *info, struct err *e);

/* twarc JSON lines, read from f one line at a time. */
int import_twarc(FILE *f, const struct import_sink *sink, struct import_info *info, struct err *e);

#endif
