/*
 * media.c - archived files in the output: a blob of the project becomes a
 * data: URI (the page alone is the record) or a file of the media
 * directory named by its SHA-256 and type (content-addressed: written once,
 * the same name in every render), linked relative to the page.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "sniff.h"
#include "store_archive.h"

static void
base64(struct buf *b, const unsigned char *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char q[4];
	size_t i;

	for (i = 0; i + 3 <= n; i += 3) {
		q[0] = a[p[i] >> 2];
		q[1] = a[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		q[2] = a[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		q[3] = a[p[i + 2] & 63];
		buf_add(b, q, 4);
	}
	if (n - i == 1) {
		q[0] = a[p[i] >> 2];
		q[1] = a[(p[i] & 3) << 4];
		q[2] = q[3] = '=';
		buf_add(b, q, 4);
	} else if (n - i == 2) {
		q[0] = a[p[i] >> 2];
		q[1] = a[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		q[2] = a[(p[i + 1] & 15) << 2];
		q[3] = '=';
		buf_add(b, q, 4);
	}
}

/* Write the blob as DIR/NAME unless a file of that name is there already. */
static int
write_file(struct render_ctx *c, const char *name, const void *data, size_t n)
{
	char *path = xasprintf("%s/%s", c->opt->media_dir, name), *tmp;
	struct stat st;
	int fd, r = -1;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == n) {
		free(path);
		return 0;
	}
	tmp = xasprintf("%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd != -1 && (n == 0 || write(fd, data, n) == (ssize_t)n) && close(fd) == 0) {
		fd = -1;
		if (rename(tmp, path) == 0)
			r = 0;
	}
	if (r == -1) {
		err_set(&c->media_err, ERR_FAIL, "writing %s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		unlink(tmp);
	}
	free(tmp);
	free(path);
	return r;
}

json_t *
render_blob_src(struct render_ctx *c, const char *sha256)
{
	unsigned slot;
	void *data = NULL;
	size_t n;
	char *type = NULL;
	json_t *v = NULL;
	struct err e;

	if (sha256 == NULL || strlen(sha256) != 64 || c->media_err.code != ERR_NONE)
		return NULL;
	for (unsigned i = 0; i < ARRAY_LEN(c->srcs); i++)
		if (c->srcs[i].src && strcmp(c->srcs[i].sha256, sha256) == 0)
			return json_incref(c->srcs[i].src);
	err_clear(&e);
	if (store_blob_get(c->store, sha256, &data, &n, &type, &e) == -1) {
		c->media_err = e;
		return NULL;
	}
	if (data == NULL)
		return NULL; /* verify reports it; the page shows the placeholder */
	if (c->media == RENDER_MEDIA_DIR) {
		char *name = xasprintf("%s.%s", sha256, sniff_extension(type));

		if (write_file(c, name, data, n) == 0) {
			char *url = xasprintf("%s/%s", c->opt->media_href, name);
			v = json_string(url);
			free(url);
		}
		free(name);
	} else {
		struct buf b;

		buf_init(&b, BUF_NOLIMIT);
		buf_printf(&b, "data:%s;base64,", type ? type : "application/octet-stream");
		base64(&b, data, n);
		v = json_stringn_nocheck(b.data, b.len);
		buf_release(&b);
	}
	free(data);
	free(type);
	if (v == NULL)
		return NULL;
	slot = c->nsrc++ % ARRAY_LEN(c->srcs);
	json_decref(c->srcs[slot].src);
	memcpy(c->srcs[slot].sha256, sha256, 65);
	c->srcs[slot].src = json_incref(v);
	return v;
}

/* Undo esc_html_attr on [p, p + n): the URL the sanitizer wrote. */
static char *
attr_unescape(const char *p, size_t n)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''},
	    {"&#x27;", '\''}, {"&#123;", '{'}};
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	for (size_t i = 0; i < n;) {
		size_t k;

		for (k = 0; k < ARRAY_LEN(ents); k++) {
			size_t len = strlen(ents[k].ent);
			if (i + len <= n && memcmp(p + i, ents[k].ent, len) == 0) {
				buf_addc(&b, ents[k].c);
				i += len;
				break;
			}
		}
		if (k == ARRAY_LEN(ents))
			buf_addc(&b, p[i++]);
	}
	return buf_detach(&b);
}

void
render_inline_images(struct render_ctx *c, struct buf *b)
{
	static const char open[] = "<img src=\"";
	struct buf out;
	const char *p = b->data, *end = b->data + b->len, *img;

	buf_init(&out, BUF_NOLIMIT);
	while ((img = strstr(p, open)) != NULL) {
		const char *u = img + sizeof open - 1, *uq = memchr(u, '"', (size_t)(end - u));
		const char *close = uq ? strstr(uq, "/>") : NULL, *alt, *aq;
		char *url, *sha = NULL;
		json_t *src = NULL;
		struct err e;

		if (close == NULL)
			break; /* not the sanitizer's form: leave the rest as it is */
		buf_add(&out, p, (size_t)(img - p));
		url = attr_unescape(u, (size_t)(uq - u));
		err_clear(&e);
		if (store_image_blob(c->store, url, &sha, &e) == -1)
			c->media_err = e;
		else if (sha)
			src = render_blob_src(c, sha);
		if (src) {
			const char *lazy = strstr(uq, " loading=\"lazy\"");

			buf_adds(&out, open);
			buf_adds(&out, json_string_value(src));
			if (lazy && lazy < close) {
				buf_add(&out, uq, (size_t)(lazy - uq));
				buf_add(&out, lazy + 15, (size_t)(close - (lazy + 15)));
			} else {
				buf_add(&out, uq, (size_t)(close - uq));
			}
			buf_adds(&out, "/>");
		} else {
			/* The alt text as the sanitizer escaped it: safe as text too. */
			alt = strstr(uq, " alt=\"");
			buf_adds(&out, "<span class=\"st-missing-inline\">[image not archived");
			if (alt && alt < close &&
			    (aq = memchr(alt + 6, '"', (size_t)(close - alt - 6))) &&
			    aq > alt + 6) {
				buf_adds(&out, ": ");
				buf_add(&out, alt + 6, (size_t)(aq - alt - 6));
			}
			buf_adds(&out, "]</span>");
		}
		json_decref(src);
		free(sha);
		free(url);
		p = close + 2;
	}
	buf_add(&out, p, (size_t)(end - p));
	buf_reset(b);
	buf_add(b, out.data, out.len);
	buf_release(&out);
}
