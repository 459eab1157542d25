/* digest.c - base32 SHA-1 digests, as WARC files carry them (include/digest.h). */
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

struct digest_sha1 {
	EVP_MD_CTX *md;
};

struct digest_sha1 *
digest_sha1_new(void)
{
	struct digest_sha1 *d = xmalloc(sizeof *d);

	if ((d->md = EVP_MD_CTX_new()) == NULL || EVP_DigestInit_ex(d->md, EVP_sha1(), NULL) != 1)
		fatal("SHA-1 is not available");
	return d;
}

void
digest_sha1_add(struct digest_sha1 *d, const void *p, size_t n)
{
	if (n > 0 && EVP_DigestUpdate(d->md, p, n) != 1)
		fatal("SHA-1 failed");
}

void
digest_sha1_end(struct digest_sha1 *d, char out[33])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (EVP_DigestFinal_ex(d->md, md, &len) != 1 || len != 20)
		fatal("SHA-1 failed");
	digest_base32(md, 20, out);
	EVP_MD_CTX_free(d->md);
	free(d);
}
