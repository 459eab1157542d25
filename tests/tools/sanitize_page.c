/*
 * sanitize_page.c - write an HTML page holding every sanitizer fixture, for
 * the browser XSS test (tests/cli/xss_browser.sh).
 *
 * usage: sanitize_page raw|clean|csp FIXTURE_DIR > page.html
 *
 * Each case's "alert(1)" is first made a marker that needs no helper and
 * no quotes: top.document.documentElement.dataset.pwnedN=1, N the case's
 * number, so any payload that runs leaves data-pwnedN on <html>.
 *   raw    the control: inputs unsanitized, no CSP, each in its own srcdoc
 *          frame (an unclosed <plaintext> or comment would swallow the rest)
 *          with alert, confirm and prompt hooked to leave data-pwned-alert.
 *   clean  outputs of sanitize_html inline, one <article> each, no CSP, the
 *          same hooks, and a trusted script at the end that marks
 *          data-page-scripts: the page could run scripts, none came in.
 *   csp    the same with the Content-Security-Policy meta of the rendered
 *          page: the trusted script must not run either.
 */
#include <stdio.h>
#include <string.h>

#include "sanitize.h"
#include "../unit/sanitize_cases.h"

#define CSP                                                                                        \
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "              \
	"img-src https: http: data:; style-src 'unsafe-inline'\">"
#define HOOKS                                                                                      \
	"<script>alert=confirm=prompt=function(x){top.document.documentElement."                   \
	"setAttribute('data-pwned-alert',String(x))}</script>"

/* input with each "alert(1)" replaced by case n's marker, into b. */
static void
mark(struct buf *b, const char *input, size_t n)
{
	const char *p = input, *hit;

	buf_reset(b);
	while ((hit = strstr(p, "alert(1)")) != NULL) {
		buf_add(b, p, (size_t)(hit - p));
		buf_printf(b, "top.document.documentElement.dataset.pwned%zu=1", n);
		p = hit + strlen("alert(1)");
	}
	buf_adds(b, p);
}

int
main(int argc, char **argv)
{
	struct sanitize_cases cases;
	struct buf in, out, esc;
	const char *mode = argc == 3 ? argv[1] : "";
	int raw = strcmp(mode, "raw") == 0, csp = strcmp(mode, "csp") == 0;
	size_t i;

	if (!raw && !csp && strcmp(mode, "clean") != 0) {
		fprintf(stderr, "usage: sanitize_page raw|clean|csp FIXTURE_DIR\n");
		return 2;
	}
	if (sanitize_cases_load(&cases, argv[2]) == -1) {
		fprintf(stderr, "sanitize_page: cannot load the cases in %s\n", argv[2]);
		return 1;
	}
	buf_init(&in, BUF_NOLIMIT);
	buf_init(&out, BUF_NOLIMIT);
	buf_init(&esc, BUF_NOLIMIT);
	printf("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">%s"
	       "<title>sanitizer fixtures</title>%s</head><body>\n",
	    csp ? CSP : "", csp || raw ? "" : HOOKS);
	for (i = 0; i < cases.n; i++) {
		const struct sanitize_case *c = &cases.v[i];

		mark(&in, c->input, i + 1);
		buf_reset(&out);
		buf_reset(&esc);
		if (raw) {
			buf_adds(&out, HOOKS);
			buf_adds(&out, in.data);
			esc_html_attr(&esc, out.data);
			printf("<iframe id=\"case%zu\" srcdoc=\"%s\"></iframe>\n", i + 1, esc.data);
			continue;
		}
		if (sanitize_html(&out, in.data, c->base) == -1) {
			fprintf(
			    stderr, "sanitize_page: %s: %s: sanitize failed\n", c->file, c->name);
			return 1;
		}
		esc_html_text(&esc, c->name);
		printf(
		    "<article id=\"case%zu\"><h2>%s</h2><div class=\"content\">%s</div></article>\n",
		    i + 1, esc.data, out.data);
	}
	if (!raw)
		printf("<script>document.documentElement.setAttribute('data-page-scripts','ran')"
		       "</script>\n");
	printf("</body></html>\n");
	buf_release(&in);
	buf_release(&out);
	buf_release(&esc);
	sanitize_cases_free(&cases);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
