/*
 * digest.h - SHA-1 in the base32 form WARC readers check
 * (WARC-Block-Digest, WARC-Payload-Digest: "sha1:" + 32 characters), and
 * SHA-256 in the hex form the archive's blobs are keyed by.
 */
#ifndef STORIED_DIGEST_H
#define STORIED_DIGEST_H

#include <stddef.h>

/* md[0..n) (n a multiple of 5) as RFC 4648 base32, NUL-terminated, into out (n * 8 / 5 + 1 bytes).
 */
void digest_base32(const unsigned char *md, size_t n, char *out);
/* The SHA-1 of p[0..n), 20 bytes. */
void digest_sha1_raw(const void *p, size_t n, unsigned char md[20]);
/* The base32 SHA-1 of p[0..n). */
void digest_sha1_base32(const void *p, size_t n, char out[33]);

/* Incremental SHA-1, for bytes read in pieces. */
struct digest_sha1;
struct digest_sha1 *digest_sha1_new(void);
void digest_sha1_add(struct digest_sha1 *d, const void *p, size_t n);
/* Writes the base32 digest into out and frees d. */
void digest_sha1_end(struct digest_sha1 *d, char out[33]);

/* The SHA-256 of n bytes as 64 lower-case hex digits and a NUL. */
void sha256_hex(const void *p, size_t n, char out[65]);

/* Incremental SHA-256, for bytes that arrive in pieces. */
struct sha256_ctx;
struct sha256_ctx *sha256_new(void);
void sha256_add(struct sha256_ctx *c, const void *p, size_t n);
/* Writes the hex digest and frees c. */
void sha256_end(struct sha256_ctx *c, char out[65]);

#endif
