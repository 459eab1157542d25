/*
 * sniff.h - what a file is, read from its first bytes (magic numbers):
 * how archived media are typed (and, with digest.h's SHA-256, keyed),
 * whatever a server's header or a file's name claims.
 */
#ifndef STORIED_SNIFF_H
#define STORIED_SNIFF_H

#include <stddef.h>

#include "digest.h" /* sha256_hex and the rest, which the blobs are keyed by */

/* Bytes sniff_type looks at; more is ignored. */
#define SNIFF_HEAD 512

/*
 * The MIME type of the n bytes at p (the head of a file is enough): an
 * image (image/png, image/jpeg, image/gif, image/webp, image/avif,
 * image/svg+xml, image/bmp, image/x-icon), video (video/mp4, video/webm,
 * video/ogg, video/quicktime), audio (audio/mpeg, audio/ogg, audio/wav,
 * audio/flac, audio/mp4), or text/html for what looks like a web page;
 * NULL when nothing is recognised. A static string.
 */
const char *sniff_type(const void *p, size_t n);

/* 1 when type is an image, video or audio type sniff_type returns. */
int sniff_is_media(const char *type);
/* 1 for an image type. */
int sniff_is_image(const char *type);

/* A file name extension for type ("png", "jpg", ..., "bin"). Static. */
const char *sniff_extension(const char *type);

#endif
