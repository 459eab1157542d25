/*
 * sanitize_bench.c - time sanitize_html over many posts (bench/sanitize.sh).
 *
 * usage: sanitize_bench N MARKDOWN_OUT
 *
 * Sanitizes N posts made from a few real-looking ones (Mastodon statuses
 * with mentions, hashtags and shortened links; a blog entry with a heading,
 * a list, an image and a script), made distinct by a number, and
 * prints "items BYTES_IN SECONDS". Writes the same posts as CommonMark to
 * MARKDOWN_OUT, so the script can time cmark on the equivalent text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sanitize.h"

#define BENCH_RING 4096

static const char *const html[] = {
    "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://mastodon.social/@alice%d\" "
    "class=\"u-url mention\">@<span>alice%d</span></a></span> Great talk about "
    "<a href=\"https://fosdem.social/tags/fosdem26\" class=\"mention hashtag\" rel=\"tag\">"
    "#<span>fosdem26</span></a>, slides at <a href=\"https://example.org/slides/%d.pdf\" "
    "target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\"><span "
    "class=\"invisible\">https://</span><span class=\"ellipsis\">example.org/slides/%d.pd"
    "</span><span class=\"invisible\">f</span></a></p><p>Thanks to everyone who came!</p>",
    "<p>Day %d of the conference &amp; still going.<br />Room K was full again, "
    "<strong>standing room only</strong> for the <em>Rust in the kernel</em> session.</p>",
    "<h2>Notes from talk %d</h2><p>The speaker showed three ideas:</p><ul><li>small "
    "tools</li><li>plain text</li><li>tests as data</li></ul><p><img src=\"/img/%d.jpg\" "
    "alt=\"the stage\" width=\"600\"></p><script>track(%d)</script><p>More on "
    "<a href=\"/blog/\">the blog</a>.</p>",
    "<p>Quick one: <code>make test SANITIZE=1</code> passes on build %d.</p>"
    "<blockquote><p>It works on my machine</p></blockquote>",
};
static const char *const markdown[] = {
    "[@alice%d](https://mastodon.social/@alice%d) Great talk about "
    "[#fosdem26](https://fosdem.social/tags/fosdem26), slides at "
    "[example.org/slides/%d.pd…](https://example.org/slides/%d.pdf)\n\nThanks to everyone "
    "who came!\n\n",
    "Day %d of the conference & still going.  \nRoom K was full again, **standing room "
    "only** for the *Rust in the kernel* session.\n\n",
    "## Notes from talk %d\n\nThe speaker showed three ideas:\n\n- small tools\n- plain "
    "text\n- tests as data\n\n![the stage](https://example.com/img/%d.jpg)\n\n"
    "<!-- %d -->\n\nMore on [the blog](https://example.com/blog/).\n\n",
    "Quick one: `make test SANITIZE=1` passes on build %d.\n\n> It works on my machine\n\n",
};

int
main(int argc, char **argv)
{
	struct buf out;
	struct timespec t0, t1;
	size_t n, i, bytes = 0;
	char **in;
	FILE *md;

	if (argc != 3 || (n = strtoul(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: sanitize_bench N MARKDOWN_OUT\n");
		return 2;
	}
	if ((md = fopen(argv[2], "w")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	/* Made beforehand so the timing holds only the sanitizer; a ring of
	 * BENCH_RING posts keeps the harness's memory the same at any N. */
	in = xreallocarray(NULL, BENCH_RING, sizeof *in);
	for (i = 0; i < BENCH_RING; i++) {
		int k = (int)i;

		in[i] = xasprintf(html[i % ARRAY_LEN(html)], k, k, k, k);
	}
	for (i = 0; i < n; i++) {
		int k = (int)(i % BENCH_RING);

		fprintf(md, markdown[i % ARRAY_LEN(markdown)], k, k, k, k);
		bytes += strlen(in[i % BENCH_RING]);
	}
	buf_init(&out, BUF_NOLIMIT);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	for (i = 0; i < n; i++) {
		buf_reset(&out);
		if (sanitize_html(&out, in[i % BENCH_RING], "https://example.com/") == -1) {
			fprintf(stderr, "sanitize_bench: sanitize failed\n");
			return 1;
		}
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	printf("%zu %zu %.6f\n", n, bytes,
	    (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	for (i = 0; i < BENCH_RING; i++)
		free(in[i]);
	free(in);
	buf_release(&out);
	return fclose(md) == 0 ? 0 : 1;
}
