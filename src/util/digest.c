/* digest.c - SHA-1 (base32, as WARC files carry it) and SHA-256 (hex, the blobs' keys) digests
 * (include/digest.h). */
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "util.h"

void
digest_base32(const unsigned char *md, size_t n, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	size_t o = 0;

	for (size_t i = 0; i + 5 <= n; i += 5) {
		uint64_t v = 0;

		for (int k = 0; k < 5; k++)
			v = v << 8 | md[i + k];
		for (int k = 7; k >= 0; k--)
			out[o++] = a[(v >> (k * 5)) & 31];
	}
	out[o] = '\0';
}

void
digest_sha1_raw(const void *p, size_t n, unsigned char md[20])
{
	unsigned char full[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (EVP_Digest(p, n, full, &len, EVP_sha1(), NULL) != 1 || len != 20)
		fatal("SHA-1 is not available");
	memcpy(md, full, 20);
}

void
digest_sha1_base32(const void *p, size_t n, char out[33])
{
	unsigned char md[20];

	digest_sha1_raw(p, n, md);
	digest_base32(md, 20, out);
}

/* One OpenSSL digest fed in pieces: SHA-1's and SHA-256's alike. */
static EVP_MD_CTX *
evp_start(const EVP_MD *alg)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (md == NULL || EVP_DigestInit_ex(md, alg, NULL) != 1)
		fatal("digest: OpenSSL cannot start one");
	return md;
}

static void
evp_add(EVP_MD_CTX *md, const void *p, size_t n)
{
	if (n > 0 && EVP_DigestUpdate(md, p, n) != 1)
		fatal("digest: OpenSSL failed");
}

/* The want bytes of the digest into out; frees md. */
static void
evp_end(EVP_MD_CTX *md, unsigned char *out, unsigned int want)
{
	unsigned char full[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (EVP_DigestFinal_ex(md, full, &len) != 1 || len != want)
		fatal("digest: OpenSSL failed");
	memcpy(out, full, want);
	EVP_MD_CTX_free(md);
}

struct digest_sha1 {
	EVP_MD_CTX *md;
};

struct digest_sha1 *
digest_sha1_new(void)
{
	struct digest_sha1 *d = xmalloc(sizeof *d);

	d->md = evp_start(EVP_sha1());
	return d;
}

void
digest_sha1_add(struct digest_sha1 *d, const void *p, size_t n)
{
	evp_add(d->md, p, n);
}

void
digest_sha1_end(struct digest_sha1 *d, char out[33])
{
	unsigned char md[20];

	evp_end(d->md, md, 20);
	digest_base32(md, 20, out);
	free(d);
}

struct sha256_ctx {
	EVP_MD_CTX *md;
};

struct sha256_ctx *
sha256_new(void)
{
	struct sha256_ctx *c = xmalloc(sizeof *c);

	c->md = evp_start(EVP_sha256());
	return c;
}

void
sha256_add(struct sha256_ctx *c, const void *p, size_t n)
{
	evp_add(c->md, p, n);
}

void
sha256_end(struct sha256_ctx *c, char out[65])
{
	unsigned char md[32];

	evp_end(c->md, md, 32);
	for (unsigned int i = 0; i < 32; i++) {
		out[2 * i] = "0123456789abcdef"[md[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
	}
	out[64] = '\0';
	free(c);
}

void
sha256_hex(const void *p, size_t n, char out[65])
{
	struct sha256_ctx *c = sha256_new();

	sha256_add(c, p, n);
	sha256_end(c, out);
}
